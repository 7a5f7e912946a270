// What a person types in a date field, read the same way in French and in
// English, whatever the machine's locale: « 7/12 », « 07/12/2026 »,
// « 7.12.26 », « 071226 », « demain », « +3 », « vendredi », « 14h30 ».
// Pure functions on "YYYY-MM-DD" strings, so they are tested under Node
// (scripts/ui-unit.mjs) as well as used by the field (date-input.js).

const pad = (n) => String(n).padStart(2, '0');

/** "YYYY-MM-DD" of a local date. */
export function dayOf(date) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** "HH:MM" of `minutes` after midnight. */
export function clock(minutes) {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** The day `n` days after `day` ("YYYY-MM-DD"). */
export function addDays(day, n) {
  const [y, m, d] = day.split('-').map(Number);
  return dayOf(new Date(y, m - 1, d + n, 12));
}

/** The same day `n` months later, kept within the month (31/01 + 1 → 28/02). */
export function addMonths(day, n) {
  const [y, m, d] = day.split('-').map(Number);
  const last = new Date(y, m - 1 + n + 1, 0, 12).getDate();
  return dayOf(new Date(y, m - 1 + n, Math.min(d, last), 12));
}

/** "YYYY-MM-DD" when y, m, d make a real day. */
function real(y, m, d) {
  const date = new Date(y, m - 1, d, 12);
  return date.getFullYear() === y && date.getMonth() === m - 1 && date.getDate() === d ? dayOf(date) : null;
}

const RELATIVE = new Map([
  ["aujourd'hui", 0], ['aujourdhui', 0], ['auj', 0], ['today', 0],
  ['demain', 1], ['tomorrow', 1], ['apres-demain', 2], ['apres demain', 2],
  ['hier', -1], ['yesterday', -1], ['avant-hier', -2], ['avant hier', -2],
]);

/** Weekday names and their usual short forms; Monday is 1, Sunday 0 (as getDay). */
const WEEKDAYS = new Map([
  ['lundi', 1], ['lun', 1], ['monday', 1], ['mon', 1],
  ['mardi', 2], ['mar', 2], ['tuesday', 2], ['tue', 2],
  ['mercredi', 3], ['mer', 3], ['wednesday', 3], ['wed', 3],
  ['jeudi', 4], ['jeu', 4], ['thursday', 4], ['thu', 4],
  ['vendredi', 5], ['ven', 5], ['friday', 5], ['fri', 5],
  ['samedi', 6], ['sam', 6], ['saturday', 6], ['sat', 6],
  ['dimanche', 0], ['dim', 0], ['sunday', 0], ['sun', 0],
]);

/** Lower case, accents and a trailing full stop gone, one space between words. */
function fold(text) {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[’`]/g, "'").replace(/\s+/g, ' ').trim().replace(/\.$/, '');
}

/**
 * The day `text` means, as "YYYY-MM-DD", or null when it is not one.
 * `today` is "YYYY-MM-DD". A day and month without a year is this year's.
 */
export function parseDay(text, today) {
  const s = fold(text);
  if (!s) return null;
  if (RELATIVE.has(s)) return addDays(today, RELATIVE.get(s));
  const shift = /^([+-])\s*(\d{1,3})\s*(j|jours?|d|days?|s|sem|semaines?|w|weeks?|m|mois|months?)?$/.exec(s);
  if (shift) {
    const n = Number(shift[2]) * (shift[1] === '-' ? -1 : 1);
    const unit = shift[3] ?? 'j';
    if (/^(s|sem|semaines?|w|weeks?)$/.test(unit)) return addDays(today, 7 * n);
    if (/^(m|mois|months?)$/.test(unit)) return addMonths(today, n);
    return addDays(today, n);
  }
  const weekday = /^(?:(prochain|next) )?([a-z]+)(?: (prochain|next))?$/.exec(s);
  if (weekday && WEEKDAYS.has(weekday[2])) {
    const [y, m, d] = today.split('-').map(Number);
    const now = new Date(y, m - 1, d, 12).getDay();
    const ahead = (WEEKDAYS.get(weekday[2]) - now + 7) % 7 || 7;
    return addDays(today, ahead);
  }
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (iso) return real(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const year = (text2) => {
    if (text2 === undefined) return Number(today.slice(0, 4));
    return text2.length === 2 ? 2000 + Number(text2) : text2.length === 4 ? Number(text2) : NaN;
  };
  const parts = /^(\d{1,2})[/.\- ](\d{1,2})(?:[/.\- ](\d{2}|\d{4}))?$/.exec(s);
  if (parts) return real(year(parts[3]), Number(parts[2]), Number(parts[1]));
  const digits = /^(\d{2})(\d{2})(\d{2}|\d{4})?$/.exec(s);
  if (digits) return real(year(digits[3]), Number(digits[2]), Number(digits[1]));
  return null;
}

/** "HH:MM" from « 14h30 », « 14 h », « 14:30 », « 9h05 », « midi »; null when not a time. */
export function parseTime(text) {
  const s = fold(text);
  if (s === 'midi' || s === 'noon') return '12:00';
  const time = /^(\d{1,2})(?:\s*[h:]\s*(\d{2})?)?$/.exec(s);
  if (!time) return null;
  const [hour, minute] = [Number(time[1]), Number(time[2] ?? 0)];
  return hour < 24 && minute < 60 ? `${pad(hour)}:${pad(minute)}` : null;
}

/**
 * A date and time, as "YYYY-MM-DDTHH:MM", from « 7/12 14h30 », « demain 9h »,
 * « 14h » (today) or « 07/12/2026 14:30 »; a day alone takes `defaultTime`
 * when one is given. Null when it is not one.
 */
export function parseDateTime(text, today, defaultTime = null) {
  const s = fold(text);
  const iso = /^(\d{4}-\d{2}-\d{2})[ t](\d{2}:\d{2})$/.exec(s);
  if (iso) return parseDay(iso[1], today) && parseTime(iso[2]) ? `${iso[1]}T${iso[2]}` : null;
  const time = parseTime(s);
  if (time) return `${today}T${time}`;
  const words = s.split(' ');
  for (let cut = words.length - 1; cut >= 1; cut -= 1) {
    const day = parseDay(words.slice(0, cut).join(' '), today);
    const at = parseTime(words.slice(cut).join(' '));
    if (day && at) return `${day}T${at}`;
  }
  const day = parseDay(s, today);
  return day && defaultTime ? `${day}T${defaultTime}` : null;
}
