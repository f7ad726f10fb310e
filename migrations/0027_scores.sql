CREATE TABLE "score_results" (
	"application_id" integer NOT NULL,
	"subject" "item_subject" NOT NULL,
	"campaign_id" integer NOT NULL,
	"status" text NOT NULL,
	"score" double precision,
	"void_tier" smallint,
	"source" text NOT NULL,
	"attempt_subject_id" integer,
	"ticket_number" text,
	"org_path" text NOT NULL,
	"applicant_account_id" integer,
	"jurisdiction_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"job_type_id" integer NOT NULL,
	"grade" smallint NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "score_results_application_id_subject_pk" PRIMARY KEY("application_id","subject"),
	CONSTRAINT "score_results_status" CHECK ("score_results"."status" in ('scored', 'absent', 'voided', 'pending')),
	CONSTRAINT "score_results_source" CHECK ("score_results"."source" in ('exam', 'import')),
	CONSTRAINT "score_results_score" CHECK (("score_results"."status" = 'scored') = ("score_results"."score" is not null) and ("score_results"."score" is null or "score_results"."score" between 0 and 100)),
	CONSTRAINT "score_results_void" CHECK (("score_results"."status" = 'voided') = ("score_results"."void_tier" is not null))
);
--> statement-breakpoint
ALTER TABLE "score_results" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "score_states" (
	"campaign_id" integer PRIMARY KEY NOT NULL,
	"compiled_at" timestamp with time zone,
	"released_at" timestamp with time zone,
	"released_by" integer
);
--> statement-breakpoint
ALTER TABLE "score_states" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "score_results" ADD CONSTRAINT "score_results_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_results" ADD CONSTRAINT "score_results_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_results" ADD CONSTRAINT "score_results_attempt_subject_id_attempt_subjects_id_fk" FOREIGN KEY ("attempt_subject_id") REFERENCES "public"."attempt_subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_states" ADD CONSTRAINT "score_states_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "score_results_campaign_path_idx" ON "score_results" USING btree ("campaign_id","org_path");--> statement-breakpoint
CREATE INDEX "score_results_ticket_idx" ON "score_results" USING btree ("ticket_number");--> statement-breakpoint
CREATE POLICY "score_results_select" ON "score_results" AS PERMISSIVE FOR SELECT TO "gk_app" USING ((starts_with("score_results"."org_path", gk_scope()) or "score_results"."applicant_account_id" = gk_account_id()));--> statement-breakpoint
CREATE POLICY "score_results_insert" ON "score_results" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "score_results_update" ON "score_results" AS PERMISSIVE FOR UPDATE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope())) WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "score_results_delete" ON "score_results" AS PERMISSIVE FOR DELETE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "score_states_select" ON "score_states" AS PERMISSIVE FOR SELECT TO "gk_app" USING (true);--> statement-breakpoint
CREATE POLICY "score_states_insert" ON "score_states" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "score_states_update" ON "score_states" AS PERMISSIVE FOR UPDATE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope())) WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "score_states_delete" ON "score_states" AS PERMISSIVE FOR DELETE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
-- hand-written:
-- Results are written by the province (policies above) and by its compile and re-score in system transactions;
-- nobody deletes a result (default privileges of migration 0000 give gk_app SELECT, INSERT, UPDATE only).
REVOKE DELETE ON "score_results" FROM gk_app;
