// A trouble code's page (#/codes/P0420), opened from the search box: what it
// means (the owner's title when they corrected the library's, the English
// where the French is not whole), each make's own meaning, and the
// workshop's vehicles that had it. The owner corrects the title here; it is
// kept and synced to every station.

import * as api from '../api.js';
import { t, formatDateTime } from '../i18n/index.js';
import { h } from '../dom.js';
import { screen } from '../screen.js';
import { may } from '../session.js';
import { showToast } from '../toast.js';
import { field, errorDisplay } from '../forms.js';

export const { render, dispose } = screen((container, { id }, life) => {
  const title = h('h1', { id: 'screen-title', class: 'mono', text: id });
  const meaning = h('p', { id: 'code-meaning', class: 'big-text' });
  const english = h('p', { id: 'code-english', class: 'muted', lang: 'en', hidden: true });
  const library = h('p', { id: 'code-library', class: 'hint', hidden: true });
  const makes = h('ul', { id: 'code-makes', class: 'plain' });
  const seen = h('ul', { id: 'code-occurrences', class: 'plain' });
  const seenNone = h('p', { class: 'muted', text: t('code.never_seen'), hidden: true });
  const error = h('p', { id: 'code-error', class: 'form-error', role: 'alert' });
  const own = h('input', { type: 'text' });
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const save = h('button', { id: 'code-title-save', type: 'submit', text: t('common.save') });
  const form = h('form', { id: 'code-title-form', novalidate: true }, [
    field('code', 'title', own, t('code.own_title'), { hint: t('code.own_title_hint') }),
    formError,
    h('div', { class: 'actions' }, save),
  ]);
  const errors = errorDisplay(form, formError);
  container.append(h('section', { class: 'screen record', 'aria-labelledby': 'screen-title' }, [
    title, error, meaning, english, library,
    h('section', { class: 'panel', 'aria-labelledby': 'code-makes-title' }, [
      h('h2', { id: 'code-makes-title', text: t('code.makes') }), makes,
    ]),
    h('section', { class: 'panel', 'aria-labelledby': 'code-seen-title' }, [
      h('h2', { id: 'code-seen-title', text: t('code.seen') }), seen, seenNone,
    ]),
    may('settings') ? h('section', { class: 'panel', 'aria-labelledby': 'code-title-title' }, [
      h('h2', { id: 'code-title-title', text: t('code.correct') }), form,
    ]) : null,
  ].filter(Boolean)));

  async function load() {
    const current = life.next();
    try {
      const page = await api.codePage(id);
      if (!current()) return;
      show(page);
    } catch (failure) {
      if (current()) error.textContent = failure.message;
    }
  }

  function show(page) {
    const m = page.meaning;
    title.textContent = m.code;
    meaning.textContent = m.title ?? t('diagnosis.unknown_code');
    english.textContent = m.english ?? '';
    english.hidden = !m.english;
    library.textContent = page.library_title ? t('code.library_title', { title: page.library_title }) : '';
    library.hidden = !page.library_title;
    own.value = m.corrected ? m.title : '';
    makes.replaceChildren(...page.makes.map((x) => h('li', {}, [
      h('strong', { text: x.make ?? t('code.other_make') }), ' ',
      h('span', { lang: 'en', text: x.english }),
    ])));
    makes.closest('section').hidden = page.makes.length === 0;
    seen.replaceChildren(...page.occurrences.map((o) => h('li', { 'data-vehicle': o.vehicle_id }, [
      h('a', { href: `#/vehicules/${encodeURIComponent(o.vehicle_id)}`, class: 'plate-text', text: o.plate ?? '—' }), ' ',
      h('span', { text: o.label ?? '' }), ' · ',
      h('a', { href: `#/ordres/${encodeURIComponent(o.order_id)}`, text: o.order_number }), ' · ',
      h('span', { class: 'muted', text: `${formatDateTime(o.read_at)} · ${t(`diagnosis.state_${o.state}`)}` }),
      o.make_meaning ? h('p', { class: 'muted', lang: 'en', text: o.make_meaning }) : null,
    ].filter(Boolean))));
    seenNone.hidden = page.occurrences.length > 0;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    save.disabled = true;
    try {
      await api.setCodeTitle(id, own.value);
      showToast(own.value.trim() ? t('code.title_saved') : t('code.title_reset'));
      await load();
    } catch (e) {
      errors.show(e);
    } finally {
      save.disabled = false;
    }
  });

  load();
});
