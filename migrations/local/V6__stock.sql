-- Parts inventory and purchasing (issue 5): sites, the parts catalogue with its
-- suppliers and equivalent references, stock as append-only movements with a
-- derived per-site summary, purchase orders and stocktakes. Quantities are
-- integer thousandths (1500 = 1,5 litre), amounts integer cents HT, VAT rates
-- basis points.

-- The workshops of one business. Every workstation starts at the main site,
-- whose id is the same everywhere; the owner adds the others.
CREATE TABLE sites (
    id          TEXT PRIMARY KEY,
    name        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    deleted_at  INTEGER
);
INSERT INTO sites (id, name, created_at, updated_at)
VALUES ('00000000-0000-7000-8000-000000000001', 'Site principal', 0, 0);

-- Markup rules: the sale price of a part with none of its own is its cost
-- price plus its category's markup. Keyed by the folded category name.
CREATE TABLE part_categories (
    key         TEXT PRIMARY KEY,
    name        TEXT    NOT NULL,
    markup_bp   INTEGER NOT NULL CHECK (markup_bp BETWEEN 0 AND 1000000),
    updated_at  INTEGER NOT NULL
);

CREATE TABLE parts (
    id             TEXT PRIMARY KEY,
    -- The workshop's own reference, and its normalised form (capitals and
    -- digits only), unique among live parts.
    reference      TEXT    NOT NULL,
    reference_key  TEXT    NOT NULL,
    oem_reference  TEXT,
    ean            TEXT,
    brand          TEXT,
    description    TEXT    NOT NULL,
    category       TEXT,
    -- The folded category, to find its markup rule.
    category_key   TEXT,
    unit           TEXT    NOT NULL CHECK (unit IN ('piece', 'litre', 'set')),
    cost_cents     INTEGER NOT NULL DEFAULT 0 CHECK (cost_cents >= 0),
    sale_cents     INTEGER CHECK (sale_cents >= 0),
    vat_bp         INTEGER NOT NULL CHECK (vat_bp BETWEEN 0 AND 10000),
    active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    deleted_at     INTEGER
);
CREATE UNIQUE INDEX parts_reference ON parts (reference_key) WHERE deleted_at IS NULL;

-- Equivalent references of a part (other makers' numbers, superseded ones).
CREATE TABLE part_equivalents (
    id          TEXT PRIMARY KEY,
    part_id     TEXT    NOT NULL REFERENCES parts (id),
    reference   TEXT    NOT NULL,
    brand       TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    deleted_at  INTEGER
);
CREATE INDEX part_equivalents_part ON part_equivalents (part_id) WHERE deleted_at IS NULL;

-- What a part is at one site: where it sits and when to order more.
CREATE TABLE part_sites (
    id                   TEXT PRIMARY KEY,
    part_id              TEXT    NOT NULL REFERENCES parts (id),
    site_id              TEXT    NOT NULL REFERENCES sites (id),
    bin                  TEXT,
    reorder_point_milli  INTEGER CHECK (reorder_point_milli >= 0),
    reorder_qty_milli    INTEGER CHECK (reorder_qty_milli >= 0),
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    UNIQUE (part_id, site_id)
);
CREATE INDEX part_sites_site ON part_sites (site_id, bin);

CREATE TABLE suppliers (
    id          TEXT PRIMARY KEY,
    name        TEXT    NOT NULL,
    email       TEXT,
    phone       TEXT,
    notes       TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    deleted_at  INTEGER
);

-- A supplier's own reference and price for a part.
CREATE TABLE part_suppliers (
    id                  TEXT PRIMARY KEY,
    part_id             TEXT    NOT NULL REFERENCES parts (id),
    supplier_id         TEXT    NOT NULL REFERENCES suppliers (id),
    supplier_reference  TEXT,
    price_cents         INTEGER NOT NULL CHECK (price_cents >= 0),
    preferred           INTEGER NOT NULL DEFAULT 0 CHECK (preferred IN (0, 1)),
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    deleted_at          INTEGER
);
CREATE INDEX part_suppliers_part ON part_suppliers (part_id) WHERE deleted_at IS NULL;
CREATE INDEX part_suppliers_supplier ON part_suppliers (supplier_id) WHERE deleted_at IS NULL;

-- Local search over the catalogue, derived from the rows above (never synced).
-- Every reference of a part (its own, OEM, EAN, equivalents, suppliers'),
-- normalised, for exact and prefix look-ups through the primary key...
CREATE TABLE part_refs (
    ref_key  TEXT NOT NULL,
    part_id  TEXT NOT NULL,
    -- 0 the part's own reference, 1 OEM, 2 EAN, 3 equivalent, 4 supplier's.
    source   INTEGER NOT NULL,
    PRIMARY KEY (ref_key, part_id, source)
) WITHOUT ROWID;
CREATE INDEX part_refs_part ON part_refs (part_id);
-- ...and the folded words of its description, brand and category.
CREATE TABLE part_docs (
    doc      INTEGER PRIMARY KEY AUTOINCREMENT,
    part_id  TEXT NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE part_index USING fts5 (
    body,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4'
);

-- Stock is movements: append-only, never edited, synced one by one. On hand
-- at a site is the sum of its movements' signed quantities.
CREATE TABLE stock_movements (
    id                TEXT PRIMARY KEY,
    part_id           TEXT    NOT NULL REFERENCES parts (id),
    site_id           TEXT    NOT NULL REFERENCES sites (id),
    kind              TEXT    NOT NULL CHECK (kind IN ('receipt', 'use', 'return_from_order',
                          'adjustment', 'return_to_supplier', 'transfer_out', 'transfer_in')),
    quantity_milli    INTEGER NOT NULL CHECK (quantity_milli <> 0),
    -- Receipts: what one unit cost, for the weighted average.
    unit_cost_cents   INTEGER CHECK (unit_cost_cents >= 0),
    reason            TEXT,
    order_line_id     TEXT,
    purchase_line_id  TEXT,
    transfer_id       TEXT,
    stocktake_id      TEXT,
    at_ms             INTEGER NOT NULL,
    created_at        INTEGER NOT NULL,
    CHECK (kind NOT IN ('receipt', 'return_from_order', 'transfer_in') OR quantity_milli > 0),
    CHECK (kind NOT IN ('use', 'return_to_supplier', 'transfer_out') OR quantity_milli < 0),
    CHECK (kind <> 'receipt' OR unit_cost_cents IS NOT NULL)
);
CREATE INDEX stock_movements_part ON stock_movements (part_id, site_id, created_at);
CREATE INDEX stock_movements_line ON stock_movements (order_line_id) WHERE order_line_id IS NOT NULL;
CREATE INDEX stock_movements_purchase ON stock_movements (purchase_line_id)
    WHERE purchase_line_id IS NOT NULL;

-- The per-site summary of the movements, kept by atelier-core as each
-- movement is written or received, and rebuildable from them (never synced).
-- Every column is a sum, so the order movements arrive in does not matter.
CREATE TABLE stock_levels (
    part_id              TEXT    NOT NULL,
    site_id              TEXT    NOT NULL,
    on_hand_milli        INTEGER NOT NULL,
    -- Receipts: quantity, and Σ quantity_milli × unit_cost_cents.
    received_milli       INTEGER NOT NULL,
    received_cost        INTEGER NOT NULL,
    movements            INTEGER NOT NULL,
    PRIMARY KEY (part_id, site_id)
) WITHOUT ROWID;
CREATE INDEX stock_levels_negative ON stock_levels (site_id, on_hand_milli) WHERE on_hand_milli < 0;

-- Purchase order numbers (BC-2026-0001): one counter per year, local to this
-- workstation like the order numbers.
CREATE TABLE purchase_counters (
    year  INTEGER PRIMARY KEY,
    last  INTEGER NOT NULL CHECK (last > 0)
);

CREATE TABLE purchase_orders (
    id           TEXT PRIMARY KEY,
    number       TEXT    NOT NULL UNIQUE,
    supplier_id  TEXT    NOT NULL REFERENCES suppliers (id),
    site_id      TEXT    NOT NULL REFERENCES sites (id),
    status       TEXT    NOT NULL CHECK (status IN ('draft', 'sent', 'partial', 'received', 'cancelled')),
    notes        TEXT,
    sent_at      INTEGER,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    deleted_at   INTEGER
);
CREATE INDEX purchase_orders_status ON purchase_orders (site_id, status);

-- What was ordered; what arrived is the receipts that name the line.
CREATE TABLE purchase_lines (
    id                 TEXT PRIMARY KEY,
    purchase_order_id  TEXT    NOT NULL REFERENCES purchase_orders (id),
    part_id            TEXT    NOT NULL REFERENCES parts (id),
    position           INTEGER NOT NULL,
    quantity_milli     INTEGER NOT NULL CHECK (quantity_milli > 0),
    unit_cost_cents    INTEGER NOT NULL CHECK (unit_cost_cents >= 0),
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    deleted_at         INTEGER
);
CREATE INDEX purchase_lines_order ON purchase_lines (purchase_order_id, position) WHERE deleted_at IS NULL;
CREATE INDEX purchase_lines_part ON purchase_lines (part_id) WHERE deleted_at IS NULL;

-- A stock count at one site: counts are entered, then posted at once as
-- adjustments.
CREATE TABLE stocktakes (
    id          TEXT PRIMARY KEY,
    site_id     TEXT    NOT NULL REFERENCES sites (id),
    status      TEXT    NOT NULL CHECK (status IN ('open', 'posted')),
    posted_at   INTEGER,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

CREATE TABLE stocktake_counts (
    id             TEXT PRIMARY KEY,
    stocktake_id   TEXT    NOT NULL REFERENCES stocktakes (id),
    part_id        TEXT    NOT NULL REFERENCES parts (id),
    counted_milli  INTEGER NOT NULL CHECK (counted_milli >= 0),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    UNIQUE (stocktake_id, part_id)
);
