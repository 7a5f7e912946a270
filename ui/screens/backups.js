// The owner's backups panel in Réglages: where backups go (a second disk, a
// USB key), how the last one went, « Sauvegarder maintenant », the backups
// in the folder, and « Restaurer… » — which shows what a backup holds and
// asks before putting it in place of the current data.

import * as api from '../api.js';
import { t, formatDateTime, formatNumber, getLocale } from '../i18n/index.js';
import { h } from '../dom.js';
import { field, errorDisplay } from '../forms.js';
import { confirmAction } from '../confirm.js';
import { showToast } from '../toast.js';
import { askRecoveryKey, askPassword, showRecoverySheet } from '../recovery.js';

/** The refusals that ask for the recovery key of the station that took a backup. */
const KEY_CODES = new Set(['recovery_key_needed', 'wrong_recovery_key', 'not_a_recovery_key']);

/** When a backup was taken, from its name (atelier-YYYYMMDD-HHMMSSmmm-…, UTC). */
function takenAt(name) {
  const m = /^atelier-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/.exec(name);
  return m ? formatDateTime(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`) : name;
}

/** A size in bytes as people read it: "12,4 Mo". */
function size(bytes) {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1024) return t('backup.size_gb', { size: formatNumber(mb / 1024, { maximumFractionDigits: 1 }) });
  if (bytes === 0) return t('backup.size_kb', { size: formatNumber(0) });
  return mb >= 1
    ? t('backup.size_mb', { size: formatNumber(mb, { maximumFractionDigits: 1 }) })
    : t('backup.size_kb', { size: formatNumber(Math.max(1, Math.round(bytes / 1024))) });
}

/** The panel, filled once the backend answers. */
export function backupsPanel() {
  const status = h('p', { id: 'backup-last', 'aria-live': 'polite' });
  const error = h('p', { id: 'backup-error', class: 'form-error', role: 'alert' });
  const folder = h('input', { type: 'text', spellcheck: 'false' });
  const folderError = h('p', { class: 'form-error', role: 'alert' });
  const folderSave = h('button', { id: 'backup-folder-save', type: 'submit', text: t('common.save') });
  const folderForm = h('form', { id: 'backup-folder-form', novalidate: true }, [
    field('backup', 'folder', folder, t('backup.folder'), { hint: t('backup.folder_hint') }),
    folderError,
    h('div', { class: 'actions' }, folderSave),
  ]);
  const folderErrors = errorDisplay(folderForm, folderError);
  const now = h('button', { id: 'backup-now', type: 'button', class: 'primary', text: t('backup.now') });
  const list = h('tbody');
  const table = h('div', { class: 'table-wrap' }, h('table', { id: 'backup-list', class: 'list compact backups' }, [
    h('caption', { class: 'visually-hidden', text: t('backup.list') }),
    h('thead', {}, h('tr', {}, [
      h('th', { scope: 'col', text: t('backup.col_when') }),
      h('th', { scope: 'col', text: t('backup.col_reason') }),
      h('th', { scope: 'col', class: 'num', text: t('backup.col_size') }),
      h('th', { scope: 'col' }, h('span', { class: 'visually-hidden', text: t('backup.col_actions') })),
    ])),
    list,
  ]));
  const none = h('p', { class: 'muted', text: t('backup.none'), hidden: true });
  const offsiteLoad = h('button', { id: 'offsite-load', type: 'button', text: t('offsite.load') });
  const offsiteStatus = h('p', { id: 'offsite-status', 'aria-live': 'polite' });
  const offsiteRows = h('tbody');
  const offsiteTable = h('div', { class: 'table-wrap', hidden: true }, h('table', { id: 'offsite-list', class: 'list compact backups' }, [
    h('caption', { class: 'visually-hidden', text: t('offsite.title') }),
    h('thead', {}, h('tr', {}, [
      h('th', { scope: 'col', text: t('offsite.col_station') }),
      h('th', { scope: 'col', text: t('backup.col_when') }),
      h('th', { scope: 'col', text: t('offsite.col_received') }),
      h('th', { scope: 'col', class: 'num', text: t('backup.col_size') }),
      h('th', { scope: 'col' }, h('span', { class: 'visually-hidden', text: t('backup.col_actions') })),
    ])),
    offsiteRows,
  ]));
  const otherPath = h('input', { id: 'restore-path', type: 'text', spellcheck: 'false', 'aria-describedby': 'restore-path-hint' });
  const otherRestore = h('button', { id: 'restore-other', type: 'button', text: t('backup.restore') });

  async function load() {
    try {
      const state = await api.backupState();
      error.textContent = '';
      folder.value = state.folder === state.default_folder ? '' : state.folder;
      folder.placeholder = state.default_folder;
      const last = state.last;
      status.className = last && !last.ok ? 'notice error' : 'notice';
      status.textContent = !last ? t('backup.never')
        : last.ok ? t('backup.last_ok', { when: formatDateTime(last.at), size: size(last.outcome.bytes) })
          : t('backup.last_failed', { when: formatDateTime(last.at), why: (getLocale() === 'en' ? last.error_en : last.error_fr) ?? '' });
      list.replaceChildren(...state.backups.map((b) => h('tr', { 'data-path': b.path }, [
        h('td', { class: 'date', text: formatDateTime(b.taken_at) }),
        h('td', { text: t(`backup.reason_${b.reason}`) }),
        h('td', { class: 'num', text: size(b.bytes) }),
        h('td', {}, h('button', { type: 'button', class: 'link', 'data-action': 'restore', text: t('backup.restore') })),
      ])));
      table.hidden = state.backups.length === 0;
      none.hidden = state.backups.length > 0;
    } catch (failure) {
      error.textContent = failure.message;
    }
  }

  async function restore(path, button) {
    error.textContent = '';
    button.disabled = true;
    try {
      // A backup of another station (another machine) opens with its recovery key.
      let key = null;
      let summary = null;
      while (!summary) {
        try {
          summary = await api.inspectBackup(path, key);
        } catch (failure) {
          if (!KEY_CODES.has(failure.code)) throw failure;
          key = await askRecoveryKey(failure.message);
          if (key === null) return;
        }
      }
      const yes = await confirmAction({
        title: t('backup.restore_title'),
        paragraphs: [
          summary.taken_at ? t('backup.restore_when', { when: formatDateTime(summary.taken_at) }) : path,
          t('backup.restore_holds', {
            customers: summary.customers, vehicles: summary.vehicles, orders: summary.orders, invoices: summary.invoices,
          }),
          t('backup.restore_warning'),
        ],
        confirmLabel: t('backup.restore_confirm'),
        danger: true,
      });
      if (!yes) return;
      const restored = await api.restoreBackup(path, key);
      if (restored.invoices.clean) {
        showToast(t('backup.restored'));
        // The station starts over on the restored data, from the sign-in.
        setTimeout(() => location.reload(), 800);
        return;
      }
      // Restored, but its invoices do not verify: say so before starting over.
      const goOn = h('button', { id: 'backup-restored-continue', type: 'button', class: 'primary', text: t('backup.continue') });
      goOn.addEventListener('click', () => location.reload());
      error.replaceChildren(
        h('strong', { text: t('backup.restored_invoices_broken') }),
        h('ul', {}, restored.invoices.messages.map((m) => h('li', { text: m }))),
        goOn,
      );
    } catch (failure) {
      error.textContent = failure.message;
    } finally {
      if (button.isConnected) button.disabled = false;
    }
  }

  /** The off-site copies on the sync server: what is kept there, and « Restaurer… ». */
  async function loadOffsite() {
    offsiteLoad.disabled = true;
    offsiteStatus.className = '';
    offsiteStatus.textContent = t('offsite.loading');
    try {
      const listing = await api.offsiteBackups();
      offsiteRows.replaceChildren(...listing.backups.map((b) => h('tr', { 'data-device': b.device_id, 'data-name': b.name }, [
        h('td', { text: b.device_name }),
        h('td', { class: 'date', text: takenAt(b.name) }),
        h('td', { class: 'date', text: formatDateTime(new Date(b.uploaded_at_ms).toISOString()) }),
        h('td', { class: 'num', text: size(b.bytes) }),
        h('td', {}, h('button', { type: 'button', class: 'link', 'data-action': 'restore-offsite', text: t('backup.restore') })),
      ])));
      offsiteTable.hidden = listing.backups.length === 0;
      offsiteStatus.className = 'notice';
      offsiteStatus.textContent = listing.backups.length === 0 ? t('offsite.none')
        : t('offsite.kept', { days: listing.keep_days, used: size(listing.used_bytes), max: size(listing.max_bytes_per_station) });
    } catch (failure) {
      offsiteStatus.className = 'notice error';
      offsiteStatus.textContent = failure.message;
    } finally {
      offsiteLoad.disabled = false;
    }
  }

  async function restoreOffsite(row, button) {
    error.textContent = '';
    button.disabled = true;
    button.textContent = t('offsite.downloading');
    try {
      const path = await api.fetchOffsite(row.dataset.device, row.dataset.name);
      button.textContent = t('backup.restore');
      await restore(path, button);
    } catch (failure) {
      error.textContent = failure.message;
    } finally {
      button.textContent = t('backup.restore');
      if (button.isConnected) button.disabled = false;
    }
  }

  offsiteLoad.addEventListener('click', loadOffsite);
  offsiteRows.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action=restore-offsite]');
    const row = event.target.closest('tr[data-name]');
    if (button && row) restoreOffsite(row, button);
  });
  folderForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    folderErrors.clear();
    folderSave.disabled = true;
    try {
      await api.setBackupFolder(folder.value);
      showToast(t('backup.folder_saved'));
      await load();
    } catch (failure) {
      folderErrors.show({ ...failure, message: failure.message, field: 'folder' });
    } finally {
      folderSave.disabled = false;
    }
  });
  now.addEventListener('click', async () => {
    now.disabled = true;
    error.textContent = '';
    try {
      const outcome = await api.backupNow();
      showToast(t('backup.done', { size: size(outcome.bytes) }));
    } catch (failure) {
      error.textContent = failure.message;
    } finally {
      now.disabled = false;
      await load();
    }
  });
  list.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action=restore]');
    const row = event.target.closest('tr[data-path]');
    if (button && row) restore(row.dataset.path, button);
  });
  otherRestore.addEventListener('click', () => {
    if (otherPath.value.trim()) restore(otherPath.value.trim(), otherRestore);
    else otherPath.focus();
  });
  load();

  return h('section', { class: 'panel', 'aria-labelledby': 'settings-backups' }, [
    h('h2', { id: 'settings-backups', text: t('backup.title') }),
    status,
    h('div', { class: 'page-actions' }, now),
    error,
    folderForm,
    table,
    none,
    h('h3', { id: 'offsite-title', text: t('offsite.title') }),
    h('p', { class: 'hint', text: t('offsite.hint') }),
    h('div', { class: 'page-actions' }, offsiteLoad),
    offsiteStatus,
    offsiteTable,
    h('div', { class: 'field restore-other' }, [
      h('label', { for: 'restore-path', text: t('backup.other_file') }),
      h('div', { class: 'inline-form' }, [otherPath, otherRestore]),
      h('p', { id: 'restore-path-hint', class: 'hint', text: t('backup.other_file_hint') }),
    ]),
  ]);
}

/**
 * The station's encryption in Réglages: whether its database and backups are
 * encrypted, and « Afficher la clé de secours » for the owner, after their
 * password.
 */
export function encryptionPanel() {
  const status = h('p', { id: 'encryption-state', class: 'notice' });
  const show = h('button', { id: 'recovery-show', type: 'button', text: t('recovery.show') });
  const error = h('p', { id: 'encryption-error', class: 'form-error', role: 'alert' });
  show.hidden = true;
  api.encryptionState().then((state) => {
    status.textContent = state.encrypted ? t('encryption.on') : t('encryption.off');
    status.className = state.encrypted ? 'notice' : 'notice error';
    show.hidden = !state.encrypted;
  }, (failure) => { error.textContent = failure.message; });
  show.addEventListener('click', async () => {
    error.textContent = '';
    const password = await askPassword();
    if (password === null) return;
    show.disabled = true;
    try {
      await showRecoverySheet(await api.showRecoveryKey(password));
    } catch (failure) {
      error.textContent = failure.message;
    } finally {
      show.disabled = false;
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'settings-encryption' }, [
    h('h2', { id: 'settings-encryption', text: t('encryption.title') }),
    status,
    h('p', { class: 'hint', text: t('encryption.hint') }),
    h('div', { class: 'page-actions' }, show),
    error,
  ]);
}
