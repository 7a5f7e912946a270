// How an invoice's status reads on a list row and its page.

import * as api from '../api.js';
import { t, formatMoney } from '../i18n/index.js';
import { h } from '../dom.js';
import { may } from '../session.js';

/** A badge with the status core derived, and how late when overdue. */
export function statusBadge(invoice) {
  const text = invoice.status === 'overdue'
    ? t('invoice.overdue_days', { days: invoice.days_overdue })
    : t(`invoice.status_${invoice.status}`);
  return h('span', { class: `badge invoice-status status-${invoice.status}`, 'data-status': invoice.status, text });
}

/**
 * The customer page's « Solde » panel, filled once core answers; null for a
 * person who does not handle invoices.
 */
export function customerBalancePanel(customerId) {
  if (!may('invoices')) return null;
  const body = h('p', { id: 'customer-balance', class: 'muted', text: t('common.loading') });
  api.customerBalance(customerId).then((b) => {
    body.className = '';
    body.textContent = t('customer_balance.line', {
      balance: formatMoney(b.balance), overdue: formatMoney(b.overdue), count: b.unpaid.length,
    });
  }, (error) => { body.textContent = error.message; });
  return h('section', { class: 'panel', 'aria-labelledby': 'customer-balance-title' }, [
    h('h2', { id: 'customer-balance-title', text: t('customer_balance.title') }),
    body,
    h('a', { href: '#/factures', text: t('customer_balance.all_invoices') }),
  ]);
}
