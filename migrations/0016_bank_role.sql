-- 题库管理员 (bank managers) run as their own role (SET LOCAL ROLE gk_bank). Like gk_applicant it is a member of
-- gk_app, so gk_app's grants and policies apply to it (its own account, the audit trail, the job-type catalogue),
-- and gk_scope() is never a subtree for it: a bank manager sits at the province but reaches no organisation's
-- accounts or applications. The bank tables (next migration) admit gk_bank alone: their grants and policies name
-- it, and gk_app holds no privilege on them, so no other role reads a bank row whatever a service does.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gk_bank') THEN
    CREATE ROLE gk_bank NOLOGIN INHERIT;
  END IF;
END
$$;
--> statement-breakpoint
GRANT gk_app TO gk_bank;
--> statement-breakpoint
GRANT gk_bank TO CURRENT_USER;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION gk_scope() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN current_user IN ('gk_applicant', 'gk_bank') THEN '#none#'
    ELSE coalesce(nullif(current_setting('gk.scope_path', true), ''), '#none#') END
$$;
