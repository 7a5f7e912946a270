-- The sync server's tables (DESIGN.md, Sync). Times are Unix milliseconds.

CREATE TABLE organisations (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    -- The last position handed out in this organisation's log.
    last_position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sites (
    id     TEXT PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    code   TEXT NOT NULL,
    name   TEXT NOT NULL,
    UNIQUE (org_id, code)
);

CREATE TABLE devices (
    id             TEXT PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES organisations (id),
    site_id        TEXT NOT NULL REFERENCES sites (id),
    name           TEXT NOT NULL,
    token_hash     TEXT NOT NULL UNIQUE,
    all_sites      INTEGER NOT NULL,
    series_prefix  TEXT NOT NULL,
    enrolled_at_ms INTEGER NOT NULL,
    revoked_at_ms  INTEGER,
    last_seq       INTEGER NOT NULL DEFAULT 0,
    last_sync_ms   INTEGER
);
CREATE INDEX devices_org ON devices (org_id);

-- Every series prefix ever given, so a re-enrolled device never frees one.
CREATE TABLE series_prefixes (
    org_id    INTEGER NOT NULL REFERENCES organisations (id),
    prefix    TEXT NOT NULL,
    device_id TEXT NOT NULL,
    PRIMARY KEY (org_id, prefix)
);

CREATE TABLE enrol_codes (
    code_hash     TEXT PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES organisations (id),
    site_id       TEXT NOT NULL REFERENCES sites (id),
    all_sites     INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL,
    used_at_ms    INTEGER,
    used_by       TEXT
);

-- The log. `position` is NULL for a rejected operation (kept, never pulled);
-- `site_id` is NULL for organisation-wide records.
CREATE TABLE ops (
    org_id          INTEGER NOT NULL REFERENCES organisations (id),
    position        INTEGER,
    site_id         TEXT,
    device_id       TEXT NOT NULL,
    seq             INTEGER NOT NULL,
    op_id           TEXT NOT NULL,
    hlc             INTEGER NOT NULL,
    schema_version  INTEGER NOT NULL,
    entity          TEXT NOT NULL,
    row_id          TEXT NOT NULL,
    kind            TEXT NOT NULL,
    payload         TEXT NOT NULL,
    by_name         TEXT,
    received_at_ms  INTEGER NOT NULL,
    rejected_code   TEXT,
    rejected_reason TEXT,
    PRIMARY KEY (device_id, seq)
);
CREATE UNIQUE INDEX ops_position ON ops (org_id, position) WHERE position IS NOT NULL;

CREATE TABLE invoice_numbers (
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    number TEXT NOT NULL,
    row_id TEXT NOT NULL,
    PRIMARY KEY (org_id, number)
);
