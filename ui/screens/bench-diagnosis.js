// The diagnosis at the bench, on the job card: read the car's codes through
// the station's adapter (or type them), see what each means, follow the
// guided diagnosis a code offers to a likely cause, record checks and
// findings, conclude, print the paper. Core decides every step; this panel
// shows what it answered.

import * as api from '../api.js';
import { t, getLocale, formatDateTime } from '../i18n/index.js';
import { h } from '../dom.js';
import { showToast } from '../toast.js';
import { confirmAction } from '../confirm.js';
import { milli } from './order-text.js';

/** A tree's text in the app's language (the French when it has no English). */
export function said(text) {
  return getLocale() === 'en' && text?.en ? text.en : (text?.fr ?? '');
}

/** The panel for order `order`: `{element, load(), atWork(bool)}`. */
export function diagnosisPanel(order, { onError }) {
  const state = { session: null, working: true, busy: false, jobs: null, trees: null };
  const start = h('button', { id: 'diagnosis-start', type: 'button', class: 'big', text: t('diagnosis.start') });
  const body = h('div', { id: 'diagnosis-body', class: 'stack' });
  const element = h('section', { id: 'diagnosis', class: 'panel', 'aria-labelledby': 'diagnosis-title' }, [
    h('h2', { id: 'diagnosis-title', text: t('diagnosis.title') }),
    start, body,
  ]);

  async function act(button, work, toast = null) {
    if (state.busy) return;
    state.busy = true;
    if (button) button.disabled = true;
    onError('');
    try {
      const answer = await work();
      if (toast) showToast(typeof toast === 'function' ? toast(answer) : toast);
      await load();
    } catch (error) {
      onError(error.message);
    } finally {
      state.busy = false;
      if (button?.isConnected) button.disabled = false;
    }
  }

  async function load() {
    try {
      state.session = await api.diagnosisOf(order);
      if (state.session && !state.trees) state.trees = await api.diagnosisTrees();
      show();
    } catch (error) {
      onError(error.message);
    }
  }

  function show() {
    const s = state.session;
    start.hidden = Boolean(s && s.status === 'open') || !state.working;
    element.hidden = !s && !state.working;
    if (!s) {
      body.replaceChildren();
      return;
    }
    const open = s.status === 'open' && state.working;
    // The DOM's own replaceChildren would write a missing part as « null ».
    body.replaceChildren(...[
      h('p', { id: 'diagnosis-status', class: 'muted', text: s.status === 'open'
        ? t('diagnosis.started_by', { name: s.started_by, at: formatDateTime(s.created_at) })
        : t('diagnosis.closed') }),
      s.symptom ? h('p', { class: 'big-text', text: s.symptom }) : null,
      readingsPart(s, open),
      guidePart(s, open),
      checksPart(s, open),
      findingsPart(s, open),
      conclusionPart(s, open),
    ].filter(Boolean));
  }

  // --- the car's codes ---------------------------------------------------------

  function readingsPart(s, open) {
    const read = h('button', { id: 'diagnosis-read', type: 'button', class: 'big primary', text: t('diagnosis.read') });
    const clear = h('button', { id: 'diagnosis-clear', type: 'button', class: 'big', text: t('diagnosis.clear') });
    const typed = h('input', { id: 'diagnosis-typed', type: 'text', spellcheck: 'false', placeholder: 'P0301 P0420', 'aria-label': t('diagnosis.type_label') });
    const add = h('button', { id: 'diagnosis-type', type: 'submit', class: 'big', text: t('diagnosis.type') });
    const form = h('form', { class: 'bench-form inline', novalidate: true, autocomplete: 'off' }, [typed, add]);
    read.addEventListener('click', () => act(read, () => api.readCar(s.id), vinToast));
    clear.addEventListener('click', async () => {
      const ok = await confirmAction({
        title: t('diagnosis.clear_title'),
        paragraphs: [t('diagnosis.clear_warning')],
        confirmLabel: t('diagnosis.clear'), danger: true,
      });
      if (ok) act(clear, () => api.clearCarCodes(s.id), t('diagnosis.cleared'));
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const codes = typed.value.split(/[\s,;]+/).filter(Boolean).map((code) => ({ code, state: 'stored' }));
      if (!codes.length) return;
      act(add, async () => {
        const recorded = await api.recordCodes(s.id, codes);
        typed.value = '';
        return recorded;
      }, vinToast);
    });
    const readings = s.readings.map((r) => readingItem(r));
    return h('div', { class: 'diagnosis-part' }, [
      h('h3', { text: t('diagnosis.codes') }),
      open ? h('div', { class: 'bench-actions' }, [read, clear]) : null,
      open ? form : null,
      readings.length
        ? h('ol', { id: 'diagnosis-readings', class: 'plain readings' }, readings)
        : h('p', { class: 'muted', text: t('diagnosis.not_read') }),
    ]);
  }

  function vinToast(recorded) {
    const vin = recorded?.vin;
    if (vin?.status === 'mismatch') {
      onError(t('diagnosis.vin_mismatch', { car: vin.car, vehicle: vin.vehicle || '—' }));
    }
    if (vin?.status === 'filled') return t('diagnosis.vin_filled', { vin: vin.car ?? recorded.reading.vin });
    const count = recorded?.reading?.codes?.length ?? 0;
    return count ? t('diagnosis.codes_read', { count }) : t('diagnosis.no_codes');
  }

  function readingItem(r) {
    const when = `${formatDateTime(r.at)} · ${r.by}`;
    if (r.kind === 'cleared') {
      return h('li', { class: 'reading cleared', 'data-kind': 'cleared' }, [
        h('span', { class: 'muted', text: `${t('diagnosis.cleared_on')} · ${when}` }),
      ]);
    }
    const details = r.details ?? {};
    const facts = [
      r.kind === 'read' ? t('diagnosis.from_car') : t('diagnosis.typed'),
      r.mil === true ? t('diagnosis.mil_on') : null,
      r.mil === false ? t('diagnosis.mil_off') : null,
      details.battery_volts ? t('diagnosis.battery', { volts: String(details.battery_volts).replace('.', getLocale() === 'fr' ? ',' : '.') }) : null,
      details.protocol?.name ?? null,
    ].filter(Boolean);
    const monitors = details.status?.monitors ?? [];
    const unready = monitors.filter((m) => m.complete === false).length;
    return h('li', { class: 'reading', 'data-kind': r.kind }, [
      h('p', { class: 'muted', text: `${when} · ${facts.join(' · ')}` }),
      r.codes.length
        ? h('ul', { class: 'plain codes' }, r.codes.map((c) => h('li', { class: 'code', 'data-code': c.code, 'data-state': c.state }, [
          h('span', { class: 'mono code-name', text: c.code }),
          h('span', { class: `badge small code-${c.state}`, text: t(`diagnosis.state_${c.state}`) }),
          h('span', { class: 'code-title', text: c.title ?? t('diagnosis.unknown_code') }),
          c.english ? h('span', { class: 'muted code-english', lang: 'en', text: c.english }) : null,
        ])))
        : h('p', { class: 'code-none', text: t('diagnosis.none_stored') }),
      monitors.length ? h('p', { class: 'muted', text: t('diagnosis.monitors', { ready: monitors.length - unready, total: monitors.length }) }) : null,
      ...(details.warnings ?? []).map((w) => h('p', { class: 'notice small', text: w })),
    ]);
  }

  // --- the guided diagnosis --------------------------------------------------------

  function guidePart(s, open) {
    const part = h('div', { id: 'diagnosis-guide', class: 'diagnosis-part' }, [h('h3', { text: t('diagnosis.guide') })]);
    if (!s.guide) {
      if (!open) return null;
      const offers = s.suggested.map((sug) => {
        const b = h('button', { type: 'button', class: 'big tree-offer', 'data-tree': sug.tree_id, text: t('diagnosis.tree_from_codes', { name: said(sug.name), codes: sug.codes.join(', ') }) });
        b.addEventListener('click', () => act(b, () => api.chooseDiagnosisTree(s.id, sug.tree_id, sug.start)));
        return b;
      });
      const select = h('select', { id: 'diagnosis-tree', 'aria-label': t('diagnosis.tree_choose') }, [
        h('option', { value: '', text: t('diagnosis.tree_choose') }),
        ...(state.trees ?? []).filter((tree) => !tree.archived).map((tree) => h('option', { value: tree.id, text: said(tree.name) })),
      ]);
      select.addEventListener('change', () => {
        if (select.value) act(select, () => api.chooseDiagnosisTree(s.id, select.value));
      });
      part.append(...offers, select);
      return part;
    }
    const walk = s.guide.walk;
    part.append(h('p', { class: 'tree-name', text: said(s.guide.name) }));
    part.append(h('ol', { id: 'diagnosis-path', class: 'plain path' }, walk.path.map((a) => h('li', { 'data-node': a.node }, [
      h('span', { text: said(a.question) }), ' ',
      h('strong', { text: said(a.shown) }),
    ]))));
    if (walk.at.kind === 'question') {
      part.append(questionForm(s, walk.at.node, open));
    } else {
      const outcome = walk.at.outcome;
      const retain = h('button', { id: 'diagnosis-retain', type: 'button', class: 'big primary', text: t('diagnosis.retain') });
      retain.addEventListener('click', () => act(retain, () => api.findingFromOutcome(s.id), t('diagnosis.finding_added')));
      part.append(h('div', { id: 'diagnosis-outcome', class: `outcome outcome-${outcome.priority}` }, [
        h('p', { class: 'big-text', text: t('diagnosis.likely', { cause: outcome.causes.map(said).join(' ; ') }) }),
        outcome.checks.length ? h('ul', { class: 'checks' }, outcome.checks.map((c) => h('li', { text: said(c) }))) : null,
        open ? retain : null,
      ]));
    }
    if (open) {
      const change = h('button', { id: 'diagnosis-tree-change', type: 'button', class: 'link', text: t('diagnosis.tree_change') });
      change.addEventListener('click', () => act(change, () => api.chooseDiagnosisTree(s.id, null)));
      part.append(change);
    }
    return part;
  }

  function questionForm(s, node, open) {
    const wrap = h('div', { id: 'diagnosis-question', class: 'question', 'data-node': node.id }, [
      h('p', { class: 'big-text', text: said(node.question) }),
      node.help ? h('p', { class: 'muted', text: said(node.help) }) : null,
    ]);
    if (!open) return wrap;
    if (node.kind === 'choice') {
      wrap.append(h('div', { class: 'bench-actions' }, node.choices.map((c) => {
        const b = h('button', { type: 'button', class: 'big', 'data-choice': c.id, text: said(c.label) });
        b.addEventListener('click', () => act(b, () => api.answerDiagnosis(s.id, node.id, { choice: c.id })));
        return b;
      })));
    } else {
      const value = h('input', { id: 'diagnosis-measure', type: 'text', inputmode: 'decimal', class: 'measure', 'aria-label': said(node.question) });
      const ok = h('button', { type: 'submit', class: 'big', text: t('diagnosis.answer') });
      const form = h('form', { class: 'bench-form inline', novalidate: true }, [
        h('span', { class: 'measure-wrap' }, [value, h('span', { class: 'unit', text: t(`diagnosis.unit_${node.unit}`) })]), ok,
      ]);
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        act(ok, () => api.answerDiagnosis(s.id, node.id, { value: value.value }));
      });
      wrap.append(form);
    }
    return wrap;
  }

  // --- checks, findings, conclusion ---------------------------------------------------

  function checksPart(s, open) {
    const fields = {
      description: h('input', { type: 'text', name: 'description', 'aria-label': t('diagnosis.check_what') , placeholder: t('diagnosis.check_what') }),
      result: h('input', { type: 'text', name: 'result', 'aria-label': t('diagnosis.check_result'), placeholder: t('diagnosis.check_result') }),
      value: h('input', { type: 'text', name: 'value', inputmode: 'decimal', class: 'measure', 'aria-label': t('diagnosis.check_value'), placeholder: t('diagnosis.check_value') }),
      unit: h('input', { type: 'text', name: 'unit', class: 'unit-input', 'aria-label': t('diagnosis.check_unit'), placeholder: 'V' }),
    };
    const save = h('button', { type: 'submit', class: 'big', text: t('diagnosis.check_add') });
    const form = h('form', { id: 'diagnosis-check-form', class: 'bench-form', novalidate: true, autocomplete: 'off' }, [
      h('div', { class: 'form-grid' }, Object.values(fields)), save,
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      act(save, async () => {
        const saved = await api.recordCheck(s.id, Object.fromEntries(Object.entries(fields).map(([k, input]) => [k, input.value])));
        form.reset();
        return saved;
      }, t('diagnosis.check_added'));
    });
    return h('div', { class: 'diagnosis-part' }, [
      h('h3', { text: t('diagnosis.checks') }),
      s.checks.length ? h('ul', { id: 'diagnosis-checks', class: 'plain' }, s.checks.map((c) => h('li', {}, [
        h('strong', { text: c.description }), ' ',
        h('span', { text: [c.result, c.value_milli !== null ? `${milli(c.value_milli)} ${c.unit ?? ''}`.trim() : null].filter(Boolean).join(' · ') }),
      ]))) : null,
      open ? form : null,
    ]);
  }

  function findingsPart(s, open) {
    const description = h('input', { type: 'text', name: 'description', 'aria-label': t('diagnosis.finding_what'), placeholder: t('diagnosis.finding_what') });
    const severity = h('select', { name: 'severity', 'aria-label': t('diagnosis.finding_priority') }, [
      h('option', { value: 'urgent', text: t('inspection.status_urgent') }),
      h('option', { value: 'watch', text: t('inspection.status_watch') }),
    ]);
    const job = h('select', { name: 'canned_job_id', 'aria-label': t('diagnosis.finding_job') }, [
      h('option', { value: '', text: t('diagnosis.finding_no_job') }),
      ...(state.jobs ?? []).map((j) => h('option', { value: j.id, text: j.name })),
    ]);
    const save = h('button', { type: 'submit', class: 'big', text: t('diagnosis.finding_add') });
    const form = h('form', { id: 'diagnosis-finding-form', class: 'bench-form', novalidate: true, autocomplete: 'off' }, [
      h('div', { class: 'form-grid' }, [description, severity, job]), save,
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      act(save, () => api.addFinding(s.id, {
        description: description.value, severity: severity.value, canned_job_id: job.value || null,
      }), t('diagnosis.finding_added'));
    });
    if (open && state.jobs === null) {
      api.cannedJobNames().then((jobs) => {
        state.jobs = jobs;
        job.append(...jobs.map((j) => h('option', { value: j.id, text: j.name })));
      }, () => { state.jobs = []; });
    }
    return h('div', { class: 'diagnosis-part' }, [
      h('h3', { text: t('diagnosis.findings') }),
      s.findings.length ? h('ul', { id: 'diagnosis-findings', class: 'plain' }, s.findings.map((f) => h('li', { 'data-id': f.id }, [
        h('span', { class: `dot dot-${f.severity}`, 'aria-hidden': 'true' }),
        h('span', { text: f.description }),
        h('span', { class: 'muted', text: ` · ${t(`inspection.status_${f.severity}`)}` }),
      ]))) : h('p', { class: 'muted', text: t('diagnosis.no_findings') }),
      open ? form : null,
    ]);
  }

  function conclusionPart(s, open) {
    const text = h('textarea', { id: 'diagnosis-conclusion', rows: 2, 'aria-label': t('diagnosis.conclusion') });
    text.value = s.conclusion ?? '';
    const save = h('button', { id: 'diagnosis-save', type: 'button', class: 'big', text: t('diagnosis.save') });
    const close = h('button', { id: 'diagnosis-close', type: 'button', class: 'big primary', text: t('diagnosis.close') });
    const reopen = h('button', { id: 'diagnosis-reopen', type: 'button', class: 'big', text: t('diagnosis.reopen') });
    const print = h('button', { id: 'diagnosis-print', type: 'button', class: 'big', text: t('diagnosis.print') });
    save.addEventListener('click', () => act(save, () => api.writeUpDiagnosis(s.id, { conclusion: text.value }), t('diagnosis.saved')));
    close.addEventListener('click', () => act(close, async () => {
      await api.writeUpDiagnosis(s.id, { conclusion: text.value });
      return api.closeDiagnosis(s.id);
    }, t('diagnosis.closed_toast')));
    reopen.addEventListener('click', () => act(reopen, () => api.reopenDiagnosis(s.id)));
    print.addEventListener('click', () => act(print, () => api.printDiagnosis(s.id), (printed) => t('diagnosis.printed', { path: printed.path })));
    return h('div', { class: 'diagnosis-part' }, [
      h('h3', { text: t('diagnosis.conclusion') }),
      open ? text : h('p', { id: 'diagnosis-conclusion-text', text: s.conclusion ?? '' }),
      h('div', { class: 'bench-actions' }, [
        open ? save : null,
        open ? close : null,
        !open && s.status === 'closed' && state.working ? reopen : null,
        print,
      ]),
    ]);
  }

  start.addEventListener('click', () => act(start, () => api.startDiagnosis(order), t('diagnosis.started')));

  return {
    element,
    load,
    /** Whether the order is at work: a diagnosis is started and changed only then. */
    atWork(value) {
      state.working = value;
      show();
    },
  };
}
