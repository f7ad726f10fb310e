CREATE TYPE "public"."attendance_status" AS ENUM('present', 'absent', 'excused');--> statement-breakpoint
CREATE TABLE "exam_sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"name" text NOT NULL,
	"session_date" date NOT NULL,
	"start_time" text NOT NULL,
	"subjects" jsonb NOT NULL,
	"late_entry_minutes" integer NOT NULL,
	"earliest_hand_in_minutes" integer NOT NULL,
	"capacity_note" text,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "exam_sessions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "training_attendance" (
	"sitting_id" integer NOT NULL,
	"application_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"status" "attendance_status" NOT NULL,
	"recorded_by" integer,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "training_attendance_sitting_id_application_id_pk" PRIMARY KEY("sitting_id","application_id")
);
--> statement-breakpoint
ALTER TABLE "training_attendance" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "training_classes" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"jurisdiction_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"name" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"place" text NOT NULL,
	"teacher" text NOT NULL,
	"job_type_ids" integer[] NOT NULL,
	"grades" integer[] NOT NULL,
	"capacity" integer NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "training_classes_dates" CHECK ("training_classes"."starts_on" <= "training_classes"."ends_on"),
	CONSTRAINT "training_classes_capacity" CHECK ("training_classes"."capacity" > 0)
);
--> statement-breakpoint
ALTER TABLE "training_classes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "training_enrolments" (
	"class_id" integer NOT NULL,
	"campaign_id" integer NOT NULL,
	"application_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "training_enrolments_class_id_application_id_pk" PRIMARY KEY("class_id","application_id")
);
--> statement-breakpoint
ALTER TABLE "training_enrolments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "training_sittings" (
	"id" serial PRIMARY KEY NOT NULL,
	"class_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"sitting_date" date NOT NULL,
	"topic" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "training_sittings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "training_required_for_seating" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "training_required_share" double precision DEFAULT 0.8 NOT NULL;--> statement-breakpoint
ALTER TABLE "exam_sessions" ADD CONSTRAINT "exam_sessions_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_attendance" ADD CONSTRAINT "training_attendance_sitting_id_training_sittings_id_fk" FOREIGN KEY ("sitting_id") REFERENCES "public"."training_sittings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_attendance" ADD CONSTRAINT "training_attendance_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_classes" ADD CONSTRAINT "training_classes_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_classes" ADD CONSTRAINT "training_classes_jurisdiction_id_org_nodes_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_enrolments" ADD CONSTRAINT "training_enrolments_class_id_training_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."training_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_enrolments" ADD CONSTRAINT "training_enrolments_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sittings" ADD CONSTRAINT "training_sittings_class_id_training_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."training_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "exam_sessions_campaign_name_key" ON "exam_sessions" USING btree ("campaign_id","name");--> statement-breakpoint
CREATE INDEX "exam_sessions_campaign_date_idx" ON "exam_sessions" USING btree ("campaign_id","session_date");--> statement-breakpoint
CREATE INDEX "training_attendance_application_idx" ON "training_attendance" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "training_classes_campaign_jurisdiction_name_key" ON "training_classes" USING btree ("campaign_id","jurisdiction_id","name");--> statement-breakpoint
CREATE INDEX "training_classes_campaign_path_idx" ON "training_classes" USING btree ("campaign_id","org_path");--> statement-breakpoint
CREATE UNIQUE INDEX "training_enrolments_campaign_application_key" ON "training_enrolments" USING btree ("campaign_id","application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "training_sittings_class_date_key" ON "training_sittings" USING btree ("class_id","sitting_date");--> statement-breakpoint
CREATE POLICY "exam_sessions_select" ON "exam_sessions" AS PERMISSIVE FOR SELECT TO "gk_app" USING (true);--> statement-breakpoint
CREATE POLICY "exam_sessions_insert" ON "exam_sessions" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "exam_sessions_update" ON "exam_sessions" AS PERMISSIVE FOR UPDATE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope())) WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "exam_sessions_delete" ON "exam_sessions" AS PERMISSIVE FOR DELETE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "training_attendance_select" ON "training_attendance" AS PERMISSIVE FOR SELECT TO "gk_app" USING (starts_with("training_attendance"."org_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "training_attendance_insert" ON "training_attendance" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (starts_with("training_attendance"."org_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "training_attendance_update" ON "training_attendance" AS PERMISSIVE FOR UPDATE TO "gk_app" USING (starts_with("training_attendance"."org_path", gk_scope())) WITH CHECK (starts_with("training_attendance"."org_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "training_attendance_delete" ON "training_attendance" AS PERMISSIVE FOR DELETE TO "gk_app" USING (starts_with("training_attendance"."org_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "training_classes_select" ON "training_classes" AS PERMISSIVE FOR SELECT TO "gk_app" USING (starts_with("training_classes"."org_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "training_classes_insert" ON "training_classes" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (starts_with("training_classes"."org_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "training_classes_update" ON "training_classes" AS PERMISSIVE FOR UPDATE TO "gk_app" USING (starts_with("training_classes"."org_path", gk_scope())) WITH CHECK (starts_with("training_classes"."org_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "training_classes_delete" ON "training_classes" AS PERMISSIVE FOR DELETE TO "gk_app" USING (starts_with("training_classes"."org_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "training_enrolments_select" ON "training_enrolments" AS PERMISSIVE FOR SELECT TO "gk_app" USING (starts_with("training_enrolments"."org_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "training_enrolments_insert" ON "training_enrolments" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (starts_with("training_enrolments"."org_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "training_enrolments_update" ON "training_enrolments" AS PERMISSIVE FOR UPDATE TO "gk_app" USING (starts_with("training_enrolments"."org_path", gk_scope())) WITH CHECK (starts_with("training_enrolments"."org_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "training_enrolments_delete" ON "training_enrolments" AS PERMISSIVE FOR DELETE TO "gk_app" USING (starts_with("training_enrolments"."org_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "training_sittings_select" ON "training_sittings" AS PERMISSIVE FOR SELECT TO "gk_app" USING (starts_with("training_sittings"."org_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "training_sittings_insert" ON "training_sittings" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (starts_with("training_sittings"."org_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "training_sittings_update" ON "training_sittings" AS PERMISSIVE FOR UPDATE TO "gk_app" USING (starts_with("training_sittings"."org_path", gk_scope())) WITH CHECK (starts_with("training_sittings"."org_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "training_sittings_delete" ON "training_sittings" AS PERMISSIVE FOR DELETE TO "gk_app" USING (starts_with("training_sittings"."org_path", gk_scope()));--> statement-breakpoint
-- Written by hand: default privileges give gk_app SELECT, INSERT and UPDATE; the province deletes a session nothing
-- points at, and a jurisdiction removes candidates from a roster, sittings with their attendance and empty classes
-- (each under its row-level policy).
GRANT DELETE ON "exam_sessions", "training_classes", "training_enrolments", "training_sittings", "training_attendance" TO gk_app;
--> statement-breakpoint
-- The province plans sessions but reaches no blueprint (the exam-content tables admit gk_bank alone). A session's
-- default subject durations come from the published blueprints: this gives each subject's longest published
-- duration for the campaign and nothing else.
CREATE OR REPLACE FUNCTION gk_published_durations(p_campaign integer)
RETURNS TABLE (subject text, duration_minutes integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT b.subject::text, max((b.definition->>'durationMinutes')::integer) FROM blueprints b
  WHERE b.campaign_id = p_campaign AND b.status = 'published' AND b.definition ? 'durationMinutes'
  GROUP BY b.subject
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION gk_published_durations(integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION gk_published_durations(integer) TO gk_app;
