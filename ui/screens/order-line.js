// `#line-dialog`: one line of an order, added or changed — labour (hours at a
// rate category's hourly rate, a typed rate, or a flat price), a part
// (reference, quantity, unit price, origin), or a fee; VAT rate and the
// line's own discount. The same form types a canned job's lines.

import * as api from '../api.js';
import { t, formatMoney, formatMoneyInput, formatNumber } from '../i18n/index.js';
import { h } from '../dom.js';
import { errorDisplay, field, savingDialog } from '../forms.js';
import { milliInput } from './order-text.js';
import { partPicker } from './part-picker.js';

const KINDS = ['labour', 'part', 'fee'];
const ORIGINS = ['new_oem', 'new_aftermarket', 'exchange', 'recycled'];

/** The workshop's hourly rates, read once per dialog opening. */
async function rates() {
  try {
    return (await api.getWorkshop()).rates;
  } catch {
    return [];
  }
}

/** A stored line as the form types it back. */
export function lineToInput(line) {
  const percent = (bp) => (bp ? formatNumber(bp / 100, { maximumFractionDigits: 2, useGrouping: false }) : '');
  const labour = line.kind === 'labour';
  return {
    kind: line.kind,
    description: line.description,
    hours: labour && line.quantity_milli ? milliInput(line.quantity_milli) : '',
    rate_code: labour ? line.rate_code ?? '' : '',
    hourly_rate: labour && !line.rate_code && line.flat === null ? formatMoneyInput(line.unit) : '',
    flat_price: labour && line.flat !== null && line.flat !== undefined ? formatMoneyInput(line.flat) : '',
    part_id: line.part_id ?? '',
    quantity: labour ? '' : milliInput(line.quantity_milli),
    unit_price: labour ? '' : formatMoneyInput(line.unit),
    vat: percent(line.vat),
    origin: line.origin ?? '',
    discount: percent(line.discount_bp),
  };
}

/**
 * Builds the dialog. `ask({title, line?, save(input)})` shows it, filled from
 * `line` (a line input) when given; `save` sends the typed line and may throw
 * an ApiError, shown beside its field. Resolves true once saved.
 */
export function lineDialog() {
  const title = h('h2', { id: 'line-title' });
  const formError = h('p', { id: 'line-error', class: 'form-error', role: 'alert' });
  const kindBox = h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': t('line.kind') },
    KINDS.map((kind) => h('label', { class: 'check', for: `line-kind-${kind}` }, [
      h('input', { type: 'radio', name: 'kind', value: kind, id: `line-kind-${kind}` }),
      h('span', { text: t(`line.kind_${kind}`) }),
    ])));
  const control = (tag, attrs = {}) => h(tag, { type: 'text', autocomplete: 'off', ...attrs });
  const description = control('input');
  const hours = control('input', { inputmode: 'decimal' });
  const rateCode = h('select');
  const hourlyRate = control('input', { inputmode: 'decimal' });
  const flatPrice = control('input', { inputmode: 'decimal' });
  const partId = control('input', { spellcheck: 'false' });
  const quantity = control('input', { inputmode: 'decimal' });
  const unitPrice = control('input', { inputmode: 'decimal' });
  const origin = h('select', {}, [
    h('option', { value: '', text: t('line.origin_unknown') }),
    ...ORIGINS.map((o) => h('option', { value: o, text: t(`order.origin_${o}`) })),
  ]);
  const vat = control('input', { inputmode: 'decimal' });
  const discount = control('input', { inputmode: 'decimal' });
  const labourFields = h('div', { class: 'form-grid kind-labour' }, [
    field('line', 'hours', hours, t('line.hours')),
    field('line', 'rate_code', rateCode, t('line.rate_code')),
    field('line', 'hourly_rate', hourlyRate, t('line.hourly_rate'), { hint: t('line.hourly_rate_hint') }),
    field('line', 'flat_price', flatPrice, t('line.flat_price'), { hint: t('line.flat_price_hint') }),
  ]);
  // A catalogue part fills the line; a part bought for the job is typed.
  const picker = partPicker({
    prefix: 'line-part',
    label: t('line.from_catalogue'),
    onChoose: (part) => {
      if (!part) return;
      partId.value = part.reference;
      description.value = part.description ?? description.value;
      if (part.sale_cents !== null && part.sale_cents !== undefined) unitPrice.value = formatMoneyInput(part.sale_cents);
      if (part.vat_bp) vat.value = formatNumber(part.vat_bp / 100, { maximumFractionDigits: 2, useGrouping: false });
      quantity.focus();
    },
  });
  const partFields = h('div', { class: 'kind-part' }, [
    h('div', { class: 'field' }, picker.element),
    h('div', { class: 'form-grid' }, [
      field('line', 'part_id', partId, t('line.part_id')),
      field('line', 'origin', origin, t('line.origin')),
    ]),
  ]);
  const quantityFields = h('div', { class: 'form-grid kind-quantity' }, [
    field('line', 'quantity', quantity, t('line.quantity')),
    field('line', 'unit_price', unitPrice, t('line.unit_price')),
  ]);
  const cancel = h('button', { id: 'line-cancel', type: 'button', text: t('order.cancel') });
  const save = h('button', { id: 'line-save', type: 'submit', class: 'primary', text: t('line.save') });
  const form = h('form', { id: 'line-form', class: 'dialog-frame', novalidate: true, autocomplete: 'off' }, [
    title,
    formError,
    h('div', { class: 'dialog-body' }, [
      h('div', { class: 'field' }, [h('span', { class: 'label', text: t('line.kind') }), kindBox,
        h('span', { class: 'field-error', 'data-for': 'kind' })]),
      field('line', 'description', description, t('line.description')),
      labourFields,
      partFields,
      quantityFields,
      h('div', { class: 'form-grid' }, [
        field('line', 'vat', vat, t('line.vat'), { hint: t('line.vat_hint') }),
        field('line', 'discount', discount, t('line.discount')),
      ]),
    ]),
    h('div', { class: 'dialog-actions' }, [cancel, save]),
  ]);
  const dialog = h('dialog', { id: 'line-dialog', 'aria-labelledby': 'line-title' }, form);
  const errors = errorDisplay(form, formError);

  function kind() {
    return form.querySelector('input[name="kind"]:checked')?.value ?? 'labour';
  }

  function showKind() {
    const k = kind();
    labourFields.hidden = k !== 'labour';
    partFields.hidden = k !== 'part';
    quantityFields.hidden = k === 'labour';
  }

  function input() {
    const k = kind();
    const pick = (on, value) => (on ? value : '');
    return {
      kind: k,
      description: description.value,
      hours: pick(k === 'labour', hours.value),
      rate_code: pick(k === 'labour', rateCode.value),
      hourly_rate: pick(k === 'labour', hourlyRate.value),
      flat_price: pick(k === 'labour', flatPrice.value),
      part_id: pick(k === 'part', partId.value),
      origin: pick(k === 'part', origin.value),
      quantity: pick(k !== 'labour', quantity.value),
      unit_price: pick(k !== 'labour', unitPrice.value),
      vat: vat.value,
      discount: discount.value,
    };
  }

  kindBox.addEventListener('change', () => {
    errors.clear();
    showKind();
  });
  form.addEventListener('input', (event) => {
    if (errors.field && event.target.name === errors.field) errors.clear();
  });
  cancel.addEventListener('click', () => dialog.close());
  const saving = savingDialog({ dialog, form, errors, saveButton: save, read: input });

  return {
    dialog,
    async ask({ title: heading, line = null, save: send }) {
      const workshopRates = await rates();
      const answer = saving.ask(send);
      errors.clear();
      picker.reset();
      title.textContent = heading;
      rateCode.replaceChildren(
        ...workshopRates.map((r) => h('option', {
          value: r.code, text: `${t(`rate.${r.code}`)} — ${t('line.per_hour', { amount: formatMoney(r.hourly) })}`,
        })),
        h('option', { value: '', text: t('line.rate_typed') }),
      );
      const value = line ?? { kind: 'labour' };
      for (const radio of form.querySelectorAll('input[name="kind"]')) radio.checked = radio.value === (value.kind || 'labour');
      description.value = value.description ?? '';
      hours.value = value.hours ?? '';
      rateCode.value = value.rate_code ?? (workshopRates[0]?.code ?? '');
      hourlyRate.value = value.hourly_rate ?? '';
      flatPrice.value = value.flat_price ?? '';
      partId.value = value.part_id ?? '';
      origin.value = value.origin ?? '';
      quantity.value = value.quantity ?? '';
      unitPrice.value = value.unit_price ?? '';
      vat.value = value.vat ?? '';
      discount.value = value.discount ?? '';
      showKind();
      dialog.showModal();
      description.focus();
      return answer;
    },
    dispose() {
      picker.dispose();
      if (dialog.open) dialog.close();
    },
  };
}
