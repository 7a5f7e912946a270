// Réglages › Arbres de diagnostic (#/reglages/arbres, owner): the decision
// trees the bench offers, those Atelier ships and the workshop's own, with
// the codes that start each. The owner opens one in the editor, copies a
// shipped tree to adapt it, puts a tree away (kept, no longer offered) or
// deletes it. Trees sync to every station like the other settings.

import * as api from '../api.js';
import { t } from '../i18n/index.js';
import { h } from '../dom.js';
import { screen } from '../screen.js';
import { confirmAction } from '../confirm.js';
import { showToast } from '../toast.js';

export const { render, dispose } = screen((container, _params, life) => {
  const error = h('p', { id: 'trees-error', class: 'form-error', role: 'alert' });
  const body = h('tbody', { id: 'trees-list' });
  const empty = h('p', { class: 'muted', text: t('trees.none'), hidden: true });
  container.append(h('section', { class: 'screen trees', 'aria-labelledby': 'screen-title' }, [
    h('a', { class: 'back', href: '#/reglages', text: t('trees.back_settings') }),
    h('h1', { id: 'screen-title', text: t('trees.title') }),
    h('p', { class: 'hint', text: t('trees.intro') }),
    h('div', { class: 'actions' }, h('a', { id: 'tree-new', class: 'button-link primary', href: '#/reglages/arbres/nouveau', text: t('trees.new') })),
    error,
    h('table', { class: 'list' }, [
      h('thead', {}, h('tr', {}, [
        h('th', { scope: 'col', text: t('trees.name') }),
        h('th', { scope: 'col', text: t('trees.triggers') }),
        h('th', { scope: 'col', class: 'num', text: t('trees.steps') }),
        h('th', { scope: 'col', text: t('trees.actions') }),
      ])),
      body,
    ]),
    empty,
  ]));

  async function load() {
    const current = life.next();
    try {
      const trees = await api.diagnosisTrees();
      if (!current()) return;
      body.replaceChildren(...trees.map(row));
      empty.hidden = trees.length > 0;
    } catch (failure) {
      if (current()) error.textContent = failure.message;
    }
  }

  function action(text, run) {
    const button = h('button', { type: 'button', class: 'link', text });
    button.addEventListener('click', async () => {
      error.textContent = '';
      try {
        await run();
        await load();
      } catch (failure) {
        error.textContent = failure.message;
      }
    });
    return button;
  }

  function row(tree) {
    const edit = `#/reglages/arbres/${encodeURIComponent(tree.id)}`;
    const name = tree.name.fr;
    return h('tr', { 'data-id': tree.id, class: tree.archived ? 'archived' : null }, [
      h('td', {}, [
        h('a', { href: edit, text: name }),
        tree.archived ? h('span', { class: 'badge', text: t('trees.archived') }) : null,
      ].filter(Boolean)),
      h('td', { class: 'codes', text: tree.triggers.map((tr) => tr.codes).join(', ') || '—' }),
      h('td', { class: 'num', text: String(tree.nodes.length) }),
      h('td', {}, h('div', { class: 'row-actions' }, [
        h('a', { href: edit, text: t('trees.edit') }),
        h('a', { href: `#/reglages/arbres/copie-${encodeURIComponent(tree.id)}`, 'data-action': 'copy', text: t('trees.copy') }),
        action(tree.archived ? t('trees.unarchive') : t('trees.archive'), async () => {
          await api.archiveDiagnosisTree(tree.id, !tree.archived);
          showToast(tree.archived ? t('trees.unarchived', { name }) : t('trees.archived_toast', { name }));
        }),
        action(t('trees.delete'), async () => {
          const yes = await confirmAction({
            title: t('trees.delete_title'), paragraphs: [name, t('trees.delete_warning')],
            confirmLabel: t('trees.delete'), danger: true,
          });
          if (!yes) return;
          await api.deleteDiagnosisTree(tree.id);
          showToast(t('trees.deleted', { name }));
        }),
      ])),
    ]);
  }

  load();
});
