// Rapports (owner): a period and a site, then revenue as bars (HT by period,
// and stacked labour / parts / other) with a line for cars, productivity,
// parts, receivables by age and VAT per rate. Every chart has its table and
// every table a CSV export; all figures come from core.

import * as api from '../api.js';
import { t, plural, dateTimeFormat, formatMoney, formatNumber, formatDay } from '../i18n/index.js';
import { h } from '../dom.js';
import { screen } from '../screen.js';
import { barChart, lineChart } from '../chart.js';
import { dateInput } from '../date-input.js';

const PRESETS = ['today', 'this_week', 'this_month', 'last_month', 'this_year', 'custom'];

export const { render, dispose } = screen((container, params, life) => reportsScreen(container, life));

const hours = (milli) => formatNumber(milli / 1000, { maximumFractionDigits: 2 });
const percent = (bp) => (bp === null || bp === undefined ? '—' : `${formatNumber(bp / 100, { maximumFractionDigits: 1 })} %`);
const moneyTick = (cents) => formatMoney(cents).replace(/[,.]00(?=\D*$)/, '');

/** A bucket key as people read it: a day, a week's Monday, a month. */
function bucketLabel(key, grain) {
  if (grain === 'month') {
    const [y, m] = key.split('-').map(Number);
    return dateTimeFormat({ month: 'short', year: '2-digit' }).format(new Date(y, m - 1, 1));
  }
  return formatDay(key).slice(0, 5);
}

/**
 * A report's table. A caption that would repeat its section's heading is
 * kept for screen readers only (`captionShown: false`).
 */
function table(id, caption, columns, rows, totalRow = null, { captionShown = true } = {}) {
  return h('div', { class: 'table-wrap' }, h('table', { id, class: 'list report-table' }, [
    h('caption', { class: captionShown ? null : 'visually-hidden', text: caption }),
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null, text: c.label })))),
    h('tbody', {}, [
      ...rows.map((r) => h('tr', {}, r.map((cell, i) => h('td', { class: columns[i].num ? 'num' : null, text: cell })))),
      totalRow && h('tr', { class: 'total' }, totalRow.map((cell, i) => (i === 0
        ? h('th', { scope: 'row', text: cell })
        : h('td', { class: columns[i].num ? 'num' : null, text: cell })))),
    ]),
  ]));
}

function reportsScreen(container, life) {
  const preset = h('select', { id: 'report-preset' },
    PRESETS.map((p) => h('option', { value: p, text: t(`reports.preset_${p}`) })));
  preset.value = 'this_month';
  const from = dateInput({ id: 'report-from' });
  const to = dateInput({ id: 'report-to' });
  const custom = h('div', { class: 'custom-period', hidden: true }, [
    h('div', { class: 'field' }, [h('label', { for: 'report-from', text: t('reports.from') }), from]),
    h('div', { class: 'field' }, [h('label', { for: 'report-to', text: t('reports.to') }), to]),
  ]);
  const site = h('select', { id: 'report-site' }, h('option', { value: '', text: t('reports.all_sites') }));
  const error = h('p', { id: 'report-error', class: 'form-error', role: 'alert' });
  const exported = h('p', { id: 'report-exported', class: 'notice', role: 'status', hidden: true });
  const periodText = h('p', { id: 'report-period', class: 'muted' });
  const body = h('div', { id: 'report-body', class: 'report-body' });

  container.append(h('section', { class: 'screen reports', 'aria-labelledby': 'screen-title' }, [
    h('div', { class: 'screen-header' }, [h('h1', { id: 'screen-title', text: t('reports.title') })]),
    h('div', { class: 'toolbar' }, [
      h('div', { class: 'field' }, [h('label', { for: 'report-preset', text: t('reports.period') }), preset]),
      custom,
      h('div', { class: 'field' }, [h('label', { for: 'report-site', text: t('reports.site') }), site]),
    ]),
    periodText, error, exported, body,
  ]));

  api.listSites().then((sites) => {
    if (life.disposed) return;
    site.append(...sites.map((s) => h('option', { value: s.id, text: s.name })));
  }).catch(() => {});

  const query = () => ({
    preset: preset.value,
    from: preset.value === 'custom' ? from.value || null : null,
    to: preset.value === 'custom' ? to.value || null : null,
    site_id: site.value || null,
  });

  function exportButton(kind) {
    const button = h('button', { id: `export-${kind}`, type: 'button', class: 'secondary', text: t('reports.export_csv') });
    button.addEventListener('click', async () => {
      try {
        const written = await api.exportReport(kind, query());
        exported.textContent = t('reports.exported', { path: written.path });
        exported.hidden = false;
      } catch (e) {
        error.textContent = e.message;
      }
    });
    return button;
  }

  function section(kind, title, children) {
    return h('section', { class: 'panel report', id: `report-${kind}`, 'aria-labelledby': `report-${kind}-title` }, [
      h('div', { class: 'panel-header' }, [h('h2', { id: `report-${kind}-title`, text: title }), exportButton(kind)]),
      ...children,
    ]);
  }

  function revenueSection(r) {
    const grain = r.scope.grain;
    const labels = r.rows.map((row) => bucketLabel(row.period, grain));
    const money = (k) => r.rows.map((row) => row[k]);
    const facts = h('dl', { class: 'facts' }, [
      ['reports.total_net', formatMoney(r.total.net)], ['reports.total_gross', formatMoney(r.total.gross)],
      ['reports.repair_orders', String(r.repair_orders)], ['reports.average_order', formatMoney(r.average_order)],
      ['reports.cars', String(r.total.cars)],
      ['reports.parts_margin', `${formatMoney(r.parts_margin)} (${percent(r.parts_margin_bp)})`],
    ].map(([k, v]) => h('div', {}, [h('dt', { text: t(k) }), h('dd', { text: v })])));
    const charts = h('div', { class: 'charts' }, [
      h('div', { id: 'revenue-chart' }, barChart({
        title: t('reports.chart_revenue'), labels, format: moneyTick,
        series: [{ name: t('reports.net'), values: money('net') }],
      })),
      h('div', { id: 'revenue-split-chart' }, barChart({
        title: t('reports.chart_split'), labels, stacked: true, format: moneyTick,
        series: [
          { name: t('reports.labour'), values: money('labour') },
          { name: t('reports.parts'), values: money('parts') },
          { name: t('reports.other'), values: money('other') },
        ],
      })),
      h('div', { id: 'revenue-cars-chart' }, lineChart({
        title: t('reports.chart_cars'), labels, format: (v) => formatNumber(v),
        series: [{ name: t('reports.cars'), values: r.rows.map((row) => row.cars) }],
      })),
    ]);
    const busy = r.rows.filter((row) => row.gross !== 0 || row.cars !== 0);
    const quiet = r.rows.length - busy.length;
    const cols = ['period', 'net', 'tax', 'gross', 'labour', 'parts', 'other', 'cars']
      .map((c, i) => ({ label: t(`reports.col_${c}`), num: i > 0 }));
    const line = (row, label) => [label, formatMoney(row.net), formatMoney(row.tax), formatMoney(row.gross),
      formatMoney(row.labour), formatMoney(row.parts), formatMoney(row.other), String(row.cars)];
    const sites = r.by_site.length > 1 ? table('revenue-sites', t('reports.by_site'),
      [{ label: t('reports.site') }, { label: t('reports.col_net'), num: true }, { label: t('reports.col_gross'), num: true }],
      r.by_site.map((s) => [s.name, formatMoney(s.net), formatMoney(s.gross)])) : null;
    return section('revenue', t('reports.revenue'), [
      facts,
      h('div', { class: 'chart-and-table' }, [charts, h('div', {}, [
        // The chart shows every day of the period; the table lists those with
        // business, not a column of 0,00 €.
        table('revenue-table', t('reports.revenue_table'), cols,
          busy.map((row) => line(row, bucketLabel(row.period, grain))), line(r.total, t('reports.total'))),
        quiet ? h('p', { id: 'revenue-quiet', class: 'hint', text: plural(`reports.quiet_${grain}`, quiet) }) : null,
        sites,
      ])]),
    ]);
  }

  function productivitySection(p) {
    const cols = ['mechanic', 'clocked', 'billed', 'efficiency', 'jobs'].map((c, i) => ({ label: t(`reports.col_${c}`), num: i > 0 }));
    const line = (m, name) => [name, hours(m.clocked_milli), hours(m.billed_milli), percent(m.efficiency_bp), String(m.jobs_done)];
    const names = p.mechanics.map((m) => (m.user_id ? m.name : t('reports.unassigned')));
    return section('productivity', t('reports.productivity'), [h('div', { class: 'chart-and-table' }, [
      p.mechanics.length ? barChart({
        title: t('reports.chart_hours'), labels: names, format: (v) => formatNumber(v / 1000),
        series: [
          { name: t('reports.col_clocked'), values: p.mechanics.map((m) => m.clocked_milli) },
          { name: t('reports.col_billed'), values: p.mechanics.map((m) => m.billed_milli) },
        ],
      }) : h('p', { class: 'empty', text: t('reports.nothing') }),
      table('productivity-table', t('reports.productivity'), cols, p.mechanics.map((m, i) => line(m, names[i])), line(p.total, t('reports.total')), { captionShown: false }),
    ])]);
  }

  function partsSection(p) {
    const qty = (milli) => formatNumber(milli / 1000, { maximumFractionDigits: 3 });
    return section('parts', t('reports.parts_title'), [h('div', { class: 'three-tables' }, [
      table('parts-top', t('reports.top_used'), [{ label: t('reports.col_reference') }, { label: t('reports.col_description') }, { label: t('reports.col_quantity'), num: true }],
        p.top_used.map((u) => [u.reference, u.description, qty(u.used_milli)])),
      table('parts-slow', t('reports.slow_movers'), [{ label: t('reports.col_reference') }, { label: t('reports.col_description') }, { label: t('reports.col_value'), num: true }],
        p.slow_movers.map((s) => [s.reference, s.description, formatMoney(s.value)])),
      table('parts-categories', t('reports.by_category'), [{ label: t('reports.col_category') }, { label: t('reports.col_value'), num: true }],
        p.by_category.map((c) => [c.category ?? t('reports.no_category'), formatMoney(c.value)]), [t('reports.total'), formatMoney(p.stock_value)]),
    ])]);
  }

  function ageingSection(a) {
    const labels = a.buckets.map((b) => t(`ageing.${b.ageing}`));
    return section('ageing', t('reports.ageing'), [h('div', { class: 'chart-and-table' }, [
      barChart({ title: t('reports.ageing'), labels, format: moneyTick, series: [{ name: t('reports.owed'), values: a.buckets.map((b) => b.total) }] }),
      table('ageing-table', t('reports.ageing'), [{ label: t('reports.col_age') }, { label: t('reports.col_invoices'), num: true }, { label: t('reports.owed'), num: true }],
        a.buckets.map((b, i) => [labels[i], String(b.count), formatMoney(b.total)]), [t('reports.total'), String(a.invoices.length), formatMoney(a.total)]),
    ])]);
  }

  function vatSection(v) {
    const rate = (bp) => `${formatNumber(bp / 100, { maximumFractionDigits: 2 })} %`;
    return section('vat', t('reports.vat'), [
      table('vat-table', t('reports.vat'), [{ label: t('reports.col_rate') }, { label: t('reports.col_base'), num: true }, { label: t('reports.col_vat'), num: true }],
        v.rates.map((r) => [rate(r.rate), formatMoney(r.net), formatMoney(r.tax)]), [t('reports.total'), formatMoney(v.net), formatMoney(v.tax, { captionShown: false })]),
    ]);
  }

  async function load() {
    custom.hidden = preset.value !== 'custom';
    if (preset.value === 'custom' && (!from.value || !to.value)) return;
    const current = life.next();
    const q = query();
    try {
      const [revenue, productivity, parts, ageing, vat] = await Promise.all([
        api.reportRevenue(q), api.reportProductivity(q), api.reportParts(q), api.reportAgeing(q), api.reportVat(q),
      ]);
      if (!current()) return;
      error.textContent = '';
      periodText.textContent = t('reports.period_is', { from: formatDay(revenue.scope.period.from), to: formatDay(revenue.scope.period.to) });
      body.replaceChildren(revenueSection(revenue), productivitySection(productivity), partsSection(parts), ageingSection(ageing), vatSection(vat));
    } catch (e) {
      if (current()) error.textContent = e.message;
    }
  }

  for (const input of [preset, from, to, site]) input.addEventListener('change', load);
  load();
}
