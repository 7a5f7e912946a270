// The station's encryption as people meet it: the gate before the database
// is open (its encryption's progress, or the recovery key asked for when the
// keyring lost the key), the owner's recovery-key sheet (shown once after it
// was made, then on demand after the password), and the recovery key asked
// for a backup of another station.

import * as api from './api.js';
import { t, setLocale, formatNumber } from './i18n/index.js';
import { h } from './dom.js';
import { askText } from './confirm.js';

const POLL_MS = 300;

/**
 * Shows the gate for a station whose database is not open yet (`phase` from
 * api.stationGate) and starts the window over once it is.
 */
export async function openStation(phase) {
  // The station's language is in its database, not open yet: the system's.
  const english = (navigator.language || '').toLowerCase().startsWith('en');
  document.documentElement.lang = await setLocale(english ? 'en' : 'fr');
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

/** A recovery key's field: as typed, no spelling help, no autofill. */
const KEY_ATTRS = {
  class: 'recovery-key-input',
  spellcheck: 'false',
  autocomplete: 'off',
  autocapitalize: 'characters',
  placeholder: 'XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX',
};

function keyInput(id) {
  return h('input', { id, type: 'text', 'aria-describedby': `${id}-hint`, ...KEY_ATTRS });
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
 * Asks for the recovery key of the station that encrypted a file;
 * `message` says why (the error that asked for it). Resolves the text
 * typed, or null on cancel.
 */
export function askRecoveryKey(message) {
  return askText({
    title: t('recovery.ask_title'),
    label: t('recovery.key_label'),
    confirmLabel: t('recovery.open'),
    required: true,
    message,
    hint: t('recovery.key_hint'),
    attrs: KEY_ATTRS,
  });
}

/** Asks the person signed in for their password; null on cancel. */
export function askPassword() {
  return askText({
    title: t('recovery.password_title'),
    label: t('user.password'),
    confirmLabel: t('recovery.show'),
    required: true,
    attrs: { type: 'password', autocomplete: 'current-password' },
  });
}
