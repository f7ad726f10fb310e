ALTER TYPE "public"."account_role" ADD VALUE 'panel_expert';--> statement-breakpoint
CREATE TABLE "experts" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"id_number" text NOT NULL,
	"work_unit_id" integer NOT NULL,
	"title" text,
	"specialty" text,
	"job_type_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"phone" text,
	"active" boolean DEFAULT true NOT NULL,
	"account_id" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "experts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "panel_candidates" (
	"application_id" integer PRIMARY KEY NOT NULL,
	"panel_id" integer NOT NULL,
	"campaign_id" integer NOT NULL,
	"name" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"sex" text NOT NULL,
	"unit_id" integer NOT NULL,
	"unit_name" text NOT NULL,
	"jurisdiction_name" text NOT NULL,
	"org_path" text NOT NULL,
	"job_type_id" integer NOT NULL,
	"job_type_name" text NOT NULL,
	"education" text NOT NULL,
	"work_start_month" text NOT NULL,
	"work_years" integer NOT NULL,
	"current_grade_month" text,
	"appointed_to_grade2_post" boolean NOT NULL,
	"appraisals" jsonb,
	"waiver_award" boolean NOT NULL,
	"evidence_note" text,
	"assigned_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "panel_candidates" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "panel_members" (
	"panel_id" integer NOT NULL,
	"expert_id" integer NOT NULL,
	"campaign_id" integer NOT NULL,
	"account_id" integer NOT NULL,
	"name" text NOT NULL,
	"unit_id" integer NOT NULL,
	"is_chair" boolean DEFAULT false NOT NULL,
	"absent" boolean DEFAULT false NOT NULL,
	"absent_reason" text,
	CONSTRAINT "panel_members_panel_id_expert_id_pk" PRIMARY KEY("panel_id","expert_id"),
	CONSTRAINT "panel_members_absent" CHECK ("panel_members"."absent" = ("panel_members"."absent_reason" is not null))
);
--> statement-breakpoint
ALTER TABLE "panel_members" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "panel_results" (
	"application_id" integer PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"panel_id" integer NOT NULL,
	"score" double precision NOT NULL,
	"passed" boolean NOT NULL,
	"pass_line" double precision NOT NULL,
	"member_count" integer NOT NULL,
	"dropped_high_expert_id" integer,
	"dropped_low_expert_id" integer,
	"org_path" text NOT NULL,
	"confirmed_at" timestamp with time zone NOT NULL,
	"confirmed_by" integer NOT NULL,
	CONSTRAINT "panel_results_score" CHECK ("panel_results"."score" between 0 and 100)
);
--> statement-breakpoint
ALTER TABLE "panel_results" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "panel_settings" (
	"campaign_id" integer PRIMARY KEY NOT NULL,
	"criteria" jsonb NOT NULL,
	"pass_line" double precision NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "panel_settings_pass_line" CHECK ("panel_settings"."pass_line" between 0 and 100)
);
--> statement-breakpoint
ALTER TABLE "panel_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "panel_sheets" (
	"application_id" integer NOT NULL,
	"expert_id" integer NOT NULL,
	"panel_id" integer NOT NULL,
	"campaign_id" integer NOT NULL,
	"account_id" integer NOT NULL,
	"scores" jsonb NOT NULL,
	"comment" text,
	"total" double precision,
	"status" text NOT NULL,
	"submitted_at" timestamp with time zone,
	"returned_reason" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "panel_sheets_application_id_expert_id_pk" PRIMARY KEY("application_id","expert_id"),
	CONSTRAINT "panel_sheets_status" CHECK ("panel_sheets"."status" in ('draft', 'submitted')),
	CONSTRAINT "panel_sheets_submitted" CHECK (("panel_sheets"."status" = 'submitted') = ("panel_sheets"."submitted_at" is not null)),
	CONSTRAINT "panel_sheets_total" CHECK ("panel_sheets"."status" = 'draft' or "panel_sheets"."total" is not null),
	CONSTRAINT "panel_sheets_total_range" CHECK ("panel_sheets"."total" is null or "panel_sheets"."total" between 0 and 100)
);
--> statement-breakpoint
ALTER TABLE "panel_sheets" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "panels" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"name" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"confirmed_at" timestamp with time zone,
	"confirmed_by" integer,
	"reopen_reason" text,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "panels_schedule" CHECK ("panels"."starts_at" < "panels"."ends_at"),
	CONSTRAINT "panels_status" CHECK ("panels"."status" in ('open', 'confirmed')),
	CONSTRAINT "panels_confirmed" CHECK (("panels"."status" = 'confirmed') = ("panels"."confirmed_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "panels" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
-- hand-placed (before the policies that call them, as 0022's gk_centre_id()):
-- A 评审专家's panels, and those they chair: what the panel tables' policies admit them to (they run with no subtree,
-- tx.ts). Security definer, so the policies of panel_members need not read panel_members under its own policy; only
-- an expert's transaction (gk_role()) is answered, so nobody else reaches a panel through a membership row.
CREATE OR REPLACE FUNCTION gk_panel_ids() RETURNS integer[] LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp AS $$
  SELECT coalesce(array_agg(m.panel_id), '{}'::integer[]) FROM panel_members m
  WHERE m.account_id = gk_account_id() AND gk_role() = 'panel_expert'
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION gk_chair_panel_ids() RETURNS integer[] LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp AS $$
  SELECT coalesce(array_agg(m.panel_id), '{}'::integer[]) FROM panel_members m
  WHERE m.account_id = gk_account_id() AND m.is_chair AND gk_role() = 'panel_expert'
$$;--> statement-breakpoint
ALTER TABLE "experts" ADD CONSTRAINT "experts_work_unit_id_org_nodes_id_fk" FOREIGN KEY ("work_unit_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experts" ADD CONSTRAINT "experts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_candidates" ADD CONSTRAINT "panel_candidates_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_candidates" ADD CONSTRAINT "panel_candidates_panel_id_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."panels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_candidates" ADD CONSTRAINT "panel_candidates_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_members" ADD CONSTRAINT "panel_members_panel_id_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."panels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_members" ADD CONSTRAINT "panel_members_expert_id_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."experts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_members" ADD CONSTRAINT "panel_members_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_members" ADD CONSTRAINT "panel_members_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_results" ADD CONSTRAINT "panel_results_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_results" ADD CONSTRAINT "panel_results_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_results" ADD CONSTRAINT "panel_results_panel_id_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."panels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_settings" ADD CONSTRAINT "panel_settings_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_sheets" ADD CONSTRAINT "panel_sheets_application_id_panel_candidates_application_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."panel_candidates"("application_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_sheets" ADD CONSTRAINT "panel_sheets_expert_id_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."experts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_sheets" ADD CONSTRAINT "panel_sheets_panel_id_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."panels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_sheets" ADD CONSTRAINT "panel_sheets_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panels" ADD CONSTRAINT "panels_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "experts_id_number_key" ON "experts" USING btree ("id_number");--> statement-breakpoint
CREATE UNIQUE INDEX "experts_account_key" ON "experts" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "panel_candidates_panel_idx" ON "panel_candidates" USING btree ("panel_id");--> statement-breakpoint
CREATE UNIQUE INDEX "panel_members_chair_key" ON "panel_members" USING btree ("panel_id") WHERE "panel_members"."is_chair";--> statement-breakpoint
CREATE INDEX "panel_members_account_idx" ON "panel_members" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "panel_results_campaign_idx" ON "panel_results" USING btree ("campaign_id","org_path");--> statement-breakpoint
CREATE INDEX "panel_sheets_panel_idx" ON "panel_sheets" USING btree ("panel_id");--> statement-breakpoint
CREATE UNIQUE INDEX "panels_campaign_name_key" ON "panels" USING btree ("campaign_id","name");--> statement-breakpoint
CREATE POLICY "experts_select" ON "experts" AS PERMISSIVE FOR SELECT TO "gk_app" USING ((exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()) or "experts"."account_id" = gk_account_id()));--> statement-breakpoint
CREATE POLICY "experts_insert" ON "experts" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "experts_update" ON "experts" AS PERMISSIVE FOR UPDATE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope())) WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "panel_candidates_select" ON "panel_candidates" AS PERMISSIVE FOR SELECT TO "gk_app" USING ((exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()) or "panel_candidates"."panel_id" = any(gk_panel_ids())));--> statement-breakpoint
CREATE POLICY "panel_candidates_insert" ON "panel_candidates" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "panel_candidates_delete" ON "panel_candidates" AS PERMISSIVE FOR DELETE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "panel_members_select" ON "panel_members" AS PERMISSIVE FOR SELECT TO "gk_app" USING ((exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()) or "panel_members"."panel_id" = any(gk_panel_ids())));--> statement-breakpoint
CREATE POLICY "panel_members_insert" ON "panel_members" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "panel_members_update" ON "panel_members" AS PERMISSIVE FOR UPDATE TO "gk_app" USING ((exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()) or "panel_members"."panel_id" = any(gk_chair_panel_ids()))) WITH CHECK ((exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()) or "panel_members"."panel_id" = any(gk_chair_panel_ids())));--> statement-breakpoint
CREATE POLICY "panel_members_delete" ON "panel_members" AS PERMISSIVE FOR DELETE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "panel_results_select" ON "panel_results" AS PERMISSIVE FOR SELECT TO "gk_app" USING ((starts_with("panel_results"."org_path", gk_scope()) or "panel_results"."panel_id" = any(gk_panel_ids())));--> statement-breakpoint
CREATE POLICY "panel_results_insert" ON "panel_results" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (("panel_results"."panel_id" = any(gk_chair_panel_ids()) and "panel_results"."confirmed_by" = gk_account_id()));--> statement-breakpoint
CREATE POLICY "panel_results_delete" ON "panel_results" AS PERMISSIVE FOR DELETE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "panel_settings_select" ON "panel_settings" AS PERMISSIVE FOR SELECT TO "gk_app" USING (true);--> statement-breakpoint
CREATE POLICY "panel_settings_insert" ON "panel_settings" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "panel_settings_update" ON "panel_settings" AS PERMISSIVE FOR UPDATE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope())) WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "panel_settings_delete" ON "panel_settings" AS PERMISSIVE FOR DELETE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "panel_sheets_select" ON "panel_sheets" AS PERMISSIVE FOR SELECT TO "gk_app" USING ((exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()) or "panel_sheets"."account_id" = gk_account_id() or "panel_sheets"."panel_id" = any(gk_chair_panel_ids())));--> statement-breakpoint
CREATE POLICY "panel_sheets_insert" ON "panel_sheets" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (("panel_sheets"."account_id" = gk_account_id() and "panel_sheets"."panel_id" = any(gk_panel_ids())));--> statement-breakpoint
CREATE POLICY "panel_sheets_update" ON "panel_sheets" AS PERMISSIVE FOR UPDATE TO "gk_app" USING ((("panel_sheets"."account_id" = gk_account_id() and "panel_sheets"."panel_id" = any(gk_panel_ids())) or "panel_sheets"."panel_id" = any(gk_chair_panel_ids()))) WITH CHECK ((("panel_sheets"."account_id" = gk_account_id() and "panel_sheets"."panel_id" = any(gk_panel_ids())) or "panel_sheets"."panel_id" = any(gk_chair_panel_ids())));--> statement-breakpoint
CREATE POLICY "panels_select" ON "panels" AS PERMISSIVE FOR SELECT TO "gk_app" USING ((exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()) or "panels"."id" = any(gk_panel_ids())));--> statement-breakpoint
CREATE POLICY "panels_insert" ON "panels" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "panels_update" ON "panels" AS PERMISSIVE FOR UPDATE TO "gk_app" USING ((exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()) or "panels"."id" = any(gk_chair_panel_ids()))) WITH CHECK ((exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()) or "panels"."id" = any(gk_chair_panel_ids())));--> statement-breakpoint
ALTER POLICY "accounts_insert" ON "accounts" TO gk_app WITH CHECK ((starts_with("accounts"."org_path", gk_scope()) and ("accounts"."org_path" <> gk_scope() or "accounts"."role"::text in ('proctor', 'bank_manager', 'centre_manager', 'panel_expert'))));--> statement-breakpoint
ALTER POLICY "accounts_update" ON "accounts" TO gk_app USING ((starts_with("accounts"."org_path", gk_scope()) and ("accounts"."org_path" <> gk_scope() or "accounts"."role"::text in ('proctor', 'bank_manager', 'centre_manager', 'panel_expert')))) WITH CHECK ((starts_with("accounts"."org_path", gk_scope()) and ("accounts"."org_path" <> gk_scope() or "accounts"."role"::text in ('proctor', 'bank_manager', 'centre_manager', 'panel_expert'))));--> statement-breakpoint
ALTER POLICY "sessions_managed_select" ON "sessions" TO gk_app USING (exists (select 1 from accounts a where a.id = "sessions"."account_id" and (starts_with(a.org_path, gk_scope()) and (a.org_path <> gk_scope() or a.role::text in ('proctor', 'bank_manager', 'centre_manager', 'panel_expert')))));--> statement-breakpoint
ALTER POLICY "sessions_end_managed" ON "sessions" TO gk_app USING (exists (select 1 from accounts a where a.id = "sessions"."account_id" and (starts_with(a.org_path, gk_scope()) and (a.org_path <> gk_scope() or a.role::text in ('proctor', 'bank_manager', 'centre_manager', 'panel_expert')))));--> statement-breakpoint
-- hand-written:
-- Members leave panels, candidates are unassigned, and a reopened panel's results are deleted (policies above); the
-- default privileges of migration 0000 give gk_app SELECT, INSERT, UPDATE only. Nothing else is ever deleted.
GRANT DELETE ON "panel_members", "panel_candidates", "panel_results" TO gk_app;--> statement-breakpoint
-- A closed campaign's panel review is read-only like the rest of its data (0028's guard).
SELECT gk_install_campaign_guard(t, 'campaign') FROM unnest(ARRAY[
  'panel_settings', 'panels', 'panel_members', 'panel_candidates', 'panel_sheets', 'panel_results'
]) AS t;
