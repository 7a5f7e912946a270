// The planning board: day and week views per bay or per mechanic, free time
// as buttons that book, each appointment's actions (arrival → repair order,
// move, resize, confirm, no-show, cancel), and the reminders due with
// one-click booking. Overbooking and hours outside the working day are
// decided by the core; the UI only asks the person to confirm.

import * as api from '../api.js';
import { t, plural, intlTag, dateTimeFormat, formatDay } from '../i18n/index.js';
import { h } from '../dom.js';
import { confirmAction, askText } from '../confirm.js';
import { showToast } from '../toast.js';
import { customerPicker } from './customer-picker.js';
import { may } from '../session.js';
import { dateTimeInput } from '../date-input.js';
import { clock } from '../dates.js';

/** The workstation's local date, YYYY-MM-DD: "today" for the planning. */
export function localDay(d = new Date()) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function addDays(day, n) {
  const d = new Date(`${day}T12:00:00`);
  d.setDate(d.getDate() + n);
  return localDay(d);
}

function mondayOf(day) {
  const d = new Date(`${day}T12:00:00`);
  return addDays(day, -((d.getDay() + 6) % 7));
}

const state = { view: 'week', by: 'bay', day: localDay() };

/** Opens the planning on `day` (`YYYY-MM-DD`), in the day view. */
export function openPlanningAt(day) {
  state.day = day;
  state.view = 'day';
  if (location.hash === '#/planning') window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = '#/planning';
}

export function render(container) {
  const board = h('div', { class: 'planning-board', 'data-testid': 'planning-board' });
  const due = h('section', { class: 'reminders', 'data-testid': 'reminders' });
  const button = (text, onClick, attrs = {}) => {
    const b = h('button', { type: 'button', text, ...attrs });
    b.addEventListener('click', onClick);
    return b;
  };
  // Which days are shown, and the view and grouping buttons pressed: what
  // the board displays reads at a glance.
  const range = h('p', { id: 'planning-range', class: 'planning-range', 'aria-live': 'polite' });
  const views = {
    day: button(t('planning.day'), () => { state.view = 'day'; refresh(); }, { id: 'planning-day' }),
    week: button(t('planning.week'), () => { state.view = 'week'; refresh(); }, { id: 'planning-week' }),
  };
  const groupings = {
    bay: button(t('planning.by_bay'), () => { state.by = 'bay'; refresh(); }, { id: 'planning-by-bay' }),
    mechanic: button(t('planning.by_mechanic'), () => { state.by = 'mechanic'; refresh(); }, { id: 'planning-by-mechanic' }),
  };
  const refresh = async () => {
    range.textContent = rangeText();
    for (const [view, b] of Object.entries(views)) b.setAttribute('aria-pressed', String(state.view === view));
    for (const [by, b] of Object.entries(groupings)) b.setAttribute('aria-pressed', String(state.by === by));
    await Promise.all([drawBoard(board, refresh), drawReminders(due, refresh)]);
  };
  const toolbar = h('div', { class: 'toolbar planning-toolbar' }, [
    h('div', { class: 'button-group', role: 'group', 'aria-label': t('planning.dates') }, [
      button(t('planning.previous'), () => { state.day = addDays(state.day, state.view === 'week' ? -7 : -1); refresh(); }, { id: 'planning-previous' }),
      button(t('planning.today'), () => { state.day = localDay(); refresh(); }, { id: 'planning-today' }),
      button(t('planning.next'), () => { state.day = addDays(state.day, state.view === 'week' ? 7 : 1); refresh(); }, { id: 'planning-next' }),
    ]),
    h('div', { class: 'button-group', role: 'group', 'aria-label': t('planning.view') }, Object.values(views)),
    h('div', { class: 'button-group', role: 'group', 'aria-label': t('planning.grouping') }, Object.values(groupings)),
    button(t('planning.book'), () => bookingDialog({}, refresh), { class: 'primary', id: 'planning-book' }),
  ]);
  container.append(h('section', { class: 'screen planning', 'aria-labelledby': 'screen-title' }, [
    h('h1', { id: 'screen-title', text: t('planning.title') }), toolbar, range, board, due,
  ]));
  refresh();
}

/** A sentence's first letter in capitals: « lun. 7 déc. » → « Lun. 7 déc. ». */
const sentence = (text) => text.charAt(0).toLocaleUpperCase(intlTag()) + text.slice(1);

/** A day as a column heading: « Lun. 7 déc. », months in lower case as French writes them. */
function dayHeading(day) {
  return sentence(dateTimeFormat({ weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(`${day}T12:00:00`)));
}

/** « Lundi 7 décembre 2026 », or « Semaine du 7 au 13 décembre 2026 ». */
function rangeText() {
  const long = (day, options) => dateTimeFormat(options).format(new Date(`${day}T12:00:00`));
  if (state.view === 'day') return sentence(long(state.day, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }));
  const monday = mondayOf(state.day);
  const sunday = addDays(monday, 6);
  const sameYear = monday.slice(0, 4) === sunday.slice(0, 4);
  return t('planning.week_of', {
    from: long(monday, { day: 'numeric', month: 'long', year: sameYear ? undefined : 'numeric' }),
    to: long(sunday, { day: 'numeric', month: 'long', year: 'numeric' }),
  });
}

async function drawBoard(board, refresh) {
  const from = state.view === 'week' ? mondayOf(state.day) : state.day;
  const data = await api.planningBoard(from, state.view === 'week' ? 7 : 1, state.by);
  if (data.rows.length === 0) {
    board.replaceChildren(h('p', { class: 'muted' }, [
      t('planning.no_resources'), ' ',
      may('settings') ? h('a', { href: '#/reglages/planning', id: 'planning-set-up', text: t('planning_settings.title') }) : null,
    ]));
    return;
  }
  const head = h('tr', {}, [h('th', {}), ...data.days.map((d) => h('th', { scope: 'col', text: dayHeading(d) }))]);
  const rows = data.rows.map((row) => h('tr', { 'data-resource': row.resource_id ?? '' }, [
    h('th', { text: row.name || t('planning.no_mechanic') }),
    ...row.days.map((cell) => {
      const items = cell.appointments.map((a) => {
        const b = h('button', {
          type: 'button', class: `appt status-${a.status}${a.overbooked ? ' overbooked' : ''}`,
          'data-id': a.id, 'data-testid': 'appointment',
        }, [
          h('strong', { text: `${clock(a.from)}–${clock(a.to)} ` }),
          `${a.customer_name}${a.plate ? ` · ${a.plate}` : ''}`,
          // A sign, its word for screen readers and on hover: a day's column is narrow.
          a.overbooked ? h('span', { class: 'badge warn', title: t('planning.overbooked') }, [
            h('span', { 'aria-hidden': 'true', text: '⚠' }),
            h('span', { class: 'visually-hidden', text: t('planning.overbooked') }),
          ]) : null,
          h('span', { class: 'muted', text: ` ${t(`planning.status_${a.status}`)}` }),
        ]);
        b.addEventListener('click', () => appointmentDialog(a, refresh));
        return b;
      });
      const free = row.resource_id && state.by === 'bay' ? cell.free.map(([a, z]) => {
        const b = h('button', { type: 'button', class: 'free-slot', 'data-testid': 'free-slot', 'data-start': `${cell.day}T${clock(a)}`, text: t('planning.free', { from: clock(a), to: clock(z) }) });
        b.addEventListener('click', () => bookingDialog({ start_at: `${cell.day}T${clock(a)}`, bay_id: row.resource_id }, refresh));
        return b;
      }) : [];
      const note = cell.off ? t('planning.off') : (cell.hours.length === 0 && row.resource_id ? t('planning.closed') : null);
      return h('td', { 'data-day': cell.day }, [note ? h('p', { class: 'muted', text: note }) : null, ...items, ...free]);
    }),
  ]));
  board.replaceChildren(h('table', { class: 'planning-grid' }, [h('thead', {}, head), h('tbody', {}, rows)]));
}

async function drawReminders(section, refresh) {
  const list = await api.dueReminders(localDay(), 30);
  const items = list.map((r) => {
    const book = h('button', { type: 'button', text: t('reminders.book'), 'data-testid': 'reminder-book' });
    book.addEventListener('click', () => bookingDialog({
      customer_id: r.customer_id, customer_name: r.customer_name, vehicle_id: r.vehicle_id,
      reminder_rule_id: r.rule_id, work: r.rule_name, find: true,
    }, refresh));
    const send = h('button', { type: 'button', text: t('reminders.send'), 'data-testid': 'reminder-send', disabled: !r.consent });
    send.addEventListener('click', async () => {
      try {
        const queued = await api.sendReminder(r.vehicle_id, r.rule_id, r.due_on);
        showToast(queued.length ? plural('reminders.sent', queued.length) : t('reminders.none_queued'), { long: !queued.length });
      } catch (e) { showToast(e.message, { long: true }); }
    });
    return h('li', { 'data-vehicle': r.vehicle_id, 'data-rule': r.rule_id, 'data-testid': 'reminder' }, [
      h('strong', { text: r.rule_name }), ` · ${r.customer_name} · ${r.plate ?? r.vehicle_label ?? ''} · `,
      h('span', { class: r.overdue ? 'badge warn' : '', text: r.overdue ? t('reminders.overdue') : t('reminders.due', { date: formatDay(r.due_on) }) }),
      r.booked_at ? h('span', { class: 'muted', text: ` ${t('reminders.booked_at', { date: r.booked_at.replace('T', ' ') })}` }) : null,
      r.consent ? null : h('span', { class: 'muted', text: ` ${t('reminders.no_consent')}` }),
      ' ', book, ' ', send,
    ]);
  });
  section.replaceChildren(h('h2', { text: t('reminders.title') }),
    items.length ? h('ul', { class: 'reminder-list' }, items) : h('p', { class: 'muted', text: t('reminders.empty') }));
}

function labelled(id, text, control) {
  control.id = id;
  return h('div', { class: 'field' }, [h('label', { for: id, text }), control]);
}

/**
 * The booking dialog, filled from `preset`: `customer_id` and
 * `customer_name` (chosen, still changeable), `vehicle_id`, `start_at`
 * (`YYYY-MM-DDTHH:MM`), `duration_min`, `bay_id`, `work`,
 * `reminder_rule_id`, and `find` to look for the first free slot from
 * `start_at` (or now). Nothing is booked until the person saves;
 * `refresh(appointment)` runs once they have.
 */
export async function bookingDialog(preset, refresh) {
  const [resources, jobs] = await Promise.all([api.listResources(false), api.listCannedJobs().catch(() => [])]);
  const dialog = h('dialog', { class: 'booking', 'data-testid': 'booking-dialog' });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const vehicle = h('select', { name: 'vehicle_id' });
  let customerId = preset.customer_id ?? null;
  const fillVehicles = async (id) => {
    vehicle.replaceChildren();
    if (!id) return;
    const page = await api.customerPage(id);
    for (const v of page.vehicles) vehicle.append(h('option', { value: v.id, text: [v.plate, v.make, v.model].filter(Boolean).join(' ') }));
    if (preset.vehicle_id && id === preset.customer_id) vehicle.value = preset.vehicle_id;
  };
  const picker = customerPicker({ prefix: 'booking-customer', label: t('order.customer'), onChoose: (c) => { customerId = c?.id ?? null; return fillVehicles(customerId); } });
  const start = dateTimeInput({ name: 'start_at', value: preset.start_at ?? '' });
  const duration = h('input', { type: 'number', name: 'duration_min', min: '15', step: '15', value: String(preset.duration_min ?? 60) });
  const option = (r) => h('option', { value: r.id, text: r.name });
  const bay = h('select', { name: 'bay_id' }, resources.filter((r) => r.kind === 'bay').map(option));
  if (preset.bay_id) bay.value = preset.bay_id;
  const mechanic = h('select', { name: 'mechanic_id' }, [h('option', { value: '', text: t('planning.none') }), ...resources.filter((r) => r.kind === 'mechanic').map(option)]);
  const work = h('textarea', { name: 'work', rows: '2' });
  work.value = preset.work ?? '';
  const source = h('select', { name: 'source' }, ['phone', 'walk_in', 'email'].map((s) => h('option', { value: s, text: t(`planning.source_${s}`) })));
  const canned = h('select', { name: 'canned_job_ids', multiple: true, size: String(Math.min(4, Math.max(1, jobs.length))) }, jobs.map((j) => h('option', { value: j.id, text: j.name })));
  const notify = h('input', { type: 'checkbox', name: 'notify' });
  const find = h('button', { type: 'button', id: 'booking-find', text: t('planning.find_slot') });
  const findSlot = async () => {
    const from = start.value || `${localDay()}T${clock(Math.ceil((new Date().getHours() * 60 + new Date().getMinutes()) / 15) * 15)}`;
    const slot = await api.nextFreeSlot(from, Number(duration.value) || 60, null, mechanic.value || null);
    if (!slot) { error.textContent = t('planning.no_slot'); return; }
    start.value = slot.start_at;
    bay.value = slot.bay_id;
  };
  find.addEventListener('click', findSlot);
  const save = h('button', { type: 'submit', class: 'primary', id: 'booking-save', text: t('planning.save') });
  const close = h('button', { type: 'button', text: t('planning.cancel') });
  close.addEventListener('click', () => dialog.close());
  const form = h('form', { method: 'dialog', class: 'dialog-frame', novalidate: true }, [
    h('h2', { text: t('planning.book_title') }),
    h('div', { class: 'dialog-body' }, [
      picker.element,
      labelled('booking-vehicle', t('planning.vehicle'), vehicle),
      h('div', { class: 'row' }, [
        labelled('booking-start', t('planning.start'), start),
        labelled('booking-duration', t('planning.duration'), duration),
      ]),
      find,
      h('div', { class: 'row' }, [
        labelled('booking-bay', t('planning.bay'), bay),
        labelled('booking-mechanic', t('planning.mechanic'), mechanic),
      ]),
      labelled('booking-work', t('planning.work'), work),
      labelled('booking-source', t('planning.source'), source),
      jobs.length ? labelled('booking-canned', t('planning.canned'), canned) : null,
      h('label', { class: 'check' }, [notify, h('span', { text: t('planning.notify') })]),
    ]),
    error, h('div', { class: 'dialog-actions' }, [close, save]),
  ]);
  const submit = async (force) => {
    const input = {
      customer_id: customerId, vehicle_id: vehicle.value || null, start_at: start.value || null,
      duration_min: Number(duration.value) || null, bay_id: bay.value || null, mechanic_id: mechanic.value || null,
      work: work.value, source: source.value, reminder_rule_id: preset.reminder_rule_id ?? null,
      canned_job_ids: [...canned.selectedOptions].map((o) => o.value),
    };
    try {
      const booked = await api.bookAppointment(input, force, notify.checked);
      dialog.close();
      showToast(t('planning.booked'));
      refresh(booked);
    } catch (e) {
      if ((e.code === 'overbooked' || e.code === 'outside_hours') && !force) {
        const ok = await confirmAction({ title: t('planning.confirm_title'), paragraphs: [e.message], confirmLabel: t('planning.confirm_force'), danger: true });
        if (ok) submit(true);
        else error.textContent = e.message;
      } else {
        error.textContent = e.message;
      }
    }
  };
  form.addEventListener('submit', (ev) => { ev.preventDefault(); submit(false); });
  dialog.append(form);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  if (preset.customer_id) await picker.choose({ id: preset.customer_id, display_name: preset.customer_name ?? '' });
  if (preset.find) await findSlot();
}

async function appointmentDialog(a, refresh) {
  const dialog = h('dialog', { class: 'appointment', 'data-testid': 'appointment-dialog' });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const act = (text, id, fn) => {
    const b = h('button', { type: 'button', id, text });
    b.addEventListener('click', async () => {
      try { if (await fn() !== false) { dialog.close(); refresh(); } } catch (e) { error.textContent = e.message; }
    });
    return b;
  };
  const open = a.status === 'requested' || a.status === 'confirmed';
  const forceable = async (call) => {
    try { return await call(false); } catch (e) {
      if (e.code !== 'overbooked' && e.code !== 'outside_hours') throw e;
      if (!await confirmAction({ title: t('planning.confirm_title'), paragraphs: [e.message], confirmLabel: t('planning.confirm_force'), danger: true })) return false;
      return call(true);
    }
  };
  const buttons = open ? [
    act(t('planning.arrive'), 'appt-arrive', async () => {
      const km = await askText({ title: t('planning.arrive'), label: t('planning.mileage'), confirmLabel: t('planning.arrive_ok') });
      if (km === null) return false;
      const arrival = await api.arriveAppointment(a.id, km || null);
      location.hash = `#/ordres/${arrival.order_id}`;
      return true;
    }),
    act(t('planning.move'), 'appt-move', async () => {
      const to = await askText({ title: t('planning.move'), label: t('planning.move_to'), value: a.start_at.replace('T', ' '), confirmLabel: t('planning.move') });
      if (!to) return false;
      return forceable((force) => api.rescheduleAppointment(a.id, { start_at: to }, force));
    }),
    act(t('planning.resize'), 'appt-resize', async () => {
      const m = await askText({ title: t('planning.resize'), label: t('planning.duration'), value: String(a.to - a.from), confirmLabel: t('planning.resize') });
      if (!m) return false;
      return forceable((force) => api.rescheduleAppointment(a.id, { duration_min: Number(m) }, force));
    }),
    a.status === 'requested' ? act(t('planning.confirm'), 'appt-confirm', () => api.setAppointmentStatus(a.id, 'confirmed')) : null,
    act(t('planning.no_show'), 'appt-no-show', () => api.setAppointmentStatus(a.id, 'no_show')),
    act(t('planning.cancel_appt'), 'appt-cancel', () => api.setAppointmentStatus(a.id, 'cancelled')),
  ] : [];
  if (a.order_id) buttons.push(act(t('planning.open_order'), 'appt-order', async () => { location.hash = `#/ordres/${a.order_id}`; }));
  const close = h('button', { type: 'button', text: t('planning.cancel') });
  close.addEventListener('click', () => dialog.close());
  dialog.append(h('div', { class: 'dialog-frame' }, [
    h('h2', { text: `${a.customer_name} · ${a.plate ?? ''}` }),
    h('div', { class: 'dialog-body' }, [
      h('p', { text: `${a.start_at.replace('T', ' ')} – ${a.end_at.slice(11)} · ${t(`planning.status_${a.status}`)}` }),
      a.work ? h('p', { text: a.work }) : null,
    ]),
    error, h('div', { class: 'dialog-actions' }, [...buttons, close]),
  ]));
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}
