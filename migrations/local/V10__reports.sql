-- Dashboard and reports (issue 11). Report queries only read; what they read
-- fast is below.

-- Orders and invoices belong to a site (DESIGN.md, Sync: scope). Rows written
-- before sites existed belong to the main site, whose id is the same
-- everywhere. An order takes the site of the workstation that creates it; an
-- invoice, the site of its order (of the invoice it credits, for a credit
-- note), else of the workstation that issues it. Adding a column does not
-- fire the triggers that keep issued invoices unchanged.
ALTER TABLE orders ADD COLUMN site_id TEXT NOT NULL DEFAULT '00000000-0000-7000-8000-000000000001';
ALTER TABLE invoices ADD COLUMN site_id TEXT NOT NULL DEFAULT '00000000-0000-7000-8000-000000000001';

-- What each issued invoice or credit note brings to the reports, derived from
-- its frozen content when it is issued (or received, or found missing at
-- open) and never synced: HT split into labour, parts and other after the
-- whole-invoice discount, the cost of its catalogue parts, its billed hours.
-- Amounts are signed: a credit note's are negative. Rebuildable from the
-- invoices alone (`reports::figures::rebuild`).
CREATE TABLE invoice_figures (
    invoice_id          TEXT PRIMARY KEY,
    site_id             TEXT    NOT NULL,
    issued_on           TEXT    NOT NULL,
    -- 1 for an invoice, -1 for a credit note.
    sign                INTEGER NOT NULL CHECK (sign IN (1, -1)),
    -- The repair order invoiced (a credit note: the one its invoice invoiced).
    order_id            TEXT,
    vehicle_id          TEXT,
    net_cents           INTEGER NOT NULL,
    tax_cents           INTEGER NOT NULL,
    gross_cents         INTEGER NOT NULL,
    labour_cents        INTEGER NOT NULL,
    parts_cents         INTEGER NOT NULL,
    other_cents         INTEGER NOT NULL,
    -- Of parts_cents, what the catalogue parts with a known cost sold for,
    -- and what they cost (weighted average cost at issue, else catalogue cost).
    parts_costed_cents  INTEGER NOT NULL,
    parts_cost_cents    INTEGER NOT NULL,
    -- Labour hours invoiced, in thousandths.
    billed_hours_milli  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX invoice_figures_day ON invoice_figures (issued_on, site_id);
CREATE INDEX invoice_figures_order ON invoice_figures (order_id) WHERE order_id IS NOT NULL;

-- Per VAT rate, signed likewise: the VAT collected report.
CREATE TABLE invoice_vat_figures (
    invoice_id  TEXT    NOT NULL,
    vat_bp      INTEGER NOT NULL,
    issued_on   TEXT    NOT NULL,
    site_id     TEXT    NOT NULL,
    net_cents   INTEGER NOT NULL,
    tax_cents   INTEGER NOT NULL,
    PRIMARY KEY (invoice_id, vat_bp)
) WITHOUT ROWID;
CREATE INDEX invoice_vat_figures_day ON invoice_vat_figures (issued_on, site_id);

-- Time clocked and parts used over a period, and the open orders of a site.
CREATE INDEX clock_events_at ON clock_events (at_ms);
CREATE INDEX stock_movements_used ON stock_movements (at_ms, site_id)
    WHERE kind IN ('use', 'return_from_order');
CREATE INDEX order_events_done ON order_events (at_ms) WHERE to_status = 'done';
CREATE INDEX orders_site_status ON orders (site_id, status) WHERE deleted_at IS NULL;
CREATE INDEX invoices_unpaid ON invoices (site_id, due_on) WHERE status = 'issued' AND kind = 'invoice';
