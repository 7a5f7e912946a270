-- The workstation itself: its device id, its hybrid logical clock and the gap-free
-- sequence of the operations it has written. Exactly one row.
CREATE TABLE device (
    singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
    device_id   TEXT    NOT NULL,
    hlc_last    INTEGER NOT NULL DEFAULT 0,
    last_seq    INTEGER NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
    created_at  INTEGER NOT NULL
);

-- Preferences of this workstation only (interface language…): never synced.
CREATE TABLE local_settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

-- Every synced write appends its operation here in the same transaction as the
-- row it changes (DESIGN.md, Sync/Capture). `acked_at` is set once the server
-- has acknowledged it; until then the operation is waiting to be sent.
CREATE TABLE outbox (
    seq             INTEGER PRIMARY KEY CHECK (seq > 0),
    op_id           TEXT    NOT NULL UNIQUE,
    device_id       TEXT    NOT NULL,
    hlc             INTEGER NOT NULL,
    schema_version  INTEGER NOT NULL,
    entity          TEXT    NOT NULL,
    row_id          TEXT    NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('insert', 'update', 'delete', 'merge')),
    payload         TEXT    NOT NULL,
    acked_at        INTEGER
);
CREATE INDEX outbox_pending ON outbox (seq) WHERE acked_at IS NULL;

CREATE TABLE customers (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('individual', 'company')),
    civility      TEXT CHECK (civility IN ('M.', 'Mme')),
    first_name    TEXT,
    last_name     TEXT,
    company_name  TEXT,
    phone         TEXT,
    email         TEXT,
    notes         TEXT,
    -- Derived in atelier-core from the names: accent- and case-folded.
    sort_key      TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    deleted_at    INTEGER,
    CHECK ((kind = 'individual' AND last_name IS NOT NULL)
        OR (kind = 'company' AND company_name IS NOT NULL))
);
CREATE INDEX customers_sort ON customers (sort_key) WHERE deleted_at IS NULL;
CREATE INDEX customers_recent ON customers (created_at) WHERE deleted_at IS NULL;
