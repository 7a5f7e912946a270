// Accueil: the day at a glance. One core call answers every panel the
// person's roles see; a panel core leaves out (null) is not shown at all.

import * as api from '../api.js';
import { t, formatMoney, formatDay, formatDateTime } from '../i18n/index.js';
import { h } from '../dom.js';
import { screen } from '../screen.js';
import { barChart } from '../chart.js';

export const { render, dispose } = screen((container, params, life) => {
  const error = h('p', { id: 'home-error', class: 'form-error', role: 'alert' });
  const title = h('h1', { id: 'screen-title', text: t('home.title') });
  const day = h('p', { id: 'home-day', class: 'muted' });
  const panels = h('div', { id: 'home-panels', class: 'home-panels' });
  container.append(h('section', { class: 'screen home', 'aria-labelledby': 'screen-title' }, [
    h('div', { class: 'screen-header' }, [title]), day, error, panels,
  ]));
  api.dashboard().then((d) => {
    if (life.disposed) return;
    day.textContent = formatDay(d.today);
    panels.replaceChildren(...[
      d.owner && ownerPanel(d.owner),
      d.front_desk?.appointments_today && appointmentsPanel(d.front_desk.appointments_today),
      d.front_desk && deskPanel(d.front_desk),
      d.mechanic && mechanicPanel(d.mechanic),
    ].filter(Boolean));
  }).catch((e) => { if (!life.disposed) error.textContent = e.message; });
});

function panel(id, title, children) {
  return h('section', { class: 'panel home-panel', id, 'aria-labelledby': `${id}-title` }, [
    h('h2', { id: `${id}-title`, text: title }), ...children,
  ]);
}

/** A big figure with its label, linking where the detail is. */
function tile(id, label, value, href, alert = false) {
  return h('a', { id, href, class: `tile${alert ? ' alert' : ''}` }, [
    h('span', { class: 'tile-value', text: value }), h('span', { class: 'tile-label', text: label }),
  ]);
}

function deskPanel(f) {
  const statuses = f.in_workshop;
  const inside = statuses.reduce((n, s) => n + s.count, 0);
  return panel('home-desk', t('home.desk'), [
    h('div', { class: 'tiles' }, [
      tile('tile-workshop', t('home.in_workshop'), String(inside), '#/ordres'),
      tile('tile-approval', t('home.awaiting_approval'), String(f.awaiting_approval), '#/ordres'),
      tile('tile-parts', t('home.waiting_parts'), String(f.waiting_parts), '#/ordres'),
      tile('tile-unpaid', t('home.unpaid', { count: f.unpaid.count }), formatMoney(f.unpaid.total), '#/factures'),
      tile('tile-overdue', t('home.overdue', { count: f.overdue.count }), formatMoney(f.overdue.total), '#/factures', f.overdue.count > 0),
      tile('tile-low-stock', t('home.low_stock'), String(f.low_stock), '#/stock/reappro', f.low_stock > 0),
    ]),
    h('div', { class: 'chart-and-table' }, [
      barChart({
        title: t('home.in_workshop'), height: 180, format: (v) => String(Math.round(v)),
        labels: statuses.map((s) => t(`order.status_${s.status}`)),
        series: [{ name: t('home.in_workshop'), values: statuses.map((s) => s.count) }],
      }),
      h('table', { id: 'home-statuses', class: 'list' }, [
        h('caption', { text: t('home.in_workshop') }),
        h('tbody', {}, statuses.map((s) => h('tr', {}, [
          h('th', { scope: 'row', text: t(`order.status_${s.status}`) }), h('td', { class: 'num', text: String(s.count) }),
        ]))),
      ]),
    ]),
  ]);
}

function appointmentsPanel(list) {
  return panel('home-appointments', t('home.appointments'), [
    list.length ? h('ul', { class: 'home-list' }, list.map((a) => h('li', {}, [
      h('strong', { text: a.at }), ` ${a.customer_name}`, a.plate ? h('span', { class: 'mono', text: ` ${a.plate}` }) : null,
    ]))) : h('p', { class: 'empty', text: t('home.no_appointments') }),
  ]);
}

function mechanicPanel(m) {
  return panel('home-jobs', t('home.my_jobs'), [
    m.jobs.length ? h('ul', { class: 'home-list' }, m.jobs.map((j) => h('li', {}, h('a', { href: `#/atelier/${encodeURIComponent(j.order_id)}` }, [
      h('strong', { text: j.number }), ' ', h('span', { class: 'mono', text: j.plate ?? '' }), ` ${j.vehicle_label ?? ''}`,
      h('span', { class: 'muted', text: ` — ${t(`order.status_${j.status}`)}` }),
    ])))) : h('p', { class: 'empty', text: t('home.no_jobs') }),
  ]);
}

function ownerPanel(o) {
  const showStations = o.sites.some((s) => s.stations !== null);
  const rows = [...o.sites.map((s) => [s.name, s]), [t('reports.all_sites'), o.total]];
  return panel('home-owner', t('home.owner'), [
    h('div', { class: 'chart-and-table' }, [
      barChart({
        title: t('home.month_by_site'), height: 180, format: (c) => formatMoney(c).replace(/[,.]00(?=\D*$)/, ''),
        labels: o.sites.map((s) => s.name),
        series: [
          { name: t('home.today_net'), values: o.sites.map((s) => s.today_net) },
          { name: t('home.month_net'), values: o.sites.map((s) => s.month_net) },
        ],
      }),
      h('table', { id: 'home-sites', class: 'list' }, [
        h('caption', { text: t('home.owner') }),
        h('thead', {}, h('tr', {}, [
          h('th', { scope: 'col', text: t('reports.site') }),
          h('th', { scope: 'col', class: 'num', text: t('home.today_net') }),
          h('th', { scope: 'col', class: 'num', text: t('home.month_net') }),
          h('th', { scope: 'col', class: 'num', text: t('home.month_gross') }),
          showStations ? h('th', { scope: 'col', text: t('home.last_sync') }) : null,
        ])),
        h('tbody', {}, rows.map(([name, s], i) => h('tr', { class: i === rows.length - 1 ? 'total' : null }, [
          h('th', { scope: 'row', text: name }),
          h('td', { class: 'num', text: formatMoney(s.today_net) }),
          h('td', { class: 'num', text: formatMoney(s.month_net) }),
          h('td', { class: 'num', text: formatMoney(s.month_gross) }),
          showStations ? h('td', {
            text: (s.stations ?? []).map((st) => `${st.station} ${st.last_sync_ms ? formatDateTime(new Date(st.last_sync_ms).toISOString()) : t('sync.never')}`).join(', '),
          }) : null,
        ]))),
      ]),
    ]),
    h('p', {}, h('a', { href: '#/rapports', id: 'home-open-reports', text: t('home.open_reports') })),
  ]);
}
