-- Invoices, credit notes and payments (issue 6). Amounts are integer cents,
-- VAT rates basis points. An invoice is a draft (editable, no number) until it
-- is issued: then it gets the next number of this workstation's series, its
-- content is frozen as JSON, its PDF stored, and its SHA-256 chained to the
-- previous document of the series. Issued rows never change and are never
-- deleted (the triggers below); payments are append-only, a mistake is undone
-- by a reversal entry.

-- One counter per series (`F-S1A-2026` for invoices, `A-S1A-2026` for credit
-- notes), moved in the transaction that issues: a rolled-back issue gives its
-- number back, so a series has no gap. `last` is also what `verify` compares
-- the stored documents with, so a deleted last invoice is noticed.
CREATE TABLE invoice_counters (
    series  TEXT    PRIMARY KEY,
    last    INTEGER NOT NULL CHECK (last > 0)
) WITHOUT ROWID;

CREATE TABLE invoices (
    id                   TEXT PRIMARY KEY,
    kind                 TEXT    NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
    status               TEXT    NOT NULL CHECK (status IN ('draft', 'issued')),
    -- The repair order invoiced; NULL for a counter sale and a credit note.
    order_id             TEXT    REFERENCES orders (id),
    -- The invoice a credit note corrects.
    credited_invoice_id  TEXT    REFERENCES invoices (id),
    customer_id          TEXT    NOT NULL REFERENCES customers (id),
    vehicle_id           TEXT    REFERENCES vehicles (id),
    -- The draft's lines: a JSON array edited as a whole.
    lines                TEXT    NOT NULL DEFAULT '[]',
    discount_kind        TEXT    CHECK (discount_kind IN ('percent', 'amount')),
    discount_value       INTEGER CHECK (discount_value >= 0),
    -- Printed on the invoice (a credit note's reason).
    notes                TEXT,
    -- Set at issue, never after.
    series               TEXT,
    seq                  INTEGER CHECK (seq > 0),
    number               TEXT    UNIQUE,
    issued_on            TEXT,
    due_on               TEXT,
    net_cents            INTEGER,
    tax_cents            INTEGER,
    gross_cents          INTEGER,
    -- Deposits paid before the invoice, deducted from what is left to pay.
    deposit_cents        INTEGER,
    -- Everything printed, frozen at issue (JSON).
    content              TEXT,
    pdf_sha256           TEXT,
    prev_hash            TEXT,
    hash                 TEXT,
    issued_by            TEXT,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    deleted_at           INTEGER,
    UNIQUE (series, seq),
    CHECK ((discount_kind IS NULL) = (discount_value IS NULL)),
    CHECK (kind = 'invoice' OR credited_invoice_id IS NOT NULL),
    CHECK (status = 'draft' OR (number IS NOT NULL AND hash IS NOT NULL AND content IS NOT NULL))
);
CREATE INDEX invoices_customer ON invoices (customer_id, issued_on);
CREATE INDEX invoices_order ON invoices (order_id);
CREATE INDEX invoices_credited ON invoices (credited_invoice_id);
CREATE INDEX invoices_issued ON invoices (status, kind, issued_on);

-- The exact PDF given to the customer, rendered once at issue.
CREATE TABLE invoice_pdfs (
    invoice_id  TEXT PRIMARY KEY REFERENCES invoices (id),
    pdf         BLOB NOT NULL,
    created_at  INTEGER NOT NULL
);

-- Money received: against an issued invoice, or a deposit against an order
-- before its invoice. `amount_cents` is what settles the debt (a reversal is
-- the negative of the payment it undoes); cash handed over beyond it was
-- given back as `change_cents`.
CREATE TABLE payments (
    id              TEXT PRIMARY KEY,
    invoice_id      TEXT    REFERENCES invoices (id),
    order_id        TEXT    REFERENCES orders (id),
    customer_id     TEXT    NOT NULL REFERENCES customers (id),
    method          TEXT    NOT NULL CHECK (method IN ('cash', 'card', 'cheque', 'transfer')),
    amount_cents    INTEGER NOT NULL CHECK (amount_cents <> 0),
    tendered_cents  INTEGER,
    change_cents    INTEGER NOT NULL DEFAULT 0 CHECK (change_cents >= 0),
    paid_on         TEXT    NOT NULL,
    reference       TEXT,
    reverses_id     TEXT    UNIQUE REFERENCES payments (id),
    reason          TEXT,
    -- The workstation that took it: its series prefix, else its device id.
    station         TEXT    NOT NULL,
    user_id         TEXT,
    user_name       TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    CHECK (invoice_id IS NOT NULL OR order_id IS NOT NULL),
    CHECK ((reverses_id IS NULL) = (amount_cents > 0))
);
CREATE INDEX payments_invoice ON payments (invoice_id);
CREATE INDEX payments_order ON payments (order_id) WHERE invoice_id IS NULL;
CREATE INDEX payments_day ON payments (paid_on, station);

CREATE TRIGGER invoices_issued_no_update BEFORE UPDATE ON invoices
WHEN OLD.status = 'issued'
BEGIN
    SELECT RAISE(ABORT, 'issued invoices cannot be changed: issue a credit note');
END;
CREATE TRIGGER invoices_issued_no_delete BEFORE DELETE ON invoices
WHEN OLD.status = 'issued'
BEGIN
    SELECT RAISE(ABORT, 'issued invoices cannot be deleted');
END;
CREATE TRIGGER invoice_pdfs_no_update BEFORE UPDATE ON invoice_pdfs
BEGIN
    SELECT RAISE(ABORT, 'an issued invoice keeps its PDF');
END;
CREATE TRIGGER invoice_pdfs_no_delete BEFORE DELETE ON invoice_pdfs
BEGIN
    SELECT RAISE(ABORT, 'an issued invoice keeps its PDF');
END;
CREATE TRIGGER payments_no_update BEFORE UPDATE ON payments
BEGIN
    SELECT RAISE(ABORT, 'payments are append-only: record a reversal');
END;
CREATE TRIGGER payments_no_delete BEFORE DELETE ON payments
BEGIN
    SELECT RAISE(ABORT, 'payments are append-only: record a reversal');
END;
CREATE TRIGGER invoice_counters_no_decrease BEFORE UPDATE ON invoice_counters
WHEN NEW.last <> OLD.last + 1
BEGIN
    SELECT RAISE(ABORT, 'an invoice series only moves one number forward');
END;
CREATE TRIGGER invoice_counters_no_delete BEFORE DELETE ON invoice_counters
BEGIN
    SELECT RAISE(ABORT, 'an invoice series is never reset');
END;
