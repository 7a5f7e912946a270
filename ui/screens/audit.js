// The owner's audit trail: every change, who made it, when, from which
// workstation, with old → new values. Filter by user, record type and dates.

import * as api from '../api.js';
import { t, formatDateTime } from '../i18n/index.js';
import { h } from '../dom.js';
import { changeList, entityLabel } from './history.js';
import { dateInput } from '../date-input.js';

const ENTITIES = ['customers', 'vehicles', 'vehicle_owners', 'mileage_readings', 'users', 'workshop', 'rate_categories'];
const PAGE = 100;

export function render(container) {
  const user = h('select', { id: 'audit-user' }, [
    h('option', { value: '', text: t('audit.all_users') }),
    h('option', { value: 'system', text: t('audit.system') }),
  ]);
  const entity = h('select', { id: 'audit-entity' }, [
    h('option', { value: '', text: t('audit.all_records') }),
    ...ENTITIES.map((e) => h('option', { value: e, text: entityLabel(e) })),
  ]);
  const from = dateInput({ id: 'audit-from' });
  const to = dateInput({ id: 'audit-to' });
  const tbody = h('tbody');
  const error = h('p', { class: 'form-error', role: 'alert' });
  const more = h('button', { type: 'button', id: 'audit-more', text: t('audit.more'), hidden: true });
  let lastId = null;

  async function load(append = false) {
    error.textContent = '';
    const filter = {
      user_id: user.value || null,
      entity: entity.value || null,
      from: from.value || null,
      to: to.value || null,
      before_id: append ? lastId : null,
      limit: PAGE,
    };
    try {
      const entries = await api.listAudit(filter);
      const rows = entries.map((e) => h('tr', {}, [
        h('td', { text: formatDateTime(new Date(e.at_ms).toISOString()) }),
        h('td', { text: e.user_name ?? t('audit.system') }),
        h('td', { text: entityLabel(e.entity) }),
        h('td', { text: t(`audit.kind_${e.kind}`) }),
        h('td', {}, changeList(e)),
      ]));
      if (append) tbody.append(...rows);
      else tbody.replaceChildren(...rows);
      lastId = entries.at(-1)?.id ?? lastId;
      more.hidden = entries.length < PAGE;
      if (!append && entries.length === 0) {
        tbody.append(h('tr', {}, h('td', { colspan: '5', class: 'muted', text: t('audit.empty') })));
      }
    } catch (e) {
      error.textContent = e.message;
    }
  }

  for (const control of [user, entity, from, to]) control.addEventListener('change', () => load());
  more.addEventListener('click', () => load(true));

  container.append(h('section', { class: 'screen audit', 'aria-labelledby': 'screen-title' }, [
    h('h1', { id: 'screen-title', text: t('audit.title') }),
    h('div', { class: 'toolbar' }, [
      h('div', { class: 'inline-field' }, [h('label', { for: 'audit-user', text: t('audit.user') }), user]),
      h('div', { class: 'inline-field' }, [h('label', { for: 'audit-entity', text: t('audit.record') }), entity]),
      h('div', { class: 'inline-field' }, [h('label', { for: 'audit-from', text: t('audit.from') }), from]),
      h('div', { class: 'inline-field' }, [h('label', { for: 'audit-to', text: t('audit.to') }), to]),
    ]),
    error,
    h('table', { id: 'audit-list', class: 'list' }, [
      h('thead', {}, h('tr', {}, ['audit.col_when', 'audit.col_who', 'audit.col_record', 'audit.col_what', 'audit.col_changes']
        .map((key) => h('th', { scope: 'col', text: t(key) })))),
      tbody,
    ]),
    more,
  ]));

  api.listUsers().then((users) => {
    user.append(...users.map((u) => h('option', { value: u.id, text: u.display_name })));
  }, (e) => { error.textContent = e.message; });
  load();
}
