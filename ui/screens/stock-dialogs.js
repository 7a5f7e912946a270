// The stock room's dialogs: a part's form, a receipt, an adjustment, a
// supplier's offer, a purchase order's delivery. Each is a small form whose
// refusal (already in the person's language) shows under the field at fault;
// nothing is decided here.

import * as api from '../api.js';
import { t, formatMoneyInput } from '../i18n/index.js';
import { h } from '../dom.js';
import { field, checkbox, errorDisplay } from '../forms.js';
import { qtyText, qtyWithUnit } from './stock-text.js';

/**
 * Opens a modal form `#{id}` with `fields` ({name, label, control?, hint?} or
 * a checkbox {name, label, check: true}) and resolves with what `submit`
 * returned, or null when cancelled. `submit(values)` may throw an ApiError:
 * its message shows and the dialog stays open.
 */
export function formDialog({ id, title, fields, saveLabel, values = {}, submit, intro = null }) {
  const opener = document.activeElement;
  const formError = h('p', { id: `${id}-error`, class: 'form-error', role: 'alert' });
  const body = h('div', { class: 'dialog-body' }, [
    intro ? h('p', { class: 'hint', text: intro }) : null,
    ...fields.map((f) => (f.check
      ? checkbox(id, f.name, f.label)
      : field(id, f.name, f.control ?? h('input', { type: 'text', autocomplete: 'off' }), f.label, { hint: f.hint ?? '' }))),
  ]);
  const cancel = h('button', { id: `${id}-cancel`, type: 'button', text: t('vehicle.cancel') });
  const save = h('button', { id: `${id}-save`, type: 'submit', class: 'primary', text: saveLabel });
  const form = h('form', { id: `${id}-form`, class: 'dialog-frame', novalidate: true, autocomplete: 'off' }, [
    h('h2', { id: `${id}-title`, text: title }), formError, body, h('div', { class: 'dialog-actions' }, [cancel, save]),
  ]);
  const dialog = h('dialog', { id, class: 'wide', 'aria-labelledby': `${id}-title` }, form);
  const errors = errorDisplay(form, formError);
  for (const f of fields) {
    const control = form.elements.namedItem(f.name);
    if (!control || values[f.name] === undefined || values[f.name] === null) continue;
    if (f.check) control.checked = Boolean(values[f.name]);
    else control.value = values[f.name];
  }
  document.body.append(dialog);

  return new Promise((resolve) => {
    let result = null;
    let busy = false;
    cancel.addEventListener('click', () => dialog.close());
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (busy) return;
      busy = true;
      save.disabled = true;
      errors.clear();
      const data = {};
      for (const f of fields) {
        const control = form.elements.namedItem(f.name);
        data[f.name] = f.check ? control.checked : control.value;
      }
      try {
        result = await submit(data);
        dialog.close();
      } catch (error) {
        errors.show(error);
      } finally {
        busy = false;
        save.disabled = false;
      }
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener?.isConnected) opener.focus();
      resolve(result);
    });
    dialog.showModal();
    form.querySelector('input, select, textarea')?.focus();
  });
}

const UNITS = ['piece', 'litre', 'set'];

/** The part form: a new part (`part` null) or an edit. Resolves with the saved Part or null. */
export function partDialog(part = null, site = null) {
  const unit = h('select', {}, UNITS.map((u) => h('option', { value: u, text: t(`stock.unit.${u}`) })));
  const text = (name) => ({ name, label: t(`stock.field.${name}`) });
  const fields = [
    text('reference'), text('description'), text('oem_reference'), text('ean'), text('brand'),
    text('category'), { name: 'unit', label: t('stock.field.unit'), control: unit },
    text('cost_price'), { ...text('sale_price'), hint: t('stock.sale_price_hint') }, text('vat'),
    text('bin'), text('reorder_point'), text('reorder_quantity'),
    { ...text('equivalents'), hint: t('stock.equivalents_hint') },
  ];
  const values = part ? {
    ...part,
    cost_price: part.cost_cents == null ? '' : formatMoneyInput(part.cost_cents),
    sale_price: part.sale_cents == null ? '' : formatMoneyInput(part.sale_cents),
    vat: String(part.vat_bp / 100).replace('.', ','),
    bin: site?.bin ?? '',
    reorder_point: site?.reorder_point_milli == null ? '' : qtyText(site.reorder_point_milli),
    reorder_quantity: site?.reorder_qty_milli == null ? '' : qtyText(site.reorder_qty_milli),
  } : { unit: 'piece', vat: '20' };
  return formDialog({
    id: 'part-dialog',
    title: part ? t('stock.edit_part') : t('stock.new_part'),
    saveLabel: t('stock.save'),
    fields,
    values,
    submit: (data) => {
      const { equivalents, ...input } = data;
      input.equivalents = equivalents.split(/[,;\n]/).map((r) => r.trim()).filter((r) => r);
      return part ? api.updatePart(part.id, input) : api.createPart(input);
    },
  });
}

/** A delivery outside a purchase order. */
export function receiveDialog(part) {
  return formDialog({
    id: 'receive-dialog',
    title: t('stock.receive_title', { reference: part.reference }),
    saveLabel: t('stock.receive'),
    fields: [
      { name: 'quantity', label: t('stock.field.quantity') },
      { name: 'unit_cost', label: t('stock.field.unit_cost'), hint: t('stock.unit_cost_hint') },
    ],
    values: { unit_cost: part.cost_cents == null ? '' : formatMoneyInput(part.cost_cents) },
    submit: (data) => api.receivePart({ part_id: part.id, ...data }),
  });
}

/** A correction either way, with its reason. */
export function adjustDialog(part) {
  return formDialog({
    id: 'adjust-dialog',
    title: t('stock.adjust_title', { reference: part.reference }),
    saveLabel: t('stock.adjust'),
    intro: t('stock.adjust_intro'),
    fields: [
      { name: 'quantity', label: t('stock.field.signed_quantity') },
      { name: 'reason', label: t('stock.field.reason') },
    ],
    submit: (data) => api.adjustStock({ part_id: part.id, ...data }),
  });
}

/** Parts sent back to a supplier, with an optional reason. */
export function returnDialog(part) {
  return formDialog({
    id: 'return-dialog',
    title: t('stock.return_title', { reference: part.reference }),
    saveLabel: t('stock.return'),
    fields: [
      { name: 'quantity', label: t('stock.field.quantity') },
      { name: 'reason', label: t('stock.field.reason') },
    ],
    submit: (data) => api.returnToSupplier({ part_id: part.id, ...data }),
  });
}

/** Parts sent from this workstation's site to another. */
export function transferDialog(part, sites) {
  const select = h('select', {}, sites.map((s) => h('option', { value: s.site_id, text: s.site_name })));
  return formDialog({
    id: 'transfer-dialog',
    title: t('stock.transfer_title', { reference: part.reference }),
    saveLabel: t('stock.transfer'),
    fields: [
      { name: 'to_site_id', label: t('stock.field.to_site'), control: select },
      { name: 'quantity', label: t('stock.field.quantity') },
    ],
    submit: (data) => api.transferStock({ part_id: part.id, ...data }),
  });
}

/** A supplier's offer for the part; a new supplier is created by its name. */
export async function supplierDialog(part) {
  const known = await api.listSuppliers();
  const list = h('datalist', { id: 'supplier-names' }, known.map((s) => h('option', { value: s.name })));
  const name = h('input', { type: 'text', list: 'supplier-names', autocomplete: 'off' });
  document.body.append(list);
  try {
    return await formDialog({
      id: 'supplier-dialog',
      title: t('stock.add_supplier'),
      saveLabel: t('stock.save'),
      fields: [
        { name: 'name', label: t('stock.field.supplier'), control: name },
        { name: 'supplier_reference', label: t('stock.field.supplier_reference') },
        { name: 'price', label: t('stock.field.price') },
        { name: 'preferred', label: t('stock.field.preferred'), check: true },
      ],
      values: { preferred: true },
      submit: async (data) => {
        const existing = known.find((s) => s.name.toLowerCase() === data.name.trim().toLowerCase());
        const supplier = existing ?? await api.createSupplier({ name: data.name });
        if (!existing) known.push(supplier);
        return api.linkSupplier({
          partId: part.id, supplierId: supplier.id, reference: data.supplier_reference,
          price: data.price, preferred: data.preferred,
        });
      },
    });
  } finally {
    list.remove();
  }
}

/** A purchase order for the part, to one of its suppliers. */
export function orderDialog(part, suppliers) {
  const select = h('select', {}, suppliers.map((s) => h('option', { value: s.supplier_id, text: s.supplier_name })));
  return formDialog({
    id: 'order-dialog',
    title: t('stock.order_title', { reference: part.reference }),
    saveLabel: t('stock.create_order'),
    fields: [
      { name: 'supplier_id', label: t('stock.field.supplier'), control: select },
      { name: 'quantity', label: t('stock.field.quantity') },
    ],
    submit: (data) => api.createPurchase(data.supplier_id, [{ part_id: part.id, quantity: data.quantity }]),
  });
}

/** What arrived against a purchase order: one quantity per line still owed. */
export function deliveryDialog(order) {
  const open = order.lines.filter((l) => l.received_milli < l.quantity_milli);
  return formDialog({
    id: 'delivery-dialog',
    title: t('stock.delivery_title', { number: order.number }),
    saveLabel: t('stock.receive'),
    intro: t('stock.delivery_intro'),
    fields: open.map((l) => ({
      name: `line-${l.id}`,
      label: `${l.reference} — ${l.description} (${t('stock.owed', { qty: qtyWithUnit(l.quantity_milli - l.received_milli, l.unit) })})`,
    })),
    values: Object.fromEntries(open.map((l) => [`line-${l.id}`, qtyText(l.quantity_milli - l.received_milli)])),
    submit: (data) => api.receivePurchase(order.id, open.map((l) => ({
      line_id: l.id, quantity: data[`line-${l.id}`],
    }))),
  });
}
