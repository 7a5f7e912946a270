-- Anonymising a customer (GDPR art. 17, issue 31) erases their personal data
-- wherever it lives, including records that are otherwise append-only, and
-- leaves nothing of it in the file's free space. docs/compliance/gdpr.md
-- says what is erased, what the law keeps and why.

-- An audit entry keeps its facts for ever (when, who, on which station,
-- which record, what kind of change, which fields); its values may be
-- erased, once: `changes` then holds masked values and `erased_at` says when.
ALTER TABLE audit_log ADD COLUMN erased_at INTEGER;
DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NOT (OLD.erased_at IS NULL AND NEW.erased_at IS NOT NULL
          AND NEW.id = OLD.id AND NEW.at_ms = OLD.at_ms AND NEW.hlc = OLD.hlc
          AND NEW.user_id IS OLD.user_id AND NEW.user_name IS OLD.user_name
          AND NEW.device_id = OLD.device_id AND NEW.entity = OLD.entity
          AND NEW.row_id = OLD.row_id AND NEW.kind = OLD.kind)
BEGIN
    SELECT RAISE(ABORT, 'audit entries are append-only');
END;

-- A signed approval keeps that the estimate was accepted, when, with which
-- answer on recycled parts and who recorded it; the signer's name and the
-- drawing of their signature may be erased, once.
ALTER TABLE order_approvals ADD COLUMN erased_at INTEGER;
DROP TRIGGER order_approvals_no_update;
CREATE TRIGGER order_approvals_no_update BEFORE UPDATE ON order_approvals
WHEN NOT (OLD.erased_at IS NULL AND NEW.erased_at IS NOT NULL
          AND NEW.id = OLD.id AND NEW.order_id = OLD.order_id
          AND NEW.supplement_id IS OLD.supplement_id
          AND NEW.recycled_parts_accepted IS OLD.recycled_parts_accepted
          AND NEW.accepted_on = OLD.accepted_on
          AND NEW.recorded_by_id IS OLD.recorded_by_id
          AND NEW.recorded_by_name = OLD.recorded_by_name
          AND NEW.created_at = OLD.created_at)
BEGIN
    SELECT RAISE(ABORT, 'approvals are append-only');
END;

-- The anonymised customers, found at once: applying other stations'
-- operations asks whether any exists before each page.
CREATE INDEX customers_anonymised ON customers (id) WHERE anonymised_at IS NOT NULL;

-- The records merged into a customer's, found at once: the export and the
-- erasure take a person's records to be theirs and their aliases'.
CREATE INDEX customers_merged ON customers (merged_into) WHERE merged_into IS NOT NULL;

-- A database with no customer yet holds nothing of anyone in its free
-- space, and from now on nothing deleted stays there (`secure_delete`,
-- set on every connection): the first anonymisation need not rewrite it.
-- One written before, with customers, is rewritten once, at its first
-- anonymisation (privacy::scrub, which also merges the search index each
-- time: FTS5 keeps a rewritten document's old terms until its segments
-- merge, and its own `secure-delete` made every customer edit 9 times
-- slower, BENCHMARKS.md).
INSERT INTO local_settings (key, value)
SELECT 'privacy.free_space_clean', '1' WHERE NOT EXISTS (SELECT 1 FROM customers);
