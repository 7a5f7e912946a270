-- Suppliers' e-invoices received (issue 21): a Factur-X PDF, a CII or a UBL
-- file, read and checked, stored as received with its SHA-256, matched to a
-- purchase order and accepted (its parts received) or rejected, then paid.
-- Amounts are integer cents, quantities thousandths, VAT rates basis points.

-- How a supplier is recognised on its e-invoices: its VAT number (BT-31)
-- and its SIREN (BT-30, the first nine digits of its SIRET).
ALTER TABLE suppliers ADD COLUMN vat_number TEXT;
ALTER TABLE suppliers ADD COLUMN siren TEXT;

-- One received invoice. The document's columns are what the supplier's file
-- says and never change (a legal document, like an issued invoice); the
-- columns after `status` are what the workshop decided about it and are
-- merged field by field like any header.
CREATE TABLE supplier_invoices (
    id                 TEXT PRIMARY KEY,
    supplier_id        TEXT    NOT NULL REFERENCES suppliers (id),
    site_id            TEXT    NOT NULL REFERENCES sites (id),
    -- BT-1, BT-3 (380 invoice, 381 credit note…), the syntax it came in.
    number             TEXT    NOT NULL,
    type_code          TEXT    NOT NULL,
    syntax             TEXT    NOT NULL CHECK (syntax IN ('facturx', 'cii', 'ubl')),
    -- BT-2, BT-9 (YYYY-MM-DD), BT-5.
    issue_date         TEXT    NOT NULL,
    due_date           TEXT,
    currency           TEXT    NOT NULL,
    -- BT-13: the buyer's purchase order, as the supplier wrote it.
    order_reference    TEXT,
    -- The seller as the file names it (BT-27, BT-31, BT-30).
    seller_name        TEXT    NOT NULL,
    seller_vat         TEXT,
    seller_siren       TEXT,
    -- BT-109, BT-110, BT-112, BT-113, BT-115.
    total_ht_cents     INTEGER NOT NULL,
    total_vat_cents    INTEGER NOT NULL,
    total_ttc_cents    INTEGER NOT NULL,
    prepaid_cents      INTEGER NOT NULL DEFAULT 0,
    due_cents          INTEGER NOT NULL,
    -- The file as received: its SHA-256 and size (the bytes are in
    -- supplier_invoice_files on the station that imported it).
    file_sha256        TEXT    NOT NULL CHECK (length(file_sha256) = 64),
    file_size          INTEGER NOT NULL CHECK (file_size > 0),
    file_name          TEXT,
    imported_at        INTEGER NOT NULL,
    imported_by        TEXT,
    -- What the workshop decided.
    status             TEXT    NOT NULL DEFAULT 'received'
                           CHECK (status IN ('received', 'accepted', 'rejected')),
    purchase_order_id  TEXT    REFERENCES purchase_orders (id),
    decided_at         INTEGER,
    decided_by         TEXT,
    reject_reason      TEXT,
    paid_on            TEXT,
    payment_method     TEXT    CHECK (payment_method IS NULL
                           OR payment_method IN ('transfer', 'direct_debit', 'card', 'cheque', 'cash')),
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    deleted_at         INTEGER
);
-- The same invoice twice is refused: by its supplier and number, or by its file.
CREATE UNIQUE INDEX supplier_invoices_number ON supplier_invoices (supplier_id, number);
CREATE UNIQUE INDEX supplier_invoices_file ON supplier_invoices (file_sha256);
CREATE INDEX supplier_invoices_due ON supplier_invoices (site_id, paid_on, due_date);

CREATE TRIGGER supplier_invoices_document_kept BEFORE UPDATE ON supplier_invoices
WHEN NEW.id IS NOT OLD.id OR NEW.supplier_id IS NOT OLD.supplier_id
  OR NEW.number IS NOT OLD.number OR NEW.type_code IS NOT OLD.type_code
  OR NEW.syntax IS NOT OLD.syntax OR NEW.issue_date IS NOT OLD.issue_date
  OR NEW.due_date IS NOT OLD.due_date OR NEW.currency IS NOT OLD.currency
  OR NEW.order_reference IS NOT OLD.order_reference
  OR NEW.seller_name IS NOT OLD.seller_name OR NEW.seller_vat IS NOT OLD.seller_vat
  OR NEW.seller_siren IS NOT OLD.seller_siren
  OR NEW.total_ht_cents IS NOT OLD.total_ht_cents
  OR NEW.total_vat_cents IS NOT OLD.total_vat_cents
  OR NEW.total_ttc_cents IS NOT OLD.total_ttc_cents
  OR NEW.prepaid_cents IS NOT OLD.prepaid_cents OR NEW.due_cents IS NOT OLD.due_cents
  OR NEW.file_sha256 IS NOT OLD.file_sha256 OR NEW.file_size IS NOT OLD.file_size
BEGIN
    SELECT RAISE(ABORT, 'a received supplier invoice keeps what its file says');
END;
CREATE TRIGGER supplier_invoices_no_delete BEFORE DELETE ON supplier_invoices
BEGIN
    SELECT RAISE(ABORT, 'a received supplier invoice is kept');
END;

-- Its lines as the supplier wrote them: append-only.
CREATE TABLE supplier_invoice_lines (
    id                   TEXT PRIMARY KEY,
    supplier_invoice_id  TEXT    NOT NULL REFERENCES supplier_invoices (id),
    position             INTEGER NOT NULL,
    -- BT-155, BT-153.
    supplier_reference   TEXT,
    name                 TEXT    NOT NULL,
    -- BT-129 in thousandths, BT-130 (UN/ECE rec. 20: C62, LTR, H87…).
    quantity_milli       INTEGER NOT NULL,
    unit                 TEXT    NOT NULL,
    -- BT-146 rounded to the cent, BT-131 exact, BT-152, BT-151.
    net_price_cents      INTEGER NOT NULL,
    net_amount_cents     INTEGER NOT NULL,
    vat_bp               INTEGER NOT NULL CHECK (vat_bp BETWEEN 0 AND 10000),
    vat_category         TEXT    NOT NULL,
    created_at           INTEGER NOT NULL
);
CREATE INDEX supplier_invoice_lines_invoice ON supplier_invoice_lines (supplier_invoice_id, position);
CREATE TRIGGER supplier_invoice_lines_no_update BEFORE UPDATE ON supplier_invoice_lines
BEGIN
    SELECT RAISE(ABORT, 'a received supplier invoice keeps its lines');
END;
CREATE TRIGGER supplier_invoice_lines_no_delete BEFORE DELETE ON supplier_invoice_lines
BEGIN
    SELECT RAISE(ABORT, 'a received supplier invoice keeps its lines');
END;

-- The file's bytes as received, beside their SHA-256: append-only, on the
-- station that imported it (the operation names them by hash and size; the
-- bytes travel as a file, not as an operation).
CREATE TABLE supplier_invoice_files (
    supplier_invoice_id  TEXT PRIMARY KEY REFERENCES supplier_invoices (id),
    bytes                BLOB    NOT NULL,
    sha256               TEXT    NOT NULL CHECK (length(sha256) = 64),
    created_at           INTEGER NOT NULL
);
CREATE TRIGGER supplier_invoice_files_no_update BEFORE UPDATE ON supplier_invoice_files
BEGIN
    SELECT RAISE(ABORT, 'a received supplier invoice keeps its file');
END;
CREATE TRIGGER supplier_invoice_files_no_delete BEFORE DELETE ON supplier_invoice_files
BEGIN
    SELECT RAISE(ABORT, 'a received supplier invoice keeps its file');
END;
