-- The stations the server describes carry their site's id, so the owner's
-- dashboard shows each site's stations beside its figures.
ALTER TABLE sync_stations ADD COLUMN site_id TEXT;
