-- The issued PDF leaves the issuing transaction (issue 6, "issue under 5 ms").
-- An invoice issued from now on chains its frozen content only (which fully
-- determines the document) and its PDF is rendered and stored right after, in
-- a transaction of its own, or on its first print after a crash in between.
-- The PDF's SHA-256 is therefore recorded with the stored bytes, in this
-- column, and `verify` compares the bytes with it. Rows stored before this
-- migration leave it NULL: their hash is `invoices.pdf_sha256`, inside the
-- chain, as before. Both rows stay append-only (the V5 triggers).
ALTER TABLE invoice_pdfs ADD COLUMN pdf_sha256 TEXT
    CHECK (pdf_sha256 IS NULL OR length(pdf_sha256) = 64);

-- A PDF stored for an invoice whose chain does not carry its hash must
-- record its own.
CREATE TRIGGER invoice_pdfs_hash_recorded BEFORE INSERT ON invoice_pdfs
WHEN NEW.pdf_sha256 IS NULL
 AND (SELECT pdf_sha256 FROM invoices WHERE id = NEW.invoice_id) IS NULL
BEGIN
    SELECT RAISE(ABORT, 'a stored invoice PDF records its SHA-256');
END;
