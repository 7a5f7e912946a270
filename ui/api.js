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

/**
 * The commands that change none of the workshop's data: the shell runs them on
 * a read connection (lists, pages, searches, the files an export or a printed
 * paper writes outside the database), or they touch only the session. Every
 * other command writes, and its success is announced as "atelier:changed".
 * A command missing here is taken as a write: the frame then re-reads the
 * sync status once more than needed, never once less.
 */
const READS = new Set([
  'station_gate', 'window_ready', 'recovery_key_pending', 'encryption_state', 'offsite_backups',
  'app_info', 'get_locale', 'sync_status', 'sync_rejected', 'sync_stations', 'sync_conflicts',
  'list_customers', 'get_customer', 'customer_page', 'export_customer',
  'list_vehicles', 'vehicle_page', 'decode_vin', 'search', 'export_customers_csv', 'export_vehicles_csv',
  'session_state', 'switch_users', 'sign_in', 'switch_user', 'lock',
  'get_workshop', 'get_station', 'list_users', 'list_audit', 'record_history',
  'orders_board', 'order_page', 'vehicle_recommendations', 'list_canned_jobs', 'print_order',
  'bench_jobs', 'job_card', 'inspection_of',
  'diagnosis_of', 'print_diagnosis', 'code_page', 'code_titles', 'diagnosis_fee', 'obd_adapter',
  'diagnosis_trees', 'canned_job_names',
  'backup_state', 'inspect_backup', 'export_diagnostic', 'update_server', 'check_update',
  'list_invoices', 'invoice_page', 'invoice_of_order', 'unpaid_invoices', 'customer_balance',
  'cash_summary', 'verify_invoices', 'order_deposits', 'day_closure', 'list_closures', 'list_journal',
  'fiscal_year', 'list_archives', 'archives_due', 'ereporting_page', 'invoice_exchange',
  'search_parts', 'list_parts', 'part_page', 'negative_stock', 'list_sites', 'list_suppliers',
  'low_stock', 'purchase_suggestions', 'list_purchases', 'get_purchase', 'purchase_order_pdf',
  'get_stocktake', 'count_sheet_pdf',
  'preview_supplier_invoice', 'supplier_invoice_matching', 'list_supplier_invoices', 'supplier_payables',
  'einvoice_folder',
  'dashboard', 'report_revenue', 'report_productivity', 'report_parts', 'report_vat', 'report_ageing',
  'export_report',
  'planning_board', 'next_free_slot', 'customer_appointments', 'appointment_history', 'list_resources',
  'list_reminder_rules', 'list_days_off', 'message_template', 'due_reminders', 'customer_messages',
  'message_settings', 'ask',
]);

/** Whether `cmd`, having succeeded with `args`, changed the workshop's data. */
function wrote(cmd, args) {
  // An import with commit=false is the preview: it checks every line and keeps none.
  if (cmd === 'import_customers') return args.commit === true;
  return !READS.has(cmd);
}

/**
 * Runs a backend command and returns its result, or throws an ApiError. After
 * a command that changes data succeeds, "atelier:changed" goes to the window
 * (app.js re-reads the sync status), before the caller sees the result.
 */
export async function call(cmd, args = {}) {
  const invoke = window.__TAURI__?.core?.invoke;
  if (typeof invoke !== 'function') {
    throw toApiError(new Error('window.__TAURI__.core.invoke is not available'));
  }
  let result;
  try {
    result = await invoke(cmd, args);
  } catch (rejection) {
    const error = toApiError(rejection);
    // The screen locked itself (idle) or was locked elsewhere: back to the switch screen.
    if (error.code === 'not_signed_in') window.dispatchEvent(new CustomEvent('atelier:signed-out'));
    throw error;
  }
  if (wrote(cmd, args)) window.dispatchEvent(new CustomEvent('atelier:changed'));
  return result;
}

/** → {version, data_dir, db_path} */
export const appInfo = () => call('app_info');

/** The interface language saved for this workstation: "fr" or "en". */
export const getLocale = () => call('get_locale');

/** Saves the interface language for this workstation; returns the saved locale. */
export const setLocale = (locale) => call('set_locale', { locale });

/**
 * → {configured, online, pending_operations, last_sync_at, server_url, organisation, site,
 *    all_sites, last_error_code, last_error, rejected_operations, open_conflicts,
 *    parked_operations, clock_ahead}
 */
export const syncStatus = () => call('sync_status');

/**
 * Calls `onRound(report)` at the end of each background sync round, with
 * {pushed, rejected, pulled, parked, conflicts, from_snapshot}. Does nothing outside the app's window.
 */
export function onBackgroundSync(onRound) {
  const listen = window.__TAURI__?.event?.listen;
  if (typeof listen !== 'function') return;
  listen('sync-round', (event) => onRound(event.payload))
    .catch((error) => console.warn('listening to sync rounds failed:', error));
}

/** Enrols this station with a sync server using the owner's one-time code → the enrolment. */
export const syncEnrol = (server, code, name) => call('sync_enrol', { server, code, name });

/** One sync round now → {pushed, rejected, pulled, parked, conflicts, from_snapshot}. */
export const syncNow = () => call('sync_now');

/** This station's operations the server refused → [{seq, entity, row_id, code, reason}]. */
export const syncRejected = () => call('sync_rejected');

/** The organisation's stations → [{name, site_code, last_sync_ms}]. */
export const syncStations = () => call('sync_stations');

/** Conflicts not settled yet, optionally of one record → [{id, label, field, kept_value, lost_value, …}]. */
export const syncConflicts = (entity = null, rowId = null) => call('sync_conflicts', { entity, rowId });

/** Accepts the value kept. */
export const syncKeep = (id) => call('sync_keep', { id });

/** Puts the overwritten value back, everywhere. */
export const syncRestore = (id) => call('sync_restore', { id });

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
export const exportCustomer = (id, format, folder) => call('export_customer', { id, format, folder });

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
/** A new workstation joins a workshop that syncs: enrolment and a first round → the round's report. */
export const syncJoin = (server, code, name) => call('sync_join', { server, code, name });

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

// --- orders (estimates, repair orders, the bench) ------------------------------

/** → [BoardRow]; `filter` {statuses?, mechanic_id?, customer_id?, vehicle_id?}; open orders when empty. */
export const ordersBoard = (filter = {}) => call('orders_board', { filter });

/** → OrderPage: {order, lines, totals, supplements, approval, steps, progress, clocks, notes, inspection, timeline, recommendations…} */
export const orderPage = (id) => call('order_page', { id });

/** `input`: {customer_id, vehicle_id, mileage, complaint, promised_at, mechanic_ids, internal_notes, discount_kind, discount} → Order */
export const createOrder = (input) => call('create_order', { input });

export const updateOrder = (id, input) => call('update_order', { id, input });

/** `input`: {kind, description, hours, rate_code, hourly_rate, flat_price, quantity, unit_price, vat, origin, discount, supplement_id} → Line */
export const addOrderLine = (order, input) => call('add_order_line', { order, input });

export const updateOrderLine = (lineId, input) => call('update_order_line', { lineId, input });

export const removeOrderLine = (lineId) => call('remove_order_line', { lineId });

export const applyCannedJob = (order, jobId) => call('apply_canned_job', { order, jobId });

/** `approval`: {signer_name, signature_png: [bytes], recycled_parts_accepted, accepted_on} → Order */
export const acceptEstimate = (order, approval) => call('accept_estimate', { order, approval });

/** `to`: "in_progress", "waiting_parts", "done" or "cancelled" → Order */
export const changeOrderStatus = (id, to, reason = null) => call('change_order_status', { id, to, reason });

export const reopenOrder = (id, reason) => call('reopen_order', { id, reason });

export const addSupplement = (order, title) => call('add_supplement', { order, title });

export const approveSupplement = (id, approval) => call('approve_supplement', { id, approval });

export const declineSupplement = (id, reason) => call('decline_supplement', { id, reason });

export const vehicleRecommendations = (vehicle) => call('vehicle_recommendations', { vehicle });

export const dismissRecommendation = (id) => call('dismiss_recommendation', { id });

/** A new estimate for the vehicle from the recommendations `ids` → Order */
export const estimateFromRecommendations = (vehicle, ids) => call('estimate_from_recommendations', { vehicle, ids });

export const addStep = (order, label) => call('add_step', { order, label });

export const removeStep = (id) => call('remove_step', { id });

export const listCannedJobs = () => call('list_canned_jobs');

/** `input`: {name, duration, lines: [line input]} → CannedJob */
export const createCannedJob = (input) => call('create_canned_job', { input });

export const updateCannedJob = (id, input) => call('update_canned_job', { id, input });

export const deleteCannedJob = (id) => call('delete_canned_job', { id });

/** Writes the PDF `paper` ("estimate", "repair_order", "inspection") and opens it → {path, opened} */
export const printOrder = (id, paper) => call('print_order', { id, paper });

/** The signed-in mechanic's jobs today → [BenchJob] */
export const benchJobs = () => call('bench_jobs');

export const jobCard = (order) => call('job_card', { order });

export const tickStep = (id) => call('tick_step', { id });

export const untickStep = (id) => call('untick_step', { id });

/** `action`: "start", "pause" or "stop" → MechanicTime */
export const clockJob = (order, action) => call('clock_job', { order, action });

/** `input`: {part_id, description, quantity} → JobLine */
export const addPartUsed = (order, input) => call('add_part_used', { order, input });

export const addBenchNote = (order, body) => call('add_bench_note', { order, body });

export const markJobDone = (order, overrideReason = null) => call('mark_job_done', { order, overrideReason });

export const startInspection = (order) => call('start_inspection', { order });

/** `input`: {status, measure, comment} → InspectionPoint */
export const recordInspectionPoint = (order, code, input) => call('record_inspection_point', { order, code, input });

export const inspectionOf = (order) => call('inspection_of', { order });

// --- diagnosis (bench) -------------------------------------------------------

/** → Session | null: the order's latest diagnosis, with readings, checks, findings, guide, suggested trees */
export const diagnosisOf = (order) => call('diagnosis_of', { order });

export const startDiagnosis = (order) => call('start_diagnosis', { order });

/** Reads the car through this bench's adapter → {reading, vin: {status, vehicle?, car?}} */
export const readCar = (session) => call('read_car', { session });

/** `codes`: [{code, state}] typed by the mechanic → {reading, vin} */
export const recordCodes = (session, codes) => call('record_codes', { session, input: { codes } });

/** Clears the car's codes through the adapter, once confirmed → Reading */
export const clearCarCodes = (session) => call('clear_car_codes', { session, confirmed: true });

/** `input`: {description, result, value, unit} → Check */
export const recordCheck = (session, input) => call('record_check', { session, input });

/** `input`: {description, severity, canned_job_id} → Recommendation */
export const addFinding = (session, input) => call('add_finding', { session, input });

/** `input`: {symptom?, notes?, conclusion?} → Session */
export const writeUpDiagnosis = (session, input) => call('write_up_diagnosis', { session, input });

export const closeDiagnosis = (session) => call('close_diagnosis', { session });

export const reopenDiagnosis = (session) => call('reopen_diagnosis', { session });

/** Writes the diagnosis paper and opens it → {path, opened} */
export const printDiagnosis = (session) => call('print_diagnosis', { session });

/** → [Tree] */
export const diagnosisTrees = () => call('diagnosis_trees');

/** A vehicle's diagnoses, newest first → [{id, order_id, order_number, at, by, status, symptom, codes, tree: {fr, en}|null, likely_cause: {fr, en}|null, conclusion, findings}] */
export const vehicleDiagnoses = (vehicle) => call('vehicle_diagnoses', { vehicle });

/** The editor's form of a tree (its bounds as typed), of a copy of it to save as a new tree when `copy`, or a new tree's when `tree` is null → {id, name: {fr, en}, triggers: [{codes, start}], nodes: [{id, kind, …}]} */
export const diagnosisTreeForm = (tree = null, copy = false) => call('diagnosis_tree_form', { tree, copy });

/** Saves the editor's form → Tree */
export const saveDiagnosisTree = (input) => call('save_diagnosis_tree', { input });

/** → Tree */
export const archiveDiagnosisTree = (tree, archived) => call('archive_diagnosis_tree', { tree, archived });

export const deleteDiagnosisTree = (tree) => call('delete_diagnosis_tree', { tree });

/** `tree`: a tree id or null; `start`: the question a code starts at, or null → Session */
export const chooseDiagnosisTree = (session, tree, start = null) => call('choose_diagnosis_tree', { session, tree, start });

/** `answer`: {choice} or {value} → Session */
export const answerDiagnosis = (session, node, answer) => call('answer_diagnosis', { session, node, answer });

/** Records the tree's conclusion as a finding → Recommendation */
export const findingFromOutcome = (session) => call('finding_from_outcome', { session });

/** → [{id, name}] */
export const cannedJobNames = () => call('canned_job_names');

/** → {meaning: {code, title, english, make_meaning, corrected}, library_title, makes, occurrences, occurrences_total} */
export const codePage = (code) => call('code_page', { code });

/** The owner's title of `code` for every make; blank gives the library's back → OwnerTitle | null */
export const setCodeTitle = (code, title) => call('set_code_title', { code, make: null, title });

/** This bench station's OBD adapter (a serial port or host:port) → string | null */
export const obdAdapter = () => call('obd_adapter');

export const setObdAdapter = (address) => call('set_obd_adapter', { address });

/** The canned job added when an order's first diagnosis starts → id | null */
export const diagnosisFee = () => call('diagnosis_fee');

export const setDiagnosisFee = (job) => call('set_diagnosis_fee', { job });

// --- accounting (owner) ------------------------------------------------------

/** → {accounts: {customers, deposits, labour, parts, other, cash, card, cheque, transfer, vat: [{bp, account, default}]}, period: {from, to}, folder} */
export const accountingForm = () => call('accounting_form');

/** `input`: the account numbers as typed (blank: the default), `vat` by basis points → the accounts */
export const saveAccounts = (input) => call('save_accounts', { input });

/** Writes the FEC of a period (`separator`: pipe or tab; blank folder: the export folder) → {path, period, entries, lines, debit} */
export const exportFec = (from, to, separator, folder) => call('export_fec', { from, to, separator, folder });

// --- e-reporting and the approved platform (owner) ----------------------------

/** → {settings: {regime, vat_on_debits, from}, folders: {outgoing, incoming}, due: [{start, end, label}], periods: [{period, label, sendings}]} */
export const ereportingPage = () => call('ereporting_page');

/** `input`: {regime: normal|simplified, vat_on_debits, from} → the settings */
export const saveEreportingSettings = (input) => call('save_ereporting_settings', { input });

/** `input`: {outgoing, incoming} (full paths; blank: none) → the folders */
export const saveExchangeFolders = (input) => call('save_exchange_folders', { input });

/** Freezes the period holding `day` → the frozen period */
export const freezeEreportPeriod = (day) => call('freeze_ereport_period', { day });

/** Drops a frozen period's file in the outgoing folder → {file_name, sent_at, …} */
export const sendEreportPeriod = (id) => call('send_ereport_period', { id });

/** Writes a frozen period's file in `folder` (blank: the export folder) → {path} */
export const exportEreportPeriod = (id, folder) => call('export_ereport_period', { id, folder });

/** Sends an issued invoice to the platform → {file_name, sent_at, …} */
export const sendInvoiceToPlatform = (id) => call('send_invoice_to_platform', { id });

/** Takes in the statuses waiting in the incoming folder → {stored, sources, refused: [[file, message]]} */
export const fetchPlatformStatuses = () => call('fetch_platform_statuses');

/** An invoice's sendings and lifecycle statuses → {sendings, statuses: [{status, code, label, on, reason}]} */
export const invoiceExchange = (id) => call('invoice_exchange', { id });

// --- backups (owner) -------------------------------------------------------------

/** → {folder, default_folder, last: {at, ok, outcome, error_fr, error_en} | null, backups: [{path, name, taken_at, reason, bytes}]} */
export const backupState = () => call('backup_state');

/** Points backups at `path` (blank: the data directory's folder) → the folder used */
export const setBackupFolder = (path) => call('set_backup_folder', { path });

/** A checked backup now → {name, path, taken_at, reason, bytes, duration_ms, removed} */
export const backupNow = () => call('backup_now');

/**
 * What a backup holds → {taken_at, schema_version, customers, vehicles, orders, invoices, encrypted};
 * `recoveryKey` is the one of the station that took it, when not this one's.
 */
export const inspectBackup = (path, recoveryKey = null) => call('inspect_backup', { path, recoveryKey });

/** Restores `path` over this station's data; the station then starts over from the sign-in. */
export const restoreBackup = (path, recoveryKey = null) => call('restore_backup', { path, recoveryKey });

/**
 * The off-site copies on the sync server this station may restore →
 * {backups: [{device_id, device_name, name, bytes, sha256, uploaded_at_ms}], keep_days, max_bytes_per_station, used_bytes, uploading}
 */
export const offsiteBackups = () => call('offsite_backups');

/** Downloads an off-site copy (resumed if cut) → its local path, to restore as any backup. */
export const fetchOffsite = (device, name) => call('fetch_offsite', { device, name });

/**
 * Where opening the station's database stands, before anything else:
 * {phase: 'opening' | 'ready' | 'encrypting' {done, total} | 'locked' {reason} | 'failed' {fr, en}}
 */
export const stationGate = () => call('station_gate');
/** Tells the shell how long the window took to be usable (ms; it logs it). */
export const windowReady = (navigationStart, modules, ready) => call('window_ready', { navigationStart, modules, ready });

/** Opens the station's database with its recovery key → the gate's new phase. */
export const unlockStation = (recoveryKey, english) => call('unlock_station', { recoveryKey, english });

/** The recovery key made and not yet noted → {key, workshop, station, data_dir} or null. */
export const recoveryKeyPending = () => call('recovery_key_pending');

/** The owner noted the recovery key. */
export const recoveryKeyNoted = () => call('recovery_key_noted');

/** The recovery key again, after the owner's password → {key, workshop, station, data_dir}. */
export const showRecoveryKey = (password) => call('show_recovery_key', { password });

/** → {encrypted, pending} */
export const encryptionState = () => call('encryption_state');

/** A zip of versions, database shape, backups and logs, without customer data → {path} */
export const exportDiagnostic = () => call('export_diagnostic');

// --- updates ---------------------------------------------------------------------

/** The update server set for this workstation, or null (the build's own). */
export const updateServer = () => call('update_server');

/** Saves the update server address (blank: the build's own) → the address or null */
export const setUpdateServer = (address) => call('set_update_server', { address });

/** → {state: "not_configured" | "offline" | "up_to_date" | "available", version?, notes?, date?} */
export const checkUpdate = () => call('check_update');

/** Downloads, verifies, backs up, installs and restarts; answers only when there was nothing to install. */
export const installUpdate = () => call('install_update');
// --- invoices, credit notes, payments ---------------------------------------

/** `query` {status, customer_id, limit} → [InvoiceSummary], newest first. */
export const listInvoices = (query = {}) => call('list_invoices', { query });

/** → Invoice {…summary, lines, totals, payments, credit_notes, content} */
export const invoicePage = (id) => call('invoice_page', { id });

/** The draft invoice of a done order (the same one when asked again) → Invoice. */
export const draftInvoiceFromOrder = (orderId) => call('draft_invoice_from_order', { orderId });

/** The invoice of an order → its id, or null. */
export const invoiceOfOrder = (orderId) => call('invoice_of_order', { orderId });

/** `input` {customer_id, lines: [LineInput], notes} → the draft Invoice. */
export const draftCounterSale = (input) => call('draft_counter_sale', { input });

export const updateInvoiceDraft = (id, input) => call('update_invoice_draft', { id, input });

export const discardInvoiceDraft = (id) => call('discard_invoice_draft', { id });

/** Numbers, freezes and stores the invoice → Invoice. */
export const issueInvoice = (id) => call('issue_invoice', { id });

/** `input` {invoice_id, reason, lines: [] for all that remains} → the credit note. */
export const issueCreditNote = (input) => call('issue_credit_note', { input });

/** `input` {method, amount, paid_on, reference} → {payment, invoice}. */
export const recordPayment = (invoiceId, input) => call('record_payment', { invoiceId, input });

/** A deposit on an order before its invoice → Payment. */
export const recordDeposit = (orderId, input) => call('record_deposit', { orderId, input });

export const reversePayment = (paymentId, reason) => call('reverse_payment', { paymentId, reason });

/** → {invoices, buckets: [{ageing, count, total}], total} */
export const unpaidInvoices = () => call('unpaid_invoices');

/** → {balance, overdue, deposits, unpaid} */
export const customerBalance = (customerId) => call('customer_balance', { customerId });

/** `day` YYYY-MM-DD or null for today → {day, stations, methods, total} */
export const cashSummary = (day) => call('cash_summary', { day });

/** Writes the issued PDF in the export folder (and opens it) → {path}. */
export const invoicePdf = (id, open = false) => call('invoice_pdf', { id, open });
/** Writes an issued invoice as `facturx`, `cii` or `ubl` in the export folder. */
export const exportEinvoice = (id, format) => call('export_einvoice', { id, format });

/** → {clean, documents, series, findings, messages} */
export const verifyInvoices = () => call('verify_invoices');

// The till law: closing the day, closures, the technical-event journal, the
// integrity check and the fiscal year.
export const closeDay = () => call('close_day');
export const dayClosure = (day) => call('day_closure', { day });
export const listClosures = (filter = {}) => call('list_closures', { filter });
export const listJournal = (filter = {}) => call('list_journal', { filter });
export const exportJournal = (filter = {}) => call('export_journal', { filter });
export const checkIntegrity = () => call('check_integrity');
export const fiscalYear = () => call('fiscal_year');
export const saveFiscalYear = (input) => call('save_fiscal_year', { input });
export const listArchives = () => call('list_archives');
export const archivesDue = () => call('archives_due');
export const makeDueArchives = () => call('make_due_archives');
export const verifyArchive = (path) => call('verify_archive', { path });
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

/**
 * A supplier's e-invoice file: `{bytes: [..], name}` read from a picked file, or
 * `{path}` of a file dropped on the window.
 */

/** What the file holds and its supplier, nothing written → {invoice, supplier|null}. */
export const previewSupplierInvoice = (file) => call('preview_supplier_invoice', { file });

/** Imports it (for `supplierId` when the person chose one) → its Matching with the purchase order. */
export const importSupplierInvoice = (file, supplierId = null) => call('import_supplier_invoice', { file, supplierId });

/** → Matching {invoice, purchase_order, by, lines, not_invoiced} */
export const supplierInvoiceMatching = (id) => call('supplier_invoice_matching', { id });

/** « Réceptionner »: the invoiced parts received on the matched order → Matching. */
export const acceptSupplierInvoice = (id) => call('accept_supplier_invoice', { id });

export const rejectSupplierInvoice = (id, reason) => call('reject_supplier_invoice', { id, reason });

/** `filter` {supplier_id, purchase_order_id, unpaid} → [SupplierInvoice]. */
export const listSupplierInvoices = (filter = {}) => call('list_supplier_invoices', { filter });

/** → {invoices: [{invoice, overdue}], total_due_cents, overdue_cents} */
export const supplierPayables = () => call('supplier_payables');

/** `method`: transfer, direct_debit, card, cheque or cash. */
export const markSupplierInvoicePaid = (id, paidOn, method) => call('mark_supplier_invoice_paid', { id, paidOn, method });

/** The watched folder of suppliers' e-invoices on this workstation, or null. */
export const einvoiceFolder = () => call('einvoice_folder');

export const setEinvoiceFolder = (path) => call('set_einvoice_folder', { path });

/**
 * Calls `onPaths(paths)` when files are dropped on the window (the native drop
 * gives their paths). Resolves to a function that stops listening.
 */
export async function onFileDrop(onPaths) {
  const listen = window.__TAURI__?.event?.listen;
  if (typeof listen !== 'function') return () => {};
  try {
    return await listen('tauri://drag-drop', (event) => onPaths(event.payload?.paths ?? []));
  } catch (error) {
    console.warn('listening to dropped files failed:', error);
    return () => {};
  }
}

export const startStocktake = () => call('start_stocktake');

export const getStocktake = (id) => call('get_stocktake', { id });

/** `counts` [{part_id, counted}] → Stocktake. */
export const recordCounts = (id, counts) => call('record_counts', { id, counts });

export const postStocktake = (id) => call('post_stocktake', { id });

/** Writes the count sheet's PDF in the export folder → {path}. */
export const countSheetPdf = (id) => call('count_sheet_pdf', { id });

/** The deposits (acomptes) taken on an order, oldest first → [Payment] */
export const orderDeposits = (orderId) => call('order_deposits', { orderId });

/** The signed-in person's dashboard → {today, site_id, front_desk, mechanic, owner}; a panel is null when not for them. */
export const dashboard = () => call('dashboard');

/** `query` {preset, from, to, grain, site_id} → {scope, rows, total, repair_orders, average_order, parts_*, by_site} */
export const reportRevenue = (query) => call('report_revenue', { query });

/** → {scope, mechanics: [{user_id, name, clocked_milli, billed_milli, efficiency_bp, jobs_done}], total} */
export const reportProductivity = (query) => call('report_productivity', { query });

/** → {scope, top_used, slow_movers, by_category, stock_value} */
export const reportParts = (query) => call('report_parts', { query });

/** → {scope, rates: [{rate, net, tax}], net, tax} */
export const reportVat = (query) => call('report_vat', { query });

/** The receivables by age as of today → {invoices, buckets, total} */
export const reportAgeing = (query) => call('report_ageing', { query });

/** Writes a report's CSV in the export folder → {path}. `kind`: revenue, productivity, parts, ageing, vat. */
export const exportReport = (kind, query) => call('export_report', { kind, query });
// --- planning, reminders, messages ------------------------------------------

/** The board: {days, rows: [{resource_id, name, active, days: [{day, hours, off, appointments, free}]}]}. */
export const planningBoard = (fromDay, days, by) => call('planning_board', { fromDay, days, by });
/** The earliest slot of `minutes` from `fromAt` → {start_at, end_at, bay_id, bay_name} or null. */
export const nextFreeSlot = (fromAt, minutes, bayId = null, mechanicId = null) =>
  call('next_free_slot', { fromAt, minutes, bayId, mechanicId });
/** Fails with "overbooked" or "outside_hours" unless `force`. */
export const bookAppointment = (input, force = false, notify = false) =>
  call('book_appointment', { input, force, notify });
export const rescheduleAppointment = (id, slot, force = false) =>
  call('reschedule_appointment', { id, slot, force });
export const setAppointmentStatus = (id, status) => call('set_appointment_status', { id, status });
/** → {appointment, order_id} */
export const arriveAppointment = (id, mileage) => call('arrive_appointment', { id, mileage });
export const customerAppointments = (customerId) => call('customer_appointments', { customerId });
export const listResources = (withInactive = false) => call('list_resources', { withInactive });
export const createResource = (input) => call('create_resource', { input });
export const updateResource = (id, input) => call('update_resource', { id, input });
export const setResourceActive = (id, active) => call('set_resource_active', { id, active });
export const listReminderRules = () => call('list_reminder_rules');
export const createReminderRule = (input) => call('create_reminder_rule', { input });
export const addDefaultReminderRules = () => call('add_default_reminder_rules');
export const updateReminderRule = (id, input) => call('update_reminder_rule', { id, input });
/** Days off between two dates (YYYY-MM-DD, inclusive) → [{id, resource_id, day, reason}]. */
export const listDaysOff = (from, to) => call('list_days_off', { from, to });
export const addDayOff = (resourceId, day, reason) => call('add_day_off', { resourceId, day, reason });
export const removeDayOff = (id) => call('remove_day_off', { id });
/** `kind`: confirmation or reminder; `locale`: fr or en → {subject, body}. A blank body goes back to the built-in text. */
export const messageTemplate = (kind, locale) => call('message_template', { kind, locale });
export const saveMessageTemplate = (kind, locale, template) => call('save_message_template', { kind, locale, template });
/** An appointment's history, oldest first → [{kind: booked/moved/status, start_at, end_at, status, at_ms}]. */
export const appointmentHistory = (id) => call('appointment_history', { id });
/** `today` is the workstation's local date (YYYY-MM-DD). */
export const dueReminders = (today, withinDays = 30) => call('due_reminders', { today, withinDays });
export const sendReminder = (vehicleId, ruleId, dueOn) => call('send_reminder', { vehicleId, ruleId, dueOn });
export const customerMessages = (customerId) => call('customer_messages', { customerId });
export const resendMessage = (id) => call('resend_message', { id });
export const messageSettings = () => call('message_settings');
export const saveMessageSettings = (input) => call('save_message_settings', { input });

/**
 * The assistant's answer to `question`, asked on the window's local day
 * `today` (YYYY-MM-DD) at its local `time` (HH:MM) → {kind: answered|
 * ambiguous|prepared|refused|invalid|not_understood, intent, slots, text,
 * lines: [{text, link?: {label, route}}], links: [{label, route}], choices:
 * [{label, ask}], prepared?: {action, fields}, suggestions: [string]}. Reads
 * only: a prepared action is written by its usual dialog, once the person
 * confirms it there.
 */
export const ask = (question, today, time) => call('ask', { question, today, time });
