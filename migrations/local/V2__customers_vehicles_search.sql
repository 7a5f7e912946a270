-- Customers in full: company identifiers, second phone, postal address,
-- preferences, GDPR consent, and what merging and anonymising leave behind.
ALTER TABLE customers ADD COLUMN siren TEXT;
ALTER TABLE customers ADD COLUMN siret TEXT;
ALTER TABLE customers ADD COLUMN vat_number TEXT;
ALTER TABLE customers ADD COLUMN phone_alt TEXT;
ALTER TABLE customers ADD COLUMN address_line1 TEXT;
ALTER TABLE customers ADD COLUMN address_line2 TEXT;
ALTER TABLE customers ADD COLUMN postal_code TEXT;
ALTER TABLE customers ADD COLUMN city TEXT;
ALTER TABLE customers ADD COLUMN country TEXT NOT NULL DEFAULT 'FR';
ALTER TABLE customers ADD COLUMN language TEXT NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en'));
ALTER TABLE customers ADD COLUMN marketing_consent INTEGER NOT NULL DEFAULT 0 CHECK (marketing_consent IN (0, 1));
ALTER TABLE customers ADD COLUMN marketing_consent_at TEXT;
ALTER TABLE customers ADD COLUMN payment_terms_days INTEGER CHECK (payment_terms_days BETWEEN 0 AND 365);
-- A merged customer stays as an alias of the one it was merged into.
ALTER TABLE customers ADD COLUMN merged_into TEXT REFERENCES customers (id);
ALTER TABLE customers ADD COLUMN anonymised_at INTEGER;

-- Duplicate guard look-ups.
CREATE INDEX customers_phone ON customers (phone) WHERE deleted_at IS NULL;
CREATE INDEX customers_phone_alt ON customers (phone_alt) WHERE deleted_at IS NULL;
CREATE INDEX customers_email ON customers (email COLLATE NOCASE) WHERE deleted_at IS NULL;
CREATE INDEX customers_siren ON customers (siren) WHERE deleted_at IS NULL;

CREATE TABLE vehicles (
    id                  TEXT PRIMARY KEY,
    customer_id         TEXT NOT NULL REFERENCES customers (id),
    plate               TEXT,
    plate_kind          TEXT CHECK (plate_kind IN ('siv', 'fni', 'foreign')),
    plate_key           TEXT,
    vin                 TEXT,
    make                TEXT,
    model               TEXT,
    version             TEXT,
    engine_code         TEXT,
    fuel                TEXT,
    gearbox             TEXT,
    colour              TEXT,
    first_registration  TEXT,
    notes               TEXT,
    sort_key            TEXT NOT NULL,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    deleted_at          INTEGER,
    CHECK (plate IS NOT NULL OR vin IS NOT NULL)
);
CREATE INDEX vehicles_customer ON vehicles (customer_id) WHERE deleted_at IS NULL;
CREATE INDEX vehicles_plate_key ON vehicles (plate_key) WHERE deleted_at IS NULL;
CREATE INDEX vehicles_vin ON vehicles (vin) WHERE deleted_at IS NULL;
CREATE INDEX vehicles_sort ON vehicles (sort_key) WHERE deleted_at IS NULL;

-- Who owned a vehicle when. The open row (until_on NULL) is the current owner.
CREATE TABLE vehicle_owners (
    id           TEXT PRIMARY KEY,
    vehicle_id   TEXT NOT NULL REFERENCES vehicles (id),
    customer_id  TEXT NOT NULL REFERENCES customers (id),
    from_on      TEXT NOT NULL,
    until_on     TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX vehicle_owners_vehicle ON vehicle_owners (vehicle_id, from_on);
CREATE INDEX vehicle_owners_customer ON vehicle_owners (customer_id);

-- Odometer readings: append-only. A reading below the previous one is only
-- accepted with meter_replaced = 1.
CREATE TABLE mileage_readings (
    id              TEXT PRIMARY KEY,
    vehicle_id      TEXT NOT NULL REFERENCES vehicles (id),
    km              INTEGER NOT NULL CHECK (km >= 0),
    read_on         TEXT NOT NULL,
    source          TEXT NOT NULL CHECK (source IN ('drop_off', 'invoice', 'manual')),
    meter_replaced  INTEGER NOT NULL DEFAULT 0 CHECK (meter_replaced IN (0, 1)),
    created_at      INTEGER NOT NULL
);
CREATE INDEX mileage_readings_vehicle ON mileage_readings (vehicle_id, created_at);

-- One search over customers and vehicles. Each indexed record has a stable
-- document number; the FTS5 row with that rowid holds its folded text, written
-- by atelier-core in the same transaction as the record.
CREATE TABLE search_docs (
    doc      INTEGER PRIMARY KEY AUTOINCREMENT,
    kind     TEXT NOT NULL CHECK (kind IN ('customer', 'vehicle')),
    row_id   TEXT NOT NULL,
    UNIQUE (kind, row_id)
);
CREATE VIRTUAL TABLE search_index USING fts5 (
    body,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4'
);

