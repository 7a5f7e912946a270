-- The B2C e-reporting of the e-invoicing reform (CGI art. 290 and 290 A,
-- from 1 September 2027 for small and mid-sized businesses) and the
-- exchange with the workshop's approved platform (PA).
-- `einvoice::reporting` and `einvoice::platform` say how each is used.

-- The workshop's VAT regime, which sets the e-reporting periods (normal:
-- monthly returns, periods of ten days; simplified: monthly periods),
-- whether it opted for VAT on debits (then no payment data is reported),
-- and the first day it e-reports (NULL: not yet; nothing is frozen on its
-- own). Synced with the workshop's other fields.
ALTER TABLE workshop ADD COLUMN vat_regime TEXT NOT NULL DEFAULT 'normal'
    CHECK (vat_regime IN ('normal', 'simplified'));
ALTER TABLE workshop ADD COLUMN vat_on_debits INTEGER NOT NULL DEFAULT 0
    CHECK (vat_on_debits IN (0, 1));
ALTER TABLE workshop ADD COLUMN ereporting_from TEXT;

-- One e-reporting period of one workstation, frozen once it is over: its
-- figures (JSON, `einvoice::reporting::Figures`) never change. Kept by the
-- station's device like its till closures, one chain per device: `hash` is
-- the SHA-256 of the sealed fields and the previous period's hash
-- (`einvoice::reporting::frozen`). Synced append-only.
CREATE TABLE ereport_periods (
    id            TEXT PRIMARY KEY,
    device_id     TEXT    NOT NULL,
    station       TEXT    NOT NULL,
    site_id       TEXT    NOT NULL,
    -- Both days included (YYYY-MM-DD).
    period_start  TEXT    NOT NULL,
    period_end    TEXT    NOT NULL CHECK (period_end >= period_start),
    regime        TEXT    NOT NULL CHECK (regime IN ('normal', 'simplified')),
    vat_on_debits INTEGER NOT NULL CHECK (vat_on_debits IN (0, 1)),
    seq           INTEGER NOT NULL CHECK (seq > 0),
    frozen_at     INTEGER NOT NULL,
    user_id       TEXT,
    user_name     TEXT    NOT NULL,
    figures       TEXT    NOT NULL,
    prev_hash     TEXT    NOT NULL,
    hash          TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    UNIQUE (device_id, seq),
    UNIQUE (device_id, period_start)
);
CREATE INDEX ereport_periods_end ON ereport_periods (device_id, period_end);

CREATE TRIGGER ereport_periods_no_update BEFORE UPDATE ON ereport_periods
BEGIN
    SELECT RAISE(ABORT, 'frozen e-reporting periods are append-only');
END;
CREATE TRIGGER ereport_periods_no_delete BEFORE DELETE ON ereport_periods
BEGIN
    SELECT RAISE(ABORT, 'frozen e-reporting periods are append-only');
END;

-- What was handed to the PA, when: an invoice (its Factur-X PDF) or a
-- frozen e-reporting period (its file). Synced append-only; a second
-- sending is a second row.
CREATE TABLE einvoice_sendings (
    id          TEXT PRIMARY KEY,
    kind        TEXT    NOT NULL CHECK (kind IN ('invoice', 'ereport')),
    invoice_id  TEXT    REFERENCES invoices (id),
    period_id   TEXT    REFERENCES ereport_periods (id),
    file_name   TEXT    NOT NULL,
    sha256      TEXT    NOT NULL,
    sent_at     INTEGER NOT NULL,
    device_id   TEXT    NOT NULL,
    user_name   TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    CHECK ((kind = 'invoice') = (invoice_id IS NOT NULL)),
    CHECK ((kind = 'ereport') = (period_id IS NOT NULL))
);
CREATE INDEX einvoice_sendings_invoice ON einvoice_sendings (invoice_id) WHERE invoice_id IS NOT NULL;
CREATE INDEX einvoice_sendings_period ON einvoice_sendings (period_id) WHERE period_id IS NOT NULL;

CREATE TRIGGER einvoice_sendings_no_update BEFORE UPDATE ON einvoice_sendings
BEGIN
    SELECT RAISE(ABORT, 'sendings are append-only');
END;
CREATE TRIGGER einvoice_sendings_no_delete BEFORE DELETE ON einvoice_sendings
BEGIN
    SELECT RAISE(ABORT, 'sendings are append-only');
END;

-- The lifecycle statuses the PA returned for an issued invoice (« cycle de
-- vie »: deposited, rejected, refused, approved, paid…), in the order they
-- arrived: the history is append-only, the latest is the invoice's status.
-- Synced append-only.
CREATE TABLE einvoice_statuses (
    id           TEXT PRIMARY KEY,
    invoice_id   TEXT    NOT NULL REFERENCES invoices (id),
    status       TEXT    NOT NULL,
    status_on    TEXT    NOT NULL,
    reason       TEXT,
    source_file  TEXT    NOT NULL,
    received_at  INTEGER NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX einvoice_statuses_invoice ON einvoice_statuses (invoice_id, received_at);

CREATE TRIGGER einvoice_statuses_no_update BEFORE UPDATE ON einvoice_statuses
BEGIN
    SELECT RAISE(ABORT, 'invoice statuses are append-only');
END;
CREATE TRIGGER einvoice_statuses_no_delete BEFORE DELETE ON einvoice_statuses
BEGIN
    SELECT RAISE(ABORT, 'invoice statuses are append-only');
END;
