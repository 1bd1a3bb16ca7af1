-- Person facts of artisans and master artisans (issue 6, part 5: beneficiaries by sex, age band and
-- disability become computed indicators). All optional: a registry fills them as it learns them.
-- Organisations have none (their members are counted by sex, youth, disability and age instead):
-- the check refuses them there, as the API does (422 with a pointer, src/modules/actors/actors.validate.ts).
-- The API also refuses a birth date in the future or of someone under 15 (Moroccan minimum working
-- age) on the day the record is saved; the table keeps only the bound that never moves.
ALTER TABLE actors
  ADD COLUMN sex text NULL CHECK (sex IN ('female', 'male')),
  ADD COLUMN birth_date date NULL CHECK (birth_date >= DATE '1900-01-01'),
  ADD COLUMN has_disability boolean NULL,
  ADD CONSTRAINT actors_person_facts_persons_only CHECK (
    kind IN ('artisan', 'master_artisan') OR (sex IS NULL AND birth_date IS NULL AND has_disability IS NULL)
  );
