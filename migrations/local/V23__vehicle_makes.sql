-- The makes and models of the workshop's vehicles, which the assistant reads
-- at every question (its lexicon: « la Jumper de M. Martin » names a car,
-- not a person). They are found by stepping through this index from one
-- make, and one model, to the next: a look-up each, about a hundred on the
-- 100,000-customer demo, where reading them off the table took 220 ms.
CREATE INDEX vehicles_make_model ON vehicles (make, model) WHERE deleted_at IS NULL;
