// What the dialogs' forms share: a labelled field with its error slot, and
// showing a backend error next to the input it names.

import { h } from './dom.js';
import { ApiError } from './api.js';
import { t } from './i18n/index.js';

/**
 * A label, the control and an empty `.field-error[data-for=name]` under it.
 * The control gets id `{prefix}-{name with dashes}` and name `name`.
 */
export function field(prefix, name, control, label, { extraClass = '', hint = '' } = {}) {
  const id = `${prefix}-${name.replaceAll('_', '-')}`;
  control.id = id;
  control.name = name;
  const describedBy = [`${id}-error`];
  const hintEl = hint ? h('p', { id: `${id}-hint`, class: 'hint', text: hint }) : null;
  if (hintEl) describedBy.push(hintEl.id);
  control.setAttribute('aria-describedby', describedBy.join(' '));
  return h('div', { class: `field ${extraClass}`.trim() }, [
    h('label', { for: id, text: label }),
    control,
    hintEl,
    h('span', { id: `${id}-error`, class: 'field-error', 'data-for': name }),
  ]);
}

/** A checkbox with its label on the right, as one comfortable target. */
export function checkbox(prefix, name, label) {
  const id = `${prefix}-${name.replaceAll('_', '-')}`;
  return h('div', { class: 'field' }, [
    h('label', { class: 'check', for: id }, [
      h('input', { type: 'checkbox', id, name, 'aria-describedby': `${id}-error` }),
      h('span', { text: label }),
    ]),
    h('span', { id: `${id}-error`, class: 'field-error', 'data-for': name }),
  ]);
}

/**
 * Error display for one form: `show(error)` puts the message in `formError`
 * and under the field it names, marks and focuses that field; `clear()` undoes
 * it. `field` is the name at fault, or null. `focusers` maps a field with no
 * focusable control of its own (a hidden input) to what should take focus.
 */
export function errorDisplay(form, formError, focusers = {}) {
  const state = { field: null };

  function clear() {
    formError.textContent = '';
    for (const span of form.querySelectorAll('.field-error')) span.textContent = '';
    for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
    state.field = null;
  }

  function show(error, { focus = true } = {}) {
    formError.textContent = error.message;
    if (!error.field) return;
    state.field = error.field;
    const span = form.querySelector(`.field-error[data-for="${CSS.escape(error.field)}"]`);
    if (span) span.textContent = error.message;
    let control = form.elements.namedItem(error.field);
    if (control instanceof RadioNodeList) {
      control.forEach((radio) => radio.setAttribute('aria-invalid', 'true'));
      control = form.querySelector(`input[name="${CSS.escape(error.field)}"]:checked`);
    } else if (control) {
      control.setAttribute('aria-invalid', 'true');
    }
    if (!focus) return;
    if (Object.hasOwn(focusers, error.field)) focusers[error.field]();
    else control?.focus();
  }

  return {
    clear,
    show,
    get field() { return state.field; },
  };
}

/**
 * The saving half of a dialog that asks for something: `ask(save)` resolves
 * true once `save(read())` succeeded and the dialog closed, false when it was
 * closed without. `read()` gives the value typed, or throws an ApiError for a
 * check made here; an ApiError from either shows in the form and the dialog
 * stays open.
 */
export function savingDialog({ dialog, form, errors, saveButton, read }) {
  let current = null;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!current) return;
    errors.clear();
    saveButton.disabled = true;
    try {
      await current.save(await read());
      current.saved = true;
      dialog.close();
    } catch (error) {
      if (!(error instanceof ApiError)) console.error(error);
      errors.show(error instanceof ApiError ? error : new ApiError('internal', t('error.internal')));
    } finally {
      saveButton.disabled = false;
    }
  });
  dialog.addEventListener('close', () => {
    const done = current;
    current = null;
    done?.resolve(Boolean(done.saved));
  });
  return {
    ask(save) {
      return new Promise((resolve) => {
        current = { resolve, save, saved: false };
      });
    },
  };
}
