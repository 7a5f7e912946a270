// Invoices: the list with its status filter and the unpaid ones by age, the
// counter-sale draft, and the day's takings to print at closing. One invoice's
// page is in invoice.js.

import * as api from '../api.js';
import { t, formatDay, formatDateTime, formatMoney, formatNumber, todayDay } from '../i18n/index.js';
import { confirmAction } from '../confirm.js';
import { h } from '../dom.js';
import { screen } from '../screen.js';
import { counterSaleDialog } from './invoice-sale.js';
import { statusBadge } from './invoice-text.js';
import { dateInput } from '../date-input.js';

const STATUSES = ['', 'open', 'draft', 'unpaid', 'partly_paid', 'overdue', 'paid', 'cancelled', 'issued'];

export const { render, dispose } = screen((container, { id }, life) => (id === 'caisse'
  ? cashScreen(container, life)
  : listScreen(container, life)));

function listScreen(container, life) {
  const filter = h('select', { id: 'invoice-status-filter' },
    STATUSES.map((s) => h('option', { value: s, text: t(s ? `invoice.status_${s}` : 'invoices.all') })));
  const error = h('p', { id: 'invoice-list-error', class: 'form-error', role: 'alert' });
  const body = h('tbody');
  const table = h('table', { id: 'invoice-list', class: 'list' }, [
    h('caption', { class: 'visually-hidden', text: t('invoices.title') }),
    h('colgroup', {}, ['number', 'date', 'customer', 'money', 'money', 'status']
      .map((c) => h('col', { class: `col-inv-${c}` }))),
    h('thead', {}, h('tr', {}, [
      h('th', { scope: 'col', text: t('invoices.col_number') }),
      h('th', { scope: 'col', text: t('invoices.col_date') }),
      h('th', { scope: 'col', text: t('invoices.col_customer') }),
      h('th', { scope: 'col', class: 'num', text: t('invoices.col_total') }),
      h('th', { scope: 'col', class: 'num', text: t('invoices.col_balance') }),
      h('th', { scope: 'col', text: t('invoices.col_status') }),
    ])),
    body,
  ]);
  const empty = h('p', { id: 'invoice-empty', class: 'empty', hidden: true, text: t('invoices.empty') });
  const ageing = h('dl', { id: 'invoice-ageing', class: 'ageing' });
  const newSale = h('button', { id: 'new-counter-sale', type: 'button', class: 'primary', text: t('invoices.new_sale') });
  const cash = h('a', { id: 'open-cash-summary', href: '#/factures/caisse', class: 'button-link', text: t('invoices.cash_summary') });
  const sale = counterSaleDialog({
    onSaved: (invoice) => { location.hash = `#/factures/${encodeURIComponent(invoice.id)}`; },
    fallbackFocus: () => newSale.focus(),
  });
  container.append(h('section', { class: 'screen invoices', 'aria-labelledby': 'screen-title' }, [
    h('div', { class: 'screen-header' }, [
      h('h1', { id: 'screen-title', text: t('invoices.title') }),
      h('div', { class: 'header-actions' }, [cash]),
    ]),
    h('section', { class: 'panel', 'aria-labelledby': 'ageing-title' }, [
      h('h2', { id: 'ageing-title', text: t('invoices.unpaid_title') }),
      ageing,
    ]),
    h('div', { class: 'toolbar' }, [
      h('div', { class: 'field' }, [h('label', { for: 'invoice-status-filter', text: t('invoices.filter') }), filter]),
      newSale,
    ]),
    error, h('div', { class: 'table-wrap' }, table), empty, sale.dialog,
  ]));

  async function load() {
    const current = life.next();
    try {
      const [rows, unpaid] = await Promise.all([
        api.listInvoices({ status: filter.value || null }),
        api.unpaidInvoices(),
      ]);
      if (!current()) return;
      error.textContent = '';
      body.replaceChildren(...rows.map((inv) => h('tr', { 'data-id': inv.id, tabindex: '0' }, [
        h('td', { text: inv.number ?? t('invoice.draft') }),
        h('td', { text: inv.issued_on ? formatDay(inv.issued_on) : '' }),
        h('td', { text: inv.customer_name }),
        h('td', { class: 'num', text: formatMoney(inv.kind === 'credit_note' ? -inv.gross : inv.gross) }),
        h('td', { class: 'num', text: inv.number && inv.kind === 'invoice' ? formatMoney(inv.balance) : '' }),
        h('td', {}, statusBadge(inv)),
      ])));
      empty.hidden = rows.length > 0;
      ageing.replaceChildren(...unpaid.buckets.flatMap((b) => [
        h('dt', { text: t(`ageing.${b.ageing}`) }),
        h('dd', { 'data-ageing': b.ageing, text: `${formatMoney(b.total)} (${b.count})` }),
      ]), h('dt', { text: t('invoices.unpaid_total') }), h('dd', { id: 'unpaid-total', text: formatMoney(unpaid.total) }));
    } catch (e) {
      if (current()) error.textContent = e.message;
    }
  }

  const open = (row) => { location.hash = `#/factures/${encodeURIComponent(row.dataset.id)}`; };
  body.addEventListener('click', (event) => {
    const row = event.target.closest('tr[data-id]');
    if (row) open(row);
  });
  body.addEventListener('keydown', (event) => {
    const row = event.target.closest('tr[data-id]');
    if (row && event.key === 'Enter') {
      event.preventDefault();
      open(row);
    }
  });
  filter.addEventListener('change', load);
  newSale.addEventListener('click', () => sale.open());
  load();
  return () => sale.dispose();
}

/**
 * The takings of a day, per workstation and method, laid out to print; with
 * this station's closure of the day (the Z report) once it is closed, and
 * « Clôturer la journée », which closes today and prints it.
 */
function cashScreen(container, life) {
  const day = dateInput({ id: 'cash-day', value: todayDay() });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const body = h('div', { id: 'cash-summary' });
  const zReport = h('div', { id: 'z-report' });
  const print = h('button', { id: 'cash-print', type: 'button', text: t('cash.print') });
  const close = h('button', { id: 'cash-close', type: 'button', class: 'primary', text: t('cash.close'), hidden: true });
  container.append(h('section', { class: 'screen cash printable', 'aria-labelledby': 'screen-title' }, [
    h('a', { href: '#/factures', class: 'back no-print', text: t('invoice.back') }),
    h('h1', { id: 'screen-title', text: t('cash.title') }),
    h('div', { class: 'toolbar no-print' }, [
      h('div', { class: 'field' }, [h('label', { for: 'cash-day', text: t('cash.day') }), day]),
      print, close,
    ]),
    error, zReport, body,
  ]));

  async function load() {
    try {
      const [summary, closing] = await Promise.all([
        api.cashSummary(day.value || null),
        api.dayClosure(day.value || null),
      ]);
      if (life.disposed) return;
      error.textContent = '';
      close.hidden = !closing.can_close;
      zReport.replaceChildren(closing.closure
        ? zTicket(closing.closure)
        : h('p', { class: 'muted', id: 'z-open', text: t('z.open', { station: closing.station }) }));
      const table = (caption, methods, total, change) => h('table', { class: 'list cash-table' }, [
        h('caption', { text: caption }),
        h('thead', {}, h('tr', {}, [
          h('th', { scope: 'col', text: t('cash.method') }),
          h('th', { scope: 'col', class: 'num', text: t('cash.count') }),
          h('th', { scope: 'col', class: 'num', text: t('cash.total') }),
        ])),
        h('tbody', {}, [
          ...methods.map((m) => h('tr', { 'data-method': m.method }, [
            h('td', { text: t(`payment.method_${m.method}`) }),
            h('td', { class: 'num', text: String(m.count) }),
            h('td', { class: 'num', text: formatMoney(m.total) }),
          ])),
          change === null ? null : h('tr', {}, [
            h('td', { text: t('cash.change_given') }), h('td'), h('td', { class: 'num', text: formatMoney(change) }),
          ]),
          h('tr', { class: 'total' }, [
            h('th', { scope: 'row', text: t('cash.total') }), h('td'),
            h('td', { class: 'num', text: formatMoney(total) }),
          ]),
        ]),
      ]);
      body.replaceChildren(
        h('p', { text: t('cash.for_day', { day: formatDay(summary.day) }) }),
        ...summary.stations.map((s) => table(t('cash.station', { station: s.station }), s.methods, s.total, s.change_given)),
        table(t('cash.all_stations'), summary.methods, summary.total, null),
      );
    } catch (e) {
      if (!life.disposed) error.textContent = e.message;
    }
  }

  close.addEventListener('click', async () => {
    const ok = await confirmAction({
      title: t('cash.close_title', { day: formatDay(todayDay()) }),
      paragraphs: [t('cash.close_body'), t('cash.close_final')],
      confirmLabel: t('cash.close'),
    });
    if (!ok) return;
    close.disabled = true;
    try {
      const closed = await api.closeDay();
      day.value = closed.day;
      await load();
      if (!life.disposed) window.print();
    } catch (e) {
      error.textContent = e.message;
    } finally {
      close.disabled = false;
    }
  });
  day.addEventListener('change', load);
  print.addEventListener('click', () => window.print());
  load();
}

/** A day's closure as the Z report prints it: its totals, grand totals and hash. */
function zTicket(c) {
  const z = c.totals;
  const numbers = (first, last) => (first ? (first === last ? first : `${first} → ${last}`) : '—');
  const row = (label, value, id) => h('tr', id ? { id } : {}, [
    h('th', { scope: 'row', text: label }), h('td', { class: 'num', text: value }),
  ]);
  return h('section', { class: 'z-ticket', 'aria-labelledby': 'z-title' }, [
    h('h2', { id: 'z-title', text: t('z.title', { seq: c.seq, day: formatDay(c.period_start) }) }),
    h('p', { class: 'muted', text: t('z.closed_by', { station: c.station, who: c.user_name, at: formatDateTime(new Date(c.closed_at).toISOString()) }) }),
    h('table', { class: 'list z-table' }, [
      h('tbody', {}, [
        row(t('z.invoices'), `${z.invoices} (${numbers(z.first_invoice, z.last_invoice)})`, 'z-invoices'),
        row(t('z.credit_notes'), `${z.credit_notes} (${numbers(z.first_credit_note, z.last_credit_note)})`, 'z-credit-notes'),
        row(t('z.net'), formatMoney(z.net_cents)),
        ...z.vat.map((v) => row(t('z.vat_rate', { rate: formatRate(v.rate_bp) }), formatMoney(v.tax_cents))),
        row(t('z.gross'), formatMoney(z.gross_cents), 'z-gross'),
        row(t('z.credited'), formatMoney(z.credited_cents)),
        ...z.payments.map((p) => row(t(`payment.method_${p.method}`), `${p.count} · ${formatMoney(p.total_cents)}`)),
        row(t('z.received'), formatMoney(z.received_cents)),
        row(t('z.period_total'), formatMoney(c.period_total_cents)),
        row(t('z.perpetual_total'), formatMoney(c.perpetual_total_cents), 'z-perpetual'),
        row(t('z.perpetual_abs'), formatMoney(c.perpetual_abs_cents)),
      ]),
    ]),
    h('p', { class: 'z-hash' }, [h('span', { text: t('z.hash') }), ' ', h('code', { text: c.hash })]),
  ]);
}

/** A VAT rate in basis points as a person reads it (2000 → « 20 % »). */
function formatRate(bp) {
  return `${formatNumber(bp / 100)}\u00a0%`;
}
