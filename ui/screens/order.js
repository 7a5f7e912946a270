// One order's page (#/ordres/{id}): the header and what can be done next in
// its life, the lines and their totals, canned jobs, the customer's signature,
// supplements, the checklist, time clocked, bench notes, the inspection, the
// vehicle's recommended work, the timeline, and the printed papers.

import * as api from '../api.js';
import { t, formatMoney, formatDay, formatDateTime } from '../i18n/index.js';
import { h } from '../dom.js';
import { screen } from '../screen.js';
import { showToast } from '../toast.js';
import { askText, confirmAction } from '../confirm.js';
import { hasRole } from '../session.js';
import { invoiceOrderButton } from './invoice-order.js';
import { printed } from './paper.js';
import { depositsPanel } from './order-deposit.js';
import { orderDialog } from './order-new.js';
import { lineDialog, lineToInput } from './order-line.js';
import { signatureDialog } from './signature.js';
import {
  statusBadge, promisedText, lineQuantity, lineNotes, lineUnit, vatText, totalsTable, durationText,
} from './order-text.js';

export const { render, dispose } = screen((container, { id }, life) => createScreen(container, id, life));

function createScreen(container, id, life) {
  const state = { page: null, busy: false };
  const headerDialog = orderDialog({ onSaved: () => load() });
  const lines = lineDialog();
  const signature = signatureDialog();
  const ui = build();
  ui.section.append(headerDialog.dialog, lines.dialog, signature.dialog);
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

  function show(page, canned) {
    state.page = page;
    const { order } = page;
    const status = order.status;
    const open = !['invoiced', 'cancelled'].includes(status);
    const estimate = status === 'estimate';
    ui.body.hidden = false;
    ui.number.textContent = order.order_number ?? order.estimate_number;
    ui.badges.replaceChildren(statusBadge(status),
      order.order_number ? h('span', { class: 'muted small-text', text: t('order.from_estimate', { number: order.estimate_number }) }) : '');
    ui.customer.textContent = order.customer_name;
    ui.customer.href = `#/clients/${encodeURIComponent(order.customer_id)}`;
    ui.vehicle.textContent = [order.plate, order.vehicle_label].filter(Boolean).join(' — ');
    ui.vehicle.href = `#/vehicules/${encodeURIComponent(order.vehicle_id)}`;
    ui.ready.hidden = status !== 'done';
    ui.actions.replaceChildren(...actions(page));
    ui.details.replaceChildren(...details(page));
    showLines(page, open, estimate, canned);
    showSupplements(page, open);
    ui.depositsSlot.replaceChildren(depositsPanel(id, { open }));
    showSteps(page, open);
    ui.clocks.replaceChildren(...page.clocks.map((c) => h('li', {}, [
      h('strong', { text: c.user_name }), ' ',
      h('span', { text: durationText(c.clocked_ms) }), ' ',
      h('span', { class: 'muted', text: t(`bench.clock_${c.state}`) }),
    ])));
    ui.noClocks.hidden = page.clocks.length > 0;
    ui.notes.replaceChildren(...page.notes.map((n) => h('li', {}, [
      h('span', { class: 'muted', text: `${formatDateTime(n.created_at)} · ${n.user_name}` }),
      h('p', { text: n.body }),
    ])));
    ui.noNotes.hidden = page.notes.length > 0;
    showInspection(page);
    showRecommendations(page);
    ui.timeline.replaceChildren(...[...page.timeline].reverse().map((e) => h('li', {}, [
      h('time', { datetime: e.at, text: formatDateTime(e.at) }),
      h('span', { text: e.text }),
    ])));
  }

  // --- what can be done next -------------------------------------------------

  function button(idName, label, onClick, cls = '') {
    const b = h('button', { id: idName, type: 'button', class: cls || null, text: label });
    b.addEventListener('click', () => onClick(b));
    return b;
  }

  function move(to, toastKey) {
    return (b) => act(b, () => api.changeOrderStatus(id, to), t(toastKey));
  }

  function actions(page) {
    const { order } = page;
    const s = order.status;
    const list = [];
    const open = !['invoiced', 'cancelled'].includes(s);
    if (s === 'estimate') {
      list.push(button('order-accept', t('order.accept'), () => accept(page), 'primary'));
      list.push(button('print-estimate', t('order.print_estimate'), (b) => print(b, 'estimate')));
    }
    if (s === 'accepted') list.push(button('order-start', t('order.start'), move('in_progress', 'order.started'), 'primary'));
    if (s === 'in_progress') list.push(button('order-wait', t('order.wait_parts'), move('waiting_parts', 'order.waiting')));
    if (s === 'waiting_parts') list.push(button('order-resume', t('order.resume'), move('in_progress', 'order.resumed'), 'primary'));
    if (['accepted', 'in_progress', 'waiting_parts'].includes(s)) {
      list.push(button('order-done', t('order.done'), (b) => finish(b)));
      list.push(button('order-add-supplement', t('order.add_supplement'), (b) => addSupplement(b)));
    }
    const invoice = invoiceOrderButton(order, { onError: (error) => { ui.error.textContent = error.message; } });
    if (invoice) list.push(invoice);
    if (s === 'done') list.push(button('order-reopen', t('order.reopen'), (b) => reopen(b)));
    if (s !== 'estimate' && s !== 'cancelled') {
      list.push(button('print-order', t('order.print_order'), (b) => print(b, 'repair_order')));
    }
    if (page.inspection) list.push(button('print-inspection', t('order.print_inspection'), (b) => print(b, 'inspection')));
    if (open) {
      list.push(button('order-edit', t('order.edit'), () => headerDialog.edit(order)));
      list.push(button('order-cancel-order', t('order.cancel_order'), (b) => cancelOrder(b), 'danger-link'));
    }
    return list;
  }

  function print(b, paper) {
    return act(b, async () => {
      printed(await api.printOrder(id, paper));
    });
  }

  async function accept(page) {
    const saved = await signature.ask({
      title: t('signature.estimate_title', { number: page.order.estimate_number }),
      intro: t('signature.estimate_intro', { amount: formatMoney(page.totals.gross) }),
      circular: page.circular_parts_offered,
      signerName: page.order.customer_name,
      save: (approval) => api.acceptEstimate(id, approval),
    });
    if (saved) {
      showToast(t('order.accepted'));
      await load();
    }
  }

  async function finish(b) {
    const left = state.page.progress.total - state.page.progress.done;
    let reason = null;
    if (left > 0) {
      reason = await askText({
        title: t('order.done_title'), label: t('order.done_reason', { count: left }),
        confirmLabel: t('order.done'), required: true,
      });
      if (reason === null) return;
    }
    await act(b, () => api.changeOrderStatus(id, 'done', reason), t('order.finished'));
  }

  async function reopen(b) {
    const reason = await askText({ title: t('order.reopen_title'), label: t('order.reason'), confirmLabel: t('order.reopen'), required: true });
    if (reason !== null) await act(b, () => api.reopenOrder(id, reason), t('order.reopened'));
  }

  async function cancelOrder(b) {
    const reason = await askText({
      title: t('order.cancel_title', { number: ui.number.textContent }), label: t('order.reason'),
      confirmLabel: t('order.cancel_order'), danger: true,
    });
    if (reason !== null) await act(b, () => api.changeOrderStatus(id, 'cancelled', reason || null), t('order.cancelled'));
  }

  async function addSupplement(b) {
    const title = await askText({ title: t('order.add_supplement'), label: t('order.supplement_title'), confirmLabel: t('order.add_supplement') });
    if (title !== null) await act(b, () => api.addSupplement(id, title || null), t('order.supplement_added'));
  }

  // --- lines -----------------------------------------------------------------

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
      const line = state.page.lines.find((l) => l.id === tr.dataset.id);
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

  function showLines(page, open, estimate, canned) {
    const own = page.lines.filter((l) => !l.supplement_id);
    const editable = (l) => open && (estimate || l.from_bench);
    ui.lines.replaceChildren(own.length
      ? linesTable('order-lines', own.map((l) => lineRow(l, editable(l))), t('order.lines'))
      : h('p', { id: 'order-no-lines', class: 'muted', text: t('order.no_lines') }));
    ui.lineTools.hidden = !estimate;
    ui.cannedSelect.replaceChildren(
      h('option', { value: '', text: canned.length ? t('canned.choose') : t('canned.none_yet') }),
      ...canned.map((job) => h('option', { value: job.id, text: job.name })),
    );
    ui.applyCanned.disabled = !canned.length;
    ui.signedNote.hidden = estimate || !open;
    ui.totals.replaceChildren(totalsTable(page.totals, 'order-totals'));
    ui.approval.replaceChildren(...(page.approval ? [
      h('p', { id: 'order-approval', text: t('order.approved_by', { name: page.approval.signer_name, date: formatDay(page.approval.accepted_on) }) }),
      page.approval.recycled_parts_accepted === null ? null
        : h('p', { class: 'muted', text: page.approval.recycled_parts_accepted ? t('order.piec_accepted') : t('order.piec_declined') }),
    ] : []));
  }

  async function editLine(line) {
    const saved = await lines.ask({
      title: t('order.line_edit_title'),
      line: lineToInput(line),
      save: (input) => api.updateOrderLine(line.id, { ...input, supplement_id: line.supplement_id }),
    });
    if (saved) {
      await load();
    }
  }

  async function removeLine(b, line) {
    const yes = await confirmAction({
      title: t('order.line_remove_title'), paragraphs: [line.description], confirmLabel: t('order.line_remove'), danger: true,
    });
    if (yes) await act(b, () => api.removeOrderLine(line.id), t('order.line_removed'));
  }

  async function addLine(supplementId = null) {
    const saved = await lines.ask({
      title: supplementId ? t('order.supplement_line_title') : t('order.line_add_title'),
      save: (input) => api.addOrderLine(id, { ...input, supplement_id: supplementId }),
    });
    if (saved) {
      await load();
    }
  }

  ui.addLine.addEventListener('click', () => addLine());
  ui.applyCanned.addEventListener('click', () => {
    const jobId = ui.cannedSelect.value;
    if (!jobId) {
      ui.cannedSelect.focus();
      return;
    }
    act(ui.applyCanned, () => api.applyCannedJob(id, jobId), (added) => t('canned.applied', { count: added.length }));
  });

  // --- supplements -------------------------------------------------------------

  function showSupplements(page, open) {
    ui.supplements.replaceChildren(...page.supplements.map((s) => {
      const pending = s.status === 'pending';
      const own = page.lines.filter((l) => l.supplement_id === s.id);
      const add = h('button', { type: 'button', class: 'link', text: t('order.supplement_add_line') });
      add.addEventListener('click', () => addLine(s.id));
      const approve = h('button', { type: 'button', class: 'primary', text: t('order.supplement_approve') });
      approve.addEventListener('click', () => approveSupplement(s));
      const decline = h('button', { type: 'button', text: t('order.supplement_decline') });
      decline.addEventListener('click', () => declineSupplement(decline, s));
      return h('section', { class: `supplement supplement-${s.status}`, 'data-id': s.id }, [
        h('h3', {}, [
          t('order.supplement_heading', { number: s.number, title: s.title ?? '' }), ' ',
          h('span', { class: `status status-supplement-${s.status}`, text: t(`order.supplement_${s.status}`) }),
        ]),
        own.length ? linesTable(`supplement-${s.number}-lines`, own.map((l) => lineRow(l, pending && open)), s.title ?? '')
          : h('p', { class: 'muted', text: t('order.no_lines') }),
        own.length ? totalsTable(s.totals, `supplement-${s.number}-totals`) : null,
        s.decline_reason ? h('p', { class: 'muted', text: t('order.supplement_declined_because', { reason: s.decline_reason }) }) : null,
        s.approval ? h('p', { class: 'muted', text: t('order.approved_by', { name: s.approval.signer_name, date: formatDay(s.approval.accepted_on) }) }) : null,
        pending && open ? h('div', { class: 'page-actions' }, [add, own.length ? approve : null, decline]) : null,
      ]);
    }));
    ui.supplementsPanel.hidden = page.supplements.length === 0;
  }

  async function approveSupplement(s) {
    const saved = await signature.ask({
      title: t('signature.supplement_title', { number: s.number }),
      intro: t('signature.supplement_intro', { amount: formatMoney(s.totals.gross) }),
      circular: state.page.lines.some((l) => l.supplement_id === s.id && ['exchange', 'recycled'].includes(l.origin)),
      signerName: state.page.order.customer_name,
      save: (approval) => api.approveSupplement(s.id, approval),
    });
    if (saved) {
      showToast(t('order.supplement_approved_toast'));
      await load();
    }
  }

  async function declineSupplement(b, s) {
    const reason = await askText({ title: t('order.supplement_decline'), label: t('order.reason'), confirmLabel: t('order.supplement_decline') });
    if (reason !== null) await act(b, () => api.declineSupplement(s.id, reason || null), t('order.supplement_declined_toast'));
  }

  // --- checklist -------------------------------------------------------------

  function showSteps(page, open) {
    ui.progress.textContent = page.progress.total ? t('order.progress', { done: page.progress.done, total: page.progress.total }) : '';
    const tick = hasRole('owner') || hasRole('mechanic');
    ui.steps.replaceChildren(...page.steps.map((step) => {
      const box = h('input', { type: 'checkbox', checked: Boolean(step.done_at), disabled: !open || !tick, 'data-id': step.id });
      box.addEventListener('change', () => act(box, () => (box.checked ? api.tickStep(step.id) : api.untickStep(step.id)), null));
      const remove = open && !step.line_id && !step.done_at
        ? h('button', { type: 'button', class: 'link danger-link', text: t('order.step_remove') }) : null;
      remove?.addEventListener('click', () => act(remove, () => api.removeStep(step.id), t('order.step_removed')));
      return h('li', { 'data-id': step.id, class: step.done_at ? 'done' : null }, [
        h('label', { class: 'check' }, [box, h('span', { text: step.label })]),
        step.done_at ? h('span', { class: 'muted', text: t('order.step_done_by', { name: step.done_by ?? '', at: formatDateTime(step.done_at) }) }) : null,
        remove,
      ]);
    }));
    ui.noSteps.hidden = page.steps.length > 0;
    ui.stepForm.hidden = !open;
  }

  ui.stepForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const label = ui.stepInput.value.trim();
    if (!label) return;
    act(ui.stepAdd, async () => {
      const step = await api.addStep(id, label);
      ui.stepInput.value = '';
      return step;
    }, null);
  });

  // --- inspection and recommendations ----------------------------------------

  function showInspection(page) {
    const points = page.inspection?.points.filter((p) => p.status) ?? [];
    ui.inspectionPanel.hidden = !page.inspection;
    ui.inspection.replaceChildren(...points.map((p) => h('li', { class: `point point-${p.status}` }, [
      h('span', { class: `dot dot-${p.status}`, 'aria-hidden': 'true' }),
      h('strong', { text: p.label }), ' ',
      h('span', { class: 'muted', text: [t(`inspection.status_${p.status}`), p.comment].filter(Boolean).join(' · ') }),
    ])));
  }

  function showRecommendations(page) {
    const recs = page.recommendations;
    ui.recommendationsPanel.hidden = recs.length === 0;
    ui.recommendations.replaceChildren(...recs.map((r) => h('li', { 'data-id': r.id }, [
      h('label', { class: 'check' }, [
        h('input', { type: 'checkbox', value: r.id }),
        h('span', { class: `dot dot-${r.severity === 'urgent' ? 'urgent' : 'watch'}`, 'aria-hidden': 'true' }),
        h('span', { text: r.description }),
      ]),
      h('span', { class: 'muted', text: formatDay(r.created_at?.slice(0, 10)) }),
    ])));
  }

  function chosenRecommendations() {
    return [...ui.recommendations.querySelectorAll('input:checked')].map((box) => box.value);
  }

  ui.recommendEstimate.addEventListener('click', () => {
    const ids = chosenRecommendations();
    if (!ids.length) {
      ui.error.textContent = t('order.recommendations_pick');
      return;
    }
    act(ui.recommendEstimate, async () => {
      const created = await api.estimateFromRecommendations(state.page.order.vehicle_id, ids);
      location.hash = `#/ordres/${encodeURIComponent(created.id)}`;
    }, null);
  });
  ui.recommendDismiss.addEventListener('click', async () => {
    const ids = chosenRecommendations();
    if (!ids.length) {
      ui.error.textContent = t('order.recommendations_pick');
      return;
    }
    await act(ui.recommendDismiss, async () => {
      for (const rec of ids) await api.dismissRecommendation(rec);
      return ids;
    }, t('order.recommendations_dismissed'));
  });

  load();

  return () => {
    headerDialog.dispose();
    lines.dispose();
    signature.dispose();
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

function build() {
  const panel = (idBase, titleKey, children, extra = {}) => h('section', {
    class: 'panel', 'aria-labelledby': `${idBase}-title`, ...extra,
  }, [h('h2', { id: `${idBase}-title`, text: t(titleKey) }), ...children]);

  const number = h('h1', { id: 'order-number', class: 'mono' });
  const badges = h('span', { id: 'order-status', class: 'badges' });
  const customer = h('a', { id: 'order-customer', href: '#/clients' });
  const vehicle = h('a', { id: 'order-vehicle', href: '#/vehicules' });
  const ready = h('p', { id: 'order-ready', class: 'notice', text: t('order.ready_to_invoice'), hidden: true });
  const actions = h('div', { id: 'order-actions', class: 'page-actions', role: 'group', 'aria-label': t('order.actions') });
  const error = h('p', { id: 'order-page-error', class: 'form-error', role: 'alert' });
  const detailsList = h('dl', { id: 'order-details', class: 'details' });

  const lines = h('div');
  const addLine = h('button', { id: 'add-line', type: 'button', class: 'primary', text: t('order.line_add') });
  const cannedSelect = h('select', { id: 'canned-select', 'aria-label': t('canned.choose') });
  const applyCanned = h('button', { id: 'apply-canned', type: 'button', text: t('canned.apply') });
  const lineTools = h('div', { class: 'line-tools' }, [addLine, h('span', { class: 'canned-pick' }, [cannedSelect, applyCanned])]);
  const signedNote = h('p', { class: 'muted', text: t('order.signed_note'), hidden: true });
  const totals = h('div', { class: 'totals-wrap' });
  const approval = h('div');

  const supplements = h('div', { id: 'order-supplements', class: 'stack' });
  const supplementsPanel = panel('order-supplements', 'order.supplements', [supplements], { hidden: true });
  const depositsSlot = h('div');

  const progress = h('span', { id: 'order-progress', class: 'count' });
  const steps = h('ul', { id: 'order-steps', class: 'steps' });
  const noSteps = h('p', { class: 'muted', text: t('order.no_steps') });
  const stepInput = h('input', { id: 'step-label', type: 'text', autocomplete: 'off', 'aria-label': t('order.step_new') });
  const stepAdd = h('button', { id: 'step-add', type: 'submit', text: t('order.step_add') });
  const stepForm = h('form', { id: 'step-form', class: 'inline-form', novalidate: true }, [stepInput, stepAdd]);

  const clocks = h('ul', { id: 'order-clocks', class: 'plain' });
  const noClocks = h('p', { class: 'muted', text: t('order.no_clocks') });
  const notes = h('ul', { id: 'order-notes', class: 'plain notes' });
  const noNotes = h('p', { class: 'muted', text: t('order.no_notes') });
  const inspection = h('ul', { id: 'order-inspection', class: 'plain points' });
  const inspectionPanel = panel('order-inspection', 'order.inspection', [inspection], { hidden: true });
  const recommendations = h('ul', { id: 'order-recommendations', class: 'plain' });
  const recommendEstimate = h('button', { id: 'recommendations-estimate', type: 'button', text: t('order.recommendations_estimate') });
  const recommendDismiss = h('button', { id: 'recommendations-dismiss', type: 'button', class: 'link', text: t('order.recommendations_dismiss') });
  const recommendationsPanel = panel('order-recommendations', 'order.recommendations', [
    h('p', { class: 'hint', text: t('order.recommendations_hint') }),
    recommendations,
    h('div', { class: 'page-actions' }, [recommendEstimate, recommendDismiss]),
  ], { hidden: true });
  const timeline = h('ol', { id: 'order-timeline', class: 'timeline' });

  const stepsPanel = h('section', { class: 'panel', 'aria-labelledby': 'order-steps-title' }, [
    h('h2', { id: 'order-steps-title' }, [t('order.steps'), ' ', progress]),
    steps, noSteps, stepForm,
  ]);

  const body = h('div', { class: 'stack' }, [
    panel('order-details', 'order.details', [detailsList]),
    panel('order-lines', 'order.lines', [lines, lineTools, signedNote, totals, approval]),
    supplementsPanel,
    depositsSlot,
    recommendationsPanel,
    h('div', { class: 'page-grid even' }, [
      stepsPanel,
      h('div', { class: 'stack' }, [
        panel('order-clocks', 'order.clocks', [clocks, noClocks]),
        panel('order-notes', 'order.notes', [notes, noNotes]),
      ]),
    ]),
    inspectionPanel,
    panel('order-timeline', 'order.timeline', [timeline]),
  ]);

  const section = h('section', { class: 'screen record order-page', 'aria-labelledby': 'order-number' }, [
    h('a', { id: 'order-back', class: 'back', href: '#/ordres', text: t('order.back') }),
    h('div', { class: 'record-header' }, [number, badges]),
    h('p', { class: 'owner-line' }, [customer, ' · ', vehicle]),
    ready,
    actions,
    error,
    body,
  ]);

  return {
    section, number, badges, customer, vehicle, ready, actions, error, details: detailsList, body,
    lines, lineTools, addLine, cannedSelect, applyCanned, signedNote, totals, approval,
    supplements, supplementsPanel, depositsSlot, progress, steps, noSteps, stepForm, stepInput, stepAdd,
    clocks, noClocks, notes, noNotes, inspection, inspectionPanel,
    recommendations, recommendationsPanel, recommendEstimate, recommendDismiss, timeline,
  };
}
