// The orders board (#/ordres): estimates and repair orders by where they
// stand, with the customer, the car, the promised time, who works on it, the
// checklist's progress and the total. « Nouveau devis » starts an estimate;
// « Forfaits » manages the canned jobs.

import * as api from '../api.js';
import { t, plural, formatMoney } from '../i18n/index.js';
import { h } from '../dom.js';
import { screen } from '../screen.js';
import { orderDialog } from './order-new.js';
import { statusBadge, promisedText } from './order-text.js';

/** The board's views: which statuses each shows. */
const VIEWS = {
  open: [],
  estimate: ['estimate'],
  work: ['accepted', 'in_progress', 'waiting_parts'],
  done: ['done'],
  invoiced: ['invoiced'],
  cancelled: ['cancelled'],
};

let lastView = 'open';

export const { render, dispose } = screen((container, params, life) => createScreen(container, life));

/** The rows of a board as a table: `#{id}` with tr[data-id] rows that open the order. */
export function boardTable(id, rows, { caption }) {
  const body = h('tbody', {}, rows.map((row) => h('tr', { 'data-id': row.order_id, tabindex: 0 }, [
    h('td', { class: 'mono', text: row.number }),
    h('td', {}, statusBadge(row.status)),
    h('td', { class: 'name wrap', text: row.customer_name }),
    h('td', { class: 'wrap' }, [
      h('span', { class: 'mono', text: row.plate ?? '' }),
      row.vehicle_label ? h('span', { class: 'line muted', text: row.vehicle_label }) : null,
    ]),
    h('td', { class: 'date', text: promisedText(row.promised_at) }),
    h('td', { class: 'wrap', text: row.mechanics.join(', ') }),
    h('td', { class: 'num' }, [
      row.progress.total ? `${row.progress.done}/${row.progress.total}` : '',
      row.to_price ? h('span', { class: 'badge small', text: t('order.to_price') }) : null,
    ]),
    h('td', { class: 'num', text: row.total === null ? '' : formatMoney(row.total) }),
  ])));
  const open = (event) => {
    const tr = event.target.closest('tr[data-id]');
    if (tr) location.hash = `#/ordres/${encodeURIComponent(tr.dataset.id)}`;
  };
  body.addEventListener('click', open);
  body.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') open(event);
  });
  return h('div', { class: 'table-wrap' }, h('table', { id, class: 'list compact orders-list' }, [
    h('caption', { class: 'visually-hidden', text: caption }),
    h('thead', {}, h('tr', {}, [
      'order.col_number', 'order.col_status', 'order.col_customer', 'order.col_vehicle',
      'order.col_promised', 'order.col_mechanics', 'order.col_progress', 'order.col_total',
    ].map((key, i) => h('th', { scope: 'col', class: i >= 6 ? 'num' : null, text: t(key) })))),
    body,
  ]));
}

function createScreen(container, life) {
  const dialog = orderDialog({
    onSaved: (order) => { location.hash = `#/ordres/${encodeURIComponent(order.id)}`; },
  });
  const count = h('span', { id: 'orders-count', class: 'count' });
  const tabs = h('div', { id: 'orders-filter', class: 'tabs', role: 'group', 'aria-label': t('order.filter') },
    Object.keys(VIEWS).map((view) => h('button', {
      type: 'button', 'data-view': view, 'aria-pressed': String(view === lastView), text: t(`order.view_${view}`),
    })));
  const error = h('p', { id: 'orders-error', class: 'form-error', role: 'alert' });
  const slot = h('div');
  const empty = h('p', { id: 'orders-empty', class: 'muted empty', hidden: true });
  const newOrder = h('button', { id: 'new-order', type: 'button', class: 'primary', text: t('order.new') });
  const section = h('section', { class: 'screen orders', 'aria-labelledby': 'screen-title' }, [
    h('div', { class: 'screen-header' }, [
      h('h1', { id: 'screen-title' }, [t('nav.orders'), ' ', count]),
      h('div', { class: 'page-actions' }, [
        newOrder,
        h('a', { id: 'open-canned', class: 'button-link', href: '#/ordres/forfaits', text: t('canned.title') }),
      ]),
    ]),
    tabs,
    error,
    slot,
    empty,
    dialog.dialog,
  ]);
  container.append(section);

  async function load() {
    const current = life.next();
    try {
      const rows = await api.ordersBoard({ statuses: VIEWS[lastView] });
      if (!current()) return;
      error.textContent = '';
      count.textContent = plural('order.count', rows.length);
      slot.replaceChildren(rows.length ? boardTable('orders-list', rows, { caption: t('nav.orders') }) : '');
      empty.hidden = rows.length > 0;
      empty.textContent = t(`order.empty_${lastView}`);
    } catch (failure) {
      if (current()) error.textContent = failure.message;
    }
  }

  tabs.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-view]');
    if (!button) return;
    lastView = button.dataset.view;
    for (const b of tabs.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b === button));
    load();
  });
  newOrder.addEventListener('click', () => dialog.open());
  load();

  return () => dialog.dispose();
}
