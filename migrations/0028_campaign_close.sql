-- hand-written:
-- A closed campaign (考核年度 结束, issue 16 part 6) is read-only, and the database says so, not only the services:
-- every table that holds a campaign's data carries a statement-level guard that refuses an INSERT, UPDATE or DELETE
-- touching a row of a closed campaign, whoever runs it (the signed-in roles and the owner alike: nothing writes a
-- closed campaign, not even a system transaction). The refusal is SQLSTATE GKC01 with a Chinese message naming the
-- campaign; the app maps it to AppError CAMPAIGN_CLOSED (409), never a 500 (platform/errors.ts databaseRefusal).
--
-- Why statement-level with transition tables, not a trigger per row: the bulk paths (seating writes 100,000 seats,
-- the score compile and re-score 300,000 rows) would pay a lookup per row. A statement's guard first probes the
-- tiny campaigns table for any closed campaign; while none is (every campaign's working life) that is its whole
-- cost, one index-less scan of a handful of rows per statement, and the transition tables are never read. Once a
-- campaign is closed, one semi-join of the statement's rows (through their parent: application, session, attempt,
-- training class) against the closed campaigns decides.
--
-- attempt_answers carries no guard, on purpose: it is the exam's hot path (a save every few seconds per candidate)
-- and needs none. An answer is written only (a) by the save statement, which requires an admitted attempt and an
-- unsubmitted subject before its deadline, or (b) by a hand-in or a recovery merge, whose transaction also updates
-- the attempt subject (hand-in: submitted_at; merge into a submitted subject: its score), which is guarded. Closing
-- is refused while any attempt of the campaign has a subject not handed in (campaigns.service closeCampaign), and
-- after the close no attempt or attempt subject can change, so no subject can open again: (a) finds nothing to
-- write to and (b) rolls back with the guard's refusal.
--
-- A table added later that holds a campaign's data installs the same guard with one line:
--   SELECT gk_install_campaign_guard('<table>', '<way>');  -- way: campaign | application | session | attempt | class
CREATE OR REPLACE FUNCTION gk_refuse_closed_campaign() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  way text := TG_ARGV[0];
  rel text;
  closed_name text;
  probe text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM campaigns WHERE status = 'closed') THEN
    RETURN NULL;
  END IF;
  probe := CASE way
    WHEN 'campaign' THEN 'SELECT 1 FROM %I r WHERE r.campaign_id = c.id'
    WHEN 'application' THEN 'SELECT 1 FROM %I r JOIN applications p ON p.id = r.application_id WHERE p.campaign_id = c.id'
    WHEN 'session' THEN 'SELECT 1 FROM %I r JOIN exam_sessions p ON p.id = r.session_id WHERE p.campaign_id = c.id'
    WHEN 'attempt' THEN 'SELECT 1 FROM %I r JOIN exam_attempts p ON p.id = r.attempt_id WHERE p.campaign_id = c.id'
    WHEN 'class' THEN 'SELECT 1 FROM %I r JOIN training_classes p ON p.id = r.class_id WHERE p.campaign_id = c.id'
  END;
  IF probe IS NULL THEN
    RAISE EXCEPTION 'gk_refuse_closed_campaign: unknown way %', way;
  END IF;
  FOREACH rel IN ARRAY CASE TG_OP
    WHEN 'INSERT' THEN ARRAY['gk_new']
    WHEN 'DELETE' THEN ARRAY['gk_old']
    ELSE ARRAY['gk_new', 'gk_old']
  END LOOP
    EXECUTE format('SELECT c.name FROM campaigns c WHERE c.status = ''closed'' AND EXISTS (' || probe || ') LIMIT 1', rel)
      INTO closed_name;
    IF closed_name IS NOT NULL THEN
      RAISE EXCEPTION USING ERRCODE = 'GKC01', MESSAGE = format('「%s」已结束，数据只读，不能再修改', closed_name);
    END IF;
  END LOOP;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Three triggers per table: PostgreSQL allows transition tables only on a trigger of one event.
CREATE OR REPLACE FUNCTION gk_install_campaign_guard(tbl text, way text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS gk_new '
    'FOR EACH STATEMENT EXECUTE FUNCTION gk_refuse_closed_campaign(%L)', tbl || '_closed_guard_ins', tbl, way);
  EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS gk_old NEW TABLE AS gk_new '
    'FOR EACH STATEMENT EXECUTE FUNCTION gk_refuse_closed_campaign(%L)', tbl || '_closed_guard_upd', tbl, way);
  EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS gk_old '
    'FOR EACH STATEMENT EXECUTE FUNCTION gk_refuse_closed_campaign(%L)', tbl || '_closed_guard_del', tbl, way);
END;
$$;
--> statement-breakpoint
SELECT gk_install_campaign_guard(t, 'campaign') FROM unnest(ARRAY[
  'campaign_phases', 'campaign_jurisdictions', 'campaign_window_extensions', 'applications', 'application_reviews',
  'review_batches', 'blueprints', 'paper_pools', 'papers', 'exam_sessions', 'training_classes',
  'training_enrolments', 'exam_room_numbers', 'seat_assignments', 'seating_runs', 'exam_attempts', 'score_results',
  'score_states'
]) AS t;
--> statement-breakpoint
SELECT gk_install_campaign_guard(t, 'application') FROM unnest(ARRAY[
  'application_files', 'review_batch_applications', 'training_attendance'
]) AS t;
--> statement-breakpoint
SELECT gk_install_campaign_guard('training_sittings', 'class');
--> statement-breakpoint
SELECT gk_install_campaign_guard('attempt_subjects', 'attempt');
--> statement-breakpoint
SELECT gk_install_campaign_guard(t, 'session') FROM unnest(ARRAY[
  'exam_room_states', 'proctor_assignments', 'exam_events'
]) AS t;
--> statement-breakpoint
-- The campaign's own row: a closed campaign is never changed or deleted again (closing itself changes an open row).
CREATE OR REPLACE FUNCTION gk_refuse_closed_campaign_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'closed' THEN
    RAISE EXCEPTION USING ERRCODE = 'GKC01', MESSAGE = format('「%s」已结束，数据只读，不能再修改', OLD.name);
  END IF;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER campaigns_closed_guard BEFORE UPDATE OR DELETE ON campaigns
  FOR EACH ROW EXECUTE FUNCTION gk_refuse_closed_campaign_row();
