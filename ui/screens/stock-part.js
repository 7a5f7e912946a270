// A part's page: what it is, its stock at each site, its movements, who sells
// it and its equivalents; receive, adjust, order, edit.

import * as api from '../api.js';
import { t, formatMoney, formatDateTime } from '../i18n/index.js';
import { h } from '../dom.js';
import { screen } from '../screen.js';
import { showToast } from '../toast.js';
import { onHandCell, qtyText, movementKind } from './stock-text.js';
import {
  partDialog, receiveDialog, adjustDialog, supplierDialog, orderDialog, returnDialog, transferDialog,
} from './stock-dialogs.js';

export const { render, dispose } = screen((container, { id }, life) => {
  const section = h('section', { class: 'screen stock-part', 'aria-labelledby': 'part-reference' });
  container.append(section);
  const load = async () => {
    try {
      const [page, all] = await Promise.all([api.partPage(id), api.listSites()]);
      if (life.disposed) return;
      show(section, page, load, all);
    } catch (error) {
      if (!life.disposed) section.replaceChildren(h('p', { class: 'form-error', role: 'alert', text: error.message }));
    }
  };
  load();
});

function show(section, page, reload, sites) {
  const { part } = page;
  const here = page.sites[0] ?? null;
  const act = (label, idName, run, primary = false) => {
    const button = h('button', { id: idName, type: 'button', class: primary ? 'primary' : null, text: label });
    button.addEventListener('click', async () => {
      if (await run()) reload();
    });
    return button;
  };
  // Core leaves every price, cost and supplier price out for someone who may
  // not see them (a mechanic); a part's cost is otherwise always there.
  const priced = part.cost_cents != null;
  const facts = [
    [t('stock.field.oem_reference'), part.oem_reference],
    [t('stock.field.ean'), part.ean],
    [t('stock.field.brand'), part.brand],
    [t('stock.field.category'), part.category],
    [t('stock.field.unit'), t(`stock.unit.${part.unit}`)],
    [t('stock.field.cost_price'), priced ? formatMoney(part.cost_cents) : null],
    [t('stock.price'), !priced ? null : part.price_cents == null ? t('stock.no_price') : formatMoney(part.price_cents)],
    [t('stock.field.vat'), `${String(part.vat_bp / 100).replace('.', ',')} %`],
  ].filter(([, value]) => value);

  section.replaceChildren(...[
    h('div', { class: 'screen-header' }, [
      h('h1', { id: 'screen-title' }, [
        h('span', { id: 'part-reference', class: 'mono', text: part.reference }),
        ' ',
        h('span', { id: 'part-description', text: part.description }),
      ]),
      part.active ? null : h('p', { class: 'badge', text: t('stock.inactive') }),
      h('div', { class: 'header-actions' }, [
        h('a', { href: '#/stock', text: t('stock.back') }),
      ]),
    ]),
    h('div', { class: 'toolbar' }, [
      act(t('stock.receive'), 'part-receive', () => receiveDialog(part), true),
      act(t('stock.adjust'), 'part-adjust', () => adjustDialog(part)),
      page.suppliers.length ? act(t('stock.order'), 'part-order', async () => {
        const order = await orderDialog(part, page.suppliers);
        if (order) showToast(t('stock.order_created', { number: order.number }));
        return order;
      }) : null,
      act(t('stock.return'), 'part-return', () => returnDialog(part)),
      // The site it leaves is this workstation's; core refuses sending it to itself.
      sites.length > 1 ? act(t('stock.transfer'), 'part-transfer', () => transferDialog(
        part, sites.map((s) => ({ site_id: s.id, site_name: s.name })),
      )) : null,
      act(t('stock.add_supplier'), 'part-add-supplier', () => supplierDialog(part)),
      act(t('stock.edit'), 'part-edit', () => partDialog(part, here)),
    ]),
    h('dl', { class: 'facts' }, facts.flatMap(([label, value]) => [h('dt', { text: label }), h('dd', { text: value })])),
    h('h2', { text: t('stock.by_site') }),
    h('table', { id: 'part-sites', class: 'list' }, [
      h('thead', {}, h('tr', {}, [
        h('th', { scope: 'col', text: t('stock.col_site') }),
        h('th', { scope: 'col', text: t('stock.field.bin') }),
        h('th', { scope: 'col', class: 'num', text: t('stock.col_on_hand') }),
        h('th', { scope: 'col', class: 'num', text: t('stock.col_point') }),
        priced ? h('th', { scope: 'col', class: 'num', text: t('stock.average_cost') }) : null,
        priced ? h('th', { scope: 'col', class: 'num', text: t('stock.value') }) : null,
      ])),
      h('tbody', {}, page.sites.map((s) => h('tr', { 'data-site': s.site_id }, [
        h('td', { text: s.site_name }),
        h('td', { text: s.bin ?? '' }),
        onHandCell(s.level.on_hand_milli, part.unit),
        h('td', { class: 'num', text: s.reorder_point_milli == null ? '' : qtyText(s.reorder_point_milli) }),
        priced ? h('td', { class: 'num', text: s.level.average_cost_cents == null ? '' : formatMoney(s.level.average_cost_cents) }) : null,
        priced ? h('td', { class: 'num', text: s.level.value_cents == null ? '' : formatMoney(s.level.value_cents) }) : null,
      ]))),
    ]),
    h('h2', { text: t('stock.suppliers') }),
    page.suppliers.length ? h('ul', { id: 'part-suppliers', class: 'plain' }, page.suppliers.map((s) => h('li', {
      text: [s.supplier_name, s.supplier_reference, s.price_cents == null ? null : formatMoney(s.price_cents), s.preferred ? t('stock.preferred') : null]
        .filter((x) => x).join(' · '),
    }))) : h('p', { class: 'empty', text: t('stock.no_supplier') }),
    page.equivalents.length ? h('h2', { text: t('stock.field.equivalents') }) : null,
    page.equivalents.length ? h('ul', { id: 'part-equivalents', class: 'plain' }, page.equivalents.map((e) => h('li', {},
      e.part_id ? h('a', { href: `#/stock/pieces/${encodeURIComponent(e.part_id)}`, text: e.reference }) : e.reference))) : null,
    h('h2', { text: t('stock.movements') }),
    h('table', { id: 'part-movements', class: 'list' }, [
      h('thead', {}, h('tr', {}, [
        h('th', { scope: 'col', text: t('stock.col_when') }),
        h('th', { scope: 'col', text: t('stock.col_kind') }),
        h('th', { scope: 'col', class: 'num', text: t('stock.col_quantity') }),
        h('th', { scope: 'col', text: t('stock.field.reason') }),
      ])),
      h('tbody', {}, page.movements.map((m) => h('tr', { 'data-kind': m.kind }, [
        h('td', { text: formatDateTime(new Date(m.at_ms).toISOString()) }),
        h('td', { text: movementKind(m.kind) }),
        h('td', { class: m.quantity_milli < 0 ? 'num stock-out' : 'num', text: (m.quantity_milli > 0 ? '+' : '') + qtyText(m.quantity_milli) }),
        h('td', { text: m.reason ?? '' }),
      ]))),
    ]),
  ].filter((child) => child));
}
