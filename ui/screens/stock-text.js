// How stock quantities, units and movements read on screen.

import { t, formatNumber } from '../i18n/index.js';
import { h } from '../dom.js';

/** Thousandths as people read them: 1500 → "1,5" (fr). */
export function qtyText(milli) {
  return formatNumber(milli / 1000, { maximumFractionDigits: 3 });
}

/** A quantity with its unit, the unit agreeing with it: "3 pc", "1,5 l", "2 jeux". */
export function qtyWithUnit(milli, unit) {
  return `${qtyText(milli)}\u00a0${t(`stock.unit_short.${unit}`, { count: milli / 1000 })}`;
}

/** A cell showing on hand, red (and said) when below zero. */
export function onHandCell(milli, unit) {
  const negative = milli < 0;
  return h('td', {
    class: negative ? 'num stock-negative' : 'num',
    text: qtyWithUnit(milli, unit),
    title: negative ? t('stock.negative_hint') : null,
  });
}

/** A movement's kind in words. */
export function movementKind(kind) {
  return t(`stock.kind.${kind}`);
}
