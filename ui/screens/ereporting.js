// The owner's e-reporting (Réglages › Facturation électronique): the VAT
// regime that sets the periods, VAT on debits, the first day reported, this
// workstation's exchange folders with the approved platform, and each
// period — due, frozen, sent — with its figures per day, rate and category.
// Core computes, freezes and writes the files; this screen reads and asks.

import * as api from '../api.js';
import { t, plural, formatDay, formatDateTime, formatMoney, formatNumber } from '../i18n/index.js';
import { h } from '../dom.js';
import { screen } from '../screen.js';
import { showToast } from '../toast.js';
import { field, errorDisplay } from '../forms.js';
import { may } from '../session.js';
import { dateInput } from '../date-input.js';

export const { render, dispose } = screen((container, _params, life) => {
  const body = h('div', {}, h('p', { class: 'muted', text: t('common.loading') }));
  const error = h('p', { class: 'form-error', role: 'alert' });
  container.append(h('section', { class: 'screen ereporting', 'aria-labelledby': 'screen-title' }, [
    h('a', { href: '#/reglages', class: 'back', text: t('ereporting.back') }),
    h('h1', { id: 'screen-title', text: t('ereporting.title') }),
    h('p', { class: 'hint', text: t('ereporting.hint') }),
    error,
    body,
  ]));
  async function load() {
    try {
      const page = await api.ereportingPage();
      if (life.disposed) return;
      error.textContent = '';
      body.replaceChildren(settingsPanel(page.settings, load), foldersPanel(page.folders, load), periodsPanel(page, load));
    } catch (e) {
      if (!life.disposed) error.textContent = e.message;
    }
  }
  load();
});

/** The VAT regime, VAT on debits and the first day reported: the workshop's, synced. */
function settingsPanel(settings, reload) {
  const canSave = may('settings');
  const regime = h('select', { disabled: !canSave }, ['normal', 'simplified']
    .map((r) => h('option', { value: r, text: t(`ereporting.regime_${r}`) })));
  regime.value = settings.regime;
  const debits = h('input', { type: 'checkbox', id: 'ereporting-debits', disabled: !canSave });
  debits.checked = settings.vat_on_debits;
  const from = dateInput({ disabled: !canSave });
  from.value = settings.from ?? '';
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { id: 'ereporting-settings', novalidate: true }, [
    field('ereporting', 'vat_regime', regime, t('ereporting.regime'), { hint: t('ereporting.regime_hint') }),
    h('div', { class: 'field' }, h('label', { class: 'check', for: 'ereporting-debits' }, [debits, h('span', { text: t('ereporting.debits') })])),
    field('ereporting', 'ereporting_from', from, t('ereporting.from'), { hint: t('ereporting.from_hint') }),
    formError,
    canSave ? h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'ereporting-save', class: 'primary', text: t('common.save') })) : null,
  ]);
  const errors = errorDisplay(form, formError);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    try {
      await api.saveEreportingSettings({ regime: regime.value, vat_on_debits: debits.checked, from: from.value });
      showToast(t('ereporting.saved'));
      reload();
    } catch (e) {
      errors.show(e);
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'ereporting-settings-title' }, [
    h('h2', { id: 'ereporting-settings-title', text: t('ereporting.settings') }),
    form,
  ]);
}

/** This workstation's outgoing and incoming folders, and « Relever les statuts ». */
function foldersPanel(folders, reload) {
  const canSave = may('settings');
  const outgoing = h('input', { type: 'text', class: 'path-input', spellcheck: 'false', autocomplete: 'off', disabled: !canSave });
  outgoing.value = folders.outgoing ?? '';
  const incoming = h('input', { type: 'text', class: 'path-input', spellcheck: 'false', autocomplete: 'off', disabled: !canSave });
  incoming.value = folders.incoming ?? '';
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const result = h('div', { id: 'statuses-result', 'aria-live': 'polite' });
  const fetch = h('button', { type: 'button', id: 'statuses-fetch', text: t('ereporting.fetch_statuses') });
  const form = h('form', { id: 'exchange-folders', novalidate: true }, [
    field('exchange', 'outgoing', outgoing, t('ereporting.outgoing'), { hint: t('ereporting.outgoing_hint') }),
    field('exchange', 'incoming', incoming, t('ereporting.incoming'), { hint: t('ereporting.incoming_hint') }),
    formError,
    h('div', { class: 'actions' }, [
      canSave ? h('button', { type: 'submit', id: 'folders-save', class: 'primary', text: t('common.save') }) : null,
      fetch,
    ]),
    result,
  ]);
  const errors = errorDisplay(form, formError);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    try {
      await api.saveExchangeFolders({ outgoing: outgoing.value, incoming: incoming.value });
      showToast(t('ereporting.folders_saved'));
      reload();
    } catch (e) {
      errors.show(e);
    }
  });
  fetch.addEventListener('click', async () => {
    fetch.disabled = true;
    errors.clear();
    result.replaceChildren();
    try {
      const pulled = await api.fetchPlatformStatuses();
      result.replaceChildren(
        h('p', { text: plural('ereporting.statuses_stored', pulled.stored, { files: plural('ereporting.files', pulled.sources.length) }) }),
        h('p', { id: 'ereporting-received', text: t('ereporting.received', { count: pulled.received.length }) }),
        ...pulled.refused.map(([file, message]) => h('p', { class: 'form-error', 'data-file': file, text: message })),
      );
    } catch (e) {
      formError.textContent = e.message;
    } finally {
      fetch.disabled = false;
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'ereporting-folders-title' }, [
    h('h2', { id: 'ereporting-folders-title', text: t('ereporting.folders') }),
    h('p', { class: 'hint', text: t('ereporting.folders_hint') }),
    form,
  ]);
}

/** A VAT rate in basis points as people read it: "5,5 %". */
function rate(bp) {
  return t('ereporting.vat_rate', { rate: formatNumber(bp / 100, { maximumFractionDigits: 2 }) });
}

/** The periods due (with « Figer »), a period frozen on demand, and each frozen period. */
function periodsPanel(page, reload) {
  const error = h('p', { class: 'form-error', role: 'alert' });
  const act = (button, run) => button.addEventListener('click', async () => {
    button.disabled = true;
    error.textContent = '';
    try {
      await run();
      reload();
    } catch (e) {
      error.textContent = e.message;
      button.disabled = false;
    }
  });

  const due = page.due.map((d) => {
    const freeze = h('button', { type: 'button', class: 'freeze', text: t('ereporting.freeze') });
    act(freeze, async () => { await api.freezeEreportPeriod(d.start); showToast(t('ereporting.frozen_toast')); });
    return h('li', { 'data-start': d.start }, [h('span', { text: d.label }), ' ', freeze]);
  });
  const day = dateInput({ id: 'freeze-day' });
  const freezeDay = h('button', { type: 'button', id: 'freeze-day-run', text: t('ereporting.freeze') });
  act(freezeDay, async () => { await api.freezeEreportPeriod(day.value); showToast(t('ereporting.frozen_toast')); });

  const rows = page.periods.flatMap((listed) => periodRows(listed, act));
  return h('section', { class: 'panel periods', 'aria-labelledby': 'ereporting-periods-title' }, [
    h('h2', { id: 'ereporting-periods-title', text: t('ereporting.periods') }),
    h('p', { class: 'hint', text: t('ereporting.periods_hint') }),
    due.length ? h('ul', { id: 'ereporting-due' }, due) : h('p', { class: 'muted', text: t('ereporting.none_due') }),
    h('div', { class: 'toolbar' }, [
      h('div', { class: 'inline-field' }, [h('label', { for: 'freeze-day', text: t('ereporting.freeze_day') }), day]),
      freezeDay,
    ]),
    error,
    h('table', { id: 'ereporting-periods', class: 'list wrap' }, [
      h('thead', {}, h('tr', {}, ['period', 'net', 'tax', 'transactions', 'received', 'sent']
        .map((key) => h('th', { scope: 'col', class: ['net', 'tax', 'transactions', 'received'].includes(key) ? 'num' : null, text: t(`ereporting.col_${key}`) })))),
      h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: '6', class: 'muted', text: t('ereporting.no_periods') }))),
    ]),
  ]);
}

/** A frozen period's row, and its figures' row (hidden until « Détail »). */
function periodRows(listed, act) {
  const p = listed.period;
  const f = p.figures;
  const last = listed.sendings.at(-1);
  const send = h('button', { type: 'button', class: 'send', text: last ? t('ereporting.send_again') : t('ereporting.send') });
  act(send, async () => {
    const sent = await api.sendEreportPeriod(p.id);
    showToast(t('ereporting.sent_toast', { file: sent.file_name }), { long: true });
  });
  const exp = h('button', { type: 'button', class: 'export', text: t('ereporting.export') });
  act(exp, async () => {
    const done = await api.exportEreportPeriod(p.id, '');
    showToast(t('ereporting.exported', { path: done.path }), { long: true });
  });
  const detail = h('button', { type: 'button', class: 'detail', 'aria-expanded': 'false', text: t('ereporting.detail') });
  const figures = h('tr', { class: 'figures', hidden: true }, h('td', { colspan: '6' }, figuresTable(f)));
  detail.addEventListener('click', () => {
    figures.hidden = !figures.hidden;
    detail.setAttribute('aria-expanded', String(!figures.hidden));
  });
  return [
    h('tr', { 'data-id': p.id, 'data-start': p.period_start }, [
      h('td', {}, [
        h('span', { text: listed.label }),
        h('br'),
        h('small', { class: 'muted', text: t('ereporting.frozen_by', { station: p.station, at: formatDateTime(p.frozen_at) }) }),
      ]),
      h('td', { class: 'num', text: formatMoney(f.net_cents) }),
      h('td', { class: 'num', text: formatMoney(f.tax_cents) }),
      h('td', { class: 'num', text: String(f.transactions) }),
      h('td', { class: 'num', text: p.vat_on_debits ? t('ereporting.debits_short') : formatMoney(f.received_cents) }),
      h('td', { class: 'sent', title: last?.file_name ?? '', text: last ? t('ereporting.sent_on', { at: formatDateTime(last.sent_at) }) : t('ereporting.not_sent') }),
    ]),
    h('tr', { class: 'period-actions', 'data-start': p.period_start }, h('td', { colspan: '6' }, h('div', { class: 'actions' }, [
      detail, exp, send, last ? h('small', { class: 'muted sent-file', text: last.file_name }) : null,
    ]))),
    figures,
  ];
}

/** The figures: sales per day, category and rate; then the payments for services. */
function figuresTable(f) {
  const sales = h('table', { class: 'list compact wrap' }, [
    h('thead', {}, h('tr', {}, ['day', 'category', 'rate', 'net', 'tax', 'transactions']
      .map((key) => h('th', { scope: 'col', text: t(`ereporting.fig_${key}`) })))),
    h('tbody', {}, f.sales.length ? f.sales.map((r) => h('tr', {}, [
      h('td', { text: formatDay(r.day) }),
      h('td', { text: t(`ereporting.category_${r.category}`) }),
      h('td', { text: rate(r.rate_bp) }),
      h('td', { class: 'num', text: formatMoney(r.net_cents) }),
      h('td', { class: 'num', text: formatMoney(r.tax_cents) }),
      h('td', { class: 'num', text: String(r.transactions) }),
    ])) : h('tr', {}, h('td', { colspan: '6', class: 'muted', text: t('ereporting.no_sales') }))),
  ]);
  const payments = f.payments.length ? h('table', { class: 'list compact wrap' }, [
    h('thead', {}, h('tr', {}, ['day', 'rate', 'received', 'tax']
      .map((key) => h('th', { scope: 'col', text: t(`ereporting.fig_${key}`) })))),
    h('tbody', {}, f.payments.map((r) => h('tr', {}, [
      h('td', { text: formatDay(r.day) }),
      h('td', { text: rate(r.rate_bp) }),
      h('td', { class: 'num', text: formatMoney(r.received_cents) }),
      h('td', { class: 'num', text: formatMoney(r.tax_cents) }),
    ]))),
  ]) : null;
  return h('div', {}, [
    h('h3', { text: t('ereporting.sales_title') }),
    sales,
    payments ? h('h3', { text: t('ereporting.payments_title') }) : null,
    payments,
  ]);
}
