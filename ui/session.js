// Who is at the workstation: the first-run wizard on an empty database, the
// switch screen (tap your name, type your PIN), and the idle lock. The backend
// decides everything (atelier-core refuses what a role may not do, and says at
// sign-in which actions the person may do); this module shows the gate and
// remembers who is signed in so the screens can hide what they would be
// refused anyway, by asking `may(action)`.

import * as api from './api.js';
import { t, plural, intlTag } from './i18n/index.js';
import { h } from './dom.js';
import { field, errorDisplay } from './forms.js';
import { showToast, hideToast } from './toast.js';
import { workshopFields, readWorkshop, readLogo } from './screens/workshop-form.js';

let user = null;
let idleMinutes = 5;
let idleTimer = null;
let onSignedIn = () => {};

/** The person signed in: {id, name, roles, actions} or null. */
export function currentUser() {
  return user;
}

/**
 * Whether the person signed in may do `action` ("read_customers",
 * "work_jobs", "settings"…: atelier-core's `Action`), as core listed at
 * sign-in. The UI never works it out from the roles.
 */
export function may(action) {
  return Boolean(user?.actions?.includes(action));
}

/**
 * Starts the gate from `asked`, the session's state as the shell answered it
 * (`api.sessionState()`). `signedIn(user)` runs each time someone signs in
 * (after the wizard, a PIN switch or a password). Returns once the first
 * screen shows.
 */
export async function startSession(asked, signedIn) {
  onSignedIn = signedIn;
  for (const event of ['pointerdown', 'keydown', 'wheel', 'touchstart']) {
    window.addEventListener(event, restartIdleTimer, { passive: true, capture: true });
  }
  window.addEventListener('atelier:signed-out', () => showSwitch());
  const state = await asked;
  idleMinutes = state.idle_minutes;
  if (!state.set_up) showWizard();
  else if (state.user) enter(state.user);
  else await showSwitch();
}

/** Locks the workstation now and shows the switch screen. */
export async function lockNow() {
  try {
    await api.lock();
  } finally {
    await showSwitch();
  }
}

/** The idle time changed in Réglages. */
export function setIdleMinutes(minutes) {
  idleMinutes = minutes;
  restartIdleTimer();
}

function restartIdleTimer() {
  clearTimeout(idleTimer);
  if (!user || idleMinutes <= 0) return;
  idleTimer = setTimeout(() => lockNow(), idleMinutes * 60_000);
}

function enter(signedIn) {
  user = signedIn;
  gate().hidden = true;
  gate().replaceChildren();
  document.body.classList.remove('gated');
  restartIdleTimer();
  onSignedIn(user);
}

function gate() {
  return document.getElementById('gate');
}

function showGate(content) {
  clearTimeout(idleTimer);
  user = null;
  document.body.classList.add('gated');
  hideToast();
  document.querySelector('dialog[open]')?.close();
  const el = gate();
  el.replaceChildren(content);
  el.hidden = false;
}

// --- the switch screen -------------------------------------------------------

async function showSwitch() {
  const list = h('ul', { id: 'switch-users', class: 'switch-users' });
  const panel = h('div', { id: 'switch-panel', class: 'switch-panel' });
  showGate(h('section', { id: 'switch-screen', class: 'gate-card', 'aria-labelledby': 'switch-title' }, [
    h('h1', { id: 'switch-title', text: t('session.switch_title') }),
    h('p', { class: 'hint', text: t('session.switch_hint') }),
    list,
    panel,
    h('button', {
      type: 'button', id: 'sign-in-by-login', class: 'link', text: t('session.by_login'),
    }),
  ]));
  gate().querySelector('#sign-in-by-login').addEventListener('click', () => showPasswordForm(panel, null));
  let users = [];
  try {
    users = await api.switchUsers();
  } catch (error) {
    panel.append(h('p', { class: 'form-error', role: 'alert', text: error.message }));
  }
  for (const u of users) {
    const tile = h('button', { type: 'button', class: 'user-tile', 'data-login': u.login }, [
      h('span', { class: 'user-name', text: u.display_name }),
      h('span', { class: 'user-roles', text: u.roles.map((r) => t(`role.${r}`)).join(' · ') }),
    ]);
    tile.addEventListener('click', () => {
      for (const other of list.querySelectorAll('.user-tile')) other.removeAttribute('aria-pressed');
      tile.setAttribute('aria-pressed', 'true');
      if (u.has_pin) showPinForm(panel, u);
      else showPasswordForm(panel, u);
    });
    list.append(h('li', {}, tile));
  }
  list.querySelector('button')?.focus();
}

function showPinForm(panel, u) {
  const pin = h('input', {
    type: 'password', inputmode: 'numeric', autocomplete: 'off', maxlength: '6', class: 'pin-input',
  });
  const error = h('p', { id: 'switch-error', class: 'form-error', role: 'alert' });
  const form = h('form', { id: 'pin-form', class: 'gate-form' }, [
    field('switch', 'pin', pin, t('session.pin_for', { name: u.display_name })),
    h('div', { class: 'actions' }, [
      h('button', { type: 'submit', id: 'pin-submit', class: 'primary big', text: t('session.unlock') }),
      h('button', { type: 'button', class: 'link', id: 'use-password', text: t('session.use_password') }),
    ]),
    error,
  ]);
  form.querySelector('#use-password').addEventListener('click', () => showPasswordForm(panel, u));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      enter(await api.switchUser(u.id, pin.value));
    } catch (e) {
      error.textContent = e.message;
      pin.value = '';
      pin.focus();
    }
  });
  panel.replaceChildren(form);
  pin.focus();
}

function showPasswordForm(panel, u) {
  const login = h('input', { type: 'text', autocomplete: 'username', spellcheck: 'false' });
  const password = h('input', { type: 'password', autocomplete: 'current-password' });
  const error = h('p', { id: 'switch-error', class: 'form-error', role: 'alert' });
  const form = h('form', { id: 'password-form', class: 'gate-form' }, [
    field('signin', 'login', login, t('session.login')),
    field('signin', 'password', password, t('session.password')),
    h('div', { class: 'actions' }, [
      h('button', { type: 'submit', id: 'password-submit', class: 'primary big', text: t('session.sign_in') }),
    ]),
    error,
  ]);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      enter(await api.signIn(login.value, password.value));
    } catch (e) {
      error.textContent = e.message;
      password.value = '';
      password.focus();
    }
  });
  panel.replaceChildren(form);
  if (u) {
    // The tile said who: the login is asked only when nobody was picked.
    login.closest('.field').hidden = true;
    login.value = u.login;
  }
  (u ? password : login).focus();
}

// --- the first run -----------------------------------------------------------

function showWizard() {
  const owner = {
    display_name: h('input', { type: 'text', autocomplete: 'name' }),
    login: h('input', { type: 'text', autocomplete: 'username', spellcheck: 'false' }),
    password: h('input', { type: 'password', autocomplete: 'new-password' }),
    pin: h('input', { type: 'password', inputmode: 'numeric', maxlength: '6', autocomplete: 'off' }),
  };
  const station = {
    series_prefix: h('input', { type: 'text', maxlength: '6', spellcheck: 'false' }),
    idle_minutes: h('input', { type: 'text', inputmode: 'numeric', value: '5' }),
  };
  const formError = h('p', { id: 'wizard-error', class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', id: 'wizard-submit', class: 'primary big', text: t('wizard.create') });
  const form = h('form', { id: 'wizard-form', class: 'gate-form wizard', novalidate: true }, [
    h('section', { class: 'panel' }, [
      h('h2', { text: t('wizard.workshop') }),
      ...workshopFields('wizard', null),
    ]),
    h('section', { class: 'panel' }, [
      h('h2', { text: t('wizard.station') }),
      field('wizard', 'series_prefix', station.series_prefix, t('station.series_prefix'), { hint: t('station.series_prefix_hint') }),
      field('wizard', 'idle_minutes', station.idle_minutes, t('station.idle_minutes'), { hint: t('station.idle_minutes_hint') }),
    ]),
    h('section', { class: 'panel' }, [
      h('h2', { text: t('wizard.owner') }),
      h('p', { class: 'hint', text: t('wizard.owner_hint') }),
      field('wizard', 'display_name', owner.display_name, t('user.display_name')),
      field('wizard', 'login', owner.login, t('user.login')),
      field('wizard', 'password', owner.password, t('user.password'), { hint: t('user.password_hint') }),
      field('wizard', 'pin', owner.pin, t('user.pin'), { hint: t('user.pin_hint') }),
    ]),
    formError,
    h('div', { class: 'actions' }, submit),
  ]);
  const errors = errorDisplay(form, formError);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    submit.disabled = true;
    try {
      const signedIn = await api.firstRun({
        workshop: readWorkshop(form),
        station: { series_prefix: station.series_prefix.value, idle_minutes: station.idle_minutes.value },
        owner: {
          display_name: owner.display_name.value,
          login: owner.login.value,
          password: owner.password.value,
          pin: owner.pin.value,
          roles: ['owner'],
        },
      });
      idleMinutes = Number.parseInt(station.idle_minutes.value, 10) || 0;
      const logo = await readLogo(form);
      if (logo) {
        // The workshop exists now: a refused logo is said, and can be chosen again in Réglages.
        await api.setWorkshopLogo(logo).catch((e) => showToast(e.message, { long: true }));
      }
      enter(signedIn);
    } catch (error) {
      errors.show(error);
    } finally {
      submit.disabled = false;
    }
  });
  showGate(h('section', { id: 'first-run', class: 'gate-card wide', 'aria-labelledby': 'wizard-title' }, [
    h('h1', { id: 'wizard-title', text: t('wizard.title') }),
    h('p', { class: 'hint', text: t('wizard.intro') }),
    joinPanel(),
    form,
  ]));
  form.elements.name.focus();
}

/**
 * « Rejoindre un atelier » on the first run: a new workstation of a workshop
 * that already syncs is enrolled with the code the owner minted, and its
 * first round brings the workshop and its people, who then sign in here.
 */
function joinPanel() {
  const server = h('input', { type: 'text', inputmode: 'url', spellcheck: 'false', placeholder: 'https://serveur.garage.fr:8480' });
  const code = h('input', { type: 'text', spellcheck: 'false', autocomplete: 'off' });
  const name = h('input', { type: 'text', maxlength: '60' });
  const formError = h('p', { id: 'join-error', class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', id: 'join-submit', class: 'primary', text: t('join.submit') });
  const form = h('form', { id: 'join-form', class: 'gate-form', novalidate: true }, [
    field('join', 'server', server, t('sync.server'), { hint: t('sync.server_hint') }),
    field('join', 'code', code, t('sync.code')),
    field('join', 'name', name, t('sync.name'), { hint: t('join.name_hint') }),
    formError,
    h('div', { class: 'actions' }, submit),
  ]);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    formError.textContent = '';
    submit.disabled = true;
    submit.textContent = t('join.working');
    try {
      const report = await api.syncJoin(server.value, code.value, name.value);
      const done = report.from_snapshot
        ? plural('join.done_snapshot', report.pulled, {
          snapshot: new Intl.NumberFormat(intlTag()).format(report.from_snapshot),
        })
        : t('join.done', { n: report.pulled });
      // After the switch screen, which takes down the notices left for
      // the last person: this one is for whoever is joining.
      await showSwitch();
      showToast(done, { long: true });
    } catch (error) {
      formError.textContent = error.message;
    } finally {
      submit.disabled = false;
      submit.textContent = t('join.submit');
    }
  });
  return h('details', { id: 'join', class: 'panel join' }, [
    h('summary', { text: t('join.title') }),
    h('p', { class: 'hint', text: t('join.hint') }),
    form,
  ]);
}
