// Customers: find a customer in a keystroke, page through the list, create or
// edit one in a dialog. The backend decides what is valid; this screen only
// shows its answer, next to the field it names.

import * as api from '../api.js';
import { ApiError } from '../api.js';
import { t, plural, formatDate } from '../i18n/index.js';
import { h } from '../dom.js';
import { showToast } from '../toast.js';

const PAGE_SIZE = 25;
const SEARCH_DELAY_MS = 150;
// Below this, a reload keeps the old rows untouched; above it they are dimmed.
const SLOW_MS = 400;
const TEXT_FIELDS = ['first_name', 'last_name', 'company_name', 'phone', 'email', 'notes'];

let active = null;

export function render(container) {
  active?.dispose();
  active = createScreen(container);
}

export function dispose() {
  active?.dispose();
  active = null;
}

function createScreen(container) {
  const state = {
    query: '', sort: 'name', offset: 0, total: 0,
    seq: 0, searchTimer: null, disposed: false,
  };
  const list = buildList();
  const editor = buildEditor();

  container.append(h('section', { class: 'screen customers', 'aria-labelledby': 'screen-title' }, [
    list.header, list.toolbar, list.error, list.wrap, list.empty, list.pager, editor.dialog,
  ]));

  // --- list -------------------------------------------------------------------

  async function load({ focusId = null } = {}) {
    const seq = ++state.seq;
    list.table.setAttribute('aria-busy', 'true');
    const slow = setTimeout(() => list.wrap.classList.add('is-loading'), SLOW_MS);
    try {
      const page = await api.listCustomers({
        query: state.query, sort: state.sort, limit: PAGE_SIZE, offset: state.offset,
      });
      if (seq !== state.seq || state.disposed) return;
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
      if (seq === state.seq && !state.disposed) list.error.textContent = error.message;
    } finally {
      clearTimeout(slow);
      if (seq === state.seq) {
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
    list.page.textContent = t('customers.page', { page: state.offset / PAGE_SIZE + 1, pages });
    list.prev.disabled = state.offset === 0;
    list.next.disabled = state.offset + PAGE_SIZE >= page.total;
  }

  function customerRow(customer) {
    return h('tr', { 'data-id': customer.id, tabindex: '0' }, [
      h('td', { class: 'name', text: customer.display_name ?? '' }),
      h('td', { text: customer.phone ?? '' }),
      h('td', { text: customer.email ?? '' }),
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
  list.newButton.addEventListener('click', () => openEditor(null));

  list.body.addEventListener('click', (event) => {
    const row = event.target.closest('tr[data-id]');
    // A drag to copy a phone number or an e-mail is not a request to open the customer.
    if (row && !window.getSelection()?.toString()) openEditor(row.dataset.id);
  });
  list.body.addEventListener('keydown', (event) => {
    const row = event.target.closest('tr[data-id]');
    if (!row) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      openEditor(row.dataset.id);
    } else if (event.key === 'ArrowDown' && row.nextElementSibling) {
      event.preventDefault();
      row.nextElementSibling.focus();
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      (row.previousElementSibling ?? list.search).focus();
    }
  });

  // --- editor -----------------------------------------------------------------

  const { dialog, form, save } = editor;
  let editingId = null;
  let saving = false;
  let opener = null;
  let errorField = null;

  async function openEditor(id) {
    if (dialog.open) return;
    opener = document.activeElement;
    let customer = null;
    if (id) {
      try {
        customer = await api.getCustomer(id);
      } catch (error) {
        list.error.textContent = error.message;
        return;
      }
      if (state.disposed || dialog.open) return;
    }
    editingId = id;
    form.reset();
    clearErrors();
    form.elements.kind.value = customer?.kind ?? 'individual';
    form.elements.civility.value = customer?.civility ?? '';
    for (const name of TEXT_FIELDS) form.elements[name].value = customer?.[name] ?? '';
    showKind();
    editor.title.textContent = t(id ? 'customer.title_edit' : 'customer.title_new');
    dialog.showModal();
    // The front desk types straight away: the first visible name field.
    const firstField = form.elements[form.elements.kind.value === 'company' ? 'company_name' : 'first_name'];
    firstField.focus();
  }

  function showKind() {
    const company = form.elements.kind.value === 'company';
    form.classList.toggle('is-company', company);
    editor.companyField.hidden = !company;
    editor.civilityField.hidden = company;
  }

  /** What the person sees is what is sent: a hidden field goes as empty. */
  function readInput() {
    const kind = form.elements.kind.value;
    const input = { kind, civility: null };
    for (const name of TEXT_FIELDS) input[name] = form.elements[name].value;
    if (kind === 'company') return input;
    return { ...input, civility: form.elements.civility.value || null, company_name: '' };
  }

  function clearErrors() {
    editor.formError.textContent = '';
    for (const span of form.querySelectorAll('.field-error')) span.textContent = '';
    for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
    errorField = null;
  }

  function showError(error) {
    editor.formError.textContent = error.message;
    if (!error.field) return;
    errorField = error.field;
    const span = form.querySelector(`.field-error[data-for="${CSS.escape(error.field)}"]`);
    if (span) span.textContent = error.message;
    let control = form.elements.namedItem(error.field);
    if (control instanceof RadioNodeList) {
      control.forEach((radio) => radio.setAttribute('aria-invalid', 'true'));
      control = form.querySelector(`input[name="${CSS.escape(error.field)}"]:checked`);
    } else if (control) {
      control.setAttribute('aria-invalid', 'true');
    }
    control?.focus();
  }

  form.addEventListener('change', (event) => {
    if (event.target.name === 'kind') showKind();
  });
  form.addEventListener('input', (event) => {
    // Once the person edits the field at fault, its message has served.
    if (errorField && event.target.name === errorField) clearErrors();
  });
  editor.cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    editingId = null;
    if (opener?.isConnected) opener.focus();
    else list.search.focus();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (saving) return;
    saving = true;
    clearErrors();
    save.disabled = true;
    form.setAttribute('aria-busy', 'true');
    const id = editingId;
    try {
      const input = readInput();
      const saved = id ? await api.updateCustomer(id, input) : await api.createCustomer(input);
      if (dialog.open) dialog.close();
      showToast(t('customer.saved'));
      window.dispatchEvent(new CustomEvent('atelier:changed'));
      if (!state.disposed) await load({ focusId: saved.id });
    } catch (error) {
      showError(error instanceof ApiError ? error : new ApiError('internal', t('error.internal')));
      if (!(error instanceof ApiError)) console.error(error);
    } finally {
      saving = false;
      save.disabled = false;
      form.removeAttribute('aria-busy');
      // Disabling the focused save button dropped focus; give it back.
      if (dialog.open && !dialog.contains(document.activeElement)) save.focus();
    }
  });

  load();

  return {
    dispose() {
      state.disposed = true;
      state.seq += 1;
      clearTimeout(state.searchTimer);
      opener = null;
      if (dialog.open) dialog.close();
    },
  };
}

function buildList() {
  const count = h('p', { id: 'customer-count', class: 'count', 'aria-live': 'polite' });
  const header = h('div', { class: 'screen-header' }, [
    h('h1', { id: 'screen-title', text: t('customers.title') }),
    count,
  ]);

  const search = h('input', {
    id: 'customer-search', type: 'search', autocomplete: 'off', spellcheck: 'false',
    placeholder: t('customers.search_placeholder'),
    'aria-keyshortcuts': '/ Control+K',
  });
  const sort = h('select', { id: 'customer-sort' }, [
    h('option', { value: 'name', text: t('customers.sort_name') }),
    h('option', { value: 'recent', text: t('customers.sort_recent') }),
  ]);
  const newButton = h('button', { id: 'new-customer', type: 'button', class: 'primary', text: t('customers.new') });
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

  const prev = h('button', { id: 'customer-prev', type: 'button', text: t('customers.prev'), disabled: true });
  const next = h('button', { id: 'customer-next', type: 'button', text: t('customers.next'), disabled: true });
  const page = h('span', { id: 'customer-page', class: 'page' });
  const pager = h('nav', { class: 'pager', 'aria-label': t('customers.pager'), hidden: true }, [prev, page, next]);

  return { header, count, toolbar, search, sort, newButton, error, wrap, table, body, empty, pager, prev, next, page };
}

function buildEditor() {
  const field = (name, control, extraClass = '') => {
    const id = `customer-${name.replaceAll('_', '-')}`;
    control.id = id;
    control.name = name;
    control.setAttribute('aria-describedby', `${id}-error`);
    return h('div', { class: `field ${extraClass}`.trim() }, [
      h('label', { for: id, text: t(`customer.${name}`) }),
      control,
      h('span', { id: `${id}-error`, class: 'field-error', 'data-for': name }),
    ]);
  };
  const radio = (value, checked) => h('label', { class: 'choice' }, [
    h('input', { type: 'radio', name: 'kind', value, checked, 'aria-describedby': 'customer-kind-error' }),
    h('span', { text: t(`customer.kind_${value}`) }),
  ]);

  const title = h('h2', { id: 'customer-dialog-title' });
  const formError = h('p', { id: 'customer-form-error', class: 'form-error', role: 'alert' });
  const civilityField = field('civility', h('select', {}, [
    h('option', { value: '', text: t('customer.civility_none') }),
    h('option', { value: 'M.', text: t('customer.civility_mr') }),
    h('option', { value: 'Mme', text: t('customer.civility_mrs') }),
  ]), 'civility');
  const companyField = field('company_name', h('input', { type: 'text' }));
  const cancel = h('button', { id: 'customer-cancel', type: 'button', text: t('customer.cancel') });
  const save = h('button', { id: 'customer-save', type: 'submit', class: 'primary', text: t('customer.save') });

  const form = h('form', { id: 'customer-form', novalidate: true, autocomplete: 'off', method: 'dialog' }, [
    title,
    formError,
    h('fieldset', { class: 'kind' }, [
      h('legend', { text: t('customer.kind') }),
      h('div', { class: 'choices' }, [radio('individual', true), radio('company', false)]),
      h('span', { id: 'customer-kind-error', class: 'field-error', 'data-for': 'kind' }),
    ]),
    companyField,
    h('div', { class: 'row names' }, [
      civilityField,
      field('first_name', h('input', { type: 'text' })),
      field('last_name', h('input', { type: 'text' })),
    ]),
    h('div', { class: 'row' }, [
      field('phone', h('input', { type: 'tel' })),
      field('email', h('input', { type: 'email' })),
    ]),
    field('notes', h('textarea', { rows: '3' })),
    h('div', { class: 'dialog-actions' }, [cancel, save]),
  ]);
  const dialog = h('dialog', { id: 'customer-dialog', 'aria-labelledby': 'customer-dialog-title' }, form);

  return { dialog, form, title, formError, civilityField, companyField, cancel, save };
}
