// The owner's « Comptabilité » panel in Réglages: the account numbers the
// FEC is written with (core proposes the defaults and checks what is typed),
// and « Exporter le FEC » for a period — core proposes the fiscal year under
// way — into a folder the person types (blank: the export folder).

import * as api from '../api.js';
import { t, formatNumber } from '../i18n/index.js';
import { h } from '../dom.js';
import { field, errorDisplay } from '../forms.js';
import { may } from '../session.js';
import { showToast } from '../toast.js';
import { dateInput } from '../date-input.js';

/** The accounts core lists, in the form's order. */
const SLOTS = ['customers', 'deposits', 'labour', 'parts', 'other', 'cash', 'card', 'cheque', 'transfer'];

/** A VAT rate in basis points as people read it: "5,5 %". */
function rate(bp) {
  return t('accounting.vat_rate', { rate: formatNumber(bp / 100, { maximumFractionDigits: 2 }) });
}

/** The panel, filled once the backend answers. */
export function accountingPanel() {
  const canSave = may('settings');
  const inputs = Object.fromEntries(SLOTS.map((name) => [name, h('input', {
    type: 'text', inputmode: 'numeric', spellcheck: 'false', maxlength: '20', disabled: !canSave,
  })]));
  const vatFields = h('div', { class: 'form-grid' });
  const accountsError = h('p', { class: 'form-error', role: 'alert' });
  const save = h('button', { id: 'accounts-save', type: 'submit', class: 'primary', text: t('common.save') });
  const accountsForm = h('form', { id: 'accounts-form', novalidate: true }, [
    h('div', { class: 'form-grid' }, SLOTS.map((name) => field('accounts', name, inputs[name], t(`accounting.account_${name}`)))),
    h('h3', { text: t('accounting.vat_title') }),
    vatFields,
    accountsError,
    canSave ? h('div', { class: 'actions' }, save) : null,
  ]);
  const accountsErrors = errorDisplay(accountsForm, accountsError);
  let vatInputs = [];

  const from = dateInput({ required: true });
  const to = dateInput({ required: true });
  const folder = h('input', { type: 'text', spellcheck: 'false' });
  const tab = h('input', { type: 'checkbox', id: 'fec-tab', name: 'tab' });
  const exportError = h('p', { class: 'form-error', role: 'alert' });
  const result = h('p', { id: 'fec-result', 'aria-live': 'polite' });
  const run = h('button', { id: 'fec-export', type: 'submit', class: 'primary', text: t('accounting.export') });
  const exportForm = h('form', { id: 'fec-form', novalidate: true }, [
    h('div', { class: 'form-grid' }, [
      field('fec', 'from', from, t('accounting.from')),
      field('fec', 'to', to, t('accounting.to')),
    ]),
    field('fec', 'folder', folder, t('accounting.folder'), { hint: t('accounting.folder_hint') }),
    h('div', { class: 'field' }, h('label', { class: 'check', for: 'fec-tab' }, [tab, h('span', { text: t('accounting.tab') })])),
    exportError,
    h('div', { class: 'actions' }, run),
    result,
  ]);
  const exportErrors = errorDisplay(exportForm, exportError);

  function fill(accounts) {
    for (const name of SLOTS) inputs[name].value = accounts[name];
    vatInputs = accounts.vat.map((v) => {
      const input = h('input', {
        type: 'text', inputmode: 'numeric', spellcheck: 'false', maxlength: '20', disabled: !canSave,
        'data-bp': String(v.bp),
      });
      input.value = v.account;
      return input;
    });
    vatFields.replaceChildren(...accounts.vat.map((v, i) => field(`accounts-vat-${v.bp}`, 'vat_account', vatInputs[i], rate(v.bp))));
  }

  api.accountingForm().then((form) => {
    fill(form.accounts);
    from.value = form.period.from;
    to.value = form.period.to;
    folder.placeholder = form.folder;
  }, (error) => { accountsError.textContent = error.message; });

  accountsForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    accountsErrors.clear();
    save.disabled = true;
    try {
      const input = Object.fromEntries(SLOTS.map((name) => [name, inputs[name].value]));
      input.vat = Object.fromEntries(vatInputs.map((i) => [i.dataset.bp, i.value]));
      fill(await api.saveAccounts(input));
      showToast(t('accounting.saved'));
    } catch (error) {
      accountsErrors.show(error);
    } finally {
      save.disabled = false;
    }
  });

  exportForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    exportErrors.clear();
    result.textContent = '';
    run.disabled = true;
    try {
      const done = await api.exportFec(from.value, to.value, tab.checked ? 'tab' : 'pipe', folder.value);
      result.textContent = t('accounting.exported', { path: done.path, entries: done.entries, lines: done.lines });
      showToast(t('accounting.exported_short'));
    } catch (error) {
      exportErrors.show(error);
    } finally {
      run.disabled = false;
    }
  });

  return h('section', { class: 'panel accounting', 'aria-labelledby': 'settings-accounting' }, [
    h('h2', { id: 'settings-accounting', text: t('accounting.title') }),
    h('p', { class: 'hint', text: t('accounting.hint') }),
    h('h3', { text: t('accounting.accounts_title') }),
    accountsForm,
    h('h3', { text: t('accounting.export_title') }),
    exportForm,
  ]);
}
