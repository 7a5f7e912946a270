-- The till law (CGI art. 286, I, 3° bis; BOI-TVA-DECLA-30-10-30): closures
-- with their grand totals, the technical-event journal, the signed archives,
-- and what the FEC export is set up with. docs/compliance/nf525.md says
-- where each requirement is met.

-- A closure freezes one period's totals of one workstation: a day, a month
-- or a fiscal year. The station is its device (`device_id`), shown by the
-- name it had then (`station`: its series prefix, as on its invoices and
-- payments), so enrolment, which gives it a new prefix, does not start a
-- second chain. Each station's closures form one chain, in the order they
-- were made: `hash` is the SHA-256 of the sealed fields and the previous
-- closure's hash (`till::closures::hash_of`). Synced like payments
-- (append-only), so the owner sees every station's closures; only the
-- station itself writes its own.
CREATE TABLE closures (
    id                    TEXT PRIMARY KEY,
    device_id             TEXT    NOT NULL,
    station               TEXT    NOT NULL,
    kind                  TEXT    NOT NULL CHECK (kind IN ('day', 'month', 'year')),
    -- The period, both days included (YYYY-MM-DD).
    period_start          TEXT    NOT NULL,
    period_end            TEXT    NOT NULL CHECK (period_end >= period_start),
    -- Its place in the station's chain, from 1.
    seq                   INTEGER NOT NULL CHECK (seq > 0),
    site_id               TEXT    NOT NULL,
    closed_at             INTEGER NOT NULL,
    user_id               TEXT,
    user_name             TEXT    NOT NULL,
    -- The frozen totals (JSON, `till::closures::Totals`).
    totals                TEXT    NOT NULL,
    -- Sales TTC of the period (invoices less credit notes) and since the
    -- station's first sale, never reset; the latter also in absolute value
    -- (invoices plus credit notes), as a certifier reads it.
    period_total_cents    INTEGER NOT NULL,
    perpetual_total_cents INTEGER NOT NULL,
    perpetual_abs_cents   INTEGER NOT NULL,
    prev_hash             TEXT    NOT NULL,
    hash                  TEXT    NOT NULL,
    created_at            INTEGER NOT NULL,
    UNIQUE (device_id, seq),
    UNIQUE (device_id, kind, period_start)
);
CREATE INDEX closures_period ON closures (device_id, kind, period_end);

-- A station's documents of a day, for its closures.
CREATE INDEX invoices_issued_day ON invoices (issued_on, series) WHERE status = 'issued';

CREATE TRIGGER closures_no_update BEFORE UPDATE ON closures
BEGIN
    SELECT RAISE(ABORT, 'closures are append-only');
END;
CREATE TRIGGER closures_no_delete BEFORE DELETE ON closures
BEGIN
    SELECT RAISE(ABORT, 'closures are append-only');
END;

-- The technical-event journal (JET) of this workstation: what a certifier
-- asks to see (start and stop, sign-ins, closures, archives, exports,
-- integrity checks, backups and restores, updates, the clock going back,
-- enrolment, an unclean stop, errors). Chained like the closures; local to
-- the station (each station keeps its own journal, and its archives carry it).
CREATE TABLE journal (
    seq         INTEGER PRIMARY KEY CHECK (seq > 0),
    at_ms       INTEGER NOT NULL,
    station     TEXT    NOT NULL,
    user_id     TEXT,
    user_name   TEXT,
    code        TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL
);
CREATE INDEX journal_time ON journal (at_ms);
CREATE INDEX journal_code ON journal (code, seq);

CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN
    SELECT RAISE(ABORT, 'the technical-event journal is append-only');
END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN
    SELECT RAISE(ABORT, 'the technical-event journal is append-only');
END;

-- The station's signing key for archives: the public half here (and on
-- every archive), the private half in the OS keyring.
CREATE TABLE station_keys (
    id           TEXT PRIMARY KEY,
    public_key   TEXT    NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL
);

-- Every archive this station wrote: which period, where, and its file's
-- SHA-256, so `archive list` shows them and a replaced file is found. Kept
-- by the station's device, like its closures; `station` is its name then.
CREATE TABLE archives (
    id            TEXT PRIMARY KEY,
    device_id     TEXT    NOT NULL,
    station       TEXT    NOT NULL,
    kind          TEXT    NOT NULL CHECK (kind IN ('month', 'year')),
    period_start  TEXT    NOT NULL,
    period_end    TEXT    NOT NULL,
    closure_id    TEXT    REFERENCES closures (id),
    file_name     TEXT    NOT NULL,
    path          TEXT    NOT NULL,
    sha256        TEXT    NOT NULL,
    bytes         INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    UNIQUE (device_id, kind, period_start)
);

CREATE TRIGGER archives_no_update BEFORE UPDATE ON archives
BEGIN
    SELECT RAISE(ABORT, 'archives are append-only');
END;
CREATE TRIGGER archives_no_delete BEFORE DELETE ON archives
BEGIN
    SELECT RAISE(ABORT, 'archives are append-only');
END;

-- The fiscal year and the accounts of the FEC, the workshop's (synced with
-- its other fields). The fiscal year ends each year on `fiscal_year_end`
-- (MM-DD); the first one on `first_fiscal_year_end` when it is shorter or
-- longer than a year. `accounts` holds the account numbers the owner changed
-- (JSON), the others are the defaults (`fec::Accounts`).
ALTER TABLE workshop ADD COLUMN fiscal_year_end TEXT NOT NULL DEFAULT '12-31';
ALTER TABLE workshop ADD COLUMN first_fiscal_year_end TEXT;
ALTER TABLE workshop ADD COLUMN accounts TEXT;
