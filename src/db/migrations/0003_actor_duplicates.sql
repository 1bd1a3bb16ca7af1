-- Likely duplicate actors found by a scan, and merges of two records into one (undoable).

CREATE TABLE actor_duplicate_pairs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Ordered so one pair has one row: actor_a < actor_b.
  actor_a uuid NOT NULL REFERENCES actors (id),
  actor_b uuid NOT NULL REFERENCES actors (id),
  score real NOT NULL CHECK (score BETWEEN 0 AND 1),
  reasons jsonb NOT NULL,
  found_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'merged')),
  CHECK (actor_a < actor_b),
  UNIQUE (actor_a, actor_b)
);
CREATE INDEX actor_duplicate_pairs_open ON actor_duplicate_pairs (status, score DESC);
CREATE INDEX actor_duplicate_pairs_b ON actor_duplicate_pairs (actor_b);

CREATE TABLE actor_merges (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  survivor_id uuid NOT NULL REFERENCES actors (id),
  merged_id uuid NOT NULL REFERENCES actors (id),
  -- The survivor's row before the merge, and every reference moved, so the merge can be undone.
  survivor_before jsonb NOT NULL,
  moved_references jsonb NOT NULL,
  merged_by_label text NOT NULL,
  merged_at timestamptz NOT NULL DEFAULT now(),
  undone_at timestamptz NULL,
  undone_by_label text NULL
);
CREATE INDEX actor_merges_survivor ON actor_merges (survivor_id);
CREATE INDEX actor_merges_merged ON actor_merges (merged_id);
CREATE INDEX actors_phone ON actors (phone) WHERE phone IS NOT NULL;
CREATE INDEX actors_email ON actors (email) WHERE email IS NOT NULL;
