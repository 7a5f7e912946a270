// Find a catalogue part by typing (or scanning) any of its references, its
// barcode or words of its description, and choose it: for an order's part
// line, a purchase order line. Enter takes the best match at once, so a
// barcode scanner that types the code and presses Enter chooses the part.

import * as api from '../api.js';
import { t, formatMoney } from '../i18n/index.js';
import { picker } from '../picker.js';
import { qtyWithUnit } from './stock-text.js';

const MAX_RESULTS = 8;

/** One line under a part's reference: description, brand, stock here, price. */
export function partDetail(part) {
  return [
    part.description,
    part.brand,
    t('stock.on_hand_here', { qty: qtyWithUnit(part.on_hand_milli, part.unit) }),
    part.sale_cents === null || part.sale_cents === undefined ? null : formatMoney(part.sale_cents),
  ].filter((piece) => piece).join(' · ');
}

/**
 * Builds a picker whose ids start with `prefix`: `#{prefix}-search`, the
 * results `#{prefix}-results` (li[data-id] > button), the chosen part
 * `#{prefix}-chosen` and its « Changer » button `#{prefix}-change`.
 * `onChoose(part | null)` runs on every choice and on « Changer »; a part is
 * a PartHit {id, reference, oem_reference, brand, description, unit, active,
 * on_hand_milli, sale_cents, vat_bp, bin}. An order's part line takes
 * `reference` as its part reference, `description`, `sale_cents` and `vat_bp`.
 */
export function partPicker({ prefix, label, onChoose = () => {} }) {
  return picker({
    prefix,
    label,
    placeholder: t('stock.picker_placeholder'),
    search: (query) => api.searchParts(query, MAX_RESULTS),
    name: (part) => part.reference,
    nameClass: 'mono',
    detail: partDetail,
    none: (query) => t('stock.picker_none', { query }),
    onChoose,
  });
}
