-- The workshop's identity, printed on every estimate, order and invoice, and its
-- defaults. Synced master data (per-field last-writer-wins). Exactly one row.
CREATE TABLE workshop (
    singleton            INTEGER PRIMARY KEY CHECK (singleton = 1),
    name                 TEXT    NOT NULL,
    legal_form           TEXT,
    capital_cents        INTEGER CHECK (capital_cents >= 0),
    address_line1        TEXT,
    address_line2        TEXT,
    postal_code          TEXT,
    city                 TEXT,
    siret                TEXT,
    rcs                  TEXT,
    vat_number           TEXT,
    phone                TEXT,
    email                TEXT,
    logo_png             BLOB,
    default_vat_bp       INTEGER NOT NULL DEFAULT 2000 CHECK (default_vat_bp BETWEEN 0 AND 10000),
    estimate_valid_days  INTEGER NOT NULL DEFAULT 30 CHECK (estimate_valid_days BETWEEN 1 AND 365),
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
);

-- Hourly labour rates by category (mechanics, bodywork, paint…), in cents HT.
CREATE TABLE rate_categories (
    code          TEXT    PRIMARY KEY,
    label         TEXT    NOT NULL,
    hourly_cents  INTEGER NOT NULL CHECK (hourly_cents >= 0),
    position      INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

-- The people who use the workstations. Roles are a bit set (1 owner, 2 front
-- desk, 4 mechanic). Secrets are argon2id PHC strings, never the secret itself.
CREATE TABLE users (
    id             TEXT    PRIMARY KEY,
    login          TEXT    NOT NULL,
    -- Folded login (case and accents), unique: "Hélène" and "helene" are one login.
    login_key      TEXT    NOT NULL UNIQUE,
    display_name   TEXT    NOT NULL,
    roles          INTEGER NOT NULL CHECK (roles BETWEEN 1 AND 7),
    password_hash  TEXT    NOT NULL,
    pin_hash       TEXT,
    active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    deleted_at     INTEGER
);

-- Failed sign-ins per user on this workstation: each failure after the third
-- makes the next attempt wait longer, and the tenth locks the account a while.
-- Local only: a lock protects this screen, it does not travel.
CREATE TABLE sign_in_failures (
    user_id        TEXT    PRIMARY KEY REFERENCES users (id),
    failures       INTEGER NOT NULL,
    last_failed_at INTEGER NOT NULL,
    not_before     INTEGER NOT NULL
);

-- Who changed what, when: one entry per written operation, in the same
-- transaction. `changes` maps each field to [old, new] (an insert has only new
-- values, old being null). Append-only: the triggers refuse edits and deletes.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at_ms       INTEGER NOT NULL,
    hlc         INTEGER NOT NULL,
    user_id     TEXT,
    user_name   TEXT,
    device_id   TEXT    NOT NULL,
    entity      TEXT    NOT NULL,
    row_id      TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    changes     TEXT    NOT NULL
);
CREATE INDEX audit_log_row ON audit_log (entity, row_id, id);
CREATE INDEX audit_log_user ON audit_log (user_id, id);
CREATE INDEX audit_log_time ON audit_log (at_ms);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit entries are append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit entries are append-only');
END;
