-- Partnership conventions: stored files (PDF documents and evidence), the thematic axes, conventions
-- with their parties, signatories and documents, commitments with a territorial scope, milestones.

-- Uploaded files, kept in the database so that a backup is one dump; identified by their SHA-256,
-- so the same file uploaded twice is stored once.
CREATE TABLE stored_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sha256 text NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content_type text NOT NULL CHECK (content_type IN ('application/pdf')),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  original_name text NOT NULL CHECK (length(original_name) BETWEEN 1 AND 255),
  content bytea NOT NULL,
  created_by uuid NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (octet_length(content) = size_bytes)
);

-- The ten thematic axes of the conventions (BRIEF.md); codes are stable, names translated.
CREATE TABLE convention_axes (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{1,29}$'),
  position integer NOT NULL UNIQUE,
  name_fr text NOT NULL,
  name_ar text NOT NULL,
  name_en text NOT NULL
);

INSERT INTO convention_axes (code, position, name_fr, name_ar, name_en) VALUES
  ('RAW_MATERIALS', 1, 'Accès des artisans aux matières premières naturelles', 'ولوج الصناع التقليديين إلى المواد الأولية الطبيعية', 'Artisans'' access to natural raw materials'),
  ('AGRI_FOREST_SEA', 2, 'Coopération dans les domaines agricole, forestier et maritime', 'التعاون في المجالات الفلاحية والغابوية والبحرية', 'Cooperation in agriculture, forestry and fisheries'),
  ('TRAINING', 3, 'Formation professionnelle et ESS dans les cursus scolaires', 'التكوين المهني وإدماج مفاهيم الاقتصاد الاجتماعي والتضامني في المناهج الدراسية', 'Vocational training and ESS in school curricula'),
  ('WOMEN', 4, 'Autonomisation économique des femmes', 'التمكين الاقتصادي للنساء', 'Women''s economic empowerment'),
  ('MARKETS_EXPORT', 5, 'Marchés, export, commerce équitable et propriété industrielle', 'الأسواق والتصدير والتجارة المنصفة والملكية الصناعية', 'Markets, exports, fair trade and industrial property'),
  ('VULNERABLE', 6, 'Personnes en situation de handicap et personnes âgées', 'الأشخاص في وضعية إعاقة والأشخاص المسنون', 'Persons with disabilities and elderly persons'),
  ('COASTAL', 7, 'Coopératives maritimes des jeunes et des femmes en zone côtière', 'التعاونيات البحرية للشباب والنساء في المناطق الساحلية', 'Maritime cooperatives of young people and women in coastal zones'),
  ('FINANCE_RESEARCH', 8, 'Universités et institutions financières : recherche, financement, accompagnement', 'الجامعات والمؤسسات المالية: البحث والتمويل والمواكبة', 'Universities and financial institutions: research, financing, support'),
  ('QUALITY', 9, 'Normalisation et qualité des produits de l''artisanat', 'التقييس وجودة منتوجات الصناعة التقليدية', 'Standards and quality of craft products'),
  ('TERRITORIAL', 10, 'Développement territorial et convergence des politiques publiques', 'التنمية الترابية والتقائية السياسات العمومية', 'Territorial development and convergence of public policies');

CREATE TABLE conventions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 60),
  title_fr text NOT NULL CHECK (length(title_fr) BETWEEN 1 AND 500),
  title_ar text NULL CHECK (length(title_ar) BETWEEN 1 AND 500),
  summary_fr text NULL CHECK (length(summary_fr) <= 5000),
  summary_ar text NULL CHECK (length(summary_ar) <= 5000),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed', 'in_force', 'closed')),
  signed_on date NULL,
  signed_place text NULL CHECK (length(signed_place) BETWEEN 1 AND 200),
  -- The event where it was signed, e.g. "5es Assises nationales de l'ESS, Benguérir".
  signing_event text NULL CHECK (length(signing_event) BETWEEN 1 AND 300),
  starts_on date NULL,
  ends_on date NULL,
  -- Published conventions (and their commitments) are visible to the anonymous public.
  published boolean NOT NULL DEFAULT false,
  is_demo boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status = 'draft' OR signed_on IS NOT NULL),
  CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
);
CREATE UNIQUE INDEX conventions_reference_key ON conventions (lower(reference));

CREATE TABLE convention_axis_links (
  convention_id uuid NOT NULL REFERENCES conventions (id) ON DELETE CASCADE,
  axis_code text NOT NULL REFERENCES convention_axes (code),
  PRIMARY KEY (convention_id, axis_code)
);

-- The organisations bound by a convention; the State Secretariat is usually the lead.
CREATE TABLE convention_parties (
  convention_id uuid NOT NULL REFERENCES conventions (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  role text NOT NULL DEFAULT 'party' CHECK (role IN ('lead', 'party')),
  PRIMARY KEY (convention_id, organisation_id)
);
CREATE INDEX convention_parties_organisation ON convention_parties (organisation_id);

-- Persons who signed, each for one of the parties.
CREATE TABLE convention_signatories (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  convention_id uuid NOT NULL,
  organisation_id uuid NOT NULL,
  full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
  function_title text NULL CHECK (length(function_title) BETWEEN 1 AND 200),
  position integer NOT NULL DEFAULT 0,
  FOREIGN KEY (convention_id, organisation_id)
    REFERENCES convention_parties (convention_id, organisation_id) ON DELETE CASCADE
);
CREATE INDEX convention_signatories_convention ON convention_signatories (convention_id);

CREATE TABLE convention_documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  convention_id uuid NOT NULL REFERENCES conventions (id) ON DELETE CASCADE,
  file_id uuid NOT NULL REFERENCES stored_files (id),
  kind text NOT NULL DEFAULT 'signed_convention'
    CHECK (kind IN ('signed_convention', 'annex', 'amendment', 'report', 'other')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  created_by uuid NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (convention_id, file_id)
);

-- What one party promised: what, under which axis, with what budget, when and where.
CREATE TABLE commitments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  convention_id uuid NOT NULL,
  -- The committing party; it must be a party to the convention.
  organisation_id uuid NOT NULL,
  reference text NULL CHECK (length(reference) BETWEEN 1 AND 40),
  title_fr text NOT NULL CHECK (length(title_fr) BETWEEN 1 AND 500),
  title_ar text NULL CHECK (length(title_ar) BETWEEN 1 AND 500),
  description text NULL CHECK (length(description) <= 5000),
  axis_code text NOT NULL REFERENCES convention_axes (code),
  budget_centimes bigint NULL CHECK (budget_centimes >= 0),
  starts_on date NULL,
  ends_on date NULL,
  -- 'national', or the regions/provinces listed in commitment_territories.
  scope text NOT NULL DEFAULT 'national' CHECK (scope IN ('national', 'territories')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'cancelled')),
  is_demo boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (convention_id, organisation_id) REFERENCES convention_parties (convention_id, organisation_id),
  CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX commitments_convention ON commitments (convention_id);
CREATE INDEX commitments_organisation ON commitments (organisation_id);
CREATE UNIQUE INDEX commitments_reference_key ON commitments (convention_id, lower(reference));

CREATE TABLE commitment_territories (
  commitment_id uuid NOT NULL REFERENCES commitments (id) ON DELETE CASCADE,
  territory_code text NOT NULL REFERENCES territories (code),
  PRIMARY KEY (commitment_id, territory_code)
);
CREATE INDEX commitment_territories_territory ON commitment_territories (territory_code);

CREATE TABLE commitment_milestones (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  commitment_id uuid NOT NULL REFERENCES commitments (id) ON DELETE CASCADE,
  title_fr text NOT NULL CHECK (length(title_fr) BETWEEN 1 AND 300),
  title_ar text NULL CHECK (length(title_ar) BETWEEN 1 AND 300),
  due_on date NOT NULL,
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done', 'cancelled')),
  done_on date NULL,
  position integer NOT NULL DEFAULT 0,
  CHECK ((status = 'done') = (done_on IS NOT NULL))
);
CREATE INDEX commitment_milestones_commitment ON commitment_milestones (commitment_id);
-- Overdue items: not done, not cancelled, past due.
CREATE INDEX commitment_milestones_open_due ON commitment_milestones (due_on) WHERE status IN ('planned', 'in_progress');
