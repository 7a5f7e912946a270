// An issued invoice's exchange with the approved platform (PA), on its
// page: when it was sent, the lifecycle statuses the platform returned
// (deposited, rejected, refused, paid…) with their reasons, and « Envoyer
// à la plateforme ». Core keeps the history; this block reads it.

import * as api from '../api.js';
import { t, formatDay, formatDateTime } from '../i18n/index.js';
import { h } from '../dom.js';
import { showToast } from '../toast.js';

/** The block for issued invoice `inv`, filled once the backend answers. */
export function exchangePanel(inv) {
  const body = h('div', {}, h('p', { class: 'muted', text: t('common.loading') }));
  const error = h('p', { class: 'form-error', role: 'alert' });
  const send = h('button', { type: 'button', id: 'invoice-send-platform', text: t('invoice_exchange.send') });

  function fill(x) {
    const last = x.statuses.at(-1);
    const sent = x.sendings.at(-1);
    body.replaceChildren(
      h('p', { id: 'invoice-exchange-sent', text: sent
        ? t('invoice_exchange.sent_on', { at: formatDateTime(sent.sent_at), file: sent.file_name })
        : t('invoice_exchange.not_sent') }),
      last ? h('p', { id: 'invoice-exchange-status', 'data-status': last.status }, [
        h('strong', { text: t('invoice_exchange.status', { code: last.code, label: last.label }) }),
        last.reason ? h('span', { text: ` — ${last.reason}` }) : null,
      ]) : null,
      x.statuses.length ? h('ol', { class: 'exchange-history' }, x.statuses.map((s) => h('li', {
        text: t('invoice_exchange.history_line', { on: formatDay(s.on), code: s.code, label: s.label })
          + (s.reason ? ` — ${s.reason}` : ''),
      }))) : null,
    );
    send.textContent = sent ? t('invoice_exchange.send_again') : t('invoice_exchange.send');
  }

  async function load() {
    try {
      fill(await api.invoiceExchange(inv.id));
    } catch (e) {
      error.textContent = e.message;
    }
  }

  send.addEventListener('click', async () => {
    send.disabled = true;
    error.textContent = '';
    try {
      const done = await api.sendInvoiceToPlatform(inv.id);
      showToast(t('invoice_exchange.sent_toast', { file: done.file_name }), { long: true });
      await load();
    } catch (e) {
      error.textContent = e.message;
    } finally {
      send.disabled = false;
    }
  });
  load();
  return h('section', { class: 'panel invoice-exchange', 'aria-labelledby': 'invoice-exchange-title' }, [
    h('h2', { id: 'invoice-exchange-title', text: t('invoice_exchange.title') }),
    body,
    error,
    h('div', { class: 'actions' }, send),
  ]);
}
