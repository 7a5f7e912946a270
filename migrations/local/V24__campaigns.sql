-- Promotions and satisfaction (docs/campaigns.md): campaigns, the proof of
-- each withdrawn consent, the unsubscribe links' and rating requests'
-- tokens (their SHA-256 only), ratings; the outbox learns when a message
-- may leave (allowed hours, the SMS quiet days, a per-day cap).

-- The organisation's settings for campaigns and satisfaction: one row, the
-- same id on every station, changed field by field (last writer wins).
CREATE TABLE outreach_settings (
    id               TEXT PRIMARY KEY,
    -- The workshop's atelier-server as customers reach it, for the links.
    public_url       TEXT,
    -- The short number the SMS provider takes « STOP » on.
    sms_stop_number  TEXT,
    -- When a paid invoice's customer is asked for a rating.
    satisfaction     TEXT    NOT NULL DEFAULT 'off' CHECK (satisfaction IN ('off', 'immediate', 'next_day')),
    -- A rating at or below this is flagged to the owner.
    low_rating       INTEGER NOT NULL DEFAULT 2 CHECK (low_rating BETWEEN 1 AND 4),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
INSERT INTO outreach_settings (id, created_at, updated_at) VALUES ('outreach', 0, 0);

CREATE TABLE campaigns (
    id              TEXT PRIMARY KEY,
    name            TEXT    NOT NULL,
    sms_text        TEXT,
    -- The SMS length the campaign announces, in segments; never exceeded.
    sms_segments    INTEGER NOT NULL DEFAULT 1 CHECK (sms_segments BETWEEN 1 AND 4),
    email_subject   TEXT,
    email_text      TEXT,
    valid_from      TEXT,
    valid_until     TEXT,
    -- What the customer says at the desk; the estimate picks up the offer.
    code            TEXT,
    canned_job_id   TEXT,
    discount_bp     INTEGER CHECK (discount_bp BETWEEN 1 AND 10000),
    daily_cap       INTEGER CHECK (daily_cap > 0),
    -- Allowed sending hours, minutes after midnight, metropolitan France's time.
    send_from       INTEGER NOT NULL DEFAULT 540 CHECK (send_from BETWEEN 0 AND 1439),
    send_until      INTEGER NOT NULL DEFAULT 1140 CHECK (send_until BETWEEN 1 AND 1440),
    -- The audience's filters (JSON).
    audience        TEXT    NOT NULL DEFAULT '{}',
    launched_at     INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    deleted_at      INTEGER,
    CHECK (send_until > send_from)
);
CREATE INDEX campaigns_code ON campaigns (code) WHERE code IS NOT NULL AND deleted_at IS NULL;

-- One per e-mail sent by a campaign: the link's token is only in the
-- message; its SHA-256 here, so the server can recognise it. Append-only.
CREATE TABLE unsubscribe_tokens (
    id           TEXT PRIMARY KEY,
    token_hash   TEXT    NOT NULL UNIQUE,
    customer_id  TEXT    NOT NULL REFERENCES customers (id),
    channel      TEXT    NOT NULL CHECK (channel IN ('email', 'sms')),
    campaign_id  TEXT,
    created_at   INTEGER NOT NULL
);
CREATE INDEX unsubscribe_tokens_customer ON unsubscribe_tokens (customer_id);

-- A withdrawn consent, kept as proof (GDPR art. 7(1), 21): when, which
-- channel, how. Append-only; a token is used once.
CREATE TABLE consent_withdrawals (
    id               TEXT PRIMARY KEY,
    customer_id      TEXT    NOT NULL REFERENCES customers (id),
    channel          TEXT    NOT NULL CHECK (channel IN ('email', 'sms')),
    withdrawn_on     TEXT    NOT NULL,
    withdrawn_at_ms  INTEGER NOT NULL,
    source           TEXT    NOT NULL CHECK (source IN ('link', 'sms_stop', 'front_desk')),
    token_id         TEXT    UNIQUE REFERENCES unsubscribe_tokens (id),
    campaign_id      TEXT,
    created_at       INTEGER NOT NULL
);
CREATE INDEX consent_withdrawals_customer ON consent_withdrawals (customer_id, channel);
CREATE INDEX consent_withdrawals_campaign ON consent_withdrawals (campaign_id) WHERE campaign_id IS NOT NULL;

-- A rating asked after a paid invoice: its token's SHA-256, and what the
-- rating will be counted under. Belongs to the invoice's site. Append-only.
CREATE TABLE satisfaction_requests (
    id            TEXT PRIMARY KEY,
    token_hash    TEXT    NOT NULL UNIQUE,
    customer_id   TEXT    NOT NULL REFERENCES customers (id),
    invoice_id    TEXT    NOT NULL UNIQUE,
    order_id      TEXT,
    site_id       TEXT    NOT NULL,
    -- The order's mechanics (user ids, JSON) when it was invoiced.
    mechanic_ids  TEXT    NOT NULL DEFAULT '[]',
    created_at    INTEGER NOT NULL
);

-- The customer's answer: once per request. Append-only.
CREATE TABLE ratings (
    id            TEXT PRIMARY KEY,
    request_id    TEXT    NOT NULL UNIQUE REFERENCES satisfaction_requests (id),
    customer_id   TEXT    NOT NULL REFERENCES customers (id),
    order_id      TEXT,
    site_id       TEXT    NOT NULL,
    mechanic_ids  TEXT    NOT NULL DEFAULT '[]',
    score         INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment       TEXT,
    rated_at_ms   INTEGER NOT NULL,
    created_at    INTEGER NOT NULL
);
CREATE INDEX ratings_customer ON ratings (customer_id);
CREATE INDEX ratings_order ON ratings (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX ratings_site ON ratings (site_id, rated_at_ms);

CREATE TRIGGER consent_withdrawals_no_update BEFORE UPDATE ON consent_withdrawals
BEGIN
    SELECT RAISE(ABORT, 'a withdrawn consent is kept as it was recorded');
END;
CREATE TRIGGER consent_withdrawals_no_delete BEFORE DELETE ON consent_withdrawals
BEGIN
    SELECT RAISE(ABORT, 'a withdrawn consent is kept as it was recorded');
END;

-- The outbox, made again for its new kinds, a message with no customer (a
-- campaign's test sent to oneself) and when a message may leave.
CREATE TABLE messages_v24 (
    id               TEXT PRIMARY KEY,
    dedupe_key       TEXT    NOT NULL UNIQUE,
    customer_id      TEXT REFERENCES customers (id),
    appointment_id   TEXT REFERENCES appointments (id),
    vehicle_id       TEXT REFERENCES vehicles (id),
    kind             TEXT    NOT NULL CHECK (kind IN ('confirmation', 'reminder', 'campaign', 'satisfaction', 'test')),
    channel          TEXT    NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient        TEXT    NOT NULL,
    subject          TEXT,
    body             TEXT    NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'unknown')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms  INTEGER NOT NULL,
    last_error       TEXT,
    queued_at_ms     INTEGER NOT NULL,
    sent_at_ms       INTEGER,
    campaign_id      TEXT,
    -- Allowed hours (minutes after midnight, France's time); NULL: any time.
    window_from      INTEGER,
    window_until     INTEGER,
    -- 1: not on Sundays or public holidays, nor at night (an SMS's rules).
    quiet            INTEGER NOT NULL DEFAULT 0 CHECK (quiet IN (0, 1)),
    daily_cap        INTEGER,
    claimed_at_ms    INTEGER,
    -- The one-click unsubscribe address an e-mail carries in its headers.
    unsubscribe_url  TEXT
);
INSERT INTO messages_v24 (id, dedupe_key, customer_id, appointment_id, vehicle_id, kind, channel,
        recipient, subject, body, status, attempts, next_attempt_ms, last_error, queued_at_ms,
        sent_at_ms)
SELECT id, dedupe_key, customer_id, appointment_id, vehicle_id, kind, channel, recipient, subject,
       body, status, attempts, next_attempt_ms, last_error, queued_at_ms, sent_at_ms
  FROM messages;
DROP TABLE messages;
ALTER TABLE messages_v24 RENAME TO messages;
CREATE INDEX messages_due ON messages (next_attempt_ms) WHERE status = 'queued';
CREATE INDEX messages_customer ON messages (customer_id, queued_at_ms);
CREATE INDEX messages_campaign ON messages (campaign_id, claimed_at_ms) WHERE campaign_id IS NOT NULL;
