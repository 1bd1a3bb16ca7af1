-- Foundation: extensions, territory reference, organisations, users, sessions, API tokens, audit trail.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- Regions (12), provinces and prefectures (75), and Casablanca's 8 prefectures of arrondissements,
-- keyed by HCP code ('01', '01.511', '06.141.01.00'); a code's prefix is its ancestors' codes, so
-- "in territory T" is `code = T OR code LIKE T || '.%'`. ISO 3166-2 codes kept alongside.
CREATE TABLE territories (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{2}(\.[0-9]{3}(\.[0-9]{2}\.[0-9]{2})?)?$'),
  level text NOT NULL CHECK (level IN ('region', 'province', 'arrondissements')),
  type text NOT NULL CHECK (type IN ('region', 'province', 'prefecture', 'prefecture_of_arrondissements')),
  parent_code text NULL REFERENCES territories (code),
  iso_code text NULL UNIQUE,
  name_fr text NOT NULL,
  name_ar text NOT NULL,
  population_2024 integer NULL,
  CHECK ((level = 'region') = (parent_code IS NULL))
);
CREATE INDEX territories_parent ON territories (parent_code);
CREATE INDEX territories_code_pattern ON territories (code text_pattern_ops);

CREATE TABLE organisations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('state_secretariat', 'partner', 'directorate', 'chamber', 'actor')),
  -- What kind of partner institution, for partners only.
  partner_type text NULL CHECK (partner_type IN ('ministry', 'agency', 'university', 'bank', 'guarantee_fund',
    'training', 'standards', 'industrial_property', 'export', 'federation', 'other')),
  name_fr text NOT NULL CHECK (length(name_fr) BETWEEN 1 AND 300),
  name_ar text NULL CHECK (length(name_ar) BETWEEN 1 AND 300),
  acronym text NULL CHECK (length(acronym) BETWEEN 1 AND 40),
  territory_code text NULL REFERENCES territories (code),
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'directorate' OR territory_code IS NOT NULL),
  CHECK (kind = 'partner' OR partner_type IS NULL)
);
CREATE UNIQUE INDEX organisations_name_fr_key ON organisations (lower(name_fr));

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'partner', 'territorial', 'actor')),
  organisation_id uuid NULL REFERENCES organisations (id),
  territory_code text NULL REFERENCES territories (code),
  locale text NOT NULL DEFAULT 'fr' CHECK (locale IN ('fr', 'ar', 'en')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz NULL,
  last_login_at timestamptz NULL,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (role <> 'territorial' OR territory_code IS NOT NULL),
  CHECK (role NOT IN ('partner', 'actor') OR organisation_id IS NOT NULL)
);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE INDEX users_organisation ON users (organisation_id);

-- Server-side sessions; the cookie carries a random token, the table only its SHA-256.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip text NULL,
  user_agent text NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- API tokens for integrations: shown once, stored hashed, scoped to a role and organisation.
CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  token_hash text NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('admin', 'partner', 'territorial', 'actor')),
  organisation_id uuid NULL REFERENCES organisations (id),
  territory_code text NULL REFERENCES territories (code),
  created_by uuid NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz NULL,
  expires_at timestamptz NULL,
  revoked_at timestamptz NULL,
  CHECK (role <> 'territorial' OR territory_code IS NOT NULL),
  CHECK (role NOT IN ('partner', 'actor') OR organisation_id IS NOT NULL)
);

-- Append-only, hash-chained audit trail. seq has no gaps: it is assigned under a lock as last + 1,
-- so a missing number means a deleted row. hash = sha256(prev_hash || canonical row content).
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY CHECK (seq > 0),
  at timestamptz NOT NULL,
  actor_user_id uuid NULL,
  actor_token_id uuid NULL,
  actor_label text NOT NULL,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text NOT NULL,
  before jsonb NULL,
  after jsonb NULL,
  request_id text NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, seq);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
