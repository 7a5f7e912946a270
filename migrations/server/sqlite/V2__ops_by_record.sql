-- An owner's device files its edits of a site's record under that record's
-- site: the site of the record's earlier operations is looked up by record.
CREATE INDEX ops_record ON ops (org_id, entity, row_id, position) WHERE site_id IS NOT NULL;
