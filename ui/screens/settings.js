// Settings: the interface language (saved per workstation by the backend),
// for the owner the workshop's identity, this workstation's settings and the
// ways to users and the audit trail, and where this installation keeps its data.

import * as api from '../api.js';
import { t, getLocale, setLocale } from '../i18n/index.js';
import { h } from '../dom.js';
import { field, errorDisplay } from '../forms.js';
import { may, setIdleMinutes } from '../session.js';
import { showToast } from '../toast.js';
import { workshopFields, readWorkshop, readLogo } from './workshop-form.js';
import { backupsPanel, encryptionPanel } from './backups.js';
import { accountingPanel } from './accounting.js';
import { syncPanel } from './sync.js';
import { updatesPanel } from './updates.js';
import { diagnosisSettingsPanel } from './diagnosis-settings.js';
import { einvoiceFolderPanel } from './supplier-invoices.js';

const LOCALES = ['fr', 'en'];

/** Ends what the last drawing of Réglages follows (the sync panel's rounds). */
let leaving = null;

export function dispose() {
  leaving?.abort();
  leaving = null;
}

export function render(container) {
  dispose();
  leaving = new AbortController();
  const select = h('select', { id: 'locale', 'aria-describedby': 'locale-hint' },
    LOCALES.map((code) => h('option', { value: code, text: t(`settings.language_${code}`) })));
  select.value = getLocale();
  const languageError = h('p', { id: 'locale-error', class: 'form-error', role: 'alert' });

  select.addEventListener('change', async () => {
    languageError.textContent = '';
    // Not disabled while saving: the select keeps focus through the redraw.
    try {
      const saved = await api.setLocale(select.value);
      await setLocale(saved);
      // app.js redraws the frame and this screen in the new language.
      window.dispatchEvent(new CustomEvent('atelier:locale-changed'));
    } catch (error) {
      select.value = getLocale();
      languageError.textContent = error.message;
    }
  });

  const about = h('dl', { class: 'about' });
  const aboutError = h('p', { class: 'form-error', role: 'alert' });

  container.append(
    h('section', { class: 'screen settings', 'aria-labelledby': 'screen-title' }, [
      h('h1', { id: 'screen-title', text: t('settings.title') }),
      h('section', { class: 'panel', 'aria-labelledby': 'settings-language' }, [
        h('h2', { id: 'settings-language', text: t('settings.language') }),
        h('div', { class: 'field' }, [
          h('label', { for: 'locale', text: t('settings.language_label') }),
          select,
          h('p', { id: 'locale-hint', class: 'hint', text: t('settings.language_hint') }),
        ]),
        languageError,
      ]),
      settingsLinks(),
      may('settings') ? workshopPanel() : null,
      may('settings') ? stationPanel() : null,
      may('settings') ? diagnosisSettingsPanel() : null,
      may('settings') ? backupsPanel() : null,
      may('settings') ? encryptionPanel() : null,
      may('settings') ? einvoiceFolderPanel() : null,
      // The FEC is the owner's export: offered with the reports' right.
      may('reports') ? accountingPanel() : null,
      may('settings') ? syncPanel(leaving.signal) : null,
      may('settings') ? updatesPanel() : null,
      // Checking the invoice chains is an audit: offered with the audit trail.
      may('read_audit') && may('invoices') ? verifyPanel() : null,
      h('section', { class: 'panel', 'aria-labelledby': 'settings-about' }, [
        h('h2', { id: 'settings-about', text: t('settings.about') }),
        about,
        aboutError,
        may('settings') ? diagnosticButton(aboutError) : null,
      ]),
    ]),
  );

  api.appInfo().then(
    (info) => {
      about.append(
        h('dt', { text: t('settings.version') }),
        h('dd', {}, h('code', { id: 'about-version', text: info.version })),
        h('dt', { text: t('settings.data_dir') }),
        h('dd', {}, h('code', { id: 'about-data-dir', text: info.data_dir })),
        h('dt', { text: t('settings.db_path') }),
        h('dd', {}, h('code', { id: 'about-db-path', text: info.db_path })),
      );
    },
    (error) => { aboutError.textContent = error.message; },
  );
}

/** The ways to the users, the audit trail and the planning settings, each for who may open it. */
function settingsLinks() {
  const links = [
    may('manage_users') ? h('a', { href: '#/reglages/utilisateurs', id: 'open-users', class: 'button-link', text: t('users.title') }) : null,
    may('read_audit') ? h('a', { href: '#/reglages/journal', id: 'open-audit', class: 'button-link', text: t('audit.title') }) : null,
    may('till') ? h('a', { href: '#/reglages/registre', id: 'open-till', class: 'button-link', text: t('till.title') }) : null,
    may('till') ? h('a', { href: '#/reglages/e-reporting', id: 'open-ereporting', class: 'button-link', text: t('ereporting.title') }) : null,
    may('settings') ? h('a', { href: '#/reglages/planning', id: 'open-planning-settings', class: 'button-link', text: t('planning_settings.title') }) : null,
    may('settings') ? h('a', { href: '#/reglages/arbres', id: 'open-trees', class: 'button-link', text: t('trees.title') }) : null,
  ].filter(Boolean);
  return links.length ? h('nav', { class: 'panel settings-links', 'aria-label': t('settings.more') }, links) : null;
}

/** « Exporter un diagnostic », with the hint that it holds no customer data. */
function diagnosticButton(errorSlot) {
  const button = h('button', { id: 'export-diagnostic', type: 'button', text: t('diagnostic.export') });
  button.addEventListener('click', async () => {
    button.disabled = true;
    errorSlot.textContent = '';
    try {
      const { path } = await api.exportDiagnostic();
      showToast(t('diagnostic.exported', { path }), { long: true });
    } catch (error) {
      errorSlot.textContent = error.message;
    } finally {
      button.disabled = false;
    }
  });
  return h('div', { class: 'field' }, [button, h('p', { class: 'hint', text: t('diagnostic.hint') })]);
}

function workshopPanel() {
  const body = h('div', {}, h('p', { class: 'muted', text: t('common.loading') }));
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const save = h('button', { type: 'submit', id: 'workshop-save', class: 'primary', text: t('common.save') });
  const form = h('form', { id: 'workshop-form', novalidate: true }, [body, formError, h('div', { class: 'actions' }, save)]);
  const errors = errorDisplay(form, formError);
  api.getWorkshop().then(
    (workshop) => body.replaceChildren(...workshopFields('workshop', workshop)),
    (error) => { formError.textContent = error.message; },
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    save.disabled = true;
    try {
      await api.saveWorkshop(readWorkshop(form));
      const logo = await readLogo(form);
      if (logo) await api.setWorkshopLogo(logo);
      showToast(t('workshop.saved'));
    } catch (error) {
      errors.show(error);
    } finally {
      save.disabled = false;
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'settings-workshop' }, [
    h('h2', { id: 'settings-workshop', text: t('settings.workshop') }),
    form,
  ]);
}

function stationPanel() {
  const prefix = h('input', { type: 'text', maxlength: '6', spellcheck: 'false' });
  const idle = h('input', { type: 'text', inputmode: 'numeric' });
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const save = h('button', { type: 'submit', id: 'station-save', class: 'primary', text: t('common.save') });
  const form = h('form', { id: 'station-form', novalidate: true }, [
    field('station', 'series_prefix', prefix, t('station.series_prefix'), { hint: t('station.series_prefix_hint') }),
    field('station', 'idle_minutes', idle, t('station.idle_minutes'), { hint: t('station.idle_minutes_hint') }),
    formError,
    h('div', { class: 'actions' }, save),
  ]);
  const errors = errorDisplay(form, formError);
  api.getStation().then((station) => {
    prefix.value = station.series_prefix ?? '';
    idle.value = String(station.idle_minutes);
  }, (error) => { formError.textContent = error.message; });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    try {
      const saved = await api.saveStation({ series_prefix: prefix.value, idle_minutes: idle.value });
      setIdleMinutes(saved.idle_minutes);
      showToast(t('station.saved'));
    } catch (error) {
      errors.show(error);
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'settings-station' }, [
    h('h2', { id: 'settings-station', text: t('settings.station') }),
    form,
  ]);
}

/** « Vérifier les factures »: core recomputes every chain and says what it found. */
function verifyPanel() {
  const button = h('button', { type: 'button', id: 'verify-invoices', text: t('verify.button') });
  const result = h('div', { id: 'verify-result', 'aria-live': 'polite' });
  button.addEventListener('click', async () => {
    button.disabled = true;
    result.replaceChildren(h('p', { class: 'muted', text: t('common.loading') }));
    try {
      const check = await api.checkIntegrity();
      const messages = [...check.invoices.messages, ...check.messages];
      result.replaceChildren(check.clean
        ? h('div', { class: 'verify-clean' }, [
          h('p', { text: t('verify.clean', { documents: check.invoices.documents }) }),
          h('p', { text: t('verify.clean_till', { closures: check.closures.closures, entries: check.journal.entries }) }),
        ])
        : h('div', { class: 'verify-broken', role: 'alert' }, [
          h('p', { text: t('verify.broken', { count: messages.length }) }),
          h('ul', {}, messages.map((m) => h('li', { text: m }))),
        ]));
    } catch (error) {
      result.replaceChildren(h('p', { class: 'form-error', role: 'alert', text: error.message }));
    } finally {
      button.disabled = false;
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'settings-verify' }, [
    h('h2', { id: 'settings-verify', text: t('verify.title') }),
    h('p', { class: 'hint', text: t('verify.hint') }),
    button,
    result,
  ]);
}
