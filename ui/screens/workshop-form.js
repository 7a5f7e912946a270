// The workshop's identity fields, shared by the first-run wizard and Réglages:
// what prints on every estimate, order and invoice, the hourly rates and the
// logo. atelier-core checks every value (SIRET key, VAT number, amounts).

import { t } from '../i18n/index.js';
import { h } from '../dom.js';
import { field } from '../forms.js';
import { formatMoneyInput, formatNumber } from '../i18n/index.js';

const TEXT = [
  ['name', 'workshop.name'],
  ['legal_form', 'workshop.legal_form'],
  ['capital', 'workshop.capital'],
  ['address_line1', 'workshop.address_line1'],
  ['address_line2', 'workshop.address_line2'],
  ['postal_code', 'workshop.postal_code'],
  ['city', 'workshop.city'],
  ['siret', 'workshop.siret'],
  ['rcs', 'workshop.rcs'],
  ['vat_number', 'workshop.vat_number'],
  ['phone', 'workshop.phone'],
  ['email', 'workshop.email'],
  ['default_vat', 'workshop.default_vat'],
  ['estimate_valid_days', 'workshop.estimate_valid_days'],
];
const RATE_CODES = ['mechanics', 'bodywork', 'paint'];

/** The fields, filled from `workshop` (or the defaults when null). */
export function workshopFields(prefix, workshop) {
  const value = (name) => {
    if (!workshop) return { default_vat: '20', estimate_valid_days: '30' }[name] ?? '';
    if (name === 'capital') return workshop.capital == null ? '' : formatMoneyInput(workshop.capital);
    if (name === 'default_vat') return formatNumber(workshop.default_vat / 100, { useGrouping: false });
    return workshop[name] == null ? '' : String(workshop[name]);
  };
  const fields = TEXT.map(([name, key]) => field(prefix, name, h('input', {
    type: name === 'email' ? 'email' : 'text', value: value(name), spellcheck: 'false',
  }), t(key)));
  const rates = (workshop?.rates?.length ? workshop.rates : RATE_CODES.map((code) => ({ code, hourly: null })))
    .map((rate) => h('div', { class: 'field' }, [
      h('label', { for: `${prefix}-rate-${rate.code}`, text: rate.label ?? t(`rate.${rate.code}`) }),
      h('input', {
        type: 'text', id: `${prefix}-rate-${rate.code}`, name: 'hourly_rate', 'data-code': rate.code,
        inputmode: 'decimal', value: rate.hourly == null ? '' : formatMoneyInput(rate.hourly),
      }),
    ]));
  const logo = h('input', { type: 'file', accept: 'image/png' });
  return [
    h('div', { class: 'grid-2' }, fields),
    h('fieldset', { class: 'rates' }, [
      h('legend', { text: t('workshop.rates') }),
      h('div', { class: 'grid-3' }, rates),
      h('span', { class: 'field-error', 'data-for': 'hourly_rate' }),
    ]),
    field(prefix, 'logo', logo, t('workshop.logo'), {
      hint: workshop?.has_logo ? t('workshop.logo_kept') : t('workshop.logo_hint'),
    }),
  ];
}

/** The WorkshopInput the form holds. */
export function readWorkshop(form) {
  const input = {};
  for (const [name] of TEXT) input[name] = form.elements[name].value;
  input.rates = [...form.querySelectorAll('input[name=hourly_rate]')]
    .map((el) => ({ code: el.dataset.code, hourly: el.value }));
  return input;
}

/** The chosen logo file as an array of bytes, or null when none was chosen. */
export async function readLogo(form) {
  const file = form.elements.logo.files?.[0];
  if (!file) return null;
  return Array.from(new Uint8Array(await file.arrayBuffer()));
}
