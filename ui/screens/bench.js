// The bench station (#/atelier): the mechanic signed in by PIN sees their jobs
// for today as big cards; a job (#/atelier/{id}) shows what to do with big
// targets readable from a metre away — the time clock, the checklist, the
// parts used, notes, the diagnosis (bench-diagnosis.js), the inspection
// checklist — and « Travail terminé ».

import * as api from '../api.js';
import { ApiError } from '../api.js';
import { t, formatDateTime } from '../i18n/index.js';
import { h } from '../dom.js';
import { screen } from '../screen.js';
import { showToast } from '../toast.js';
import { askText } from '../confirm.js';
import { errorDisplay, field } from '../forms.js';
import { statusBadge, promisedText, milli, durationText } from './order-text.js';
import { diagnosisPanel } from './bench-diagnosis.js';

const TICK_MS = 1000;

export const { render, dispose } = screen((container, { id }, life) => (id
  ? createJob(container, id, life)
  : createList(container, life)));

function createList(container, life) {
  const list = h('ul', { id: 'bench-jobs', class: 'plain bench-jobs' });
  const empty = h('p', { id: 'bench-empty', class: 'bench-empty', text: t('bench.empty'), hidden: true });
  const error = h('p', { id: 'bench-error', class: 'form-error', role: 'alert' });
  container.append(h('section', { class: 'screen bench', 'aria-labelledby': 'screen-title' }, [
    h('h1', { id: 'screen-title', text: t('bench.title') }),
    error, list, empty,
  ]));

  (async () => {
    try {
      const jobs = await api.benchJobs();
      if (life.disposed) return;
      list.replaceChildren(...jobs.map((job) => h('li', {}, h('a', {
        class: 'bench-card', href: `#/atelier/${encodeURIComponent(job.order_id)}`, 'data-id': job.order_id,
      }, [
        h('span', { class: 'bench-plate mono', text: job.plate ?? job.number }),
        h('span', { class: 'bench-vehicle', text: job.vehicle_label ?? '' }),
        h('span', { class: 'bench-complaint', text: job.complaint ?? '' }),
        h('span', { class: 'bench-meta' }, [
          statusBadge(job.status),
          job.progress.total ? h('span', { text: t('order.progress', { done: job.progress.done, total: job.progress.total }) }) : null,
          job.promised_at ? h('span', { text: t('bench.promised', { at: promisedText(job.promised_at) }) }) : null,
          job.my_clock === 'running' ? h('span', { class: 'clock-on', text: t('bench.card_clock_running') }) : null,
        ]),
      ]))));
      empty.hidden = jobs.length > 0;
    } catch (failure) {
      if (!life.disposed) error.textContent = failure.message;
    }
  })();
}

function createJob(container, id, life) {
  const state = { card: null, busy: false, timer: null, running: false, readAt: 0, base: 0 };
  const ui = build();
  container.append(ui.section);
  const partErrors = errorDisplay(ui.partForm, ui.partError);
  const inspection = inspectionPanel(id, { onError: (message) => { ui.error.textContent = message; } });
  ui.inspectionSlot.append(inspection.element);
  const diagnosis = diagnosisPanel(id, { onError: (message) => { ui.error.textContent = message; } });
  ui.diagnosisSlot.append(diagnosis.element);

  async function load() {
    const current = life.next();
    try {
      const card = await api.jobCard(id);
      if (!current()) return;
      ui.error.textContent = '';
      show(card);
    } catch (error) {
      if (current()) ui.error.textContent = error.message;
    }
  }

  async function act(button, write, toast = null) {
    if (state.busy) return;
    state.busy = true;
    if (button) button.disabled = true;
    ui.error.textContent = '';
    try {
      await write();
      if (toast) showToast(toast);
      await load();
    } catch (error) {
      ui.error.textContent = error.message;
    } finally {
      state.busy = false;
      if (button?.isConnected) button.disabled = false;
    }
  }

  function show(card) {
    state.card = card;
    ui.plate.textContent = card.plate ?? card.number;
    ui.vehicle.textContent = [card.vehicle_label, card.number].filter(Boolean).join(' · ');
    ui.status.replaceChildren(statusBadge(card.status));
    ui.complaint.textContent = card.complaint ?? '';
    ui.complaint.hidden = !card.complaint;
    ui.meta.textContent = [
      card.mileage_km !== null ? t('order.km_value', { km: card.mileage_km }) : null,
      card.promised_at ? t('bench.promised', { at: promisedText(card.promised_at) }) : null,
    ].filter(Boolean).join(' · ');
    showClock(card);
    ui.steps.replaceChildren(...card.steps.map((step) => {
      const box = h('button', {
        type: 'button', class: `step-button${step.done_at ? ' done' : ''}`, 'data-id': step.id,
        'aria-pressed': String(Boolean(step.done_at)),
      }, [h('span', { class: 'tick', 'aria-hidden': 'true', text: step.done_at ? '✓' : '' }), h('span', { text: step.label })]);
      box.addEventListener('click', () => act(box, () => (step.done_at ? api.untickStep(step.id) : api.tickStep(step.id))));
      return h('li', {}, box);
    }));
    ui.noSteps.hidden = card.steps.length > 0;
    ui.lines.replaceChildren(...card.lines.map((line) => h('li', { 'data-kind': line.kind }, [
      h('span', { class: 'job-kind', text: t(`line.kind_${line.kind}`) }),
      h('span', { class: 'job-description', text: line.description }),
      h('span', { class: 'job-quantity', text: line.kind === 'labour' ? t('order.hours_value', { hours: milli(line.quantity_milli) }) : `× ${milli(line.quantity_milli)}` }),
      line.from_bench ? h('span', { class: 'badge small', text: t('order.from_bench') }) : null,
    ])));
    ui.notes.replaceChildren(...card.notes.map((n) => h('li', {}, [
      h('span', { class: 'muted', text: `${formatDateTime(n.created_at)} · ${n.user_name}` }),
      h('p', { text: n.body }),
    ])));
    // Core says whether the order is being worked on. Once it is not, what
    // adds to it goes: no part form, no empty notes panel, no checklist to start.
    ui.done.hidden = !card.finish;
    ui.partsPanel.hidden = !card.at_work;
    ui.noteForm.hidden = !card.at_work;
    ui.notesPanel.hidden = !card.at_work && card.notes.length === 0;
    inspection.atWork(card.at_work);
    diagnosis.atWork(card.at_work);
    ui.finished.hidden = card.status !== 'done';
  }

  function showClock(card) {
    // Every clock on the card is counted up to when it was read; a running
    // one of mine keeps counting on screen from then.
    state.base = card.clocks.reduce((sum, c) => sum + c.clocked_ms, 0);
    state.readAt = Date.now();
    state.running = card.my_clock === 'running';
    ui.clockState.textContent = t(`bench.clock_${card.my_clock}`);
    ui.clockState.dataset.state = card.my_clock;
    ui.clockStart.hidden = state.running;
    ui.clockStart.textContent = card.my_clock === 'paused' ? t('bench.clock_resume') : t('bench.clock_start');
    ui.clockPause.hidden = !state.running;
    ui.clockStop.hidden = card.my_clock === 'stopped';
    ui.billed.textContent = t('bench.billed', { hours: milli(card.billed_hours_milli) });
    tick();
    clearInterval(state.timer);
    if (state.running) state.timer = setInterval(tick, TICK_MS);
  }

  function tick() {
    ui.clocked.textContent = durationText(state.base + (state.running ? Date.now() - state.readAt : 0));
  }

  ui.clockStart.addEventListener('click', () => act(ui.clockStart, () => api.clockJob(id, 'start'), t('bench.clock_started')));
  ui.clockPause.addEventListener('click', () => act(ui.clockPause, () => api.clockJob(id, 'pause'), t('bench.clock_paused')));
  ui.clockStop.addEventListener('click', () => act(ui.clockStop, () => api.clockJob(id, 'stop'), t('bench.clock_stopped')));

  ui.partForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (state.busy) return;
    partErrors.clear();
    const form = ui.partForm.elements;
    state.busy = true;
    ui.partSave.disabled = true;
    try {
      await api.addPartUsed(id, { part_id: form.part_id.value, description: form.description.value, quantity: form.quantity.value });
      ui.partForm.reset();
      showToast(t('bench.part_added'));
      await load();
    } catch (error) {
      partErrors.show(error instanceof ApiError ? error : new ApiError('internal', t('error.internal')));
    } finally {
      state.busy = false;
      ui.partSave.disabled = false;
    }
  });

  ui.noteForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = ui.noteInput.value.trim();
    if (!body) return;
    act(ui.noteSave, async () => {
      await api.addBenchNote(id, body);
      ui.noteInput.value = '';
    }, t('bench.note_added'));
  });

  ui.done.addEventListener('click', async () => {
    const card = state.card;
    const left = card ? card.steps.filter((s) => !s.done_at).length : 0;
    let reason = null;
    if (left > 0) {
      reason = await askText({
        title: t('order.done_title'), label: t('order.done_reason', { count: left }),
        confirmLabel: t('bench.done'), required: true,
      });
      if (reason === null) return;
    }
    await act(ui.done, () => api.markJobDone(id, reason), t('bench.finished'));
  });

  load();
  inspection.load();
  diagnosis.load();

  return () => clearInterval(state.timer);
}

/** The inspection checklist at the bench: start it, then mark each point ok / to watch / urgent. */
function inspectionPanel(order, { onError }) {
  const list = h('ul', { id: 'inspection-points', class: 'plain inspection-points' });
  const start = h('button', { id: 'inspection-start', type: 'button', class: 'big', text: t('inspection.start') });
  const element = h('section', { class: 'panel', 'aria-labelledby': 'inspection-title' }, [
    h('h2', { id: 'inspection-title', text: t('inspection.title') }),
    start, list,
  ]);

  let current = null;
  let working = true;
  function show(inspection) {
    current = inspection;
    start.hidden = Boolean(inspection) || !working;
    element.hidden = !inspection && !working;
    list.replaceChildren(...(inspection?.points ?? []).map((point) => pointRow(point)));
  }

  function pointRow(point) {
    const measure = point.unit ? h('input', {
      type: 'text', inputmode: 'decimal', class: 'measure', 'aria-label': t(`inspection.measure_${point.unit}`),
      value: point.measure_milli === null ? '' : milli(point.measure_milli),
    }) : null;
    const comment = h('input', { type: 'text', class: 'comment', 'aria-label': t('inspection.comment'), value: point.comment ?? '' });
    const record = async (status) => {
      try {
        const saved = await api.recordInspectionPoint(order, point.code, {
          status, measure: measure?.value ?? null, comment: comment.value,
        });
        row.replaceWith(pointRow(saved));
        onError('');
      } catch (error) {
        onError(error.message);
      }
    };
    const buttons = ['ok', 'watch', 'urgent'].map((status) => {
      const b = h('button', {
        type: 'button', class: `point-button point-${status}`, 'data-status': status,
        'aria-pressed': String(point.status === status), text: t(`inspection.status_${status}`),
      });
      b.addEventListener('click', () => record(status));
      return b;
    });
    // A measure alone is enough: the status is suggested from it.
    measure?.addEventListener('change', () => { if (measure.value.trim()) record(null); });
    const row = h('li', { 'data-code': point.code, class: point.status ? `point-${point.status}` : null }, [
      h('span', { class: 'point-label', text: point.label }),
      measure ? h('span', { class: 'measure-wrap' }, [measure, h('span', { class: 'unit', text: t(`inspection.unit_${point.unit}`) })]) : null,
      h('span', { class: 'point-buttons' }, buttons),
      comment,
    ]);
    return row;
  }

  start.addEventListener('click', async () => {
    start.disabled = true;
    try {
      show(await api.startInspection(order));
      onError('');
    } catch (error) {
      onError(error.message);
    } finally {
      start.disabled = false;
    }
  });

  return {
    element,
    /** Whether the order is at work: a checklist is started only then. */
    atWork(value) {
      working = value;
      show(current);
    },
    async load() {
      try {
        show(await api.inspectionOf(order));
      } catch (error) {
        onError(error.message);
      }
    },
  };
}

function build() {
  const plate = h('h1', { id: 'job-plate', class: 'mono bench-title' });
  const vehicle = h('p', { id: 'job-vehicle', class: 'subtitle' });
  const status = h('span', { id: 'job-status' });
  const complaint = h('p', { id: 'job-complaint', class: 'bench-complaint big-text' });
  const meta = h('p', { id: 'job-meta', class: 'muted' });
  const error = h('p', { id: 'job-error', class: 'form-error', role: 'alert' });

  const clockState = h('span', { id: 'clock-state', class: 'clock-state' });
  const clocked = h('span', { id: 'clock-total', class: 'clock-total' });
  const billed = h('span', { id: 'clock-billed', class: 'muted' });
  const clockStart = h('button', { id: 'clock-start', type: 'button', class: 'big primary' });
  const clockPause = h('button', { id: 'clock-pause', type: 'button', class: 'big', text: t('bench.clock_pause') });
  const clockStop = h('button', { id: 'clock-stop', type: 'button', class: 'big', text: t('bench.clock_stop') });

  const steps = h('ul', { id: 'job-steps', class: 'plain bench-steps' });
  const noSteps = h('p', { class: 'muted', text: t('order.no_steps') });
  const lines = h('ul', { id: 'job-lines', class: 'plain job-lines' });

  const partError = h('p', { id: 'part-error', class: 'form-error', role: 'alert' });
  const partSave = h('button', { id: 'part-save', type: 'submit', class: 'big', text: t('bench.part_add') });
  const partForm = h('form', { id: 'part-form', class: 'bench-form', novalidate: true, autocomplete: 'off' }, [
    partError,
    h('div', { class: 'form-grid' }, [
      field('part', 'part_id', h('input', { type: 'text', spellcheck: 'false' }), t('line.part_id')),
      field('part', 'description', h('input', { type: 'text' }), t('line.description')),
      field('part', 'quantity', h('input', { type: 'text', inputmode: 'decimal', placeholder: '1' }), t('line.quantity')),
    ]),
    partSave,
  ]);
  const notes = h('ul', { id: 'job-notes', class: 'plain notes' });
  const noteInput = h('textarea', { id: 'note-body', rows: 2, 'aria-label': t('bench.note') });
  const noteSave = h('button', { id: 'note-save', type: 'submit', class: 'big', text: t('bench.note_add') });
  const noteForm = h('form', { id: 'note-form', class: 'bench-form', novalidate: true }, [noteInput, noteSave]);
  const done = h('button', { id: 'job-done', type: 'button', class: 'big primary wide', text: t('bench.done') });
  const finished = h('p', { id: 'job-finished', class: 'notice', text: t('bench.finished_note'), hidden: true });
  const inspectionSlot = h('div');
  const diagnosisSlot = h('div');

  const panel = (idBase, titleKey, children) => h('section', { class: 'panel', 'aria-labelledby': `${idBase}-title` }, [
    h('h2', { id: `${idBase}-title`, text: t(titleKey) }), ...children,
  ]);
  const partsPanel = panel('job-parts', 'bench.parts', [partForm]);
  const notesPanel = panel('job-notes', 'order.notes', [notes, noteForm]);
  const section = h('section', { class: 'screen bench job', 'aria-labelledby': 'job-plate' }, [
    h('a', { id: 'job-back', class: 'back big-link', href: '#/atelier', text: t('bench.back') }),
    h('div', { class: 'record-header' }, [plate, status]),
    vehicle, complaint, meta, error,
    h('div', { class: 'stack' }, [
      panel('job-clock', 'bench.clock', [
        h('p', { class: 'clock-line' }, [clockState, clocked, billed]),
        h('div', { class: 'bench-actions' }, [clockStart, clockPause, clockStop]),
      ]),
      panel('job-steps', 'order.steps', [steps, noSteps]),
      panel('job-lines', 'bench.work', [lines]),
      partsPanel,
      notesPanel,
      diagnosisSlot,
      inspectionSlot,
      done, finished,
    ]),
  ]);
  return {
    section, plate, vehicle, status, complaint, meta, error, clockState, clocked, billed,
    clockStart, clockPause, clockStop, steps, noSteps, lines, partForm, partError, partSave,
    notes, noteForm, noteInput, noteSave, done, finished, inspectionSlot, diagnosisSlot, partsPanel, notesPanel,
  };
}
