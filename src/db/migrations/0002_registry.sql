-- The national registry of actors: artisans, master artisans, cooperatives, associations, mutuals,
-- ESS enterprises; the crafts nomenclature (branches and activities) an administrator can load;
-- change requests for what an actor may not change alone.

CREATE TABLE craft_branches (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z0-9][A-Z0-9._-]{0,19}$'),
  family text NOT NULL CHECK (family IN ('art_production', 'service')),
  name_fr text NOT NULL,
  name_ar text NOT NULL,
  name_en text NOT NULL,
  source text NOT NULL DEFAULT 'starter'
);

CREATE TABLE craft_activities (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z0-9][A-Z0-9._-]{0,29}$'),
  branch_code text NOT NULL REFERENCES craft_branches (code) ON UPDATE CASCADE,
  name_fr text NOT NULL,
  name_ar text NOT NULL,
  name_en text NOT NULL
);
CREATE INDEX craft_activities_branch ON craft_activities (branch_code);

CREATE TABLE actors (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('artisan', 'master_artisan', 'cooperative', 'association', 'mutual', 'ess_enterprise')),
  name_fr text NULL CHECK (length(name_fr) BETWEEN 1 AND 300),
  name_ar text NULL CHECK (length(name_ar) BETWEEN 1 AND 300),
  -- Both names reduced to one cross-script phonetic form (src/shared/normalise.ts), for trigram search.
  search_key text NOT NULL,
  -- Identifiers are stored reduced (upper case, no spaces, dots, dashes or slashes).
  nia text NULL,
  cin text NULL,
  ice text NULL CHECK (ice ~ '^[0-9]{15}$'),
  rc_number text NULL,
  rc_court text NULL,
  if_number text NULL,
  coop_register_number text NULL,
  association_receipt text NULL,
  -- Values that passed validation with a warning (an ICE not divisible by 97, an unusual CIN).
  review_flags text[] NOT NULL DEFAULT '{}',
  province_code text NOT NULL REFERENCES territories (code),
  region_code text NOT NULL REFERENCES territories (code),
  commune text NULL,
  address text NULL,
  latitude double precision NULL CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision NULL CHECK (longitude BETWEEN -180 AND 180),
  branch_code text NULL REFERENCES craft_branches (code) ON UPDATE CASCADE,
  activity_code text NULL REFERENCES craft_activities (code) ON UPDATE CASCADE,
  founded_on date NULL,
  legal_status text NULL,
  members_women integer NULL CHECK (members_women >= 0),
  members_men integer NULL CHECK (members_men >= 0),
  members_youth integer NULL CHECK (members_youth >= 0),
  members_disabled integer NULL CHECK (members_disabled >= 0),
  members_elderly integer NULL CHECK (members_elderly >= 0),
  employees_women integer NULL CHECK (employees_women >= 0),
  employees_men integer NULL CHECK (employees_men >= 0),
  employees_youth integer NULL CHECK (employees_youth >= 0),
  employees_disabled integer NULL CHECK (employees_disabled >= 0),
  employees_elderly integer NULL CHECK (employees_elderly >= 0),
  women_led boolean NOT NULL DEFAULT false,
  coastal boolean NOT NULL DEFAULT false,
  phone text NULL,
  email text NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'dissolved')),
  status_reason text NULL,
  status_changed_on date NULL,
  -- The organisation whose `actor` users keep this record.
  organisation_id uuid NULL UNIQUE REFERENCES organisations (id),
  -- Set when this record was merged into another; kept so the merge can be undone.
  merged_into uuid NULL REFERENCES actors (id),
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK (name_fr IS NOT NULL OR name_ar IS NOT NULL),
  CHECK (status = 'active' OR status_reason IS NOT NULL),
  CHECK ((latitude IS NULL) = (longitude IS NULL))
);

-- Identifiers unique where the law makes them unique (and only among live records).
CREATE UNIQUE INDEX actors_nia_key ON actors (nia) WHERE nia IS NOT NULL AND merged_into IS NULL;
CREATE UNIQUE INDEX actors_cin_key ON actors (cin)
  WHERE cin IS NOT NULL AND kind IN ('artisan', 'master_artisan') AND merged_into IS NULL;
CREATE UNIQUE INDEX actors_ice_key ON actors (ice) WHERE ice IS NOT NULL AND merged_into IS NULL;
CREATE UNIQUE INDEX actors_rc_key ON actors (rc_court, rc_number) WHERE rc_number IS NOT NULL AND merged_into IS NULL;
CREATE UNIQUE INDEX actors_if_key ON actors (if_number) WHERE if_number IS NOT NULL AND merged_into IS NULL;
CREATE UNIQUE INDEX actors_coop_register_key ON actors (coop_register_number)
  WHERE coop_register_number IS NOT NULL AND merged_into IS NULL;
CREATE UNIQUE INDEX actors_association_receipt_key ON actors (province_code, association_receipt)
  WHERE association_receipt IS NOT NULL AND merged_into IS NULL;
CREATE INDEX actors_cin ON actors (cin) WHERE cin IS NOT NULL;
CREATE INDEX actors_rc_number ON actors (rc_number) WHERE rc_number IS NOT NULL;
CREATE INDEX actors_association_receipt ON actors (association_receipt) WHERE association_receipt IS NOT NULL;

CREATE INDEX actors_search_key_trgm ON actors USING gin (search_key gin_trgm_ops);
CREATE INDEX actors_province ON actors (province_code, kind);
CREATE INDEX actors_region ON actors (region_code, kind);
CREATE INDEX actors_branch ON actors (branch_code);
-- Keyset pagination in the default order (newest first) and by name.
CREATE INDEX actors_created_keyset ON actors (created_at DESC, id DESC);
CREATE INDEX actors_name_keyset ON actors ((coalesce(name_fr, name_ar)), id);

-- Changes an actor asks for on its own names or identifiers; an administrator approves or rejects.
CREATE TABLE actor_change_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  actor_id uuid NOT NULL REFERENCES actors (id),
  changes jsonb NOT NULL,
  requested_by uuid NULL REFERENCES users (id),
  requested_label text NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  decided_by_label text NULL,
  decided_at timestamptz NULL,
  decision_note text NULL
);
CREATE INDEX actor_change_requests_pending ON actor_change_requests (status, requested_at);
CREATE INDEX actor_change_requests_actor ON actor_change_requests (actor_id);
