// Vehicles: find one by plate, VIN, make, model or owner, page through the
// list, open its page, add one, export them all as CSV.

import * as api from '../api.js';
import { t, plural } from '../i18n/index.js';
import { h } from '../dom.js';
import { screen } from '../screen.js';
import { showToast } from '../toast.js';
import { vehicleDialog } from './vehicle-form.js';
import { vehicleCells, kmText } from './vehicle-text.js';

const PAGE_SIZE = 25;
const SEARCH_DELAY_MS = 150;
// Below this, a reload keeps the old rows untouched; above it they are dimmed.
const SLOW_MS = 400;

export const { render, dispose } = screen((container, params, life) => createScreen(container, life));

function createScreen(container, life) {
  const state = { query: '', offset: 0, searchTimer: null };
  const ui = build();
  const editor = vehicleDialog({ fallbackFocus: () => ui.search.focus() });
  container.append(h('section', { class: 'screen vehicles', 'aria-labelledby': 'screen-title' }, [
    ui.header, ui.toolbar, ui.error, ui.wrap, ui.empty, ui.pager, editor.dialog,
  ]));

  async function load() {
    const current = life.next();
    ui.table.setAttribute('aria-busy', 'true');
    const slow = setTimeout(() => ui.wrap.classList.add('is-loading'), SLOW_MS);
    try {
      const page = await api.listVehicles({ query: state.query, limit: PAGE_SIZE, offset: state.offset });
      if (!current()) return;
      if (page.items.length === 0 && page.total > 0 && state.offset > 0) {
        // The list shrank under us: show its last page instead of an empty one.
        state.offset = Math.floor((page.total - 1) / PAGE_SIZE) * PAGE_SIZE;
        load();
        return;
      }
      ui.error.textContent = '';
      showPage(page);
    } catch (error) {
      if (current()) ui.error.textContent = error.message;
    } finally {
      clearTimeout(slow);
      if (current()) {
        ui.table.setAttribute('aria-busy', 'false');
        ui.wrap.classList.remove('is-loading');
      }
    }
  }

  function showPage(page) {
    ui.count.textContent = plural('vehicles.count', page.total);
    ui.body.replaceChildren(...page.items.map((vehicle) => h('tr', { 'data-id': vehicle.id, tabindex: '0' }, [
      ...vehicleCells(vehicle),
      h('td', { text: vehicle.owner_name ?? '' }),
      h('td', { class: 'num', text: kmText(vehicle.last_km) }),
    ])));
    const empty = page.items.length === 0;
    ui.wrap.hidden = empty;
    ui.pager.hidden = empty;
    ui.empty.hidden = !empty;
    const query = state.query.trim();
    ui.empty.textContent = query ? t('vehicles.no_match', { query }) : t('vehicles.empty');
    const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
    ui.page.textContent = t('list.page', { page: state.offset / PAGE_SIZE + 1, pages });
    ui.prev.disabled = state.offset === 0;
    ui.next.disabled = state.offset + PAGE_SIZE >= page.total;
  }

  async function turnPage(delta, button) {
    state.offset = Math.max(0, state.offset + delta * PAGE_SIZE);
    await load();
    // At either end the pressed button becomes disabled; keep focus in the pager.
    if (button.disabled && document.activeElement !== ui.prev && document.activeElement !== ui.next) {
      (button === ui.next ? ui.prev : ui.next).focus();
    }
  }

  function openVehicle(id) {
    location.hash = `#/vehicules/${encodeURIComponent(id)}`;
  }

  ui.search.addEventListener('input', () => {
    state.query = ui.search.value;
    clearTimeout(state.searchTimer);
    state.searchTimer = setTimeout(() => {
      state.offset = 0;
      load();
    }, SEARCH_DELAY_MS);
  });
  ui.search.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      clearTimeout(state.searchTimer);
      state.offset = 0;
      load();
    } else if (event.key === 'ArrowDown') {
      const first = ui.body.querySelector('tr[data-id]');
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  ui.body.addEventListener('click', (event) => {
    const row = event.target.closest('tr[data-id]');
    // A drag to copy a VIN is not a request to open the vehicle.
    if (row && !window.getSelection()?.toString()) openVehicle(row.dataset.id);
  });
  ui.body.addEventListener('keydown', (event) => {
    const row = event.target.closest('tr[data-id]');
    if (!row) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      openVehicle(row.dataset.id);
    } else if (event.key === 'ArrowDown' && row.nextElementSibling) {
      event.preventDefault();
      row.nextElementSibling.focus();
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      (row.previousElementSibling ?? ui.search).focus();
    }
  });
  ui.prev.addEventListener('click', () => turnPage(-1, ui.prev));
  ui.next.addEventListener('click', () => turnPage(1, ui.next));
  ui.newButton.addEventListener('click', () => editor.open({}));
  ui.exportButton.addEventListener('click', async () => {
    ui.exportButton.disabled = true;
    try {
      const { path } = await api.exportVehiclesCsv();
      ui.error.textContent = '';
      showToast(t('export.done', { path }), { long: true });
    } catch (error) {
      if (!life.disposed) ui.error.textContent = error.message;
    } finally {
      ui.exportButton.disabled = false;
    }
  });

  load();

  return () => {
    clearTimeout(state.searchTimer);
    editor.dispose();
  };
}

function build() {
  const count = h('p', { id: 'vehicle-count', class: 'count', 'aria-live': 'polite' });
  const search = h('input', {
    id: 'vehicle-search', type: 'search', autocomplete: 'off', spellcheck: 'false',
    placeholder: t('vehicles.search_placeholder'),
  });
  const exportButton = h('button', { id: 'vehicle-export-csv', type: 'button', text: t('vehicles.export_csv') });
  const newButton = h('button', { id: 'new-vehicle', type: 'button', class: 'primary', text: t('vehicles.new') });
  const header = h('div', { class: 'screen-header' }, [
    h('h1', { id: 'screen-title', text: t('vehicles.title') }),
    count,
    h('div', { class: 'header-actions' }, [exportButton]),
  ]);
  const toolbar = h('div', { class: 'toolbar' }, [
    h('div', { class: 'search' }, [
      h('label', { for: 'vehicle-search', class: 'visually-hidden', text: t('vehicles.search_label') }),
      search,
    ]),
    newButton,
  ]);

  const error = h('p', { id: 'vehicle-list-error', class: 'form-error', role: 'alert' });
  const body = h('tbody');
  const table = h('table', { id: 'vehicle-list', class: 'list vehicles-table' }, [
    h('caption', { class: 'visually-hidden', text: t('vehicles.caption') }),
    h('colgroup', {}, [
      h('col', { class: 'col-plate' }), h('col', { class: 'col-vehicle' }), h('col', { class: 'col-vin' }),
      h('col', { class: 'col-owner' }), h('col', { class: 'col-km' }),
    ]),
    h('thead', {}, h('tr', {}, [
      h('th', { scope: 'col', text: t('vehicles.col_plate') }),
      h('th', { scope: 'col', text: t('vehicles.col_vehicle') }),
      h('th', { scope: 'col', text: t('vehicles.col_vin') }),
      h('th', { scope: 'col', text: t('vehicles.col_owner') }),
      h('th', { scope: 'col', class: 'num', text: t('vehicles.col_km') }),
    ])),
    body,
  ]);
  const wrap = h('div', { class: 'table-wrap' }, table);
  const empty = h('p', { id: 'vehicle-empty', class: 'empty', hidden: true });

  const prev = h('button', { id: 'vehicle-prev', type: 'button', text: t('list.prev'), disabled: true });
  const next = h('button', { id: 'vehicle-next', type: 'button', text: t('list.next'), disabled: true });
  const page = h('span', { id: 'vehicle-page', class: 'page' });
  const pager = h('nav', { class: 'pager', 'aria-label': t('list.pager'), hidden: true }, [prev, page, next]);

  return { header, count, toolbar, search, exportButton, newButton, error, wrap, table, body, empty, pager, prev, next, page };
}
