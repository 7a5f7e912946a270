// What the assistant panel offers before anything is asked, and how an
// action the core prepared becomes its usual dialog's preset. No DOM and no
// backend here, so scripts/ui-unit.mjs tests it as it is.

/**
 * The suggested questions, most useful first: each is an i18n key naming
 * the intent it asks (src-tauri's tests check the engine reads each one
 * so), the action the person needs for it, and the parts of the day it
 * fits.
 */
const SUGGESTIONS = [
  { key: 'assistant.suggest.appointments.today', needs: 'appointments', when: ['morning'] },
  { key: 'assistant.suggest.my_jobs.today', needs: 'work_jobs', when: ['morning', 'afternoon'] },
  { key: 'assistant.suggest.day_summary.today', needs: 'read_orders', when: ['morning'] },
  { key: 'assistant.suggest.pending_estimates.waiting', needs: 'read_orders', when: ['morning'] },
  { key: 'assistant.suggest.unpaid_invoices.month', needs: 'invoices', when: ['morning', 'afternoon'] },
  { key: 'assistant.suggest.low_stock.all', needs: 'edit_catalogue', when: ['morning'] },
  { key: 'assistant.suggest.orders_by_status.parts', needs: 'read_orders', when: ['afternoon'] },
  { key: 'assistant.suggest.free_slots.next', needs: 'appointments', when: ['afternoon'] },
  { key: 'assistant.suggest.cash_today.today', needs: 'invoices', when: ['evening'] },
  { key: 'assistant.suggest.revenue.month', needs: 'reports', when: ['evening'] },
  { key: 'assistant.suggest.ready_to_invoice.all', needs: 'invoices', when: ['afternoon', 'evening'] },
  { key: 'assistant.suggest.appointments.tomorrow', needs: 'appointments', when: ['afternoon', 'evening'] },
  { key: 'assistant.suggest.my_jobs.tomorrow', needs: 'work_jobs', when: ['evening'] },
  { key: 'assistant.suggest.help.all', needs: 'station', when: ['morning', 'afternoon', 'evening'] },
];

/** How many suggestions are shown at once: a glance, not a menu. */
export const MAX_SUGGESTIONS = 5;

/** The part of the day of `hour` (0–23): the morning until noon, the evening from 17:00. */
export function partOfDay(hour) {
  if (hour < 12) return 'morning';
  return hour < 17 ? 'afternoon' : 'evening';
}

/**
 * The keys of the questions to suggest to a person who may do what
 * `may(action)` says, at `hour`: what their role can be answered, what
 * this part of the day calls for (the day's appointments in the morning,
 * the day's takings in the evening), and always « what can you do? » last.
 */
export function suggestionKeys(may, hour) {
  const now = partOfDay(hour);
  const fitting = SUGGESTIONS.filter((s) => s.when.includes(now) && may(s.needs));
  const help = fitting.filter((s) => s.key.startsWith('assistant.suggest.help.'));
  const others = fitting.filter((s) => !help.includes(s)).slice(0, MAX_SUGGESTIONS - help.length);
  return [...others, ...help].map((s) => s.key);
}

/**
 * Whether what was typed in the global search is asked as a question (a
 * question mark at its end) rather than a name or a plate: the assistant
 * is then offered first. A search that finds nothing offers it anyway.
 */
export function asksAQuestion(text) {
  return /[?？]\s*$/.test(text.trim());
}

/**
 * The booking dialog's preset (ui/screens/planning.js) from the fields of a
 * prepared `book_appointment`: the customer and vehicle found, the day and
 * time said — or, without a time, the first free slot of the day said (of
 * today, without a day) — the duration and the work.
 */
export function bookingPreset(fields) {
  const preset = {
    customer_id: fields.customer_id || null,
    customer_name: fields.customer_label || '',
    vehicle_id: fields.vehicle_id || null,
    work: fields.work || '',
  };
  if (fields.day && fields.time) {
    preset.start_at = `${fields.day}T${fields.time}`;
  } else {
    preset.find = true;
    if (fields.day) preset.start_at = `${fields.day}T00:00`;
  }
  const minutes = Number(fields.duration);
  if (Number.isInteger(minutes) && minutes > 0) preset.duration_min = minutes;
  return preset;
}

/** The new estimate dialog's preset (ui/screens/order-new.js) from a prepared `new_estimate`. */
export function estimatePreset(fields) {
  return {
    customer: fields.customer_id ? { id: fields.customer_id, display_name: fields.customer_label || '' } : null,
    vehicleId: fields.vehicle_id || null,
    complaint: fields.work || '',
  };
}

/**
 * The customer form's preset (ui/screens/customer-form.js) from a prepared
 * `new_customer`: the name as said goes in the surname, which the person
 * splits if it holds a first name too (the assistant cannot know which
 * word is which).
 */
export function customerPreset(fields) {
  return { last_name: fields.name || '', phone: fields.phone || '', email: fields.email || '' };
}

/** Euros as the core writes them (« 150.00 ») in cents, or null. */
export function cents(amount) {
  if (!/^\d+(\.\d{1,2})?$/.test(amount ?? '')) return null;
  const [euros, decimals = ''] = amount.split('.');
  return Number(euros) * 100 + Number(decimals.padEnd(2, '0'));
}
