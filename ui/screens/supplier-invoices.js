// Suppliers' e-invoices in the stock room: a file dropped on the window or
// picked (Factur-X PDF, CII or UBL) is imported, its match with the purchase
// order shown line by line, and « Réceptionner » receives it. The « Factures
// fournisseurs » tab lists them with the accounts payable. Everything decided
// here is core's: the match, the differences, what is overdue.

import * as api from '../api.js';
import { t, formatMoney, formatDate } from '../i18n/index.js';
import { h } from '../dom.js';
import { showToast } from '../toast.js';
import { formDialog } from './stock-dialogs.js';
import { qtyText } from './stock-text.js';
import { dateInput } from '../date-input.js';

const EINVOICE_FILE = /\.(pdf|xml)$/i;
const METHODS = ['transfer', 'direct_debit', 'card', 'cheque', 'cash'];

/** What a picked or dropped browser File sends: its bytes and name. */
async function bytesOf(file) {
  return { bytes: Array.from(new Uint8Array(await file.arrayBuffer())), name: file.name };
}

/**
 * Imports `file` ({bytes, name} or {path}); an unknown seller asks which
 * supplier it is (or creates it by the seller's name) and imports again.
 * Resolves with the Matching, or null when the person gave up.
 */
export async function importFile(file) {
  try {
    return await api.importSupplierInvoice(file);
  } catch (error) {
    if (error.code !== 'einvoice_unknown_supplier') throw error;
    const supplierId = await pickSupplier(error.message, error.details ?? {});
    return supplierId ? api.importSupplierInvoice(file, supplierId) : null;
  }
}

async function pickSupplier(message, seller) {
  const suppliers = await api.listSuppliers();
  const NEW = '';
  const select = h('select', {}, [
    h('option', { value: NEW, text: t('einvoice.create_supplier', { name: seller.name ?? '' }) }),
    ...suppliers.map((s) => h('option', { value: s.id, text: s.name })),
  ]);
  return formDialog({
    id: 'einvoice-supplier-dialog',
    title: t('einvoice.which_supplier'),
    saveLabel: t('einvoice.import_for'),
    intro: message,
    fields: [{ name: 'supplier', label: t('stock.field.supplier'), control: select }],
    submit: async ({ supplier }) => {
      if (supplier !== NEW) return supplier;
      const made = await api.createSupplier({ name: seller.name, vat_number: seller.vat_number, siren: seller.siren });
      return made.id;
    },
  });
}

/**
 * The import toolbar: « Importer une facture électronique » and a zone to drop
 * the file on (the window's own drop gives paths; a browser drop, bytes).
 * `onDone()` after each import. A file dropped on the window comes here
 * through [listenForDrops].
 */
export function importBar(container, life, onDone) {
  const input = h('input', {
    id: 'einvoice-file', type: 'file', class: 'visually-hidden',
    accept: '.pdf,.xml,application/pdf,application/xml,text/xml', 'aria-label': t('einvoice.import'),
  });
  const pick = h('button', { id: 'einvoice-import', type: 'button', text: t('einvoice.import') });
  const zone = h('div', { id: 'einvoice-drop', class: 'drop-zone', text: t('einvoice.drop_hint') });
  const error = h('p', { id: 'einvoice-error', class: 'form-error', role: 'alert' });
  container.append(h('div', { class: 'toolbar einvoice-import' }, [pick, input, zone]), error);

  async function run(file) {
    error.textContent = '';
    try {
      const matched = await importFile(file);
      if (!matched || life.disposed) return;
      showToast(t('einvoice.imported', { number: matched.invoice.number }));
      await matchDialog(matched);
      onDone();
    } catch (e) {
      if (!life.disposed) error.textContent = e.message;
    }
  }
  pick.addEventListener('click', () => input.click());
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    input.value = '';
    if (file) run(await bytesOf(file));
  });
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', async (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    const file = event.dataTransfer?.files?.[0];
    if (file) run(await bytesOf(file));
  });
  dropTarget = (paths) => {
    for (const path of paths) run({ path });
  };
}

/** Where the window's dropped e-invoices go: the import bar drawn last. */
let dropTarget = null;

/**
 * Listens to files dropped on the window (the native drop gives paths) for as
 * long as the screen lives; returns the function that stops listening.
 */
export function listenForDrops(life) {
  let stop = () => {};
  api.onFileDrop((paths) => {
    const files = paths.filter((p) => EINVOICE_FILE.test(p));
    if (!life.disposed && dropTarget && files.length) dropTarget(files);
  }).then((unlisten) => {
    if (life.disposed) unlisten();
    else stop = unlisten;
  });
  return () => {
    stop();
    dropTarget = null;
  };
}

function lineRow(l) {
  const differs = l.quantity_differs || l.price_differs || !l.purchase_line_id;
  const ordered = l.ordered_milli == null ? '—' : qtyText(l.ordered_milli);
  return h('tr', { 'data-position': String(l.position), class: differs ? 'einvoice-differs' : null }, [
    h('td', { class: 'mono', text: l.supplier_reference ?? '' }),
    h('td', { text: l.part_reference ? `${l.part_reference} — ${l.name}` : l.name }),
    h('td', { class: 'num', text: ordered }),
    h('td', { class: l.quantity_differs ? 'num einvoice-diff' : 'num', text: qtyText(l.invoiced_milli) }),
    h('td', { class: 'num', text: l.ordered_price_cents == null ? '—' : formatMoney(l.ordered_price_cents) }),
    h('td', { class: l.price_differs ? 'num einvoice-diff' : 'num', text: formatMoney(l.invoiced_price_cents) }),
    h('td', { text: !l.purchase_line_id ? t('einvoice.not_on_order') : (differs ? t('einvoice.differs') : t('einvoice.as_ordered')) }),
  ]);
}

/** The invoice beside its purchase order, with « Réceptionner » and « Refuser ». */
export function matchDialog(matching) {
  const opener = document.activeElement;
  const error = h('p', { id: 'einvoice-match-error', class: 'form-error', role: 'alert' });
  const body = h('div', { class: 'dialog-body' });
  const close = h('button', { id: 'einvoice-match-close', type: 'button', text: t('einvoice.close') });
  const accept = h('button', { id: 'einvoice-accept', type: 'button', class: 'primary', text: t('stock.receive') });
  const reject = h('button', { id: 'einvoice-reject', type: 'button', text: t('einvoice.reject') });
  const title = h('h2', { id: 'einvoice-match-title' });
  const dialog = h('dialog', { id: 'einvoice-match', class: 'wide', 'aria-labelledby': 'einvoice-match-title' },
    h('div', { class: 'dialog-frame' }, [title, error, body, h('div', { class: 'dialog-actions' }, [close, reject, accept])]));

  function draw(m) {
    const inv = m.invoice;
    title.textContent = t('einvoice.match_title', { number: inv.number, supplier: inv.supplier_name });
    const open = inv.status === 'received';
    accept.hidden = !open || !m.purchase_order;
    reject.hidden = !open;
    body.replaceChildren(
      h('p', { id: 'einvoice-summary', text: t('einvoice.summary', {
        date: formatDate(inv.issue_date), due: inv.due_date ? formatDate(inv.due_date) : '—',
        ht: formatMoney(inv.total_ht_cents), ttc: formatMoney(inv.total_ttc_cents),
      }) }),
      h('p', { id: 'einvoice-order', class: m.purchase_order ? null : 'notice error', text: m.purchase_order
        ? t(`einvoice.order_by_${m.by}`, { number: m.purchase_order.number })
        : t('einvoice.no_order') }),
      h('p', { id: 'einvoice-status', text: t(`einvoice.status.${inv.status}`) }),
      h('div', { class: 'table-wrap' }, h('table', { id: 'einvoice-lines', class: 'list compact' }, [
        h('thead', {}, h('tr', {}, [
          h('th', { scope: 'col', text: t('einvoice.col_supplier_ref') }),
          h('th', { scope: 'col', text: t('stock.field.description') }),
          h('th', { scope: 'col', class: 'num', text: t('einvoice.col_ordered') }),
          h('th', { scope: 'col', class: 'num', text: t('einvoice.col_invoiced') }),
          h('th', { scope: 'col', class: 'num', text: t('einvoice.col_order_price') }),
          h('th', { scope: 'col', class: 'num', text: t('einvoice.col_invoice_price') }),
          h('th', { scope: 'col', text: t('einvoice.col_difference') }),
        ])),
        h('tbody', {}, m.lines.map(lineRow)),
      ])),
      m.not_invoiced.length ? h('ul', { id: 'einvoice-not-invoiced', class: 'plain' }, m.not_invoiced.map((n) => h('li', {
        text: t('einvoice.not_invoiced', { reference: n.reference, description: n.description, qty: qtyText(n.outstanding_milli) }),
      }))) : null,
    );
  }
  draw(matching);
  document.body.append(dialog);
  return new Promise((resolve) => {
    let current = matching;
    close.addEventListener('click', () => dialog.close());
    accept.addEventListener('click', async () => {
      error.textContent = '';
      accept.disabled = true;
      try {
        current = await api.acceptSupplierInvoice(current.invoice.id);
        draw(current);
        showToast(t('einvoice.received', { number: current.invoice.number }));
      } catch (e) {
        error.textContent = e.message;
      } finally {
        accept.disabled = false;
      }
    });
    reject.addEventListener('click', async () => {
      const done = await formDialog({
        id: 'einvoice-reject-dialog',
        title: t('einvoice.reject_title', { number: current.invoice.number }),
        saveLabel: t('einvoice.reject'),
        fields: [{ name: 'reason', label: t('stock.field.reason') }],
        submit: ({ reason }) => api.rejectSupplierInvoice(current.invoice.id, reason),
      });
      if (done) {
        current = { ...current, invoice: done };
        draw(current);
      }
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      opener?.focus?.();
      resolve(current);
    });
    dialog.showModal();
  });
}

function payDialog(inv) {
  const method = h('select', {}, METHODS.map((m) => h('option', { value: m, text: t(`einvoice.method.${m}`) })));
  return formDialog({
    id: 'einvoice-pay-dialog',
    title: t('einvoice.pay_title', { number: inv.number, supplier: inv.supplier_name }),
    saveLabel: t('einvoice.mark_paid'),
    fields: [
      { name: 'paid_on', label: t('einvoice.paid_on'), control: dateInput() },
      { name: 'method', label: t('einvoice.method_label'), control: method },
    ],
    values: { paid_on: new Date().toISOString().slice(0, 10) },
    submit: (data) => api.markSupplierInvoicePaid(inv.id, data.paid_on, data.method),
  });
}

/** The « Factures fournisseurs » tab: import, accounts payable, every invoice. */
export async function supplierInvoicesTab(body, life) {
  const reload = () => supplierInvoicesTab(body, life);
  body.replaceChildren();
  importBar(body, life, reload);
  const payablesBox = h('div', { id: 'einvoice-payables' });
  const listBox = h('div', { id: 'einvoice-list-box' });
  body.append(payablesBox, listBox);
  try {
    const [payables, invoices] = await Promise.all([api.supplierPayables(), api.listSupplierInvoices()]);
    if (life.disposed) return;
    payablesBox.replaceChildren(
      h('h2', { text: t('einvoice.payables_title') }),
      h('p', { id: 'einvoice-payables-total', class: payables.overdue_cents > 0 ? 'notice error' : 'notice', text: t('einvoice.payables_total', {
        total: formatMoney(payables.total_due_cents), overdue: formatMoney(payables.overdue_cents),
      }) }),
    );
    const overdue = new Set(payables.invoices.filter((p) => p.overdue).map((p) => p.invoice.id));
    listBox.replaceChildren(invoices.length ? h('div', { class: 'table-wrap' }, h('table', { id: 'einvoice-list', class: 'list' }, [
      h('thead', {}, h('tr', {}, [
        h('th', { scope: 'col', text: t('stock.col_number') }),
        h('th', { scope: 'col', text: t('stock.field.supplier') }),
        h('th', { scope: 'col', text: t('einvoice.col_date') }),
        h('th', { scope: 'col', text: t('einvoice.col_due') }),
        h('th', { scope: 'col', class: 'num', text: t('einvoice.col_ttc') }),
        h('th', { scope: 'col', text: t('stock.col_status') }),
        h('th', { scope: 'col', text: t('stock.col_actions') }),
      ])),
      h('tbody', {}, invoices.map((inv) => {
        const open = h('button', { type: 'button', id: `einvoice-open-${inv.number}`, text: t('einvoice.open') });
        open.addEventListener('click', async () => {
          await matchDialog(await api.supplierInvoiceMatching(inv.id));
          reload();
        });
        const pay = inv.paid_on || inv.status === 'rejected' ? null
          : h('button', { type: 'button', id: `einvoice-pay-${inv.number}`, text: t('einvoice.mark_paid') });
        pay?.addEventListener('click', async () => {
          if (await payDialog(inv)) reload();
        });
        return h('tr', { 'data-id': inv.id, class: overdue.has(inv.id) ? 'einvoice-overdue' : null }, [
          h('td', { class: 'mono', text: inv.number }),
          h('td', { text: inv.supplier_name }),
          h('td', { text: formatDate(inv.issue_date) }),
          h('td', { text: inv.due_date ? formatDate(inv.due_date) : '—', title: overdue.has(inv.id) ? t('einvoice.overdue') : null }),
          h('td', { class: 'num', text: formatMoney(inv.total_ttc_cents) }),
          h('td', { text: inv.paid_on ? t('einvoice.paid', { date: formatDate(inv.paid_on) }) : t(`einvoice.status.${inv.status}`) }),
          h('td', { class: 'actions' }, [open, pay]),
        ]);
      })),
    ])) : h('p', { id: 'einvoice-empty', class: 'empty', text: t('einvoice.empty') }));
  } catch (e) {
    if (!life.disposed) listBox.replaceChildren(h('p', { class: 'form-error', role: 'alert', text: e.message }));
  }
}

/** Réglages: the folder this workstation watches for suppliers' e-invoices. */
export function einvoiceFolderPanel() {
  const folder = h('input', { type: 'text', spellcheck: 'false' });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const save = h('button', { id: 'einvoice-folder-save', type: 'submit', text: t('common.save') });
  const form = h('form', { id: 'einvoice-folder-form', novalidate: true }, [
    h('div', { class: 'field' }, [
      h('label', { for: 'einvoice-folder', text: t('einvoice.folder') }),
      folder,
      h('p', { id: 'einvoice-folder-hint', class: 'hint', text: t('einvoice.folder_hint') }),
    ]),
    error,
    h('div', { class: 'actions' }, save),
  ]);
  folder.id = 'einvoice-folder';
  folder.setAttribute('aria-describedby', 'einvoice-folder-hint');
  api.einvoiceFolder().then(
    (path) => { folder.value = path ?? ''; },
    (e) => { error.textContent = e.message; },
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    save.disabled = true;
    try {
      const saved = await api.setEinvoiceFolder(folder.value);
      showToast(saved ? t('einvoice.folder_saved', { path: saved }) : t('einvoice.folder_off'));
    } catch (e) {
      error.textContent = e.message;
    } finally {
      save.disabled = false;
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'settings-einvoice' }, [
    h('h2', { id: 'settings-einvoice', text: t('einvoice.folder_title') }),
    form,
  ]);
}
