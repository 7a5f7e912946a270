// The stock room: the catalogue with its search (a barcode scanner types the
// code and presses Enter), parts below zero in red, what to order, purchase
// orders and the stocktake.

import * as api from '../api.js';
import { t, formatMoney } from '../i18n/index.js';
import { h } from '../dom.js';
import { screen } from '../screen.js';
import { showToast } from '../toast.js';
import { confirmAction } from '../confirm.js';
import { onHandCell, qtyText, qtyWithUnit } from './stock-text.js';
import { partDialog, deliveryDialog } from './stock-dialogs.js';
import { importBar, listenForDrops, supplierInvoicesTab } from './supplier-invoices.js';

const SEARCH_DELAY_MS = 150;
const TABS = [
  ['catalogue', '#/stock'],
  ['reorder', '#/stock/reappro'],
  ['purchases', '#/stock/commandes'],
  ['supplier_invoices', '#/stock/factures'],
  ['stocktake', '#/stock/inventaire'],
];
const TAB_OF_ID = { reappro: 'reorder', commandes: 'purchases', factures: 'supplier_invoices', inventaire: 'stocktake' };
const STOCKTAKE_KEY = 'atelier.stocktake';

let timers = [];

export const { render, dispose } = screen((container, { id }, life) => {
  const tab = TAB_OF_ID[id] ?? 'catalogue';
  const body = h('div', { id: `stock-${tab}`, class: 'stock-tab' });
  container.append(h('section', { class: 'screen stock', 'aria-labelledby': 'screen-title' }, [
    h('div', { class: 'screen-header' }, [h('h1', { id: 'screen-title', text: t('stock.title') })]),
    h('nav', { class: 'tabs', 'aria-label': t('stock.tabs') }, TABS.map(([key, href]) => h('a', {
      id: `stock-tab-${key}`, href, 'aria-current': key === tab ? 'page' : null, text: t(`stock.tab.${key}`),
    }))),
    body,
  ]));
  const supplier_invoices = supplierInvoicesTab;
  ({ catalogue, reorder, purchases, supplier_invoices, stocktake })[tab](body, life);
  // A supplier's e-invoice dropped on the window, on the orders or the invoices.
  const stopDrops = ['purchases', 'supplier_invoices'].includes(tab) ? listenForDrops(life) : () => {};
  return () => {
    timers.forEach(clearTimeout);
    timers = [];
    stopDrops();
  };
});

function failure(error) {
  return h('p', { class: 'form-error', role: 'alert', text: error.message });
}

function openPart(id) {
  location.hash = `#/stock/pieces/${encodeURIComponent(id)}`;
}

function catalogue(body, life) {
  const search = h('input', {
    id: 'stock-search', type: 'search', autocomplete: 'off', spellcheck: 'false',
    placeholder: t('stock.search_placeholder'),
  });
  const newPart = h('button', { id: 'new-part', type: 'button', class: 'primary', text: t('stock.new_part') });
  const error = h('p', { id: 'stock-error', class: 'form-error', role: 'alert' });
  const negative = h('div', { id: 'negative-stock' });
  const rows = h('tbody');
  const empty = h('p', { id: 'stock-empty', class: 'empty', hidden: true });
  body.append(
    h('div', { class: 'toolbar' }, [
      h('div', { class: 'search' }, [
        h('label', { for: 'stock-search', class: 'visually-hidden', text: t('stock.search_label') }), search,
      ]),
      newPart,
    ]),
    error, negative,
    h('div', { class: 'table-wrap' }, h('table', { id: 'part-list', class: 'list' }, [
      h('thead', {}, h('tr', {}, [
        h('th', { scope: 'col', text: t('stock.field.reference') }),
        h('th', { scope: 'col', text: t('stock.field.description') }),
        h('th', { scope: 'col', text: t('stock.field.bin') }),
        h('th', { scope: 'col', class: 'num', text: t('stock.col_on_hand') }),
      ])),
      rows,
    ])),
    empty,
  );
  let shown = [];

  async function load() {
    const current = life.next();
    const query = search.value.trim();
    try {
      const list = query
        ? (await api.searchParts(query, 50)).map((p) => ({ ...p, part_id: p.id }))
        : await api.listParts({ limit: 200 });
      if (!current()) return list;
      shown = list;
      error.textContent = '';
      rows.replaceChildren(...list.map((p) => h('tr', { 'data-id': p.part_id, tabindex: '0' }, [
        h('td', { class: 'mono', text: p.reference }),
        h('td', { text: p.description }),
        h('td', { text: p.bin ?? '' }),
        onHandCell(p.on_hand_milli, p.unit),
      ])));
      empty.hidden = list.length > 0;
      empty.textContent = query ? t('stock.no_match', { query }) : t('stock.empty');
      return list;
    } catch (e) {
      if (current()) error.textContent = e.message;
      return [];
    }
  }

  async function loadNegative() {
    try {
      const list = await api.negativeStock();
      if (life.disposed) return;
      negative.replaceChildren(...(list.length ? [
        h('h2', { class: 'stock-negative', text: t('stock.negative_title', { count: list.length }) }),
        h('ul', { class: 'plain' }, list.map((p) => h('li', {}, h('a', {
          href: `#/stock/pieces/${encodeURIComponent(p.part_id)}`, class: 'stock-negative',
          text: t('stock.negative_line', { reference: p.reference, description: p.description, quantity: qtyWithUnit(p.on_hand_milli, p.unit) }),
        })))),
      ] : []));
    } catch (e) {
      if (!life.disposed) error.textContent = e.message;
    }
  }

  search.addEventListener('input', () => {
    timers.forEach(clearTimeout);
    timers = [setTimeout(load, SEARCH_DELAY_MS)];
  });
  search.addEventListener('keydown', async (event) => {
    if (event.key === 'Enter') {
      // A scanner types the code then Enter: search at once and open the best match.
      event.preventDefault();
      timers.forEach(clearTimeout);
      const list = await load();
      if (list.length && search.value.trim()) openPart(list[0].part_id);
    } else if (event.key === 'ArrowDown') {
      const first = rows.querySelector('tr[data-id]');
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  rows.addEventListener('click', (event) => {
    const row = event.target.closest('tr[data-id]');
    if (row) openPart(row.dataset.id);
  });
  rows.addEventListener('keydown', (event) => {
    const row = event.target.closest('tr[data-id]');
    if (!row) return;
    if (event.key === 'Enter') openPart(row.dataset.id);
    else if (event.key === 'ArrowDown' && row.nextElementSibling) row.nextElementSibling.focus();
    else if (event.key === 'ArrowUp') (row.previousElementSibling ?? search).focus();
  });
  newPart.addEventListener('click', async () => {
    const part = await partDialog();
    if (part) openPart(part.id);
  });
  load();
  loadNegative();
  search.focus();
  return shown;
}

async function reorder(body, life) {
  try {
    const [low, suggestions] = await Promise.all([api.lowStock(), api.purchaseSuggestions()]);
    if (life.disposed) return;
    body.replaceChildren(
      h('h2', { text: t('stock.low_title') }),
      low.length ? h('div', { class: 'table-wrap' }, h('table', { id: 'low-stock', class: 'list' }, [
        h('thead', {}, h('tr', {}, [
          h('th', { scope: 'col', text: t('stock.field.reference') }),
          h('th', { scope: 'col', text: t('stock.field.description') }),
          h('th', { scope: 'col', class: 'num', text: t('stock.col_on_hand') }),
          h('th', { scope: 'col', class: 'num', text: t('stock.col_on_order') }),
          h('th', { scope: 'col', class: 'num', text: t('stock.col_point') }),
          h('th', { scope: 'col', class: 'num', text: t('stock.col_suggested') }),
        ])),
        h('tbody', {}, low.map((l) => h('tr', { 'data-id': l.part_id }, [
          h('td', { class: 'mono', text: l.reference }),
          h('td', { text: l.description }),
          onHandCell(l.on_hand_milli, l.unit),
          h('td', { class: 'num', text: qtyText(l.on_order_milli) }),
          h('td', { class: 'num', text: qtyText(l.reorder_point_milli) }),
          h('td', { class: 'num', text: qtyText(l.suggested_milli) }),
        ]))),
      ])) : h('p', { id: 'low-stock-empty', class: 'empty', text: t('stock.low_empty') }),
      h('h2', { text: t('stock.suggested_title') }),
      h('div', { id: 'suggestions' }, suggestions.map((s, i) => {
        const button = h('button', {
          id: `suggest-${i}`, type: 'button', class: 'primary', text: t('stock.create_order'), disabled: !s.supplier_id,
        });
        button.addEventListener('click', async () => {
          button.disabled = true;
          try {
            const order = await api.createSuggestedPurchase(s.supplier_id);
            showToast(t('stock.order_created', { number: order.number }));
            location.hash = '#/stock/commandes';
          } catch (e) {
            button.disabled = false;
            body.prepend(failure(e));
          }
        });
        return h('div', { class: 'suggestion' }, [
          h('h3', { text: s.supplier_name ?? t('stock.no_supplier') }),
          h('p', {
            text: `${s.lines.map((l) => `${l.reference} × ${qtyText(l.suggested_milli)}`).join(', ')} — ${formatMoney(s.total_cents)}`,
          }),
          button,
        ]);
      })),
    );
  } catch (e) {
    if (!life.disposed) body.replaceChildren(failure(e));
  }
}

async function purchases(body, life) {
  const reload = () => purchases(body, life);
  try {
    const orders = await api.listPurchases(false);
    if (life.disposed) return;
    const action = (label, idName, run) => {
      const button = h('button', { id: idName, type: 'button', text: label });
      button.addEventListener('click', async () => {
        try {
          if (await run() !== false) reload();
        } catch (e) {
          body.prepend(failure(e));
        }
      });
      return button;
    };
    body.replaceChildren();
    // A supplier's e-invoice for one of these orders: imported, matched, received.
    importBar(body, life, reload);
    body.append(orders.length ? h('table', { id: 'purchase-list', class: 'list' }, [
      h('thead', {}, h('tr', {}, [
        h('th', { scope: 'col', text: t('stock.col_number') }),
        h('th', { scope: 'col', text: t('stock.field.supplier') }),
        h('th', { scope: 'col', text: t('stock.col_status') }),
        h('th', { scope: 'col', text: t('stock.col_lines') }),
        h('th', { scope: 'col', class: 'num', text: t('stock.col_total') }),
        h('th', { scope: 'col', text: t('stock.col_actions') }),
      ])),
      h('tbody', {}, orders.map((o) => {
        const open = ['draft', 'sent', 'partial'].includes(o.status);
        return h('tr', { 'data-id': o.id, 'data-status': o.status }, [
          h('td', { class: 'mono', text: o.number }),
          h('td', { text: o.supplier_name }),
          h('td', { class: 'purchase-status', text: t(`stock.status.${o.status}`) }),
          h('td', { text: o.lines.map((l) => `${l.reference} ${qtyText(l.received_milli)}/${qtyText(l.quantity_milli)}`).join(', ') }),
          h('td', { class: 'num', text: formatMoney(o.total_cents) }),
          h('td', { class: 'actions' }, [
            o.status === 'draft' ? action(t('stock.send'), `send-${o.number}`, () => api.sendPurchase(o.id)) : null,
            action(t('stock.pdf'), `pdf-${o.number}`, async () => {
              const { path } = await api.purchaseOrderPdf(o.id);
              showToast(t('export.done', { path }), { long: true });
              return false;
            }),
            open ? action(t('stock.receive'), `receive-${o.number}`, () => deliveryDialog(o)) : null,
            open ? action(t('stock.cancel_order'), `cancel-${o.number}`, async () => {
              const yes = await confirmAction({
                title: t('stock.cancel_title', { number: o.number }),
                paragraphs: [t('stock.cancel_body')],
                confirmLabel: t('stock.cancel_order'),
                danger: true,
              });
              return yes ? api.cancelPurchase(o.id) : false;
            }) : null,
          ]),
        ]);
      })),
    ]) : h('p', { id: 'purchase-empty', class: 'empty', text: t('stock.purchases_empty') }));
  } catch (e) {
    if (!life.disposed) body.replaceChildren(failure(e));
  }
}

async function stocktake(body, life) {
  const id = localStorage.getItem(STOCKTAKE_KEY);
  const start = h('button', { id: 'stocktake-start', type: 'button', class: 'primary', text: t('stock.stocktake_start') });
  start.addEventListener('click', async () => {
    try {
      const take = await api.startStocktake();
      localStorage.setItem(STOCKTAKE_KEY, take.id);
      stocktake(body, life);
    } catch (e) {
      body.prepend(failure(e));
    }
  });
  let take = null;
  if (id) {
    try {
      take = await api.getStocktake(id);
    } catch {
      localStorage.removeItem(STOCKTAKE_KEY);
    }
  }
  if (life.disposed) return;
  if (!take || take.posted) {
    body.replaceChildren(
      ...(take?.posted ? [h('p', { id: 'stocktake-posted', text: t('stock.stocktake_posted') })] : []),
      h('p', { class: 'hint', text: t('stock.stocktake_intro') }),
      start,
    );
    if (take?.posted) localStorage.removeItem(STOCKTAKE_KEY);
    return;
  }
  const error = h('p', { id: 'stocktake-error', class: 'form-error', role: 'alert' });
  const inputs = new Map();
  const rows = take.lines.map((l) => {
    const input = h('input', {
      type: 'text', inputmode: 'decimal', class: 'count', name: 'counted', 'data-part': l.part_id,
      'aria-label': t('stock.count_of', { reference: l.reference }),
      value: l.counted_milli == null ? '' : qtyText(l.counted_milli),
    });
    inputs.set(l.part_id, input);
    const diff = l.difference_milli;
    return h('tr', { 'data-id': l.part_id }, [
      h('td', { text: l.bin ?? '' }),
      h('td', { class: 'mono', text: l.reference }),
      h('td', { text: l.description }),
      onHandCell(l.on_hand_milli, l.unit),
      h('td', {}, input),
      h('td', {
        class: diff ? 'num stock-difference' : 'num',
        text: diff == null ? '' : (diff > 0 ? '+' : '') + qtyText(diff),
      }),
    ]);
  });
  const counts = () => [...inputs].map(([part_id, input]) => ({ part_id, counted: input.value }));
  const button = (label, idName, run, primary = false) => {
    const b = h('button', { id: idName, type: 'button', class: primary ? 'primary' : null, text: label });
    b.addEventListener('click', async () => {
      error.textContent = '';
      try {
        await run();
      } catch (e) {
        error.textContent = e.message;
        if (e.field === 'counted') [...inputs.values()].find((i) => i.value.trim() && !/^[\d\s.,]+$/.test(i.value))?.focus();
      }
    });
    return b;
  };
  body.replaceChildren(
    h('div', { class: 'toolbar' }, [
      button(t('stock.stocktake_print'), 'stocktake-print', async () => {
        const { path } = await api.countSheetPdf(take.id);
        showToast(t('export.done', { path }), { long: true });
      }),
      button(t('stock.stocktake_save'), 'stocktake-save', async () => {
        await api.recordCounts(take.id, counts());
        stocktake(body, life);
      }, true),
      button(t('stock.stocktake_post'), 'stocktake-post', async () => {
        await api.recordCounts(take.id, counts());
        const yes = await confirmAction({
          title: t('stock.stocktake_post_title'),
          paragraphs: [t('stock.stocktake_post_body')],
          confirmLabel: t('stock.stocktake_post'),
        });
        if (!yes) return;
        await api.postStocktake(take.id);
        showToast(t('stock.stocktake_posted'));
        stocktake(body, life);
      }),
    ]),
    error,
    h('table', { id: 'stocktake-sheet', class: 'list' }, [
      h('thead', {}, h('tr', {}, [
        h('th', { scope: 'col', text: t('stock.field.bin') }),
        h('th', { scope: 'col', text: t('stock.field.reference') }),
        h('th', { scope: 'col', text: t('stock.field.description') }),
        h('th', { scope: 'col', class: 'num', text: t('stock.col_on_hand') }),
        h('th', { scope: 'col', text: t('stock.col_counted') }),
        h('th', { scope: 'col', class: 'num', text: t('stock.col_difference') }),
      ])),
      h('tbody', {}, rows),
    ]),
  );
}
