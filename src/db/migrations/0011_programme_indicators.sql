-- Programme benefits feed computed indicators (src/modules/analytics/analytics.computed.ts:
-- beneficiaries, amounts granted, raw material allocated). A change to `benefits` marks the
-- computed facts as due, like a change to `actors` does (function from 0009_analytics.sql).
CREATE TRIGGER benefits_analytics_source AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON benefits
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_source_changed();
