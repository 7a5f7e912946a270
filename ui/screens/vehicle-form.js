// The vehicle dialog, shared by the vehicle list, the customer page and the
// vehicle page. As a VIN is typed the backend decodes it (maker, country,
// year); what is valid is still decided by the backend when saving.

import * as api from '../api.js';
import { ApiError } from '../api.js';
import { t } from '../i18n/index.js';
import { h } from '../dom.js';
import { field, checkbox, errorDisplay } from '../forms.js';
import { customerPicker } from './customer-picker.js';
import { showToast } from '../toast.js';
import { FUELS, GEARBOXES, vinSummary, typedNumber } from './vehicle-text.js';
import { dateInput } from '../date-input.js';

// Not "vehicle": the vehicle page's heading is already #vehicle-plate.
const PREFIX = 'vehicle-input';
const VIN_LENGTH = 17;
const TEXT_FIELDS = ['plate', 'vin', 'make', 'model', 'version', 'engine_code', 'colour', 'first_registration', 'notes'];

/**
 * Builds `#vehicle-dialog`. `open({vehicle})` edits a Vehicle; `open({owner})`
 * creates one for that {id, name}; `open({})` creates one and asks for the
 * owner. A created vehicle's page opens; an edit calls `onSaved(saved)`.
 */
export function vehicleDialog({ onSaved = () => {}, fallbackFocus = () => {} } = {}) {
  const ui = build();
  const { dialog, form, save } = ui;
  const picker = customerPicker({
    prefix: 'vehicle-owner',
    label: t('vehicle.owner'),
    onChoose: (customer) => {
      form.elements.customer_id.value = customer?.id ?? '';
      if (errors.field === 'customer_id') errors.clear();
      if (customer) form.elements.plate.focus();
    },
  });
  ui.ownerPickerSlot.append(picker.element);
  const errors = errorDisplay(form, ui.formError, { customer_id: () => picker.focus() });
  let editingId = null;
  let saving = false;
  let opener = null;
  let vinSeq = 0;

  function open({ vehicle = null, owner = null } = {}) {
    if (dialog.open) return;
    opener = document.activeElement;
    editingId = vehicle?.id ?? null;
    form.reset();
    errors.clear();
    picker.reset();
    showVin(null);
    const fixedOwner = vehicle ? { id: vehicle.customer_id, name: vehicle.owner_name } : owner;
    form.elements.customer_id.value = fixedOwner?.id ?? '';
    ui.ownerFixed.hidden = !fixedOwner;
    ui.ownerName.textContent = fixedOwner?.name ?? '';
    ui.ownerPickerSlot.hidden = Boolean(fixedOwner);
    ui.mileageField.hidden = Boolean(vehicle);
    if (vehicle) {
      for (const name of TEXT_FIELDS) form.elements[name].value = vehicle[name] ?? '';
      form.elements.plate_foreign.checked = vehicle.plate_kind === 'foreign';
      form.elements.fuel.value = vehicle.fuel ?? '';
      form.elements.gearbox.value = vehicle.gearbox ?? '';
      showVin(vehicle.vin_info);
    }
    ui.title.textContent = t(vehicle ? 'vehicle.title_edit' : 'vehicle.title_new');
    ui.body.scrollTop = 0;
    dialog.showModal();
    if (fixedOwner) form.elements.plate.focus();
    else picker.focus();
  }

  function showVin(info) {
    ui.vinInfo.textContent = vinSummary(info);
    ui.vinCheck.hidden = !info || info.check_digit_valid !== false;
  }

  function showVinError(message) {
    const span = form.querySelector('.field-error[data-for="vin"]');
    span.textContent = message;
    if (message) form.elements.vin.setAttribute('aria-invalid', 'true');
    else form.elements.vin.removeAttribute('aria-invalid');
  }

  async function decode() {
    const vin = form.elements.vin.value;
    const mine = ++vinSeq;
    showVin(null);
    showVinError('');
    if (vin.replace(/\s/g, '').length < VIN_LENGTH) return;
    try {
      const info = await api.decodeVin(vin);
      if (mine === vinSeq) showVin(info);
    } catch (error) {
      if (mine === vinSeq) showVinError(error.message);
    }
  }

  /** What the person sees is what is sent: the mileage only when creating. */
  function readInput() {
    const els = form.elements;
    const input = { customer_id: els.customer_id.value, plate_foreign: els.plate_foreign.checked };
    for (const name of TEXT_FIELDS) input[name] = els[name].value;
    input.fuel = els.fuel.value || null;
    input.gearbox = els.gearbox.value || null;
    input.mileage = editingId ? '' : typedNumber(els.mileage.value);
    return input;
  }

  form.addEventListener('input', (event) => {
    if (event.target.name === 'vin') decode();
    if (errors.field && event.target.name === errors.field) errors.clear();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (saving) return;
    saving = true;
    errors.clear();
    save.disabled = true;
    form.setAttribute('aria-busy', 'true');
    const id = editingId;
    try {
      const saved = id ? await api.updateVehicle(id, readInput()) : await api.createVehicle(readInput());
      if (dialog.open) dialog.close();
      showToast(t('vehicle.saved'));
      if (id) await onSaved(saved);
      else location.hash = `#/vehicules/${encodeURIComponent(saved.id)}`;
    } catch (error) {
      if (!(error instanceof ApiError)) console.error(error);
      errors.show(error instanceof ApiError ? error : new ApiError('internal', t('error.internal')));
    } finally {
      saving = false;
      save.disabled = false;
      form.removeAttribute('aria-busy');
      if (dialog.open && !dialog.contains(document.activeElement)) save.focus();
    }
  });
  ui.cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    editingId = null;
    vinSeq += 1;
    if (opener?.isConnected) opener.focus();
    else if (opener) fallbackFocus();
    opener = null;
  });

  return {
    dialog,
    open,
    dispose() {
      picker.dispose();
      opener = null;
      if (dialog.open) dialog.close();
    },
  };
}

function build() {
  const f = (name, control, options) => field(PREFIX, name, control, t(`vehicle.${name}`), options);
  const input = (type = 'text', attrs = {}) => h('input', { type, ...attrs });
  const select = (values, labelPrefix) => h('select', {}, [
    h('option', { value: '', text: t('vehicle.unspecified') }),
    ...values.map((value) => h('option', { value, text: t(`${labelPrefix}${value}`) })),
  ]);
  const fieldset = (legendKey, children) => h('fieldset', { class: 'group' }, [
    h('legend', { text: t(legendKey) }), ...children,
  ]);

  const title = h('h2', { id: 'vehicle-dialog-title' });
  const formError = h('p', { id: 'vehicle-form-error', class: 'form-error', role: 'alert' });

  const ownerName = h('strong', { id: 'vehicle-owner-name' });
  const ownerFixed = h('p', { class: 'owner-fixed' }, [
    h('span', { class: 'picker-label', text: t('vehicle.owner') }), ownerName,
  ]);
  const ownerPickerSlot = h('div', { class: 'owner-picker' });
  const owner = h('div', { class: 'owner-field' }, [
    ownerFixed,
    ownerPickerSlot,
    h('input', { type: 'hidden', name: 'customer_id' }),
    h('span', { class: 'field-error', 'data-for': 'customer_id' }),
  ]);

  const vinInfo = h('p', { id: 'vin-info', class: 'vin-info', 'aria-live': 'polite' });
  const vinCheck = h('p', { id: 'vin-check', class: 'gentle-warning', text: t('vehicle.vin_check'), hidden: true });
  const vinField = f('vin', input('text', {
    class: 'mono', spellcheck: 'false', autocapitalize: 'characters',
  }));
  vinField.append(vinInfo, vinCheck);

  const mileageField = f('mileage', input('text', { inputmode: 'numeric', class: 'km' }));

  const cancel = h('button', { id: 'vehicle-cancel', type: 'button', text: t('vehicle.cancel') });
  const save = h('button', { id: 'vehicle-save', type: 'submit', class: 'primary', text: t('vehicle.save') });

  const body = h('div', { class: 'dialog-body' }, [
    owner,
    fieldset('vehicle.group_identification', [
      h('div', { class: 'row plate-row' }, [
        f('plate', input('text', { class: 'plate-input', spellcheck: 'false', autocapitalize: 'characters' })),
        checkbox(PREFIX, 'plate_foreign', t('vehicle.plate_foreign')),
      ]),
      vinField,
    ]),
    fieldset('vehicle.group_description', [
      h('div', { class: 'row' }, [f('make', input()), f('model', input())]),
      h('div', { class: 'row' }, [f('version', input()), f('engine_code', input('text', { spellcheck: 'false' }))]),
      h('div', { class: 'row' }, [f('fuel', select(FUELS, 'fuel.')), f('gearbox', select(GEARBOXES, 'gearbox.'))]),
      h('div', { class: 'row' }, [f('colour', input()), f('first_registration', dateInput())]),
    ]),
    mileageField,
    f('notes', h('textarea', { rows: '3' })),
  ]);

  const form = h('form', { id: 'vehicle-form', class: 'dialog-frame', novalidate: true, autocomplete: 'off', method: 'dialog' }, [
    title,
    formError,
    body,
    h('div', { class: 'dialog-actions' }, [cancel, save]),
  ]);
  const dialog = h('dialog', { id: 'vehicle-dialog', class: 'wide', 'aria-labelledby': 'vehicle-dialog-title' }, form);

  return {
    dialog, form, title, formError, body, ownerFixed, ownerName, ownerPickerSlot,
    vinInfo, vinCheck, mileageField, cancel, save,
  };
}
