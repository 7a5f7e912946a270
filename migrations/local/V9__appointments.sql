-- Appointments, the planning board and service reminders (issue 9).
--
-- Times of day are the workshop's local wall clock: an appointment starts and
-- ends on one day, `start_at`/`end_at` are `YYYY-MM-DDTHH:MM` and compare as
-- text. Working hours are minutes after midnight.
--
-- Every synced table here has `updated_at` (the HLC of its last operation)
-- and `created_at` in Unix milliseconds of the writer's wall clock, carried
-- in the insert operation with every other column (the sync applier writes
-- rows by column name).

-- What gets booked: bays (lifts) and mechanics, per site. `week_hours` is a
-- JSON array of 7 days (Monday first), each a list of [from, to) intervals in
-- minutes; the gap between two intervals is a break. It is edited, synced and
-- merged as a whole. A deactivated resource keeps its past appointments but
-- takes no new ones.
CREATE TABLE resources (
    id          TEXT PRIMARY KEY,
    site_id     TEXT    NOT NULL REFERENCES sites (id),
    kind        TEXT    NOT NULL CHECK (kind IN ('bay', 'mechanic')),
    name        TEXT    NOT NULL,
    -- The mechanic's user account, if they have one: the repair order made
    -- on arrival assigns them.
    user_id     TEXT REFERENCES users (id),
    week_hours  TEXT    NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    position    INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    deleted_at  INTEGER
);
CREATE INDEX resources_site ON resources (site_id, kind, position) WHERE deleted_at IS NULL;

-- Whole days a resource is not there (holidays, a lift under repair).
CREATE TABLE resource_days_off (
    id           TEXT PRIMARY KEY,
    resource_id  TEXT    NOT NULL REFERENCES resources (id),
    day          TEXT    NOT NULL,
    reason       TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    deleted_at   INTEGER
);
CREATE INDEX resource_days_off_day ON resource_days_off (day, resource_id) WHERE deleted_at IS NULL;

-- The workshop's reminder rules, organisation-wide: every `every_km` and/or
-- every `every_months`, whichever comes first. `first_months` is the first
-- due date counted from the first registration (the contrôle technique: 48
-- months, then every 24).
CREATE TABLE reminder_rules (
    id            TEXT PRIMARY KEY,
    name          TEXT    NOT NULL,
    kind          TEXT    NOT NULL CHECK (kind IN ('service', 'inspection')),
    every_km      INTEGER CHECK (every_km > 0),
    every_months  INTEGER CHECK (every_months > 0),
    first_months  INTEGER CHECK (first_months > 0),
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    deleted_at    INTEGER,
    CHECK (every_km IS NOT NULL OR every_months IS NOT NULL)
);

-- When a rule was last done on a vehicle: the base of its next due date.
CREATE TABLE vehicle_reminders (
    id            TEXT PRIMARY KEY,
    vehicle_id    TEXT    NOT NULL REFERENCES vehicles (id),
    rule_id       TEXT    NOT NULL REFERENCES reminder_rules (id),
    last_done_on  TEXT    NOT NULL,
    last_done_km  INTEGER CHECK (last_done_km >= 0),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    deleted_at    INTEGER
);
CREATE INDEX vehicle_reminders_vehicle ON vehicle_reminders (vehicle_id, rule_id) WHERE deleted_at IS NULL;

-- Appointments, per site. `overbooked` is set when a person confirmed a
-- booking over another one (or outside working hours): the board shows it.
CREATE TABLE appointments (
    id               TEXT PRIMARY KEY,
    site_id          TEXT    NOT NULL REFERENCES sites (id),
    customer_id      TEXT    NOT NULL REFERENCES customers (id),
    vehicle_id       TEXT    NOT NULL REFERENCES vehicles (id),
    start_at         TEXT    NOT NULL,
    end_at           TEXT    NOT NULL,
    bay_id           TEXT REFERENCES resources (id),
    mechanic_id      TEXT REFERENCES resources (id),
    status           TEXT    NOT NULL CHECK (status IN ('requested', 'confirmed', 'arrived', 'no_show', 'cancelled')),
    source           TEXT    NOT NULL CHECK (source IN ('phone', 'walk_in', 'email')),
    work             TEXT,
    -- JSON array of canned job ids, copied onto the repair order on arrival.
    canned_job_ids   TEXT    NOT NULL DEFAULT '[]',
    reminder_rule_id TEXT REFERENCES reminder_rules (id),
    overbooked       INTEGER NOT NULL DEFAULT 0 CHECK (overbooked IN (0, 1)),
    order_id         TEXT REFERENCES orders (id),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    deleted_at       INTEGER,
    CHECK (end_at > start_at)
);
CREATE INDEX appointments_site_start ON appointments (site_id, start_at) WHERE deleted_at IS NULL;
CREATE INDEX appointments_customer ON appointments (customer_id, start_at) WHERE deleted_at IS NULL;

-- An appointment's history: booked, moved, status changes. Append-only.
CREATE TABLE appointment_events (
    id              TEXT PRIMARY KEY,
    appointment_id  TEXT    NOT NULL REFERENCES appointments (id),
    kind            TEXT    NOT NULL CHECK (kind IN ('booked', 'moved', 'status')),
    start_at        TEXT    NOT NULL,
    end_at          TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    at_ms           INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX appointment_events_appointment ON appointment_events (appointment_id, at_ms);

-- Messages to customers waiting to be sent, and the log of those sent. Local
-- to this workstation (only it sends them): never synced. A message is
-- claimed (`sending`) in one transaction before it is handed to the network
-- and its result written in another; one found still `sending` after a
-- restart ends `unknown` and is never sent again without a person deciding.
CREATE TABLE messages (
    id               TEXT PRIMARY KEY,
    -- Makes queuing twice the same reminder or confirmation a no-op.
    dedupe_key       TEXT    NOT NULL UNIQUE,
    customer_id      TEXT    NOT NULL REFERENCES customers (id),
    appointment_id   TEXT REFERENCES appointments (id),
    vehicle_id       TEXT REFERENCES vehicles (id),
    kind             TEXT    NOT NULL CHECK (kind IN ('confirmation', 'reminder')),
    channel          TEXT    NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient        TEXT    NOT NULL,
    subject          TEXT,
    body             TEXT    NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'unknown')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms  INTEGER NOT NULL,
    last_error       TEXT,
    queued_at_ms     INTEGER NOT NULL,
    sent_at_ms       INTEGER
);
CREATE INDEX messages_due ON messages (next_attempt_ms) WHERE status = 'queued';
CREATE INDEX messages_customer ON messages (customer_id, queued_at_ms);
