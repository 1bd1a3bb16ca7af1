-- actors.merged_into references actors(id): without an index, deleting or merging actors makes
-- PostgreSQL scan the whole table once per row to check that nothing points at it.
CREATE INDEX actors_merged_into ON actors (merged_into) WHERE merged_into IS NOT NULL;
