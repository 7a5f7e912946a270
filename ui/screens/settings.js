// Settings: the interface language (saved per workstation by the backend) and
// where this installation keeps its data.

import * as api from '../api.js';
import { t, getLocale, setLocale } from '../i18n/index.js';
import { h } from '../dom.js';

const LOCALES = ['fr', 'en'];

export function render(container) {
  const select = h('select', { id: 'locale', 'aria-describedby': 'locale-hint' },
    LOCALES.map((code) => h('option', { value: code, text: t(`settings.language_${code}`) })));
  select.value = getLocale();
  const languageError = h('p', { id: 'locale-error', class: 'form-error', role: 'alert' });

  select.addEventListener('change', async () => {
    languageError.textContent = '';
    // Not disabled while saving: the select keeps focus through the redraw.
    try {
      const saved = await api.setLocale(select.value);
      setLocale(saved);
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
      h('section', { class: 'panel', 'aria-labelledby': 'settings-about' }, [
        h('h2', { id: 'settings-about', text: t('settings.about') }),
        about,
        aboutError,
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
