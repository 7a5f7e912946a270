// How orders read on every screen: the status badge, quantities and hours
// (stored in thousandths), VAT rates (basis points), promised times, and the
// table of lines with their totals.

import { t, formatMoney, formatNumber, formatDay } from '../i18n/index.js';
import { h } from '../dom.js';

/** The statuses in their life order, as the board's filter offers them. */
export const STATUSES = ['estimate', 'accepted', 'in_progress', 'waiting_parts', 'done', 'invoiced', 'cancelled'];

/**
 * A panel of the order page: a section labelled by its heading
 * `#{idBase}-title`, which reads `titleKey`; `extra` are more attributes.
 */
export function panel(idBase, titleKey, children, extra = {}) {
  return h('section', {
    class: 'panel', 'aria-labelledby': `${idBase}-title`, ...extra,
  }, [h('h2', { id: `${idBase}-title`, text: t(titleKey) }), ...children]);
}

/** A coloured badge with the status's name. */
export function statusBadge(status) {
  return h('span', { class: `status status-${status}`, 'data-status': status, text: t(`order.status_${status}`) });
}

/** Thousandths as a number people read: 1500 → "1,5". */
export function milli(value) {
  return formatNumber((value ?? 0) / 1000, { maximumFractionDigits: 3 });
}

/** Thousandths as typed back into a field: 1500 → "1,5" (fr), "1.5" (en). */
export function milliInput(value) {
  return formatNumber((value ?? 0) / 1000, { maximumFractionDigits: 3, useGrouping: false });
}

/** A VAT rate in basis points: 2000 → "20 %". */
export function vatText(bp) {
  return `${formatNumber(bp / 100, { maximumFractionDigits: 2 })}\u00a0%`;
}

/** A promised time, `YYYY-MM-DDTHH:MM` or a day alone, as people read it. */
export function promisedText(promised) {
  if (!promised) return '';
  const [day, time] = promised.split('T');
  return time ? `${formatDay(day)} ${time}` : formatDay(day);
}

/** Milliseconds as hours and minutes: 5_400_000 → "1 h 30". */
export function durationText(ms) {
  const minutes = Math.floor((ms ?? 0) / 60000);
  const hours = Math.floor(minutes / 60);
  return `${hours}\u00a0h\u00a0${String(minutes % 60).padStart(2, '0')}`;
}

/** What a line's quantity column shows: hours for labour, a count otherwise. */
export function lineQuantity(line) {
  if (line.kind === 'labour') {
    if (line.flat !== null && line.flat !== undefined && !line.quantity_milli) return t('order.flat');
    return t('order.hours_value', { hours: milli(line.quantity_milli) });
  }
  return milli(line.quantity_milli);
}

/** The small mentions under a line's description: origin, rate category, discount, from the bench. */
export function lineNotes(line) {
  const notes = [];
  if (line.origin) notes.push(t(`order.origin_${line.origin}`));
  if (line.part_id) notes.push(t('order.part_ref', { ref: line.part_id }));
  if (line.kind === 'labour' && line.rate_code && line.flat === null) notes.push(t(`rate.${line.rate_code}`));
  if (line.discount_bp) notes.push(t('order.line_discount', { rate: vatText(line.discount_bp) }));
  if (line.from_bench) notes.push(t('order.from_bench'));
  return notes.join(' · ');
}

/** The unit column: hourly rate or unit price, or the flat price of a labour line. */
export function lineUnit(line) {
  if (line.kind === 'labour' && line.flat !== null && line.flat !== undefined) return formatMoney(line.flat);
  return formatMoney(line.unit);
}

/**
 * The totals block: HT of the lines, the order discount, HT and TVA per rate,
 * total HT, TVA and TTC. `id` names the table for tests and labels.
 */
export function totalsTable(totals, id) {
  const row = (label, value, cls = '') => h('tr', { class: cls }, [
    h('th', { scope: 'row', text: label }),
    h('td', { class: 'num', text: formatMoney(value) }),
  ]);
  const rows = [];
  if (totals.discount) {
    rows.push(row(t('order.total_lines'), totals.lines_net));
    rows.push(row(t('order.total_discount'), -totals.discount));
  }
  for (const rate of totals.by_rate) {
    if (totals.by_rate.length > 1) rows.push(row(t('order.total_net_rate', { rate: vatText(rate.rate) }), rate.net - rate.discount, 'sub'));
  }
  rows.push(row(t('order.total_net'), totals.net, 'strong'));
  for (const rate of totals.by_rate) {
    rows.push(row(t('order.total_tax_rate', { rate: vatText(rate.rate) }), rate.tax));
  }
  rows.push(row(t('order.total_gross'), totals.gross, 'grand'));
  return h('table', { id, class: 'totals' }, [
    h('caption', { class: 'visually-hidden', text: t('order.totals') }),
    h('tbody', {}, rows),
  ]);
}
