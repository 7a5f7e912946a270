-- Estimates and repair orders (issue 4): the order header, its lines, its life
-- (append-only events), the customer's approvals, supplements, the bench
-- (checklist steps, time clock, notes), inspections, work recommended to the
-- customer for later, and canned jobs. Amounts are integer cents, VAT rates
-- basis points, quantities and hours integer thousandths (1500 = 1,5).

-- Human numbers (D-2026-0042, OR-2026-0017): one counter per kind and year,
-- allocated in the transaction that creates the number. Local to this
-- workstation: numbers unique across stations need per-station blocks, which
-- sync will hand out (see orders::numbers). A number once given is never reused.
CREATE TABLE order_counters (
    kind  TEXT    NOT NULL CHECK (kind IN ('estimate', 'order')),
    year  INTEGER NOT NULL,
    last  INTEGER NOT NULL CHECK (last > 0),
    PRIMARY KEY (kind, year)
) WITHOUT ROWID;

CREATE TABLE orders (
    id                  TEXT PRIMARY KEY,
    estimate_number     TEXT    NOT NULL UNIQUE,
    order_number        TEXT    UNIQUE,
    status              TEXT    NOT NULL CHECK (status IN ('estimate', 'accepted', 'in_progress',
                                    'waiting_parts', 'done', 'invoiced', 'cancelled')),
    customer_id         TEXT    NOT NULL REFERENCES customers (id),
    vehicle_id          TEXT    NOT NULL REFERENCES vehicles (id),
    -- The odometer at drop-off, also recorded as a reading of the vehicle.
    mileage_km          INTEGER CHECK (mileage_km >= 0),
    mileage_reading_id  TEXT    REFERENCES mileage_readings (id),
    -- What the customer said, in their words.
    complaint           TEXT,
    -- Workshop-local wall time, YYYY-MM-DDTHH:MM (or a day alone).
    promised_at         TEXT,
    -- The assigned mechanics: a JSON array of user ids, one last-writer-wins field.
    mechanic_ids        TEXT    NOT NULL DEFAULT '[]',
    internal_notes      TEXT,
    -- The whole-order discount: a percentage in basis points, or an amount in cents.
    discount_kind       TEXT    CHECK (discount_kind IN ('percent', 'amount')),
    discount_value      INTEGER CHECK (discount_value >= 0),
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    deleted_at          INTEGER,
    CHECK ((discount_kind IS NULL) = (discount_value IS NULL)),
    CHECK (discount_kind IS NOT 'percent' OR discount_value <= 10000),
    CHECK (status = 'estimate' OR status = 'cancelled' OR order_number IS NOT NULL)
);
CREATE INDEX orders_status ON orders (status, promised_at) WHERE deleted_at IS NULL;
CREATE INDEX orders_vehicle ON orders (vehicle_id);
CREATE INDEX orders_customer ON orders (customer_id);

-- Each change of status, with who and why: the order's timeline. Append-only.
CREATE TABLE order_events (
    id           TEXT PRIMARY KEY,
    order_id     TEXT    NOT NULL REFERENCES orders (id),
    from_status  TEXT,
    to_status    TEXT    NOT NULL,
    at_ms        INTEGER NOT NULL,
    user_id      TEXT,
    user_name    TEXT    NOT NULL,
    reason       TEXT,
    created_at   INTEGER NOT NULL
);
CREATE INDEX order_events_order ON order_events (order_id, at_ms);

-- Extra work found after the estimate was accepted, awaiting its own approval.
CREATE TABLE order_supplements (
    id             TEXT PRIMARY KEY,
    order_id       TEXT    NOT NULL REFERENCES orders (id),
    number         INTEGER NOT NULL CHECK (number > 0),
    title          TEXT,
    status         TEXT    NOT NULL CHECK (status IN ('pending', 'approved', 'declined')),
    decided_by     TEXT,
    decline_reason TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    deleted_at     INTEGER
);
CREATE INDEX order_supplements_order ON order_supplements (order_id);

-- The customer's signed approval of an estimate (supplement_id NULL) or of a
-- supplement. Append-only: a signature is never edited.
CREATE TABLE order_approvals (
    id                       TEXT PRIMARY KEY,
    order_id                 TEXT    NOT NULL REFERENCES orders (id),
    supplement_id            TEXT    REFERENCES order_supplements (id),
    signer_name              TEXT    NOT NULL,
    signature_png            BLOB    NOT NULL,
    -- Whether the customer accepts parts from the circular economy (PIEC);
    -- NULL when none were offered.
    recycled_parts_accepted  INTEGER CHECK (recycled_parts_accepted IN (0, 1)),
    accepted_on              TEXT    NOT NULL,
    recorded_by_id           TEXT,
    recorded_by_name         TEXT    NOT NULL,
    created_at               INTEGER NOT NULL
);
CREATE INDEX order_approvals_order ON order_approvals (order_id);

-- The order's lines, each its own synced row. For labour, quantity is hours
-- and unit the hourly rate copied from the workshop when the line was added
-- (or flat_cents, a fixed price). A labour line needs a rate or a flat price.
CREATE TABLE order_lines (
    id              TEXT PRIMARY KEY,
    order_id        TEXT    NOT NULL REFERENCES orders (id),
    supplement_id   TEXT    REFERENCES order_supplements (id),
    position        INTEGER NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('labour', 'part', 'fee')),
    description     TEXT    NOT NULL,
    quantity_milli  INTEGER NOT NULL CHECK (quantity_milli >= 0),
    unit_cents      INTEGER NOT NULL CHECK (unit_cents >= 0),
    flat_cents      INTEGER CHECK (flat_cents >= 0),
    rate_code       TEXT,
    part_id         TEXT,
    origin          TEXT    CHECK (origin IN ('new_oem', 'new_aftermarket', 'exchange', 'recycled')),
    vat_bp          INTEGER NOT NULL CHECK (vat_bp BETWEEN 0 AND 10000),
    discount_bp     INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
    -- Added by a mechanic at the bench: the front desk checks its price.
    from_bench      INTEGER NOT NULL DEFAULT 0 CHECK (from_bench IN (0, 1)),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    deleted_at      INTEGER,
    CHECK (kind <> 'labour' OR unit_cents > 0 OR flat_cents IS NOT NULL),
    CHECK (kind = 'part' OR (origin IS NULL AND part_id IS NULL)),
    CHECK (kind = 'labour' OR (flat_cents IS NULL AND rate_code IS NULL))
);
CREATE INDEX order_lines_order ON order_lines (order_id, position) WHERE deleted_at IS NULL;

-- The mechanic's checklist, ticked in order.
CREATE TABLE order_steps (
    id            TEXT PRIMARY KEY,
    order_id      TEXT    NOT NULL REFERENCES orders (id),
    line_id       TEXT    REFERENCES order_lines (id),
    position      INTEGER NOT NULL,
    label         TEXT    NOT NULL,
    done_at       INTEGER,
    done_by_id    TEXT,
    done_by_name  TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    deleted_at    INTEGER
);
CREATE INDEX order_steps_order ON order_steps (order_id, position) WHERE deleted_at IS NULL;

-- The time clock: start, pause and stop per mechanic per order. Append-only;
-- the time spent is derived from the events.
CREATE TABLE clock_events (
    id          TEXT PRIMARY KEY,
    order_id    TEXT    NOT NULL REFERENCES orders (id),
    user_id     TEXT    NOT NULL,
    user_name   TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('start', 'pause', 'stop')),
    at_ms       INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX clock_events_order ON clock_events (order_id, user_id, at_ms);

-- Notes written at the bench. Append-only.
CREATE TABLE order_notes (
    id          TEXT PRIMARY KEY,
    order_id    TEXT    NOT NULL REFERENCES orders (id),
    user_id     TEXT,
    user_name   TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX order_notes_order ON order_notes (order_id, created_at);

-- Findings the customer did not have done yet: they stay on the vehicle for
-- the next visit until done or dismissed.
CREATE TABLE vehicle_recommendations (
    id               TEXT PRIMARY KEY,
    vehicle_id       TEXT    NOT NULL REFERENCES vehicles (id),
    source_order_id  TEXT    REFERENCES orders (id),
    source           TEXT    NOT NULL CHECK (source IN ('inspection', 'declined')),
    -- The declined line it repeats, when it comes from a supplement.
    source_line_id   TEXT    REFERENCES order_lines (id),
    description      TEXT    NOT NULL,
    severity         TEXT    NOT NULL CHECK (severity IN ('watch', 'urgent')),
    status           TEXT    NOT NULL CHECK (status IN ('open', 'accepted', 'done', 'dismissed')),
    -- The estimate it was turned into.
    estimate_id      TEXT    REFERENCES orders (id),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    deleted_at       INTEGER
);
CREATE INDEX vehicle_recommendations_vehicle ON vehicle_recommendations (vehicle_id, status)
    WHERE deleted_at IS NULL;

-- One inspection per order; its points are written as they are checked.
CREATE TABLE inspections (
    id               TEXT PRIMARY KEY,
    order_id         TEXT    NOT NULL REFERENCES orders (id),
    created_by_id    TEXT,
    created_by_name  TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    deleted_at       INTEGER
);
CREATE INDEX inspections_order ON inspections (order_id) WHERE deleted_at IS NULL;

CREATE TABLE inspection_points (
    id                 TEXT PRIMARY KEY,
    inspection_id      TEXT    NOT NULL REFERENCES inspections (id),
    code               TEXT    NOT NULL,
    status             TEXT    NOT NULL CHECK (status IN ('ok', 'watch', 'urgent')),
    -- Tread depth in thousandths of a millimetre, pad wear in thousandths of a percent…
    measure_milli      INTEGER CHECK (measure_milli >= 0),
    comment            TEXT,
    checked_by_id      TEXT,
    checked_by_name    TEXT    NOT NULL,
    recommendation_id  TEXT    REFERENCES vehicle_recommendations (id),
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    deleted_at         INTEGER
);
CREATE INDEX inspection_points_inspection ON inspection_points (inspection_id, code);

-- Named templates of labour and part lines. The lines are one JSON field:
-- a template is edited as a whole, so it merges as a whole.
CREATE TABLE canned_jobs (
    id                    TEXT PRIMARY KEY,
    name                  TEXT    NOT NULL,
    name_key              TEXT    NOT NULL,
    duration_hours_milli  INTEGER CHECK (duration_hours_milli >= 0),
    lines                 TEXT    NOT NULL DEFAULT '[]',
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    deleted_at            INTEGER
);
CREATE INDEX canned_jobs_name ON canned_jobs (name_key) WHERE deleted_at IS NULL;

CREATE TRIGGER order_events_no_update BEFORE UPDATE ON order_events
BEGIN
    SELECT RAISE(ABORT, 'order events are append-only');
END;
CREATE TRIGGER order_events_no_delete BEFORE DELETE ON order_events
BEGIN
    SELECT RAISE(ABORT, 'order events are append-only');
END;
CREATE TRIGGER clock_events_no_update BEFORE UPDATE ON clock_events
BEGIN
    SELECT RAISE(ABORT, 'clock events are append-only');
END;
CREATE TRIGGER clock_events_no_delete BEFORE DELETE ON clock_events
BEGIN
    SELECT RAISE(ABORT, 'clock events are append-only');
END;
CREATE TRIGGER order_approvals_no_update BEFORE UPDATE ON order_approvals
BEGIN
    SELECT RAISE(ABORT, 'approvals are append-only');
END;
CREATE TRIGGER order_approvals_no_delete BEFORE DELETE ON order_approvals
BEGIN
    SELECT RAISE(ABORT, 'approvals are append-only');
END;
CREATE TRIGGER order_notes_no_update BEFORE UPDATE ON order_notes
BEGIN
    SELECT RAISE(ABORT, 'bench notes are append-only');
END;
CREATE TRIGGER order_notes_no_delete BEFORE DELETE ON order_notes
BEGIN
    SELECT RAISE(ABORT, 'bench notes are append-only');
END;
