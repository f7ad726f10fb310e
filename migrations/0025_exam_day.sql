CREATE TYPE "public"."attempt_status" AS ENUM('waiting', 'admitted', 'finished', 'absent', 'stopped');--> statement-breakpoint
CREATE TYPE "public"."exam_event_kind" AS ENUM('violation', 'incident');--> statement-breakpoint
CREATE TYPE "public"."submit_kind" AS ENUM('candidate', 'deadline', 'proctor', 'stopped');--> statement-breakpoint
CREATE TABLE "attempt_answers" (
	"attempt_subject_id" integer NOT NULL,
	"position" smallint NOT NULL,
	"answer" text NOT NULL,
	"flagged" boolean DEFAULT false NOT NULL,
	"seq" integer NOT NULL,
	"saved_at" timestamp with time zone NOT NULL,
	"source" text DEFAULT 'client' NOT NULL,
	CONSTRAINT "attempt_answers_attempt_subject_id_position_pk" PRIMARY KEY("attempt_subject_id","position"),
	CONSTRAINT "attempt_answers_source" CHECK ("attempt_answers"."source" in ('client', 'recovery')),
	CONSTRAINT "attempt_answers_position" CHECK ("attempt_answers"."position" between 1 and 1000)
);
--> statement-breakpoint
CREATE TABLE "attempt_subjects" (
	"id" serial PRIMARY KEY NOT NULL,
	"attempt_id" integer NOT NULL,
	"subject" "item_subject" NOT NULL,
	"position" smallint NOT NULL,
	"paper_id" integer NOT NULL,
	"item_count" smallint NOT NULL,
	"max_score" double precision NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"submit_kind" "submit_kind",
	"answered_count" smallint DEFAULT 0 NOT NULL,
	"score" double precision,
	"org_path" text NOT NULL,
	"applicant_account_id" integer,
	"centre_path" text NOT NULL,
	"centre_id" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attempt_subjects" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "exam_attempts" (
	"id" serial PRIMARY KEY NOT NULL,
	"application_id" integer NOT NULL,
	"campaign_id" integer NOT NULL,
	"session_id" integer NOT NULL,
	"room_id" integer NOT NULL,
	"centre_id" integer NOT NULL,
	"seat" smallint NOT NULL,
	"seat_label" text NOT NULL,
	"ticket_number" text NOT NULL,
	"org_path" text NOT NULL,
	"applicant_account_id" integer,
	"centre_path" text NOT NULL,
	"status" "attempt_status" DEFAULT 'waiting' NOT NULL,
	"signed_in_at" timestamp with time zone,
	"admitted_at" timestamp with time zone,
	"admitted_by" integer,
	"client_token_hash" text,
	"pending_token_hash" text,
	"pending_since" timestamp with time zone,
	"last_seen_at" timestamp with time zone,
	"unsaved_count" integer DEFAULT 0 NOT NULL,
	"extra_seconds" integer DEFAULT 0 NOT NULL,
	"absent_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "exam_attempts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "exam_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"session_id" integer NOT NULL,
	"room_id" integer NOT NULL,
	"centre_id" integer NOT NULL,
	"centre_path" text NOT NULL,
	"kind" "exam_event_kind" NOT NULL,
	"type" text NOT NULL,
	"tier" smallint,
	"attempt_id" integer,
	"note" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"recorded_by" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "exam_events_tier" CHECK (("exam_events"."kind" = 'violation') = ("exam_events"."tier" is not null))
);
--> statement-breakpoint
ALTER TABLE "exam_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "exam_room_states" (
	"session_id" integer NOT NULL,
	"room_id" integer NOT NULL,
	"centre_id" integer NOT NULL,
	"centre_path" text NOT NULL,
	"paused_at" timestamp with time zone,
	"pause_reason" text,
	"paused_seconds" integer DEFAULT 0 NOT NULL,
	"extra_seconds" integer DEFAULT 0 NOT NULL,
	"stopped_at" timestamp with time zone,
	"stop_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "exam_room_states_session_id_room_id_pk" PRIMARY KEY("session_id","room_id")
);
--> statement-breakpoint
ALTER TABLE "exam_room_states" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "proctor_assignments" (
	"session_id" integer NOT NULL,
	"room_id" integer NOT NULL,
	"account_id" integer NOT NULL,
	"centre_id" integer NOT NULL,
	"centre_path" text NOT NULL,
	"assigned_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "proctor_assignments_session_id_room_id_account_id_pk" PRIMARY KEY("session_id","room_id","account_id")
);
--> statement-breakpoint
ALTER TABLE "proctor_assignments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "attempt_answers" ADD CONSTRAINT "attempt_answers_attempt_subject_id_attempt_subjects_id_fk" FOREIGN KEY ("attempt_subject_id") REFERENCES "public"."attempt_subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempt_subjects" ADD CONSTRAINT "attempt_subjects_attempt_id_exam_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."exam_attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempt_subjects" ADD CONSTRAINT "attempt_subjects_paper_id_papers_id_fk" FOREIGN KEY ("paper_id") REFERENCES "public"."papers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD CONSTRAINT "exam_attempts_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD CONSTRAINT "exam_attempts_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD CONSTRAINT "exam_attempts_session_id_exam_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."exam_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD CONSTRAINT "exam_attempts_room_id_exam_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."exam_rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD CONSTRAINT "exam_attempts_centre_id_test_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."test_centres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_events" ADD CONSTRAINT "exam_events_session_id_exam_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."exam_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_events" ADD CONSTRAINT "exam_events_room_id_exam_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."exam_rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_events" ADD CONSTRAINT "exam_events_centre_id_test_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."test_centres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_events" ADD CONSTRAINT "exam_events_attempt_id_exam_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."exam_attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_room_states" ADD CONSTRAINT "exam_room_states_session_id_exam_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."exam_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_room_states" ADD CONSTRAINT "exam_room_states_room_id_exam_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."exam_rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_room_states" ADD CONSTRAINT "exam_room_states_centre_id_test_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."test_centres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proctor_assignments" ADD CONSTRAINT "proctor_assignments_session_id_exam_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."exam_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proctor_assignments" ADD CONSTRAINT "proctor_assignments_room_id_exam_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."exam_rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proctor_assignments" ADD CONSTRAINT "proctor_assignments_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proctor_assignments" ADD CONSTRAINT "proctor_assignments_centre_id_test_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."test_centres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attempt_subjects_attempt_subject_key" ON "attempt_subjects" USING btree ("attempt_id","subject");--> statement-breakpoint
CREATE UNIQUE INDEX "attempt_subjects_paper_key" ON "attempt_subjects" USING btree ("paper_id");--> statement-breakpoint
CREATE INDEX "attempt_subjects_open_deadline_idx" ON "attempt_subjects" USING btree ("deadline_at") WHERE "attempt_subjects"."submitted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "exam_attempts_application_session_key" ON "exam_attempts" USING btree ("application_id","session_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exam_attempts_client_token_key" ON "exam_attempts" USING btree ("client_token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "exam_attempts_pending_token_key" ON "exam_attempts" USING btree ("pending_token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "exam_attempts_ticket_session_key" ON "exam_attempts" USING btree ("ticket_number","session_id");--> statement-breakpoint
CREATE INDEX "exam_attempts_room_idx" ON "exam_attempts" USING btree ("session_id","room_id");--> statement-breakpoint
CREATE INDEX "exam_attempts_org_path_idx" ON "exam_attempts" USING btree ("org_path");--> statement-breakpoint
CREATE INDEX "exam_attempts_centre_path_idx" ON "exam_attempts" USING btree ("centre_path");--> statement-breakpoint
CREATE INDEX "exam_events_room_idx" ON "exam_events" USING btree ("session_id","room_id");--> statement-breakpoint
CREATE INDEX "proctor_assignments_account_idx" ON "proctor_assignments" USING btree ("account_id","session_id");--> statement-breakpoint
CREATE POLICY "attempt_subjects_select" ON "attempt_subjects" AS PERMISSIVE FOR SELECT TO "gk_app" USING ((starts_with("attempt_subjects"."org_path", gk_scope()) or "attempt_subjects"."applicant_account_id" = gk_account_id() or starts_with("attempt_subjects"."centre_path", gk_scope()) or "attempt_subjects"."centre_id" = gk_centre_id()));--> statement-breakpoint
CREATE POLICY "attempt_subjects_insert" ON "attempt_subjects" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK ((starts_with("attempt_subjects"."centre_path", gk_scope()) or "attempt_subjects"."centre_id" = gk_centre_id()));--> statement-breakpoint
CREATE POLICY "attempt_subjects_update" ON "attempt_subjects" AS PERMISSIVE FOR UPDATE TO "gk_app" USING ((starts_with("attempt_subjects"."centre_path", gk_scope()) or "attempt_subjects"."centre_id" = gk_centre_id())) WITH CHECK ((starts_with("attempt_subjects"."centre_path", gk_scope()) or "attempt_subjects"."centre_id" = gk_centre_id()));--> statement-breakpoint
CREATE POLICY "exam_attempts_select" ON "exam_attempts" AS PERMISSIVE FOR SELECT TO "gk_app" USING ((starts_with("exam_attempts"."org_path", gk_scope()) or "exam_attempts"."applicant_account_id" = gk_account_id() or starts_with("exam_attempts"."centre_path", gk_scope()) or "exam_attempts"."centre_id" = gk_centre_id()));--> statement-breakpoint
CREATE POLICY "exam_attempts_insert" ON "exam_attempts" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK ((starts_with("exam_attempts"."centre_path", gk_scope()) or "exam_attempts"."centre_id" = gk_centre_id()));--> statement-breakpoint
CREATE POLICY "exam_attempts_update" ON "exam_attempts" AS PERMISSIVE FOR UPDATE TO "gk_app" USING ((starts_with("exam_attempts"."centre_path", gk_scope()) or "exam_attempts"."centre_id" = gk_centre_id())) WITH CHECK ((starts_with("exam_attempts"."centre_path", gk_scope()) or "exam_attempts"."centre_id" = gk_centre_id()));--> statement-breakpoint
CREATE POLICY "exam_events_select" ON "exam_events" AS PERMISSIVE FOR SELECT TO "gk_app" USING ((starts_with("exam_events"."centre_path", gk_scope()) or "exam_events"."centre_id" = gk_centre_id()));--> statement-breakpoint
CREATE POLICY "exam_events_insert" ON "exam_events" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK ((starts_with("exam_events"."centre_path", gk_scope()) or "exam_events"."centre_id" = gk_centre_id()));--> statement-breakpoint
CREATE POLICY "exam_events_update" ON "exam_events" AS PERMISSIVE FOR UPDATE TO "gk_app" USING ((starts_with("exam_events"."centre_path", gk_scope()) or "exam_events"."centre_id" = gk_centre_id())) WITH CHECK ((starts_with("exam_events"."centre_path", gk_scope()) or "exam_events"."centre_id" = gk_centre_id()));--> statement-breakpoint
CREATE POLICY "exam_events_delete" ON "exam_events" AS PERMISSIVE FOR DELETE TO "gk_app" USING ((starts_with("exam_events"."centre_path", gk_scope()) or "exam_events"."centre_id" = gk_centre_id()));--> statement-breakpoint
CREATE POLICY "exam_room_states_select" ON "exam_room_states" AS PERMISSIVE FOR SELECT TO "gk_app" USING ((starts_with("exam_room_states"."centre_path", gk_scope()) or "exam_room_states"."centre_id" = gk_centre_id()));--> statement-breakpoint
CREATE POLICY "exam_room_states_insert" ON "exam_room_states" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK ((starts_with("exam_room_states"."centre_path", gk_scope()) or "exam_room_states"."centre_id" = gk_centre_id()));--> statement-breakpoint
CREATE POLICY "exam_room_states_update" ON "exam_room_states" AS PERMISSIVE FOR UPDATE TO "gk_app" USING ((starts_with("exam_room_states"."centre_path", gk_scope()) or "exam_room_states"."centre_id" = gk_centre_id())) WITH CHECK ((starts_with("exam_room_states"."centre_path", gk_scope()) or "exam_room_states"."centre_id" = gk_centre_id()));--> statement-breakpoint
CREATE POLICY "exam_room_states_delete" ON "exam_room_states" AS PERMISSIVE FOR DELETE TO "gk_app" USING ((starts_with("exam_room_states"."centre_path", gk_scope()) or "exam_room_states"."centre_id" = gk_centre_id()));--> statement-breakpoint
CREATE POLICY "proctor_assignments_select" ON "proctor_assignments" AS PERMISSIVE FOR SELECT TO "gk_app" USING ((starts_with("proctor_assignments"."centre_path", gk_scope()) or "proctor_assignments"."centre_id" = gk_centre_id()));--> statement-breakpoint
CREATE POLICY "proctor_assignments_insert" ON "proctor_assignments" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK ((starts_with("proctor_assignments"."centre_path", gk_scope()) or "proctor_assignments"."centre_id" = gk_centre_id()));--> statement-breakpoint
CREATE POLICY "proctor_assignments_update" ON "proctor_assignments" AS PERMISSIVE FOR UPDATE TO "gk_app" USING ((starts_with("proctor_assignments"."centre_path", gk_scope()) or "proctor_assignments"."centre_id" = gk_centre_id())) WITH CHECK ((starts_with("proctor_assignments"."centre_path", gk_scope()) or "proctor_assignments"."centre_id" = gk_centre_id()));--> statement-breakpoint
CREATE POLICY "proctor_assignments_delete" ON "proctor_assignments" AS PERMISSIVE FOR DELETE TO "gk_app" USING ((starts_with("proctor_assignments"."centre_path", gk_scope()) or "proctor_assignments"."centre_id" = gk_centre_id()));--> statement-breakpoint
-- Proctor assignments and events may be removed by the room's officials (policies above decide which rows).
GRANT DELETE ON "exam_room_states", "proctor_assignments", "exam_events" TO gk_app;--> statement-breakpoint
-- Saved answers are reached only by the delivery and proctoring services in system transactions (owner): no
-- official's or applicant's transaction reads them (the exam content stays with the candidate and the scoring).
REVOKE ALL ON "attempt_answers" FROM gk_app;
