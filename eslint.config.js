// ESLint for the front end (ui/, ES modules in the app's window) and the
// Node scripts that check it. scripts/lint-ui runs it.

import js from '@eslint/js';
import globals from 'globals';

// Text reaches the page through h() and textContent (ui/dom.js), never as
// markup parsed from a string: that is how a customer's name becomes script.
const MARKUP = 'Build elements with h() from ui/dom.js and put text in with textContent.';
const MARKUP_PROPERTIES = ['innerHTML', 'outerHTML', 'insertAdjacentHTML'];

export default [
  { ignores: ['node_modules/', 'target/'] },
  js.configs.recommended,
  {
    files: ['ui/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: { ...globals.browser },
    },
    rules: {
      // el.innerHTML, el['outerHTML'], el.insertAdjacentHTML(…), const { innerHTML } = el
      'no-restricted-properties': ['error', ...MARKUP_PROPERTIES.map((property) => ({ property, message: MARKUP }))],
      // Object.assign(el, { innerHTML: … }), which no member access shows
      'no-restricted-syntax': ['error', {
        selector: `ObjectExpression > Property > .key[name=/^(${MARKUP_PROPERTIES.join('|')})$/]`, message: MARKUP,
      }],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'eslint.config.js'],
    languageOptions: {
      sourceType: 'module',
      globals: { ...globals.node },
    },
  },
];
