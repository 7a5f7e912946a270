// The order page's work in the workshop: the checklist (ticked at the bench
// or here, a step added or removed while the order is open), the time each
// mechanic clocked, and the bench notes.

import * as api from '../api.js';
import { t, formatDateTime } from '../i18n/index.js';
import { h } from '../dom.js';
import { may } from '../session.js';
import { durationText, panel } from './order-text.js';

/**
 * The checklist beside the clocks and the notes (`.page-grid`). `view` is
 * what the page's sections share (order.js). Returns the `element` and
 * `show(page)`: the checklist changes while core says the order is open,
 * and is ticked here by who may work at the bench.
 */
export function workSection(view) {
  const { id, act } = view;
  const progress = h('span', { id: 'order-progress', class: 'count' });
  const steps = h('ul', { id: 'order-steps', class: 'steps' });
  const noSteps = h('p', { class: 'muted', text: t('order.no_steps') });
  const stepInput = h('input', { id: 'step-label', type: 'text', autocomplete: 'off', 'aria-label': t('order.step_new') });
  const stepAdd = h('button', { id: 'step-add', type: 'submit', text: t('order.step_add') });
  const stepForm = h('form', { id: 'step-form', class: 'inline-form', novalidate: true }, [stepInput, stepAdd]);
  const clocks = h('ul', { id: 'order-clocks', class: 'plain' });
  const noClocks = h('p', { class: 'muted', text: t('order.no_clocks') });
  const notes = h('ul', { id: 'order-notes', class: 'plain notes' });
  const noNotes = h('p', { class: 'muted', text: t('order.no_notes') });

  const stepsPanel = h('section', { class: 'panel', 'aria-labelledby': 'order-steps-title' }, [
    h('h2', { id: 'order-steps-title' }, [t('order.steps'), ' ', progress]),
    steps, noSteps, stepForm,
  ]);
  const element = h('div', { class: 'page-grid even' }, [
    stepsPanel,
    h('div', { class: 'stack' }, [
      panel('order-clocks', 'order.clocks', [clocks, noClocks]),
      panel('order-notes', 'order.notes', [notes, noNotes]),
    ]),
  ]);

  function showSteps(page) {
    const { open } = page.offers;
    progress.textContent = page.progress.total ? t('order.progress', { done: page.progress.done, total: page.progress.total }) : '';
    const tick = may('work_jobs');
    steps.replaceChildren(...page.steps.map((step) => {
      const box = h('input', { type: 'checkbox', checked: Boolean(step.done_at), disabled: !open || !tick, 'data-id': step.id });
      box.addEventListener('change', () => act(box, () => (box.checked ? api.tickStep(step.id) : api.untickStep(step.id)), null));
      const remove = open && !step.line_id && !step.done_at
        ? h('button', { type: 'button', class: 'link danger-link', text: t('order.step_remove') }) : null;
      remove?.addEventListener('click', () => act(remove, () => api.removeStep(step.id), t('order.step_removed')));
      return h('li', { 'data-id': step.id, class: step.done_at ? 'done' : null }, [
        h('label', { class: 'check' }, [box, h('span', { text: step.label })]),
        step.done_at ? h('span', { class: 'muted', text: t('order.step_done_by', { name: step.done_by ?? '', at: formatDateTime(step.done_at) }) }) : null,
        remove,
      ]);
    }));
    noSteps.hidden = page.steps.length > 0;
    stepForm.hidden = !open;
  }

  function show(page) {
    showSteps(page);
    clocks.replaceChildren(...page.clocks.map((c) => h('li', {}, [
      h('strong', { text: c.user_name }), ' ',
      h('span', { text: durationText(c.clocked_ms) }), ' ',
      h('span', { class: 'muted', text: t(`bench.clock_${c.state}`) }),
    ])));
    noClocks.hidden = page.clocks.length > 0;
    notes.replaceChildren(...page.notes.map((n) => h('li', {}, [
      h('span', { class: 'muted', text: `${formatDateTime(n.created_at)} · ${n.user_name}` }),
      h('p', { text: n.body }),
    ])));
    noNotes.hidden = page.notes.length > 0;
  }

  stepForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const label = stepInput.value.trim();
    if (!label) return;
    act(stepAdd, async () => {
      const step = await api.addStep(id, label);
      stepInput.value = '';
      return step;
    }, null);
  });

  return { element, show };
}
