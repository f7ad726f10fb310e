-- Applicants run as their own role (SET LOCAL ROLE gk_applicant). It is a member of gk_app, so gk_app's grants
-- and row-level-security policies apply to it too; but gk_scope() is never a subtree for it, so an applicant
-- reaches only rows that name their own account (gk_account_id()), whatever org node the account is bound to.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gk_applicant') THEN
    CREATE ROLE gk_applicant NOLOGIN INHERIT;
  END IF;
END
$$;
--> statement-breakpoint
GRANT gk_app TO gk_applicant;
--> statement-breakpoint
GRANT gk_applicant TO CURRENT_USER;
--> statement-breakpoint
-- The scope is decided by the role as well as by the setting: a transaction running as gk_applicant has no
-- subtree even if a service set gk.scope_path by mistake.
CREATE OR REPLACE FUNCTION gk_scope() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN current_user = 'gk_applicant' THEN '#none#'
    ELSE coalesce(nullif(current_setting('gk.scope_path', true), ''), '#none#') END
$$;
--> statement-breakpoint
-- The signed-in account's role (account_role), set per transaction with the scope; null when unset.
CREATE OR REPLACE FUNCTION gk_role() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('gk.role', true), '')
$$;
