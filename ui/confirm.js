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
