// The assistant panel (#assistant): a question in plain words — typed in the
// panel opened by Ctrl+J or the « Assistant » button, or in the global
// search — answered by atelier-core from this station's data, within the
// person's rights. The conversation shows each answer with its records and
// the screens behind them, choices and suggestions that ask again, and a
// refusal or a question it cannot read said as such. An action comes back
// prepared: its usual dialog opens filled in, and only the person's
// confirmation there writes anything.

import * as api from './api.js';
import { t, plural, formatDay } from './i18n/index.js';
import { h } from './dom.js';
import { may } from './session.js';
import { confirmAction } from './confirm.js';
import { showToast } from './toast.js';
import { suggestionKeys, bookingPreset, estimatePreset, customerPreset, cents } from './assistant-text.js';
import { clock, dayOf } from './dates.js';

/** The word shown beside an answer that is not a plain answer. */
const BADGES = {
  refused: 'assistant.badge_refused',
  invalid: 'assistant.badge_invalid',
  not_understood: 'assistant.badge_not_understood',
  ambiguous: 'assistant.badge_ambiguous',
  prepared: 'assistant.badge_prepared',
  error: 'assistant.badge_error',
};

let panel = null;
let button = null;
let log = null;
// What the panel shows before anything is asked: a word on what it does, and suggestions.
let start = null;
let suggestions = null;
let input = null;
let send = null;
// Where the focus was before the panel took it, to give it back on close.
let opener = null;
// The number of the latest question: a slower earlier answer still shows, in its place.
let asked = 0;

/** Builds the panel in #assistant and wires #assistant-button (both in index.html). */
export function initAssistant() {
  panel = document.getElementById('assistant');
  button = document.getElementById('assistant-button');
  button.addEventListener('click', () => (panel.hidden ? openAssistant() : closeAssistant()));
  panel.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    closeAssistant();
  });
  draw();
  window.addEventListener('atelier:locale-changed', () => {
    const conversation = [...log.children];
    draw();
    log.replaceChildren(...conversation);
    start.hidden = conversation.length > 0;
    drawSuggestions();
  });
}

/** The panel's frame in the current language; the conversation is emptied. */
function draw() {
  button.title = t('assistant.button_hint');
  const title = h('h2', { id: 'assistant-title', text: t('assistant.title') });
  const clear = h('button', { type: 'button', id: 'assistant-clear', class: 'link', text: t('assistant.clear') });
  clear.addEventListener('click', () => {
    forget();
    input.focus();
  });
  const close = h('button', {
    type: 'button', id: 'assistant-close', class: 'assistant-close', 'aria-label': t('assistant.close'), title: t('assistant.close'),
  }, h('span', { 'aria-hidden': 'true', text: '×' }));
  close.addEventListener('click', () => closeAssistant());
  suggestions = h('div', { id: 'assistant-suggestions', class: 'assistant-suggestions', role: 'group', 'aria-labelledby': 'assistant-suggestions-title' });
  start = h('div', { class: 'assistant-start' }, [
    h('p', { id: 'assistant-intro', class: 'assistant-intro', text: t('assistant.intro') }),
    h('p', { id: 'assistant-suggestions-title', class: 'assistant-suggestions-title', text: t('assistant.suggestions') }),
    suggestions,
  ]);
  log = h('div', {
    id: 'assistant-log', class: 'assistant-log', role: 'log', tabindex: '0', 'aria-label': t('assistant.conversation'),
  });
  log.addEventListener('click', (event) => {
    // A screen behind an answer opens in the window, where the panel would cover it.
    if (event.target.closest('a[href^="#/"]')) closeAssistant({ toContent: true });
  });
  input = h('input', {
    id: 'assistant-input', type: 'text', autocomplete: 'off', spellcheck: 'false', enterkeyhint: 'send',
    maxlength: '500', placeholder: t('assistant.placeholder'),
  });
  send = h('button', { type: 'submit', id: 'assistant-send', class: 'primary', text: t('assistant.send') });
  const form = h('form', { id: 'assistant-form', class: 'assistant-form', novalidate: true }, [
    h('label', { for: 'assistant-input', text: t('assistant.question') }),
    h('div', { class: 'assistant-ask' }, [input, send]),
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const question = input.value.trim();
    if (!question) return;
    input.value = '';
    ask(question);
  });
  panel.setAttribute('aria-labelledby', 'assistant-title');
  panel.replaceChildren(
    h('div', { class: 'assistant-head' }, [title, clear, close]),
    h('div', { class: 'assistant-body' }, [start, log]),
    h('div', { class: 'assistant-foot' }, form),
  );
}

/**
 * Opens the panel with the cursor in its question; with `question`, asks it
 * at once (the text typed in the global search).
 */
export function openAssistant(question = '') {
  if (!panel) return;
  const from = document.activeElement;
  if (panel.hidden && from instanceof HTMLElement && from !== document.body && !panel.contains(from)) opener = from;
  drawSuggestions();
  panel.hidden = false;
  button.setAttribute('aria-expanded', 'true');
  input.focus();
  if (question.trim()) ask(question.trim());
}

/**
 * Closes the panel, keeping the conversation for the next time. The focus
 * goes back where it was, or to the screen when a link of an answer opened
 * another one (`toContent`).
 */
export function closeAssistant({ toContent = false } = {}) {
  if (!panel || panel.hidden) return;
  const hadFocus = panel.contains(document.activeElement);
  panel.hidden = true;
  button.setAttribute('aria-expanded', 'false');
  const back = !toContent && opener?.isConnected ? opener : document.getElementById('content');
  opener = null;
  if (hadFocus || toContent) back.focus();
}

/** Ctrl+J: opens the panel, or closes it when the keyboard is already in it. */
export function toggleAssistant() {
  if (!panel) return;
  if (!panel.hidden && panel.contains(document.activeElement)) closeAssistant();
  else openAssistant();
}

/** Forgets the conversation and closes the panel: someone else signed in. */
export function resetAssistant() {
  if (!panel) return;
  forget();
  panel.hidden = true;
  button.setAttribute('aria-expanded', 'false');
  opener = null;
}

function forget() {
  asked += 1;
  log.replaceChildren();
  start.hidden = false;
  send.disabled = false;
}

function drawSuggestions() {
  const keys = suggestionKeys(may, new Date().getHours());
  suggestions.replaceChildren(...keys.map((key) => askButton(t(key), t(key), 'suggestion')));
}

/** A button that asks `question`, shown as `label`. */
function askButton(label, question, kind) {
  const b = h('button', { type: 'button', class: `assistant-chip ${kind}`, 'data-testid': `assistant-${kind}`, text: label });
  b.addEventListener('click', () => ask(question, label));
  return b;
}

/** Asks `question` (shown as `shown`): its bubble, then the answer's. */
async function ask(question, shown = question) {
  const mine = ++asked;
  start.hidden = true;
  const said = h('div', { class: 'bubble question', 'data-testid': 'assistant-question' }, [
    h('span', { class: 'visually-hidden', text: t('assistant.you') }), ' ', shown,
  ]);
  const pending = h('div', { class: 'bubble answer pending', 'aria-busy': 'true' }, h('p', { class: 'muted', text: t('assistant.thinking') }));
  log.append(said, pending);
  scrollTo(said);
  // The next question is typed where this one was; a dialog the answer opens takes the keyboard from there.
  if (!panel.hidden) input.focus();
  send.disabled = true;
  let answer;
  try {
    const now = new Date();
    answer = await api.ask(question, dayOf(now), clock(now.getHours() * 60 + now.getMinutes()));
  } catch (error) {
    answer = { kind: 'error', text: error.message, lines: [], links: [], choices: [], suggestions: [] };
  } finally {
    if (mine === asked) send.disabled = false;
  }
  if (!pending.isConnected) return;
  const bubble = answerBubble(answer, mine);
  pending.replaceWith(bubble);
  scrollTo(said);
  if (answer.kind === 'prepared' && answer.prepared) runPrepared(answer.prepared);
}

/** Scrolls the conversation so that `bubble` is at its top (a long answer is read from its start). */
function scrollTo(bubble) {
  log.scrollTop = Math.min(bubble.offsetTop - log.offsetTop, log.scrollHeight);
}

/** The answer to the `n`th question of this window, `#assistant-answer-{n}`. */
function answerBubble(answer, n) {
  const badge = BADGES[answer.kind]
    ? h('span', { class: `badge assistant-badge ${answer.kind}`, text: t(BADGES[answer.kind]) })
    : null;
  const link = (route, text) => h('a', { href: route, class: 'answer-link', text });
  return h('div', {
    id: `assistant-answer-${n}`, class: `bubble answer ${answer.kind}`, 'data-testid': 'assistant-answer', 'data-kind': answer.kind,
    'data-intent': answer.intent ?? '',
  }, [
    h('p', { class: 'answer-text' }, [badge, badge ? ' ' : null, answer.text]),
    answer.lines.length ? h('ul', { class: 'answer-lines' }, answer.lines.map((line) => h('li', {
      'data-testid': 'assistant-line',
    }, line.link ? link(line.link.route, line.text) : line.text))) : null,
    answer.links.length ? h('p', { class: 'answer-links' }, answer.links.map((l) => link(l.route, l.label))) : null,
    answer.choices.length ? h('div', { class: 'answer-choices', role: 'group', 'aria-label': t('assistant.choose') },
      answer.choices.map((c) => askButton(c.label, c.ask, 'choice'))) : null,
    answer.prepared ? preparedPart(answer.prepared) : null,
    answer.suggestions.length ? h('div', { class: 'answer-suggestions' }, [
      h('p', { class: 'hint', text: t('assistant.try') }),
      h('div', { class: 'answer-choices', role: 'group', 'aria-label': t('assistant.try') },
        answer.suggestions.map((s) => askButton(s, s, 'choice'))),
    ]) : null,
  ]);
}

/** An action ready for its dialog: opened at once, and again by its button. */
function preparedPart(prepared) {
  const open = h('button', {
    type: 'button', class: 'primary', 'data-testid': 'assistant-open-dialog',
    text: t(`assistant.open_${prepared.action}`),
  });
  open.addEventListener('click', () => runPrepared(prepared));
  return h('div', { class: 'answer-prepared' }, [h('p', { class: 'hint', text: t('assistant.prepared_hint') }), open]);
}

/** Adds a line from the assistant to the conversation (what a dialog did). */
function note(text, extra = null) {
  start.hidden = true;
  const bubble = h('div', { class: 'bubble answer done', 'data-testid': 'assistant-note' }, [h('p', { class: 'answer-text', text }), extra]);
  log.append(bubble);
  scrollTo(bubble);
  return bubble;
}

/**
 * Opens the usual dialog of `prepared`, filled in; the person confirms there.
 * The dialogs live with their screens, loaded when first needed (app.js).
 */
function runPrepared({ action, fields }) {
  const run = {
    book_appointment: async () => {
      const { bookingDialog, openPlanningAt } = await import('./screens/planning.js');
      return bookingDialog(bookingPreset(fields), (booked) => {
        if (!booked) return;
        const see = h('button', { type: 'button', class: 'link', 'data-testid': 'assistant-see-planning', text: t('assistant.see_planning') });
        see.addEventListener('click', () => {
          closeAssistant({ toContent: true });
          openPlanningAt(booked.start_at.slice(0, 10));
        });
        note(t('assistant.booked', {
          day: formatDay(booked.start_at.slice(0, 10)), time: booked.start_at.slice(11, 16), customer: booked.customer_name,
        }), h('p', {}, see));
        input.focus();
      });
    },
    new_estimate: async () => {
      const { orderDialog } = await import('./screens/order-new.js');
      const d = orderDialog({
        onSaved: (order) => {
          closeAssistant({ toContent: true });
          location.hash = `#/ordres/${encodeURIComponent(order.id)}`;
        },
      });
      return openAndDrop(d, () => d.open(estimatePreset(fields)));
    },
    new_customer: async () => {
      const { customerDialog } = await import('./screens/customer-form.js');
      const d = customerDialog({
        onSaved: (saved) => {
          closeAssistant({ toContent: true });
          location.hash = `#/clients/${encodeURIComponent(saved.id)}`;
        },
        fallbackFocus: () => input.focus(),
      });
      return openAndDrop(d, () => d.open(customerPreset(fields)));
    },
    record_payment: async () => {
      const { openWithPayment } = await import('./screens/invoice.js');
      closeAssistant({ toContent: true });
      openWithPayment(fields.invoice_id, cents(fields.amount));
    },
    send_reminder: () => sendReminder(fields),
  }[action];
  if (!run) return;
  Promise.resolve(run()).catch((error) => note(error.message));
}

/** Puts dialog `d` in the page, opens it, and takes it away once closed. */
function openAndDrop(d, open) {
  document.body.append(d.dialog);
  d.dialog.addEventListener('close', () => setTimeout(() => {
    d.dispose();
    d.dialog.remove();
  }), { once: true });
  return open();
}

/**
 * A service reminder, sent as the planning sends it: the reminders due for
 * the vehicle (or the customer) said; one is confirmed and sent, several are
 * offered to choose from.
 */
async function sendReminder(fields) {
  const due = (await api.dueReminders(dayOf(new Date()), 30)).filter((r) => (fields.vehicle_id
    ? r.vehicle_id === fields.vehicle_id : r.customer_id === fields.customer_id));
  if (!due.length) {
    note(t('assistant.no_reminder', { who: fields.vehicle_label || fields.customer_label || '' }));
    return;
  }
  if (due.length > 1) {
    const choices = due.map((r) => {
      const b = h('button', { type: 'button', class: 'assistant-chip choice', text: reminderText(r) });
      b.addEventListener('click', () => confirmReminder(r));
      return b;
    });
    note(t('assistant.which_reminder'), h('div', { class: 'answer-choices', role: 'group', 'aria-label': t('assistant.which_reminder') }, choices));
    return;
  }
  await confirmReminder(due[0]);
}

function reminderText(r) {
  const when = r.overdue ? t('reminders.overdue') : t('reminders.due', { date: formatDay(r.due_on) });
  return `${r.rule_name} · ${r.customer_name} · ${r.plate ?? r.vehicle_label ?? ''} · ${when}`;
}

async function confirmReminder(r) {
  const ok = await confirmAction({
    title: t('assistant.reminder_title'),
    paragraphs: [reminderText(r), r.consent ? '' : t('reminders.no_consent')].filter(Boolean),
    confirmLabel: t('reminders.send'),
  });
  if (!ok) return;
  const queued = await api.sendReminder(r.vehicle_id, r.rule_id, r.due_on);
  const said = queued.length ? plural('reminders.sent', queued.length) : t('reminders.none_queued');
  showToast(said, { long: !queued.length });
  note(said);
}
