// The order page's lines: the table of the order's own lines with their
// totals, adding and changing a line (the line dialog), dropping in a canned
// job, and the customer's approval once the estimate is signed. Supplements
// (order-supplements.js) show their lines with the same table.

import * as api from '../api.js';
import { t, formatMoney, formatDay } from '../i18n/index.js';
import { h } from '../dom.js';
import { confirmAction } from '../confirm.js';
import { lineToInput } from './order-line.js';
import { lineQuantity, lineNotes, lineUnit, vatText, totalsTable, panel } from './order-text.js';

/**
 * The `#order-lines-title` panel. `view` is what the page's sections share
 * (order.js). Returns the panel `element`, `show(page, canned)`, and for the
 * supplements `lineRow(line, editable)`, `linesTable(tableId, rows,
 * caption)` and `addLine(supplementId)`. Which lines may change, and whether
 * lines may be added, is core's answer on the page.
 */
export function linesSection(view) {
  const { id, act, dialogs } = view;
  const lines = h('div');
  const addButton = h('button', { id: 'add-line', type: 'button', class: 'primary', text: t('order.line_add') });
  const cannedSelect = h('select', { id: 'canned-select', 'aria-label': t('canned.choose') });
  const applyCanned = h('button', { id: 'apply-canned', type: 'button', text: t('canned.apply') });
  const lineTools = h('div', { class: 'line-tools' }, [addButton, h('span', { class: 'canned-pick' }, [cannedSelect, applyCanned])]);
  const signedNote = h('p', { class: 'muted', text: t('order.signed_note'), hidden: true });
  const totals = h('div', { class: 'totals-wrap' });
  const approval = h('div', { id: 'order-approval-block' });
  const element = panel('order-lines', 'order.lines', [lines, lineTools, signedNote, totals, approval]);

  function lineRow(line, editable) {
    const edit = editable ? h('button', { type: 'button', class: 'link', 'data-action': 'edit', text: t('order.line_edit') }) : null;
    const remove = editable ? h('button', { type: 'button', class: 'link danger-link', 'data-action': 'remove', text: t('order.line_remove') }) : null;
    return h('tr', { 'data-id': line.id, 'data-kind': line.kind, class: line.from_bench && !line.unit ? 'to-price' : null }, [
      h('td', { class: 'wrap' }, [
        h('span', { class: 'line-description', text: line.description }),
        lineNotes(line) ? h('span', { class: 'line muted', text: lineNotes(line) }) : null,
      ]),
      h('td', { class: 'num', text: lineQuantity(line) }),
      h('td', { class: 'num', text: lineUnit(line) }),
      h('td', { class: 'num', text: vatText(line.vat) }),
      h('td', { class: 'num', text: formatMoney(line.net) }),
      h('td', { class: 'actions-cell' }, h('span', { class: 'row-actions' }, [edit, remove])),
    ]);
  }

  function linesTable(tableId, rows, caption) {
    const body = h('tbody', {}, rows);
    body.addEventListener('click', (event) => {
      const action = event.target.closest('button[data-action]');
      const tr = event.target.closest('tr[data-id]');
      if (!action || !tr) return;
      const line = view.state.page.lines.find((l) => l.id === tr.dataset.id);
      if (action.dataset.action === 'edit') editLine(line);
      else removeLine(action, line);
    });
    return h('div', { class: 'table-wrap' }, h('table', { id: tableId, class: 'list compact lines' }, [
      h('caption', { class: 'visually-hidden', text: caption }),
      h('thead', {}, h('tr', {}, [
        h('th', { scope: 'col', text: t('order.col_description') }),
        h('th', { scope: 'col', class: 'num', text: t('order.col_quantity') }),
        h('th', { scope: 'col', class: 'num', text: t('order.col_unit') }),
        h('th', { scope: 'col', class: 'num', text: t('order.col_vat') }),
        h('th', { scope: 'col', class: 'num', text: t('order.col_net') }),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden', text: t('order.col_actions') })),
      ])),
      body,
    ]));
  }

  function show(page, canned) {
    const { offers } = page;
    const own = page.lines.filter((l) => !l.supplement_id);
    lines.replaceChildren(own.length
      ? linesTable('order-lines', own.map((l) => lineRow(l, page.editable_lines.includes(l.id))), t('order.lines'))
      : h('p', { id: 'order-no-lines', class: 'muted', text: t('order.no_lines') }));
    lineTools.hidden = !offers.lines_open;
    cannedSelect.replaceChildren(
      h('option', { value: '', text: canned.length ? t('canned.choose') : t('canned.none_yet') }),
      ...canned.map((job) => h('option', { value: job.id, text: job.name })),
    );
    applyCanned.disabled = !canned.length;
    signedNote.hidden = offers.lines_open || !offers.open;
    totals.replaceChildren(totalsTable(page.totals, 'order-totals'));
    approval.replaceChildren(...(page.approval ? [
      h('p', { id: 'order-approval', text: t('order.approved_by', { name: page.approval.signer_name, date: formatDay(page.approval.accepted_on) }) }),
      page.approval.recycled_parts_accepted == null ? null
        : h('p', { class: 'muted', text: page.approval.recycled_parts_accepted ? t('order.piec_accepted') : t('order.piec_declined') }),
    ].filter(Boolean) : []));
  }

  async function editLine(line) {
    const saved = await dialogs.line.ask({
      title: t('order.line_edit_title'),
      line: lineToInput(line),
      save: (input) => api.updateOrderLine(line.id, { ...input, supplement_id: line.supplement_id }),
    });
    if (saved) await view.load();
  }

  async function removeLine(b, line) {
    const yes = await confirmAction({
      title: t('order.line_remove_title'), paragraphs: [line.description], confirmLabel: t('order.line_remove'), danger: true,
    });
    if (yes) await act(b, () => api.removeOrderLine(line.id), t('order.line_removed'));
  }

  async function addLine(supplementId = null) {
    const saved = await dialogs.line.ask({
      title: supplementId ? t('order.supplement_line_title') : t('order.line_add_title'),
      save: (input) => api.addOrderLine(id, { ...input, supplement_id: supplementId }),
    });
    if (saved) await view.load();
  }

  addButton.addEventListener('click', () => addLine());
  applyCanned.addEventListener('click', () => {
    const jobId = cannedSelect.value;
    if (!jobId) {
      cannedSelect.focus();
      return;
    }
    act(applyCanned, () => api.applyCannedJob(id, jobId), (added) => t('canned.applied', { count: added.length }));
  });

  return { element, show, lineRow, linesTable, addLine };
}
