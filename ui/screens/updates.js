// Updates in Réglages (owner): the update server of this workstation,
// « Rechercher une mise à jour », and installing one when the owner
// chooses — after which Atelier restarts on the new version. Also the quiet
// check at start, which only ever shows a notice.

import * as api from '../api.js';
import { t, formatDateTime } from '../i18n/index.js';
import { h } from '../dom.js';
import { field, errorDisplay } from '../forms.js';
import { showToast } from '../toast.js';
import { confirmAction } from '../confirm.js';

let quietCheckDone = false;

/** Once per start, for the owner: a notice when an update is offered, nothing otherwise. */
export async function quietCheck() {
  if (quietCheckDone) return;
  quietCheckDone = true;
  try {
    const found = await api.checkUpdate();
    if (found.state === 'available') showToast(t('update.available_notice', { version: found.version }), { long: true });
  } catch {
    // A quiet check stays quiet: Réglages says what went wrong when asked.
  }
}

/** The owner's updates panel. */
export function updatesPanel() {
  const address = h('input', { type: 'text', spellcheck: 'false' });
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const save = h('button', { id: 'update-server-save', type: 'submit', text: t('common.save') });
  const form = h('form', { id: 'update-server-form', novalidate: true }, [
    field('update', 'update_server', address, t('update.server'), { hint: t('update.server_hint') }),
    formError,
    h('div', { class: 'actions' }, save),
  ]);
  const errors = errorDisplay(form, formError);
  const check = h('button', { id: 'update-check', type: 'button', text: t('update.check') });
  const status = h('p', { id: 'update-status', 'aria-live': 'polite' });
  const notes = h('p', { id: 'update-notes', class: 'hint', hidden: true });
  const install = h('button', { id: 'update-install', type: 'button', class: 'primary', hidden: true });
  const error = h('p', { id: 'update-error', class: 'form-error', role: 'alert' });

  api.updateServer().then((value) => { address.value = value ?? ''; }, (e) => { formError.textContent = e.message; });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    save.disabled = true;
    try {
      await api.setUpdateServer(address.value);
      showToast(t('update.server_saved'));
    } catch (e) {
      errors.show(e);
    } finally {
      save.disabled = false;
    }
  });

  check.addEventListener('click', async () => {
    check.disabled = true;
    error.textContent = '';
    install.hidden = true;
    notes.hidden = true;
    status.textContent = t('update.checking');
    try {
      const found = await api.checkUpdate();
      status.textContent = t(`update.state_${found.state}`, { version: found.version ?? '' });
      if (found.state === 'available') {
        install.textContent = t('update.install', { version: found.version });
        install.hidden = false;
        notes.textContent = [found.date ? formatDateTime(found.date) : '', found.notes ?? ''].filter(Boolean).join(' — ');
        notes.hidden = !notes.textContent;
      }
    } catch (e) {
      status.textContent = '';
      error.textContent = e.message;
    } finally {
      check.disabled = false;
    }
  });

  install.addEventListener('click', async () => {
    const yes = await confirmAction({
      title: install.textContent,
      paragraphs: [t('update.install_warning')],
      confirmLabel: t('update.install_confirm'),
    });
    if (!yes) return;
    install.disabled = true;
    error.textContent = '';
    status.textContent = t('update.installing');
    try {
      const answer = await api.installUpdate();
      // Only reached when there was nothing to install after all.
      status.textContent = t(`update.state_${answer.state}`, { version: '' });
      install.hidden = true;
    } catch (e) {
      status.textContent = '';
      error.textContent = e.message;
    } finally {
      install.disabled = false;
    }
  });

  return h('section', { class: 'panel', 'aria-labelledby': 'settings-updates' }, [
    h('h2', { id: 'settings-updates', text: t('update.title') }),
    h('div', { class: 'page-actions' }, [check, install]),
    status, notes, error,
    form,
  ]);
}
