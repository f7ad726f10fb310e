CREATE TYPE "public"."application_file_kind" AS ENUM('photo', 'grade_certificate', 'graduation_certificate', 'evidence');--> statement-breakpoint
CREATE TYPE "public"."application_source" AS ENUM('unit', 'import', 'online');--> statement-breakpoint
CREATE TYPE "public"."application_status" AS ENUM('draft', 'awaiting_unit', 'submitted', 'unit_approved', 'department_approved', 'jurisdiction_approved', 'province_confirmed', 'returned', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."campaign_phase" AS ENUM('registration', 'jurisdiction_review', 'province_review', 'training', 'exam', 'grade1_evaluation');--> statement-breakpoint
CREATE TYPE "public"."campaign_status" AS ENUM('draft', 'open', 'closed');--> statement-breakpoint
CREATE TABLE "application_files" (
	"id" serial PRIMARY KEY NOT NULL,
	"application_id" integer NOT NULL,
	"kind" "application_file_kind" NOT NULL,
	"file_name" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"width" integer,
	"height" integer,
	"sha256" text NOT NULL,
	"data" "bytea" NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "application_files" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "applications" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"department_id" integer NOT NULL,
	"jurisdiction_id" integer NOT NULL,
	"applicant_account_id" integer,
	"source" "application_source" NOT NULL,
	"status" "application_status" DEFAULT 'draft' NOT NULL,
	"id_number" text NOT NULL,
	"name" text NOT NULL,
	"sex" text NOT NULL,
	"birth_date" date NOT NULL,
	"education" text NOT NULL,
	"work_start_month" text NOT NULL,
	"work_years" integer NOT NULL,
	"regularized_month" text,
	"current_job_type" text,
	"current_grade" integer,
	"current_grade_month" text,
	"current_grade_job_type" text,
	"years_in_current_job_type" integer,
	"applied_job_type_id" integer NOT NULL,
	"applied_grade" integer NOT NULL,
	"retirement_group" text DEFAULT 'worker' NOT NULL,
	"vehicle_reform_transfer" boolean DEFAULT false NOT NULL,
	"exceptional_promotion" boolean DEFAULT false NOT NULL,
	"evidence_note" text,
	"appointed_to_grade2_post" boolean DEFAULT false NOT NULL,
	"appraisals" jsonb,
	"waiver_award" boolean DEFAULT false NOT NULL,
	"phone" text,
	"remarks" text,
	"verdict" text NOT NULL,
	"findings" jsonb NOT NULL,
	"statutory_retirement_date" date,
	"submitted_at" timestamp with time zone,
	"created_by" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "applications" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "background_jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"account_id" integer NOT NULL,
	"org_path" text,
	"status" text NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"result" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "background_jobs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "campaign_jurisdictions" (
	"campaign_id" integer NOT NULL,
	"jurisdiction_id" integer NOT NULL,
	"online_registration" boolean DEFAULT false NOT NULL,
	CONSTRAINT "campaign_jurisdictions_campaign_id_jurisdiction_id_pk" PRIMARY KEY("campaign_id","jurisdiction_id")
);
--> statement-breakpoint
ALTER TABLE "campaign_jurisdictions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "campaign_phases" (
	"campaign_id" integer NOT NULL,
	"phase" "campaign_phase" NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	CONSTRAINT "campaign_phases_campaign_id_phase_pk" PRIMARY KEY("campaign_id","phase"),
	CONSTRAINT "campaign_phases_order" CHECK ("campaign_phases"."starts_on" <= "campaign_phases"."ends_on")
);
--> statement-breakpoint
ALTER TABLE "campaign_phases" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "campaign_window_extensions" (
	"campaign_id" integer NOT NULL,
	"jurisdiction_id" integer NOT NULL,
	"phase" "campaign_phase" NOT NULL,
	"ends_on" date NOT NULL,
	"reason" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "campaign_window_extensions_campaign_id_jurisdiction_id_phase_pk" PRIMARY KEY("campaign_id","jurisdiction_id","phase")
);
--> statement-breakpoint
ALTER TABLE "campaign_window_extensions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"name" text NOT NULL,
	"notice_number" text NOT NULL,
	"notice_date" date NOT NULL,
	"status" "campaign_status" DEFAULT 'draft' NOT NULL,
	"catalog_version_id" integer NOT NULL,
	"eligibility_settings" jsonb NOT NULL,
	"exam_settings" jsonb NOT NULL,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaigns" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "catalog_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"title" text NOT NULL,
	"is_sample" boolean DEFAULT false NOT NULL,
	"job_type_count" integer DEFAULT 0 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalog_versions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "job_types" (
	"id" serial PRIMARY KEY NOT NULL,
	"version_id" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"grades" integer[] NOT NULL,
	"local_exam" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "job_types" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "application_files" ADD CONSTRAINT "application_files_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_unit_id_org_nodes_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_applicant_account_id_accounts_id_fk" FOREIGN KEY ("applicant_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_applied_job_type_id_job_types_id_fk" FOREIGN KEY ("applied_job_type_id") REFERENCES "public"."job_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_jurisdictions" ADD CONSTRAINT "campaign_jurisdictions_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_jurisdictions" ADD CONSTRAINT "campaign_jurisdictions_jurisdiction_id_org_nodes_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_phases" ADD CONSTRAINT "campaign_phases_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_window_extensions" ADD CONSTRAINT "campaign_window_extensions_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_window_extensions" ADD CONSTRAINT "campaign_window_extensions_jurisdiction_id_org_nodes_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_catalog_version_id_catalog_versions_id_fk" FOREIGN KEY ("catalog_version_id") REFERENCES "public"."catalog_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_types" ADD CONSTRAINT "job_types_version_id_catalog_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."catalog_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "application_files_application_idx" ON "application_files" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_campaign_id_number_key" ON "applications" USING btree ("campaign_id","id_number");--> statement-breakpoint
CREATE INDEX "applications_campaign_org_path_idx" ON "applications" USING btree ("campaign_id","org_path");--> statement-breakpoint
CREATE INDEX "applications_campaign_status_idx" ON "applications" USING btree ("campaign_id","status");--> statement-breakpoint
CREATE INDEX "applications_applicant_idx" ON "applications" USING btree ("applicant_account_id");--> statement-breakpoint
CREATE INDEX "background_jobs_account_idx" ON "background_jobs" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "campaigns_year_key" ON "campaigns" USING btree ("year");--> statement-breakpoint
CREATE UNIQUE INDEX "campaigns_one_open_key" ON "campaigns" USING btree ("status") WHERE "campaigns"."status" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_versions_name_key" ON "catalog_versions" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "job_types_version_code_key" ON "job_types" USING btree ("version_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "job_types_version_name_key" ON "job_types" USING btree ("version_id","name");--> statement-breakpoint
CREATE INDEX "job_types_version_category_idx" ON "job_types" USING btree ("version_id","category");--> statement-breakpoint
CREATE POLICY "application_files_select" ON "application_files" AS PERMISSIVE FOR SELECT TO "gk_app" USING (exists (select 1 from applications a where a.id = "application_files"."application_id"));--> statement-breakpoint
CREATE POLICY "application_files_insert" ON "application_files" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (exists (select 1 from applications a where a.id = "application_files"."application_id"));--> statement-breakpoint
CREATE POLICY "application_files_delete" ON "application_files" AS PERMISSIVE FOR DELETE TO "gk_app" USING (exists (select 1 from applications a where a.id = "application_files"."application_id"));--> statement-breakpoint
CREATE POLICY "applications_select" ON "applications" AS PERMISSIVE FOR SELECT TO "gk_app" USING (starts_with("applications"."org_path", gk_scope()) or "applications"."applicant_account_id" = gk_account_id());--> statement-breakpoint
CREATE POLICY "applications_insert" ON "applications" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (starts_with("applications"."org_path", gk_scope()) or "applications"."applicant_account_id" = gk_account_id());--> statement-breakpoint
CREATE POLICY "applications_update" ON "applications" AS PERMISSIVE FOR UPDATE TO "gk_app" USING (starts_with("applications"."org_path", gk_scope()) or "applications"."applicant_account_id" = gk_account_id()) WITH CHECK (starts_with("applications"."org_path", gk_scope()) or "applications"."applicant_account_id" = gk_account_id());--> statement-breakpoint
CREATE POLICY "background_jobs_own" ON "background_jobs" AS PERMISSIVE FOR ALL TO "gk_app" USING ("background_jobs"."account_id" = gk_account_id()) WITH CHECK ("background_jobs"."account_id" = gk_account_id());--> statement-breakpoint
CREATE POLICY "campaign_jurisdictions_select" ON "campaign_jurisdictions" AS PERMISSIVE FOR SELECT TO "gk_app" USING (true);--> statement-breakpoint
CREATE POLICY "campaign_jurisdictions_insert" ON "campaign_jurisdictions" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "campaign_jurisdictions_update" ON "campaign_jurisdictions" AS PERMISSIVE FOR UPDATE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope())) WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "campaign_jurisdictions_delete" ON "campaign_jurisdictions" AS PERMISSIVE FOR DELETE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "campaign_phases_select" ON "campaign_phases" AS PERMISSIVE FOR SELECT TO "gk_app" USING (true);--> statement-breakpoint
CREATE POLICY "campaign_phases_insert" ON "campaign_phases" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "campaign_phases_update" ON "campaign_phases" AS PERMISSIVE FOR UPDATE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope())) WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "campaign_phases_delete" ON "campaign_phases" AS PERMISSIVE FOR DELETE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "campaign_window_extensions_select" ON "campaign_window_extensions" AS PERMISSIVE FOR SELECT TO "gk_app" USING (true);--> statement-breakpoint
CREATE POLICY "campaign_window_extensions_insert" ON "campaign_window_extensions" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "campaign_window_extensions_update" ON "campaign_window_extensions" AS PERMISSIVE FOR UPDATE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope())) WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "campaign_window_extensions_delete" ON "campaign_window_extensions" AS PERMISSIVE FOR DELETE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "campaigns_select" ON "campaigns" AS PERMISSIVE FOR SELECT TO "gk_app" USING (true);--> statement-breakpoint
CREATE POLICY "campaigns_insert" ON "campaigns" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "campaigns_update" ON "campaigns" AS PERMISSIVE FOR UPDATE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope())) WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "campaigns_delete" ON "campaigns" AS PERMISSIVE FOR DELETE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "catalog_versions_select" ON "catalog_versions" AS PERMISSIVE FOR SELECT TO "gk_app" USING (true);--> statement-breakpoint
CREATE POLICY "catalog_versions_insert" ON "catalog_versions" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "catalog_versions_update" ON "catalog_versions" AS PERMISSIVE FOR UPDATE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope())) WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "catalog_versions_delete" ON "catalog_versions" AS PERMISSIVE FOR DELETE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "job_types_select" ON "job_types" AS PERMISSIVE FOR SELECT TO "gk_app" USING (true);--> statement-breakpoint
CREATE POLICY "job_types_insert" ON "job_types" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "job_types_update" ON "job_types" AS PERMISSIVE FOR UPDATE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope())) WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "job_types_delete" ON "job_types" AS PERMISSIVE FOR DELETE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));