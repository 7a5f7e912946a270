// Atelier's own date field. The platform's <input type="date"> shows and
// takes dates in the machine's locale (« 12/07/2026 » for 7 December on an
// American system) and cannot be told the interface's language; this one
// always shows dd/mm/yyyy (and HH:MM), reads what dates.js understands
// (« 7/12 », « demain », « +3 », « vendredi 14h »), and moves a day with
// the arrow keys.
//
// Its `value` is what the platform's field would give: "YYYY-MM-DD" (or
// "YYYY-MM-DDTHH:MM"), "" when empty — so the screens read and set it as
// before. Text that is not a date is given back as typed: core then says
// what is wrong, in the person's language.

import { h } from './dom.js';
import { t, formatDay } from './i18n/index.js';
import { parseDay, parseDateTime, addDays, addMonths, dayOf } from './dates.js';

const native = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');

/** A date field; `attrs` as for h('input'), `value` a "YYYY-MM-DD". */
export function dateInput(attrs = {}) {
  return field(attrs, { withTime: false });
}

/**
 * A date-and-time field (value "YYYY-MM-DDTHH:MM"). `defaultTime` ("18:00")
 * is the time of a day typed alone; without one, a day alone is not accepted.
 */
export function dateTimeInput(attrs = {}, { defaultTime = null } = {}) {
  return field(attrs, { withTime: true, defaultTime });
}

function field(attrs, { withTime, defaultTime = null }) {
  const { value = '', class: extra = '', ...rest } = attrs;
  const input = h('input', {
    ...rest,
    type: 'text',
    class: ['date-input', withTime ? 'with-time' : '', extra].filter(Boolean).join(' '),
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: t(withTime ? 'date.placeholder_time' : 'date.placeholder'),
    title: t(withTime ? 'date.hint_time' : 'date.hint'),
  });
  const today = () => dayOf(new Date());
  const read = (text) => (withTime ? parseDateTime(text, today(), defaultTime) : parseDay(text, today()));
  const show = (iso) => {
    if (!withTime) return formatDay(iso);
    const [day, time] = iso.split('T');
    return `${formatDay(day)} ${time}`;
  };
  Object.defineProperty(input, 'value', {
    configurable: true,
    get() {
      const text = native.get.call(this).trim();
      return text ? read(text) ?? text : '';
    },
    set(iso) {
      const text = String(iso ?? '');
      const known = withTime ? /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text) : /^\d{4}-\d{2}-\d{2}$/.test(text);
      native.set.call(this, known ? show(text.slice(0, withTime ? 16 : 10)) : text);
      this.removeAttribute('aria-invalid');
    },
  });
  input.value = value;

  // Once the person leaves the field, what they typed reads as the date it means.
  input.addEventListener('blur', () => {
    const text = native.get.call(input).trim();
    const iso = text ? read(text) : '';
    if (iso) native.set.call(input, show(iso));
    if (text && !iso) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  });
  // ↑ ↓ a day later or earlier, Page ↑ ↓ a month; from today when empty.
  input.addEventListener('keydown', (event) => {
    const step = { ArrowUp: [1, 0], ArrowDown: [-1, 0], PageUp: [0, 1], PageDown: [0, -1] }[event.key];
    if (!step || event.altKey || event.ctrlKey || event.metaKey) return;
    const current = read(native.get.call(input).trim()) ?? (withTime ? `${today()}T${defaultTime ?? '08:00'}` : today());
    const [day, time] = current.split('T');
    const moved = step[1] ? addMonths(day, step[1]) : addDays(day, step[0]);
    event.preventDefault();
    input.value = time ? `${moved}T${time}` : moved;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  return input;
}
