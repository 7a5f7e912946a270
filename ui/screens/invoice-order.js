// For the order page: the button that invoices a done repair order (or opens
// its invoice once it has one). Core decides whether the order is offered an
// invoice (`offers.invoice` on its page) and whether it may be invoiced; a
// refusal is shown as its message.

import * as api from '../api.js';
import { t } from '../i18n/index.js';
import { h } from '../dom.js';

/**
 * A button `#order-invoice` for the order `orderId` and what core offers for
 * its invoice (`offer`): "draft" makes (or reopens) the invoice draft and
 * goes to `#/factures/<id>`; "open" opens its invoice. `onError(error)` shows
 * a refusal. Returns null when no invoice is offered.
 */
export function invoiceOrderButton(orderId, offer, { onError = () => {} } = {}) {
  if (offer !== 'draft' && offer !== 'open') return null;
  const draft = offer === 'draft';
  const button = h('button', {
    id: 'order-invoice', type: 'button', class: draft ? 'primary' : '',
    text: t(draft ? 'invoice.from_order' : 'invoice.open_invoice'),
  });
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const id = draft
        ? (await api.draftInvoiceFromOrder(orderId)).id
        : await api.invoiceOfOrder(orderId);
      if (id) location.hash = `#/factures/${encodeURIComponent(id)}`;
    } catch (error) {
      onError(error);
    } finally {
      button.disabled = false;
    }
  });
  return button;
}
