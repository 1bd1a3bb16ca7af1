-- Analytics: pre-aggregated indicator values and the change tracking that keeps them current
-- (src/modules/analytics owns these tables; see its README.md).
--
-- Design, for "one indicator, by region, by quarter, two years, one disaggregation" in tens of
-- milliseconds at 10,000,000 facts:
-- * One aggregate row per indicator, territory at every level (province, region, nation), period at
--   every grain (month, quarter, year), ONE breakdown dimension at a time ('none' = the total, or
--   sex / age_band / disability / area / coastal with one of its values) and commitment, so a query
--   reads a few hundred rows through the primary key. Not the full cube of the five dimensions:
--   6 "one dimension" slices cost at most 1 + 2 + 3 + 2 + 2 + 2 = 12 rows per key, the full cube 108.
-- * Facts count where they belong: a province fact (or one of a prefecture of arrondissements, read
--   as its province) in its province, region and the nation; a region fact in its region and the
--   nation; a national fact in the nation only. A monthly fact counts in its month, quarter and year;
--   a quarterly fact in its quarter and year (never in months); a yearly fact in its year.
-- * Commitments stay a key (commitment_key; the zero uuid for facts without a commitment, i.e.
--   computed ones): filters by convention, axis or partner become a filter on commitments, and the
--   query adds up the commitments it keeps.
-- * The measures compose (adding partial rows in any order gives the same row), which is what lets
--   the refresh roll provinces into regions and months into quarters from smaller rows: sums and
--   counts for 'sum'/'count'/'average', sums of numerators and denominators for 'ratio', and for
--   'stock' indicators the latest snapshot: stock_end is the last day of the latest period that has
--   facts in the row, and stock_* add up the facts of that latest period only.

CREATE TABLE analytics_aggregates (
  indicator_id uuid NOT NULL,
  territory_level text NOT NULL CHECK (territory_level IN ('nation', 'region', 'province')),
  grain text NOT NULL CHECK (grain IN ('month', 'quarter', 'year')),
  period_start date NOT NULL,
  dim text NOT NULL CHECK (dim IN ('none', 'sex', 'age_band', 'disability', 'area', 'coastal')),
  -- '' for the nation, else the region or province HCP code.
  territory_code text NOT NULL,
  -- 'all' when dim = 'none'; never 'all' otherwise (facts not broken down by the dimension count in
  -- the total only).
  dim_value text NOT NULL,
  commitment_key uuid NOT NULL,
  n_facts integer NOT NULL,
  value_sum numeric NULL,
  value_count integer NOT NULL,
  num_sum numeric NULL,
  den_sum numeric NULL,
  -- Stock indicators only (NULL for flows).
  stock_end date NULL,
  stock_value_sum numeric NULL,
  stock_value_count integer NULL,
  stock_num_sum numeric NULL,
  stock_den_sum numeric NULL,
  -- The query reads a range of period_start for one indicator, level, grain: this order serves it
  -- and the refresh's delete of the keys a change touched.
  PRIMARY KEY (indicator_id, territory_level, grain, period_start, dim, territory_code, dim_value, commitment_key),
  CHECK ((dim = 'none') = (dim_value = 'all'))
);

-- The (indicator, territory, period) of facts written since the last refresh. Filled by the
-- statement-level triggers below, so no writer has to remember to call anything.
CREATE TABLE analytics_dirty (
  indicator_id uuid NOT NULL,
  territory_code text NOT NULL, -- '' for a national fact
  period_grain text NOT NULL,
  period_start date NOT NULL,
  PRIMARY KEY (indicator_id, territory_code, period_grain, period_start)
);

-- One row: whether a full rebuild is needed (after this migration, or a TRUNCATE of the facts), and
-- when the refreshes last ran.
CREATE TABLE analytics_state (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  needs_full boolean NOT NULL DEFAULT true,
  refreshed_at timestamptz NULL,
  rebuilt_at timestamptz NULL,
  computed_at timestamptz NULL
);
INSERT INTO analytics_state DEFAULT VALUES;

-- Statements that changed the platform data computed indicators read (the registry's actors);
-- appended (never updated, so concurrent writers never wait on each other) and emptied by the
-- computed-indicator refresh.
CREATE TABLE analytics_source_changes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION analytics_facts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_dirty (indicator_id, territory_code, period_grain, period_start)
  SELECT DISTINCT indicator_id, coalesce(territory_code, ''), period_grain, period_start FROM analytics_new_rows
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE FUNCTION analytics_facts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_dirty (indicator_id, territory_code, period_grain, period_start)
  SELECT DISTINCT indicator_id, coalesce(territory_code, ''), period_grain, period_start FROM analytics_old_rows
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE FUNCTION analytics_facts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_dirty (indicator_id, territory_code, period_grain, period_start)
  SELECT indicator_id, coalesce(territory_code, ''), period_grain, period_start FROM analytics_new_rows
  UNION
  SELECT indicator_id, coalesce(territory_code, ''), period_grain, period_start FROM analytics_old_rows
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE FUNCTION analytics_facts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE analytics_state SET needs_full = true;
  RETURN NULL;
END $$;

CREATE FUNCTION analytics_source_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_source_changes (source) VALUES (TG_TABLE_NAME);
  RETURN NULL;
END $$;

CREATE TRIGGER indicator_facts_analytics_insert AFTER INSERT ON indicator_facts
  REFERENCING NEW TABLE AS analytics_new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_facts_inserted();
CREATE TRIGGER indicator_facts_analytics_delete AFTER DELETE ON indicator_facts
  REFERENCING OLD TABLE AS analytics_old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_facts_deleted();
CREATE TRIGGER indicator_facts_analytics_update AFTER UPDATE ON indicator_facts
  REFERENCING NEW TABLE AS analytics_new_rows OLD TABLE AS analytics_old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_facts_updated();
CREATE TRIGGER indicator_facts_analytics_truncate AFTER TRUNCATE ON indicator_facts
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_facts_truncated();
CREATE TRIGGER actors_analytics_source AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON actors
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_source_changed();

