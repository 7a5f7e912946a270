// The one "find by typing, then choose" control: a search field, results as
// buttons (a click, a tap or Enter chooses; arrows move between them), and
// once chosen, the choice with its « Changer » button. Customers and parts
// each give it how to search and how an item reads.

import { t } from './i18n/index.js';
import { h } from './dom.js';

const SEARCH_DELAY_MS = 150;

/**
 * Builds a picker whose ids start with `prefix`: `#{prefix}-search`, the
 * results `#{prefix}-results` (li[data-id] > button), the choice
 * `#{prefix}-chosen` and its « Changer » `#{prefix}-change`.
 * - `search(query)` resolves the matching items (each with an `id`);
 * - `name(item)` and `detail(item)` are how an item reads, `nameClass` an
 *   extra class for its name (`mono` for references);
 * - `none(query)` says nothing matched;
 * - `onChoose(item | null)` runs on every choice and on « Changer »; `choose(item)`
 *   returns what it returns (a promise the caller may wait for).
 * Enter searches at once and takes the best match, so a barcode scanner
 * that types a code and presses Enter chooses.
 */
export function picker({ prefix, label, placeholder, search, name, detail, nameClass = '', none, onChoose = () => {} }) {
  const input = h('input', {
    id: `${prefix}-search`, type: 'search', autocomplete: 'off', spellcheck: 'false',
    placeholder, 'aria-controls': `${prefix}-results`,
  });
  const status = h('p', { class: 'hint picker-status', 'aria-live': 'polite' });
  const results = h('ul', { id: `${prefix}-results`, class: 'picker-results', 'aria-label': t('picker.results') });
  const searchBox = h('div', { class: 'picker-search' }, [
    h('label', { for: input.id, text: label }),
    input, status, results,
  ]);
  const chosenName = h('strong', { class: `picker-name ${nameClass}`.trim() });
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
      const items = await search(query);
      if (mine !== seq) return found;
      found = items;
      results.replaceChildren(...found.map((item) => h('li', { 'data-id': item.id }, h('button', { type: 'button' }, [
        h('strong', { class: `picker-name ${nameClass}`.trim(), text: name(item) }),
        h('span', { class: 'picker-detail', text: detail(item) }),
      ]))));
      status.textContent = found.length ? '' : none(query);
    } catch (error) {
      if (mine === seq) status.textContent = error.message;
    }
    return found;
  }

  function choose(item) {
    chosen = item;
    chosenName.textContent = name(item);
    chosenDetail.textContent = detail(item);
    searchBox.hidden = true;
    chosenBox.hidden = false;
    return onChoose(item);
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
      // Enter must not submit the surrounding form. A scanner types faster
      // than the search waits: search now, take the best.
      event.preventDefault();
      clearTimeout(timer);
      const items = await find();
      if (items.length) choose(items[0]);
    }
  });
  results.addEventListener('click', (event) => {
    const li = event.target.closest('li[data-id]');
    const item = li && found.find((i) => String(i.id) === li.dataset.id);
    if (item) choose(item);
  });
  results.addEventListener('keydown', (event) => {
    const li = event.target.closest('li[data-id]');
    if (!li) return;
    if (event.key === 'ArrowDown' && li.nextElementSibling) {
      event.preventDefault();
      li.nextElementSibling.querySelector('button').focus();
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      (li.previousElementSibling?.querySelector('button') ?? input).focus();
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
