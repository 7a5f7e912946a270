// The global search above every screen: customers and vehicles by name, phone,
// plate or VIN as you type. A combobox with a listbox of results: arrows move,
// Enter opens, Esc closes and gives the focus back.

import * as api from './api.js';
import { t } from './i18n/index.js';
import { h } from './dom.js';

const SEARCH_DELAY_MS = 120;
const MAX_RESULTS = 10;

let input = null;
let list = null;
let empty = null;
let hits = [];
// The query `hits` answer; Enter on a newer one searches before opening anything.
let hitsQuery = '';
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
    if (hits.length && input.value.trim()) open();
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
    if (option) openHit(Number(option.dataset.index));
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
    empty.textContent = error.message;
    showList();
    return;
  }
  empty.textContent = t('search.none');
  showList();
}

function showList() {
  activeIndex = -1;
  input.removeAttribute('aria-activedescendant');
  list.replaceChildren(...hits.map((hit, index) => h('li', {
    id: `search-option-${index}`, role: 'option', 'aria-selected': 'false',
    'data-kind': hit.kind, 'data-id': hit.id, 'data-index': String(index),
  }, [
    h('span', { class: 'kind', text: t(`search.kind_${hit.kind}`) }),
    h('span', { class: 'hit' }, [
      h('span', { class: hit.kind === 'customer' ? 'title' : 'title plate-text', text: hit.title ?? '' }),
      h('span', { class: 'subtitle', text: hit.subtitle ?? '' }),
    ]),
  ])));
  // Under two characters the backend answers []: nothing to say yet.
  if (!hits.length && input.value.trim().length < 2) {
    close();
    return;
  }
  open();
}

function open() {
  if (document.activeElement !== input) return;
  list.hidden = hits.length === 0;
  empty.hidden = hits.length > 0;
  input.setAttribute('aria-expanded', String(hits.length > 0));
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

function openHit(index) {
  const hit = hits[index];
  if (!hit) return;
  const route = { vehicle: '#/vehicules/', code: '#/codes/' }[hit.kind] ?? '#/clients/';
  input.value = '';
  hits = [];
  hitsQuery = '';
  list.replaceChildren();
  close();
  returnFocus = null;
  location.hash = `${route}${encodeURIComponent(hit.id)}`;
  // The page opens where the person reads next; the box is ready for the next search.
  document.getElementById('content').focus();
}

function onKeydown(event) {
  const count = hits.length;
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    if (!count) return;
    event.preventDefault();
    if (list.hidden) open();
    const step = event.key === 'ArrowDown' ? 1 : -1;
    setActive((activeIndex + step + count + (activeIndex < 0 && step < 0 ? 1 : 0)) % count);
  } else if (event.key === 'Enter') {
    event.preventDefault();
    clearTimeout(timer);
    if (activeIndex >= 0) openHit(activeIndex);
    else if (count && hitsQuery === input.value) openHit(0);
    else find();
  } else if (event.key === 'Escape') {
    event.preventDefault();
    close();
    const back = returnFocus?.isConnected ? returnFocus : document.getElementById('content');
    returnFocus = null;
    back.focus();
  }
}
