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
