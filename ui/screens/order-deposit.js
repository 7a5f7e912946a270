// Deposits (acomptes) on the order page: what the customer paid before the
// work, and `#deposit-dialog` to take one. The invoice deducts them.

import * as api from '../api.js';
import { t, formatMoney, formatDay, todayDay } from '../i18n/index.js';
import { h } from '../dom.js';
import { field, errorDisplay, savingDialog } from '../forms.js';
import { showToast } from '../toast.js';
import { dateInput } from '../date-input.js';

const METHODS = ['card', 'cash', 'cheque', 'transfer'];

/**
 * The deposits panel for order `id`: the list, and (when `open`) the button
 * that takes one. `onChanged()` runs after a deposit is recorded.
 */
export function depositsPanel(id, { open, onChanged }) {
  const list = h('ul', { id: 'order-deposits', class: 'plain' });
  const none = h('p', { class: 'muted', text: t('deposit.none') });
  const take = h('button', { id: 'order-deposit', type: 'button', text: t('deposit.take'), hidden: !open });
  const error = h('p', { class: 'form-error', role: 'alert' });

  const method = h('select', {}, METHODS.map((m) => h('option', { value: m, text: t(`payment.method_${m}`) })));
  const amount = h('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off' });
  const paidOn = dateInput();
  const reference = h('input', { type: 'text', autocomplete: 'off' });
  const formError = h('p', { id: 'deposit-error', class: 'form-error', role: 'alert' });
  const cancel = h('button', { id: 'deposit-cancel', type: 'button', text: t('order.cancel') });
  const save = h('button', { id: 'deposit-save', type: 'submit', class: 'primary', text: t('deposit.save') });
  const form = h('form', { id: 'deposit-form', class: 'dialog-frame', novalidate: true, autocomplete: 'off' }, [
    h('h2', { id: 'deposit-title', text: t('deposit.title') }),
    formError,
    h('div', { class: 'dialog-body' }, [
      h('p', { class: 'hint', text: t('deposit.hint') }),
      h('div', { class: 'form-grid' }, [
        field('deposit', 'method', method, t('payment.method')),
        field('deposit', 'amount', amount, t('payment.amount')),
        field('deposit', 'paid_on', paidOn, t('payment.paid_on')),
        field('deposit', 'reference', reference, t('payment.reference')),
      ]),
    ]),
    h('div', { class: 'dialog-actions' }, [cancel, save]),
  ]);
  const dialog = h('dialog', { id: 'deposit-dialog', class: 'small', 'aria-labelledby': 'deposit-title' }, form);
  const errors = errorDisplay(form, formError);
  const saving = savingDialog({
    dialog, form, errors, saveButton: save,
    read: () => ({ method: method.value, amount: amount.value, paid_on: paidOn.value || null, reference: reference.value }),
  });
  cancel.addEventListener('click', () => dialog.close());

  async function load() {
    try {
      const deposits = await api.orderDeposits(id);
      list.replaceChildren(...deposits.map((d) => h('li', { class: d.reversed ? 'muted' : null }, [
        h('strong', { text: formatMoney(d.amount) }), ' ',
        h('span', { text: `${t(`payment.method_${d.method}`)} · ${formatDay(d.paid_on)}${d.reference ? ` · ${d.reference}` : ''}` }),
      ])));
      none.hidden = deposits.length > 0;
    } catch (failure) {
      error.textContent = failure.message;
    }
  }

  take.addEventListener('click', async () => {
    errors.clear();
    amount.value = '';
    reference.value = '';
    paidOn.value = todayDay();
    const answer = saving.ask((input) => api.recordDeposit(id, input));
    dialog.showModal();
    amount.focus();
    if (await answer) {
      showToast(t('deposit.done'));
      await load();
      onChanged?.();
    }
  });
  load();

  return h('section', { class: 'panel', 'aria-labelledby': 'order-deposits-title' }, [
    h('h2', { id: 'order-deposits-title', text: t('deposit.heading') }),
    list, none, error, take, dialog,
  ]);
}
