-- hand-written:
-- The closed-campaign guard of 0028, with static statements instead of EXECUTE. The guard runs once per statement on
-- every table that holds a campaign's data, the exam's hot statements among them (the save's CTE updates
-- exam_attempts; a statement-level trigger fires even when no row changed). 0028 built its query with EXECUTE,
-- which PostgreSQL parses and plans on every call, and skipped it only while no campaign at all was closed: from the
-- second year on last year's campaign is always closed, so every such statement would have paid a fresh plan.
-- PL/pgSQL compiles a trigger function once per table and caches the plans of its static statements, so each
-- table's guard now costs two cached-plan lookups of its statement's changed rows (usually none or one) against the
-- campaigns. The triggers of 0028 are unchanged: they call this function by name with their way.
CREATE OR REPLACE FUNCTION gk_refuse_closed_campaign() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  way text := TG_ARGV[0];
  closed_name text;
BEGIN
  IF way = 'campaign' THEN
    IF TG_OP <> 'DELETE' THEN
      SELECT c.name INTO closed_name FROM gk_new r JOIN campaigns c ON c.id = r.campaign_id WHERE c.status = 'closed' LIMIT 1;
    END IF;
    IF closed_name IS NULL AND TG_OP <> 'INSERT' THEN
      SELECT c.name INTO closed_name FROM gk_old r JOIN campaigns c ON c.id = r.campaign_id WHERE c.status = 'closed' LIMIT 1;
    END IF;
  ELSIF way = 'application' THEN
    IF TG_OP <> 'DELETE' THEN
      SELECT c.name INTO closed_name FROM gk_new r JOIN applications p ON p.id = r.application_id JOIN campaigns c ON c.id = p.campaign_id WHERE c.status = 'closed' LIMIT 1;
    END IF;
    IF closed_name IS NULL AND TG_OP <> 'INSERT' THEN
      SELECT c.name INTO closed_name FROM gk_old r JOIN applications p ON p.id = r.application_id JOIN campaigns c ON c.id = p.campaign_id WHERE c.status = 'closed' LIMIT 1;
    END IF;
  ELSIF way = 'session' THEN
    IF TG_OP <> 'DELETE' THEN
      SELECT c.name INTO closed_name FROM gk_new r JOIN exam_sessions p ON p.id = r.session_id JOIN campaigns c ON c.id = p.campaign_id WHERE c.status = 'closed' LIMIT 1;
    END IF;
    IF closed_name IS NULL AND TG_OP <> 'INSERT' THEN
      SELECT c.name INTO closed_name FROM gk_old r JOIN exam_sessions p ON p.id = r.session_id JOIN campaigns c ON c.id = p.campaign_id WHERE c.status = 'closed' LIMIT 1;
    END IF;
  ELSIF way = 'attempt' THEN
    IF TG_OP <> 'DELETE' THEN
      SELECT c.name INTO closed_name FROM gk_new r JOIN exam_attempts p ON p.id = r.attempt_id JOIN campaigns c ON c.id = p.campaign_id WHERE c.status = 'closed' LIMIT 1;
    END IF;
    IF closed_name IS NULL AND TG_OP <> 'INSERT' THEN
      SELECT c.name INTO closed_name FROM gk_old r JOIN exam_attempts p ON p.id = r.attempt_id JOIN campaigns c ON c.id = p.campaign_id WHERE c.status = 'closed' LIMIT 1;
    END IF;
  ELSIF way = 'class' THEN
    IF TG_OP <> 'DELETE' THEN
      SELECT c.name INTO closed_name FROM gk_new r JOIN training_classes p ON p.id = r.class_id JOIN campaigns c ON c.id = p.campaign_id WHERE c.status = 'closed' LIMIT 1;
    END IF;
    IF closed_name IS NULL AND TG_OP <> 'INSERT' THEN
      SELECT c.name INTO closed_name FROM gk_old r JOIN training_classes p ON p.id = r.class_id JOIN campaigns c ON c.id = p.campaign_id WHERE c.status = 'closed' LIMIT 1;
    END IF;
  ELSE
    RAISE EXCEPTION 'gk_refuse_closed_campaign: unknown way %', way;
  END IF;
  IF closed_name IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'GKC01', MESSAGE = format('「%s」已结束，数据只读，不能再修改', closed_name);
  END IF;
  RETURN NULL;
END;
$$;
