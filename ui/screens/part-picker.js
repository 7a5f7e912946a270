// Find a catalogue part by typing (or scanning) any of its references, its
// barcode or words of its description, and choose it: for an order's part
// line, a purchase order line. Enter takes the best match at once, so a
// barcode scanner that types the code and presses Enter chooses the part.

import * as api from '../api.js';
import { t, formatMoney } from '../i18n/index.js';
import { h } from '../dom.js';
import { qtyWithUnit } from './stock-text.js';

const SEARCH_DELAY_MS = 150;
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
  const input = h('input', {
    id: `${prefix}-search`, type: 'search', autocomplete: 'off', spellcheck: 'false',
    placeholder: t('stock.picker_placeholder'), 'aria-controls': `${prefix}-results`,
  });
  const status = h('p', { class: 'hint picker-status', 'aria-live': 'polite' });
  const results = h('ul', { id: `${prefix}-results`, class: 'picker-results', 'aria-label': t('picker.results') });
  const searchBox = h('div', { class: 'picker-search' }, [
    h('label', { for: input.id, text: label }), input, status, results,
  ]);
  const chosenName = h('strong', { class: 'picker-name' });
  const chosenDetail = h('span', { class: 'picker-detail' });
  const change = h('button', { id: `${prefix}-change`, type: 'button', class: 'link', text: t('picker.change') });
  const chosenBox = h('div', { id: `${prefix}-chosen`, class: 'picker-chosen', hidden: true }, [
    h('span', { class: 'picker-label', text: label }),
    h('span', { class: 'picker-who' }, [chosenName, chosenDetail]),
    change,
  ]);
  const element = h('div', { class: 'picker' }, [searchBox, chosenBox]);

  let timer = null;
  let seq = 0;
  let found = [];
  let chosen = null;

  async function find() {
    const query = input.value.trim();
    const mine = ++seq;
    if (!query) {
      found = [];
      results.replaceChildren();
      status.textContent = '';
      return found;
    }
    try {
      const hits = await api.searchParts(query, MAX_RESULTS);
      if (mine !== seq) return found;
      found = hits;
      results.replaceChildren(...found.map((part) => h('li', { 'data-id': part.id }, h('button', { type: 'button' }, [
        h('strong', { class: 'picker-name mono', text: part.reference }),
        h('span', { class: 'picker-detail', text: partDetail(part) }),
      ]))));
      status.textContent = found.length ? '' : t('stock.picker_none', { query });
    } catch (error) {
      if (mine === seq) status.textContent = error.message;
    }
    return found;
  }

  function choose(part) {
    chosen = part;
    chosenName.textContent = part.reference;
    chosenDetail.textContent = partDetail(part);
    searchBox.hidden = true;
    chosenBox.hidden = false;
    onChoose(part);
  }

  function reset() {
    clearTimeout(timer);
    seq += 1;
    chosen = null;
    found = [];
    input.value = '';
    results.replaceChildren();
    status.textContent = '';
    searchBox.hidden = false;
    chosenBox.hidden = true;
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(find, SEARCH_DELAY_MS);
  });
  input.addEventListener('keydown', async (event) => {
    if (event.key === 'ArrowDown') {
      const first = results.querySelector('button');
      if (first) {
        event.preventDefault();
        first.focus();
      }
    } else if (event.key === 'Enter') {
      // A scanner types faster than the search waits: search now, take the best.
      event.preventDefault();
      clearTimeout(timer);
      const hits = await find();
      if (hits.length) choose(hits[0]);
    }
  });
  results.addEventListener('click', (event) => {
    const item = event.target.closest('li[data-id]');
    const part = item && found.find((p) => p.id === item.dataset.id);
    if (part) choose(part);
  });
  results.addEventListener('keydown', (event) => {
    const item = event.target.closest('li[data-id]');
    if (!item) return;
    if (event.key === 'ArrowDown' && item.nextElementSibling) {
      event.preventDefault();
      item.nextElementSibling.querySelector('button').focus();
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      (item.previousElementSibling?.querySelector('button') ?? input).focus();
    }
  });
  change.addEventListener('click', () => {
    const query = input.value;
    reset();
    input.value = query;
    onChoose(null);
    input.focus();
    input.select();
    if (query.trim()) find();
  });

  return {
    element,
    reset,
    choose,
    /** Focus where the person acts next: the search, or « Changer » once chosen. */
    focus() { (chosen ? change : input).focus(); },
    get chosen() { return chosen; },
    dispose() { clearTimeout(timer); seq += 1; },
  };
}
