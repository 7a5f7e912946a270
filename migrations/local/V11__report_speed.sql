-- Reports and dashboard under their targets over ten years (issue 11).

-- What each issued invoice still awaits, kept beside it so the unpaid ones
-- are found by an index instead of summing every invoice's payments and
-- credit notes: the receivables report, the dashboard's counts. Local, never
-- synced, derived only from rows that never change once written (issued
-- invoices and credit notes, append-only payments), so the triggers below
-- keep it right whoever writes them: issuing here, a payment or its
-- reversal, a credit note, the sync applier, a bulk import. Each trigger
-- recomputes the row from scratch, so the order rows arrive in (a payment
-- synced before its invoice is issued here) does not matter.
-- balance_cents = gross - deposits - credited - paid, as `invoices::SUMMARY`
-- derives it.
CREATE TABLE invoice_balances (
    invoice_id      TEXT PRIMARY KEY,
    site_id         TEXT    NOT NULL,
    -- What issued credit notes took off it (TTC).
    credited_cents  INTEGER NOT NULL,
    -- What was paid on it, reversals deducted.
    paid_cents      INTEGER NOT NULL,
    balance_cents   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX invoice_balances_open ON invoice_balances (site_id) WHERE balance_cents > 0;

INSERT INTO invoice_balances (invoice_id, site_id, credited_cents, paid_cents, balance_cents)
SELECT id, site_id, credited, paid, COALESCE(gross_cents, 0) - COALESCE(deposit_cents, 0) - credited - paid
  FROM (SELECT i.id, i.site_id, i.gross_cents, i.deposit_cents,
               (SELECT COALESCE(SUM(cn.gross_cents), 0) FROM invoices cn
                 WHERE cn.credited_invoice_id = i.id AND cn.status = 'issued') AS credited,
               (SELECT COALESCE(SUM(p.amount_cents), 0) FROM payments p
                 WHERE p.invoice_id = i.id) AS paid
          FROM invoices i
         WHERE i.status = 'issued' AND i.kind = 'invoice' AND i.deleted_at IS NULL);

-- The same computation for one invoice, in each trigger (SQLite triggers
-- cannot share a statement). A no-op unless the invoice is issued.
CREATE TRIGGER invoice_balances_issued AFTER INSERT ON invoices
WHEN NEW.status = 'issued'
BEGIN
    INSERT OR REPLACE INTO invoice_balances (invoice_id, site_id, credited_cents, paid_cents, balance_cents)
    SELECT id, site_id, credited, paid, COALESCE(gross_cents, 0) - COALESCE(deposit_cents, 0) - credited - paid
      FROM (SELECT i.id, i.site_id, i.gross_cents, i.deposit_cents,
                   (SELECT COALESCE(SUM(cn.gross_cents), 0) FROM invoices cn
                     WHERE cn.credited_invoice_id = i.id AND cn.status = 'issued') AS credited,
                   (SELECT COALESCE(SUM(p.amount_cents), 0) FROM payments p
                     WHERE p.invoice_id = i.id) AS paid
              FROM invoices i
             WHERE i.id = COALESCE(NEW.credited_invoice_id, NEW.id)
               AND i.status = 'issued' AND i.kind = 'invoice' AND i.deleted_at IS NULL);
END;

CREATE TRIGGER invoice_balances_issued_draft AFTER UPDATE ON invoices
WHEN NEW.status = 'issued' AND OLD.status = 'draft'
BEGIN
    INSERT OR REPLACE INTO invoice_balances (invoice_id, site_id, credited_cents, paid_cents, balance_cents)
    SELECT id, site_id, credited, paid, COALESCE(gross_cents, 0) - COALESCE(deposit_cents, 0) - credited - paid
      FROM (SELECT i.id, i.site_id, i.gross_cents, i.deposit_cents,
                   (SELECT COALESCE(SUM(cn.gross_cents), 0) FROM invoices cn
                     WHERE cn.credited_invoice_id = i.id AND cn.status = 'issued') AS credited,
                   (SELECT COALESCE(SUM(p.amount_cents), 0) FROM payments p
                     WHERE p.invoice_id = i.id) AS paid
              FROM invoices i
             WHERE i.id = COALESCE(NEW.credited_invoice_id, NEW.id)
               AND i.status = 'issued' AND i.kind = 'invoice' AND i.deleted_at IS NULL);
END;

CREATE TRIGGER invoice_balances_paid AFTER INSERT ON payments
WHEN NEW.invoice_id IS NOT NULL
BEGIN
    INSERT OR REPLACE INTO invoice_balances (invoice_id, site_id, credited_cents, paid_cents, balance_cents)
    SELECT id, site_id, credited, paid, COALESCE(gross_cents, 0) - COALESCE(deposit_cents, 0) - credited - paid
      FROM (SELECT i.id, i.site_id, i.gross_cents, i.deposit_cents,
                   (SELECT COALESCE(SUM(cn.gross_cents), 0) FROM invoices cn
                     WHERE cn.credited_invoice_id = i.id AND cn.status = 'issued') AS credited,
                   (SELECT COALESCE(SUM(p.amount_cents), 0) FROM payments p
                     WHERE p.invoice_id = i.id) AS paid
              FROM invoices i
             WHERE i.id = NEW.invoice_id
               AND i.status = 'issued' AND i.kind = 'invoice' AND i.deleted_at IS NULL);
END;

-- Each document's figures stored in day and site order (the key every report
-- reads them by), so a report over ten years reads the rows in one pass
-- instead of looking each one up from the day index. Rebuilt as is: the
-- figures are local and derived, nothing else refers to this table.
CREATE TABLE invoice_figures_by_day (
    invoice_id          TEXT    NOT NULL,
    site_id             TEXT    NOT NULL,
    issued_on           TEXT    NOT NULL,
    sign                INTEGER NOT NULL CHECK (sign IN (1, -1)),
    order_id            TEXT,
    vehicle_id          TEXT,
    net_cents           INTEGER NOT NULL,
    tax_cents           INTEGER NOT NULL,
    gross_cents         INTEGER NOT NULL,
    labour_cents        INTEGER NOT NULL,
    parts_cents         INTEGER NOT NULL,
    other_cents         INTEGER NOT NULL,
    parts_costed_cents  INTEGER NOT NULL,
    parts_cost_cents    INTEGER NOT NULL,
    billed_hours_milli  INTEGER NOT NULL,
    PRIMARY KEY (issued_on, site_id, invoice_id)
) WITHOUT ROWID;
INSERT INTO invoice_figures_by_day (invoice_id, site_id, issued_on, sign, order_id, vehicle_id,
    net_cents, tax_cents, gross_cents, labour_cents, parts_cents, other_cents,
    parts_costed_cents, parts_cost_cents, billed_hours_milli)
SELECT invoice_id, site_id, issued_on, sign, order_id, vehicle_id,
    net_cents, tax_cents, gross_cents, labour_cents, parts_cents, other_cents,
    parts_costed_cents, parts_cost_cents, billed_hours_milli
  FROM invoice_figures;
DROP TABLE invoice_figures;
ALTER TABLE invoice_figures_by_day RENAME TO invoice_figures;
-- One row per document: `figures::record` replaces it.
CREATE UNIQUE INDEX invoice_figures_invoice ON invoice_figures (invoice_id);
CREATE INDEX invoice_figures_order ON invoice_figures (order_id) WHERE order_id IS NOT NULL;

-- Productivity reads each (order, mechanic) pair's clock events in time
-- order, and the orders clocked or done in a period, from the indexes alone.
DROP INDEX clock_events_order;
CREATE INDEX clock_events_order ON clock_events (order_id, user_id, at_ms, created_at, kind, user_name);
DROP INDEX clock_events_at;
CREATE INDEX clock_events_at ON clock_events (at_ms, order_id);
DROP INDEX order_events_done;
CREATE INDEX order_events_done ON order_events (at_ms, order_id) WHERE to_status = 'done';

-- The parts used over a period, read from the index alone.
DROP INDEX stock_movements_used;
CREATE INDEX stock_movements_used ON stock_movements (at_ms, site_id, part_id, quantity_milli)
    WHERE kind IN ('use', 'return_from_order');
