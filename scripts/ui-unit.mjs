#!/usr/bin/env node
// Unit tests of the front end's pure modules (no window needed), run by
// scripts/test with Node's own test runner: node --test scripts/ui-unit.mjs

import test from 'node:test';
import assert from 'node:assert/strict';

import { parseDay, parseTime, parseDateTime, addMonths, clock, dayOf } from '../ui/dates.js';
import {
  suggestionKeys, MAX_SUGGESTIONS, asksAQuestion, bookingPreset, estimatePreset, customerPreset, cents,
} from '../ui/assistant-text.js';

// A Sunday, 6 December 2026.
const TODAY = '2026-12-06';

test('a day typed the French way, with or without its year', () => {
  const cases = [
    ['7/12', '2026-12-07'], ['07/12/2026', '2026-12-07'], ['7.12.26', '2026-12-07'],
    ['7-12-2026', '2026-12-07'], ['7 12 2026', '2026-12-07'], ['0712', '2026-12-07'],
    ['071226', '2026-12-07'], ['07122026', '2026-12-07'], ['2026-12-07', '2026-12-07'],
    ['29/02/2028', '2028-02-29'], ['1/1/27', '2027-01-01'],
  ];
  for (const [typed, day] of cases) assert.equal(parseDay(typed, TODAY), day, typed);
});

test('not a day: nothing is guessed', () => {
  for (const typed of ['', '32/12', '12/13', '29/02/2027', '7/12/202', 'bientôt', '12/07/2026 14h', 'AB-123-CD']) {
    assert.equal(parseDay(typed, TODAY), null, typed);
  }
});

test('words and shifts the front desk types', () => {
  const cases = [
    ['demain', '2026-12-07'], ['Demain', '2026-12-07'], ['tomorrow', '2026-12-07'],
    ["aujourd'hui", TODAY], ['aujourd’hui', TODAY], ['auj', TODAY], ['hier', '2026-12-05'],
    ['après-demain', '2026-12-08'], ['+3', '2026-12-09'], ['+ 3', '2026-12-09'], ['-1', '2026-12-05'],
    ['+2s', '2026-12-20'], ['+1 mois', '2027-01-06'], ['+10', '2026-12-16'],
    ['vendredi', '2026-12-11'], ['ven.', '2026-12-11'], ['lundi prochain', '2026-12-07'],
    ['dimanche', '2026-12-13'], ['friday', '2026-12-11'],
  ];
  for (const [typed, day] of cases) assert.equal(parseDay(typed, TODAY), day, typed);
});

test('a month later stays within the month', () => {
  assert.equal(addMonths('2026-01-31', 1), '2026-02-28');
  assert.equal(addMonths('2026-12-15', 1), '2027-01-15');
  assert.equal(addMonths('2026-03-31', -1), '2026-02-28');
});

test('times in 24 hours, as French and English workshops write them', () => {
  const cases = [['14h30', '14:30'], ['14 h 30', '14:30'], ['14h', '14:00'], ['9h05', '09:05'], ['14:30', '14:30'], ['8', '08:00'], ['midi', '12:00']];
  for (const [typed, time] of cases) assert.equal(parseTime(typed), time, typed);
  for (const typed of ['24h', '14h60', '14h3', 'soir']) assert.equal(parseTime(typed), null, typed);
});

test('minutes after midnight as a clock, a date as its day', () => {
  assert.equal(clock(0), '00:00');
  assert.equal(clock(9 * 60 + 5), '09:05');
  assert.equal(clock(23 * 60 + 59), '23:59');
  assert.equal(dayOf(new Date(2026, 0, 5, 23, 30)), '2026-01-05');
});

test('a date and a time together', () => {
  const cases = [
    ['7/12 14h30', '2026-12-07T14:30'], ['demain 9h', '2026-12-07T09:00'], ['14h', '2026-12-06T14:00'],
    ['07/12/2026 14:30', '2026-12-07T14:30'], ['vendredi 8h', '2026-12-11T08:00'], ['+3 10h', '2026-12-09T10:00'],
    ['2026-12-07T14:30', '2026-12-07T14:30'], ['2026-12-07 14:30', '2026-12-07T14:30'],
  ];
  for (const [typed, at] of cases) assert.equal(parseDateTime(typed, TODAY), at, typed);
  assert.equal(parseDateTime('demain', TODAY), null, 'a day alone is not a time');
  assert.equal(parseDateTime('demain', TODAY, '18:00'), '2026-12-07T18:00', 'unless the field says which');
  assert.equal(parseDateTime('7/12 25h', TODAY), null);
});

test('the assistant suggests what the role may ask, for the part of the day', () => {
  const roles = {
    mechanic: ['station', 'read_vehicles', 'record_mileage', 'work_jobs', 'read_catalogue'],
    front_desk: ['station', 'read_customers', 'read_orders', 'invoices', 'appointments', 'edit_catalogue'],
    owner: ['station', 'read_customers', 'read_orders', 'invoices', 'appointments', 'edit_catalogue', 'reports', 'work_jobs'],
  };
  const may = (role) => (action) => roles[role].includes(action);
  const desk = (hour) => suggestionKeys(may('front_desk'), hour);
  assert.equal(desk(8)[0], 'assistant.suggest.appointments.today', 'the day’s appointments first thing');
  assert.ok(desk(18).includes('assistant.suggest.cash_today.today'), 'the day’s takings in the evening');
  assert.ok(!desk(8).includes('assistant.suggest.cash_today.today'), 'no takings before the day has any');
  for (const hour of [7, 14, 19]) {
    for (const role of Object.keys(roles)) {
      const keys = suggestionKeys(may(role), hour);
      assert.ok(keys.length <= MAX_SUGGESTIONS, `${role} at ${hour}h: ${keys}`);
      assert.equal(keys.at(-1), 'assistant.suggest.help.all', `${role} at ${hour}h ends with help`);
    }
    const mechanic = suggestionKeys(may('mechanic'), hour).join(' ');
    assert.doesNotMatch(mechanic, /cash_today|revenue|unpaid|appointments|ready_to_invoice/, `a mechanic at ${hour}h: ${mechanic}`);
  }
  assert.ok(suggestionKeys(may('owner'), 18).includes('assistant.suggest.revenue.month'));
});

test('a question mark asks the assistant first; a name or a plate does not', () => {
  for (const text of ['où en est la clio AB-123-CD ?', 'rendez-vous de demain?', 'who is off tomorrow ？ ']) {
    assert.ok(asksAQuestion(text), text);
  }
  for (const text of ['Martin', 'AB 123 CD', 'Jean Pierre Dupont', '']) assert.ok(!asksAQuestion(text), text);
});

test('a prepared booking fills the booking dialog: the day and time said, or the first free slot', () => {
  const fields = {
    customer_id: 'c1', customer_label: 'Marc Girard', vehicle_id: 'v1', vehicle_label: 'AB-123-CD',
    day: '2026-11-19', time: '14:00', duration: '90', work: 'vidange',
  };
  assert.deepEqual(bookingPreset(fields), {
    customer_id: 'c1', customer_name: 'Marc Girard', vehicle_id: 'v1', work: 'vidange',
    start_at: '2026-11-19T14:00', duration_min: 90,
  });
  const noTime = bookingPreset({ ...fields, time: '', duration: '' });
  assert.equal(noTime.find, true);
  assert.equal(noTime.start_at, '2026-11-19T00:00');
  assert.equal(noTime.duration_min, undefined);
  const nothing = bookingPreset({});
  assert.deepEqual(nothing, { customer_id: null, customer_name: '', vehicle_id: null, work: '', find: true });
});

test('the other prepared actions fill their dialogs', () => {
  assert.deepEqual(estimatePreset({ customer_id: 'c1', customer_label: 'Marc Girard', vehicle_id: 'v1', work: 'freins' }), {
    customer: { id: 'c1', display_name: 'Marc Girard' }, vehicleId: 'v1', complaint: 'freins',
  });
  assert.deepEqual(estimatePreset({}), { customer: null, vehicleId: null, complaint: '' });
  assert.deepEqual(customerPreset({ name: 'Le Gall', phone: '0612345678' }), { last_name: 'Le Gall', phone: '0612345678', email: '' });
  assert.equal(cents('150.00'), 15000);
  assert.equal(cents('12.5'), 1250);
  assert.equal(cents('80'), 8000);
  for (const amount of ['', undefined, '12,50', '-3.00', '1.234']) assert.equal(cents(amount), null, String(amount));
});
