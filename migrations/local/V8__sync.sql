-- Sync with the organisation's server (DESIGN.md, Sync).

-- This workstation's enrolment: which server, which organisation and site,
-- where the next pull starts, and how the last attempt went. At most one row;
-- none while the workstation works alone. The device token is not here: it
-- lives in the OS keyring.
CREATE TABLE sync_state (
    singleton        INTEGER PRIMARY KEY CHECK (singleton = 1),
    server_url       TEXT    NOT NULL,
    organisation     TEXT    NOT NULL,
    site_id          TEXT    NOT NULL,
    site_code        TEXT    NOT NULL,
    site_name        TEXT    NOT NULL,
    all_sites        INTEGER NOT NULL CHECK (all_sites IN (0, 1)),
    device_name      TEXT    NOT NULL,
    enrolled_at      INTEGER NOT NULL,
    -- The server position after the last applied page.
    cursor           INTEGER NOT NULL DEFAULT 0 CHECK (cursor >= 0),
    last_sync_at     INTEGER,
    last_attempt_at  INTEGER,
    -- Code and message of the last failed attempt; NULL after a success.
    last_error_code  TEXT,
    last_error       TEXT,
    online           INTEGER NOT NULL DEFAULT 0 CHECK (online IN (0, 1)),
    -- A pulled operation carried a clock more than 5 minutes ahead of ours.
    clock_ahead      INTEGER NOT NULL DEFAULT 0 CHECK (clock_ahead IN (0, 1))
);

-- Who made each operation, as this station names them: travels with it so
-- other stations can say who wrote a value. The server's verdict on an
-- operation it kept but did not pass on.
ALTER TABLE outbox ADD COLUMN by_name TEXT;
ALTER TABLE outbox ADD COLUMN rejected_code TEXT;
ALTER TABLE outbox ADD COLUMN rejected_reason TEXT;
CREATE INDEX outbox_rejected ON outbox (seq) WHERE rejected_code IS NOT NULL;

-- The stamp of the last write of each field changed after its row was
-- created (by an update here or from another station): per-field
-- last-writer-wins compares against it. A field without one still holds the
-- value its row was created with, older than any update.
CREATE TABLE field_stamps (
    entity     TEXT    NOT NULL,
    row_id     TEXT    NOT NULL,
    field      TEXT    NOT NULL,
    hlc        INTEGER NOT NULL,
    device_id  TEXT    NOT NULL,
    by_name    TEXT,
    PRIMARY KEY (entity, row_id, field)
) WITHOUT ROWID;

-- Two stations changed the same field without seeing each other's change:
-- the value kept and the value overwritten, so a person can put the other
-- one back.
CREATE TABLE sync_conflicts (
    id           INTEGER PRIMARY KEY,
    entity       TEXT    NOT NULL,
    row_id       TEXT    NOT NULL,
    field        TEXT    NOT NULL,
    kept_value   TEXT    NOT NULL,
    kept_hlc     INTEGER NOT NULL,
    kept_device  TEXT    NOT NULL,
    kept_by      TEXT,
    lost_value   TEXT    NOT NULL,
    lost_hlc     INTEGER NOT NULL,
    lost_device  TEXT    NOT NULL,
    lost_by      TEXT,
    detected_at  INTEGER NOT NULL,
    -- Set when a person chose (kept the value, or put the other one back).
    settled_at   INTEGER,
    settled_by   TEXT
);
CREATE INDEX sync_conflicts_open ON sync_conflicts (detected_at) WHERE settled_at IS NULL;
CREATE INDEX sync_conflicts_row ON sync_conflicts (entity, row_id);

-- What a newer Atelier sent that this one cannot store yet: fields of
-- columns it does not have, and operations on tables it does not know, or
-- on rows it has not received. Kept, never dropped, and applied once the
-- row arrives.
CREATE TABLE sync_parked (
    id         INTEGER PRIMARY KEY,
    entity     TEXT    NOT NULL,
    row_id     TEXT    NOT NULL,
    operation  TEXT    NOT NULL,
    parked_at  INTEGER NOT NULL
);
CREATE INDEX sync_parked_row ON sync_parked (entity, row_id);

-- The organisation's stations as the server last described them.
CREATE TABLE sync_stations (
    device_id     TEXT PRIMARY KEY,
    name          TEXT    NOT NULL,
    site_code     TEXT    NOT NULL,
    last_sync_ms  INTEGER,
    revoked       INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
);

-- Who started an invoice draft: it travelled with the draft's operation and
-- is now kept with the row, so every station stores what it receives.
ALTER TABLE invoices ADD COLUMN created_by TEXT;
