// Customers: find a customer in a keystroke, page through the list, open one's
// page, create one in the shared dialog, import or export them as CSV.

import * as api from '../api.js';
import { t, plural, formatDate } from '../i18n/index.js';
import { h } from '../dom.js';
import { screen } from '../screen.js';
import { showToast } from '../toast.js';
import { customerDialog } from './customer-form.js';

const PAGE_SIZE = 25;
const SEARCH_DELAY_MS = 150;
// Below this, a reload keeps the old rows untouched; above it they are dimmed.
const SLOW_MS = 400;

export const { render, dispose } = screen((container, params, life) => createScreen(container, life));

function createScreen(container, life) {
  const state = {
    query: '', sort: 'name', offset: 0, total: 0, searchTimer: null,
  };
  const list = buildList();
  list.section = h('section', { class: 'screen customers', 'aria-labelledby': 'screen-title' }, [
    list.header, list.toolbar, list.error, list.wrap, list.empty, list.pager,
  ]);
  container.append(list.section);

  // --- list -------------------------------------------------------------------

  async function load({ focusId = null } = {}) {
    const current = life.next();
    list.table.setAttribute('aria-busy', 'true');
    const slow = setTimeout(() => list.wrap.classList.add('is-loading'), SLOW_MS);
    try {
      const page = await api.listCustomers({
        query: state.query, sort: state.sort, limit: PAGE_SIZE, offset: state.offset,
      });
      if (!current()) return;
      if (page.items.length === 0 && page.total > 0 && state.offset > 0) {
        // The list shrank under us: show its last page instead of an empty one.
        state.offset = Math.floor((page.total - 1) / PAGE_SIZE) * PAGE_SIZE;
        load({ focusId });
        return;
      }
      list.error.textContent = '';
      showPage(page);
      if (focusId) list.body.querySelector(`tr[data-id="${CSS.escape(focusId)}"]`)?.focus();
    } catch (error) {
      if (current()) list.error.textContent = error.message;
    } finally {
      clearTimeout(slow);
      if (current()) {
        list.table.setAttribute('aria-busy', 'false');
        list.wrap.classList.remove('is-loading');
      }
    }
  }

  function showPage(page) {
    state.total = page.total;
    list.count.textContent = plural('customers.count', page.total);
    list.body.replaceChildren(...page.items.map(customerRow));

    const empty = page.items.length === 0;
    list.wrap.hidden = empty;
    list.pager.hidden = empty;
    list.empty.hidden = !empty;
    const query = state.query.trim();
    list.empty.textContent = query ? t('customers.no_match', { query }) : t('customers.empty');

    const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
    list.page.textContent = t('list.page', { page: state.offset / PAGE_SIZE + 1, pages });
    list.prev.disabled = state.offset === 0;
    list.next.disabled = state.offset + PAGE_SIZE >= page.total;
  }

  function customerRow(customer) {
    return h('tr', { 'data-id': customer.id, tabindex: '0' }, [
      h('td', { class: 'name', text: customer.display_name ?? '' }),
      h('td', { text: customer.phone_display ?? customer.phone ?? '' }),
      h('td', { class: 'email', text: customer.email ?? '' }),
      h('td', { class: 'date', text: formatDate(customer.created_at) }),
    ]);
  }

  async function turnPage(delta, button) {
    state.offset = Math.max(0, state.offset + delta * PAGE_SIZE);
    await load();
    // At either end the pressed button becomes disabled; keep focus in the pager.
    if (button.disabled && document.activeElement !== list.prev && document.activeElement !== list.next) {
      (button === list.next ? list.prev : list.next).focus();
    }
  }

  list.search.addEventListener('input', () => {
    state.query = list.search.value;
    clearTimeout(state.searchTimer);
    state.searchTimer = setTimeout(() => {
      state.offset = 0;
      load();
    }, SEARCH_DELAY_MS);
  });
  list.search.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      clearTimeout(state.searchTimer);
      state.offset = 0;
      load();
    } else if (event.key === 'ArrowDown') {
      const first = list.body.querySelector('tr[data-id]');
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  list.sort.addEventListener('change', () => {
    state.sort = list.sort.value;
    state.offset = 0;
    load();
  });
  list.prev.addEventListener('click', () => turnPage(-1, list.prev));
  list.next.addEventListener('click', () => turnPage(1, list.next));

  function openCustomer(id) {
    location.hash = `#/clients/${encodeURIComponent(id)}`;
  }

  list.body.addEventListener('click', (event) => {
    const row = event.target.closest('tr[data-id]');
    // A drag to copy a phone number or an e-mail is not a request to open the customer.
    if (row && !window.getSelection()?.toString()) openCustomer(row.dataset.id);
  });
  list.body.addEventListener('keydown', (event) => {
    const row = event.target.closest('tr[data-id]');
    if (!row) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      openCustomer(row.dataset.id);
    } else if (event.key === 'ArrowDown' && row.nextElementSibling) {
      event.preventDefault();
      row.nextElementSibling.focus();
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      (row.previousElementSibling ?? list.search).focus();
    }
  });

  // --- import, export, new ---------------------------------------------------

  const editor = customerDialog({
    // A new customer opens, ready for their vehicle or estimate (as a new
    // vehicle does); a changed one stays in the list, focused.
    onSaved: async (saved, { created }) => {
      if (life.disposed) return;
      if (created) location.hash = `#/clients/${encodeURIComponent(saved.id)}`;
      else await load({ focusId: saved.id });
    },
    fallbackFocus: () => list.search.focus(),
  });
  list.section.append(editor.dialog);
  list.newButton.addEventListener('click', () => editor.open(null));
  list.importButton.addEventListener('click', () => { location.hash = '#/clients/import'; });
  list.exportButton.addEventListener('click', async () => {
    list.exportButton.disabled = true;
    try {
      const { path } = await api.exportCustomersCsv();
      showToast(t('export.done', { path }), { long: true });
    } catch (error) {
      if (!life.disposed) list.error.textContent = error.message;
    } finally {
      list.exportButton.disabled = false;
    }
  });

  load();

  return () => {
    clearTimeout(state.searchTimer);
    editor.dispose();
  };
}

function buildList() {
  const count = h('p', { id: 'customer-count', class: 'count', 'aria-live': 'polite' });

  const search = h('input', {
    id: 'customer-search', type: 'search', autocomplete: 'off', spellcheck: 'false',
    placeholder: t('customers.search_placeholder'),
  });
  const sort = h('select', { id: 'customer-sort' }, [
    h('option', { value: 'name', text: t('customers.sort_name') }),
    h('option', { value: 'recent', text: t('customers.sort_recent') }),
  ]);
  const newButton = h('button', { id: 'new-customer', type: 'button', class: 'primary', text: t('customers.new') });
  const importButton = h('button', { id: 'customer-import', type: 'button', text: t('customers.import') });
  const exportButton = h('button', { id: 'customer-export-csv', type: 'button', text: t('customers.export_csv') });
  const header = h('div', { class: 'screen-header' }, [
    h('h1', { id: 'screen-title', text: t('customers.title') }),
    count,
    h('div', { class: 'header-actions' }, [importButton, exportButton]),
  ]);
  const toolbar = h('div', { class: 'toolbar' }, [
    h('div', { class: 'search' }, [
      h('label', { for: 'customer-search', class: 'visually-hidden', text: t('customers.search_label') }),
      search,
    ]),
    h('div', { class: 'inline-field' }, [
      h('label', { for: 'customer-sort', text: t('customers.sort_label') }),
      sort,
    ]),
    newButton,
  ]);

  const error = h('p', { id: 'customer-list-error', class: 'form-error', role: 'alert' });
  const body = h('tbody');
  const table = h('table', { id: 'customer-list', class: 'list' }, [
    h('caption', { class: 'visually-hidden', text: t('customers.caption') }),
    h('colgroup', {}, [
      h('col', { class: 'col-name' }), h('col', { class: 'col-phone' }),
      h('col', { class: 'col-email' }), h('col', { class: 'col-date' }),
    ]),
    h('thead', {}, h('tr', {}, [
      h('th', { scope: 'col', text: t('customers.col_name') }),
      h('th', { scope: 'col', text: t('customers.col_phone') }),
      h('th', { scope: 'col', text: t('customers.col_email') }),
      h('th', { scope: 'col', text: t('customers.col_created') }),
    ])),
    body,
  ]);
  const wrap = h('div', { class: 'table-wrap' }, table);
  const empty = h('p', { id: 'customer-empty', class: 'empty', hidden: true });

  const prev = h('button', { id: 'customer-prev', type: 'button', text: t('list.prev'), disabled: true });
  const next = h('button', { id: 'customer-next', type: 'button', text: t('list.next'), disabled: true });
  const page = h('span', { id: 'customer-page', class: 'page' });
  const pager = h('nav', { class: 'pager', 'aria-label': t('list.pager'), hidden: true }, [prev, page, next]);

  return { header, count, toolbar, search, sort, newButton, importButton, exportButton, error, wrap, table, body, empty, pager, prev, next, page };
}
