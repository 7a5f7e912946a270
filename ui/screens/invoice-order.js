// For the order page: the button that invoices a done repair order (or opens
// its invoice once it has one). Core decides whether the order may be
// invoiced; a refusal is shown as its message.

import * as api from '../api.js';
import { t } from '../i18n/index.js';
import { h } from '../dom.js';

/**
 * A button `#order-invoice` for `order` ({id, status}): on a done order it
 * makes (or reopens) the invoice draft and goes to `#/factures/<id>`; on an
 * invoiced order it opens the invoice. `onError(error)` shows a refusal.
 * Returns null for an order at any other stage.
 */
export function invoiceOrderButton(order, { onError = () => {} } = {}) {
  if (order.status !== 'done' && order.status !== 'invoiced') return null;
  const button = h('button', {
    id: 'order-invoice', type: 'button', class: order.status === 'done' ? 'primary' : '',
    text: t(order.status === 'done' ? 'invoice.from_order' : 'invoice.open_invoice'),
  });
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const id = order.status === 'done'
        ? (await api.draftInvoiceFromOrder(order.id)).id
        : await api.invoiceOfOrder(order.id);
      if (id) location.hash = `#/factures/${encodeURIComponent(id)}`;
    } catch (error) {
      onError(error);
    } finally {
      button.disabled = false;
    }
  });
  return button;
}
