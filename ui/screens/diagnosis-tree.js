// The owner's tree editor (#/reglages/arbres/ID, …/nouveau, …/copie-ID): a
// decision tree's name, the trouble codes that start it, and its steps —
// questions with choices, measures sorted into ranges, conclusions with their
// likely causes, checks and canned job. Every text is French first with its
// English beside it. The editor only arranges the form: atelier-core checks
// the whole tree when it is saved (no loop, no dead end, ranges that follow
// each other, bounds that are numbers) and names the step at fault, which
// the editor shows.

import * as api from '../api.js';
import { t } from '../i18n/index.js';
import { h } from '../dom.js';
import { screen } from '../screen.js';
import { showToast } from '../toast.js';

const KINDS = ['choice', 'measure', 'outcome'];
const UNITS = ['volt', 'ampere', 'milliampere', 'ohm', 'bar', 'celsius', 'millimetre', 'rpm', 'percent'];
const PRIORITIES = ['watch', 'urgent'];
const NEW_STEP = '__new__';

const blankText = () => ({ fr: '', en: '' });

/** The title a step is recognised by: its question, or its first cause. */
function stepTitle(node) {
  const text = node.kind === 'outcome' ? node.causes?.[0] : node.question;
  return text?.fr?.trim() ?? '';
}

/** How a step is named in a list of steps: its key and its title, short
 * enough for the list to fit the screen. */
function stepOption(node) {
  const title = stepTitle(node);
  if (!title) return node.id;
  const short = title.length > 40 ? `${title.slice(0, 39).trimEnd()}…` : title;
  return `${node.id} — ${short}`;
}

/** A key no step of `form` has yet: etape_1, etape_2… */
function freshKey(form) {
  const taken = new Set(form.nodes.map((n) => n.id));
  let n = form.nodes.length;
  while (taken.has(`etape_${n}`)) n += 1;
  return `etape_${n}`;
}

/** A node of `kind` keeping what the node it replaces had in common. */
function convert(node, kind) {
  const question = node.question ?? node.causes?.[0] ?? blankText();
  switch (kind) {
    case 'choice':
      return {
        id: node.id, kind, question, help: node.help ?? null,
        choices: node.choices ?? [1, 2].map((n) => ({ id: `reponse_${n}`, label: blankText(), next: '' })),
      };
    case 'measure':
      return {
        id: node.id, kind, question, help: node.help ?? null, unit: node.unit ?? 'volt',
        ranges: node.ranges ?? [1, 2].map(() => ({ from: '', to: '', label: blankText(), next: '' })),
      };
    default:
      return {
        id: node.id, kind: 'outcome',
        causes: node.causes ?? [node.question ?? blankText()],
        priority: node.priority ?? 'watch',
        checks: node.checks ?? [blankText()],
        canned_job: node.canned_job ?? null,
      };
  }
}

/** Every place `form` names a step by its key: answers' and triggers' starts. */
function references(form) {
  const refs = [];
  for (const node of form.nodes) {
    for (const answer of [...(node.choices ?? []), ...(node.ranges ?? [])]) refs.push([answer, 'next']);
  }
  for (const trigger of form.triggers) refs.push([trigger, 'start']);
  return refs;
}

export const { render, dispose } = screen((container, { id }, life) => {
  const state = { form: null, jobs: [] };
  const title = h('h1', { id: 'screen-title', text: t('trees.edit_title') });
  const loadError = h('p', { id: 'tree-load-error', class: 'form-error', role: 'alert' });
  const formError = h('p', { id: 'tree-form-error', class: 'form-error', role: 'alert' });
  const names = h('div', { class: 'tree-texts' });
  const triggerList = h('ol', { id: 'tree-triggers', class: 'plain tree-rows' });
  const addTrigger = h('button', { id: 'tree-add-trigger', type: 'button', text: t('trees.add_trigger') });
  const nodeList = h('ol', { id: 'tree-nodes', class: 'plain tree-nodes' });
  const addNode = h('button', { id: 'tree-add-node', type: 'button', text: t('trees.add_step') });
  const save = h('button', { id: 'tree-save', type: 'submit', class: 'primary', text: t('trees.save') });
  const form = h('form', { id: 'tree-form', novalidate: true, autocomplete: 'off', hidden: true }, [
    h('section', { class: 'panel', 'aria-label': t('trees.tree_name') }, names),
    h('section', { class: 'panel', 'aria-labelledby': 'tree-triggers-title' }, [
      h('h2', { id: 'tree-triggers-title', text: t('trees.triggers') }),
      h('p', { class: 'hint', text: t('trees.triggers_hint') }),
      triggerList,
      addTrigger,
    ]),
    h('section', { class: 'panel tree-steps', 'aria-labelledby': 'tree-steps-title' }, [
      h('h2', { id: 'tree-steps-title', text: t('trees.steps') }),
      h('p', { class: 'hint', text: t('trees.steps_hint') }),
      nodeList,
      addNode,
    ]),
    h('div', { class: 'sticky-actions' }, [formError, save]),
  ]);
  container.append(h('section', { class: 'screen record tree-editor', 'aria-labelledby': 'screen-title' }, [
    h('a', { class: 'back', href: '#/reglages/arbres', text: t('trees.back') }),
    title,
    loadError,
    form,
  ]));

  /** Two inputs for a French and English text, written into `text` as typed. */
  function bilingual(text, label, { name, area = false, maxlength = 300 } = {}) {
    const control = (lang) => {
      const el = h(area ? 'textarea' : 'input', {
        type: area ? null : 'text', rows: area ? '2' : null, maxlength: String(maxlength), lang,
        'data-text': name ? `${name}-${lang}` : null,
        'aria-label': `${label} — ${t(`trees.lang_${lang}`)}`,
        placeholder: t(`trees.lang_${lang}`),
      });
      el.value = text[lang] ?? '';
      el.addEventListener('input', () => { text[lang] = el.value; });
      return el;
    };
    return h('div', { class: 'field bilingual' }, [
      h('span', { class: 'label', text: label }),
      h('div', { class: 'pair' }, [control('fr'), control('en')]),
    ]);
  }

  function removeButton(label, onClick) {
    const button = h('button', { type: 'button', class: 'link danger-link', text: t('trees.remove'), 'aria-label': label });
    button.addEventListener('click', onClick);
    return button;
  }

  function addButton(text, onClick) {
    const button = h('button', { type: 'button', class: 'link', text });
    button.addEventListener('click', onClick);
    return button;
  }

  /** A select of the steps an answer may lead to, and a new conclusion. */
  function nextSelect(owner, from, label) {
    const select = h('select', { 'aria-label': label, 'data-role': 'next' }, [
      h('option', { value: '', text: t('trees.next_choose') }),
      ...state.form.nodes.filter((n) => n !== from).map((n) => h('option', { value: n.id, text: stepOption(n) })),
      h('option', { value: NEW_STEP, text: t('trees.next_new') }),
    ]);
    select.value = owner.next ?? '';
    select.addEventListener('change', () => {
      if (select.value === NEW_STEP) {
        const node = convert({ id: freshKey(state.form) }, 'outcome');
        state.form.nodes.push(node);
        owner.next = node.id;
        draw();
        return;
      }
      owner.next = select.value;
    });
    return select;
  }

  function textList(items, label, addText, max, role) {
    const list = h('ol', { class: 'plain tree-rows' });
    items.forEach((text, i) => {
      list.append(h('li', {}, [
        bilingual(text, `${label} ${i + 1}`, { maxlength: max }),
        items.length > 1 ? removeButton(t('trees.remove_line', { what: `${label} ${i + 1}` }), () => {
          items.splice(i, 1);
          draw();
        }) : null,
      ]));
    });
    return h('div', { class: 'field', 'data-role': role }, [
      h('span', { class: 'label', text: label }),
      list,
      addButton(addText, () => {
        items.push(blankText());
        draw();
      }),
    ]);
  }

  function choiceBody(node) {
    const rows = node.choices.map((choice, i) => {
      const key = h('input', { type: 'text', class: 'key', spellcheck: 'false', maxlength: '40', 'aria-label': t('trees.choice_key', { n: i + 1 }) });
      key.value = choice.id;
      key.addEventListener('input', () => { choice.id = key.value; });
      return h('li', { class: 'tree-answer', 'data-choice': i + 1 }, [
        key,
        bilingual(choice.label, t('trees.choice_label', { n: i + 1 }), { name: `choice-${i + 1}`, maxlength: 120 }),
        h('label', { class: 'inline' }, [h('span', { text: t('trees.leads_to') }), nextSelect(choice, node, t('trees.choice_next', { n: i + 1 }))]),
        removeButton(t('trees.remove_line', { what: t('trees.choice_label', { n: i + 1 }) }), () => {
          node.choices.splice(i, 1);
          draw();
        }),
      ]);
    });
    return [
      bilingual(node.question, t('trees.question'), { name: 'question' }),
      helpField(node),
      h('div', { class: 'field' }, [
        h('span', { class: 'label', text: t('trees.choices') }),
        h('ol', { class: 'plain tree-rows' }, rows),
        addButton(t('trees.add_choice'), () => {
          const n = node.choices.length + 1;
          node.choices.push({ id: `reponse_${n}`, label: blankText(), next: '' });
          draw();
        }),
      ]),
    ];
  }

  function helpField(node) {
    const help = node.help ?? blankText();
    const wrap = bilingual(help, t('trees.help'), { name: 'help', area: true, maxlength: 600 });
    // An empty help is saved as none (core drops it).
    node.help = help;
    return wrap;
  }

  function measureBody(node) {
    const unit = h('select', { 'aria-label': t('trees.unit'), 'data-role': 'unit' },
      UNITS.map((u) => h('option', { value: u, text: t(`diagnosis.unit_${u}`) })));
    unit.value = node.unit;
    unit.addEventListener('change', () => {
      node.unit = unit.value;
      draw();
    });
    const symbol = t(`diagnosis.unit_${node.unit}`);
    const rows = node.ranges.map((range, i) => {
      const bound = (which) => {
        const el = h('input', {
          type: 'text', inputmode: 'decimal', class: 'bound', 'data-role': which,
          'aria-label': t(`trees.range_${which}`, { n: i + 1, unit: symbol }),
          placeholder: t(`trees.range_${which}_none`),
        });
        el.value = range[which] ?? '';
        el.addEventListener('input', () => { range[which] = el.value; });
        return el;
      };
      range.label ??= blankText();
      return h('li', { class: 'tree-answer', 'data-range': i + 1 }, [
        h('span', { class: 'range-bounds' }, [
          t('trees.range_from_word'), ' ', bound('from'), ' ', t('trees.range_to_word'), ' ', bound('to'), ` ${symbol}`,
        ]),
        bilingual(range.label, t('trees.range_label', { n: i + 1 }), { name: `range-${i + 1}`, maxlength: 120 }),
        h('label', { class: 'inline' }, [h('span', { text: t('trees.leads_to') }), nextSelect(range, node, t('trees.range_next', { n: i + 1 }))]),
        removeButton(t('trees.remove_line', { what: t('trees.range_label', { n: i + 1 }) }), () => {
          node.ranges.splice(i, 1);
          draw();
        }),
      ]);
    });
    return [
      bilingual(node.question, t('trees.measure'), { name: 'question' }),
      helpField(node),
      h('div', { class: 'field' }, [h('label', { text: t('trees.unit') }), unit]),
      h('div', { class: 'field' }, [
        h('span', { class: 'label', text: t('trees.ranges') }),
        h('p', { class: 'hint', text: t('trees.ranges_hint') }),
        h('ol', { class: 'plain tree-rows' }, rows),
        addButton(t('trees.add_range'), () => {
          const last = node.ranges[node.ranges.length - 1];
          node.ranges.push({ from: last?.to ?? '', to: '', label: blankText(), next: '' });
          draw();
        }),
      ]),
    ];
  }

  function outcomeBody(node) {
    const priority = h('select', { 'data-role': 'priority' },
      PRIORITIES.map((p) => h('option', { value: p, text: t(`trees.priority_${p}`) })));
    priority.value = node.priority;
    priority.addEventListener('change', () => { node.priority = priority.value; });
    const job = h('select', { 'data-role': 'job' }, [
      h('option', { value: '', text: t('trees.job_none') }),
      ...state.jobs.map((j) => h('option', { value: `id:${j.id}`, text: j.name })),
      node.canned_job?.named ? h('option', { value: `named:${node.canned_job.named}`, text: t('trees.job_named', { name: node.canned_job.named }) }) : null,
    ].filter(Boolean));
    job.value = node.canned_job?.id ? `id:${node.canned_job.id}` : node.canned_job?.named ? `named:${node.canned_job.named}` : '';
    job.addEventListener('change', () => {
      const [how, value] = [job.value.slice(0, job.value.indexOf(':')), job.value.slice(job.value.indexOf(':') + 1)];
      node.canned_job = job.value === '' ? null : how === 'id' ? { id: value } : { named: value };
    });
    const priorityId = `tree-priority-${node.id}`;
    const jobId = `tree-job-${node.id}`;
    priority.id = priorityId;
    job.id = jobId;
    return [
      textList(node.causes, t('trees.cause'), t('trees.add_cause'), 300, 'causes'),
      textList(node.checks, t('trees.check'), t('trees.add_check'), 300, 'checks'),
      h('div', { class: 'field-row' }, [
        h('div', { class: 'field' }, [h('label', { for: priorityId, text: t('trees.priority') }), priority]),
        h('div', { class: 'field' }, [
          h('label', { for: jobId, text: t('trees.job') }), job,
          h('p', { class: 'hint', text: t('trees.job_hint') }),
        ]),
      ]),
    ];
  }

  function nodeCard(node, index) {
    const nodes = state.form.nodes;
    const key = h('input', { type: 'text', class: 'key', spellcheck: 'false', maxlength: '40', 'aria-label': t('trees.key'), 'data-role': 'key' });
    key.value = node.id;
    key.addEventListener('change', () => {
      const old = node.id;
      const renamed = key.value.trim();
      if (renamed === old) return;
      for (const [owner, field] of references(state.form)) {
        if (owner[field] === old) owner[field] = renamed;
      }
      node.id = renamed;
      draw();
    });
    const kind = h('select', { 'aria-label': t('trees.kind'), 'data-role': 'kind' },
      KINDS.map((k) => h('option', { value: k, text: t(`trees.kind_${k}`) })));
    kind.value = node.kind;
    kind.addEventListener('change', () => {
      nodes[index] = convert(node, kind.value);
      draw();
    });
    const move = (by, text) => {
      const button = h('button', { type: 'button', class: 'link', text, disabled: index + by < 0 || index + by >= nodes.length });
      button.addEventListener('click', () => {
        nodes.splice(index, 1);
        nodes.splice(index + by, 0, node);
        draw();
      });
      return button;
    };
    const remove = removeButton(t('trees.remove_step', { key: node.id }), () => {
      nodes.splice(index, 1);
      for (const [owner, field] of references(state.form)) {
        if (owner[field] === node.id) owner[field] = field === 'start' ? null : '';
      }
      draw();
    });
    const body = node.kind === 'choice' ? choiceBody(node) : node.kind === 'measure' ? measureBody(node) : outcomeBody(node);
    return h('li', { class: `tree-node kind-${node.kind}`, 'data-node': node.id }, [
      h('div', { class: 'tree-node-head' }, [
        h('span', { class: 'badge', text: index === 0 ? t('trees.first') : `${index + 1}` }),
        key, kind,
        h('span', { class: 'spacer' }),
        move(-1, t('trees.up')), move(1, t('trees.down')), nodes.length > 1 ? remove : null,
      ]),
      ...body,
    ]);
  }

  function triggerRow(trigger, i) {
    const codes = h('input', { type: 'text', class: 'mono', spellcheck: 'false', maxlength: '40', placeholder: 'P0300–P0306', 'aria-label': t('trees.trigger_codes', { n: i + 1 }), 'data-role': 'codes' });
    codes.value = trigger.codes;
    codes.addEventListener('input', () => { trigger.codes = codes.value; });
    const questions = state.form.nodes.filter((n) => n.kind !== 'outcome');
    const start = h('select', { 'aria-label': t('trees.trigger_start', { n: i + 1 }), 'data-role': 'start' }, [
      h('option', { value: '', text: t('trees.start_first') }),
      ...questions.slice(1).map((n) => h('option', { value: n.id, text: stepOption(n) })),
    ]);
    start.value = trigger.start ?? '';
    start.addEventListener('change', () => { trigger.start = start.value || null; });
    return h('li', { class: 'tree-trigger' }, [
      codes,
      h('label', { class: 'inline' }, [h('span', { text: t('trees.starts_at') }), start]),
      removeButton(t('trees.remove_line', { what: t('trees.trigger_codes', { n: i + 1 }) }), () => {
        state.form.triggers.splice(i, 1);
        draw();
      }),
    ]);
  }

  /** Draws the form from `state.form`, keeping the page where it was. */
  function draw() {
    const f = state.form;
    names.replaceChildren(bilingual(f.name, t('trees.tree_name'), { name: 'name', maxlength: 120 }));
    triggerList.replaceChildren(...f.triggers.map(triggerRow));
    nodeList.replaceChildren(...f.nodes.map(nodeCard));
  }

  addTrigger.addEventListener('click', () => {
    state.form.triggers.push({ codes: '', start: null });
    draw();
    triggerList.querySelector('li:last-child input')?.focus();
  });
  addNode.addEventListener('click', () => {
    state.form.nodes.push(convert({ id: freshKey(state.form) }, 'choice'));
    draw();
    nodeList.querySelector('li.tree-node:last-child input[data-role="key"]')?.focus();
  });

  /** Puts the step the refusal names in view, marked. */
  function point(key) {
    for (const card of nodeList.querySelectorAll('.tree-node.invalid')) card.classList.remove('invalid');
    const card = key ? [...nodeList.children].find((li) => li.dataset.node === key) : null;
    if (!card) return;
    card.classList.add('invalid');
    card.scrollIntoView({ block: 'center' });
    card.querySelector('input, textarea, select')?.focus({ preventScroll: true });
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    formError.textContent = '';
    point(null);
    save.disabled = true;
    try {
      const tree = await api.saveDiagnosisTree(state.form);
      showToast(t('trees.saved', { name: tree.name.fr }));
      location.hash = '#/reglages/arbres';
    } catch (error) {
      formError.textContent = error.message;
      point(error.details?.node ?? null);
    } finally {
      save.disabled = false;
    }
  });

  async function load() {
    const current = life.next();
    try {
      const copyOf = id?.startsWith('copie-') ? id.slice('copie-'.length) : null;
      const tree = id === 'nouveau' ? null : copyOf ?? id;
      const [opened, jobs] = await Promise.all([api.diagnosisTreeForm(tree, Boolean(copyOf)), api.cannedJobNames()]);
      if (!current()) return;
      state.form = opened;
      state.jobs = jobs;
      title.textContent = opened.id ? t('trees.edit_title') : t('trees.new_title');
      form.hidden = false;
      draw();
    } catch (failure) {
      if (current()) loadError.textContent = failure.message;
    }
  }

  load();
});
