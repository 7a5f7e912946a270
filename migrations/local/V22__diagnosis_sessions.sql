-- A diagnosis of a car, on a repair order: what the customer or the
-- mechanic noticed, the decision tree followed (from its first question,
-- or from the one a trouble code starts at) and the answers given (one
-- JSON object, node key → answer, edited as a whole), notes and the
-- conclusion. Its findings are the vehicle's recommended work (below).
CREATE TABLE diagnosis_sessions (
    id               TEXT PRIMARY KEY,
    order_id         TEXT    NOT NULL REFERENCES orders (id),
    vehicle_id       TEXT    NOT NULL REFERENCES vehicles (id),
    started_by_id    TEXT,
    started_by_name  TEXT    NOT NULL,
    symptom          TEXT,
    tree_id          TEXT,
    tree_start       TEXT,
    answers          TEXT    NOT NULL DEFAULT '{}',
    notes            TEXT,
    conclusion       TEXT,
    status           TEXT    NOT NULL CHECK (status IN ('open', 'closed')),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    deleted_at       INTEGER
);
CREATE INDEX diagnosis_sessions_order ON diagnosis_sessions (order_id);
CREATE INDEX diagnosis_sessions_vehicle ON diagnosis_sessions (vehicle_id);

-- Each reading of the car's trouble codes, as it was: through the adapter
-- (with the warning light, readiness monitors, freeze frame, live values
-- and the VIN it gave), typed by hand, or the codes cleared after the
-- mechanic confirmed. Never changed once written.
CREATE TABLE diagnosis_readings (
    id          TEXT PRIMARY KEY,
    session_id  TEXT    NOT NULL REFERENCES diagnosis_sessions (id),
    vehicle_id  TEXT    NOT NULL REFERENCES vehicles (id),
    kind        TEXT    NOT NULL CHECK (kind IN ('read', 'typed', 'cleared')),
    -- [{"code": "P0301", "state": "stored" | "pending" | "permanent"}]
    codes       TEXT    NOT NULL DEFAULT '[]',
    mil         INTEGER CHECK (mil IN (0, 1)),
    vin         TEXT,
    mileage_km  INTEGER CHECK (mileage_km >= 0),
    -- Monitors, freeze frame, live values, adapter, protocol, warnings.
    details     TEXT    NOT NULL DEFAULT '{}',
    user_id     TEXT,
    user_name   TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX diagnosis_readings_session ON diagnosis_readings (session_id, created_at);
CREATE INDEX diagnosis_readings_vehicle ON diagnosis_readings (vehicle_id, created_at);

-- The mechanic's checks and measurements, in the order made. Never changed.
CREATE TABLE diagnosis_checks (
    id           TEXT PRIMARY KEY,
    session_id   TEXT    NOT NULL REFERENCES diagnosis_sessions (id),
    description  TEXT    NOT NULL,
    result       TEXT,
    value_milli  INTEGER,
    unit         TEXT,
    user_id      TEXT,
    user_name    TEXT    NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX diagnosis_checks_session ON diagnosis_checks (session_id, created_at);

-- The owner's own titles for trouble codes, over the library's: a generic
-- code (make NULL) or a make's own meaning. Synced field by field.
CREATE TABLE dtc_titles (
    id          TEXT PRIMARY KEY,
    code        TEXT    NOT NULL,
    make        TEXT,
    title       TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    deleted_at  INTEGER
);

-- The canned job (« forfait diagnostic ») added to an order when a
-- diagnosis starts on it, by the owner's choice.
ALTER TABLE workshop ADD COLUMN diagnosis_fee_job_id TEXT;

-- A diagnosis's findings are recommended work: the source gains
-- 'diagnosis', the session it came from and the canned job that carries
-- it out. A CHECK cannot change in place, so the table is made again and
-- its rows copied (the database opens migrations with foreign keys off and
-- checks them after, see db.rs).
CREATE TABLE vehicle_recommendations_v22 (
    id                 TEXT PRIMARY KEY,
    vehicle_id         TEXT    NOT NULL REFERENCES vehicles (id),
    source_order_id    TEXT    REFERENCES orders (id),
    source             TEXT    NOT NULL CHECK (source IN ('inspection', 'declined', 'diagnosis')),
    source_line_id     TEXT    REFERENCES order_lines (id),
    -- No foreign key: recommendations are shared by every site of the
    -- organisation, a diagnosis stays with its site's orders.
    source_session_id  TEXT,
    canned_job_id      TEXT,
    description        TEXT    NOT NULL,
    severity           TEXT    NOT NULL CHECK (severity IN ('watch', 'urgent')),
    status             TEXT    NOT NULL CHECK (status IN ('open', 'accepted', 'done', 'dismissed')),
    estimate_id        TEXT    REFERENCES orders (id),
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    deleted_at         INTEGER
);
INSERT INTO vehicle_recommendations_v22 (id, vehicle_id, source_order_id, source, source_line_id,
        description, severity, status, estimate_id, created_at, updated_at, deleted_at)
SELECT id, vehicle_id, source_order_id, source, source_line_id,
       description, severity, status, estimate_id, created_at, updated_at, deleted_at
  FROM vehicle_recommendations;
DROP TABLE vehicle_recommendations;
ALTER TABLE vehicle_recommendations_v22 RENAME TO vehicle_recommendations;
CREATE INDEX vehicle_recommendations_vehicle ON vehicle_recommendations (vehicle_id, status)
    WHERE deleted_at IS NULL;
CREATE INDEX vehicle_recommendations_session ON vehicle_recommendations (source_session_id)
    WHERE source_session_id IS NOT NULL;
