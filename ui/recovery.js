// The station's encryption as people meet it: the gate before the database
// is open (its encryption's progress, or the recovery key asked for when the
// keyring lost the key), the owner's recovery-key sheet (shown once after it
// was made, then on demand after the password), and the recovery key asked
// for a backup of another station.

import * as api from './api.js';
import { t, setLocale, formatNumber } from './i18n/index.js';
import { h } from './dom.js';

const POLL_MS = 300;

/**
 * Shows the gate for a station whose database is not open yet (`phase` from
 * api.stationGate) and starts the window over once it is.
 */
export function openStation(phase) {
  // The station's language is in its database, not open yet: the system's.
  const english = (navigator.language || '').toLowerCase().startsWith('en');
  document.documentElement.lang = setLocale(english ? 'en' : 'fr');
  document.body.classList.add('gated');
  const gate = document.getElementById('gate');
  gate.hidden = false;
  const show = (next) => {
    if (next.phase === 'ready') {
      location.reload();
    } else if (next.phase === 'encrypting' || next.phase === 'opening') {
      gate.replaceChildren(encrypting(next));
      setTimeout(() => api.stationGate().then(show, failed), POLL_MS);
    } else if (next.phase === 'locked') {
      gate.replaceChildren(locked(next.reason, english, show));
      gate.querySelector('#unlock-key').focus();
    } else {
      gate.replaceChildren(h('section', { id: 'opening-failed', class: 'gate-card', 'aria-labelledby': 'opening-title' }, [
        h('h1', { id: 'opening-title', text: t('opening.failed_title') }),
        h('p', { class: 'form-error', role: 'alert', text: english ? next.en : next.fr }),
      ]));
    }
  };
  const failed = (error) => show({ phase: 'failed', fr: error.message, en: error.message });
  show(phase);
}

/** The encryption's progress: what is happening, and how far. */
function encrypting({ done = 0, total = 0 }) {
  const percent = total > 0 ? Math.min(100, Math.floor((done * 100) / total)) : 0;
  return h('section', { id: 'encrypting', class: 'gate-card', 'aria-labelledby': 'encrypting-title' }, [
    h('h1', { id: 'encrypting-title', text: t('opening.encrypting_title') }),
    h('p', { class: 'hint', text: t('opening.encrypting_hint') }),
    h('progress', {
      id: 'encrypt-progress', max: '100', value: String(percent), 'aria-labelledby': 'encrypting-title',
    }),
    h('p', { 'aria-live': 'polite', text: t('opening.encrypting_done', { percent: formatNumber(percent) }) }),
  ]);
}

/** The recovery key asked for, because the keyring lost the key (`reason`). */
function locked(reason, english, show) {
  const input = keyInput('unlock-key');
  const error = h('p', { id: 'unlock-error', class: 'form-error', role: 'alert' });
  const submit = h('button', { id: 'unlock-submit', type: 'submit', class: 'primary big', text: t('opening.unlock') });
  const form = h('form', { id: 'unlock-form', class: 'gate-form', novalidate: true }, [
    h('div', { class: 'field' }, [
      h('label', { for: 'unlock-key', text: t('recovery.key_label') }),
      input,
      h('p', { id: 'unlock-key-hint', class: 'hint', text: t('recovery.key_hint') }),
    ]),
    error,
    h('div', { class: 'actions' }, submit),
  ]);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    submit.textContent = t('opening.unlocking');
    try {
      show(await api.unlockStation(input.value, english));
    } catch (failure) {
      error.textContent = failure.message;
      input.select();
    } finally {
      submit.disabled = false;
      submit.textContent = t('opening.unlock');
    }
  });
  return h('section', { id: 'unlock-screen', class: 'gate-card', 'aria-labelledby': 'unlock-title' }, [
    h('h1', { id: 'unlock-title', text: t('opening.locked_title') }),
    h('p', { class: 'hint', text: t(`opening.locked_${reason}`) }),
    form,
  ]);
}

/** A field for a recovery key: as typed, no spelling help, no autofill. */
function keyInput(id) {
  return h('input', {
    id,
    type: 'text',
    class: 'recovery-key-input',
    spellcheck: 'false',
    autocomplete: 'off',
    autocapitalize: 'characters',
    placeholder: 'XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX',
    'aria-describedby': `${id}-hint`,
  });
}

/**
 * The owner's recovery-key sheet in `#recovery-dialog`: the key in large
 * type, what it opens and where to keep it, « Imprimer ». When it was just
 * made (`mustNote`), the owner ticks that they noted it before closing, and
 * the station stops showing it by itself.
 */
export function showRecoverySheet(sheet, { mustNote = false } = {}) {
  const opener = document.activeElement;
  const noted = h('input', { id: 'recovery-noted', type: 'checkbox' });
  const print = h('button', { id: 'recovery-print', type: 'button', text: t('recovery.print') });
  const done = h('button', { id: 'recovery-done', type: 'button', class: 'primary', text: t('recovery.done') });
  done.disabled = mustNote;
  noted.addEventListener('change', () => { done.disabled = mustNote && !noted.checked; });
  const dialog = h('dialog', {
    id: 'recovery-dialog', class: 'recovery-sheet', 'aria-labelledby': 'recovery-title', 'aria-describedby': 'recovery-what',
  }, h('div', { class: 'dialog-frame' }, [
    h('h2', { id: 'recovery-title', text: t('recovery.title') }),
    h('div', { class: 'dialog-body' }, [
      h('p', { id: 'recovery-what', text: t('recovery.what') }),
      h('p', { id: 'recovery-key', class: 'recovery-key', translate: 'no', text: sheet.key }),
      h('dl', { class: 'recovery-facts' }, [
        h('dt', { text: t('recovery.workshop') }), h('dd', { text: sheet.workshop || '—' }),
        h('dt', { text: t('recovery.station') }), h('dd', { text: sheet.station || '—' }),
        h('dt', { text: t('recovery.folder') }), h('dd', { text: sheet.data_dir }),
      ]),
      h('p', { text: t('recovery.keep') }),
      mustNote ? h('label', { class: 'check' }, [noted, ' ', t('recovery.noted')]) : null,
    ]),
    h('div', { class: 'dialog-actions' }, [print, done]),
  ]));
  document.body.append(dialog);
  print.addEventListener('click', () => window.print());
  // Only « Terminé » closes a key just made: Esc would lose it unseen.
  dialog.addEventListener('cancel', (event) => { if (mustNote) event.preventDefault(); });
  return new Promise((resolve) => {
    done.addEventListener('click', async () => {
      if (mustNote) {
        done.disabled = true;
        try {
          await api.recoveryKeyNoted();
        } catch {
          done.disabled = false;
          return;
        }
      }
      dialog.close();
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener?.isConnected) opener.focus();
      resolve();
    });
    dialog.showModal();
    (mustNote ? noted : done).focus();
  });
}

/** After the owner signs in: the recovery key made and not yet noted, if any. */
export async function showPendingRecoveryKey() {
  const sheet = await api.recoveryKeyPending().catch(() => null);
  if (sheet) await showRecoverySheet(sheet, { mustNote: true });
}

/**
 * Asks for the recovery key of the station that encrypted a file, in
 * `#recovery-ask-dialog`; `message` says why (the error that asked for it).
 * Resolves the text typed, or null on cancel.
 */
export function askRecoveryKey(message) {
  const opener = document.activeElement;
  const input = keyInput('recovery-ask-key');
  const cancel = h('button', { id: 'recovery-ask-cancel', type: 'button', text: t('confirm.cancel') });
  const ok = h('button', { id: 'recovery-ask-ok', type: 'submit', class: 'primary', text: t('recovery.open') });
  const form = h('form', { class: 'dialog-frame', novalidate: true }, [
    h('h2', { id: 'recovery-ask-title', text: t('recovery.ask_title') }),
    h('div', { class: 'dialog-body' }, [
      h('p', { role: 'alert', text: message }),
      h('div', { class: 'field' }, [
        h('label', { for: 'recovery-ask-key', text: t('recovery.key_label') }),
        input,
        h('p', { id: 'recovery-ask-key-hint', class: 'hint', text: t('recovery.key_hint') }),
      ]),
    ]),
    h('div', { class: 'dialog-actions' }, [cancel, ok]),
  ]);
  const dialog = h('dialog', { id: 'recovery-ask-dialog', class: 'small', 'aria-labelledby': 'recovery-ask-title' }, form);
  document.body.append(dialog);
  return new Promise((resolve) => {
    let answer = null;
    cancel.addEventListener('click', () => dialog.close());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!input.value.trim()) return;
      answer = input.value.trim();
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

/** Asks the person signed in for their password, in `#password-dialog`; null on cancel. */
export function askPassword() {
  const opener = document.activeElement;
  const input = h('input', { id: 'password-input', type: 'password', autocomplete: 'current-password' });
  const cancel = h('button', { id: 'password-cancel', type: 'button', text: t('confirm.cancel') });
  const ok = h('button', { id: 'password-ok', type: 'submit', class: 'primary', text: t('recovery.show') });
  const form = h('form', { class: 'dialog-frame', novalidate: true }, [
    h('h2', { id: 'password-title', text: t('recovery.password_title') }),
    h('div', { class: 'dialog-body' }, h('div', { class: 'field' }, [
      h('label', { for: 'password-input', text: t('user.password') }),
      input,
    ])),
    h('div', { class: 'dialog-actions' }, [cancel, ok]),
  ]);
  const dialog = h('dialog', { id: 'password-dialog', class: 'small', 'aria-labelledby': 'password-title' }, form);
  document.body.append(dialog);
  return new Promise((resolve) => {
    let answer = null;
    cancel.addEventListener('click', () => dialog.close());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!input.value) return;
      answer = input.value;
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
