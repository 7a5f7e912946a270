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
import * as customers from './screens/customers.js';
import * as customer from './screens/customer.js';
import * as importer from './screens/import.js';
import * as vehicles from './screens/vehicles.js';
import * as vehicle from './screens/vehicle.js';
import * as settings from './screens/settings.js';
import * as users from './screens/users.js';
import * as audit from './screens/audit.js';
import * as till from './screens/till.js';
import * as ereporting from './screens/ereporting.js';
import * as orders from './screens/orders.js';
import * as order from './screens/order.js';
import * as canned from './screens/canned.js';
import * as diagnosisTrees from './screens/diagnosis-trees.js';
import * as diagnosisTree from './screens/diagnosis-tree.js';
import * as bench from './screens/bench.js';
import * as code from './screens/code.js';
import * as planning from './screens/planning.js';
import * as planningSettings from './screens/planning-settings.js';
import * as invoices from './screens/invoices.js';
import * as invoice from './screens/invoice.js';
import * as stock from './screens/stock.js';
import * as stockPart from './screens/stock-part.js';
import * as home from './screens/home.js';
import * as reports from './screens/reports.js';
import { startSession, currentUser, may, lockNow } from './session.js';
import { quietCheck } from './screens/updates.js';
import * as syncScreen from './screens/sync.js';
import { openStation, showPendingRecoveryKey } from './recovery.js';

const STATUS_POLL_MS = 5000;
const DEFAULT_ROUTE = '#/accueil';

/**
 * Hash → the screen key (data-screen on the sidebar link) and its module; a
 * route that needs more than its screen names the action (`needs`).
 */
const routes = {
  '#/accueil': { screen: 'home', module: home },
  '#/clients': { screen: 'customers', module: customers },
  '#/vehicules': { screen: 'vehicles', module: vehicles },
  '#/ordres': { screen: 'orders', module: orders },
  '#/atelier': { screen: 'bench', module: bench },
  '#/planning': { screen: 'planning', module: planning },
  '#/stock': { screen: 'stock', module: stock },
  '#/factures': { screen: 'invoices', module: invoices },
  '#/rapports': { screen: 'reports', module: reports },
  '#/reglages': { screen: 'settings', module: settings },
  '#/reglages/utilisateurs': { screen: 'settings', module: users, needs: 'manage_users' },
  '#/reglages/journal': { screen: 'settings', module: audit, needs: 'read_audit' },
  '#/reglages/registre': { screen: 'settings', module: till, needs: 'till' },
  '#/reglages/e-reporting': { screen: 'settings', module: ereporting, needs: 'till' },
  '#/reglages/planning': { screen: 'settings', module: planningSettings, needs: 'settings' },
  '#/reglages/arbres': { screen: 'settings', module: diagnosisTrees, needs: 'settings' },
  '#/synchro': { screen: 'customers', module: syncScreen },
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
  { pattern: /^#\/clients\/import$/, screen: 'customers', module: importer },
  { pattern: /^#\/clients\/([^/]+)$/, screen: 'customers', module: customer },
  { pattern: /^#\/vehicules\/([^/]+)$/, screen: 'vehicles', module: vehicle },
  { pattern: /^#\/ordres\/forfaits$/, screen: 'orders', module: canned },
  { pattern: /^#\/reglages\/arbres\/([^/]+)$/, screen: 'settings', module: diagnosisTree, needs: 'settings' },
  { pattern: /^#\/ordres\/([^/]+)$/, screen: 'orders', module: order },
  { pattern: /^#\/atelier\/([^/]+)$/, screen: 'bench', module: bench },
  { pattern: /^#\/codes\/([^/]+)$/, screen: 'vehicles', module: code },
  { pattern: /^#\/factures\/(caisse)$/, screen: 'invoices', module: invoices },
  { pattern: /^#\/factures\/([^/]+)$/, screen: 'invoices', module: invoice },
  { pattern: /^#\/stock\/pieces\/([^/]+)$/, screen: 'stock', module: stockPart },
  { pattern: /^#\/stock\/(reappro|commandes|factures|inventaire)$/, screen: 'stock', module: stock },
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
    return { screen: route.screen, module: route.module, needs: route.needs, id };
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

function showScreen() {
  if (!currentUser()) return;
  const route = resolve(location.hash);
  if (!route) {
    // Unknown or empty hash: go to the person's first screen without adding a history entry.
    location.replace(homeRoute());
    return;
  }
  current?.module.dispose?.();
  current = route;
  for (const link of document.querySelectorAll('#main-nav a')) {
    if (link.dataset.screen === route.screen) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const container = document.getElementById('content');
  const hadFocus = container.contains(document.activeElement);
  container.replaceChildren();
  container.scrollTop = 0;
  if (!allowed(route)) {
    container.append(h('section', { class: 'screen forbidden', id: 'forbidden' }, [
      h('h1', { id: 'screen-title', text: t('session.forbidden_title') }),
      h('p', { text: t('session.forbidden') }),
    ]));
    return;
  }
  route.module.render(container, { screen: route.screen, id: route.id });
  // The row or link that opened this screen is gone: keep the keyboard in the content, not lost on <body>.
  if (hadFocus && !container.contains(document.activeElement)) container.focus({ preventScroll: true });
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

async function boot() {
  // The station's database may not be open yet: encrypted now, or its key
  // to be typed (recovery.js). The window starts over once it is.
  const opening = await api.stationGate().catch(() => ({ phase: 'ready' }));
  if (opening.phase !== 'ready') {
    openStation(opening);
    document.documentElement.dataset.booted = 'true';
    return;
  }
  let locale = 'fr';
  try {
    locale = await api.getLocale();
  } catch (error) {
    console.warn('get_locale failed, using French:', error);
  }
  document.documentElement.lang = setLocale(locale);
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
  document.getElementById('sync-now').addEventListener('click', syncScreen.syncNowClicked);
  try {
    await startSession(() => {
      showUser();
      // Who may install updates (the owner) hears of one once per start; nobody else is disturbed.
      if (may('settings')) quietCheck();
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
  // The frame stays hidden until its texts are in the user's language (styles.css).
  document.documentElement.dataset.booted = 'true';
  // When the sign-in screen was ready, for the start benchmark (bench-start).
  performance.mark('atelier-booted');
}

boot();
