// One order's page (#/ordres/{id}): the header and what can be done next in
// its life (order-actions.js), the lines and their totals, canned jobs and
// the customer's signature (order-lines.js), supplements
// (order-supplements.js), deposits (order-deposit.js), the checklist, time
// clocked and bench notes (order-work.js), the inspection and the vehicle's
// recommended work (order-inspection.js), and the timeline.

import * as api from '../api.js';
import { t, formatDateTime } from '../i18n/index.js';
import { h } from '../dom.js';
import { screen } from '../screen.js';
import { showToast } from '../toast.js';
import { depositsPanel } from './order-deposit.js';
import { orderDialog } from './order-new.js';
import { lineDialog } from './order-line.js';
import { signatureDialog } from './signature.js';
import { statusBadge, promisedText, panel } from './order-text.js';
import { actionButtons } from './order-actions.js';
import { linesSection } from './order-lines.js';
import { supplementsSection } from './order-supplements.js';
import { workSection } from './order-work.js';
import { diagnosisSection, inspectionSection, recommendationsSection } from './order-inspection.js';

export const { render, dispose } = screen((container, { id }, life) => createScreen(container, id, life));

function createScreen(container, id, life) {
  const state = { page: null, busy: false };
  const dialogs = { header: orderDialog({ onSaved: () => load() }), line: lineDialog(), signature: signatureDialog() };
  const ui = build();
  /** What the page's sections share. */
  const view = {
    id,
    state,
    act,
    load,
    dialogs,
    showError: (message) => { ui.error.textContent = message; },
    numberText: () => ui.number.textContent,
  };
  const lines = linesSection(view);
  const supplements = supplementsSection(view, lines);
  const work = workSection(view);
  const inspection = inspectionSection();
  const recommendations = recommendationsSection(view);
  const diagnosis = diagnosisSection(view);
  const depositsSlot = h('div');
  ui.body.append(
    panel('order-details', 'order.details', [ui.details]),
    lines.element,
    supplements.element,
    depositsSlot,
    diagnosis.element,
    recommendations.element,
    work.element,
    inspection.element,
    panel('order-timeline', 'order.timeline', [ui.timeline]),
  );
  ui.section.append(dialogs.header.dialog, dialogs.line.dialog, dialogs.signature.dialog);
  container.append(ui.section);

  async function load() {
    const current = life.next();
    try {
      const [page, canned] = await Promise.all([api.orderPage(id), api.listCannedJobs()]);
      if (!current()) return;
      ui.error.textContent = '';
      show(page, canned);
    } catch (error) {
      if (!current()) return;
      ui.error.textContent = error.message;
      if (!state.page) ui.body.hidden = true;
    }
  }

  /** Runs a write from a button, then reloads; its error shows at the top. */
  async function act(button, write, toast) {
    if (state.busy) return;
    state.busy = true;
    if (button) button.disabled = true;
    ui.error.textContent = '';
    try {
      const result = await write();
      if (result === undefined && toast === undefined) return;
      if (toast) showToast(typeof toast === 'function' ? toast(result) : toast);
      await load();
    } catch (error) {
      ui.error.textContent = error.message;
      ui.error.scrollIntoView?.({ block: 'nearest' });
    } finally {
      state.busy = false;
      if (button?.isConnected) button.disabled = false;
    }
  }

  /** Shows `page`; what may be done next is what core offers (`page.offers`, `page.editable_lines`). */
  function show(page, canned) {
    state.page = page;
    const { order, offers } = page;
    ui.body.hidden = false;
    ui.number.textContent = order.order_number ?? order.estimate_number;
    ui.badges.replaceChildren(statusBadge(order.status),
      order.order_number ? h('span', { class: 'muted small-text', text: t('order.from_estimate', { number: order.estimate_number }) }) : '');
    ui.customer.textContent = order.customer_name;
    ui.customer.href = `#/clients/${encodeURIComponent(order.customer_id)}`;
    ui.vehicle.textContent = [order.plate, order.vehicle_label].filter(Boolean).join(' — ');
    ui.vehicle.href = `#/vehicules/${encodeURIComponent(order.vehicle_id)}`;
    ui.ready.hidden = offers.invoice !== 'draft';
    ui.actions.replaceChildren(...actionButtons(page, view));
    ui.details.replaceChildren(...details(page));
    lines.show(page, canned);
    supplements.show(page);
    depositsSlot.replaceChildren(depositsPanel(id, { open: offers.open }));
    work.show(page);
    inspection.show(page);
    recommendations.show(page);
    diagnosis.show(page);
    ui.timeline.replaceChildren(...[...page.timeline].reverse().map((e) => h('li', {}, [
      h('time', { datetime: e.at, text: formatDateTime(e.at) }),
      h('span', { text: e.text }),
    ])));
  }

  load();

  return () => {
    dialogs.header.dispose();
    dialogs.line.dispose();
    dialogs.signature.dispose();
  };
}

function details({ order }) {
  const rows = [];
  const add = (key, value, cls = null) => {
    if (value === null || value === undefined || value === '') return;
    rows.push(h('div', { class: cls }, [h('dt', { text: t(key) }), h('dd', { text: value })]));
  };
  add('order.complaint', order.complaint, 'wide');
  add('order.mileage', order.mileage_km === null ? null : t('order.km_value', { km: order.mileage_km }));
  add('order.promised_at', promisedText(order.promised_at));
  add('order.internal_notes', order.internal_notes, 'wide');
  return rows;
}

/** The page's frame: the header, and an empty body the sections fill in order. */
function build() {
  const number = h('h1', { id: 'order-number', class: 'mono' });
  const badges = h('span', { id: 'order-status', class: 'badges' });
  const customer = h('a', { id: 'order-customer', href: '#/clients' });
  const vehicle = h('a', { id: 'order-vehicle', href: '#/vehicules' });
  const ready = h('p', { id: 'order-ready', class: 'notice', text: t('order.ready_to_invoice'), hidden: true });
  const actions = h('div', { id: 'order-actions', class: 'page-actions', role: 'group', 'aria-label': t('order.actions') });
  const error = h('p', { id: 'order-page-error', class: 'form-error', role: 'alert' });
  const details = h('dl', { id: 'order-details', class: 'details' });
  const timeline = h('ol', { id: 'order-timeline', class: 'timeline' });
  const body = h('div', { class: 'stack' });

  const section = h('section', { class: 'screen record order-page', 'aria-labelledby': 'order-number' }, [
    h('a', { id: 'order-back', class: 'back', href: '#/ordres', text: t('order.back') }),
    h('div', { class: 'record-header' }, [number, badges]),
    h('p', { class: 'owner-line' }, [customer, ' · ', vehicle]),
    ready,
    actions,
    error,
    body,
  ]);

  return { section, number, badges, customer, vehicle, ready, actions, error, details, timeline, body };
}
