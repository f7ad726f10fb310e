-- The database guards an application's lifecycle, not only its rows: a signed-in transaction (gk_app or
-- gk_applicant) may create an application only in a starting status its role may use, may change its lifecycle
-- columns (status, returned_to, the batch columns) only along a move its role may make (application_moves, which
-- migrate() fills from src/domain/application-moves.ts), and may not touch the columns that only such moves set
-- (return_count, reject_reason, overruled_verdict) or that never change (campaign, source, applicant, creation).
-- The platform's own transactions (the owner role: seeding, migrations) are not signed-in people and pass.
CREATE OR REPLACE FUNCTION gk_guard_application() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  who text := gk_role();
  is_online boolean := NEW.source = 'online';
  refused text;
BEGIN
  IF current_user NOT IN ('gk_app', 'gk_applicant') THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.returned_to IS NOT NULL OR NEW.department_batch_id IS NOT NULL OR NEW.jurisdiction_batch_id IS NOT NULL
       OR NEW.return_count <> 0 OR NEW.reject_reason IS NOT NULL OR NEW.overruled_verdict IS NOT NULL
       OR NOT EXISTS (SELECT 1 FROM application_moves m WHERE m.role::text = who AND m.online = is_online
                      AND m.from_status = 'new' AND m.to_status = NEW.status::text) THEN
      refused := format('a %s may not create an application as %s', coalesce(who, 'nobody'), NEW.status);
    END IF;
  ELSIF NEW.campaign_id <> OLD.campaign_id OR NEW.source <> OLD.source
     OR NEW.applicant_account_id IS DISTINCT FROM OLD.applicant_account_id
     OR NEW.created_by IS DISTINCT FROM OLD.created_by OR NEW.created_at <> OLD.created_at THEN
    refused := 'an application''s campaign, source, applicant and creation never change';
  ELSIF (NEW.status, NEW.returned_to, NEW.department_batch_id, NEW.jurisdiction_batch_id)
        IS NOT DISTINCT FROM (OLD.status, OLD.returned_to, OLD.department_batch_id, OLD.jurisdiction_batch_id) THEN
    -- No move: nor may what only moves set change.
    IF NEW.return_count <> OLD.return_count OR NEW.reject_reason IS DISTINCT FROM OLD.reject_reason
       OR NEW.overruled_verdict IS DISTINCT FROM OLD.overruled_verdict THEN
      refused := 'return_count, reject_reason and overruled_verdict change only with a review decision';
    END IF;
  ELSIF (OLD.department_batch_id IS NOT NULL AND NEW.department_batch_id <> OLD.department_batch_id)
     OR (OLD.jurisdiction_batch_id IS NOT NULL AND NEW.jurisdiction_batch_id <> OLD.jurisdiction_batch_id) THEN
    refused := 'an application moves from one batch to another only by being returned first';
  ELSIF NOT EXISTS (
    SELECT 1 FROM application_moves m
    WHERE m.role::text = who AND m.online = is_online
      AND m.from_status = OLD.status::text AND m.from_returned_to = coalesce(OLD.returned_to::text, '-')
      AND m.from_department_batch = (OLD.department_batch_id IS NOT NULL)
      AND m.from_jurisdiction_batch = (OLD.jurisdiction_batch_id IS NOT NULL)
      AND m.to_status = NEW.status::text AND m.to_returned_to = coalesce(NEW.returned_to::text, '-')
      AND m.to_department_batch = (NEW.department_batch_id IS NOT NULL)
      AND m.to_jurisdiction_batch = (NEW.jurisdiction_batch_id IS NOT NULL)) THEN
    refused := format('a %s may not move an application from %s%s to %s%s', coalesce(who, 'nobody'), OLD.status,
      coalesce('/' || OLD.returned_to, ''), NEW.status, coalesce('/' || NEW.returned_to, ''));
  ELSIF NEW.return_count <> OLD.return_count + (CASE WHEN NEW.status = 'returned' THEN 1 ELSE 0 END) THEN
    refused := 'return_count counts the returns, one at a time';
  ELSIF (NEW.status = 'rejected') <> (NEW.reject_reason IS NOT NULL)
     OR (NEW.reject_reason IS DISTINCT FROM OLD.reject_reason AND NEW.status <> 'rejected') THEN
    refused := 'a reject reason comes with a rejection, and only then';
  ELSIF NEW.overruled_verdict IS DISTINCT FROM OLD.overruled_verdict
     AND NEW.status NOT IN ('unit_approved', 'department_approved', 'jurisdiction_approved', 'province_confirmed') THEN
    refused := 'an overrule is recorded only with an approval';
  END IF;
  IF refused IS NOT NULL THEN
    RAISE EXCEPTION 'application % refused: %', CASE WHEN TG_OP = 'INSERT' THEN NEW.id ELSE OLD.id END, refused
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER applications_guard BEFORE INSERT OR UPDATE ON applications
  FOR EACH ROW EXECUTE FUNCTION gk_guard_application();
--> statement-breakpoint
-- The rules are read by the guard (which runs as the caller) and written only by migrate().
REVOKE ALL ON application_moves FROM gk_app;
--> statement-breakpoint
GRANT SELECT ON application_moves TO gk_app;
