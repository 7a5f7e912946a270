// Translation and locale-aware formatting. Every string a person reads goes
// through t(); dates, money and numbers go through Intl with the current locale.

import fr from './fr.js';

/**
 * The texts by language: French is built in; English is loaded when it is
 * chosen, not by every window that starts in French (a quarter of what the
 * window reads before its sign-in screen).
 */
const dictionaries = { fr };
const loaders = { en: () => import('./en.js') };

/** BCP 47 tags used by Intl for each interface language. */
const intlTags = { fr: 'fr-FR', en: 'en-GB' };

let locale = 'fr';
const warned = new Set();

/**
 * Sets the interface language once its texts are loaded, and returns it:
 * anything other than a known locale, or texts that could not be read, fall
 * back to French.
 */
export async function setLocale(next) {
  if (!Object.hasOwn(dictionaries, next) && Object.hasOwn(loaders, next)) {
    try {
      dictionaries[next] = (await loaders[next]()).default;
    } catch (error) {
      console.error(`i18n: the "${next}" texts could not be loaded:`, error);
    }
  }
  locale = Object.hasOwn(dictionaries, next) ? next : 'fr';
  return locale;
}

/** The current interface language: "fr" or "en". */
export function getLocale() {
  return locale;
}

/** The BCP 47 tag Intl uses for the current language, e.g. "fr-FR". */
export function intlTag() {
  return intlTags[locale];
}

/**
 * Intl's formatters by kind, language and options, each made once: a new one
 * per call had ICU build its patterns again for every date, amount and plural
 * shown, hundreds per screen, and leave them for the collector. The options
 * used are a few literals, so the map stays small.
 */
const formatters = new Map();

/** The shared `new Kind(tag, options)` for the current language. */
function intl(Kind, options) {
  const key = `${Kind.name} ${locale} ${JSON.stringify(options ?? {})}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Kind(intlTags[locale], options);
    formatters.set(key, made);
  }
  return made;
}

/** A date formatter for the current language with `options` (Intl.DateTimeFormat's). */
export function dateTimeFormat(options) {
  return intl(Intl.DateTimeFormat, options);
}

/** The current language's collator, to sort names as people read them. */
export function collator() {
  return intl(Intl.Collator);
}

/** The current language's names of regions ("FR" → "France"). */
export function regionNames() {
  return intl(Intl.DisplayNames, { type: 'region' });
}

function missing(key) {
  if (!warned.has(key)) {
    warned.add(key);
    console.warn(`i18n: no "${locale}" text for key "${key}"`);
  }
  return key;
}

function interpolate(text, params) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => {
    if (!Object.hasOwn(params, name)) return whole;
    const value = params[name];
    return typeof value === 'number' ? formatNumber(value) : String(value ?? '');
  });
}

/**
 * The text for `key` in the current language, with `{name}` placeholders
 * replaced from `params`. A plural entry ({zero?, one, other}) is chosen with
 * `params.count`. A missing key shows the key itself and warns once.
 */
export function t(key, params = {}) {
  const entry = dictionaries[locale][key];
  if (entry === undefined) return missing(key);
  if (typeof entry === 'string') return interpolate(entry, params);
  const count = Number(params.count ?? 0);
  const form = count === 0 && entry.zero !== undefined
    ? 'zero'
    : intl(Intl.PluralRules).select(count);
  const text = entry[form] ?? entry.other;
  if (text === undefined) return missing(`${key}.${form}`);
  return interpolate(text, params);
}

/** The text of `key` when the dictionary has it, `fallback` otherwise (a field name from the database). */
export function tOr(key, fallback) {
  return dictionaries[locale][key] === undefined ? fallback : t(key);
}

/** Shorthand for a plural entry: plural('customers.count', 3) → "3 clients". */
export function plural(key, count, params = {}) {
  return t(key, { ...params, count });
}

function parseDate(iso) {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A calendar date such as 21/11/2025 (fr) or 21/11/2025 (en-GB); "" when absent or invalid. */
export function formatDate(iso) {
  const date = parseDate(iso);
  return date ? dateTimeFormat({ dateStyle: 'short' }).format(date) : '';
}

/**
 * A calendar day given as "YYYY-MM-DD" (a reading, a registration date), read
 * as that day wherever the workstation is: `new Date("2024-03-12")` would be
 * UTC midnight, the day before west of Greenwich. "" when absent or invalid.
 */
export function formatDay(day) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day ?? '');
  if (!match) return formatDate(day);
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return dateTimeFormat({ dateStyle: 'short' }).format(date);
}

/** Today in local time as "YYYY-MM-DD", the value of an <input type="date">. */
export function todayDay() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A date and time in local time; "" when absent or invalid. */
export function formatDateTime(iso) {
  const date = parseDate(iso);
  return date
    ? dateTimeFormat({ dateStyle: 'short', timeStyle: 'short' }).format(date)
    : '';
}

/** An amount in euro cents shown as money, e.g. 123456 → "1 234,56 €". */
export function formatMoney(cents) {
  return intl(Intl.NumberFormat, { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** A number with the locale's grouping and decimal separators. */
export function formatNumber(value, options = {}) {
  return intl(Intl.NumberFormat, options).format(value);
}

/** An amount in cents as a person types it in a field: 6500 → "65,00" (fr), "65.00" (en). */
export function formatMoneyInput(cents) {
  return intl(Intl.NumberFormat, {
    minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false,
  }).format(cents / 100);
}
