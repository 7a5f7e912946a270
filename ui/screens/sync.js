// Sync: enrolling this station in Réglages (owner), « Synchroniser » in the
// status bar, and the « Synchronisation » screen: conflicts to settle (the
// value kept, the value overwritten, by whom and when, put back in one
// click) and this station's operations the server refused.

import * as api from '../api.js';
import { t, tOr, plural, formatDateTime } from '../i18n/index.js';
import { h } from '../dom.js';
import { field, errorDisplay } from '../forms.js';
import { showToast } from '../toast.js';

/** Asks the frame (app.js) to read the status bar's sync status again. */
function statusStale() {
  window.dispatchEvent(new CustomEvent('atelier:status-stale'));
}

let syncing = false;

/** The status bar's « Synchroniser »: one round now, its outcome as a notice. */
export async function syncNowClicked() {
  if (syncing) return;
  syncing = true;
  const button = document.getElementById('sync-now');
  button.disabled = true;
  button.textContent = t('sync.running');
  try {
    const report = await api.syncNow();
    showToast(t('sync.done', {
      sent: plural('sync.sent', report.pushed),
      received: plural('sync.received', report.pulled),
    }) + (report.conflicts ? ` ${plural('sync.conflicts', report.conflicts)}` : ''));
    window.dispatchEvent(new CustomEvent('atelier:synced', { detail: { pulled: report.pulled } }));
  } catch (error) {
    showToast(error.message, { long: true });
  } finally {
    syncing = false;
    button.disabled = false;
    button.textContent = t('sync.now');
    statusStale();
  }
}

/**
 * Réglages: enrol this station, or what it is enrolled with. It follows
 * « Synchroniser » until `leaving` aborts (the person left Réglages).
 */
export function syncPanel(leaving) {
  const section = h('section', { class: 'panel', 'aria-labelledby': 'settings-sync', id: 'sync-panel' }, [
    h('h2', { id: 'settings-sync', text: t('sync.title') }),
  ]);
  const title = section.firstChild;
  const show = () => api.syncStatus().then((status) => {
    section.replaceChildren(title, status.configured ? enrolledView(status) : enrolForm());
  }, (e) => section.replaceChildren(title, h('p', { class: 'form-error', role: 'alert', text: e.message })));
  show();
  // « Synchroniser » in the status bar: the last sync and the stations follow.
  window.addEventListener('atelier:synced', () => show(), { signal: leaving });
  return section;
}

function enrolForm() {
  const server = h('input', { type: 'text', inputmode: 'url', spellcheck: 'false', placeholder: 'https://serveur.garage.fr:8480' });
  const code = h('input', { type: 'text', spellcheck: 'false', autocomplete: 'off', placeholder: 'ABCD-EFGH-JK' });
  const name = h('input', { type: 'text', value: t('sync.default_name') });
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { id: 'sync-enrol', type: 'submit', class: 'primary', text: t('sync.enrol') });
  const form = h('form', { id: 'sync-enrol-form', novalidate: true }, [
    h('p', { class: 'hint', text: t('sync.enrol_hint') }),
    field('sync', 'server', server, t('sync.server'), { hint: t('sync.server_hint') }),
    field('sync', 'code', code, t('sync.code'), { hint: t('sync.code_hint') }),
    field('sync', 'name', name, t('sync.name'), { hint: t('sync.name_hint') }),
    formError,
    h('div', { class: 'actions' }, submit),
  ]);
  const errors = errorDisplay(form, formError);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    submit.disabled = true;
    submit.textContent = t('sync.enrolling');
    try {
      const enrolled = await api.syncEnrol(server.value, code.value, name.value);
      showToast(t('sync.enrolled', { organisation: enrolled.organisation, site: enrolled.site_name }));
      form.replaceWith(enrolledView(await api.syncStatus()));
      statusStale();
    } catch (e) {
      errors.show(e);
    } finally {
      submit.disabled = false;
      submit.textContent = t('sync.enrol');
    }
  });
  return form;
}

function enrolledView(status) {
  const stations = h('ul', { class: 'plain-list', id: 'sync-stations' });
  api.syncStations().then((list) => {
    stations.replaceChildren(...list.map((s) => h('li', {
      text: `${s.site_code} · ${s.name} — ${s.last_sync_ms ? t('sync.last', { date: formatDateTime(s.last_sync_ms) }) : t('sync.never')}`,
    })));
  }, () => {});
  return h('div', { id: 'sync-enrolled' }, [
    h('dl', { class: 'about' }, [
      h('dt', { text: t('sync.organisation') }), h('dd', { text: status.organisation }),
      h('dt', { text: t('sync.site') }), h('dd', { text: status.site + (status.all_sites ? ` (${t('sync.all_sites')})` : '') }),
      h('dt', { text: t('sync.server') }), h('dd', { text: status.server_url }),
      h('dt', { text: t('sync.last_label') }),
      h('dd', { text: status.last_sync_at ? formatDateTime(status.last_sync_at) : t('sync.never') }),
    ]),
    status.last_error ? h('p', { class: 'form-error', role: 'alert', text: status.last_error }) : null,
    h('h3', { class: 'sync-stations-title', text: t('sync.stations') }),
    stations,
    h('p', {}, h('a', { href: '#/synchro', class: 'button-link', text: t('sync.screen_title') })),
  ]);
}

function shown(value) {
  if (value === null || value === undefined || value === '') return t('sync.empty_value');
  return String(value);
}

/** The « Synchronisation » screen: conflicts, then refused operations. */
export function render(container) {
  const list = h('div', { id: 'sync-conflicts' });
  const rejected = h('div', { id: 'sync-rejected-list' });
  const error = h('p', { class: 'form-error', role: 'alert' });
  container.append(h('section', { class: 'screen sync', 'aria-labelledby': 'screen-title' }, [
    h('h1', { id: 'screen-title', text: t('sync.screen_title') }),
    error,
    h('section', { class: 'panel', 'aria-labelledby': 'sync-conflicts-title' }, [
      h('h2', { id: 'sync-conflicts-title', text: t('sync.conflicts_title') }),
      h('p', { class: 'hint', text: t('sync.conflicts_hint') }),
      list,
    ]),
    h('section', { class: 'panel', 'aria-labelledby': 'sync-rejected-title' }, [
      h('h2', { id: 'sync-rejected-title', text: t('sync.rejected_title') }),
      rejected,
    ]),
  ]));

  async function load() {
    error.textContent = '';
    try {
      const [conflicts, refused] = await Promise.all([api.syncConflicts(), api.syncRejected()]);
      list.replaceChildren(conflicts.length === 0
        ? h('p', { class: 'empty', text: t('sync.no_conflicts') })
        : h('ul', { class: 'conflicts' }, conflicts.map(conflictItem)));
      rejected.replaceChildren(refused.length === 0
        ? h('p', { class: 'empty', text: t('sync.no_rejected') })
        : h('ul', { class: 'plain-list' }, refused.map((r) => h('li', {
          text: `${tOr(`sync.entity_${r.entity}`, r.entity)} ${r.row_id} — ${r.reason}`,
        }))));
    } catch (e) {
      error.textContent = e.message;
    }
  }

  function conflictItem(c) {
    const who = (by, station) => [by, station].filter(Boolean).join(', ') || t('sync.someone');
    const keep = h('button', { type: 'button', class: 'conflict-keep', text: t('sync.keep') });
    const restore = h('button', { type: 'button', class: 'conflict-restore primary', text: t('sync.restore', { value: shown(c.lost_value) }) });
    const act = async (button, call) => {
      button.disabled = true;
      try {
        await call(c.id);
        showToast(t('sync.settled'));
        load();
      } catch (e) {
        error.textContent = e.message;
        button.disabled = false;
      }
    };
    keep.addEventListener('click', () => act(keep, api.syncKeep));
    restore.addEventListener('click', () => act(restore, api.syncRestore));
    return h('li', { class: 'conflict', 'data-field': c.field }, [
      h('p', { class: 'conflict-record', text: `${c.label} — ${tOr(`sync.field_${c.field}`, c.field)}` }),
      h('p', { class: 'conflict-kept', text: t('sync.kept_line', { value: shown(c.kept_value), who: who(c.kept_by, c.kept_station), date: formatDateTime(c.kept_at) }) }),
      h('p', { class: 'conflict-lost', text: t('sync.lost_line', { value: shown(c.lost_value), who: who(c.lost_by, c.lost_station), date: formatDateTime(c.lost_at) }) }),
      h('div', { class: 'actions' }, [keep, restore]),
    ]);
  }

  load();
}
