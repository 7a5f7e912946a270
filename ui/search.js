// The global search above every screen: customers and vehicles by name, phone,
// plate or VIN as you type. A combobox with a listbox of results: arrows move,
// Enter opens, Esc closes and gives the focus back. What finds no customer or
// vehicle, or is asked as a question, is offered to the assistant.

import * as api from './api.js';
import { t } from './i18n/index.js';
import { h } from './dom.js';
import { openAssistant } from './assistant.js';
import { asksAQuestion } from './assistant-text.js';

const SEARCH_DELAY_MS = 120;
const MAX_RESULTS = 10;

let input = null;
let list = null;
let empty = null;
let hits = [];
// The query `hits` answer; Enter on a newer one searches before opening anything.
let hitsQuery = '';
// What the list offers, in its order: {hit} for each hit, {ask} to ask the assistant.
let entries = [];
let activeIndex = -1;
let timer = null;
let seq = 0;
// Where the focus was before the search box took it, to give it back on Esc.
let returnFocus = null;

/** Wires #global-search, #search-results and #search-empty (they are in index.html). */
export function initGlobalSearch() {
  input = document.getElementById('global-search');
  list = document.getElementById('search-results');
  empty = document.getElementById('search-empty');

  input.addEventListener('focus', (event) => {
    const from = event.relatedTarget;
    if (from instanceof HTMLElement && !isInSearch(from)) returnFocus = from;
    if (entries.length && input.value.trim()) open();
  });
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(find, SEARCH_DELAY_MS);
  });
  input.addEventListener('keydown', onKeydown);
  input.addEventListener('blur', (event) => {
    if (!isInSearch(event.relatedTarget)) close();
  });
  // Keep the focus in the box while an option is pressed, so the list stays open for the click.
  list.addEventListener('mousedown', (event) => event.preventDefault());
  list.addEventListener('click', (event) => {
    const option = event.target.closest('li[role="option"]');
    if (option) openEntry(Number(option.dataset.index));
  });
  window.addEventListener('hashchange', close);
}

/** Puts the cursor in the search box with its text selected (the `/` and Ctrl+K shortcut). */
export function focusGlobalSearch() {
  const from = document.activeElement;
  if (from instanceof HTMLElement && from !== document.body && !isInSearch(from)) returnFocus = from;
  input.focus();
  input.select();
}

/** Closes the results and forgets them: the texts of another language, a new screen. */
export function resetGlobalSearch() {
  clearTimeout(timer);
  seq += 1;
  hits = [];
  hitsQuery = '';
  entries = [];
  list.replaceChildren();
  close();
}

function isInSearch(element) {
  return element instanceof Node && (element === input || list.contains(element));
}

async function find() {
  const query = input.value;
  const mine = ++seq;
  if (!query.trim()) {
    hits = [];
    hitsQuery = query;
    entries = [];
    list.replaceChildren();
    close();
    return;
  }
  try {
    const found = await api.search(query, MAX_RESULTS);
    if (mine !== seq) return;
    hits = found;
    hitsQuery = query;
  } catch (error) {
    if (mine !== seq) return;
    console.warn('search failed:', error);
    hits = [];
    hitsQuery = '';
    entries = [];
    list.replaceChildren();
    empty.textContent = error.message;
    showList();
    return;
  }
  empty.textContent = t('search.none');
  offer(query.trim());
  showList();
}

/**
 * What the list offers for `query`: the hits, and asking the assistant when
 * nothing was found (then alone, so Enter asks) or when it is asked as a
 * question (then first).
 */
function offer(query) {
  entries = hits.map((hit) => ({ hit }));
  if (query.length < 2) return;
  if (asksAQuestion(query)) entries.unshift({ ask: query });
  else if (!hits.length) entries.push({ ask: query });
}

function showList() {
  activeIndex = -1;
  input.removeAttribute('aria-activedescendant');
  list.replaceChildren(...entries.map((entry, index) => {
    const attrs = { id: `search-option-${index}`, role: 'option', 'aria-selected': 'false', 'data-index': String(index) };
    if (entry.ask) {
      return h('li', { ...attrs, 'data-kind': 'assistant' }, [
        h('span', { class: 'kind', text: t('search.kind_assistant') }),
        h('span', { class: 'hit' }, [
          h('span', { class: 'title', text: t('search.ask', { text: entry.ask }) }),
          h('span', { class: 'subtitle', text: hits.length ? t('search.ask_question') : t('search.ask_none') }),
        ]),
      ]);
    }
    const { hit } = entry;
    return h('li', { ...attrs, 'data-kind': hit.kind, 'data-id': hit.id }, [
      h('span', { class: 'kind', text: t(`search.kind_${hit.kind}`) }),
      h('span', { class: 'hit' }, [
        h('span', { class: hit.kind === 'customer' ? 'title' : 'title plate-text', text: hit.title ?? '' }),
        h('span', { class: 'subtitle', text: hit.subtitle ?? '' }),
      ]),
    ]);
  }));
  // Under two characters the backend answers []: nothing to say yet.
  if (!entries.length && input.value.trim().length < 2) {
    close();
    return;
  }
  open();
}

function open() {
  if (document.activeElement !== input) return;
  list.hidden = entries.length === 0;
  // « Aucun résultat » only when nothing at all is offered: the assistant's line says it otherwise.
  empty.hidden = entries.length > 0;
  input.setAttribute('aria-expanded', String(entries.length > 0));
}

function close() {
  if (!list) return;
  list.hidden = true;
  empty.hidden = true;
  input.setAttribute('aria-expanded', 'false');
  setActive(-1);
}

function setActive(index) {
  const options = list.querySelectorAll('li[role="option"]');
  options.forEach((option, i) => option.setAttribute('aria-selected', String(i === index)));
  activeIndex = index;
  if (index < 0) {
    input.removeAttribute('aria-activedescendant');
    return;
  }
  input.setAttribute('aria-activedescendant', options[index].id);
  options[index].scrollIntoView({ block: 'nearest' });
}

function openEntry(index) {
  const entry = entries[index];
  if (!entry) return;
  input.value = '';
  hits = [];
  hitsQuery = '';
  entries = [];
  list.replaceChildren();
  close();
  if (entry.ask) {
    // The panel takes the focus; on close it goes back where the search came from.
    const back = returnFocus?.isConnected ? returnFocus : document.getElementById('content');
    returnFocus = null;
    back.focus();
    openAssistant(entry.ask);
    return;
  }
  const { hit } = entry;
  const route = { vehicle: '#/vehicules/', code: '#/codes/' }[hit.kind] ?? '#/clients/';
  returnFocus = null;
  location.hash = `${route}${encodeURIComponent(hit.id)}`;
  // The page opens where the person reads next; the box is ready for the next search.
  document.getElementById('content').focus();
}

function onKeydown(event) {
  const count = entries.length;
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    if (!count) return;
    event.preventDefault();
    if (list.hidden) open();
    const step = event.key === 'ArrowDown' ? 1 : -1;
    setActive((activeIndex + step + count + (activeIndex < 0 && step < 0 ? 1 : 0)) % count);
  } else if (event.key === 'Enter') {
    event.preventDefault();
    clearTimeout(timer);
    if (activeIndex >= 0) openEntry(activeIndex);
    else if (count && hitsQuery === input.value) openEntry(0);
    else find();
  } else if (event.key === 'Escape') {
    event.preventDefault();
    close();
    const back = returnFocus?.isConnected ? returnFocus : document.getElementById('content');
    returnFocus = null;
    back.focus();
  }
}
