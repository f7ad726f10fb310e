ALTER TYPE "public"."campaign_phase" ADD VALUE 'ticket_printing';--> statement-breakpoint
CREATE TABLE "exam_room_numbers" (
	"campaign_id" integer NOT NULL,
	"session_id" integer NOT NULL,
	"room_id" integer NOT NULL,
	"centre_id" integer NOT NULL,
	"number" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "exam_room_numbers_session_id_room_id_pk" PRIMARY KEY("session_id","room_id"),
	CONSTRAINT "exam_room_numbers_format" CHECK ("exam_room_numbers"."number" ~ '^[0-9]{2}$')
);
--> statement-breakpoint
ALTER TABLE "exam_room_numbers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "seat_assignments" (
	"application_id" integer PRIMARY KEY NOT NULL,
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
	"source" text NOT NULL,
	"notified_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "seat_assignments_seat_range" CHECK ("seat_assignments"."seat" between 1 and 999),
	CONSTRAINT "seat_assignments_ticket_format" CHECK ("seat_assignments"."ticket_number" ~ '^[0-9]{17}[0-9X]$'),
	CONSTRAINT "seat_assignments_source" CHECK ("seat_assignments"."source" in ('auto', 'manual'))
);
--> statement-breakpoint
ALTER TABLE "seat_assignments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "seating_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"options" jsonb NOT NULL,
	"counts" jsonb NOT NULL,
	"report" jsonb NOT NULL,
	"started_by" integer,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "seating_runs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "exam_room_numbers" ADD CONSTRAINT "exam_room_numbers_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_room_numbers" ADD CONSTRAINT "exam_room_numbers_session_id_exam_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."exam_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_room_numbers" ADD CONSTRAINT "exam_room_numbers_room_id_exam_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."exam_rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_room_numbers" ADD CONSTRAINT "exam_room_numbers_centre_id_test_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."test_centres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seat_assignments" ADD CONSTRAINT "seat_assignments_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seat_assignments" ADD CONSTRAINT "seat_assignments_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seat_assignments" ADD CONSTRAINT "seat_assignments_session_id_exam_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."exam_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seat_assignments" ADD CONSTRAINT "seat_assignments_room_id_exam_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."exam_rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seat_assignments" ADD CONSTRAINT "seat_assignments_centre_id_test_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."test_centres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seating_runs" ADD CONSTRAINT "seating_runs_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "exam_room_numbers_centre_number_key" ON "exam_room_numbers" USING btree ("campaign_id","centre_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "seat_assignments_seat_key" ON "seat_assignments" USING btree ("session_id","room_id","seat");--> statement-breakpoint
CREATE UNIQUE INDEX "seat_assignments_ticket_key" ON "seat_assignments" USING btree ("ticket_number");--> statement-breakpoint
CREATE INDEX "seat_assignments_campaign_idx" ON "seat_assignments" USING btree ("campaign_id","session_id","room_id");--> statement-breakpoint
CREATE INDEX "seat_assignments_org_path_idx" ON "seat_assignments" USING btree ("org_path");--> statement-breakpoint
CREATE INDEX "seat_assignments_centre_path_idx" ON "seat_assignments" USING btree ("centre_path");--> statement-breakpoint
CREATE INDEX "seating_runs_campaign_idx" ON "seating_runs" USING btree ("campaign_id","id");--> statement-breakpoint
CREATE POLICY "exam_room_numbers_select" ON "exam_room_numbers" AS PERMISSIVE FOR SELECT TO "gk_app" USING (true);--> statement-breakpoint
CREATE POLICY "exam_room_numbers_insert" ON "exam_room_numbers" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "exam_room_numbers_update" ON "exam_room_numbers" AS PERMISSIVE FOR UPDATE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope())) WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "exam_room_numbers_delete" ON "exam_room_numbers" AS PERMISSIVE FOR DELETE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "seat_assignments_select" ON "seat_assignments" AS PERMISSIVE FOR SELECT TO "gk_app" USING ((starts_with("seat_assignments"."org_path", gk_scope()) or "seat_assignments"."applicant_account_id" = gk_account_id() or starts_with("seat_assignments"."centre_path", gk_scope()) or "seat_assignments"."centre_id" = gk_centre_id()));--> statement-breakpoint
CREATE POLICY "seat_assignments_insert" ON "seat_assignments" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (starts_with("seat_assignments"."centre_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "seat_assignments_update" ON "seat_assignments" AS PERMISSIVE FOR UPDATE TO "gk_app" USING (starts_with("seat_assignments"."centre_path", gk_scope())) WITH CHECK (starts_with("seat_assignments"."centre_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "seat_assignments_delete" ON "seat_assignments" AS PERMISSIVE FOR DELETE TO "gk_app" USING (starts_with("seat_assignments"."centre_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "seating_runs_select" ON "seating_runs" AS PERMISSIVE FOR SELECT TO "gk_app" USING (true);--> statement-breakpoint
CREATE POLICY "seating_runs_insert" ON "seating_runs" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "seating_runs_update" ON "seating_runs" AS PERMISSIVE FOR UPDATE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope())) WITH CHECK (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
CREATE POLICY "seating_runs_delete" ON "seating_runs" AS PERMISSIVE FOR DELETE TO "gk_app" USING (exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope()));--> statement-breakpoint
-- Hand-written: seats are deleted when a candidate loses the condition for one or a move frees a room; 考场号 of a
-- session with no seats left go with it.
GRANT DELETE ON "seat_assignments", "exam_room_numbers" TO gk_app;
