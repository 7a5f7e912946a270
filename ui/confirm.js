// Asking before an action that cannot simply be undone (archive, anonymise):
// a small modal dialog that says what will happen and waits for a yes or a no.

import { t } from './i18n/index.js';
import { h } from './dom.js';

/**
 * Shows `#confirm-dialog` with `title`, the `paragraphs` and two buttons
 * (`#confirm-cancel`, `#confirm-ok` labelled `confirmLabel`). Resolves true
 * when confirmed, false on cancel or Esc. A `danger` action starts with the
 * focus on « Annuler », so a stray Enter does nothing harmful.
 */
export function confirmAction({ title, paragraphs = [], confirmLabel, danger = false }) {
  const opener = document.activeElement;
  const cancel = h('button', { id: 'confirm-cancel', type: 'button', text: t('confirm.cancel') });
  const ok = h('button', {
    id: 'confirm-ok', type: 'button', class: danger ? 'danger' : 'primary', text: confirmLabel,
  });
  const dialog = h('dialog', {
    id: 'confirm-dialog', class: 'small', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-body',
  }, h('div', { class: 'dialog-frame' }, [
    h('h2', { id: 'confirm-title', text: title }),
    h('div', { id: 'confirm-body', class: 'dialog-body' }, paragraphs.map((text) => h('p', { text }))),
    h('div', { class: 'dialog-actions' }, [cancel, ok]),
  ]));
  document.body.append(dialog);

  return new Promise((resolve) => {
    let answer = false;
    cancel.addEventListener('click', () => dialog.close());
    ok.addEventListener('click', () => {
      answer = true;
      dialog.close();
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener?.isConnected) opener.focus();
      resolve(answer);
    });
    dialog.showModal();
    (danger ? cancel : ok).focus();
  });
}

/**
 * Asks for a short text (a reason, a title, a password, a key) in
 * `#ask-dialog`: `#ask-input`, `#ask-cancel`, `#ask-ok`. Resolves the
 * trimmed text (a password as typed), or null on cancel or Esc. A
 * `required` text keeps « OK » disabled while the field is blank; `message`
 * says why it is asked (read out as an alert), `hint` how to type it, and
 * `attrs` are the input's own (its type, its autocomplete…).
 */
export function askText({
  title, label, confirmLabel, required = false, danger = false, value = '', message = '', hint = '', attrs = {},
}) {
  const opener = document.activeElement;
  const input = h('input', {
    id: 'ask-input', type: 'text', autocomplete: 'off', value, ...(hint ? { 'aria-describedby': 'ask-hint' } : {}), ...attrs,
  });
  const cancel = h('button', { id: 'ask-cancel', type: 'button', text: t('confirm.cancel') });
  const ok = h('button', { id: 'ask-ok', type: 'submit', class: danger ? 'danger' : 'primary', text: confirmLabel });
  const form = h('form', { class: 'dialog-frame', novalidate: true }, [
    h('h2', { id: 'ask-title', text: title }),
    h('div', { class: 'dialog-body' }, [
      message ? h('p', { id: 'ask-message', role: 'alert', text: message }) : null,
      h('div', { class: 'field' }, [
        h('label', { for: 'ask-input', text: label }),
        input,
        hint ? h('p', { id: 'ask-hint', class: 'hint', text: hint }) : null,
      ]),
    ]),
    h('div', { class: 'dialog-actions' }, [cancel, ok]),
  ]);
  const dialog = h('dialog', { id: 'ask-dialog', class: 'small', 'aria-labelledby': 'ask-title' }, form);
  document.body.append(dialog);
  const sync = () => { ok.disabled = required && !input.value.trim(); };
  sync();

  return new Promise((resolve) => {
    let answer = null;
    input.addEventListener('input', sync);
    cancel.addEventListener('click', () => dialog.close());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (required && !input.value.trim()) return;
      answer = input.type === 'password' ? input.value : input.value.trim();
      dialog.close();
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener?.isConnected) opener.focus();
      resolve(answer);
    });
    dialog.showModal();
    input.focus();
  });
}
