CREATE TABLE "publicity_entries" (
	"application_id" integer PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"name" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"org_path" text NOT NULL,
	"jurisdiction_id" integer NOT NULL,
	"jurisdiction_name" text NOT NULL,
	"unit_name" text NOT NULL,
	"job_type_name" text NOT NULL,
	"grade" smallint NOT NULL,
	"struck_at" timestamp with time zone,
	"struck_reason" text
);
--> statement-breakpoint
ALTER TABLE "publicity_entries" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "publicity_lists" (
	"campaign_id" integer PRIMARY KEY NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"working_days" smallint NOT NULL,
	"contact" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_by" integer NOT NULL,
	CONSTRAINT "publicity_lists_period" CHECK ("publicity_lists"."starts_on" <= "publicity_lists"."ends_on")
);
--> statement-breakpoint
ALTER TABLE "publicity_lists" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "publicity_objections" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"application_id" integer NOT NULL,
	"source" text NOT NULL,
	"objector_name" text NOT NULL,
	"objector_contact" text NOT NULL,
	"content" text NOT NULL,
	"status" text NOT NULL,
	"investigation" text,
	"resolution" text,
	"org_path" text NOT NULL,
	"recorded_by" integer,
	"resolved_by" integer,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "publicity_objections_source" CHECK ("publicity_objections"."source" in ('online', 'staff')),
	CONSTRAINT "publicity_objections_status" CHECK ("publicity_objections"."status" in ('pending', 'investigating', 'upheld', 'dismissed')),
	CONSTRAINT "publicity_objections_resolved" CHECK (("publicity_objections"."status" in ('upheld', 'dismissed')) = ("publicity_objections"."resolved_at" is not null and "publicity_objections"."resolution" is not null))
);
--> statement-breakpoint
ALTER TABLE "publicity_objections" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "score_reviews" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"application_id" integer NOT NULL,
	"subject" "item_subject" NOT NULL,
	"reason" text NOT NULL,
	"filed_by_kind" text NOT NULL,
	"filed_by" integer NOT NULL,
	"filed_on" date NOT NULL,
	"status" text NOT NULL,
	"outcome" text,
	"original_score" double precision,
	"rescored_score" double precision,
	"new_score" double precision,
	"rebuild_matches" boolean,
	"rebuild_message" text,
	"note" text,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decided_on" date,
	"org_path" text NOT NULL,
	"applicant_account_id" integer,
	"jurisdiction_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "score_reviews_kind" CHECK ("score_reviews"."filed_by_kind" in ('applicant', 'unit')),
	CONSTRAINT "score_reviews_status" CHECK ("score_reviews"."status" in ('pending', 'decided')),
	CONSTRAINT "score_reviews_decided" CHECK (("score_reviews"."status" = 'decided') = ("score_reviews"."outcome" is not null and "score_reviews"."decided_at" is not null and "score_reviews"."decided_on" is not null)),
	CONSTRAINT "score_reviews_outcome" CHECK ("score_reviews"."outcome" is null or "score_reviews"."outcome" in ('upheld', 'corrected')),
	CONSTRAINT "score_reviews_corrected" CHECK (("score_reviews"."outcome" = 'corrected') = ("score_reviews"."new_score" is not null))
);
--> statement-breakpoint
ALTER TABLE "score_reviews" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "work_calendar_days" (
	"date" date PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "work_calendar_days_kind" CHECK ("work_calendar_days"."kind" in ('holiday', 'workday'))
);
--> statement-breakpoint
ALTER TABLE "work_calendar_days" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "publicity_entries" ADD CONSTRAINT "publicity_entries_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publicity_entries" ADD CONSTRAINT "publicity_entries_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publicity_lists" ADD CONSTRAINT "publicity_lists_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publicity_objections" ADD CONSTRAINT "publicity_objections_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publicity_objections" ADD CONSTRAINT "publicity_objections_application_id_publicity_entries_application_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."publicity_entries"("application_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_reviews" ADD CONSTRAINT "score_reviews_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_reviews" ADD CONSTRAINT "score_reviews_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "publicity_entries_campaign_idx" ON "publicity_entries" USING btree ("campaign_id","org_path");--> statement-breakpoint
CREATE INDEX "publicity_objections_campaign_idx" ON "publicity_objections" USING btree ("campaign_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "score_reviews_subject_key" ON "score_reviews" USING btree ("application_id","subject");--> statement-breakpoint
CREATE INDEX "score_reviews_campaign_idx" ON "score_reviews" USING btree ("campaign_id","org_path");--> statement-breakpoint
CREATE POLICY "publicity_entries_select" ON "publicity_entries" AS PERMISSIVE FOR SELECT TO "gk_app" USING (starts_with("publicity_entries"."org_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "publicity_entries_insert" ON "publicity_entries" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "publicity_entries_update" ON "publicity_entries" AS PERMISSIVE FOR UPDATE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope())) WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "publicity_lists_select" ON "publicity_lists" AS PERMISSIVE FOR SELECT TO "gk_app" USING (true);--> statement-breakpoint
CREATE POLICY "publicity_lists_insert" ON "publicity_lists" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "publicity_lists_update" ON "publicity_lists" AS PERMISSIVE FOR UPDATE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope())) WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "publicity_lists_delete" ON "publicity_lists" AS PERMISSIVE FOR DELETE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "publicity_objections_select" ON "publicity_objections" AS PERMISSIVE FOR SELECT TO "gk_app" USING (starts_with("publicity_objections"."org_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "publicity_objections_insert" ON "publicity_objections" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "publicity_objections_update" ON "publicity_objections" AS PERMISSIVE FOR UPDATE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope())) WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "score_reviews_select" ON "score_reviews" AS PERMISSIVE FOR SELECT TO "gk_app" USING ((starts_with("score_reviews"."org_path", gk_scope()) or "score_reviews"."applicant_account_id" = gk_account_id()));--> statement-breakpoint
CREATE POLICY "score_reviews_insert" ON "score_reviews" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK ((starts_with("score_reviews"."org_path", gk_scope()) or "score_reviews"."applicant_account_id" = gk_account_id()));--> statement-breakpoint
CREATE POLICY "score_reviews_update" ON "score_reviews" AS PERMISSIVE FOR UPDATE TO "gk_app" USING (starts_with("score_reviews"."org_path", gk_scope())) WITH CHECK (starts_with("score_reviews"."org_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "work_calendar_days_select" ON "work_calendar_days" AS PERMISSIVE FOR SELECT TO "gk_app" USING (true);--> statement-breakpoint
CREATE POLICY "work_calendar_days_insert" ON "work_calendar_days" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "work_calendar_days_update" ON "work_calendar_days" AS PERMISSIVE FOR UPDATE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope())) WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "work_calendar_days_delete" ON "work_calendar_days" AS PERMISSIVE FOR DELETE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
-- hand-written:
-- The province removes a date from the working-day calendar (policy above); default privileges of migration 0000
-- give gk_app SELECT, INSERT, UPDATE only. Nobody deletes a publicity entry, an objection or a score review.
GRANT DELETE ON "work_calendar_days" TO gk_app;--> statement-breakpoint
-- A closed campaign's publicity and score reviews are read-only like the rest of its data (0028's guard; the calendar
-- is no campaign's).
SELECT gk_install_campaign_guard(t, 'campaign') FROM unnest(ARRAY[
  'publicity_lists', 'publicity_entries', 'publicity_objections', 'score_reviews'
]) AS t;
