-- The restricted role that signed-in requests run as (SET LOCAL ROLE gk_app), so row-level security applies
-- even though the connecting user owns the tables. Roles are cluster-wide: tolerate one made by another database.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gk_app') THEN
    CREATE ROLE gk_app NOLOGIN;
  END IF;
END
$$;
--> statement-breakpoint
GRANT gk_app TO CURRENT_USER;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO gk_app;
--> statement-breakpoint
-- Tables created after this point by the migrating user are readable and writable by gk_app; row-level
-- security then narrows what each request sees. Tables gk_app must not touch are revoked explicitly.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE ON TABLES TO gk_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO gk_app;
--> statement-breakpoint
-- The signed-in official's org path ('/1/5/'), set per transaction; a value no path starts with otherwise,
-- so a forgotten setting shows nothing rather than everything.
CREATE OR REPLACE FUNCTION gk_scope() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('gk.scope_path', true), ''), '#none#')
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION gk_account_id() RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('gk.account_id', true), '')::integer
$$;
