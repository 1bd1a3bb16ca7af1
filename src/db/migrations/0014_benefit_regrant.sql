-- Issue 6: a selected application whose benefit was cancelled (a mistake in the amount, a material
-- lot that could not be delivered) may receive a new benefit. The old one stays, cancelled, with its
-- deliveries and visits; only one LIVE benefit (granted or delivered) per application is allowed, so
-- two managers granting at the same moment still cannot give the same application two benefits.
-- Budgets, seats and quotas are unchanged: a cancellation gives back what the benefit held, and the
-- new grant draws again under the same limits (benefits.service.ts allocateBenefit).
ALTER TABLE benefits DROP CONSTRAINT benefits_application_id_key;
CREATE UNIQUE INDEX benefits_one_live_per_application ON benefits (application_id)
  WHERE status IN ('granted', 'delivered');
