-- Appeals (issue 6): an applicant may appeal an ineligible or rejected outcome within this many
-- days of the decision (per call, 30 unless the call says otherwise).
ALTER TABLE calls ADD COLUMN appeal_days integer NOT NULL DEFAULT 30 CHECK (appeal_days BETWEEN 1 AND 365);
