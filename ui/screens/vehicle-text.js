// How a vehicle reads wherever it is shown: its plate, its VIN decoded, its
// mileage, the values of its fuel and gearbox.

import { t } from '../i18n/index.js';
import { h } from '../dom.js';
import { countryName } from '../countries.js';

export const FUELS = ['petrol', 'diesel', 'hybrid', 'plugin_hybrid', 'electric', 'lpg', 'cng', 'hydrogen', 'other'];
export const GEARBOXES = ['manual', 'automatic'];

/**
 * « Renault · France · 2019 » from a VinInfo, leaving out what is unknown;
 * the country (an ISO code) is named in the interface's language.
 */
export function vinSummary(info) {
  if (!info) return '';
  const country = info.country ? countryName(info.country) : '';
  return [info.manufacturer, country, info.model_year].filter((part) => part).join(' · ');
}

/** « 123 456 km », or nothing when no reading is known. */
export function kmText(km) {
  return km === null || km === undefined ? '' : t('vehicle.km', { km });
}

/** « Renault Clio » (and the version when asked), leaving out what is unknown. */
export function makeModel(vehicle, { version = false } = {}) {
  return [vehicle.make, vehicle.model, version ? vehicle.version : null].filter((part) => part).join(' ');
}

/** A plate in the monospace plate style. */
export function plateBadge(plate, attrs = {}) {
  return h('span', { ...attrs, class: 'plate', text: plate });
}

/** The cells every vehicle table starts with: plate, make and model, VIN. */
export function vehicleCells(vehicle) {
  return [
    h('td', { class: 'plate-cell' }, vehicle.plate ? plateBadge(vehicle.plate) : null),
    h('td', { class: 'name', text: makeModel(vehicle) }),
    h('td', { class: 'mono vin', text: vehicle.vin ?? '' }),
  ];
}

/**
 * "123 456" → 123456: spaces people type between thousands are dropped; anything
 * else goes as typed, for the backend to judge. Blank → "".
 */
export function typedNumber(text) {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '');
  if (compact === '') return '';
  return /^\d+$/.test(compact) ? Number(compact) : text.trim();
}
