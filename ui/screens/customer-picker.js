// Find a customer by typing and choose one: the owner of a new vehicle, the
// customer to merge into another, the buyer of a vehicle. Matches come from
// list_customers; each is a button, so a click, a tap or Enter chooses it.

import * as api from '../api.js';
import { t } from '../i18n/index.js';
import { picker } from '../picker.js';

const MAX_RESULTS = 8;

/** One line under a customer's name: phone, e-mail and city when known. */
export function customerDetail(customer) {
  return [customer.phone_display ?? customer.phone, customer.email, customer.city]
    .filter((part) => part).join(' · ');
}

/**
 * Builds a picker whose ids start with `prefix`: `#{prefix}-search`, the
 * results `#{prefix}-results` (li[data-id] > button), the chosen customer
 * `#{prefix}-chosen` and its « Changer » button `#{prefix}-change`.
 * `onChoose(customer | null)` runs on every choice and on « Changer ».
 */
export function customerPicker({ prefix, label, excludeId = null, onChoose = () => {} }) {
  return picker({
    prefix,
    label,
    placeholder: t('picker.placeholder'),
    search: async (query) => (await api.listCustomers({ query, limit: MAX_RESULTS + 1 })).items
      .filter((customer) => customer.id !== excludeId).slice(0, MAX_RESULTS),
    name: (customer) => customer.display_name ?? '',
    detail: customerDetail,
    none: (query) => t('picker.none', { query }),
    onChoose,
  });
}
