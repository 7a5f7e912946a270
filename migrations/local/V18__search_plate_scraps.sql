-- A plate is found by any run of three or more of its characters
-- (« 934fg », « 34 F », « P-934 » find AP-934-FG: people read the end of a
-- plate first), and a VIN by its last four or five.
--
-- For each vehicle's search document, every ending of its plate (letters
-- and digits, folded) shorter than the plate and of three characters or
-- more: a run of the plate is the start of one of them, found by a range of
-- the key. Kept out of search_index, so that its words still match from
-- their start only (« cd » does not find AB-123-CD) and a two-character
-- query never reads them. atelier-core writes them with the document.
CREATE TABLE search_scraps (
    scrap  TEXT    NOT NULL,
    doc    INTEGER NOT NULL REFERENCES search_docs (doc),
    PRIMARY KEY (scrap, doc)
) WITHOUT ROWID;
CREATE INDEX search_scraps_doc ON search_scraps (doc);

-- The vehicles' documents already written lack both: the station writes
-- them again as it opens (startup::open; folding a foreign plate is the
-- application's, not SQL's), told by this setting.
INSERT OR REPLACE INTO local_settings (key, value)
SELECT 'search.reindex.vehicle', 'V18'
 WHERE EXISTS (SELECT 1 FROM search_docs WHERE kind = 'vehicle');
