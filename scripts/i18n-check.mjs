#!/usr/bin/env node
// Checks the front end's texts. No dependencies; exits 1 listing each problem.
//
// 1. Catalogues. ui/i18n/fr.js and ui/i18n/en.js hold the same keys; a key is
//    a string in both or a plural entry in both, with the same forms (zero,
//    one, other…), and its text names the same {placeholders} in both. No
//    text writes a plural as "facture(s)": counts take plural entries.
//
// 2. Keys the code uses exist in both catalogues. The code of ui/ (every .js
//    file outside ui/i18n/, comments left out) and ui/index.html are read:
//    - a key written whole: any string literal shaped like a key
//      (`order.details`, lowercase words joined by dots) whose first word is
//      one of the catalogues' namespaces. That covers t('…') and plural('…'),
//      and the keys handed to a helper that calls t() (panel(…, 'order.lines'),
//      [['reports.cars', …]].map(…)) or chosen by a ternary. In index.html,
//      the values of data-i18n, data-i18n-label and data-i18n-placeholder.
//    - a key built at run time: a template literal that starts with a
//      namespace and a dot (t(`order.status_${status}`)), read as a pattern
//      (order.status_*). At least one key must match it, so a misspelt prefix
//      is caught. When its fixed start is listed in VALUES below, the key of
//      every value listed there must exist too: those are the closed sets the
//      UI shows (statuses, roles, kinds…), written down once here. A literal
//      that is a namespace and a dot alone ('fuel.', a prefix handed to a
//      helper) counts as the pattern `fuel.*`. A key built from nothing but
//      substitutions (t(`${prefix}${value}`)) cannot be read and is skipped;
//      its prefix is a literal at the call site, checked as above.
//
// 3. No French text hard-coded in the code. Every string and template literal
//    of ui/**/*.js outside ui/i18n/ (comments left out: they are French and
//    English on purpose) is French text shown to a person when
//    (a) it has a letter English does not use: à â ä ç é è ê ë î ï ô ö ù û ü
//        ÿ œ æ, or a French quotation mark « »;
//    (b) it has words apart by spaces, one of which is a French word that
//        no English text, CSS class or identifier here uses (FRENCH_WORDS);
//        a literal without a space is data (a country code like "LA", the
//        locale "en", a CSV column "mise_en_circulation", a route
//        "#/clients/import"), never flagged by (b);
//    (c) it has French typography: a space before « : », « ; », « ! » or
//        « ? » after a word or a ${…} (`${name} : ${value}`), where English
//        writes none.
//    A literal that is an i18n key is not text. A literal that must stay
//    (a false positive) is allowed by the comment `i18n-check: not text`
//    followed by the reason, on its line or the line before.
//
//   node scripts/i18n-check.mjs

import { readdirSync, readFileSync } from 'node:fs';
import { join, dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const UI = join(ROOT, 'ui');
const CATALOGUES = join(UI, 'i18n');

/**
 * The values each key built at run time is known to take: a key must exist
 * for every one. The UI's own constants (order-text.js STATUSES, users.js
 * ROLES, invoice.js METHODS, …) and the values core sends for them.
 */
const VALUES = {
  'order.status_': ['estimate', 'accepted', 'in_progress', 'waiting_parts', 'done', 'invoiced', 'cancelled'],
  'order.view_': ['open', 'estimate', 'work', 'done', 'invoiced', 'cancelled'],
  'order.empty_': ['open', 'estimate', 'work', 'done', 'invoiced', 'cancelled'],
  'order.origin_': ['new_oem', 'new_aftermarket', 'exchange', 'recycled'],
  'order.supplement_': ['pending', 'approved', 'declined'],
  'invoice.status_': ['open', 'draft', 'unpaid', 'partly_paid', 'overdue', 'paid', 'cancelled', 'issued'],
  'assistant.open_': ['book_appointment', 'new_estimate', 'send_reminder', 'new_customer', 'record_payment'],
  'role.': ['owner', 'front_desk', 'mechanic'],
  'payment.method_': ['card', 'cash', 'cheque', 'transfer'],
  'line.kind_': ['labour', 'part', 'fee'],
  'sale.kind_': ['part', 'fee', 'labour'],
  'bench.clock_': ['running', 'paused', 'stopped'],
  'inspection.status_': ['ok', 'watch', 'urgent'],
  'planning.status_': ['requested', 'confirmed', 'arrived', 'no_show', 'cancelled'],
  'planning.source_': ['phone', 'walk_in', 'email'],
  'customer.kind_': ['individual', 'company'],
  'reports.quiet_': ['day', 'week', 'month'],
  'customer.language_': ['fr', 'en'],
  'settings.language_': ['fr', 'en'],
  'fuel.': ['petrol', 'diesel', 'hybrid', 'plugin_hybrid', 'electric', 'lpg', 'cng', 'hydrogen', 'other'],
  'gearbox.': ['manual', 'automatic'],
  'stock.tab.': ['catalogue', 'reorder', 'purchases', 'stocktake'],
  'stock.unit.': ['piece', 'litre', 'set'],
  'stock.unit_short.': ['piece', 'litre', 'set'],
  'reports.preset_': ['today', 'this_week', 'this_month', 'last_month', 'this_year', 'custom'],
  'planning_settings.kind_': ['bay', 'mechanic'],
  'planning_settings.rule_': ['service', 'inspection'],
  'message_settings.security_': ['starttls', 'tls', 'none'],
  'message_settings.kind_': ['confirmation', 'reminder'],
  'import.encoding_': ['cp1252', 'utf8'],
};

/** French words that mark a literal of two words or more as French text (rule b). */
const FRENCH_WORDS = new Set([
  'le', 'la', 'les', 'des', 'du', 'une', 'et', 'est', 'sont', 'pour', 'avec', 'sans', 'dans', 'sur',
  'aucun', 'aucune', 'votre', 'vos', 'nous', 'vous', 'cette', 'ces', 'qui', 'que', 'aux', 'au', 'pas',
  'ou', 'mais', 'donc', 'client', 'clients', 'facture', 'factures', 'devis', 'enregistrer', 'annuler',
]);
const FRENCH_LETTERS = /[àâäçéèêëîïôöùûüÿœæ«»]/i;
const FRENCH_SPACING = /(?:\w|\$\{…\})[ \u00a0\u202f]+[:;!?](?:\s|$)/;
const KEY_SHAPE = /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+$/;
const PREFIX_SHAPE = /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*\.$/;
const ALLOW = 'i18n-check: not text';

const problems = [];
const where = (file, line) => `${relative(ROOT, file).split(sep).join('/')}:${line}`;

function jsFiles(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return path === CATALOGUES ? [] : jsFiles(path);
    return entry.isFile() && entry.name.endsWith('.js') ? [path] : [];
  }).sort();
}

// --- reading JavaScript: its string and template literals, not its comments ---

const ESCAPES = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', 0: '\0' };

/** The value of the escape at `source[i]` (the character after a backslash) and where it ends. */
function escape(source, i) {
  const c = source[i];
  if (c === 'u' && source[i + 1] === '{') {
    const end = source.indexOf('}', i);
    return [String.fromCodePoint(parseInt(source.slice(i + 2, end), 16)), end + 1];
  }
  if (c === 'u') return [String.fromCharCode(parseInt(source.slice(i + 1, i + 5), 16)), i + 5];
  if (c === 'x') return [String.fromCharCode(parseInt(source.slice(i + 1, i + 3), 16)), i + 3];
  if (c === '\r' && source[i + 1] === '\n') return ['', i + 2];
  if (c === '\n' || c === '\r') return ['', i + 1];
  return [ESCAPES[c] ?? c, i + 1];
}

/**
 * The string literals ({string, line}) and template literals ({parts, line},
 * the text between substitutions) of `source`. A small scanner, enough for
 * this code base: comments are skipped, a `/` starts a regular expression
 * where an expression may start.
 */
function literals(source) {
  const found = [];
  let i = 0;
  let line = 1;
  let last = '';

  function newlines(from, to) {
    for (let k = from; k < to; k += 1) if (source[k] === '\n') line += 1;
  }

  function template() {
    const start = line;
    const parts = [];
    let text = '';
    while (i < source.length) {
      const c = source[i];
      if (c === '\\') {
        if (source[i + 1] === '\n') line += 1;
        const [value, next] = escape(source, i + 1);
        text += value;
        i = next;
      } else if (c === '`') {
        i += 1;
        parts.push(text);
        found.push({ parts, line: start });
        return;
      } else if (c === '$' && source[i + 1] === '{') {
        parts.push(text);
        text = '';
        i += 2;
        code(true);
      } else {
        if (c === '\n') line += 1;
        text += c;
        i += 1;
      }
    }
    throw new Error(`unterminated template literal from line ${start}`);
  }

  function string(quote) {
    const start = line;
    let text = '';
    i += 1;
    while (source[i] !== quote) {
      if (i >= source.length || source[i] === '\n') throw new Error(`unterminated string from line ${start}`);
      if (source[i] === '\\') {
        if (source[i + 1] === '\n') line += 1;
        const [value, next] = escape(source, i + 1);
        text += value;
        i = next;
      } else {
        text += source[i];
        i += 1;
      }
    }
    i += 1;
    found.push({ string: text, line: start });
  }

  function regex() {
    let inClass = false;
    i += 1;
    while (i < source.length && source[i] !== '\n') {
      const c = source[i];
      if (c === '\\') i += 1;
      else if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      else if (c === '/' && !inClass) break;
      i += 1;
    }
    i += 1;
    while (/[a-z]/i.test(source[i] ?? '')) i += 1;
  }

  // Where a `/` starts a regular expression rather than a division.
  const beforeRegex = /(?:^|[(,=:[!&|?{};+\-*%<>~^]|\b(?:return|typeof|case|in|of|new|delete|void|throw|yield|await|else|do))$/;

  function code(inSubstitution) {
    let depth = 0;
    while (i < source.length) {
      const c = source[i];
      if (c === '\n') {
        line += 1;
        i += 1;
      } else if (c === ' ' || c === '\t' || c === '\r') {
        i += 1;
      } else if (c === '/' && source[i + 1] === '/') {
        while (i < source.length && source[i] !== '\n') i += 1;
      } else if (c === '/' && source[i + 1] === '*') {
        const end = source.indexOf('*/', i + 2);
        newlines(i, end);
        i = end + 2;
      } else if (c === '"' || c === "'") {
        string(c);
        last = 'literal';
      } else if (c === '`') {
        i += 1;
        template();
        last = 'literal';
      } else if (c === '/' && beforeRegex.test(last)) {
        regex();
        last = 'literal';
      } else {
        if (c === '{') depth += 1;
        if (c === '}') {
          if (inSubstitution && depth === 0) {
            i += 1;
            return;
          }
          depth -= 1;
        }
        const word = /^[\w$]+/.exec(source.slice(i, i + 40));
        if (word) {
          last = word[0];
          i += word[0].length;
        } else {
          last = c;
          i += 1;
        }
      }
    }
  }

  code(false);
  return found;
}

// --- 1. the catalogues ----------------------------------------------------------

const placeholders = (entry) => [...new Set(JSON.stringify(entry).match(/\{\w+\}/g) ?? [])].sort().join(' ');

function checkCatalogues(fr, en) {
  for (const key of Object.keys(fr)) if (!Object.hasOwn(en, key)) problems.push(`ui/i18n/en.js: no key "${key}" (fr.js has it)`);
  for (const key of Object.keys(en)) if (!Object.hasOwn(fr, key)) problems.push(`ui/i18n/fr.js: no key "${key}" (en.js has it)`);
  for (const key of Object.keys(fr)) {
    if (!Object.hasOwn(en, key)) continue;
    const [a, b] = [fr[key], en[key]];
    if (typeof a !== typeof b) {
      problems.push(`ui/i18n: "${key}" is a ${typeof a === 'string' ? 'text' : 'plural entry'} in fr.js, not in en.js`);
      continue;
    }
    if (typeof a === 'object') {
      const forms = (entry) => Object.keys(entry).sort().join(' ');
      if (forms(a) !== forms(b)) problems.push(`ui/i18n: "${key}" has the forms {${forms(a)}} in fr.js, {${forms(b)}} in en.js`);
      if (!Object.hasOwn(a, 'other')) problems.push(`ui/i18n: the plural entry "${key}" has no "other" form`);
    }
    if (placeholders(a) !== placeholders(b)) {
      problems.push(`ui/i18n: "${key}" names ${placeholders(a) || 'no placeholder'} in fr.js, ${placeholders(b) || 'no placeholder'} in en.js`);
    }
  }
  // « 1 facture(s) impayée(s) »: a count agrees with its words through a
  // plural entry ({one, other}, chosen by Intl.PluralRules), never both at once.
  for (const [name, catalogue] of [['fr.js', fr], ['en.js', en]]) {
    for (const [key, entry] of Object.entries(catalogue)) {
      const texts = typeof entry === 'string' ? [entry] : Object.values(entry);
      if (texts.some((text) => /\w\((?:s|es|x)\)/.test(text))) {
        problems.push(`ui/i18n/${name}: "${key}" writes a plural as "(s)": make it a plural entry {one, other}`);
      }
    }
  }
}

// --- 2. keys used ---------------------------------------------------------------

function checkKeys(fr, en, uses) {
  const keys = Object.keys(fr);
  const namespaces = new Set(keys.map((key) => key.split('.')[0]));
  const has = (key) => Object.hasOwn(fr, key) && Object.hasOwn(en, key);
  const patternsSeen = new Set();

  for (const use of uses) {
    if (use.key !== undefined) {
      if (!namespaces.has(use.key.split('.')[0])) continue;
      if (!has(use.key)) problems.push(`${use.at}: the key "${use.key}" is in ${Object.hasOwn(fr, use.key) ? 'fr.js only' : Object.hasOwn(en, use.key) ? 'en.js only' : 'neither catalogue'}`);
      continue;
    }
    const [prefix, ...rest] = use.parts;
    if (!namespaces.has(prefix.split('.')[0]) || !prefix.includes('.')) continue;
    const suffix = rest.at(-1) ?? '';
    const pattern = new RegExp(`^${use.parts.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`);
    const shown = use.parts.join('*');
    patternsSeen.add(prefix);
    if (!keys.some((key) => pattern.test(key) && has(key))) {
      problems.push(`${use.at}: no key matches "${shown}" in both catalogues`);
    }
    if (Object.hasOwn(VALUES, prefix) && use.parts.length === 2) {
      for (const value of VALUES[prefix]) {
        if (!has(`${prefix}${value}${suffix}`)) problems.push(`${use.at}: no key "${prefix}${value}${suffix}" for "${shown}" in both catalogues`);
      }
    }
  }
  for (const prefix of Object.keys(VALUES)) {
    if (!patternsSeen.has(prefix)) problems.push(`scripts/i18n-check.mjs: VALUES lists "${prefix}", which no key built in ui/ starts with`);
  }
}

// --- 3. French text in the code ---------------------------------------------------

function frenchText(text) {
  if (FRENCH_LETTERS.test(text)) return 'a French letter';
  const words = text.toLowerCase().match(/[\p{L}]+/gu) ?? [];
  if (/\S\s+\S/.test(text)) {
    const word = words.find((w) => FRENCH_WORDS.has(w));
    if (word) return `the French word "${word}"`;
  }
  if (FRENCH_SPACING.test(text)) return 'a space before a colon, as French writes it';
  return null;
}

// --- reading ui/ ------------------------------------------------------------------

function readUses() {
  const uses = [];
  for (const file of jsFiles(UI)) {
    const source = readFileSync(file, 'utf8');
    const lines = source.split('\n');
    let found;
    try {
      found = literals(source);
    } catch (error) {
      problems.push(`${where(file, 1)}: cannot read it (${error.message})`);
      continue;
    }
    for (const literal of found) {
      const at = where(file, literal.line);
      const allowed = [lines[literal.line - 1], lines[literal.line - 2]].some((text) => text?.includes(ALLOW));
      if (literal.string !== undefined || literal.parts.length === 1) {
        const text = literal.string ?? literal.parts[0];
        if (KEY_SHAPE.test(text)) {
          uses.push({ key: text, at });
          continue;
        }
        if (PREFIX_SHAPE.test(text)) uses.push({ parts: [text, ''], at });
        const why = frenchText(text);
        if (why && !allowed) problems.push(`${at}: ${JSON.stringify(text)} looks like French text (${why}): put it in ui/i18n/fr.js and en.js`);
        continue;
      }
      uses.push({ parts: literal.parts, at });
      const why = frenchText(literal.parts.join('${…}'));
      if (why && !allowed) problems.push(`${at}: \`${literal.parts.join('${…}')}\` looks like French text (${why}): put it in ui/i18n/fr.js and en.js`);
    }
  }
  const html = join(UI, 'index.html');
  readFileSync(html, 'utf8').split('\n').forEach((text, index) => {
    for (const match of text.matchAll(/data-i18n(?:-label|-placeholder)?="([^"]+)"/g)) {
      uses.push({ key: match[1], at: where(html, index + 1) });
    }
  });
  return uses;
}

async function main() {
  const load = async (name) => (await import(pathToFileURL(join(CATALOGUES, name)).href)).default;
  const [fr, en] = [await load('fr.js'), await load('en.js')];
  checkCatalogues(fr, en);
  checkKeys(fr, en, readUses());
  if (problems.length) {
    for (const problem of problems) console.error(`i18n-check: ${problem}`);
    console.error(`i18n-check: ${problems.length} problem(s)`);
    process.exit(1);
  }
  console.log(`i18n-check: ${Object.keys(fr).length} keys in fr.js and en.js, every key used exists, no French text in the code`);
}

await main();
