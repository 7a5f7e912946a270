// A counter sale: parts sold over the counter, no repair order. The dialog
// picks the customer and takes free lines; core checks them and makes the
// draft, which opens on its own page to be issued.

import * as api from '../api.js';
import { t, formatMoneyInput, formatNumber } from '../i18n/index.js';
import { milliInput } from './order-text.js';
import { h } from '../dom.js';
import { errorDisplay } from '../forms.js';
import { customerPicker } from './customer-picker.js';

const KINDS = ['part', 'fee', 'labour'];

/**
 * `#sale-dialog`; `open()` shows it empty, `edit(draft)` shows a counter-sale
 * draft to change; `onSaved(invoice)` gets the draft saved.
 */
export function counterSaleDialog({ onSaved = () => {}, fallbackFocus = () => {} } = {}) {
  const picker = customerPicker({ prefix: 'sale-customer', label: t('sale.customer') });
  const rows = h('tbody', { id: 'sale-lines' });
  const addLine = h('button', { id: 'sale-add-line', type: 'button', text: t('sale.add_line') });
  const formError = h('p', { id: 'sale-error', class: 'form-error', role: 'alert' });
  const cancel = h('button', { type: 'button', id: 'sale-cancel', text: t('confirm.cancel') });
  const save = h('button', { type: 'submit', id: 'sale-save', class: 'primary', text: t('sale.save') });
  const title = h('h2', { id: 'sale-title', text: t('sale.title') });
  let editing = null;
  const form = h('form', { id: 'sale-form', novalidate: true, class: 'dialog-frame' }, [
    title,
    formError,
    h('div', { class: 'dialog-body' }, [
      h('input', { type: 'hidden', name: 'customer_id' }),
      picker.element,
      h('table', { class: 'list sale-lines' }, [
        h('colgroup', {}, ['kind', 'description', 'qty', 'money', 'vat']
          .map((c) => h('col', { class: `col-sale-${c}` }))),
        h('thead', {}, h('tr', {}, [
          h('th', { scope: 'col', text: t('sale.kind') }),
          h('th', { scope: 'col', text: t('sale.description') }),
          h('th', { scope: 'col', text: t('sale.quantity') }),
          h('th', { scope: 'col', text: t('sale.unit_price') }),
          h('th', { scope: 'col', text: t('sale.vat') }),
        ])),
        rows,
      ]),
      addLine,
    ]),
    h('div', { class: 'dialog-actions' }, [cancel, save]),
  ]);
  const dialog = h('dialog', { id: 'sale-dialog', class: 'wide', 'aria-labelledby': 'sale-title' }, form);
  const errors = errorDisplay(form, formError, { customer_id: () => picker.focus() });

  function line() {
    const n = rows.children.length;
    const cell = (name, control) => {
      control.name = name;
      control.setAttribute('aria-label', t(`sale.${name === 'unit_price' ? 'unit_price' : name}`));
      control.id = `sale-${name.replaceAll('_', '-')}-${n}`;
      return h('td', {}, control);
    };
    rows.append(h('tr', { 'data-line': String(n) }, [
      cell('kind', h('select', {}, KINDS.map((k) => h('option', { value: k, text: t(`sale.kind_${k}`) })))),
      cell('description', h('input', { type: 'text' })),
      cell('quantity', h('input', { type: 'text', inputmode: 'decimal', value: '1' })),
      cell('unit_price', h('input', { type: 'text', inputmode: 'decimal' })),
      cell('vat', h('input', { type: 'text', inputmode: 'decimal', placeholder: '20' })),
    ]));
  }

  function read() {
    const lines = [...rows.querySelectorAll('tr')].map((tr) => {
      const v = (name) => tr.querySelector(`[name="${name}"]`).value;
      const kind = v('kind');
      const amount = kind === 'labour'
        ? { hours: v('quantity'), hourly_rate: v('unit_price') }
        : { quantity: v('quantity'), unit_price: v('unit_price') };
      return { kind, description: v('description'), vat: v('vat') || null, ...amount };
    }).filter((l) => l.description.trim() !== '');
    return { customer_id: picker.chosen?.id ?? null, lines };
  }

  addLine.addEventListener('click', () => {
    line();
    rows.lastElementChild.querySelector('[name="description"]').focus();
  });
  cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => fallbackFocus());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    save.disabled = true;
    try {
      const invoice = editing ? await api.updateInvoiceDraft(editing.id, read()) : await api.draftCounterSale(read());
      dialog.close();
      onSaved(invoice);
    } catch (error) {
      errors.show(error);
    } finally {
      save.disabled = false;
    }
  });

  return {
    dialog,
    open() {
      editing = null;
      title.textContent = t('sale.title');
      errors.clear();
      picker.reset();
      rows.replaceChildren();
      line();
      dialog.showModal();
      picker.focus();
    },
    edit(draft) {
      editing = draft;
      title.textContent = t('sale.edit_title');
      errors.clear();
      picker.reset();
      picker.choose({ id: draft.customer_id, display_name: draft.customer_name });
      rows.replaceChildren();
      for (const l of draft.lines) {
        line();
        const tr = rows.lastElementChild;
        const set = (name, value) => { tr.querySelector(`[name="${name}"]`).value = value; };
        set('kind', l.kind);
        set('description', l.description);
        set('quantity', milliInput(l.quantity_milli));
        set('unit_price', formatMoneyInput(l.unit));
        set('vat', formatNumber(l.vat / 100, { maximumFractionDigits: 2, useGrouping: false }));
      }
      if (!draft.lines.length) line();
      dialog.showModal();
      rows.querySelector('[name="description"]')?.focus();
    },
    dispose() { picker.dispose(); },
  };
}
