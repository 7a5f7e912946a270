// Réglages › Diagnostic (owner): the OBD-II adapter this bench station
// reads cars through (a serial port or a Wi-Fi adapter's address), and the
// canned job added to an order when its first diagnosis starts.

import * as api from '../api.js';
import { t } from '../i18n/index.js';
import { h } from '../dom.js';
import { field, errorDisplay } from '../forms.js';
import { showToast } from '../toast.js';

/** The owner's diagnosis panel. */
export function diagnosisSettingsPanel() {
  // The example port is this system's kind: a COM port on Windows.
  const example = navigator.userAgent.includes('Windows') ? 'COM3' : '/dev/ttyUSB0';
  const address = h('input', { type: 'text', spellcheck: 'false', placeholder: example });
  const fee = h('select', {}, [h('option', { value: '', text: t('diagnosis.fee_none') })]);
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const save = h('button', { id: 'diagnosis-settings-save', type: 'submit', text: t('common.save') });
  const form = h('form', { id: 'diagnosis-settings-form', novalidate: true }, [
    field('diagnosis', 'obd_adapter', address, t('diagnosis.adapter'), { hint: t('diagnosis.adapter_hint') }),
    field('diagnosis', 'diagnosis_fee_job_id', fee, t('diagnosis.fee'), { hint: t('diagnosis.fee_hint') }),
    formError,
    h('div', { class: 'actions' }, save),
  ]);
  const errors = errorDisplay(form, formError);

  Promise.all([api.obdAdapter(), api.cannedJobNames(), api.diagnosisFee()]).then(([adapter, jobs, chosen]) => {
    address.value = adapter ?? '';
    fee.append(...jobs.map((j) => h('option', { value: j.id, text: j.name })));
    fee.value = chosen ?? '';
  }, (e) => { formError.textContent = e.message; });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    save.disabled = true;
    try {
      // Shown as kept: `com3` becomes COM3.
      address.value = (await api.setObdAdapter(address.value)) ?? '';
      await api.setDiagnosisFee(fee.value || null);
      showToast(t('diagnosis.settings_saved'));
    } catch (e) {
      errors.show(e);
    } finally {
      save.disabled = false;
    }
  });

  return h('section', { class: 'panel', 'aria-labelledby': 'settings-diagnosis' }, [
    h('h2', { id: 'settings-diagnosis', text: t('diagnosis.settings') }),
    form,
  ]);
}
