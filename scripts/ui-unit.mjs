#!/usr/bin/env node
// Unit tests of the front end's pure modules (no window needed), run by
// scripts/test with Node's own test runner: node --test scripts/ui-unit.mjs

import test from 'node:test';
import assert from 'node:assert/strict';

import { parseDay, parseTime, parseDateTime, addMonths } from '../ui/dates.js';

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
