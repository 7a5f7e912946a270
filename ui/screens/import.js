// Import customers and vehicles from a CSV file (#/clients/import). The file
// goes to the backend as bytes: it finds the encoding and the separator, checks
// every line and answers with a preview; nothing is written until « Importer ».

import * as api from '../api.js';
import { ApiError } from '../api.js';
import { t, plural } from '../i18n/index.js';
import { h } from '../dom.js';
import { screen } from '../screen.js';

/** The header row the backend reads, as in the contract (French column names). */
const CSV_COLUMNS = [
  'type', 'civilite', 'prenom', 'nom', 'societe', 'siret', 'tva', 'telephone', 'telephone2', 'email',
  'adresse', 'complement', 'code_postal', 'ville', 'pays', 'langue', 'consentement_marketing', 'notes',
  'immatriculation', 'plaque_etrangere', 'vin', 'marque', 'modele', 'version', 'motorisation', 'energie', 'boite', 'couleur',
  'mise_en_circulation', 'kilometrage',
];

export const { render, dispose } = screen((container, params, life) => createScreen(container, life));

function createScreen(container, life) {
  const state = { bytes: null, report: null, busy: false };
  const ui = build();
  container.append(ui.section);

  async function run(commit) {
    if (!state.bytes) return;
    const current = life.next();
    state.busy = true;
    ui.error.textContent = '';
    ui.commit.disabled = true;
    ui.section.setAttribute('aria-busy', 'true');
    try {
      const report = await api.importCustomers({ bytes: state.bytes, commit, skipInvalid: ui.skip.checked });
      if (!current()) return;
      if (report.committed) {
        showResult(report);
      } else {
        showReport(report);
      }
    } catch (error) {
      if (!current()) return;
      if (!(error instanceof ApiError)) console.error(error);
      ui.error.textContent = error instanceof ApiError ? error.message : t('error.internal');
    } finally {
      if (current()) {
        state.busy = false;
        ui.section.removeAttribute('aria-busy');
        updateCommit();
      }
    }
  }

  function updateCommit() {
    const report = state.report;
    const blocked = !report || (report.errors.length > 0 && !ui.skip.checked);
    ui.commit.disabled = state.busy || blocked;
    ui.commitHint.hidden = !report || !blocked;
  }

  function showReport(report) {
    const first = ui.preview.hidden;
    state.report = report;
    ui.result.hidden = true;
    ui.preview.hidden = false;
    if (first) ui.preview.scrollIntoView({ block: 'start' });
    const row = (key, value) => h('div', {}, [h('dt', { text: t(key) }), h('dd', { text: value })]);
    ui.report.replaceChildren(
      row('import.rows', plural('import.n_rows', report.rows)),
      row('import.customers', plural('import.n_customers', report.customers)),
      row('import.vehicles', plural('import.n_vehicles', report.vehicles)),
      row('import.encoding', t(`import.encoding_${report.encoding === 'windows-1252' ? 'cp1252' : 'utf8'}`)),
      row('import.separator', t(report.separator === ',' ? 'import.separator_comma' : 'import.separator_semicolon')),
    );
    const errors = report.errors;
    ui.errorsTitle.textContent = plural('import.errors_title', errors.length);
    ui.errorsBody.replaceChildren(...errors.map((error) => h('tr', {}, [
      h('td', { class: 'num', text: String(error.line) }),
      h('td', { class: 'mono', text: error.column ?? '' }),
      h('td', { class: 'wrap', text: error.message }),
    ])));
    ui.errorsWrap.hidden = errors.length === 0;
    ui.skipField.hidden = errors.length === 0;
    updateCommit();
  }

  function showResult(report) {
    state.report = null;
    state.bytes = null;
    ui.preview.hidden = true;
    ui.file.value = '';
    ui.resultText.textContent = t('import.done', {
      customers: plural('import.n_customers', report.customers),
      vehicles: plural('import.n_vehicles', report.vehicles),
    });
    ui.result.hidden = false;
    ui.resultLink.focus();
  }

  ui.file.addEventListener('change', async () => {
    const file = ui.file.files?.[0];
    state.bytes = null;
    state.report = null;
    ui.preview.hidden = true;
    ui.result.hidden = true;
    ui.error.textContent = '';
    if (!file) return;
    try {
      state.bytes = Array.from(new Uint8Array(await file.arrayBuffer()));
    } catch (error) {
      console.error(error);
      ui.error.textContent = t('import.unreadable');
      return;
    }
    if (!life.disposed) run(false);
  });
  ui.skip.addEventListener('change', () => run(false));
  ui.commit.addEventListener('click', () => run(true));
}

function build() {
  // The header may wrap after any separator, never inside a column name.
  const header = CSV_COLUMNS.flatMap((column, index) =>
    (index < CSV_COLUMNS.length - 1 ? [`${column};`, h('wbr')] : [column]));

  const file = h('input', { id: 'import-file', type: 'file', accept: '.csv,text/csv' });
  const error = h('p', { id: 'import-error', class: 'form-error', role: 'alert' });
  const skip = h('input', { id: 'import-skip-invalid', type: 'checkbox' });
  const skipField = h('label', { class: 'check', for: 'import-skip-invalid', hidden: true }, [
    skip, h('span', { text: t('import.skip_invalid') }),
  ]);
  const commit = h('button', { id: 'import-commit', type: 'button', class: 'primary', text: t('import.commit'), disabled: true });
  const commitHint = h('p', { id: 'import-commit-hint', class: 'hint', text: t('import.commit_blocked'), hidden: true });

  const report = h('dl', { id: 'import-report', class: 'details' });
  const errorsTitle = h('h3', { id: 'import-errors-title' });
  const errorsBody = h('tbody');
  const errorsWrap = h('div', { class: 'table-wrap scroll' }, h('table', {
    id: 'import-errors', class: 'list compact', 'aria-labelledby': 'import-errors-title',
  }, [
    h('colgroup', {}, [h('col', { class: 'col-line' }), h('col', { class: 'col-column' }), h('col')]),
    h('thead', {}, h('tr', {}, [
      h('th', { scope: 'col', class: 'num', text: t('import.col_line') }),
      h('th', { scope: 'col', text: t('import.col_column') }),
      h('th', { scope: 'col', text: t('import.col_problem') }),
    ])),
    errorsBody,
  ]));
  const preview = h('section', { id: 'import-preview', class: 'panel', 'aria-labelledby': 'import-preview-title', hidden: true }, [
    h('h2', { id: 'import-preview-title', text: t('import.preview') }),
    report,
    h('div', { class: 'import-errors', 'aria-live': 'polite' }, [errorsTitle, errorsWrap]),
    skipField,
    h('div', { class: 'page-actions' }, [commit]),
    commitHint,
  ]);

  const resultText = h('p', { id: 'import-result-text' });
  const resultLink = h('a', { id: 'import-back-to-list', href: '#/clients', text: t('import.to_list') });
  const result = h('div', { id: 'import-result', class: 'notice success', role: 'status', hidden: true }, [resultText, resultLink]);

  const section = h('section', { class: 'screen import', 'aria-labelledby': 'screen-title' }, [
    h('a', { id: 'import-back', class: 'back', href: '#/clients', text: t('customer.back') }),
    h('h1', { id: 'screen-title', text: t('import.title') }),
    h('section', { class: 'panel', 'aria-labelledby': 'import-format-title' }, [
      h('h2', { id: 'import-format-title', text: t('import.format') }),
      h('p', { text: t('import.format_lines') }),
      h('p', { text: t('import.format_columns') }),
      h('p', {}, h('code', { id: 'import-columns', class: 'csv-header' }, header)),
      h('p', { text: t('import.format_encoding') }),
    ]),
    h('section', { class: 'panel', 'aria-labelledby': 'import-file-title' }, [
      h('h2', { id: 'import-file-title', text: t('import.choose') }),
      h('div', { class: 'field' }, [h('label', { for: 'import-file', text: t('import.file') }), file]),
      error,
    ]),
    preview,
    result,
  ]);

  return {
    section, file, error, skip, skipField, commit, commitHint, report, errorsTitle, errorsBody, errorsWrap,
    preview, result, resultText, resultLink,
  };
}
