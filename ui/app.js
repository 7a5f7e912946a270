// Boot and frame: language, sidebar, hash router, keyboard shortcuts and the
// status bar. Screens live in screens/*.js and talk back through window events:
//   "atelier:changed"        — api.js ran a command that writes; refresh the sync
//                              status (api.js alone sends it, see READS there).
//   "atelier:status-stale"   — the sync status may have moved (a round ended, the
//                              station enrolled); read it again.
//   "atelier:locale-changed" — the language changed; redraw everything.
//   "atelier:synced"         — a sync round ended ({pulled}), from « Synchroniser »
//                              or in the background; the screen is redrawn when
//                              it brought something and nobody types.

import * as api from './api.js';
import { t, plural, setLocale, getLocale, formatDateTime } from './i18n/index.js';
import { h, isEditing } from './dom.js';
import { initGlobalSearch, focusGlobalSearch, resetGlobalSearch } from './search.js';
import { initAssistant, toggleAssistant, resetAssistant } from './assistant.js';
import { startSession, currentUser, may, lockNow } from './session.js';
import { openStation, showPendingRecoveryKey } from './recovery.js';

/**
 * The screens' modules, each loaded on its first use: the sign-in screen
 * needs none of them, so the window is ready sooner (bench-start). Once it
 * is, they are all loaded in the background (`loadScreens`), before a
 * person has typed their PIN; import() of a loaded module costs a microtask.
 */
const screens = {
  customers: () => import('./screens/customers.js'),
  customer: () => import('./screens/customer.js'),
  importer: () => import('./screens/import.js'),
  vehicles: () => import('./screens/vehicles.js'),
  vehicle: () => import('./screens/vehicle.js'),
  settings: () => import('./screens/settings.js'),
  users: () => import('./screens/users.js'),
  audit: () => import('./screens/audit.js'),
  till: () => import('./screens/till.js'),
  ereporting: () => import('./screens/ereporting.js'),
  orders: () => import('./screens/orders.js'),
  order: () => import('./screens/order.js'),
  canned: () => import('./screens/canned.js'),
  diagnosisTrees: () => import('./screens/diagnosis-trees.js'),
  diagnosisTree: () => import('./screens/diagnosis-tree.js'),
  bench: () => import('./screens/bench.js'),
  code: () => import('./screens/code.js'),
  planning: () => import('./screens/planning.js'),
  planningSettings: () => import('./screens/planning-settings.js'),
  invoices: () => import('./screens/invoices.js'),
  invoice: () => import('./screens/invoice.js'),
  stock: () => import('./screens/stock.js'),
  stockPart: () => import('./screens/stock-part.js'),
  home: () => import('./screens/home.js'),
  reports: () => import('./screens/reports.js'),
  syncScreen: () => import('./screens/sync.js'),
  updates: () => import('./screens/updates.js'),
};

// Every module is loaded and run: for the start benchmark (bench-start).
performance.mark('atelier-modules');

const STATUS_POLL_MS = 5000;
const DEFAULT_ROUTE = '#/accueil';

/**
 * Hash → the screen key (data-screen on the sidebar link) and its module; a
 * route that needs more than its screen names the action (`needs`).
 */
const routes = {
  '#/accueil': { screen: 'home', load: screens.home },
  '#/clients': { screen: 'customers', load: screens.customers },
  '#/vehicules': { screen: 'vehicles', load: screens.vehicles },
  '#/ordres': { screen: 'orders', load: screens.orders },
  '#/atelier': { screen: 'bench', load: screens.bench },
  '#/planning': { screen: 'planning', load: screens.planning },
  '#/stock': { screen: 'stock', load: screens.stock },
  '#/factures': { screen: 'invoices', load: screens.invoices },
  '#/rapports': { screen: 'reports', load: screens.reports },
  '#/reglages': { screen: 'settings', load: screens.settings },
  '#/reglages/utilisateurs': { screen: 'settings', load: screens.users, needs: 'manage_users' },
  '#/reglages/journal': { screen: 'settings', load: screens.audit, needs: 'read_audit' },
  '#/reglages/registre': { screen: 'settings', load: screens.till, needs: 'till' },
  '#/reglages/e-reporting': { screen: 'settings', load: screens.ereporting, needs: 'till' },
  '#/reglages/planning': { screen: 'settings', load: screens.planningSettings, needs: 'settings' },
  '#/reglages/arbres': { screen: 'settings', load: screens.diagnosisTrees, needs: 'settings' },
  '#/synchro': { screen: 'customers', load: screens.syncScreen },
};

/**
 * The action each sidebar entry's screen reads with: atelier-core says at
 * sign-in whether the person may do it, and what it would refuse them is not
 * offered (it refuses anyway if reached by its address).
 */
const screenActions = {
  home: 'station',
  customers: 'read_customers',
  vehicles: 'read_vehicles',
  orders: 'read_orders',
  bench: 'work_jobs',
  planning: 'appointments',
  stock: 'read_catalogue',
  invoices: 'invoices',
  reports: 'reports',
  settings: 'station',
};

function allowed(route) {
  return may(route.needs ?? screenActions[route.screen]);
}

/**
 * The first screen a person opens on: the day's overview (Accueil) for the
 * front desk and the owner, the bench for a mechanic, else the vehicles.
 */
function homeRoute() {
  if (may('read_customers')) return DEFAULT_ROUTE;
  return may('work_jobs') ? '#/atelier' : '#/vehicules';
}

/** Routes under a sidebar entry, tried in order; the captured part is the record id. */
const subRoutes = [
  { pattern: /^#\/clients\/import$/, screen: 'customers', load: screens.importer },
  { pattern: /^#\/clients\/([^/]+)$/, screen: 'customers', load: screens.customer },
  { pattern: /^#\/vehicules\/([^/]+)$/, screen: 'vehicles', load: screens.vehicle },
  { pattern: /^#\/ordres\/forfaits$/, screen: 'orders', load: screens.canned },
  { pattern: /^#\/reglages\/arbres\/([^/]+)$/, screen: 'settings', load: screens.diagnosisTree, needs: 'settings' },
  { pattern: /^#\/ordres\/([^/]+)$/, screen: 'orders', load: screens.order },
  { pattern: /^#\/atelier\/([^/]+)$/, screen: 'bench', load: screens.bench },
  { pattern: /^#\/codes\/([^/]+)$/, screen: 'vehicles', load: screens.code },
  { pattern: /^#\/factures\/(caisse)$/, screen: 'invoices', load: screens.invoices },
  { pattern: /^#\/factures\/([^/]+)$/, screen: 'invoices', load: screens.invoice },
  { pattern: /^#\/stock\/pieces\/([^/]+)$/, screen: 'stock', load: screens.stockPart },
  { pattern: /^#\/stock\/(reappro|commandes|factures|inventaire)$/, screen: 'stock', load: screens.stock },
];

/** The route for `hash` and the id it carries, or null. */
function resolve(hash) {
  if (Object.hasOwn(routes, hash)) return { ...routes[hash], id: null };
  for (const route of subRoutes) {
    const match = route.pattern.exec(hash);
    if (!match) continue;
    let id = null;
    try {
      id = match[1] === undefined ? null : decodeURIComponent(match[1]);
    } catch {
      return null;
    }
    return { screen: route.screen, load: route.load, needs: route.needs, id };
  }
  return null;
}

let current = null;
let statusInFlight = false;
/** The id of the last person signed in on this window. */
let lastSignedIn = null;

function renderFrameTexts() {
  for (const el of document.querySelectorAll('[data-i18n]')) {
    el.textContent = t(el.dataset.i18n);
  }
  for (const el of document.querySelectorAll('[data-i18n-label]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  }
  for (const el of document.querySelectorAll('[data-i18n-placeholder]')) {
    el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder));
  }
}

/** Counts the screens asked for: a screen whose module arrives after another was asked for is not shown. */
let asked = 0;

async function showScreen() {
  if (!currentUser()) return;
  const route = resolve(location.hash);
  if (!route) {
    // Unknown or empty hash: go to the person's first screen without adding a history entry.
    location.replace(homeRoute());
    return;
  }
  const ticket = ++asked;
  const permitted = allowed(route);
  let module = null;
  if (permitted) {
    try {
      module = await route.load();
    } catch (error) {
      // The program's own file could not be read: say so where the screen would be.
      console.error('loading the screen failed:', error);
      if (ticket === asked) showProblem(error);
      return;
    }
    if (ticket !== asked) return;
  }
  current?.module?.dispose?.();
  current = { ...route, module };
  for (const link of document.querySelectorAll('#main-nav a')) {
    if (link.dataset.screen === route.screen) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const container = document.getElementById('content');
  const hadFocus = container.contains(document.activeElement);
  container.replaceChildren();
  container.scrollTop = 0;
  if (!permitted) {
    container.append(h('section', { class: 'screen forbidden', id: 'forbidden' }, [
      h('h1', { id: 'screen-title', text: t('session.forbidden_title') }),
      h('p', { text: t('session.forbidden') }),
    ]));
    return;
  }
  module.render(container, { screen: route.screen, id: route.id });
  // The row or link that opened this screen is gone: keep the keyboard in the content, not lost on <body>.
  if (hadFocus && !container.contains(document.activeElement)) container.focus({ preventScroll: true });
}

/** A screen that could not be loaded, in the content's place. */
function showProblem(error) {
  current?.module?.dispose?.();
  current = null;
  document.getElementById('content').replaceChildren(h('section', { class: 'screen' }, [
    h('h1', { id: 'screen-title', text: t('app.screen_failed') }),
    h('p', { class: 'form-error', role: 'alert', text: String(error?.message ?? error) }),
  ]));
}

/** Loads every screen's module in the background, once the window is ready. */
function loadScreens() {
  for (const load of Object.values(screens)) {
    load().catch((error) => console.error('loading a screen failed:', error));
  }
}

/** Re-reads sync_status and shows it in the status bar. */
async function refreshStatus() {
  if (statusInFlight) return;
  statusInFlight = true;
  const box = document.getElementById('sync-status');
  const text = box.querySelector('.sync-text');
  try {
    const status = await api.syncStatus();
    let parts;
    if (!status.configured) {
      // A station that never joined a server works on its own: its changes
      // are not waiting for anything, so no count to worry about.
      box.dataset.state = 'standalone';
      parts = [t('sync.standalone')];
    } else {
      const pending = plural('sync.pending', status.pending_operations);
      box.dataset.state = status.online ? 'online' : 'offline';
      const last = status.last_sync_at
        ? t('sync.last', { date: formatDateTime(status.last_sync_at) })
        : t('sync.never');
      parts = [t(status.online ? 'sync.online' : 'sync.offline'), last, pending];
      if (status.clock_ahead) parts.push(t('sync.clock_ahead'));
    }
    text.textContent = parts.join(' · ');
    box.title = status.configured ? status.last_error ?? '' : t('sync.standalone_hint');
    document.getElementById('sync-now').hidden = !status.configured;
    const problems = document.getElementById('sync-problems');
    const notes = [];
    if (status.open_conflicts) notes.push(plural('sync.conflicts', status.open_conflicts));
    if (status.rejected_operations) notes.push(plural('sync.rejected', status.rejected_operations));
    problems.textContent = notes.join(' · ');
    problems.hidden = notes.length === 0;
  } catch (error) {
    box.dataset.state = 'unknown';
    text.textContent = t('sync.unavailable');
    console.warn('sync_status failed:', error);
  } finally {
    statusInFlight = false;
  }
}

async function showVersion() {
  const el = document.getElementById('app-version');
  try {
    const info = await api.appInfo();
    el.textContent = t('app.version', { version: info.version });
  } catch (error) {
    el.textContent = '';
    console.warn('app_info failed:', error);
  }
}

/** Shows who is signed in, and only the sidebar entries core lets them open. */
function showUser() {
  const user = currentUser();
  document.getElementById('user-name').textContent = user ? user.name : '';
  document.getElementById('user-roles').textContent = user ? user.roles.map((r) => t(`role.${r}`)).join(' · ') : '';
  for (const link of document.querySelectorAll('#main-nav a')) {
    link.parentElement.hidden = !allowed({ screen: link.dataset.screen });
  }
  document.getElementById('global-search').closest('.global-search').hidden = !may('read_customers');
}

function redrawAll() {
  document.documentElement.lang = getLocale();
  const focusedId = document.activeElement?.id;
  renderFrameTexts();
  resetGlobalSearch();
  showUser();
  showScreen();
  refreshStatus();
  showVersion();
  // Keep the person where they were (e.g. on the language select they just used).
  if (focusedId) document.getElementById(focusedId)?.focus();
}

function onKeydown(event) {
  if (event.defaultPrevented) return;
  if (event.key === 'Escape') {
    // Native modal dialogs close on Esc by themselves; this covers any that do not.
    const dialog = document.querySelector('dialog[open]');
    if (dialog) {
      event.preventDefault();
      dialog.close();
    }
    return;
  }
  const ctrl = (letter) => (event.ctrlKey || event.metaKey) && !event.altKey && event.key?.toLowerCase() === letter;
  const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey
    && !isEditing(event.target);
  // Ctrl+J: the assistant (ui/assistant.js), for whoever is signed in.
  const ctrlJ = ctrl('j');
  if (!ctrl('k') && !slash && !ctrlJ) return;
  if (document.querySelector('dialog[open]') || document.body.classList.contains('gated')) return;
  event.preventDefault();
  if (ctrlJ) toggleAssistant();
  else focusGlobalSearch();
}

/**
 * The first screen is drawn: the frame is shown (styles.css hides it until its
 * texts are in the person's language), and the shell shows the window, hidden
 * until now, and logs how long it took (the start benchmark, bench-start,
 * reads it there).
 */
function ready() {
  document.documentElement.dataset.booted = 'true';
  performance.mark('atelier-booted');
  const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
  api.windowReady(performance.timeOrigin, at('atelier-modules'), at('atelier-booted'))
    .catch((error) => console.warn('window_ready failed:', error));
}

async function boot() {
  // The station's database may not be open yet: encrypted now, or its key
  // to be typed (recovery.js). The window starts over once it is.
  // The language and who is signed in are asked with the gate, not after it:
  // the shell answers the three side by side (bench-start). Asked before the
  // database was open, they are asked again.
  const gate = api.stationGate().catch(() => ({ phase: 'ready' }));
  const early = { locale: api.getLocale(), session: api.sessionState() };
  for (const asked of Object.values(early)) asked.catch(() => {});
  const opening = await gate;
  if (opening.phase !== 'ready') {
    await openStation(opening);
    ready();
    return;
  }
  let locale = 'fr';
  try {
    locale = await early.locale.catch(() => api.getLocale());
  } catch (error) {
    console.warn('get_locale failed, using French:', error);
  }
  document.documentElement.lang = await setLocale(locale);
  renderFrameTexts();
  initGlobalSearch();
  initAssistant();
  // The skip link must not change the hash: that would be read as a route.
  document.getElementById('skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    document.getElementById('content').focus();
  });
  window.addEventListener('hashchange', showScreen);
  window.addEventListener('keydown', onKeydown);
  window.addEventListener('atelier:changed', () => refreshStatus());
  window.addEventListener('atelier:status-stale', () => refreshStatus());
  window.addEventListener('atelier:locale-changed', redrawAll);
  // What another station sent shows at once, unless the person is in the
  // middle of typing or a dialog: then it shows on their next screen.
  api.onBackgroundSync((report) => {
    window.dispatchEvent(new CustomEvent('atelier:synced', { detail: { pulled: report.pulled } }));
    refreshStatus();
  });
  window.addEventListener('atelier:synced', (event) => {
    if (!event.detail?.pulled) return;
    if (document.querySelector('dialog[open]') || isEditing(document.activeElement)) return;
    showScreen();
  });
  document.getElementById('lock-button').addEventListener('click', () => lockNow());
  showVersion();
  refreshStatus();
  setInterval(refreshStatus, STATUS_POLL_MS);
  document.getElementById('sync-now').addEventListener('click', () => {
    screens.syncScreen().then((sync) => sync.syncNowClicked(), (error) => console.error('loading the sync screen failed:', error));
  });
  try {
    await startSession(early.session.catch(() => api.sessionState()), () => {
      showUser();
      // Who may install updates (the owner) hears of one once per start; nobody else is disturbed.
      if (may('settings')) screens.updates().then((updates) => updates.quietCheck(), (error) => console.error('loading the updates failed:', error));
      // The recovery key just made (set-up, or the database just encrypted), once.
      if (may('settings')) showPendingRecoveryKey();
      // Someone else was here: start them on their own first screen, not on
      // the one the previous person left. The same person back after a lock
      // finds the screen they were on.
      const who = currentUser()?.id ?? null;
      const someoneElse = who !== lastSignedIn;
      lastSignedIn = who;
      // What was asked and answered for the one before is not theirs to read.
      if (someoneElse) resetAssistant();
      const route = resolve(location.hash);
      if ((someoneElse || !route || !allowed(route)) && location.hash !== homeRoute()) {
        location.replace(homeRoute()); // hashchange shows it
        return;
      }
      showScreen();
    });
  } catch (error) {
    document.getElementById('gate').replaceChildren(h('p', { class: 'form-error', role: 'alert', text: error.message }));
    document.getElementById('gate').hidden = false;
  }
  ready();
  loadScreens();
}

boot();
