-- Guided diagnosis: decision trees (questions, measured values, likely
-- causes). The nodes are one JSON field and the code triggers another: a
-- tree is edited as a whole, so each merges as a whole. Shared by every
-- site of the organisation, like canned jobs. The trees shipped with
-- Atelier are seeded at startup under fixed ids, with no operation
-- (atelier_core::diagnosis::shipped).
--
-- No default for the synced text fields: an edit of a shipped tree that
-- reaches a station before it seeded them carries only what changed, and
-- must wait for the seeded row (parked) rather than make a partial one.
CREATE TABLE diagnosis_trees (
    id          TEXT PRIMARY KEY,
    name        TEXT    NOT NULL,
    name_en     TEXT    NOT NULL,
    triggers    TEXT    NOT NULL,
    nodes       TEXT    NOT NULL,
    archived    INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    deleted_at  INTEGER
);
