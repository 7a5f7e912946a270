// Find a customer by typing and choose one: the owner of a new vehicle, the
// customer to merge into another, the buyer of a vehicle. Matches come from
// list_customers; each is a button, so a click, a tap or Enter chooses it.

import * as api from '../api.js';
import { t } from '../i18n/index.js';
import { h } from '../dom.js';

const SEARCH_DELAY_MS = 150;
const MAX_RESULTS = 8;

/** One line under a customer's name: phone, e-mail and city when known. */
export function customerDetail(customer) {
  return [customer.phone_display ?? customer.phone, customer.email, customer.city]
    .filter((part) => part).join(' · ');
}

/**
 * Builds a picker whose ids start with `prefix`: `#{prefix}-search`, the
 * results `#{prefix}-results` (li[data-id] > button), the chosen customer
 * `#{prefix}-chosen` and its « Changer » button `#{prefix}-change`.
 * `onChoose(customer | null)` runs on every choice and on « Changer ».
 */
export function customerPicker({ prefix, label, excludeId = null, onChoose = () => {} }) {
  const input = h('input', {
    id: `${prefix}-search`, type: 'search', autocomplete: 'off', spellcheck: 'false',
    placeholder: t('picker.placeholder'), 'aria-controls': `${prefix}-results`,
  });
  const status = h('p', { class: 'hint picker-status', 'aria-live': 'polite' });
  const results = h('ul', { id: `${prefix}-results`, class: 'picker-results', 'aria-label': t('picker.results') });
  const searchBox = h('div', { class: 'picker-search' }, [
    h('label', { for: input.id, text: label }),
    input, status, results,
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
      return;
    }
    try {
      const page = await api.listCustomers({ query, limit: MAX_RESULTS + 1 });
      if (mine !== seq) return;
      found = page.items.filter((customer) => customer.id !== excludeId).slice(0, MAX_RESULTS);
      results.replaceChildren(...found.map((customer) => h('li', { 'data-id': customer.id }, h('button', { type: 'button' }, [
        h('strong', { class: 'picker-name', text: customer.display_name ?? '' }),
        h('span', { class: 'picker-detail', text: customerDetail(customer) }),
      ]))));
      status.textContent = found.length ? '' : t('picker.none', { query });
    } catch (error) {
      if (mine === seq) status.textContent = error.message;
    }
  }

  function choose(customer) {
    chosen = customer;
    chosenName.textContent = customer.display_name ?? '';
    chosenDetail.textContent = customerDetail(customer);
    searchBox.hidden = true;
    chosenBox.hidden = false;
    onChoose(customer);
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
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      const first = results.querySelector('button');
      if (first) {
        event.preventDefault();
        first.focus();
      }
    } else if (event.key === 'Enter') {
      // Enter must not submit the surrounding form; it takes the first match.
      event.preventDefault();
      if (found.length) choose(found[0]);
    }
  });
  results.addEventListener('click', (event) => {
    const item = event.target.closest('li[data-id]');
    const customer = item && found.find((c) => c.id === item.dataset.id);
    if (customer) choose(customer);
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
