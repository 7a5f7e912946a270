// The one door to the backend. Screens call the named functions below and never
// spell a command name; every failure arrives as an ApiError.

import { t } from './i18n/index.js';

/**
 * A failed command. `code` is what the UI may branch on ("validation",
 * "not_found", "storage", "internal"); `message` is already in the user's
 * language; `field` names the input at fault for a validation error, else null.
 */
export class ApiError extends Error {
  constructor(code, message, field = null) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.field = field;
  }
}

function toApiError(rejection) {
  if (rejection && typeof rejection === 'object'
      && typeof rejection.code === 'string' && typeof rejection.message === 'string') {
    const field = typeof rejection.field === 'string' && rejection.field ? rejection.field : null;
    return new ApiError(rejection.code, rejection.message, field);
  }
  // Not the shape the backend promises: keep the detail for the developer, not for the person.
  console.error('Unexpected error from the backend:', rejection);
  return new ApiError('internal', t('error.internal'));
}

/** Runs a backend command and returns its result, or throws an ApiError. */
export async function call(cmd, args = {}) {
  const invoke = window.__TAURI__?.core?.invoke;
  if (typeof invoke !== 'function') {
    throw toApiError(new Error('window.__TAURI__.core.invoke is not available'));
  }
  try {
    return await invoke(cmd, args);
  } catch (rejection) {
    throw toApiError(rejection);
  }
}

/** → {version, data_dir, db_path} */
export const appInfo = () => call('app_info');

/** The interface language saved for this workstation: "fr" or "en". */
export const getLocale = () => call('get_locale');

/** Saves the interface language for this workstation; returns the saved locale. */
export const setLocale = (locale) => call('set_locale', { locale });

/** → {configured, online, pending_operations, last_sync_at} */
export const syncStatus = () => call('sync_status');

/** One page of customers → {items, total}. An empty query means "all". */
export const listCustomers = ({ query = '', sort = 'name', limit = 25, offset = 0 } = {}) =>
  call('list_customers', { query: query.trim() === '' ? null : query, sort, limit, offset });

export const getCustomer = (id) => call('get_customer', { id });

export const createCustomer = (input) => call('create_customer', { input });

export const updateCustomer = (id, input) => call('update_customer', { id, input });
