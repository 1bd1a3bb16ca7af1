-- Support programmes: what the conventions deliver to actors (financing, training, raw materials,
-- market access, equipment, accompaniment). A programme is run by a partner and implements one or
-- more commitments; it opens calls for applications with eligibility rules (data, see
-- src/modules/programmes/README.md), a form, a scoring grid and reserved shares; actors apply
-- (themselves or through a territorial agent); evaluators declare no conflict of interest and
-- score; selected applicants receive benefits, delivered or disbursed, followed up by visits.
--
-- Money is integer centimes (MAD). Quantities of material are numeric; units counted in whole
-- pieces ('unit', 'bundle') refuse fractions (CHECKs below, the unit is carried along by foreign
-- keys so the check needs no join).

CREATE TABLE programmes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 60),
  -- The partner organisation that runs it.
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  kind text NOT NULL
    CHECK (kind IN ('financing', 'training', 'raw_material', 'market_access', 'equipment', 'accompaniment')),
  -- Finer form of the kind: financing grant / honour_loan / guarantee; market access fair /
  -- export_support / fair_trade_certification; free otherwise.
  subkind text NULL CHECK (subkind ~ '^[a-z][a-z0-9_]{1,39}$'),
  title_fr text NOT NULL CHECK (length(title_fr) BETWEEN 1 AND 500),
  title_ar text NULL CHECK (length(title_ar) BETWEEN 1 AND 500),
  title_en text NULL CHECK (length(title_en) BETWEEN 1 AND 500),
  description text NULL CHECK (length(description) <= 5000),
  budget_centimes bigint NULL CHECK (budget_centimes >= 0),
  -- Beneficiaries (or seats for training) the programme can take in all.
  capacity integer NULL CHECK (capacity >= 0),
  -- 'national', or the regions/provinces in programme_territories.
  scope text NOT NULL DEFAULT 'national' CHECK (scope IN ('national', 'territories')),
  -- Raw-material allocation: where it comes from, what, in which unit.
  material_source text NULL CHECK (material_source IN ('forest', 'agricultural', 'maritime')),
  material text NULL CHECK (length(material) BETWEEN 1 AND 200),
  unit text NULL CHECK (unit IN ('m3', 'kg', 't', 'l', 'unit', 'bundle')),
  starts_on date NULL,
  ends_on date NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'closed')),
  is_demo boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'raw_material') = (material_source IS NOT NULL)),
  CHECK ((kind = 'raw_material') = (material IS NOT NULL)),
  CHECK ((kind = 'raw_material') = (unit IS NOT NULL)),
  CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on),
  -- Lets quotas and benefits carry the unit by foreign key.
  UNIQUE (id, unit)
);
CREATE UNIQUE INDEX programmes_reference_key ON programmes (lower(reference));
CREATE INDEX programmes_organisation ON programmes (organisation_id);

CREATE TABLE programme_commitments (
  programme_id uuid NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
  commitment_id uuid NOT NULL REFERENCES commitments (id),
  PRIMARY KEY (programme_id, commitment_id)
);
CREATE INDEX programme_commitments_commitment ON programme_commitments (commitment_id);

CREATE TABLE programme_territories (
  programme_id uuid NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
  territory_code text NOT NULL REFERENCES territories (code),
  PRIMARY KEY (programme_id, territory_code)
);

-- Raw material available per period and territory (NULL = national); `allocated` is what benefits
-- took, never more than `quantity`.
CREATE TABLE programme_quotas (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id uuid NOT NULL,
  unit text NOT NULL,
  period text NOT NULL CHECK (period ~ '^[0-9]{4}(Q[1-4]|-(0[1-9]|1[0-2]))?$'),
  territory_code text NULL REFERENCES territories (code),
  quantity numeric(16, 3) NOT NULL CHECK (quantity >= 0),
  allocated numeric(16, 3) NOT NULL DEFAULT 0 CHECK (allocated >= 0),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (programme_id, unit) REFERENCES programmes (id, unit) ON UPDATE CASCADE ON DELETE CASCADE,
  CHECK (allocated <= quantity),
  CHECK (unit NOT IN ('unit', 'bundle') OR (quantity = trunc(quantity) AND allocated = trunc(allocated)))
);
CREATE UNIQUE INDEX programme_quotas_key ON programme_quotas (programme_id, period, COALESCE(territory_code, ''));

CREATE TABLE calls (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id uuid NOT NULL REFERENCES programmes (id),
  reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 60),
  title_fr text NOT NULL CHECK (length(title_fr) BETWEEN 1 AND 500),
  title_ar text NULL CHECK (length(title_ar) BETWEEN 1 AND 500),
  title_en text NULL CHECK (length(title_en) BETWEEN 1 AND 500),
  description text NULL CHECK (length(description) <= 5000),
  opens_at timestamptz NOT NULL,
  closes_at timestamptz NOT NULL,
  -- The rule language of src/modules/programmes/README.md; validated by the service on save.
  eligibility_rules jsonb NOT NULL DEFAULT '{"all": []}',
  -- [{code, type, labelFr, labelAr, labelEn, required, ...}]
  form_fields jsonb NOT NULL DEFAULT '[]',
  -- [{code, labelFr, labelAr, labelEn, weight, max}]
  scoring_grid jsonb NOT NULL DEFAULT '[]',
  -- [{code, labelFr, labelAr, labelEn, minShare, rule}]: at least minShare of the selected match rule.
  reserved_shares jsonb NOT NULL DEFAULT '[]',
  -- What this call may hand out; allocated_* are kept by the selection (never above the limits).
  budget_centimes bigint NULL CHECK (budget_centimes >= 0),
  capacity integer NULL CHECK (capacity >= 0),
  allocated_centimes bigint NOT NULL DEFAULT 0 CHECK (allocated_centimes >= 0),
  allocated_seats integer NOT NULL DEFAULT 0 CHECK (allocated_seats >= 0),
  -- Raw-material calls draw from the programme's quotas of this period.
  quota_period text NULL CHECK (quota_period ~ '^[0-9]{4}(Q[1-4]|-(0[1-9]|1[0-2]))?$'),
  -- Evaluators each application needs before it is scored.
  evaluators_per_application integer NOT NULL DEFAULT 1 CHECK (evaluators_per_application BETWEEN 1 AND 10),
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'published', 'closed', 'decided', 'cancelled')),
  is_demo boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (closes_at > opens_at),
  CHECK (budget_centimes IS NULL OR allocated_centimes <= budget_centimes),
  CHECK (capacity IS NULL OR allocated_seats <= capacity),
  CHECK (jsonb_typeof(eligibility_rules) = 'object'),
  CHECK (jsonb_typeof(form_fields) = 'array'),
  CHECK (jsonb_typeof(scoring_grid) = 'array'),
  CHECK (jsonb_typeof(reserved_shares) = 'array')
);
CREATE UNIQUE INDEX calls_reference_key ON calls (programme_id, lower(reference));
CREATE INDEX calls_open ON calls (opens_at, closes_at) WHERE status = 'published';

CREATE TABLE applications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  call_id uuid NOT NULL REFERENCES calls (id),
  actor_id uuid NOT NULL REFERENCES actors (id),
  -- The user who submitted: the actor's own user, or a territorial agent on its behalf.
  submitted_by uuid NULL REFERENCES users (id),
  submitted_by_label text NOT NULL CHECK (length(submitted_by_label) BETWEEN 1 AND 300),
  on_behalf boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'submitted' CHECK (status IN (
    'draft', 'submitted', 'eligible', 'ineligible', 'scored', 'selected', 'waitlisted', 'rejected',
    'appealed', 'final', 'withdrawn')),
  answers jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(answers) = 'object'),
  -- The eligibility engine's verdict with one explanation per rule (FR/AR/EN), and when it ran.
  eligible boolean NULL,
  eligibility jsonb NULL,
  eligibility_checked_at timestamptz NULL,
  requested_centimes bigint NULL CHECK (requested_centimes >= 0),
  requested_seats integer NULL CHECK (requested_seats >= 0),
  requested_quantity numeric(16, 3) NULL CHECK (requested_quantity >= 0),
  -- Mean over evaluators of the weighted total, 0..100; rank within the call (1 = best).
  total_score numeric(7, 3) NULL CHECK (total_score BETWEEN 0 AND 100),
  rank integer NULL CHECK (rank >= 1),
  waitlist_position integer NULL CHECK (waitlist_position >= 1),
  submitted_at timestamptz NULL,
  decided_at timestamptz NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Applying twice to the same call is refused.
  UNIQUE (call_id, actor_id),
  CHECK (status = 'draft' OR submitted_at IS NOT NULL),
  CHECK (waitlist_position IS NULL OR status = 'waitlisted')
);
CREATE INDEX applications_actor ON applications (actor_id);
CREATE INDEX applications_call_status ON applications (call_id, status);

CREATE TABLE application_attachments (
  application_id uuid NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
  file_id uuid NOT NULL REFERENCES stored_files (id),
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (application_id, file_id)
);

-- An evaluator on one application; scoring needs a declaration of no conflict of interest first.
CREATE TABLE evaluator_assignments (
  application_id uuid NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
  evaluator_id uuid NOT NULL REFERENCES users (id),
  assigned_by_label text NOT NULL,
  assigned_at timestamptz NOT NULL DEFAULT now(),
  -- NULL until declared; false = declared no conflict (may score); true = declared a conflict.
  has_conflict boolean NULL,
  declaration text NULL CHECK (length(declaration) <= 2000),
  declared_at timestamptz NULL,
  -- Weighted total of this evaluator's scores (0..100) once every criterion is scored.
  total numeric(7, 3) NULL CHECK (total BETWEEN 0 AND 100),
  PRIMARY KEY (application_id, evaluator_id),
  CHECK ((has_conflict IS NULL) = (declared_at IS NULL)),
  CHECK (total IS NULL OR has_conflict = false)
);
CREATE INDEX evaluator_assignments_evaluator ON evaluator_assignments (evaluator_id);

CREATE TABLE application_scores (
  application_id uuid NOT NULL,
  evaluator_id uuid NOT NULL,
  criterion text NOT NULL CHECK (criterion ~ '^[a-z][a-z0-9_]{0,39}$'),
  score numeric(7, 2) NOT NULL CHECK (score >= 0),
  comment text NULL CHECK (length(comment) <= 2000),
  scored_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (application_id, evaluator_id, criterion),
  FOREIGN KEY (application_id, evaluator_id)
    REFERENCES evaluator_assignments (application_id, evaluator_id) ON DELETE CASCADE
);

CREATE TABLE application_appeals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  application_id uuid NOT NULL UNIQUE REFERENCES applications (id) ON DELETE CASCADE,
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 5000),
  filed_by_label text NOT NULL,
  filed_at timestamptz NOT NULL DEFAULT now(),
  outcome text NULL CHECK (outcome IN ('upheld', 'dismissed')),
  decision_note text NULL CHECK (length(decision_note) <= 5000),
  decided_at timestamptz NULL,
  CHECK ((outcome IS NULL) = (decided_at IS NULL))
);

-- What a beneficiary receives from a programme (through a call's selection).
CREATE TABLE benefits (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id uuid NOT NULL REFERENCES programmes (id),
  call_id uuid NULL REFERENCES calls (id),
  application_id uuid NULL UNIQUE REFERENCES applications (id),
  actor_id uuid NOT NULL REFERENCES actors (id),
  amount_centimes bigint NULL CHECK (amount_centimes >= 0),
  seats integer NULL CHECK (seats >= 0),
  quantity numeric(16, 3) NULL CHECK (quantity >= 0),
  -- Set with quantity: the programme's unit (carried by foreign key) and the quota drawn from.
  unit text NULL,
  quota_id uuid NULL REFERENCES programme_quotas (id),
  status text NOT NULL DEFAULT 'granted' CHECK (status IN ('granted', 'delivered', 'withdrawn', 'cancelled')),
  granted_at timestamptz NOT NULL DEFAULT now(),
  granted_by_label text NOT NULL,
  status_note text NULL CHECK (length(status_note) <= 2000),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (programme_id, unit) REFERENCES programmes (id, unit) ON UPDATE CASCADE,
  CHECK ((quantity IS NULL) = (unit IS NULL)),
  CHECK (quota_id IS NULL OR quantity IS NOT NULL),
  CHECK (unit IS NULL OR unit NOT IN ('unit', 'bundle') OR quantity = trunc(quantity)),
  CHECK (amount_centimes IS NOT NULL OR seats IS NOT NULL OR quantity IS NOT NULL)
);
CREATE INDEX benefits_actor_programme ON benefits (actor_id, programme_id, granted_at);
CREATE INDEX benefits_call ON benefits (call_id);
CREATE INDEX benefits_quota ON benefits (quota_id);

-- Disbursements (money), deliveries (material, equipment), attendance and completion (training).
CREATE TABLE benefit_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  benefit_id uuid NOT NULL REFERENCES benefits (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('disbursement', 'delivery', 'attendance', 'completion')),
  delivered_on date NOT NULL,
  amount_centimes bigint NULL CHECK (amount_centimes > 0),
  quantity numeric(16, 3) NULL CHECK (quantity > 0),
  note text NULL CHECK (length(note) <= 2000),
  recorded_by_label text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'disbursement' OR amount_centimes IS NOT NULL),
  CHECK (kind <> 'delivery' OR quantity IS NOT NULL OR note IS NOT NULL)
);
CREATE INDEX benefit_deliveries_benefit ON benefit_deliveries (benefit_id);

CREATE TABLE follow_up_visits (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  benefit_id uuid NOT NULL REFERENCES benefits (id) ON DELETE CASCADE,
  visited_on date NOT NULL,
  visitor_id uuid NULL REFERENCES users (id),
  visitor_label text NOT NULL,
  notes text NOT NULL CHECK (length(notes) BETWEEN 1 AND 5000),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX follow_up_visits_benefit ON follow_up_visits (benefit_id);

-- In-app notifications, to one user or to every user of an organisation (an actor's users).
CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NULL REFERENCES users (id) ON DELETE CASCADE,
  organisation_id uuid NULL REFERENCES organisations (id) ON DELETE CASCADE,
  -- Stable key the web translates, e.g. 'application.submitted', 'application.selected'.
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_.]{1,59}$'),
  application_id uuid NULL REFERENCES applications (id) ON DELETE CASCADE,
  payload jsonb NOT NULL DEFAULT '{}',
  read_at timestamptz NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (user_id IS NOT NULL OR organisation_id IS NOT NULL)
);
CREATE INDEX notifications_user ON notifications (user_id, created_at DESC) WHERE user_id IS NOT NULL;
CREATE INDEX notifications_organisation ON notifications (organisation_id, created_at DESC)
  WHERE organisation_id IS NOT NULL;
