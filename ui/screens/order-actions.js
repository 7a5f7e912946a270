// The order page's actions: what can be done next in the order's life
// (accept the estimate with the customer's signature, start, wait for parts,
// finish, reopen, cancel, add a supplement, invoice), edit its header, and
// print its papers. Which are offered is core's answer on the page
// (`page.offers`); this module only gives each its button.

import * as api from '../api.js';
import { t, formatMoney } from '../i18n/index.js';
import { h } from '../dom.js';
import { showToast } from '../toast.js';
import { askText } from '../confirm.js';
import { invoiceOrderButton } from './invoice-order.js';
import { printed } from './paper.js';

/**
 * The button of a change of status to `to`, from an order in `from`, as
 * [id, label key, toast key, class]: the words are all the UI picks here.
 * A move to done or cancelled has its own button (a reason may be asked).
 */
function moveButton(from, to) {
  if (to === 'in_progress') {
    return from === 'waiting_parts'
      ? ['order-resume', 'order.resume', 'order.resumed', 'primary']
      : ['order-start', 'order.start', 'order.started', 'primary'];
  }
  if (to === 'waiting_parts') return ['order-wait', 'order.wait_parts', 'order.waiting', ''];
  return null;
}

/**
 * The buttons of `#order-actions` for `page` (an OrderPage). `view` is what
 * the page's sections share (order.js): the order's `id`, `state.page`,
 * `act(button, write, toast)`, `load()`, `showError(message)`,
 * `numberText()` and the `dialogs`.
 */
export function actionButtons(page, view) {
  const { id, act, dialogs } = view;
  const { order, offers } = page;
  const list = [];

  function button(idName, label, onClick, cls = '') {
    const b = h('button', { id: idName, type: 'button', class: cls || null, text: label });
    b.addEventListener('click', () => onClick(b));
    return b;
  }

  function move(to, toastKey) {
    return (b) => act(b, () => api.changeOrderStatus(id, to), t(toastKey));
  }

  function print(b, paper) {
    return act(b, async () => {
      printed(await api.printOrder(id, paper));
    });
  }

  async function accept() {
    const saved = await dialogs.signature.ask({
      title: t('signature.estimate_title', { number: page.order.estimate_number }),
      intro: t('signature.estimate_intro', { amount: formatMoney(page.totals.gross) }),
      circular: page.circular_parts_offered,
      signerName: page.order.customer_name,
      save: (approval) => api.acceptEstimate(id, approval),
    });
    if (saved) {
      showToast(t('order.accepted'));
      await view.load();
    }
  }

  async function finish(b) {
    const left = view.state.page.progress.total - view.state.page.progress.done;
    let reason = null;
    if (left > 0) {
      reason = await askText({
        title: t('order.done_title'), label: t('order.done_reason', { count: left }),
        confirmLabel: t('order.done'), required: true,
      });
      if (reason === null) return;
    }
    await act(b, () => api.changeOrderStatus(id, 'done', reason), t('order.finished'));
  }

  async function reopen(b) {
    const reason = await askText({ title: t('order.reopen_title'), label: t('order.reason'), confirmLabel: t('order.reopen'), required: true });
    if (reason !== null) await act(b, () => api.reopenOrder(id, reason), t('order.reopened'));
  }

  async function cancelOrder(b) {
    const reason = await askText({
      title: t('order.cancel_title', { number: view.numberText() }), label: t('order.reason'),
      confirmLabel: t('order.cancel_order'), danger: true,
    });
    if (reason !== null) await act(b, () => api.changeOrderStatus(id, 'cancelled', reason || null), t('order.cancelled'));
  }

  async function addSupplement(b) {
    const title = await askText({ title: t('order.add_supplement'), label: t('order.supplement_title'), confirmLabel: t('order.add_supplement') });
    if (title !== null) await act(b, () => api.addSupplement(id, title || null), t('order.supplement_added'));
  }

  if (offers.sign) list.push(button('order-accept', t('order.accept'), () => accept(), 'primary'));
  if (offers.papers.includes('estimate')) {
    list.push(button('print-estimate', t('order.print_estimate'), (b) => print(b, 'estimate')));
  }
  for (const to of offers.moves) {
    const shape = moveButton(order.status, to);
    if (shape) {
      const [idName, labelKey, toastKey, cls] = shape;
      list.push(button(idName, t(labelKey), move(to, toastKey), cls));
    }
  }
  if (offers.finish) list.push(button('order-done', t('order.done'), (b) => finish(b)));
  if (offers.at_work) {
    list.push(button('order-add-supplement', t('order.add_supplement'), (b) => addSupplement(b)));
  }
  const invoice = invoiceOrderButton(order.id, offers.invoice, { onError: (error) => view.showError(error.message) });
  if (invoice) list.push(invoice);
  if (offers.reopen) list.push(button('order-reopen', t('order.reopen'), (b) => reopen(b)));
  if (offers.papers.includes('repair_order')) {
    list.push(button('print-order', t('order.print_order'), (b) => print(b, 'repair_order')));
  }
  if (page.inspection) list.push(button('print-inspection', t('order.print_inspection'), (b) => print(b, 'inspection')));
  if (offers.open) list.push(button('order-edit', t('order.edit'), () => dialogs.header.edit(order)));
  if (offers.moves.includes('cancelled')) {
    list.push(button('order-cancel-order', t('order.cancel_order'), (b) => cancelOrder(b), 'danger-link'));
  }
  return list;
}
