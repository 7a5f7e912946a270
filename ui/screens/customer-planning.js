// The customer page's planning panels: their appointments (with no-shows
// counted, and each one's history of moves and status changes) and the log
// of messages sent to them, where a failed or uncertain one can be sent
// again by a person's choice — never by the app on its own.

import * as api from '../api.js';
import { t, plural, formatDateTime } from '../i18n/index.js';
import { h } from '../dom.js';
import { may } from '../session.js';
import { showToast } from '../toast.js';

const when = (at) => formatDateTime(`${at}:00`);

/** « Rendez-vous »: newest first, no-shows counted in the title. */
export function customerAppointmentsPanel(customerId) {
  if (!may('read_customers')) return null;
  const count = h('span', { id: 'customer-no-shows', class: 'badge warn', hidden: true });
  const body = h('div', { id: 'customer-appointments' }, h('p', { class: 'muted', text: t('common.loading') }));
  api.customerAppointments(customerId).then((list) => {
    const noShows = list.filter((a) => a.status === 'no_show').length;
    count.hidden = noShows === 0;
    count.textContent = plural('appointments.no_shows', noShows);
    if (!list.length) {
      body.replaceChildren(h('p', { class: 'muted', text: t('appointments.empty') }));
      return;
    }
    const rows = [...list].sort((a, b) => b.start_at.localeCompare(a.start_at)).map((a) => {
      const history = h('details', { class: 'appointment-history' }, h('summary', { text: t('appointments.history') }));
      history.addEventListener('toggle', async () => {
        if (!history.open || history.dataset.loaded) return;
        history.dataset.loaded = '1';
        try {
          const events = await api.appointmentHistory(a.id);
          history.append(h('ul', { class: 'plain small' }, events.map((e) => h('li', {
            text: `${formatDateTime(new Date(e.at_ms).toISOString())} · ${t(`appointments.event_${e.kind}`)} · ${when(e.start_at)} · ${t(`planning.status_${e.status}`)}`,
          }))));
        } catch (error) { history.append(h('p', { class: 'form-error', text: error.message })); }
      });
      return h('tr', { 'data-id': a.id, 'data-status': a.status }, [
        h('td', { text: when(a.start_at) }),
        h('td', { text: [a.plate, a.vehicle_label].filter(Boolean).join(' · ') }),
        h('td', { text: a.work ?? '' }),
        h('td', {}, h('span', { class: a.status === 'no_show' ? 'badge warn' : 'badge', text: t(`planning.status_${a.status}`) })),
        h('td', {}, a.order_id ? h('a', { href: `#/ordres/${encodeURIComponent(a.order_id)}`, text: t('planning.open_order') }) : ''),
        h('td', {}, history),
      ]);
    });
    body.replaceChildren(h('table', { class: 'list wrap' }, [
      h('thead', {}, h('tr', {}, [t('appointments.when'), t('planning.vehicle'), t('planning.work'), t('appointments.status'), '', ''].map((c) => h('th', { text: c })))),
      h('tbody', {}, rows),
    ]));
  }, (error) => { body.replaceChildren(h('p', { class: 'form-error', text: error.message })); });
  return h('section', { class: 'panel', 'aria-labelledby': 'customer-appointments-title' }, [
    h('h2', { id: 'customer-appointments-title' }, [t('appointments.title'), ' ', count]),
    body,
    h('a', { href: '#/planning', text: t('appointments.open_planning') }),
  ]);
}

/** « Messages envoyés »: every confirmation and reminder, where it stands. */
export function customerMessagesPanel(customerId) {
  if (!may('read_customers')) return null;
  const body = h('div', { id: 'customer-messages' }, h('p', { class: 'muted', text: t('common.loading') }));
  const load = () => api.customerMessages(customerId).then((list) => {
    if (!list.length) {
      body.replaceChildren(h('p', { class: 'muted', text: t('messages.empty') }));
      return;
    }
    body.replaceChildren(h('ul', { class: 'plain message-log' }, list.map((m) => {
      const again = m.status === 'failed' || m.status === 'unknown'
        ? h('button', { type: 'button', class: 'link', 'data-action': 'resend', text: t('messages.resend') })
        : null;
      again?.addEventListener('click', async () => {
        again.disabled = true;
        try {
          await api.resendMessage(m.id);
          showToast(t('messages.requeued'));
          await load();
        } catch (error) { showToast(error.message, { long: true }); again.disabled = false; }
      });
      return h('li', { 'data-id': m.id, 'data-status': m.status }, [
        h('p', {}, [
          h('strong', { text: `${t(`messages.kind_${m.kind}`)} · ${t(`messages.channel_${m.channel}`)}` }),
          ` → ${m.recipient} · ${formatDateTime(new Date(m.sent_at_ms ?? m.queued_at_ms).toISOString())} · `,
          h('span', { class: m.status === 'sent' ? 'badge ok' : (m.status === 'queued' || m.status === 'sending' ? 'badge' : 'badge warn'), text: t(`messages.status_${m.status}`) }),
          m.status === 'unknown' ? h('span', { class: 'hint', text: ` ${t('messages.unknown_hint')}` }) : null,
          m.last_error && m.status !== 'sent' ? h('span', { class: 'muted', text: ` ${m.last_error}` }) : null,
          again ? ' ' : null, again,
        ]),
        h('details', {}, [h('summary', { text: m.subject ?? t('messages.text') }), h('pre', { class: 'message-body', text: m.body })]),
      ]);
    })));
  }, (error) => { body.replaceChildren(h('p', { class: 'form-error', text: error.message })); });
  load();
  return h('section', { class: 'panel', 'aria-labelledby': 'customer-messages-title' }, [
    h('h2', { id: 'customer-messages-title', text: t('messages.title') }),
    body,
  ]);
}
