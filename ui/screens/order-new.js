// `#order-dialog`: a new estimate, or the header of one being changed —
// customer, vehicle, mileage at drop-off, the customer's complaint in their
// words, promised time, mechanics assigned, internal notes, order discount.

import * as api from '../api.js';
import { ApiError } from '../api.js';
import { t, formatMoneyInput, formatNumber } from '../i18n/index.js';
import { h } from '../dom.js';
import { errorDisplay, field } from '../forms.js';
import { customerPicker } from './customer-picker.js';
import { makeModel } from './vehicle-text.js';
import { dateTimeInput } from '../date-input.js';

/**
 * Builds the dialog. `onSaved(order, created)` runs after a save.
 * `open({customer?: {id, display_name}, vehicleId?, complaint?})` starts a
 * new estimate (preset from a customer or vehicle page, or the assistant);
 * `edit(order)` changes a header.
 */
export function orderDialog({ onSaved }) {
  let editing = null;
  let opener = null;
  let picker = null;
  // The vehicle to select once the chosen customer's vehicles arrive (a new
  // estimate opened from a vehicle's page), and the number of the latest
  // load: a slower earlier answer must not replace a later one.
  let preset = null;
  let loads = 0;
  let saving = false;
  const title = h('h2', { id: 'order-dialog-title' });
  const formError = h('p', { id: 'order-form-error', class: 'form-error', role: 'alert' });
  const pickerSlot = h('div', { class: 'field' });
  const vehicle = h('select', {});
  const mileage = h('input', { type: 'text', inputmode: 'numeric', autocomplete: 'off' });
  const complaint = h('textarea', { rows: 3 });
  const promised = dateTimeInput({}, { defaultTime: '18:00' });
  const mechanics = h('div', { id: 'order-mechanics', class: 'check-grid', role: 'group', 'aria-labelledby': 'order-mechanics-label' });
  const notes = h('textarea', { rows: 2 });
  const discountKind = h('select', {}, [
    h('option', { value: 'percent', text: t('order.discount_percent') }),
    h('option', { value: 'amount', text: t('order.discount_amount') }),
  ]);
  const discount = h('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off' });
  const cancel = h('button', { id: 'order-cancel', type: 'button', text: t('order.cancel') });
  const save = h('button', { id: 'order-save', type: 'submit', class: 'primary' });
  const form = h('form', { id: 'order-form', class: 'dialog-frame', novalidate: true, autocomplete: 'off' }, [
    title,
    formError,
    h('div', { class: 'dialog-body' }, [
      pickerSlot,
      h('span', { class: 'field-error', 'data-for': 'customer_id' }),
      field('order', 'vehicle_id', vehicle, t('order.vehicle')),
      h('div', { class: 'form-grid' }, [
        field('order', 'mileage', mileage, t('order.mileage'), { hint: t('order.mileage_hint') }),
        field('order', 'promised_at', promised, t('order.promised_at')),
      ]),
      field('order', 'complaint', complaint, t('order.complaint'), { hint: t('order.complaint_hint') }),
      h('div', { class: 'field' }, [
        h('span', { id: 'order-mechanics-label', class: 'label', text: t('order.mechanics') }),
        mechanics,
        h('span', { class: 'field-error', 'data-for': 'mechanic_ids' }),
      ]),
      field('order', 'internal_notes', notes, t('order.internal_notes'), { hint: t('order.internal_notes_hint') }),
      h('div', { class: 'form-grid' }, [
        field('order', 'discount_kind', discountKind, t('order.discount_kind')),
        field('order', 'discount', discount, t('order.discount')),
      ]),
    ]),
    h('div', { class: 'dialog-actions' }, [cancel, save]),
  ]);
  const dialog = h('dialog', { id: 'order-dialog', 'aria-labelledby': 'order-dialog-title' }, form);
  const errors = errorDisplay(form, formError, { customer_id: () => picker?.focus() });

  async function loadVehicles(customer, chosenId) {
    const load = ++loads;
    vehicle.replaceChildren(h('option', { value: '', text: t('order.vehicle_choose') }));
    vehicle.disabled = !customer;
    if (!customer) return;
    try {
      const page = await api.customerPage(customer.id);
      if (load !== loads) return;
      vehicle.replaceChildren(
        h('option', { value: '', text: page.vehicles.length ? t('order.vehicle_choose') : t('order.vehicle_none') }),
        ...page.vehicles.map((v) => h('option', {
          value: v.id, text: [v.plate ?? v.vin ?? '', makeModel(v)].filter(Boolean).join(' — '),
        })),
      );
      if (chosenId) vehicle.value = chosenId;
      else if (page.vehicles.length === 1) vehicle.value = page.vehicles[0].id;
    } catch (error) {
      if (load === loads) formError.textContent = error.message;
    }
  }

  async function loadMechanics(assigned) {
    mechanics.replaceChildren();
    try {
      const people = (await api.switchUsers()).filter((u) => u.roles.includes('mechanic') || assigned.includes(u.id));
      mechanics.replaceChildren(...people.map((person) => h('label', { class: 'check' }, [
        h('input', {
          type: 'checkbox', name: 'mechanic', value: person.id, id: `order-mechanic-${person.login}`,
          checked: assigned.includes(person.id),
        }),
        h('span', { text: person.display_name }),
      ])));
      if (!people.length) mechanics.append(h('p', { class: 'muted', text: t('order.no_mechanics') }));
    } catch (error) {
      formError.textContent = error.message;
    }
  }

  function makePicker() {
    picker?.dispose();
    picker = customerPicker({
      prefix: 'order-customer',
      label: t('order.customer'),
      onChoose: (chosen) => {
        errors.clear();
        const loaded = loadVehicles(chosen, preset);
        preset = null;
        if (chosen) vehicle.focus();
        return loaded;
      },
    });
    pickerSlot.replaceChildren(picker.element);
  }

  function input() {
    return {
      customer_id: picker?.chosen?.id ?? editing?.customer_id ?? null,
      vehicle_id: vehicle.value || null,
      mileage: mileage.value,
      complaint: complaint.value,
      promised_at: promised.value,
      mechanic_ids: [...mechanics.querySelectorAll('input:checked')].map((box) => box.value),
      internal_notes: notes.value,
      discount_kind: discountKind.value,
      discount: discount.value,
    };
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (saving) return;
    saving = true;
    save.disabled = true;
    errors.clear();
    try {
      const order = editing ? await api.updateOrder(editing.id, input()) : await api.createOrder(input());
      const created = !editing;
      dialog.close();
      await onSaved(order, created);
    } catch (error) {
      errors.show(error instanceof ApiError ? error : new ApiError('internal', t('error.internal')));
    } finally {
      saving = false;
      save.disabled = false;
    }
  });
  form.addEventListener('input', (event) => {
    if (errors.field && event.target.name === errors.field) errors.clear();
  });
  cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    if (opener?.isConnected) opener.focus();
    opener = null;
  });

  function reset(order) {
    errors.clear();
    editing = order;
    mileage.value = order?.mileage_km ?? '';
    mileage.disabled = Boolean(order);
    complaint.value = order?.complaint ?? '';
    promised.value = order?.promised_at?.length === 16 ? order.promised_at
      : order?.promised_at ? `${order.promised_at}T18:00` : '';
    notes.value = order?.internal_notes ?? '';
    const d = order?.discount ?? { kind: 'none' };
    discountKind.value = d.kind === 'amount' ? 'amount' : 'percent';
    discount.value = d.kind === 'amount' ? formatMoneyInput(d.value)
      : d.kind === 'percent' ? formatNumber(d.value / 100, { maximumFractionDigits: 2, useGrouping: false }) : '';
  }

  return {
    dialog,
    async open({ customer = null, vehicleId = null, complaint: said = '' } = {}) {
      opener = document.activeElement;
      reset(null);
      complaint.value = said;
      title.textContent = t('order.new_title');
      save.textContent = t('order.create');
      makePicker();
      vehicle.replaceChildren();
      vehicle.disabled = true;
      dialog.showModal();
      if (customer) {
        // Choosing the customer loads their vehicles once, with this one
        // selected.
        preset = vehicleId;
        await picker.choose(customer);
        (vehicleId ? mileage : vehicle).focus();
      } else {
        picker.focus();
      }
      loadMechanics([]);
    },
    async edit(order) {
      opener = document.activeElement;
      reset(order);
      title.textContent = t('order.edit_title', { number: order.order_number ?? order.estimate_number });
      save.textContent = t('order.save');
      makePicker();
      dialog.showModal();
      preset = order.vehicle_id;
      await picker.choose({ id: order.customer_id, display_name: order.customer_name });
      loadMechanics(order.mechanic_ids);
      complaint.focus();
    },
    dispose() {
      picker?.dispose();
      if (dialog.open) dialog.close();
    },
  };
}
