// A record's own history (who changed what, when), shown to the owner at the
// bottom of a customer's or a vehicle's page, and the change list the audit
// screen shares.

import * as api from '../api.js';
import { t, formatDateTime } from '../i18n/index.js';
import { h } from '../dom.js';
import { may } from '../session.js';

/** The name of a kind of record, e.g. "customers" → « Client ». */
export function entityLabel(entity) {
  const key = `entity.${entity}`;
  const label = t(key);
  return label === key ? entity : label;
}

function show(value) {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return t(value ? 'common.yes' : 'common.no');
  return String(value);
}

/** The fields of one entry as "field: old → new" lines. */
export function changeList(entry) {
  const items = Object.entries(entry.changes).map(([name, pair]) => {
    const [before, after] = Array.isArray(pair) ? pair : [null, pair];
    const text = entry.kind === 'insert' ? show(after) : `${show(before)} → ${show(after)}`;
    return h('li', {}, [h('span', { class: 'change-field', text: t('audit.change_field', { field: name }) }), text]);
  });
  // An anonymisation erased its values: say so rather than leave « •••• » unexplained.
  if (entry.erased) items.push(h('li', { class: 'muted', text: t('audit.erased') }));
  return h('ul', { class: 'changes' }, items);
}

/** A "Historique des modifications" panel for the record, or null for who may not read the audit trail. */
export function historyPanel(entity, rowId) {
  if (!may('read_audit')) return null;
  const list = h('ol', { class: 'history', id: 'record-history' });
  const error = h('p', { class: 'form-error', role: 'alert' });
  api.recordHistory(entity, rowId).then((entries) => {
    list.replaceChildren(...entries.slice().reverse().map((e) => h('li', {}, [
      h('p', { class: 'history-head' }, [
        h('strong', { text: e.user_name ?? t('audit.system') }),
        ` · ${formatDateTime(new Date(e.at_ms).toISOString())} · ${t(`audit.kind_${e.kind}`)}`,
      ]),
      changeList(e),
    ])));
  }, (e) => { error.textContent = e.message; });
  return h('section', { class: 'panel', 'aria-labelledby': 'history-title' }, [
    h('h2', { id: 'history-title', text: t('audit.record_history') }),
    error,
    list,
  ]);
}
