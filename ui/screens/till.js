// The owner's till register (NF 525): the fiscal year, every station's
// closures with their grand totals, the technical-event journal with its
// CSV export, and the integrity check. Core decides and records; this
// screen reads and asks.

import * as api from '../api.js';
import { t, formatDay, formatDateTime, formatMoney, formatNumber } from '../i18n/index.js';
import { h } from '../dom.js';
import { screen } from '../screen.js';
import { showToast } from '../toast.js';
import { field, errorDisplay } from '../forms.js';
import { dateInput } from '../date-input.js';

const CODES = ['start', 'stop', 'unclean_stop', 'sign_in', 'sign_in_refused', 'closure', 'closure_refused',
  'archive', 'archive_check', 'export', 'integrity_check', 'backup', 'restore', 'update', 'clock_backwards',
  'enrolment', 'revocation', 'encryption', 'error'];

export const { render, dispose } = screen((container, _params, life) => {
  container.append(h('section', { class: 'screen till', 'aria-labelledby': 'screen-title' }, [
    h('a', { href: '#/reglages', class: 'back', text: t('till.back') }),
    h('h1', { id: 'screen-title', text: t('till.title') }),
    h('p', { class: 'hint', text: t('till.hint') }),
    fiscalPanel(life),
    closuresPanel(life),
    archivesPanel(life),
    journalPanel(life),
  ]));
});

/** The fiscal year: its end each year, and the first one's when it differs. */
function fiscalPanel(life) {
  const end = h('input', { type: 'text', placeholder: t('till.fiscal_end_placeholder'), autocomplete: 'off' });
  const firstEnd = dateInput();
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { id: 'fiscal-form', novalidate: true }, [
    field('fiscal', 'fiscal_year_end', end, t('till.fiscal_end'), { hint: t('till.fiscal_end_hint') }),
    field('fiscal', 'first_fiscal_year_end', firstEnd, t('till.fiscal_first_end'), { hint: t('till.fiscal_first_end_hint') }),
    formError,
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'fiscal-save', class: 'primary', text: t('common.save') })),
  ]);
  const errors = errorDisplay(form, formError);
  const show = (fy) => {
    const [mm, dd] = fy.end.split('-');
    end.value = `${dd}/${mm}`;
    firstEnd.value = fy.first_end ?? '';
  };
  api.fiscalYear().then((fy) => { if (!life.disposed) show(fy); }, (e) => { formError.textContent = e.message; });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    try {
      show(await api.saveFiscalYear({ end: end.value, first_end: firstEnd.value }));
      showToast(t('till.fiscal_saved'));
    } catch (e) {
      errors.show(e);
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'till-fiscal' }, [
    h('h2', { id: 'till-fiscal', text: t('till.fiscal') }),
    form,
  ]);
}

const KINDS = ['day', 'month', 'year'];

/** Every station's closures, newest first, with their grand totals. */
function closuresPanel(life) {
  const site = h('select', { id: 'closures-site' }, [h('option', { value: '', text: t('till.all_sites') })]);
  const siteNames = new Map();
  const kind = h('select', { id: 'closures-kind' }, [
    h('option', { value: '', text: t('till.all_kinds') }),
    ...KINDS.map((k) => h('option', { value: k, text: t(`till.kind_${k}`) })),
  ]);
  const tbody = h('tbody');
  const error = h('p', { class: 'form-error', role: 'alert' });
  async function load() {
    try {
      const list = await api.listClosures({ kind: kind.value || null, site_id: site.value || null, limit: 200 });
      if (life.disposed) return;
      error.textContent = '';
      tbody.replaceChildren(...list.map((c) => h('tr', { 'data-kind': c.kind }, [
        h('td', { text: siteNames.get(c.site_id) ?? '' }),
        h('td', { text: c.station }),
        h('td', { text: t(`till.kind_${c.kind}`) }),
        h('td', { text: c.period_start === c.period_end ? formatDay(c.period_start) : `${formatDay(c.period_start)} – ${formatDay(c.period_end)}` }),
        h('td', { class: 'num', text: String(c.seq) }),
        h('td', { class: 'num', text: String(c.totals.invoices + c.totals.credit_notes) }),
        h('td', { class: 'num', text: formatMoney(c.period_total_cents) }),
        h('td', { class: 'num', text: formatMoney(c.perpetual_total_cents) }),
        h('td', {}, h('code', { title: c.hash, text: c.hash.slice(0, 12) })),
      ])));
      if (list.length === 0) {
        tbody.append(h('tr', {}, h('td', { colspan: '9', class: 'muted', text: t('till.no_closures') })));
      }
    } catch (e) {
      if (!life.disposed) error.textContent = e.message;
    }
  }
  kind.addEventListener('change', load);
  site.addEventListener('change', load);
  api.listSites().then((sites) => {
    for (const s of sites) siteNames.set(s.id, s.name);
    site.append(...sites.map((s) => h('option', { value: s.id, text: s.name })));
    load();
  }, () => load());
  return h('section', { class: 'panel', 'aria-labelledby': 'till-closures' }, [
    h('h2', { id: 'till-closures', text: t('till.closures') }),
    h('p', { class: 'hint', text: t('till.closures_hint') }),
    h('div', { class: 'toolbar' }, [
      h('div', { class: 'inline-field' }, [h('label', { for: 'closures-site', text: t('till.site') }), site]),
      h('div', { class: 'inline-field' }, [h('label', { for: 'closures-kind', text: t('till.kind') }), kind]),
    ]),
    error,
    h('table', { id: 'closures-list', class: 'list' }, [
      h('thead', {}, h('tr', {}, ['till.col_site', 'till.col_station', 'till.col_kind', 'till.col_period', 'till.col_seq',
        'till.col_documents', 'till.col_total', 'till.col_perpetual', 'till.col_hash']
        .map((key) => h('th', { scope: 'col', class: ['till.col_seq', 'till.col_documents', 'till.col_total', 'till.col_perpetual'].includes(key) ? 'num' : null, text: t(key) })))),
      tbody,
    ]),
  ]);
}

/**
 * The signed archives: each month and fiscal year closed, in the backup
 * folder; made when a period is closed, or here for those still due; each
 * file checked on demand (also a copy elsewhere, by its path).
 */
function archivesPanel(life) {
  const tbody = h('tbody');
  const due = h('p', { id: 'archives-due', class: 'hint' });
  const makeDue = h('button', { type: 'button', id: 'archives-make', text: t('till.archives_make'), hidden: true });
  const other = h('input', { type: 'text', id: 'archive-path', class: 'path-input', autocomplete: 'off', spellcheck: 'false' });
  const otherCheck = h('button', { type: 'button', id: 'archive-path-verify', text: t('till.archive_verify') });
  const result = h('div', { id: 'archive-result', 'aria-live': 'polite' });
  const error = h('p', { class: 'form-error', role: 'alert' });

  async function check(path) {
    result.replaceChildren(h('p', { class: 'muted', text: t('common.loading') }));
    try {
      const v = await api.verifyArchive(path);
      result.replaceChildren(v.intact
        ? h('p', { class: 'verify-clean', text: t('till.archive_intact', { path }) })
        : h('div', { class: 'verify-broken', role: 'alert' }, [
          h('p', { text: t('till.archive_broken', { path, count: v.messages.length }) }),
          h('ul', {}, v.messages.map((m) => h('li', { text: m }))),
        ]));
    } catch (e) {
      result.replaceChildren(h('p', { class: 'form-error', role: 'alert', text: e.message }));
    }
  }

  async function load() {
    try {
      const [list, waiting] = await Promise.all([api.listArchives(), api.archivesDue()]);
      if (life.disposed) return;
      error.textContent = '';
      due.textContent = waiting.length ? t('till.archives_due', { count: waiting.length }) : '';
      makeDue.hidden = waiting.length === 0;
      tbody.replaceChildren(...list.map((a) => {
        const verify = h('button', { type: 'button', class: 'archive-verify', text: t('till.archive_verify') });
        verify.addEventListener('click', () => check(a.path));
        return h('tr', { 'data-state': a.state }, [
          h('td', { text: t(`till.kind_${a.period.kind}`) }),
          h('td', { class: 'wrap', text: `${formatDay(a.period.start)} – ${formatDay(a.period.end)}` }),
          h('td', { class: 'wrap' }, h('code', { title: a.path, text: a.file_name })),
          h('td', { class: 'num', text: t('till.size_kb', { size: formatNumber(Math.ceil(a.bytes / 1024)) }) }),
          h('td', { text: t(`till.archive_state_${a.state}`) }),
          h('td', {}, verify),
        ]);
      }));
      if (list.length === 0) {
        tbody.append(h('tr', {}, h('td', { colspan: '6', class: 'muted', text: t('till.no_archives') })));
      }
    } catch (e) {
      if (!life.disposed) error.textContent = e.message;
    }
  }

  makeDue.addEventListener('click', async () => {
    makeDue.disabled = true;
    error.textContent = '';
    try {
      const made = await api.makeDueArchives();
      showToast(t('till.archives_made', { count: made.length }));
      await load();
    } catch (e) {
      error.textContent = e.message;
    } finally {
      makeDue.disabled = false;
    }
  });
  otherCheck.addEventListener('click', () => { if (other.value.trim()) check(other.value.trim()); });
  load();
  return h('section', { class: 'panel', 'aria-labelledby': 'till-archives' }, [
    h('h2', { id: 'till-archives', text: t('till.archives') }),
    h('p', { class: 'hint', text: t('till.archives_hint') }),
    h('div', { class: 'toolbar' }, [due, makeDue]),
    error,
    h('table', { id: 'archives-list', class: 'list' }, [
      h('thead', {}, h('tr', {}, ['till.col_kind', 'till.col_period', 'till.col_file', 'till.col_size', 'till.col_state', 'till.col_action']
        .map((key) => h('th', { scope: 'col', text: t(key) })))),
      tbody,
    ]),
    h('div', { class: 'toolbar' }, [
      h('div', { class: 'inline-field' }, [h('label', { for: 'archive-path', text: t('till.archive_other') }), other]),
      otherCheck,
    ]),
    result,
  ]);
}

/** The technical-event journal: filter, read, export as CSV. */
function journalPanel(life) {
  const code = h('select', { id: 'journal-code' }, [
    h('option', { value: '', text: t('till.all_events') }),
    ...CODES.map((c) => h('option', { value: c, text: t(`jet.${c}`) })),
  ]);
  const from = dateInput({ id: 'journal-from' });
  const to = dateInput({ id: 'journal-to' });
  const text = h('input', { type: 'search', id: 'journal-text', autocomplete: 'off' });
  const exportButton = h('button', { type: 'button', id: 'journal-export', text: t('till.journal_export') });
  const tbody = h('tbody');
  const error = h('p', { class: 'form-error', role: 'alert' });
  const filter = () => ({
    code: code.value || null, from: from.value || null, to: to.value || null, text: text.value || null, limit: 500,
  });
  async function load() {
    try {
      const entries = await api.listJournal(filter());
      if (life.disposed) return;
      error.textContent = '';
      tbody.replaceChildren(...entries.map((e) => h('tr', { 'data-code': e.code }, [
        h('td', { class: 'num', text: String(e.seq) }),
        h('td', { text: formatDateTime(new Date(e.at_ms).toISOString()) }),
        h('td', { text: e.user_name ?? t('audit.system') }),
        h('td', { text: t(`jet.${e.code}`) }),
        h('td', { class: 'wrap', text: e.text }),
      ])));
      if (entries.length === 0) {
        tbody.append(h('tr', {}, h('td', { colspan: '5', class: 'muted', text: t('till.no_events') })));
      }
    } catch (e) {
      if (!life.disposed) error.textContent = e.message;
    }
  }
  for (const control of [code, from, to]) control.addEventListener('change', load);
  text.addEventListener('input', load);
  exportButton.addEventListener('click', async () => {
    exportButton.disabled = true;
    try {
      const written = await api.exportJournal(filter());
      showToast(t('till.journal_exported', { path: written.path }), { long: true });
      load();
    } catch (e) {
      error.textContent = e.message;
    } finally {
      exportButton.disabled = false;
    }
  });
  load();
  return h('section', { class: 'panel', 'aria-labelledby': 'till-journal' }, [
    h('h2', { id: 'till-journal', text: t('till.journal') }),
    h('p', { class: 'hint', text: t('till.journal_hint') }),
    h('div', { class: 'toolbar' }, [
      h('div', { class: 'inline-field' }, [h('label', { for: 'journal-code', text: t('till.event') }), code]),
      h('div', { class: 'inline-field' }, [h('label', { for: 'journal-from', text: t('audit.from') }), from]),
      h('div', { class: 'inline-field' }, [h('label', { for: 'journal-to', text: t('audit.to') }), to]),
      h('div', { class: 'inline-field' }, [h('label', { for: 'journal-text', text: t('till.contains') }), text]),
      exportButton,
    ]),
    error,
    h('table', { id: 'journal-list', class: 'list' }, [
      h('thead', {}, h('tr', {}, ['till.col_no', 'audit.col_when', 'audit.col_who', 'till.event', 'till.col_detail']
        .map((key) => h('th', { scope: 'col', text: t(key) })))),
      tbody,
    ]),
  ]);
}
