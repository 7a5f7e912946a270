// One vehicle's page (#/vehicules/{id}): what it is, who owns it and owned it,
// its mileage readings (with a quick form to record one) and its history.

import * as api from '../api.js';
import { ApiError } from '../api.js';
import { t, formatDay, formatDateTime, todayDay } from '../i18n/index.js';
import { historyPanel } from './history.js';
import { h } from '../dom.js';
import { screen } from '../screen.js';
import { showToast } from '../toast.js';
import { errorDisplay, field } from '../forms.js';
import { customerPicker } from './customer-picker.js';
import { vehicleDialog } from './vehicle-form.js';
import { orderDialog } from './order-new.js';
import { boardTable } from './orders.js';
import { STATUSES } from './order-text.js';
import { may } from '../session.js';
import { vinSummary, kmText, makeModel, plateBadge } from './vehicle-text.js';
import { dateInput } from '../date-input.js';
import { said } from './bench-diagnosis.js';

export const { render, dispose } = screen((container, { id }, life) => createScreen(container, id, life));

/** Newest first by `key`; entries of one day keep the order the backend gave. */
function newestFirst(items, key) {
  return items.map((item, index) => ({ item, index }))
    .sort((a, b) => (b.item[key] ?? '').localeCompare(a.item[key] ?? '') || a.index - b.index)
    .map(({ item }) => item);
}

function createScreen(container, id, life) {
  const state = { vehicle: null, saving: false };
  const ui = build();
  const editor = vehicleDialog({ onSaved: () => load(), fallbackFocus: () => ui.edit.focus() });
  const transfer = transferDialog(id, { onDone: () => load() });
  const newOrder = orderDialog({ onSaved: (order) => { location.hash = `#/ordres/${encodeURIComponent(order.id)}`; } });
  ui.section.append(editor.dialog, transfer.dialog, newOrder.dialog);
  // Estimates and orders are the front desk's: core says whether this person reads and writes them.
  const seesOrders = may('read_orders');
  ui.newOrder.hidden = !may('edit_orders');
  ui.ordersPanel.hidden = !seesOrders;
  const historySlot = h('div', { class: 'history-slot' });
  ui.section.append(historySlot);
  container.append(ui.section);
  const mileageErrors = errorDisplay(ui.mileageForm, ui.mileageError);

  async function load() {
    const current = life.next();
    try {
      const [page, orders, diagnoses] = await Promise.all([
        api.vehiclePage(id),
        seesOrders ? api.ordersBoard({ vehicle_id: id, statuses: STATUSES }) : [],
        api.vehicleDiagnoses(id),
      ]);
      if (!current()) return;
      ui.error.textContent = '';
      show(page);
      showDiagnoses(diagnoses);
      ui.orders.replaceChildren(orders.length
        ? boardTable('vehicle-orders', orders, { caption: t('vehicle.orders') })
        : h('p', { class: 'muted', text: t('vehicle.no_orders') }));
    } catch (error) {
      if (!current()) return;
      ui.error.textContent = error.message;
      if (!state.vehicle) ui.body.hidden = true;
    }
  }

  function show({ vehicle, owners, readings, timeline }) {
    historySlot.replaceChildren(historyPanel('vehicles', id) ?? '');
    state.vehicle = vehicle;
    ui.body.hidden = false;
    ui.heading.replaceChildren(vehicle.plate ? plateBadge(vehicle.plate) : h('span', { class: 'mono', text: vehicle.vin ?? '' }));
    ui.badges.replaceChildren(...(vehicle.archived ? [h('span', { class: 'badge', text: t('vehicle.badge_archived') })] : []));
    ui.subtitle.textContent = makeModel(vehicle, { version: true });
    ui.owner.textContent = vehicle.owner_name ?? '';
    ui.owner.href = `#/clients/${encodeURIComponent(vehicle.customer_id)}`;
    ui.details.replaceChildren(...detailRows(vehicle));
    transfer.setCurrent(vehicle);

    ui.readings.replaceChildren(...newestFirst(readings, 'read_on').map((reading) => h('tr', { 'data-id': reading.id }, [
      h('td', { class: 'date', text: formatDay(reading.read_on) }),
      h('td', { class: 'num wrap' }, [
        kmText(reading.km),
        reading.meter_replaced ? h('span', { class: 'badge small', text: t('mileage.meter_replaced') }) : null,
      ]),
      h('td', { text: t(`mileage.source_${reading.source}`) }),
    ])));
    ui.readingsWrap.hidden = readings.length === 0;
    ui.noReadings.hidden = readings.length > 0;

    ui.owners.replaceChildren(...newestFirst(owners, 'from').map((owner) => h('li', {}, [
      h('a', { href: `#/clients/${encodeURIComponent(owner.customer_id)}`, text: owner.customer_name ?? '' }),
      h('span', {
        class: 'period',
        text: t('vehicle.owner_period', {
          from: formatDay(owner.from), to: owner.to ? formatDay(owner.to) : t('vehicle.owner_today'),
        }),
      }),
    ])));

    ui.timeline.replaceChildren(...newestFirst(timeline, 'date').map((entry) => h('li', { 'data-kind': entry.kind }, [
      h('time', { datetime: entry.date, text: formatDay(entry.date) }),
      h('span', { text: entry.text }),
    ])));
    ui.noTimeline.hidden = timeline.length > 0;
  }

  /** The car's diagnoses: when, on which order, the codes, what was found. */
  function showDiagnoses(list) {
    ui.diagnoses.replaceChildren(...list.map((d) => {
      const order = d.order_number ?? '—';
      const where = seesOrders
        ? h('a', { href: `#/ordres/${encodeURIComponent(d.order_id)}`, text: order })
        : h('span', { text: order });
      return h('li', { 'data-id': d.id }, [
        h('p', { class: 'diagnosis-head' }, [
          h('time', { datetime: d.at, text: formatDateTime(d.at) }), ' · ', where, ' · ',
          h('span', { class: 'muted', text: d.by }), ' ',
          h('span', { class: `badge small status-${d.status}`, text: t(`vehicle.diagnosis_${d.status}`) }),
        ]),
        d.symptom ? h('p', { class: 'muted', text: d.symptom }) : null,
        h('p', { class: 'mono', text: d.codes.length ? d.codes.join(' · ') : t('vehicle.diagnosis_no_codes') }),
        d.tree ? h('p', {
          text: d.likely_cause
            ? t('vehicle.diagnosis_likely', { tree: said(d.tree), cause: said(d.likely_cause) })
            : said(d.tree),
        }) : null,
        d.conclusion ? h('p', { class: 'conclusion', text: d.conclusion }) : null,
        d.findings ? h('p', { class: 'muted', text: t('vehicle.diagnosis_findings', { count: d.findings }) }) : null,
      ].filter(Boolean));
    }));
    ui.noDiagnoses.hidden = list.length > 0;
  }

  // --- mileage -----------------------------------------------------------------

  function hideConfirm() {
    ui.confirm.hidden = true;
    ui.confirmMessage.textContent = '';
  }

  async function record(meterReplaced) {
    if (state.saving) return;
    state.saving = true;
    mileageErrors.clear();
    ui.mileageSave.disabled = true;
    ui.confirmYes.disabled = true;
    const form = ui.mileageForm.elements;
    let focusNext = form.km;
    try {
      await api.recordMileage({ vehicleId: id, km: form.km.value, readOn: form.read_on.value, meterReplaced });
      hideConfirm();
      form.km.value = '';
      form.read_on.value = todayDay();
      showToast(t('mileage.saved'));
      if (!life.disposed) await load();
    } catch (error) {
      if (!(error instanceof ApiError)) console.error(error);
      const shown = error instanceof ApiError ? error : new ApiError('internal', t('error.internal'));
      if (shown.code === 'mileage_lower' && !meterReplaced) {
        ui.confirmMessage.textContent = shown.message;
        ui.confirm.hidden = false;
        focusNext = ui.confirmYes;
      } else {
        hideConfirm();
        // The arguments are camelCase (readOn); the input is named read_on.
        const fieldName = shown.field?.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) ?? null;
        mileageErrors.show(new ApiError(shown.code, shown.message, fieldName), { focus: false });
        focusNext = (fieldName && form[fieldName]) || form.km;
      }
    } finally {
      state.saving = false;
      ui.mileageSave.disabled = false;
      ui.confirmYes.disabled = false;
      if (!life.disposed) focusNext.focus();
    }
  }

  ui.mileageForm.addEventListener('submit', (event) => {
    event.preventDefault();
    record(false);
  });
  ui.mileageForm.addEventListener('input', (event) => {
    // The question was about what was typed; a change makes it moot.
    if (ui.confirm.contains(event.target)) return;
    hideConfirm();
    if (mileageErrors.field && event.target.name === mileageErrors.field) mileageErrors.clear();
  });
  ui.confirmYes.addEventListener('click', () => record(true));
  ui.confirmNo.addEventListener('click', () => {
    hideConfirm();
    ui.mileageForm.elements.km.focus();
    ui.mileageForm.elements.km.select();
  });

  ui.edit.addEventListener('click', () => state.vehicle && editor.open({ vehicle: state.vehicle }));
  ui.transfer.addEventListener('click', () => state.vehicle && transfer.open());
  ui.newOrder.addEventListener('click', () => {
    const v = state.vehicle;
    if (v) newOrder.open({ customer: { id: v.customer_id, display_name: v.owner_name }, vehicleId: id });
  });

  load();

  return () => {
    editor.dispose();
    transfer.dispose();
    newOrder.dispose();
  };
}

/** The vehicle's details as dt/dd pairs, leaving out what is not known. */
function detailRows(vehicle) {
  const rows = [];
  const add = (key, value, attrs = {}, cls = null) => {
    if (value === null || value === undefined || value === '') return;
    rows.push(h('div', { class: cls }, [h('dt', { text: t(key) }), h('dd', attrs, value)]));
  };
  if (vehicle.vin) {
    const info = vinSummary(vehicle.vin_info);
    const check = vehicle.vin_info && vehicle.vin_info.check_digit_valid === false;
    add('vehicle.vin', [
      h('span', { class: 'mono', text: vehicle.vin }),
      info ? h('span', { class: 'line muted', text: info }) : null,
      check ? h('span', { class: 'line gentle-warning', text: t('vehicle.vin_check') }) : null,
    ]);
  }
  if (vehicle.plate && vehicle.plate_kind) add('vehicle.plate_kind', t(`vehicle.plate_kind_${vehicle.plate_kind}`));
  add('vehicle.engine_code', vehicle.engine_code);
  add('vehicle.fuel', vehicle.fuel ? t(`fuel.${vehicle.fuel}`) : null);
  add('vehicle.gearbox', vehicle.gearbox ? t(`gearbox.${vehicle.gearbox}`) : null);
  add('vehicle.colour', vehicle.colour);
  add('vehicle.first_registration', formatDay(vehicle.first_registration));
  add('vehicle.last_km', kmText(vehicle.last_km));
  add('vehicle.notes', vehicle.notes, { class: 'notes' }, 'wide');
  return rows;
}

/** `#transfer-dialog`: choose the new owner after a sale, then confirm. */
function transferDialog(vehicleId, { onDone }) {
  let current = null;
  let opener = null;
  const error = h('p', { id: 'transfer-error', class: 'form-error', role: 'alert' });
  const intro = h('p', { id: 'transfer-intro' });
  const cancel = h('button', { id: 'transfer-cancel', type: 'button', text: t('vehicle.cancel') });
  const save = h('button', { id: 'transfer-save', type: 'button', class: 'primary', text: t('vehicle.transfer_save'), disabled: true });
  let picker = null;
  const slot = h('div');
  const dialog = h('dialog', { id: 'transfer-dialog', 'aria-labelledby': 'transfer-title' }, h('div', { class: 'dialog-frame' }, [
    h('h2', { id: 'transfer-title', text: t('vehicle.transfer_title') }),
    error,
    h('div', { class: 'dialog-body' }, [intro, slot]),
    h('div', { class: 'dialog-actions' }, [cancel, save]),
  ]));

  function makePicker() {
    picker?.dispose();
    picker = customerPicker({
      prefix: 'transfer',
      label: t('vehicle.transfer_pick'),
      excludeId: current?.customer_id ?? null,
      onChoose: (chosen) => {
        error.textContent = '';
        save.disabled = !chosen;
        if (chosen) save.focus();
      },
    });
    slot.replaceChildren(picker.element);
  }

  cancel.addEventListener('click', () => dialog.close());
  save.addEventListener('click', async () => {
    const chosen = picker?.chosen;
    if (!chosen) return;
    save.disabled = true;
    error.textContent = '';
    try {
      await api.transferVehicle(vehicleId, chosen.id);
      dialog.close();
      showToast(t('vehicle.transferred', { name: chosen.display_name ?? '' }));
      await onDone();
    } catch (failure) {
      error.textContent = failure.message;
    } finally {
      save.disabled = !picker?.chosen;
    }
  });
  dialog.addEventListener('close', () => {
    if (opener?.isConnected) opener.focus();
    opener = null;
  });

  return {
    dialog,
    setCurrent(vehicle) { current = vehicle; },
    open() {
      opener = document.activeElement;
      makePicker();
      error.textContent = '';
      save.disabled = true;
      intro.textContent = t('vehicle.transfer_intro', { name: current?.owner_name ?? '' });
      dialog.showModal();
      picker.focus();
    },
    dispose() {
      picker?.dispose();
      opener = null;
      if (dialog.open) dialog.close();
    },
  };
}

function build() {
  const heading = h('h1', { id: 'vehicle-plate' });
  const badges = h('span', { class: 'badges' });
  const subtitle = h('p', { id: 'vehicle-title', class: 'subtitle' });
  const owner = h('a', { id: 'vehicle-owner', href: '#/clients' });
  const edit = h('button', { id: 'vehicle-edit', type: 'button', class: 'primary', text: t('vehicle.edit') });
  const transfer = h('button', { id: 'vehicle-transfer', type: 'button', text: t('vehicle.transfer') });
  const newOrder = h('button', { id: 'vehicle-new-order', type: 'button', text: t('order.new') });
  const orders = h('div', { id: 'vehicle-orders-slot' });
  const error = h('p', { id: 'vehicle-page-error', class: 'form-error', role: 'alert' });
  const details = h('dl', { id: 'vehicle-details', class: 'details' });

  const mileageError = h('p', { id: 'mileage-error', class: 'form-error', role: 'alert' });
  const mileageSave = h('button', { id: 'mileage-save', type: 'submit', class: 'primary', text: t('mileage.save') });
  const confirmMessage = h('p', { class: 'warning-message' });
  const confirmYes = h('button', { id: 'mileage-confirm-yes', type: 'button', class: 'primary', text: t('mileage.confirm_yes') });
  const confirmNo = h('button', { id: 'mileage-confirm-no', type: 'button', text: t('mileage.confirm_no') });
  const confirm = h('div', { id: 'mileage-confirm', class: 'warning', role: 'alert', hidden: true }, [
    confirmMessage,
    h('div', { class: 'warning-actions' }, [confirmYes, confirmNo]),
  ]);
  const mileageForm = h('form', { id: 'mileage-form', class: 'mileage-form', novalidate: true, autocomplete: 'off' }, [
    mileageError,
    h('div', { class: 'mileage-row' }, [
      field('mileage', 'km', h('input', { type: 'text', inputmode: 'numeric', class: 'km-input' }), t('mileage.km')),
      field('mileage', 'read_on', dateInput({ value: todayDay() }), t('mileage.read_on')),
      mileageSave,
    ]),
    confirm,
  ]);
  const readings = h('tbody');
  const readingsWrap = h('div', { class: 'table-wrap readings-wrap' }, h('table', { id: 'mileage-list', class: 'list compact' }, [
    h('caption', { class: 'visually-hidden', text: t('mileage.caption') }),
    h('thead', {}, h('tr', {}, [
      h('th', { scope: 'col', text: t('mileage.col_date') }),
      h('th', { scope: 'col', class: 'num', text: t('mileage.col_km') }),
      h('th', { scope: 'col', text: t('mileage.col_source') }),
    ])),
    readings,
  ]));
  const noReadings = h('p', { class: 'muted', text: t('mileage.none'), hidden: true });
  const owners = h('ul', { id: 'owner-history', class: 'owner-history' });
  const timeline = h('ol', { id: 'vehicle-timeline', class: 'timeline' });
  const noTimeline = h('p', { class: 'muted', text: t('vehicle.timeline_empty'), hidden: true });

  const panel = (idBase, titleKey, children) => h('section', { class: 'panel', 'aria-labelledby': `${idBase}-title` }, [
    h('h2', { id: `${idBase}-title`, text: t(titleKey) }), ...children,
  ]);
  const ordersPanel = panel('vehicle-orders', 'vehicle.orders', [orders]);
  const diagnoses = h('ol', { id: 'vehicle-diagnoses', class: 'plain diagnoses' });
  const noDiagnoses = h('p', { class: 'muted', text: t('vehicle.no_diagnoses'), hidden: true });
  const body = h('div', { class: 'stack' }, [
    panel('vehicle-details', 'vehicle.details', [details]),
    panel('mileage', 'mileage.title', [mileageForm, readingsWrap, noReadings]),
    ordersPanel,
    panel('vehicle-diagnoses', 'vehicle.diagnoses', [diagnoses, noDiagnoses]),
    h('div', { class: 'page-grid even' }, [
      panel('owner-history', 'vehicle.owners', [owners]),
      panel('vehicle-timeline', 'vehicle.timeline', [timeline, noTimeline]),
    ]),
  ]);

  const section = h('section', { class: 'screen record vehicle-page', 'aria-labelledby': 'vehicle-plate' }, [
    h('a', { id: 'vehicle-back', class: 'back', href: '#/vehicules', text: t('vehicle.back') }),
    h('div', { class: 'record-header' }, [heading, badges]),
    subtitle,
    h('p', { class: 'owner-line' }, [h('span', { class: 'muted', text: t('vehicle.owner_label') }), ' ', owner]),
    h('div', { class: 'page-actions', role: 'group', 'aria-label': t('vehicle.actions') }, [edit, newOrder, transfer]),
    error,
    body,
  ]);

  return {
    section, heading, badges, subtitle, owner, edit, transfer, newOrder, orders, ordersPanel, error, details, body,
    mileageForm, mileageError, mileageSave, confirm, confirmMessage, confirmYes, confirmNo,
    readings, readingsWrap, noReadings, owners, timeline, noTimeline, diagnoses, noDiagnoses,
  };
}
