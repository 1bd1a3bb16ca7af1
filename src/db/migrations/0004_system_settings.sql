-- Small facts the system keeps about itself, such as which version of the name normalisation
-- produced the stored search keys.
CREATE TABLE system_settings (
  key text PRIMARY KEY,
  value text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
