// The order page's findings: what the inspection and the diagnosis recorded
// at the bench, and the vehicle's recommended work, from which a new
// estimate is made or which is dismissed.

import * as api from '../api.js';
import { t, formatDay, getLocale } from '../i18n/index.js';
import { h } from '../dom.js';
import { panel } from './order-text.js';

/** The `#order-inspection` panel, hidden while the order has no inspection; `show(page)`. */
export function inspectionSection() {
  const inspection = h('ul', { id: 'order-inspection', class: 'plain points' });
  const element = panel('order-inspection', 'order.inspection', [inspection], { hidden: true });

  function show(page) {
    const points = page.inspection?.points.filter((p) => p.status) ?? [];
    element.hidden = !page.inspection;
    inspection.replaceChildren(...points.map((p) => h('li', { class: `point point-${p.status}` }, [
      h('span', { class: `dot dot-${p.status}`, 'aria-hidden': 'true' }),
      h('strong', { text: p.label }), ' ',
      h('span', { class: 'muted', text: [t(`inspection.status_${p.status}`), p.comment].filter(Boolean).join(' · ') }),
    ])));
  }

  return { element, show };
}

/**
 * The `#order-recommendations` panel, hidden while the vehicle has none;
 * `show(page)`. `view` is what the page's sections share (order.js).
 */
export function recommendationsSection(view) {
  const { act } = view;
  const recommendations = h('ul', { id: 'order-recommendations', class: 'plain' });
  const recommendEstimate = h('button', { id: 'recommendations-estimate', type: 'button', text: t('order.recommendations_estimate') });
  const recommendDismiss = h('button', { id: 'recommendations-dismiss', type: 'button', class: 'link', text: t('order.recommendations_dismiss') });
  const element = panel('order-recommendations', 'order.recommendations', [
    h('p', { class: 'hint', text: t('order.recommendations_hint') }),
    recommendations,
    h('div', { class: 'page-actions' }, [recommendEstimate, recommendDismiss]),
  ], { hidden: true });

  function show(page) {
    const recs = page.recommendations;
    element.hidden = recs.length === 0;
    recommendations.replaceChildren(...recs.map((r) => h('li', { 'data-id': r.id }, [
      h('label', { class: 'check' }, [
        h('input', { type: 'checkbox', value: r.id }),
        h('span', { class: `dot dot-${r.severity === 'urgent' ? 'urgent' : 'watch'}`, 'aria-hidden': 'true' }),
        h('span', { text: r.description }),
      ]),
      h('span', { class: 'muted', text: formatDay(r.created_at?.slice(0, 10)) }),
    ])));
  }

  function chosen() {
    return [...recommendations.querySelectorAll('input:checked')].map((box) => box.value);
  }

  recommendEstimate.addEventListener('click', () => {
    const ids = chosen();
    if (!ids.length) {
      view.showError(t('order.recommendations_pick'));
      return;
    }
    act(recommendEstimate, async () => {
      const created = await api.estimateFromRecommendations(view.state.page.order.vehicle_id, ids);
      location.hash = `#/ordres/${encodeURIComponent(created.id)}`;
    }, null);
  });
  recommendDismiss.addEventListener('click', async () => {
    const ids = chosen();
    if (!ids.length) {
      view.showError(t('order.recommendations_pick'));
      return;
    }
    await act(recommendDismiss, async () => {
      for (const rec of ids) await api.dismissRecommendation(rec);
      return ids;
    }, t('order.recommendations_dismissed'));
  });

  return { element, show };
}

/**
 * The `#order-diagnosis` panel: what the bench's diagnosis found (the codes
 * read with their meaning, the likely cause, the conclusion), and its paper
 * to print for the customer; hidden while the order has none. `show(page)`.
 */
export function diagnosisSection(view) {
  const codes = h('ul', { id: 'order-diagnosis-codes', class: 'plain' });
  const summary = h('p', { id: 'order-diagnosis-summary' });
  const print = h('button', { id: 'order-diagnosis-print', type: 'button', text: t('diagnosis.print') });
  const element = panel('order-diagnosis', 'diagnosis.title', [codes, summary, h('div', { class: 'page-actions' }, [print])], { hidden: true });
  let session = null;

  async function show(page) {
    try {
      session = await api.diagnosisOf(page.order.id);
    } catch (error) {
      view.showError(error.message);
      return;
    }
    element.hidden = !session;
    if (!session) return;
    const seen = new Map();
    for (const r of session.readings) {
      if (r.kind === 'cleared') continue;
      for (const c of r.codes) seen.set(c.code, c);
    }
    codes.replaceChildren(...[...seen.values()].map((c) => h('li', { 'data-code': c.code }, [
      h('strong', { class: 'mono', text: c.code }), ' ',
      h('span', { text: c.title ?? t('diagnosis.unknown_code') }),
      h('span', { class: 'muted', text: ` · ${t(`diagnosis.state_${c.state}`)}` }),
    ])));
    const outcome = session.guide?.walk.at.kind === 'outcome' ? session.guide.walk.at.outcome : null;
    summary.textContent = [
      outcome ? t('diagnosis.likely', { cause: outcome.causes.map((c) => (getLocale() === 'en' && c.en ? c.en : c.fr)).join(' ; ') }) : null,
      session.conclusion,
    ].filter(Boolean).join(' — ');
  }

  print.addEventListener('click', () => {
    if (session) view.act(print, () => api.printDiagnosis(session.id), (printed) => t('diagnosis.printed', { path: printed.path }));
  });

  return { element, show };
}
