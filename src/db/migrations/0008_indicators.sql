-- Indicators: definitions, baselines and targets per territory and period, values reported by
-- partners (submitted -> validated | returned) with evidence, and the facts analytics read.
--
-- Periods are written '2025' (year), '2025Q3' (quarter) or '2025-07' (month).
-- A territory is a region or province HCP code; NULL means the nation as a whole.
-- Disaggregation columns hold a concrete value, or 'all' when the indicator is not broken down
-- by that dimension: a report gives one value per combination of the indicator's dimensions.

CREATE TABLE indicators (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z][A-Z0-9_.-]{1,39}$'),
  name_fr text NOT NULL CHECK (length(name_fr) BETWEEN 1 AND 300),
  name_ar text NOT NULL CHECK (length(name_ar) BETWEEN 1 AND 300),
  name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 300),
  description_fr text NULL CHECK (length(description_fr) <= 3000),
  description_ar text NULL CHECK (length(description_ar) <= 3000),
  description_en text NULL CHECK (length(description_en) <= 3000),
  unit text NOT NULL CHECK (unit IN ('number', 'persons', 'actors', 'mad', 'percent', 'kg', 'm3', 'tonnes', 'hours', 'days')),
  -- How values combine across territories and disaggregations: sum, count (of reported items,
  -- summed like sum), average (of the values), ratio (sum of numerators / sum of denominators).
  aggregation text NOT NULL CHECK (aggregation IN ('sum', 'count', 'average', 'ratio')),
  -- How months combine into quarters and years: a flow adds up (people trained), a stock takes
  -- the latest period's value (actors registered at the end of the period).
  temporal text NOT NULL DEFAULT 'flow' CHECK (temporal IN ('flow', 'stock')),
  disaggregations text[] NOT NULL DEFAULT '{}'
    CHECK (disaggregations <@ ARRAY['sex', 'age_band', 'disability', 'area', 'coastal']::text[]),
  source text NOT NULL CHECK (source IN ('reported', 'computed')),
  -- For computed indicators: the key of the computation defined in code (src/modules/analytics).
  computed_key text NULL UNIQUE,
  axis_code text NULL REFERENCES convention_axes (code),
  is_demo boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((source = 'computed') = (computed_key IS NOT NULL))
);

-- Which indicators measure which commitment; partners report under their own commitments.
CREATE TABLE commitment_indicators (
  commitment_id uuid NOT NULL REFERENCES commitments (id) ON DELETE CASCADE,
  indicator_id uuid NOT NULL REFERENCES indicators (id),
  PRIMARY KEY (commitment_id, indicator_id)
);
CREATE INDEX commitment_indicators_indicator ON commitment_indicators (indicator_id);

CREATE TABLE indicator_targets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  indicator_id uuid NOT NULL REFERENCES indicators (id),
  commitment_id uuid NULL REFERENCES commitments (id) ON DELETE CASCADE,
  territory_code text NULL REFERENCES territories (code),
  period text NOT NULL CHECK (period ~ '^[0-9]{4}(Q[1-4]|-(0[1-9]|1[0-2]))?$'),
  kind text NOT NULL CHECK (kind IN ('baseline', 'target')),
  value numeric NOT NULL,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX indicator_targets_key ON indicator_targets (
  indicator_id, COALESCE(commitment_id, '00000000-0000-0000-0000-000000000000'::uuid),
  COALESCE(territory_code, ''), period, kind);

-- One report: a partner's values for one indicator, commitment, territory and period.
-- A returned report is corrected and submitted again (same row); a validated one is locked.
CREATE TABLE indicator_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  indicator_id uuid NOT NULL REFERENCES indicators (id),
  commitment_id uuid NOT NULL,
  territory_code text NULL REFERENCES territories (code),
  period text NOT NULL CHECK (period ~ '^[0-9]{4}(Q[1-4]|-(0[1-9]|1[0-2]))?$'),
  status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'validated', 'returned')),
  evidence_file_id uuid NULL REFERENCES stored_files (id),
  note text NULL CHECK (length(note) <= 3000),
  review_comment text NULL CHECK (length(review_comment) <= 3000),
  submitted_by uuid NULL REFERENCES users (id),
  submitted_at timestamptz NOT NULL DEFAULT now(),
  reviewed_by uuid NULL REFERENCES users (id),
  reviewed_at timestamptz NULL,
  is_demo boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  FOREIGN KEY (commitment_id, indicator_id) REFERENCES commitment_indicators (commitment_id, indicator_id),
  CHECK (status <> 'returned' OR review_comment IS NOT NULL)
);
CREATE UNIQUE INDEX indicator_reports_key ON indicator_reports (
  indicator_id, commitment_id, COALESCE(territory_code, ''), period);
CREATE INDEX indicator_reports_status ON indicator_reports (status, submitted_at);

CREATE TABLE indicator_report_values (
  report_id uuid NOT NULL REFERENCES indicator_reports (id) ON DELETE CASCADE,
  sex text NOT NULL DEFAULT 'all' CHECK (sex IN ('all', 'female', 'male')),
  -- youth: under 35; adult: 35 to 59; elderly: 60 and over.
  age_band text NOT NULL DEFAULT 'all' CHECK (age_band IN ('all', 'youth', 'adult', 'elderly')),
  disability text NOT NULL DEFAULT 'all' CHECK (disability IN ('all', 'yes', 'no')),
  area text NOT NULL DEFAULT 'all' CHECK (area IN ('all', 'urban', 'rural')),
  coastal text NOT NULL DEFAULT 'all' CHECK (coastal IN ('all', 'yes', 'no')),
  value numeric NULL,
  numerator numeric NULL,
  denominator numeric NULL CHECK (denominator >= 0),
  PRIMARY KEY (report_id, sex, age_band, disability, area, coastal),
  CHECK ((value IS NOT NULL) <> (numerator IS NOT NULL AND denominator IS NOT NULL))
);

-- The facts analytics aggregate: validated report values and computed values, one row per
-- indicator, territory, period and disaggregation cell. Written only when a report is validated
-- (never changed after) or by the computed-indicator refresh.
CREATE TABLE indicator_facts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  indicator_id uuid NOT NULL REFERENCES indicators (id),
  report_id uuid NULL REFERENCES indicator_reports (id),
  commitment_id uuid NULL REFERENCES commitments (id),
  territory_code text NULL REFERENCES territories (code),
  period_grain text NOT NULL CHECK (period_grain IN ('month', 'quarter', 'year')),
  -- First day of the period (2025-07-01 for '2025-07', 2025-07-01 for '2025Q3', 2025-01-01 for '2025').
  period_start date NOT NULL,
  sex text NOT NULL DEFAULT 'all',
  age_band text NOT NULL DEFAULT 'all',
  disability text NOT NULL DEFAULT 'all',
  area text NOT NULL DEFAULT 'all',
  coastal text NOT NULL DEFAULT 'all',
  value numeric NULL,
  numerator numeric NULL,
  denominator numeric NULL,
  is_demo boolean NOT NULL DEFAULT false,
  CHECK (date_trunc(CASE period_grain WHEN 'month' THEN 'month' WHEN 'quarter' THEN 'quarter' ELSE 'year' END,
    period_start::timestamp) = period_start::timestamp)
);
CREATE INDEX indicator_facts_indicator_period ON indicator_facts (indicator_id, period_start);
CREATE INDEX indicator_facts_report ON indicator_facts (report_id) WHERE report_id IS NOT NULL;
