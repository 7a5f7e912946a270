// Planning settings (#/reglages/planning, owner): the bays and mechanics the
// board shows, with their weekly hours (the gaps are the breaks) and days
// off; the reminder rules every vehicle is followed by; and how messages
// leave the workshop (SMTP, the SMS provider) with their French and English
// templates. Every form is checked by the core, which answers field by field.

import * as api from '../api.js';
import { t, dateTimeFormat, formatNumber } from '../i18n/index.js';
import { h } from '../dom.js';
import { field, errorDisplay } from '../forms.js';
import { showToast } from '../toast.js';
import { localDay } from './planning.js';
import { clock } from '../dates.js';
import { dateInput } from '../date-input.js';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** One day's intervals as the form shows them: "08:00-12:00, 13:30-18:00". */
export function dayHoursText(intervals) {
  return (intervals ?? []).map(([a, b]) => `${clock(a)}-${clock(b)}`).join(', ');
}

export function render(container) {
  const refreshers = [];
  const refresh = () => Promise.all(refreshers.map((f) => f()));
  container.append(h('section', { class: 'screen planning-settings', 'aria-labelledby': 'screen-title' }, [
    h('a', { class: 'back', href: '#/reglages', text: t('planning_settings.back') }),
    h('h1', { id: 'screen-title', text: t('planning_settings.title') }),
    resourcesPanel(refreshers, refresh),
    daysOffPanel(refreshers),
    rulesPanel(refreshers),
    messagesPanel(),
    templatesPanel(),
  ]));
  refresh();
}

function submitButton(id, text) {
  return h('button', { type: 'submit', id, class: 'primary', text });
}

function panel(id, title, children) {
  return h('section', { class: 'panel', 'aria-labelledby': id }, [h('h2', { id, text: title }), ...children]);
}

/** Bays and mechanics: the list, and one form to add or change one. */
function resourcesPanel(refreshers, refreshAll) {
  const state = { editing: null, users: [] };
  const kind = h('select', {}, ['bay', 'mechanic'].map((k) => h('option', { value: k, text: t(`planning_settings.kind_${k}`) })));
  const name = h('input', { type: 'text', maxlength: '60' });
  const user = h('select', {});
  const userField = field('resource', 'user_id', user, t('planning_settings.user'), { hint: t('planning_settings.user_hint') });
  const days = WEEKDAYS.map(() => h('input', { type: 'text', spellcheck: 'false', placeholder: t('planning.closed') }));
  const title = h('h3', { id: 'resource-form-title', text: t('planning_settings.add_resource') });
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const cancel = h('button', { type: 'button', id: 'resource-cancel', text: t('planning_settings.cancel_edit'), hidden: true });
  const form = h('form', { id: 'resource-form', novalidate: true }, [
    title,
    field('resource', 'kind', kind, t('planning_settings.kind')),
    field('resource', 'name', name, t('planning_settings.name')),
    userField,
    h('fieldset', { class: 'week-hours' }, [
      h('legend', { text: t('planning_settings.week_hours') }),
      h('p', { class: 'hint', text: t('planning_settings.week_hours_hint') }),
      ...days.map((input, i) => {
        input.id = `resource-day-${WEEKDAYS[i]}`;
        return h('div', { class: 'field inline' }, [h('label', { for: input.id, text: t(`planning_settings.${WEEKDAYS[i]}`) }), input]);
      }),
      h('span', { class: 'field-error', 'data-for': 'week_hours' }),
    ]),
    formError,
    h('div', { class: 'actions' }, [cancel, submitButton('resource-save', t('common.save'))]),
  ]);
  const errors = errorDisplay(form, formError);
  const body = h('tbody', {});
  const table = h('table', { id: 'resources-table', class: 'list' }, [
    h('thead', {}, h('tr', {}, [t('planning_settings.name'), t('planning_settings.kind'), t('planning_settings.week_hours'), '', ''].map((c) => h('th', { text: c })))),
    body,
  ]);
  const defaults = [[480, 720], [810, 1080]];
  const reset = () => {
    state.editing = null;
    title.textContent = t('planning_settings.add_resource');
    cancel.hidden = true;
    kind.disabled = false;
    kind.value = 'bay';
    name.value = '';
    user.value = '';
    days.forEach((input, i) => { input.value = i < 5 ? dayHoursText(defaults) : ''; });
    userField.hidden = true;
    errors.clear();
  };
  kind.addEventListener('change', () => { userField.hidden = kind.value !== 'mechanic'; });
  cancel.addEventListener('click', reset);
  const edit = (r) => {
    state.editing = r;
    title.textContent = t('planning_settings.edit_resource', { name: r.name });
    cancel.hidden = false;
    kind.value = r.kind;
    kind.disabled = true;
    name.value = r.name;
    user.value = r.user_id ?? '';
    userField.hidden = r.kind !== 'mechanic';
    days.forEach((input, i) => { input.value = dayHoursText(r.week_hours[i]); });
    name.focus();
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    const input = {
      kind: kind.value, name: name.value, user_id: kind.value === 'mechanic' ? user.value : '',
      week_hours: days.map((d) => d.value),
    };
    try {
      if (state.editing) await api.updateResource(state.editing.id, input);
      else await api.createResource(input);
      showToast(t('planning_settings.resource_saved'));
      reset();
      await refreshAll();
    } catch (error) {
      errors.show(error);
    }
  });
  refreshers.push(async () => {
    const [resources, users] = await Promise.all([api.listResources(true), state.users.length ? state.users : api.listUsers()]);
    state.users = users;
    const chosen = user.value;
    user.replaceChildren(h('option', { value: '', text: t('planning.none') }),
      ...users.filter((u) => u.active).map((u) => h('option', { value: u.id, text: u.display_name })));
    user.value = chosen;
    body.replaceChildren(...resources.map((r) => {
      const change = h('button', { type: 'button', class: 'link', text: t('planning_settings.edit'), 'data-action': 'edit' });
      change.addEventListener('click', () => edit(r));
      const toggle = h('button', { type: 'button', class: 'link', 'data-action': 'toggle', text: r.active ? t('planning_settings.deactivate') : t('planning_settings.reactivate') });
      toggle.addEventListener('click', async () => {
        try {
          await api.setResourceActive(r.id, !r.active);
          await refreshAll();
        } catch (error) { formError.textContent = error.message; }
      });
      const hours = r.week_hours.map((d, i) => (d.length ? `${t(`planning_settings.${WEEKDAYS[i]}_short`)} ${dayHoursText(d)}` : null)).filter(Boolean).join(' · ');
      return h('tr', { 'data-id': r.id, class: r.active ? '' : 'inactive' }, [
        h('td', { text: r.active ? r.name : `${r.name} (${t('planning_settings.inactive')})` }),
        h('td', { text: t(`planning_settings.kind_${r.kind}`) }),
        h('td', { class: 'small', text: hours || t('planning.closed') }),
        h('td', {}, change), h('td', {}, toggle),
      ]);
    }));
    table.hidden = resources.length === 0;
  });
  reset();
  return panel('settings-resources', t('planning_settings.resources'), [
    h('p', { class: 'hint', text: t('planning_settings.resources_hint') }), table, form,
  ]);
}

/** Days away of a bay or mechanic, from today on. */
function daysOffPanel(refreshers) {
  const resource = h('select', {});
  const day = dateInput({ value: localDay() });
  const reason = h('input', { type: 'text', maxlength: '120' });
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { id: 'day-off-form', novalidate: true }, [
    field('day-off', 'resource_id', resource, t('planning_settings.resource')),
    field('day-off', 'day', day, t('planning_settings.day')),
    field('day-off', 'reason', reason, t('planning_settings.reason')),
    formError,
    h('div', { class: 'actions' }, submitButton('day-off-save', t('planning_settings.add_day_off'))),
  ]);
  const errors = errorDisplay(form, formError);
  const list = h('ul', { id: 'days-off', class: 'plain' });
  const names = new Map();
  const load = async () => {
    const [resources, off] = await Promise.all([
      api.listResources(true),
      api.listDaysOff(localDay(), `${new Date().getFullYear() + 2}-12-31`),
    ]);
    const chosen = resource.value;
    names.clear();
    for (const r of resources) names.set(r.id, r.name);
    resource.replaceChildren(...resources.filter((r) => r.active).map((r) => h('option', { value: r.id, text: r.name })));
    if (chosen) resource.value = chosen;
    list.replaceChildren(...off.map((d) => {
      const remove = h('button', { type: 'button', class: 'link', text: t('planning_settings.remove') });
      remove.addEventListener('click', async () => {
        try { await api.removeDayOff(d.id); await load(); } catch (error) { formError.textContent = error.message; }
      });
      return h('li', { 'data-id': d.id }, [
        `${dateTimeFormat({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${d.day}T12:00:00`))} · ${names.get(d.resource_id) ?? ''}${d.reason ? ` · ${d.reason}` : ''} `,
        remove,
      ]);
    }));
    if (!off.length) list.append(h('li', { class: 'muted', text: t('planning_settings.no_days_off') }));
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    try {
      await api.addDayOff(resource.value, day.value, reason.value || null);
      reason.value = '';
      showToast(t('planning_settings.day_off_saved'));
      await load();
    } catch (error) {
      errors.show(error);
    }
  });
  refreshers.push(load);
  return panel('settings-days-off', t('planning_settings.days_off'), [list, form]);
}

/** Reminder rules: by km and/or months, whichever comes first. */
function rulesPanel(refreshers) {
  const state = { editing: null };
  const name = h('input', { type: 'text', maxlength: '80' });
  const kind = h('select', {}, ['service', 'inspection'].map((k) => h('option', { value: k, text: t(`planning_settings.rule_${k}`) })));
  const everyKm = h('input', { type: 'text', inputmode: 'numeric' });
  const everyMonths = h('input', { type: 'text', inputmode: 'numeric' });
  const firstMonths = h('input', { type: 'text', inputmode: 'numeric' });
  const active = h('input', { type: 'checkbox', id: 'rule-active', checked: true });
  const title = h('h3', { text: t('planning_settings.add_rule') });
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const cancel = h('button', { type: 'button', text: t('planning_settings.cancel_edit'), hidden: true });
  const form = h('form', { id: 'rule-form', novalidate: true }, [
    title,
    field('rule', 'name', name, t('planning_settings.rule_name')),
    field('rule', 'kind', kind, t('planning_settings.kind')),
    field('rule', 'every_km', everyKm, t('planning_settings.every_km')),
    field('rule', 'every_months', everyMonths, t('planning_settings.every_months')),
    field('rule', 'first_months', firstMonths, t('planning_settings.first_months'), { hint: t('planning_settings.first_months_hint') }),
    h('div', { class: 'field' }, h('label', { class: 'check', for: 'rule-active' }, [active, h('span', { text: t('planning_settings.rule_active') })])),
    formError,
    h('div', { class: 'actions' }, [cancel, submitButton('rule-save', t('common.save'))]),
  ]);
  const errors = errorDisplay(form, formError);
  const body = h('tbody', {});
  const defaults = h('button', { type: 'button', id: 'rules-defaults', text: t('planning_settings.default_rules') });
  const reset = () => {
    state.editing = null;
    title.textContent = t('planning_settings.add_rule');
    cancel.hidden = true;
    for (const input of [name, everyKm, everyMonths, firstMonths]) input.value = '';
    kind.value = 'service';
    active.checked = true;
    errors.clear();
  };
  cancel.addEventListener('click', reset);
  const load = async () => {
    const rules = await api.listReminderRules();
    body.replaceChildren(...rules.map((r) => {
      const change = h('button', { type: 'button', class: 'link', text: t('planning_settings.edit') });
      change.addEventListener('click', () => {
        state.editing = r;
        title.textContent = t('planning_settings.edit_rule', { name: r.name });
        cancel.hidden = false;
        name.value = r.name;
        kind.value = r.kind;
        everyKm.value = r.every_km ?? '';
        everyMonths.value = r.every_months ?? '';
        firstMonths.value = r.first_months ?? '';
        active.checked = r.active;
        name.focus();
      });
      return h('tr', { 'data-id': r.id, class: r.active ? '' : 'inactive' }, [
        h('td', { text: r.name }),
        h('td', { text: t(`planning_settings.rule_${r.kind}`) }),
        h('td', { class: 'num', text: r.every_km ? t('planning_settings.km', { km: formatNumber(r.every_km) }) : '—' }),
        h('td', { class: 'num', text: r.every_months ? t('planning_settings.months', { n: r.every_months }) : '—' }),
        h('td', { class: 'num', text: r.first_months ? t('planning_settings.months', { n: r.first_months }) : '—' }),
        h('td', { text: r.active ? t('planning_settings.rule_on') : t('planning_settings.rule_off') }),
        h('td', {}, change),
      ]);
    }));
    defaults.hidden = rules.length > 0;
  };
  defaults.addEventListener('click', async () => {
    try {
      await api.addDefaultReminderRules();
      await load();
    } catch (error) { formError.textContent = error.message; }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    const input = {
      name: name.value, kind: kind.value, every_km: everyKm.value, every_months: everyMonths.value,
      first_months: firstMonths.value, active: active.checked,
    };
    try {
      if (state.editing) await api.updateReminderRule(state.editing.id, input);
      else await api.createReminderRule(input);
      showToast(t('planning_settings.rule_saved'));
      reset();
      await load();
    } catch (error) {
      errors.show(error);
    }
  });
  refreshers.push(load);
  const head = [t('planning_settings.rule_name'), t('planning_settings.kind'), t('planning_settings.every_km'), t('planning_settings.every_months'), t('planning_settings.first_months'), '', ''];
  return panel('settings-rules', t('planning_settings.rules'), [
    h('p', { class: 'hint', text: t('planning_settings.rules_hint') }),
    h('table', { id: 'rules-table', class: 'list' }, [h('thead', {}, h('tr', {}, head.map((c) => h('th', { text: c })))), body]),
    defaults, form,
  ]);
}

/** SMTP and SMS provider. Secrets are shown only as "stored". */
function messagesPanel() {
  const inputs = {
    smtp_host: h('input', { type: 'text', spellcheck: 'false' }),
    smtp_port: h('input', { type: 'text', inputmode: 'numeric', placeholder: '587' }),
    smtp_security: h('select', {}, ['starttls', 'tls', 'none'].map((s) => h('option', { value: s, text: t(`message_settings.security_${s}`) }))),
    smtp_user: h('input', { type: 'text', spellcheck: 'false', autocomplete: 'off' }),
    smtp_password: h('input', { type: 'password', autocomplete: 'new-password' }),
    smtp_from: h('input', { type: 'email', spellcheck: 'false' }),
    sms_url: h('input', { type: 'url', spellcheck: 'false', placeholder: 'https://' }),
    sms_key: h('input', { type: 'password', autocomplete: 'new-password' }),
    sms_sender: h('input', { type: 'text', maxlength: '20' }),
  };
  const clear = h('input', { type: 'checkbox', id: 'messages-clear-secrets' });
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const status = h('p', { id: 'messages-status', class: 'hint' });
  const f = (name, hint) => field('messages', name, inputs[name], t(`message_settings.${name}`), { hint: hint ? t(`message_settings.${name}_hint`) : '' });
  const form = h('form', { id: 'messages-form', novalidate: true }, [
    status,
    h('h3', { text: t('message_settings.email') }),
    f('smtp_host'), f('smtp_port', true), f('smtp_security'), f('smtp_user'), f('smtp_password', true), f('smtp_from'),
    h('h3', { text: t('message_settings.sms') }),
    f('sms_url', true), f('sms_key', true), f('sms_sender'),
    h('div', { class: 'field' }, h('label', { class: 'check', for: clear.id }, [clear, h('span', { text: t('message_settings.clear_secrets') })])),
    formError,
    h('div', { class: 'actions' }, submitButton('messages-save', t('common.save'))),
  ]);
  const errors = errorDisplay(form, formError);
  const show = (s) => {
    for (const key of ['smtp_host', 'smtp_user', 'smtp_from', 'sms_url', 'sms_sender']) inputs[key].value = s[key] ?? '';
    inputs.smtp_port.value = s.smtp_port ?? '';
    inputs.smtp_security.value = s.smtp_security;
    inputs.smtp_password.value = '';
    inputs.sms_key.value = '';
    inputs.smtp_password.placeholder = s.smtp_password_set ? t('message_settings.secret_kept') : '';
    inputs.sms_key.placeholder = s.sms_key_set ? t('message_settings.secret_kept') : '';
    clear.checked = false;
    status.textContent = [
      s.smtp_host && s.smtp_from ? t('message_settings.email_ready') : t('message_settings.email_off'),
      s.sms_url ? t('message_settings.sms_ready') : t('message_settings.sms_off'),
    ].join(' ');
  };
  api.messageSettings().then(show, (error) => { formError.textContent = error.message; });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    const input = Object.fromEntries(Object.entries(inputs).map(([k, el]) => [k, el.value]));
    try {
      show(await api.saveMessageSettings({ ...input, clear_secrets: clear.checked }));
      showToast(t('message_settings.saved'));
    } catch (error) {
      errors.show(error);
    }
  });
  return panel('settings-messages', t('message_settings.title'), [h('p', { class: 'hint', text: t('message_settings.hint') }), form]);
}

/** The confirmation and reminder texts, in French and in English. */
function templatesPanel() {
  const which = h('select', {}, ['confirmation', 'reminder'].flatMap((kind) => ['fr', 'en'].map((locale) =>
    h('option', { value: `${kind}.${locale}`, text: `${t(`message_settings.kind_${kind}`)} — ${t(`settings.language_${locale}`)}` }))));
  const subject = h('input', { type: 'text', maxlength: '200' });
  const body = h('textarea', { rows: '7', maxlength: '2000' });
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { id: 'template-form', novalidate: true }, [
    field('template', 'which', which, t('message_settings.template_which')),
    field('template', 'subject', subject, t('message_settings.template_subject')),
    field('template', 'template', body, t('message_settings.template_body'), { hint: t('message_settings.template_hint') }),
    formError,
    h('div', { class: 'actions' }, submitButton('template-save', t('common.save'))),
  ]);
  const errors = errorDisplay(form, formError);
  const load = async () => {
    errors.clear();
    const [kind, locale] = which.value.split('.');
    try {
      const tpl = await api.messageTemplate(kind, locale);
      subject.value = tpl.subject;
      body.value = tpl.body;
    } catch (error) { formError.textContent = error.message; }
  };
  which.addEventListener('change', load);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    const [kind, locale] = which.value.split('.');
    try {
      const saved = await api.saveMessageTemplate(kind, locale, { subject: subject.value, body: body.value });
      subject.value = saved.subject;
      body.value = saved.body;
      showToast(t('message_settings.template_saved'));
    } catch (error) {
      errors.show(error);
    }
  });
  load();
  return panel('settings-templates', t('message_settings.templates'), [form]);
}
