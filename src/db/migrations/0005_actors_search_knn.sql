-- Search ranks by trigram distance with a GiST index, which returns the nearest names first and stops
-- at the page size (K-nearest neighbours), instead of a GIN index that can only filter: at a million
-- actors a common word made the GIN filter hand over a hundred thousand candidates to sort.
-- The GiST index also serves the `%` and `<%` filters, so the GIN index goes (one index less to
-- maintain on every insert).
CREATE INDEX actors_search_key_gist ON actors USING gist (search_key gist_trgm_ops);
DROP INDEX actors_search_key_trgm;
