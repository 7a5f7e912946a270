// The order page's findings: what the inspection recorded at the bench, and
// the vehicle's recommended work, from which a new estimate is made or which
// is dismissed.

import * as api from '../api.js';
import { t, formatDay } from '../i18n/index.js';
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
