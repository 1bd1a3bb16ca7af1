-- An import matches a row without identifiers on kind, province and names (actors.import-write.ts).
-- Looked up by name alone, a generic name ("Mohamed Alaoui", "Coopérative Al Amal") fetched its
-- hundreds of namesakes across the country for every such row: 350 ms a batch at a million actors,
-- against 6 ms with province and kind in front. The new index serves every query the old
-- (province_code, kind) index served, so it replaces it: one index to maintain, not two.
CREATE INDEX actors_province_kind_name ON actors (province_code, kind, (coalesce(name_fr, name_ar)));
DROP INDEX actors_province;
