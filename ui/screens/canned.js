// Canned jobs (#/ordres/forfaits): named templates of labour and part lines
// (« Vidange + filtre à huile », « Plaquettes AV ») that the front desk drops
// into an estimate and then adjusts. Each is edited here: name, estimated
// duration, and its lines, typed with the same form as an order's lines.

import * as api from '../api.js';
import { ApiError } from '../api.js';
import { t, formatMoney } from '../i18n/index.js';
import { h } from '../dom.js';
import { screen } from '../screen.js';
import { showToast } from '../toast.js';
import { confirmAction } from '../confirm.js';
import { errorDisplay, field } from '../forms.js';
import { lineDialog, lineToInput } from './order-line.js';
import { milli, milliInput } from './order-text.js';

export const { render, dispose } = screen((container, params, life) => createScreen(container, life));

/** What a line typed in the form reads like in the job's list. */
function inputSummary(input) {
  const kind = t(`line.kind_${input.kind || 'labour'}`);
  const amount = input.kind === 'labour' || !input.kind
    ? (input.flat_price ? t('canned.flat', { price: input.flat_price }) : t('order.hours_value', { hours: input.hours || '0' }))
    : `${input.quantity || '1'} × ${input.unit_price || '0'}`;
  return `${kind} — ${input.description || ''} (${amount})`;
}

function createScreen(container, life) {
  const state = { jobs: [] };
  const lines = lineDialog();
  const editor = jobDialog(lines, { onSaved: () => load() });
  const list = h('ul', { id: 'canned-list', class: 'plain cards' });
  const empty = h('p', { id: 'canned-empty', class: 'muted', text: t('canned.empty'), hidden: true });
  const error = h('p', { id: 'canned-error', class: 'form-error', role: 'alert' });
  const create = h('button', { id: 'new-canned', type: 'button', class: 'primary', text: t('canned.new') });
  const section = h('section', { class: 'screen canned', 'aria-labelledby': 'screen-title' }, [
    h('a', { class: 'back', href: '#/ordres', text: t('order.back') }),
    h('div', { class: 'screen-header' }, [
      h('h1', { id: 'screen-title', text: t('canned.title') }),
      h('div', { class: 'page-actions' }, [create]),
    ]),
    h('p', { class: 'hint', text: t('canned.intro') }),
    error,
    list,
    empty,
    editor.dialog,
    lines.dialog,
  ]);
  container.append(section);

  async function load() {
    const current = life.next();
    try {
      const jobs = await api.listCannedJobs();
      if (!current()) return;
      state.jobs = jobs;
      error.textContent = '';
      list.replaceChildren(...jobs.map((job) => h('li', { 'data-id': job.id, class: 'card' }, [
        h('div', { class: 'card-head' }, [
          h('strong', { text: job.name }),
          job.duration_hours_milli ? h('span', { class: 'muted', text: t('order.hours_value', { hours: milli(job.duration_hours_milli) }) }) : null,
        ]),
        h('ul', { class: 'plain muted' }, job.lines.map((l) => h('li', {
          text: `${l.description} — ${l.kind === 'labour' ? t('order.hours_value', { hours: milli(l.quantity_milli) }) : `${milli(l.quantity_milli)} × ${formatMoney(l.unit)}`}`,
        }))),
        h('div', { class: 'page-actions' }, [
          h('button', { type: 'button', 'data-action': 'edit', text: t('canned.edit') }),
          h('button', { type: 'button', class: 'link danger-link', 'data-action': 'delete', text: t('canned.delete') }),
        ]),
      ])));
      empty.hidden = jobs.length > 0;
    } catch (failure) {
      if (current()) error.textContent = failure.message;
    }
  }

  list.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-action]');
    const item = event.target.closest('li[data-id]');
    const job = item && state.jobs.find((j) => j.id === item.dataset.id);
    if (!button || !job) return;
    if (button.dataset.action === 'edit') {
      editor.open(job);
      return;
    }
    const yes = await confirmAction({ title: t('canned.delete_title'), paragraphs: [job.name], confirmLabel: t('canned.delete'), danger: true });
    if (!yes) return;
    try {
      await api.deleteCannedJob(job.id);
      showToast(t('canned.deleted'));
      await load();
    } catch (failure) {
      error.textContent = failure.message;
    }
  });
  create.addEventListener('click', () => editor.open(null));
  load();

  return () => {
    editor.dispose();
    lines.dispose();
  };
}

/** `#canned-dialog`: a job's name, duration and lines (each typed in the line dialog). */
function jobDialog(lines, { onSaved }) {
  let editing = null;
  let typed = [];
  const title = h('h2', { id: 'canned-title' });
  const formError = h('p', { id: 'canned-form-error', class: 'form-error', role: 'alert' });
  const name = h('input', { type: 'text', autocomplete: 'off' });
  const duration = h('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off' });
  const lineList = h('ol', { id: 'canned-lines', class: 'plain' });
  const addLine = h('button', { id: 'canned-add-line', type: 'button', text: t('order.line_add') });
  const cancel = h('button', { id: 'canned-cancel', type: 'button', text: t('order.cancel') });
  const save = h('button', { id: 'canned-save', type: 'submit', class: 'primary', text: t('canned.save') });
  const form = h('form', { id: 'canned-form', class: 'dialog-frame', novalidate: true, autocomplete: 'off' }, [
    title,
    formError,
    h('div', { class: 'dialog-body' }, [
      field('canned', 'name', name, t('canned.name')),
      field('canned', 'duration', duration, t('canned.duration'), { hint: t('canned.duration_hint') }),
      h('div', { class: 'field' }, [
        h('span', { class: 'label', text: t('canned.lines') }),
        lineList,
        h('span', { class: 'field-error', 'data-for': 'lines' }),
        addLine,
      ]),
    ]),
    h('div', { class: 'dialog-actions' }, [cancel, save]),
  ]);
  const dialog = h('dialog', { id: 'canned-dialog', 'aria-labelledby': 'canned-title' }, form);
  const errors = errorDisplay(form, formError);

  function showLines() {
    lineList.replaceChildren(...typed.map((input, index) => {
      const remove = h('button', { type: 'button', class: 'link danger-link', text: t('order.line_remove') });
      remove.addEventListener('click', () => {
        typed.splice(index, 1);
        showLines();
      });
      return h('li', {}, [h('span', { text: inputSummary(input) }), ' ', remove]);
    }));
  }

  addLine.addEventListener('click', async () => {
    // The line is checked with the whole job when it is saved.
    await lines.ask({
      title: t('order.line_add_title'),
      save: async (input) => {
        typed.push(input);
        showLines();
      },
    });
  });
  cancel.addEventListener('click', () => dialog.close());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    save.disabled = true;
    const input = { name: name.value, duration: duration.value, lines: typed };
    try {
      if (editing) await api.updateCannedJob(editing.id, input);
      else await api.createCannedJob(input);
      dialog.close();
      showToast(t('canned.saved'));
      await onSaved();
    } catch (error) {
      errors.show(error instanceof ApiError ? error : new ApiError('internal', t('error.internal')));
    } finally {
      save.disabled = false;
    }
  });

  return {
    dialog,
    open(job) {
      editing = job;
      errors.clear();
      title.textContent = job ? t('canned.edit_title') : t('canned.new');
      name.value = job?.name ?? '';
      duration.value = job?.duration_hours_milli ? milliInput(job.duration_hours_milli) : '';
      typed = (job?.lines ?? []).map((l) => lineToInput({ ...l, flat: l.flat ?? null }));
      showLines();
      dialog.showModal();
      name.focus();
    },
    dispose() {
      if (dialog.open) dialog.close();
    },
  };
}
