CREATE TABLE "login_failures" (
	"username_hash" text NOT NULL,
	"ip" text NOT NULL,
	"failures" integer NOT NULL,
	"last_failure_at" timestamp with time zone NOT NULL,
	"blocked_until" timestamp with time zone,
	CONSTRAINT "login_failures_username_hash_ip_pk" PRIMARY KEY("username_hash","ip")
);
--> statement-breakpoint
ALTER TABLE "sessions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "login_failures_last_idx" ON "login_failures" USING btree ("last_failure_at");--> statement-breakpoint
CREATE POLICY "sessions_managed_select" ON "sessions" AS PERMISSIVE FOR SELECT TO "gk_app" USING (exists (select 1 from accounts a where a.id = "sessions"."account_id" and (starts_with(a.org_path, gk_scope()) and (a.org_path <> gk_scope() or a.role = 'proctor'))));--> statement-breakpoint
CREATE POLICY "sessions_end_managed" ON "sessions" AS PERMISSIVE FOR DELETE TO "gk_app" USING (exists (select 1 from accounts a where a.id = "sessions"."account_id" and (starts_with(a.org_path, gk_scope()) and (a.org_path <> gk_scope() or a.role = 'proctor'))));--> statement-breakpoint
-- An admin's password reset ends the account's sessions in the reset's own transaction: gk_app may delete the
-- sessions of accounts it manages (the policies above) and read nothing of them but the account they belong to.
GRANT SELECT (account_id), DELETE ON sessions TO gk_app;
--> statement-breakpoint
-- Only the platform (sign-in) touches failed sign-ins; requests running as gk_app never see them.
REVOKE ALL ON login_failures FROM gk_app;
