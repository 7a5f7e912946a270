// The one door to the backend. Screens call the named functions below and never
// spell a command name; every failure arrives as an ApiError.

import { t } from './i18n/index.js';

/**
 * A failed command. `code` is what the UI may branch on ("validation",
 * "duplicate", "mileage_lower", "not_found", "storage", "internal"); `message`
 * is already in the user's language; `field` names the input at fault for a
 * validation error, else null; `details` carries what a code promises (the
 * matches of a duplicate, the last reading of mileage_lower), else null.
 */
export class ApiError extends Error {
  constructor(code, message, field = null, details = null) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.field = field;
    this.details = details;
  }
}

function toApiError(rejection) {
  if (rejection && typeof rejection === 'object'
      && typeof rejection.code === 'string' && typeof rejection.message === 'string') {
    const field = typeof rejection.field === 'string' && rejection.field ? rejection.field : null;
    const details = rejection.details && typeof rejection.details === 'object' ? rejection.details : null;
    return new ApiError(rejection.code, rejection.message, field, details);
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
    const error = toApiError(rejection);
    // The screen locked itself (idle) or was locked elsewhere: back to the switch screen.
    if (error.code === 'not_signed_in') window.dispatchEvent(new CustomEvent('atelier:signed-out'));
    throw error;
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

// --- customers ---------------------------------------------------------------

/** One page of customers → {items, total}. An empty query means "all". */
export const listCustomers = ({
  query = '', sort = 'name', limit = 25, offset = 0, includeArchived = false,
} = {}) => call('list_customers', {
  query: query.trim() === '' ? null : query, sort, limit, offset, includeArchived,
});

export const getCustomer = (id) => call('get_customer', { id });

/** → {customer, vehicles: [VehicleSummary], open_work: []} */
export const customerPage = (id) => call('customer_page', { id });

/** `input` is a CustomerInput (snake_case keys); fails with "duplicate" unless confirmed. */
export const createCustomer = (input) => call('create_customer', { input });

export const updateCustomer = (id, input) => call('update_customer', { id, input });

export const archiveCustomer = (id) => call('archive_customer', { id });

/** Moves everything of `remove` onto `keep`; returns the kept customer. */
export const mergeCustomers = (keep, remove) => call('merge_customers', { keep, remove });

export const anonymiseCustomer = (id) => call('anonymise_customer', { id });

/** GDPR export of one customer → {path} of the file the app wrote. */
export const exportCustomer = (id) => call('export_customer', { id });

// --- vehicles ----------------------------------------------------------------

/** One page of vehicles → {items: [VehicleSummary], total}. */
export const listVehicles = ({ query = '', limit = 25, offset = 0 } = {}) =>
  call('list_vehicles', { query: query.trim() === '' ? null : query, limit, offset });

/** → {vehicle, owners, readings, timeline} */
export const vehiclePage = (id) => call('vehicle_page', { id });

export const createVehicle = (input) => call('create_vehicle', { input });

export const updateVehicle = (id, input) => call('update_vehicle', { id, input });

export const transferVehicle = (id, customerId) => call('transfer_vehicle', { id, customerId });

/** `km` goes as typed; fails with "mileage_lower" unless `meterReplaced`. */
export const recordMileage = ({ vehicleId, km, readOn, meterReplaced = false }) =>
  call('record_mileage', { vehicleId, km, readOn, meterReplaced });

/** → VinInfo, or a "validation" error on field "vin". */
export const decodeVin = (vin) => call('decode_vin', { vin });

// --- search, import, export --------------------------------------------------

/** Customers and vehicles matching `query` → [SearchHit]; [] under two characters. */
export const search = (query, limit = 8) => call('search', { query, limit });

/** `bytes` is the file as an array of numbers; commit=false is a preview. → ImportReport */
export const importCustomers = ({ bytes, commit, skipInvalid }) =>
  call('import_customers', { bytes, commit, skipInvalid });

/** → {path} */
export const exportCustomersCsv = () => call('export_customers_csv');

/** → {path} */
export const exportVehiclesCsv = () => call('export_vehicles_csv');

// --- session, users, workshop, audit -----------------------------------------

/** → {set_up, user: {id, name, roles} | null, idle_minutes} */
export const sessionState = () => call('session_state');

/** Active users for the switch screen → [{id, display_name, has_pin, roles}] */
export const switchUsers = () => call('switch_users');

/** The first-run wizard: workshop identity, this workstation, the owner → the signed-in owner. */
export const firstRun = ({ workshop, station, owner }) => call('first_run', { workshop, station, owner });

export const signIn = (login, password) => call('sign_in', { login, password });

export const switchUser = (user, pin) => call('switch_user', { user, pin });

export const lock = () => call('lock');

/** → Workshop {name, …, rates: [{code, label, hourly}], has_logo} */
export const getWorkshop = () => call('get_workshop');

export const saveWorkshop = (input) => call('save_workshop', { input });

/** `png` is the file as an array of numbers, or null to remove the logo. */
export const setWorkshopLogo = (png) => call('set_workshop_logo', { png });

/** → {series_prefix, idle_minutes} */
export const getStation = () => call('get_station');

export const saveStation = (input) => call('save_station', { input });

export const listUsers = () => call('list_users');

export const createUser = (input) => call('create_user', { input });

export const updateUser = (id, input) => call('update_user', { id, input });

export const setUserActive = (id, active) => call('set_user_active', { id, active });

/** `filter` {user_id, entity, from, to, before_id, limit} → [AuditEntry], newest first. */
export const listAudit = (filter = {}) => call('list_audit', { filter });

/** The changes of one record, oldest first. */
export const recordHistory = (entity, rowId) => call('record_history', { entity, rowId });

// --- stock ---------------------------------------------------------------------
// A site left out is this workstation's site.

/** Catalogue search by any reference, barcode or description words → [PartHit], best first. */
export const searchParts = (query, limit = 20) => call('search_parts', { query, limit });

/** Parts with their stock here, by reference → [StockLine]. */
export const listParts = ({ limit = 100, offset = 0 } = {}) => call('list_parts', { limit, offset });

/** → {part, sites: [PartSite], movements: [Movement], suppliers: [PartSupplier], equivalents} */
export const partPage = (id) => call('part_page', { id });

/** Parts below zero here → [StockLine]. */
export const negativeStock = () => call('negative_stock');

export const listSites = () => call('list_sites');

/** `input` is a PartInput (snake_case keys). */
export const createPart = (input) => call('create_part', { input });

export const updatePart = (id, input) => call('update_part', { id, input });

/** `input` {part_id, quantity, unit_cost} → Movement. */
export const receivePart = (input) => call('receive_part', { input });

/** `input` {part_id, quantity (signed), reason} → Movement. */
export const adjustStock = (input) => call('adjust_stock', { input });

export const returnToSupplier = (input) => call('return_to_supplier', { input });

/** `input` {part_id, to_site_id, quantity} → [out, in]. */
export const transferStock = (input) => call('transfer_stock', { input });

export const listSuppliers = () => call('list_suppliers');

export const createSupplier = (input) => call('create_supplier', { input });

export const linkSupplier = ({ partId, supplierId, reference = null, price, preferred = false }) =>
  call('link_supplier', { partId, supplierId, reference, price, preferred });

/** Parts here whose stock plus what is on order is below their reorder point → [LowStock]. */
export const lowStock = () => call('low_stock');

/** The low-stock list grouped by supplier → [Suggestion]. */
export const purchaseSuggestions = () => call('purchase_suggestions');

export const createSuggestedPurchase = (supplierId) => call('create_suggested_purchase', { supplierId });

export const listPurchases = (openOnly = false) => call('list_purchases', { openOnly });

export const getPurchase = (id) => call('get_purchase', { id });

/** `lines` [{part_id, quantity, unit_cost}] → PurchaseOrder (a draft). */
export const createPurchase = (supplierId, lines) => call('create_purchase', { supplierId, lines });

export const sendPurchase = (id) => call('send_purchase', { id });

export const cancelPurchase = (id) => call('cancel_purchase', { id });

/** `receipts` [{line_id, quantity}] → PurchaseOrder. */
export const receivePurchase = (id, receipts) => call('receive_purchase', { id, receipts });

/** Writes the purchase order's PDF in the export folder → {path}. */
export const purchaseOrderPdf = (id) => call('purchase_order_pdf', { id });

export const startStocktake = () => call('start_stocktake');

export const getStocktake = (id) => call('get_stocktake', { id });

/** `counts` [{part_id, counted}] → Stocktake. */
export const recordCounts = (id, counts) => call('record_counts', { id, counts });

export const postStocktake = (id) => call('post_stocktake', { id });

/** Writes the count sheet's PDF in the export folder → {path}. */
export const countSheetPdf = (id) => call('count_sheet_pdf', { id });
