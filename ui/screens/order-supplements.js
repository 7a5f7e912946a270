// The order page's supplements: work found once the repair started, each
// with its own lines and totals, approved by the customer's signature or
// declined with a reason.

import * as api from '../api.js';
import { t, formatMoney, formatDay } from '../i18n/index.js';
import { h } from '../dom.js';
import { showToast } from '../toast.js';
import { askText } from '../confirm.js';
import { totalsTable, panel } from './order-text.js';

/**
 * The `#order-supplements` panel, hidden while the order has none. `view`
 * is what the page's sections share (order.js); `lines` is the lines
 * section, whose table and line dialog the supplements use. Core says which
 * supplements are still open and which of their lines may change.
 */
export function supplementsSection(view, lines) {
  const { act, dialogs } = view;
  const supplements = h('div', { id: 'order-supplements', class: 'stack' });
  const element = panel('order-supplements', 'order.supplements', [supplements], { hidden: true });

  function show(page) {
    supplements.replaceChildren(...page.supplements.map((s) => {
      const own = page.lines.filter((l) => l.supplement_id === s.id);
      const add = h('button', { type: 'button', class: 'link', text: t('order.supplement_add_line') });
      add.addEventListener('click', () => lines.addLine(s.id));
      const approve = h('button', { type: 'button', class: 'primary', text: t('order.supplement_approve') });
      approve.addEventListener('click', () => approveSupplement(s));
      const decline = h('button', { type: 'button', text: t('order.supplement_decline') });
      decline.addEventListener('click', () => declineSupplement(decline, s));
      return h('section', { class: `supplement supplement-${s.status}`, 'data-id': s.id }, [
        h('h3', {}, [
          t('order.supplement_heading', { number: s.number, title: s.title ?? '' }), ' ',
          h('span', { class: `status status-supplement-${s.status}`, text: t(`order.supplement_${s.status}`) }),
        ]),
        own.length ? lines.linesTable(`supplement-${s.number}-lines`, own.map((l) => lines.lineRow(l, page.editable_lines.includes(l.id))), s.title ?? '')
          : h('p', { class: 'muted', text: t('order.no_lines') }),
        own.length ? totalsTable(s.totals, `supplement-${s.number}-totals`) : null,
        s.decline_reason ? h('p', { class: 'muted', text: t('order.supplement_declined_because', { reason: s.decline_reason }) }) : null,
        s.approval ? h('p', { class: 'muted', text: t('order.approved_by', { name: s.approval.signer_name, date: formatDay(s.approval.accepted_on) }) }) : null,
        s.open ? h('div', { class: 'page-actions' }, [add, own.length ? approve : null, decline]) : null,
      ]);
    }));
    element.hidden = page.supplements.length === 0;
  }

  async function approveSupplement(s) {
    const { page } = view.state;
    const saved = await dialogs.signature.ask({
      title: t('signature.supplement_title', { number: s.number }),
      intro: t('signature.supplement_intro', { amount: formatMoney(s.totals.gross) }),
      circular: page.lines.some((l) => l.supplement_id === s.id && ['exchange', 'recycled'].includes(l.origin)),
      signerName: page.order.customer_name,
      save: (approval) => api.approveSupplement(s.id, approval),
    });
    if (saved) {
      showToast(t('order.supplement_approved_toast'));
      await view.load();
    }
  }

  async function declineSupplement(b, s) {
    const reason = await askText({ title: t('order.supplement_decline'), label: t('order.reason'), confirmLabel: t('order.supplement_decline') });
    if (reason !== null) await act(b, () => api.declineSupplement(s.id, reason || null), t('order.supplement_declined_toast'));
  }

  return { element, show };
}
