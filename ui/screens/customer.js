// One customer's page (#/clients/{id}): who they are, how to reach them, their
// vehicles and open work, and what can be done with the record — edit, add a
// vehicle, GDPR export (customer-export.js), merge a duplicate into it,
// archive, anonymise.

import * as api from '../api.js';
import { t, formatDate, formatDay } from '../i18n/index.js';
import { historyPanel } from './history.js';
import { h } from '../dom.js';
import { screen } from '../screen.js';
import { showToast } from '../toast.js';
import { confirmAction } from '../confirm.js';
import { countryName } from '../countries.js';
import { customerDialog } from './customer-form.js';
import { customerExportDialog } from './customer-export.js';
import { customerPicker } from './customer-picker.js';
import { vehicleDialog } from './vehicle-form.js';
import { orderDialog } from './order-new.js';
import { boardTable } from './orders.js';
import { vehicleCells, kmText } from './vehicle-text.js';
import { customerBalancePanel } from './invoice-text.js';
import { customerAppointmentsPanel, customerMessagesPanel } from './customer-planning.js';

export const { render, dispose } = screen((container, { id }, life) => createScreen(container, id, life));

function createScreen(container, id, life) {
  const state = { customer: null };
  const ui = build();
  const editor = customerDialog({ onSaved: () => load(), fallbackFocus: () => ui.edit.focus() });
  const vehicleEditor = vehicleDialog({ fallbackFocus: () => ui.addVehicle.focus() });
  const merge = mergeDialog(id, { onMerged: () => load() });
  const exporter = customerExportDialog({ fallbackFocus: () => ui.export.focus() });
  const newOrder = orderDialog({ onSaved: (order) => { location.hash = `#/ordres/${encodeURIComponent(order.id)}`; } });
  ui.section.append(editor.dialog, vehicleEditor.dialog, merge.dialog, newOrder.dialog, exporter.dialog);
  const historySlot = h('div', { class: 'history-slot' });
  const balanceSlot = h('div', { class: 'balance-slot' });
  const planningSlot = h('div', { class: 'planning-slot' });
  ui.section.append(balanceSlot, planningSlot, historySlot);
  container.append(ui.section);

  async function load() {
    const current = life.next();
    try {
      const page = await api.customerPage(id);
      if (!current()) return;
      ui.error.textContent = '';
      show(page);
    } catch (error) {
      if (!current()) return;
      ui.error.textContent = error.message;
      if (!state.customer) ui.body.hidden = true;
    }
  }

  function show({ customer, vehicles, open_work: openWork }) {
    historySlot.replaceChildren(historyPanel('customers', id) ?? '');
    balanceSlot.replaceChildren(customerBalancePanel(id) ?? '');
    planningSlot.replaceChildren(customerAppointmentsPanel(id) ?? '', customerMessagesPanel(id) ?? '');
    state.customer = customer;
    ui.body.hidden = false;
    ui.name.textContent = customer.display_name ?? '';
    ui.badges.replaceChildren(...[
      customer.archived ? h('span', { class: 'badge', text: t('customer.badge_archived') }) : null,
      customer.anonymised ? h('span', { class: 'badge', text: t('customer.badge_anonymised') }) : null,
    ].filter(Boolean));
    ui.mergedNote.hidden = !customer.merged_into;
    ui.mergedLink.href = customer.merged_into ? `#/clients/${encodeURIComponent(customer.merged_into)}` : '#/clients';
    // An alias has nothing left to act on; archived or anonymised records lose only that action.
    ui.actions.hidden = Boolean(customer.merged_into);
    ui.archive.hidden = customer.archived;
    ui.anonymise.hidden = customer.anonymised;
    ui.details.replaceChildren(...detailRows(customer));
    merge.setKeep(customer);

    ui.vehicleCount.textContent = vehicles.length ? String(vehicles.length) : '';
    ui.vehicleBody.replaceChildren(...vehicles.map((vehicle) => h('tr', { 'data-id': vehicle.id, tabindex: '0' }, [
      ...vehicleCells(vehicle),
      h('td', { class: 'num', text: kmText(vehicle.last_km) }),
    ])));
    ui.vehicleWrap.hidden = vehicles.length === 0;
    ui.noVehicles.hidden = vehicles.length > 0;
    ui.openWork.replaceChildren(openWork.length
      ? boardTable('customer-orders', openWork, { caption: t('customer.open_work') })
      : h('p', { class: 'muted', text: t('customer.no_open_work') }));
  }

  function openVehicle(vehicleId) {
    location.hash = `#/vehicules/${encodeURIComponent(vehicleId)}`;
  }

  /** Runs a write from an action button, then reloads the page. */
  async function act(button, write, toastKey) {
    button.disabled = true;
    ui.error.textContent = '';
    try {
      const result = await write();
      showToast(toastKey(result), { long: Boolean(result?.path) });
      if (!life.disposed) await load();
    } catch (error) {
      if (!life.disposed) ui.error.textContent = error.message;
    } finally {
      button.disabled = false;
      // Disabling dropped the focus; an action that hid its own button hands it to « Modifier ».
      if (!life.disposed) (button.hidden ? ui.edit : button).focus();
    }
  }

  ui.edit.addEventListener('click', () => state.customer && editor.open(state.customer));
  ui.newOrder.addEventListener('click', () => {
    if (state.customer) newOrder.open({ customer: state.customer });
  });
  ui.addVehicle.addEventListener('click', () => {
    if (state.customer) vehicleEditor.open({ owner: { id, name: state.customer.display_name } });
  });
  ui.export.addEventListener('click', () => state.customer && exporter.open(state.customer));
  ui.merge.addEventListener('click', () => state.customer && merge.open());
  ui.archive.addEventListener('click', async () => {
    const name = state.customer?.display_name ?? '';
    const yes = await confirmAction({
      title: t('customer.archive_title'),
      paragraphs: [t('customer.archive_body', { name })],
      confirmLabel: t('customer.archive'),
    });
    if (yes) act(ui.archive, () => api.archiveCustomer(id), () => t('customer.archived'));
  });
  ui.anonymise.addEventListener('click', async () => {
    const name = state.customer?.display_name ?? '';
    const yes = await confirmAction({
      title: t('customer.anonymise_title'),
      paragraphs: [
        t('customer.anonymise_body_wiped', { name }),
        t('customer.anonymise_body_everywhere'),
        t('customer.anonymise_body_kept'),
        t('customer.anonymise_body_backups'),
        t('customer.anonymise_body_final'),
      ],
      confirmLabel: t('customer.anonymise'),
      danger: true,
    });
    if (yes) act(ui.anonymise, () => api.anonymiseCustomer(id), () => t('customer.anonymised'));
  });
  ui.vehicleBody.addEventListener('click', (event) => {
    const row = event.target.closest('tr[data-id]');
    if (row && !window.getSelection()?.toString()) openVehicle(row.dataset.id);
  });
  ui.vehicleBody.addEventListener('keydown', (event) => {
    const row = event.target.closest('tr[data-id]');
    if (!row) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      openVehicle(row.dataset.id);
    } else if (event.key === 'ArrowDown' && row.nextElementSibling) {
      event.preventDefault();
      row.nextElementSibling.focus();
    } else if (event.key === 'ArrowUp' && row.previousElementSibling) {
      event.preventDefault();
      row.previousElementSibling.focus();
    }
  });

  load();

  return () => {
    editor.dispose();
    newOrder.dispose();
    vehicleEditor.dispose();
    merge.dispose();
    exporter.dispose();
  };
}

/** The customer's details as dt/dd pairs, leaving out what is not known. */
function detailRows(customer) {
  const rows = [];
  const add = (key, value, attrs = {}, cls = null) => {
    if (value === null || value === undefined || value === '') return;
    rows.push(h('div', { class: cls }, [h('dt', { text: t(key) }), h('dd', attrs, value)]));
  };
  const lines = (parts) => {
    const present = parts.filter((part) => part);
    return present.length ? present.map((part) => h('span', { class: 'line', text: part })) : null;
  };
  add('customer.kind', t(`customer.kind_${customer.kind}`));
  add('customer.phone', customer.phone_display ?? customer.phone);
  add('customer.phone_alt', customer.phone_alt_display ?? customer.phone_alt);
  add('customer.email', customer.email);
  add('customer.address', lines([
    customer.address_line1, customer.address_line2,
    [customer.postal_code, customer.city].filter((part) => part).join(' '),
  ]));
  add('customer.country', countryName(customer.country));
  add('customer.registration', customer.registration_display ?? customer.siret ?? customer.siren);
  add('customer.vat_number', customer.vat_number);
  add('customer.einvoice_address', customer.einvoice_address);
  add('customer.language', customer.language ? t(`customer.language_${customer.language}`) : null);
  add('customer.marketing', customer.marketing_consent
    ? (customer.marketing_consent_at
      ? t('customer.marketing_yes_since', { date: formatDay(customer.marketing_consent_at) })
      : t('customer.marketing_yes'))
    : t('customer.marketing_no'));
  add('customer.payment_terms_days', paymentTerms(customer.payment_terms_days));
  add('customer.created', formatDate(customer.created_at));
  add('customer.notes', customer.notes, { class: 'notes' }, 'wide');
  return rows;
}

function paymentTerms(days) {
  if (days === null || days === undefined) return t('customer.payment_default');
  return days === 0 ? t('customer.payment_on_receipt') : t('customer.payment_days', { days });
}

/**
 * `#merge-dialog`: find the duplicate, read what will happen, confirm. The
 * customer on this page is kept; the chosen one becomes its alias.
 */
function mergeDialog(keepId, { onMerged }) {
  let keep = null;
  let opener = null;
  const error = h('p', { id: 'merge-error', class: 'form-error', role: 'alert' });
  const intro = h('p', { id: 'merge-intro' });
  const explain = h('p', { id: 'merge-explain', class: 'notice', hidden: true });
  const cancel = h('button', { id: 'merge-cancel', type: 'button', text: t('customer.cancel') });
  const confirm = h('button', { id: 'merge-confirm', type: 'button', class: 'primary', text: t('customer.merge_confirm'), disabled: true });
  const picker = customerPicker({
    prefix: 'merge',
    label: t('customer.merge_pick'),
    excludeId: keepId,
    onChoose: (chosen) => {
      error.textContent = '';
      explain.hidden = !chosen;
      confirm.disabled = !chosen;
      if (!chosen) return;
      explain.textContent = t('customer.merge_explain', { removed: chosen.display_name ?? '', kept: keep?.display_name ?? '' });
      confirm.focus();
    },
  });
  const dialog = h('dialog', { id: 'merge-dialog', 'aria-labelledby': 'merge-title' }, h('div', { class: 'dialog-frame' }, [
    h('h2', { id: 'merge-title', text: t('customer.merge_title') }),
    error,
    h('div', { class: 'dialog-body' }, [intro, picker.element, explain]),
    h('div', { class: 'dialog-actions' }, [cancel, confirm]),
  ]));

  cancel.addEventListener('click', () => dialog.close());
  confirm.addEventListener('click', async () => {
    const chosen = picker.chosen;
    if (!chosen) return;
    confirm.disabled = true;
    error.textContent = '';
    try {
      await api.mergeCustomers(keepId, chosen.id);
      dialog.close();
      showToast(t('customer.merged'));
      await onMerged();
    } catch (failure) {
      error.textContent = failure.message;
    } finally {
      confirm.disabled = !picker.chosen;
    }
  });
  dialog.addEventListener('close', () => {
    if (opener?.isConnected) opener.focus();
    opener = null;
  });

  return {
    dialog,
    setKeep(customer) { keep = customer; },
    open() {
      opener = document.activeElement;
      picker.reset();
      error.textContent = '';
      explain.hidden = true;
      confirm.disabled = true;
      intro.textContent = t('customer.merge_intro', { name: keep?.display_name ?? '' });
      dialog.showModal();
      picker.focus();
    },
    dispose() {
      picker.dispose();
      opener = null;
      if (dialog.open) dialog.close();
    },
  };
}

function build() {
  const name = h('h1', { id: 'customer-name' });
  const badges = h('span', { class: 'badges' });
  const mergedLink = h('a', { id: 'customer-merged-into', href: '#/clients', text: t('customer.merged_into_link') });
  const mergedNote = h('p', { class: 'notice', hidden: true }, [t('customer.merged_into'), ' ', mergedLink]);
  const button = (id, key, cls) => h('button', { id, type: 'button', class: cls, text: t(key) });
  const edit = button('customer-edit', 'customer.edit', 'primary');
  const addVehicle = button('customer-add-vehicle', 'customer.add_vehicle');
  const newOrder = button('customer-new-order', 'order.new');
  const exportButton = button('customer-export', 'customer.export');
  const merge = button('customer-merge', 'customer.merge');
  const archive = button('customer-archive', 'customer.archive');
  const anonymise = button('customer-anonymise', 'customer.anonymise', 'danger-quiet');
  const actions = h('div', { class: 'page-actions', role: 'group', 'aria-label': t('customer.actions') }, [
    edit, newOrder, addVehicle, exportButton, merge, archive, anonymise,
  ]);
  const error = h('p', { id: 'customer-page-error', class: 'form-error', role: 'alert' });

  const details = h('dl', { id: 'customer-details', class: 'details' });
  const vehicleCount = h('span', { class: 'count-badge' });
  const vehicleBody = h('tbody');
  const vehicleWrap = h('div', { class: 'table-wrap' }, h('table', { id: 'customer-vehicles', class: 'list compact' }, [
    h('caption', { class: 'visually-hidden', text: t('customer.vehicles') }),
    h('colgroup', {}, [
      h('col', { class: 'col-plate' }), h('col', { class: 'col-vehicle' }), h('col', { class: 'col-vin' }), h('col', { class: 'col-km' }),
    ]),
    h('thead', {}, h('tr', {}, [
      h('th', { scope: 'col', text: t('vehicles.col_plate') }),
      h('th', { scope: 'col', text: t('vehicles.col_vehicle') }),
      h('th', { scope: 'col', text: t('vehicles.col_vin') }),
      h('th', { scope: 'col', class: 'num', text: t('vehicles.col_km') }),
    ])),
    vehicleBody,
  ]));
  const noVehicles = h('p', { id: 'customer-no-vehicles', class: 'muted', text: t('customer.no_vehicles'), hidden: true });
  const openWork = h('div', { id: 'customer-open-work' });

  // Details first, compact across the width; the vehicles get the full width their columns need.
  const body = h('div', { class: 'stack' }, [
    h('section', { class: 'panel', 'aria-labelledby': 'customer-details-title' }, [
      h('h2', { id: 'customer-details-title', text: t('customer.details') }),
      details,
    ]),
    h('section', { class: 'panel', 'aria-labelledby': 'customer-vehicles-title' }, [
      h('h2', { id: 'customer-vehicles-title' }, [t('customer.vehicles'), ' ', vehicleCount]),
      vehicleWrap, noVehicles,
    ]),
    h('section', { class: 'panel', 'aria-labelledby': 'customer-open-work-title' }, [
      h('h2', { id: 'customer-open-work-title', text: t('customer.open_work') }),
      openWork,
    ]),
  ]);

  const section = h('section', { class: 'screen record customer-page', 'aria-labelledby': 'customer-name' }, [
    h('a', { id: 'customer-back', class: 'back', href: '#/clients', text: t('customer.back') }),
    h('div', { class: 'record-header' }, [name, badges]),
    mergedNote,
    actions,
    error,
    body,
  ]);

  return {
    section, name, badges, mergedNote, mergedLink, actions, edit, newOrder, addVehicle, export: exportButton,
    merge, archive, anonymise, error, details, vehicleCount, vehicleBody, vehicleWrap, noVehicles, openWork, body,
  };
}
