// « Exporter (RGPD) » on the customer page: everything Atelier holds about
// the customer, as the JSON file (every piece of data, for portability) or
// the readable PDF summary, written into the folder the person types (blank:
// the export folder). Core gathers and lays out; this dialog only asks.

import * as api from '../api.js';
import { t } from '../i18n/index.js';
import { h } from '../dom.js';
import { field, errorDisplay } from '../forms.js';
import { showToast } from '../toast.js';

const PREFIX = 'customer-export';

/**
 * Builds `#customer-export-dialog`; `open(customer)` asks for the format and
 * the folder of that customer's export, then says where the file went.
 */
export function customerExportDialog({ fallbackFocus = () => {} } = {}) {
  let customer = null;
  let opener = null;
  const title = h('h2', { id: `${PREFIX}-title` });
  const formError = h('p', { id: `${PREFIX}-error`, class: 'form-error', role: 'alert' });
  const radio = (format) => {
    const input = h('input', { type: 'radio', name: 'format', value: format, id: `${PREFIX}-format-${format}` });
    return {
      input,
      label: h('label', { class: 'check', for: input.id }, [input, h('span', { text: t(`customer.export_${format}`) })]),
    };
  };
  const json = radio('json');
  const pdf = radio('pdf');
  const folder = h('input', { type: 'text', spellcheck: 'false' });
  const cancel = h('button', { id: `${PREFIX}-cancel`, type: 'button', text: t('customer.cancel') });
  const run = h('button', { id: `${PREFIX}-confirm`, type: 'submit', class: 'primary', text: t('customer.export_run') });
  const form = h('form', { id: `${PREFIX}-form`, class: 'dialog-frame', novalidate: true }, [
    title,
    formError,
    h('div', { class: 'dialog-body' }, [
      h('p', { text: t('customer.export_intro') }),
      h('fieldset', { id: `${PREFIX}-format`, class: 'field' }, [
        h('legend', { text: t('customer.export_format') }),
        json.label,
        pdf.label,
      ]),
      field(PREFIX, 'folder', folder, t('customer.export_folder'), { hint: t('customer.export_folder_hint') }),
      h('p', { class: 'hint', text: t('customer.export_kept') }),
    ]),
    h('div', { class: 'dialog-actions' }, [cancel, run]),
  ]);
  const dialog = h('dialog', { id: `${PREFIX}-dialog`, 'aria-labelledby': title.id }, form);
  const errors = errorDisplay(form, formError);

  cancel.addEventListener('click', () => dialog.close());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!customer) return;
    errors.clear();
    run.disabled = true;
    try {
      const format = pdf.input.checked ? 'pdf' : 'json';
      const { path } = await api.exportCustomer(customer.id, format, folder.value);
      dialog.close();
      showToast(t('customer.exported', { path }), { long: true });
    } catch (error) {
      errors.show(error);
    } finally {
      run.disabled = false;
    }
  });
  dialog.addEventListener('close', () => {
    const back = opener?.isConnected ? opener : null;
    opener = null;
    if (back) back.focus();
    else fallbackFocus();
  });

  return {
    dialog,
    open(chosen) {
      if (dialog.open) return;
      customer = chosen;
      opener = document.activeElement;
      errors.clear();
      title.textContent = t('customer.export_title', { name: chosen.display_name ?? '' });
      json.input.checked = true;
      folder.value = '';
      api.appInfo().then((info) => { folder.placeholder = info.export_dir ?? ''; }, () => {});
      dialog.showModal();
      json.input.focus();
    },
    dispose() {
      opener = null;
      if (dialog.open) dialog.close();
    },
  };
}
