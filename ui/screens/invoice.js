// One invoice or credit note: its lines and totals as core froze them, its
// payments; issue a draft, take a payment (change in cash), reverse one,
// issue a credit note, open the PDF the customer received.

import { printed } from './paper.js';
import * as api from '../api.js';
import { t, formatDay, formatMoney, formatNumber } from '../i18n/index.js';
import { h } from '../dom.js';
import { screen } from '../screen.js';
import { field, errorDisplay } from '../forms.js';
import { confirmAction } from '../confirm.js';
import { showToast } from '../toast.js';
import { statusBadge } from './invoice-text.js';
import { counterSaleDialog } from './invoice-sale.js';
import { exchangePanel } from './invoice-exchange.js';
import { dateInput } from '../date-input.js';

const METHODS = ['card', 'cash', 'cheque', 'transfer'];

export const { render, dispose } = screen((container, { id }, life) => createScreen(container, id, life));

/** The payment to take once the invoice it is for opens: {id, amount} (cents or null). */
let payOnOpen = null;

/**
 * Opens the invoice `id` with its payment dialog, the amount filled with
 * `amountCents` (the balance when null): the assistant's prepared payment,
 * taken only when the person saves it there.
 */
export function openWithPayment(id, amountCents = null) {
  payOnOpen = { id, amount: amountCents };
  const hash = `#/factures/${encodeURIComponent(id)}`;
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}

function createScreen(container, id, life) {
  const state = { invoice: null };
  const section = h('section', { class: 'screen invoice', 'aria-labelledby': 'screen-title' });
  const error = h('p', { id: 'invoice-error', class: 'form-error', role: 'alert' });
  const payment = paymentDialog(() => state.invoice, shown);
  const credit = creditDialog(() => state.invoice, (note) => {
    location.hash = `#/factures/${encodeURIComponent(note.id)}`;
  });
  const sale = counterSaleDialog({ onSaved: shown });
  container.append(section);

  function shown(invoice) {
    state.invoice = invoice;
    draw();
  }

  async function load() {
    try {
      state.invoice = await api.invoicePage(id);
      if (life.disposed) return;
      draw();
      const pay = payOnOpen?.id === id ? payOnOpen : null;
      payOnOpen = null;
      if (pay && payable(state.invoice)) payment.open(pay.amount);
    } catch (e) {
      if (!life.disposed) {
        section.replaceChildren(h('a', { href: '#/factures', class: 'back', text: t('invoice.back') }), error);
        error.textContent = e.message;
      }
    }
  }

  async function act(button, action) {
    button.disabled = true;
    error.textContent = '';
    try {
      await action();
    } catch (e) {
      error.textContent = e.message;
    } finally {
      button.disabled = false;
    }
  }

  function draw() {
    const inv = state.invoice;
    const isCredit = inv.kind === 'credit_note';
    const title = inv.number
      ? t(isCredit ? 'invoice.credit_title' : 'invoice.title', { number: inv.number })
      : t('invoice.draft_title');
    const actions = [];
    if (!inv.number) {
      const issue = h('button', { id: 'invoice-issue', type: 'button', class: 'primary', text: t('invoice.issue') });
      issue.addEventListener('click', () => act(issue, async () => {
        const ok = await confirmAction({
          title: t('invoice.issue_confirm_title'),
          paragraphs: [t('invoice.issue_confirm')],
          confirmLabel: t('invoice.issue'),
        });
        if (ok) shown(await api.issueInvoice(inv.id));
      }));
      const discard = h('button', { id: 'invoice-discard', type: 'button', class: 'danger', text: t('invoice.discard') });
      discard.addEventListener('click', () => act(discard, async () => {
        const ok = await confirmAction({
          title: t('invoice.discard'), paragraphs: [t('invoice.discard_confirm')],
          confirmLabel: t('invoice.discard'), danger: true,
        });
        if (!ok) return;
        await api.discardInvoiceDraft(inv.id);
        location.hash = '#/factures';
      }));
      actions.push(issue);
      // A counter sale's draft is edited here; an order's takes the order's lines.
      if (!inv.order_id) {
        const edit = h('button', { id: 'invoice-edit', type: 'button', text: t('sale.edit') });
        edit.addEventListener('click', () => sale.edit(inv));
        actions.push(edit);
      }
      actions.push(discard);
    } else {
      const pdf = h('button', { id: 'invoice-pdf', type: 'button', text: t('invoice.open_pdf') });
      pdf.addEventListener('click', () => act(pdf, async () => {
        printed(await api.invoicePdf(inv.id, true));
      }));
      if (payable(inv)) {
        const pay = h('button', { id: 'invoice-pay', type: 'button', class: 'primary', text: t('invoice.record_payment') });
        pay.addEventListener('click', () => payment.open());
        actions.push(pay);
      }
      if (!isCredit && inv.status !== 'cancelled') {
        const note = h('button', { id: 'invoice-credit', type: 'button', text: t('invoice.credit_note') });
        note.addEventListener('click', () => credit.open());
        actions.push(note);
      }
      const ubl = h('button', { id: 'invoice-ubl', type: 'button', text: t('invoice.export_ubl') });
      ubl.addEventListener('click', () => act(ubl, async () => {
        printed(await api.exportEinvoice(inv.id, 'ubl'));
      }));
      actions.push(pdf, ubl);
    }
    const facts = [
      [t('invoice.customer'), inv.customer_name],
      inv.issued_on ? [t('invoice.issued_on'), formatDay(inv.issued_on)] : null,
      inv.due_on && !isCredit ? [t('invoice.due_on'), formatDay(inv.due_on)] : null,
      inv.order_number ? [t('invoice.order'), inv.order_number] : null,
      inv.credited_number ? [t('invoice.credited'), inv.credited_number] : null,
    ].filter(Boolean);
    section.replaceChildren(...[
      h('a', { href: '#/factures', class: 'back', text: t('invoice.back') }),
      h('div', { class: 'record-header' }, [
        h('h1', { id: 'screen-title', text: title }),
        statusBadge(inv),
      ]),
      h('dl', { class: 'facts' }, facts.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })])),
      h('div', { class: 'page-actions' }, actions),
      error,
      linesTable(inv),
      totalsBox(inv),
      inv.notes ? h('p', { class: 'notes', text: inv.notes }) : null,
      inv.number && !isCredit ? paymentsPanel(inv, shown) : null,
      inv.credit_notes.length ? h('section', { class: 'panel' }, [
        h('h2', { text: t('invoice.credit_notes') }),
        h('ul', {}, inv.credit_notes.map((c) => h('li', {}, h('a', {
          href: `#/factures/${encodeURIComponent(c.id)}`, text: `${c.number} — ${formatMoney(c.gross)}`,
        })))),
      ]) : null,
      inv.number ? exchangePanel(inv) : null,
      payment.dialog,
      sale.dialog,
      credit.dialog,
    ].filter(Boolean));
  }

  load();
  return () => sale.dispose();
}

/** Whether a payment can be taken on `inv` now: an invoice with a balance left. */
function payable(inv) {
  return inv.kind !== 'credit_note' && ['unpaid', 'partly_paid', 'overdue'].includes(inv.status);
}

function linesTable(inv) {
  const qty = (l) => {
    const q = formatNumber(l.quantity_milli / 1000, { maximumFractionDigits: 3 });
    return l.kind === 'labour' ? `${q}\u00a0h` : q;
  };
  return h('table', { id: 'invoice-lines', class: 'list' }, [
    h('colgroup', {}, ['description', 'qty', 'money', 'vat', 'money']
      .map((c) => h('col', { class: `col-line-${c}` }))),
    h('thead', {}, h('tr', {}, [
      h('th', { scope: 'col', text: t('sale.description') }),
      h('th', { scope: 'col', class: 'num', text: t('invoice.col_qty') }),
      h('th', { scope: 'col', class: 'num', text: t('invoice.col_unit') }),
      h('th', { scope: 'col', class: 'num', text: t('sale.vat') }),
      h('th', { scope: 'col', class: 'num', text: t('invoice.line_net') }),
    ])),
    h('tbody', {}, inv.lines.map((l) => h('tr', {}, [
      h('td', { class: 'wrap', text: l.origin ? `${l.description} — ${t(`origin.${l.origin}`)}` : l.description }),
      h('td', { class: 'num', text: qty(l) }),
      h('td', { class: 'num', text: formatMoney(l.flat ?? l.unit) }),
      h('td', { class: 'num', text: `${formatNumber(l.vat / 100)}\u00a0%` }),
      h('td', { class: 'num', text: formatMoney(l.net) }),
    ]))),
  ]);
}

function totalsBox(inv) {
  const row = (label, cents, attrs = {}) => [h('dt', { text: label }), h('dd', { ...attrs, text: formatMoney(cents) })];
  const tot = inv.totals;
  return h('dl', { id: 'invoice-totals', class: 'totals' }, [
    ...(tot.discount ? row(t('invoice.discount'), -tot.discount) : []),
    ...row(t('invoice.total_net'), tot.net, { id: 'invoice-net' }),
    ...tot.by_rate.flatMap((r) => row(t('invoice.vat_at', { rate: formatNumber(r.rate / 100) }), r.tax)),
    ...row(t('invoice.total_gross'), tot.gross, { id: 'invoice-gross' }),
    ...(inv.deposits ? row(t('invoice.deposits'), -inv.deposits) : []),
    ...(inv.credited ? row(t('invoice.credited_amount'), -inv.credited) : []),
    ...(inv.number && inv.kind === 'invoice' ? row(t('invoice.balance'), inv.balance, { id: 'invoice-balance' }) : []),
  ]);
}

function paymentsPanel(inv, shown) {
  const error = h('p', { class: 'form-error', role: 'alert' });
  const rows = inv.payments.map((p) => {
    const reverse = !p.reverses_id && !p.reversed
      ? h('button', { type: 'button', class: 'link', 'data-reverse': p.id, text: t('payment.reverse') })
      : null;
    reverse?.addEventListener('click', async () => {
      const ok = await confirmAction({
        title: t('payment.reverse'), paragraphs: [t('payment.reverse_confirm', { amount: formatMoney(p.amount) })],
        confirmLabel: t('payment.reverse'), danger: true,
      });
      if (!ok) return;
      try {
        await api.reversePayment(p.id, null);
        shown(await api.invoicePage(inv.id));
      } catch (e) {
        error.textContent = e.message;
      }
    });
    return h('tr', { 'data-payment': p.id }, [
      h('td', { text: formatDay(p.paid_on) }),
      h('td', { text: p.reverses_id ? t('payment.reversal') : t(`payment.method_${p.method}`) }),
      h('td', { text: p.reference ?? '' }),
      h('td', { class: 'num', text: formatMoney(p.amount) }),
      h('td', { text: p.change ? t('payment.change_given', { amount: formatMoney(p.change) }) : '' }),
      h('td', {}, reverse),
    ]);
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'payments-title' }, [
    h('h2', { id: 'payments-title', text: t('invoice.payments') }),
    error,
    rows.length
      ? h('table', { id: 'invoice-payments', class: 'list' }, h('tbody', {}, rows))
      : h('p', { class: 'muted', text: t('invoice.no_payment') }),
  ]);
}

/** Records a payment; says the change to give back in cash. */
function paymentDialog(current, shown) {
  const method = h('select', {}, METHODS.map((m) => h('option', { value: m, text: t(`payment.method_${m}`) })));
  const amount = h('input', { type: 'text', inputmode: 'decimal' });
  const paidOn = dateInput();
  const reference = h('input', { type: 'text' });
  const formError = h('p', { id: 'payment-error', class: 'form-error', role: 'alert' });
  const save = h('button', { type: 'submit', id: 'payment-save', class: 'primary', text: t('payment.save') });
  const cancel = h('button', { type: 'button', id: 'payment-cancel', text: t('confirm.cancel') });
  const form = h('form', { id: 'payment-form', class: 'dialog-frame', novalidate: true }, [
    h('h2', { id: 'payment-title', text: t('invoice.record_payment') }),
    formError,
    h('div', { class: 'dialog-body' }, [
      field('payment', 'method', method, t('payment.method')),
      field('payment', 'amount', amount, t('payment.amount'), { hint: t('payment.amount_hint') }),
      field('payment', 'paid_on', paidOn, t('payment.paid_on')),
      field('payment', 'reference', reference, t('payment.reference')),
    ]),
    h('div', { class: 'dialog-actions' }, [cancel, save]),
  ]);
  const dialog = h('dialog', { id: 'payment-dialog', class: 'small', 'aria-labelledby': 'payment-title' }, form);
  const errors = errorDisplay(form, formError);
  cancel.addEventListener('click', () => dialog.close());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    save.disabled = true;
    try {
      const receipt = await api.recordPayment(current().id, {
        method: method.value, amount: amount.value, paid_on: paidOn.value || null, reference: reference.value,
      });
      dialog.close();
      showToast(receipt.payment.change
        ? t('payment.done_change', { change: formatMoney(receipt.payment.change) })
        : t('payment.done'), { long: Boolean(receipt.payment.change) });
      shown(receipt.invoice);
    } catch (error) {
      errors.show(error);
    } finally {
      save.disabled = false;
    }
  });
  return {
    dialog,
    /** Opens with `cents` to take, or the balance. */
    open(cents = null) {
      errors.clear();
      const balance = current().balance;
      amount.value = ((cents ?? balance) / 100).toFixed(2).replace('.', ',');
      paidOn.value = '';
      reference.value = '';
      dialog.showModal();
      amount.select();
    },
  };
}

/** Issues a credit note: the whole of what remains, or one amount. */
function creditDialog(current, done) {
  const reason = h('input', { type: 'text' });
  const amount = h('input', { type: 'text', inputmode: 'decimal' });
  const formError = h('p', { id: 'credit-error', class: 'form-error', role: 'alert' });
  const save = h('button', { type: 'submit', id: 'credit-save', class: 'primary', text: t('credit.save') });
  const cancel = h('button', { type: 'button', id: 'credit-cancel', text: t('confirm.cancel') });
  const form = h('form', { id: 'credit-form', class: 'dialog-frame', novalidate: true }, [
    h('h2', { id: 'credit-title', text: t('invoice.credit_note') }),
    formError,
    h('div', { class: 'dialog-body' }, [
      h('p', { text: t('credit.explain') }),
      field('credit', 'reason', reason, t('credit.reason')),
      field('credit', 'lines', amount, t('credit.amount'), { hint: t('credit.amount_hint') }),
    ]),
    h('div', { class: 'dialog-actions' }, [cancel, save]),
  ]);
  const dialog = h('dialog', { id: 'credit-dialog', class: 'small', 'aria-labelledby': 'credit-title' }, form);
  const errors = errorDisplay(form, formError);
  cancel.addEventListener('click', () => dialog.close());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    save.disabled = true;
    try {
      const lines = amount.value.trim()
        ? [{ kind: 'fee', description: reason.value || t('credit.line'), quantity: '1', unit_price: amount.value }]
        : [];
      const note = await api.issueCreditNote({ invoice_id: current().id, reason: reason.value, lines });
      dialog.close();
      done(note);
    } catch (error) {
      errors.show(error);
    } finally {
      save.disabled = false;
    }
  });
  return {
    dialog,
    open() {
      errors.clear();
      reason.value = '';
      amount.value = '';
      dialog.showModal();
      reason.focus();
    },
  };
}
