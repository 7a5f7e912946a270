// The customer dialog, shared by the customer list (create) and the customer
// page (edit). The backend decides what is valid and whether the customer
// looks like one already on file; this dialog shows its answer and, for a
// likely duplicate, lets the person open the match or save anyway.

import * as api from '../api.js';
import { ApiError } from '../api.js';
import { t } from '../i18n/index.js';
import { h } from '../dom.js';
import { field, checkbox, errorDisplay } from '../forms.js';
import { COMMON_COUNTRIES, countryName, otherCountries } from '../countries.js';
import { customerDetail } from './customer-picker.js';
import { showToast } from '../toast.js';

const PREFIX = 'customer';
const TEXT_FIELDS = [
  'first_name', 'last_name', 'company_name', 'registration', 'vat_number', 'einvoice_address',
  'phone', 'phone_alt', 'email', 'address_line1', 'address_line2', 'postal_code', 'city', 'notes',
];
// Only shown, and so only sent, for a company.
const COMPANY_FIELDS = ['company_name', 'registration', 'vat_number', 'einvoice_address'];
const PAYMENT_TERMS = ['0', '30', '45', '60'];

/**
 * Builds `#customer-dialog`. `open(customer)` edits that Customer, `open(null)`
 * creates one. `onSaved(saved, {created})` runs after a successful save;
 * `fallbackFocus()` gets the focus back when the element that opened the
 * dialog is gone.
 */
export function customerDialog({ onSaved = () => {}, fallbackFocus = () => {} } = {}) {
  const ui = build();
  const { dialog, form, save } = ui;
  const errors = errorDisplay(form, ui.formError);
  let editingId = null;
  let saving = false;
  let opener = null;
  let lastInput = null;

  function open(customer = null) {
    if (dialog.open) return;
    opener = document.activeElement;
    editingId = customer?.id ?? null;
    form.reset();
    errors.clear();
    hideDuplicate();
    fill(customer);
    ui.title.textContent = t(editingId ? 'customer.title_edit' : 'customer.title_new');
    ui.duplicateConfirm.textContent = t(editingId ? 'customer.duplicate_save' : 'customer.duplicate_create');
    ui.body.scrollTop = 0;
    dialog.showModal();
    // The front desk types straight away: the first visible name field.
    form.elements[form.elements.kind.value === 'company' ? 'company_name' : 'first_name'].focus();
  }

  function fill(customer) {
    const els = form.elements;
    els.kind.value = customer?.kind ?? 'individual';
    els.civility.value = customer?.civility ?? '';
    for (const name of TEXT_FIELDS) els[name].value = customer?.[name] ?? '';
    // People edit what they read: the formatted number, not the stored E.164 or digits.
    els.registration.value = customer?.registration_display ?? customer?.siret ?? customer?.siren ?? '';
    els.phone.value = customer?.phone_display ?? customer?.phone ?? '';
    els.phone_alt.value = customer?.phone_alt_display ?? customer?.phone_alt ?? '';
    setSelect(els.country, customer?.country || 'FR', () => countryName(customer.country));
    setSelect(els.language, customer?.language || 'fr', () => customer.language);
    const terms = customer?.payment_terms_days;
    setSelect(els.payment_terms_days, terms === null || terms === undefined ? '' : String(terms),
      () => t('customer.payment_days', { days: terms }));
    els.marketing_consent.checked = Boolean(customer?.marketing_consent);
    showKind();
  }

  /** Selects `value`, adding it first when the list does not offer it (a value set elsewhere). */
  function setSelect(select, value, label) {
    if (![...select.options].some((option) => option.value === value)) {
      select.append(h('option', { value, text: label(), 'data-extra': 'true' }));
    }
    select.value = value;
  }

  function showKind() {
    const company = form.elements.kind.value === 'company';
    form.classList.toggle('is-company', company);
    ui.companyField.hidden = !company;
    ui.companySet.hidden = !company;
    ui.civilityField.hidden = company;
  }

  /** What the person sees is what is sent: a hidden field goes as empty. */
  function readInput() {
    const els = form.elements;
    const kind = els.kind.value;
    const input = { kind, civility: kind === 'company' ? null : els.civility.value || null };
    for (const name of TEXT_FIELDS) input[name] = els[name].value;
    if (kind !== 'company') for (const name of COMPANY_FIELDS) input[name] = '';
    input.country = els.country.value;
    input.language = els.language.value;
    input.marketing_consent = els.marketing_consent.checked;
    const terms = els.payment_terms_days.value;
    input.payment_terms_days = terms === '' ? '' : Number(terms);
    input.confirm_duplicate = false;
    return input;
  }

  function showDuplicate(error, input) {
    lastInput = input;
    const matches = error.details?.matches ?? [];
    ui.duplicateMessage.textContent = error.message;
    ui.duplicateList.replaceChildren(...matches.map((match) => h('li', { 'data-id': match.id }, [
      h('span', { class: 'match-who' }, [
        h('strong', { text: match.display_name ?? '' }),
        h('span', { class: 'match-detail', text: customerDetail(match) }),
      ]),
      h('button', { type: 'button', class: 'open-match', 'data-id': match.id, text: t('customer.duplicate_open') }),
    ])));
    ui.duplicate.hidden = false;
    ui.body.scrollTop = 0;
    ui.duplicate.focus();
  }

  function hideDuplicate() {
    ui.duplicate.hidden = true;
    ui.duplicateList.replaceChildren();
    lastInput = null;
  }

  async function submit(input) {
    if (saving) return;
    saving = true;
    errors.clear();
    save.disabled = true;
    ui.duplicateConfirm.disabled = true;
    form.setAttribute('aria-busy', 'true');
    const id = editingId;
    try {
      const saved = id ? await api.updateCustomer(id, input) : await api.createCustomer(input);
      hideDuplicate();
      if (dialog.open) dialog.close();
      showToast(t('customer.saved'));
      await onSaved(saved, { created: !id });
    } catch (error) {
      if (!(error instanceof ApiError)) console.error(error);
      const shown = error instanceof ApiError ? error : new ApiError('internal', t('error.internal'));
      if (shown.code === 'duplicate') {
        showDuplicate(shown, input);
      } else {
        hideDuplicate();
        errors.show(shown);
      }
    } finally {
      saving = false;
      save.disabled = false;
      ui.duplicateConfirm.disabled = false;
      form.removeAttribute('aria-busy');
      // Disabling the focused button dropped focus; give it back.
      if (dialog.open && !dialog.contains(document.activeElement)) save.focus();
    }
  }

  form.addEventListener('change', (event) => {
    if (event.target.name === 'kind') showKind();
    if (event.target.name) hideDuplicate();
  });
  form.addEventListener('input', (event) => {
    // The warning was about what was sent; once that changes, it no longer holds.
    if (event.target.name) hideDuplicate();
    // Once the person edits the field at fault, its message has served.
    if (errors.field && event.target.name === errors.field) errors.clear();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit(readInput());
  });
  ui.duplicateConfirm.addEventListener('click', () => {
    if (lastInput) submit({ ...lastInput, confirm_duplicate: true });
  });
  ui.duplicateList.addEventListener('click', (event) => {
    const button = event.target.closest('button.open-match');
    if (!button) return;
    opener = null;
    dialog.close();
    location.hash = `#/clients/${encodeURIComponent(button.dataset.id)}`;
  });
  ui.cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    editingId = null;
    hideDuplicate();
    for (const extra of form.querySelectorAll('option[data-extra]')) extra.remove();
    if (opener?.isConnected) opener.focus();
    else if (opener) fallbackFocus();
    opener = null;
  });

  return {
    dialog,
    open,
    get isOpen() { return dialog.open; },
    dispose() {
      opener = null;
      if (dialog.open) dialog.close();
    },
  };
}

function build() {
  const f = (name, control, options) => field(PREFIX, name, control, t(`customer.${name}`), options);
  const input = (type = 'text', attrs = {}) => h('input', { type, ...attrs });
  const fieldset = (legendKey, children, attrs = {}) => h('fieldset', { class: 'group', ...attrs }, [
    h('legend', { text: t(legendKey) }), ...children,
  ]);
  const radio = (value, checked) => h('label', { class: 'choice' }, [
    h('input', { type: 'radio', name: 'kind', value, checked, 'aria-describedby': 'customer-kind-error' }),
    h('span', { text: t(`customer.kind_${value}`) }),
  ]);
  const options = (pairs) => pairs.map(([value, text]) => h('option', { value, text }));

  const title = h('h2', { id: 'customer-dialog-title' });
  const formError = h('p', { id: 'customer-form-error', class: 'form-error', role: 'alert' });

  const duplicateMessage = h('p', { class: 'warning-message' });
  const duplicateList = h('ul', { class: 'matches', 'aria-label': t('customer.duplicate_matches') });
  const duplicateConfirm = h('button', { id: 'duplicate-confirm', type: 'button' });
  const duplicate = h('div', { id: 'duplicate-warning', class: 'warning', role: 'alert', tabindex: '-1', hidden: true }, [
    duplicateMessage, duplicateList,
    h('div', { class: 'warning-actions' }, duplicateConfirm),
  ]);

  const civilityField = f('civility', h('select', {}, options([
    ['', t('customer.civility_none')], ['M.', t('customer.civility_mr')], ['Mme', t('customer.civility_mrs')],
  ])), { extraClass: 'civility' });
  const companyField = f('company_name', input());

  const country = h('select', {}, [
    ...COMMON_COUNTRIES.map((code) => h('option', { value: code, text: countryName(code) })),
    h('optgroup', { label: t('customer.country_others') },
      otherCountries().map(({ code, name }) => h('option', { value: code, text: name }))),
  ]);
  const language = h('select', {}, options([['fr', t('customer.language_fr')], ['en', t('customer.language_en')]]));
  const terms = h('select', {}, options([
    ['', t('customer.payment_default')],
    ...PAYMENT_TERMS.map((days) => [days, days === '0' ? t('customer.payment_on_receipt') : t('customer.payment_days', { days: Number(days) })]),
  ]));

  const companySet = fieldset('customer.group_company', [
    h('div', { class: 'row' }, [
      f('registration', input('text', { inputmode: 'numeric' })),
      f('vat_number', input()),
    ]),
    f('einvoice_address', input('text', { placeholder: t('customer.einvoice_address_hint') })),
  ], { hidden: true });

  const cancel = h('button', { id: 'customer-cancel', type: 'button', text: t('customer.cancel') });
  const save = h('button', { id: 'customer-save', type: 'submit', class: 'primary', text: t('customer.save') });

  const body = h('div', { class: 'dialog-body' }, [
    duplicate,
    fieldset('customer.group_identity', [
      h('div', { class: 'kind' }, [
        h('span', { class: 'label', id: 'customer-kind-label', text: t('customer.kind') }),
        h('div', { class: 'choices', role: 'radiogroup', 'aria-labelledby': 'customer-kind-label' }, [
          radio('individual', true), radio('company', false),
        ]),
        h('span', { id: 'customer-kind-error', class: 'field-error', 'data-for': 'kind' }),
      ]),
      companyField,
      h('div', { class: 'row names' }, [civilityField, f('first_name', input()), f('last_name', input())]),
    ]),
    companySet,
    fieldset('customer.group_contact', [
      h('div', { class: 'row' }, [f('phone', input('tel')), f('phone_alt', input('tel'))]),
      f('email', input('email')),
    ]),
    fieldset('customer.group_address', [
      f('address_line1', input()),
      f('address_line2', input()),
      h('div', { class: 'row postal' }, [f('postal_code', input('text', { inputmode: 'numeric' })), f('city', input())]),
      f('country', country),
    ]),
    fieldset('customer.group_preferences', [
      h('div', { class: 'row' }, [f('language', language), f('payment_terms_days', terms)]),
      checkbox(PREFIX, 'marketing_consent', t('customer.marketing_consent')),
    ]),
    f('notes', h('textarea', { rows: '3' })),
  ]);

  const form = h('form', { id: 'customer-form', class: 'dialog-frame', novalidate: true, autocomplete: 'off', method: 'dialog' }, [
    title,
    formError,
    body,
    h('div', { class: 'dialog-actions' }, [cancel, save]),
  ]);
  const dialog = h('dialog', { id: 'customer-dialog', class: 'wide', 'aria-labelledby': 'customer-dialog-title' }, form);

  return {
    dialog, form, title, formError, body, duplicate, duplicateMessage, duplicateList, duplicateConfirm,
    civilityField, companyField, companySet, cancel, save,
  };
}
