-- The plate scraps of V18 are deleted by their key rather than found by
-- their document: the index by document (and the foreign key, which needs
-- one) cost every scrap a second write, about a tenth of the time a new
-- station spends applying pulled vehicles.
--
-- search_docs.inside keeps the plate (folded) whose endings search_scraps
-- holds for the document, so that a rewrite that keeps the plate leaves
-- them alone and one that changes it deletes exactly the old ones.
--
-- A SQLite table cannot lose a foreign key in place: the scraps are made
-- again, empty, and the vehicles' documents written again as the station
-- opens (startup::open), told by the same setting as V18.
DROP TABLE search_scraps;
CREATE TABLE search_scraps (
    scrap  TEXT    NOT NULL,
    doc    INTEGER NOT NULL,
    PRIMARY KEY (scrap, doc)
) WITHOUT ROWID;
ALTER TABLE search_docs ADD COLUMN inside TEXT;

INSERT OR REPLACE INTO local_settings (key, value)
SELECT 'search.reindex.vehicle', 'V20'
 WHERE EXISTS (SELECT 1 FROM search_docs WHERE kind = 'vehicle');
