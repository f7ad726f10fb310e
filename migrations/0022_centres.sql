CREATE TYPE "public"."seat_check_result" AS ENUM('ok', 'failed');--> statement-breakpoint
ALTER TYPE "public"."account_role" ADD VALUE 'centre_manager';--> statement-breakpoint
CREATE TABLE "exam_rooms" (
	"id" serial PRIMARY KEY NOT NULL,
	"centre_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"seat_rows" smallint NOT NULL,
	"seat_columns" smallint NOT NULL,
	"out_of_use" text[] DEFAULT '{}'::text[] NOT NULL,
	"spare_per_mille" smallint DEFAULT 50 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "exam_rooms_code_format" CHECK ("exam_rooms"."code" ~ '^[0-9]{2}$'),
	CONSTRAINT "exam_rooms_size" CHECK ("exam_rooms"."seat_rows" between 1 and 26 and "exam_rooms"."seat_columns" between 1 and 99),
	CONSTRAINT "exam_rooms_spare" CHECK ("exam_rooms"."spare_per_mille" between 0 and 500)
);
--> statement-breakpoint
ALTER TABLE "exam_rooms" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "seat_checks" (
	"id" serial PRIMARY KEY NOT NULL,
	"room_id" integer NOT NULL,
	"centre_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"seat_label" text NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"result" "seat_check_result" NOT NULL,
	"reasons" text[] DEFAULT '{}'::text[] NOT NULL,
	"browser" text NOT NULL,
	"user_agent" text,
	"screen_width" integer NOT NULL,
	"screen_height" integer NOT NULL,
	"clock_offset_ms" integer NOT NULL,
	"round_trip_ms" integer NOT NULL,
	"checked_by" integer NOT NULL,
	"checked_by_name" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "seat_checks" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "test_centres" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_node_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"name" text NOT NULL,
	"code" text NOT NULL,
	"address" text NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "test_centres_code_format" CHECK ("test_centres"."code" ~ '^[0-9]{2}$')
);
--> statement-breakpoint
ALTER TABLE "test_centres" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "centre_id" integer;--> statement-breakpoint
ALTER TABLE "exam_rooms" ADD CONSTRAINT "exam_rooms_centre_id_test_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."test_centres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seat_checks" ADD CONSTRAINT "seat_checks_room_id_exam_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."exam_rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seat_checks" ADD CONSTRAINT "seat_checks_centre_id_test_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."test_centres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_centres" ADD CONSTRAINT "test_centres_org_node_id_org_nodes_id_fk" FOREIGN KEY ("org_node_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "exam_rooms_code_key" ON "exam_rooms" USING btree ("centre_id","code");--> statement-breakpoint
CREATE INDEX "exam_rooms_org_path_idx" ON "exam_rooms" USING btree ("org_path");--> statement-breakpoint
CREATE INDEX "seat_checks_room_idx" ON "seat_checks" USING btree ("room_id","seat_label","checked_at");--> statement-breakpoint
CREATE UNIQUE INDEX "test_centres_code_key" ON "test_centres" USING btree ("org_node_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "test_centres_name_key" ON "test_centres" USING btree ("org_node_id","name");--> statement-breakpoint
CREATE INDEX "test_centres_org_path_idx" ON "test_centres" USING btree ("org_path");--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_centre_id_test_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."test_centres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_centre_manager_centre" CHECK (("accounts"."role"::text = 'centre_manager') = ("accounts"."centre_id" is not null));--> statement-breakpoint
-- A 考点管理员's test centre: what the centre tables' policies admit them to (they run with no subtree, tx.ts).
-- Read from their own account row, which accounts_select lets every signed-in person see; null for other roles.
CREATE OR REPLACE FUNCTION gk_centre_id() RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT a.centre_id FROM accounts a
  WHERE a.id = gk_account_id() AND a.role::text = 'centre_manager' AND a.active
$$;--> statement-breakpoint
CREATE POLICY "exam_rooms_select" ON "exam_rooms" AS PERMISSIVE FOR SELECT TO "gk_app" USING ((starts_with("exam_rooms"."org_path", gk_scope()) or "exam_rooms"."centre_id" = gk_centre_id()));--> statement-breakpoint
CREATE POLICY "exam_rooms_insert" ON "exam_rooms" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (("exam_rooms"."org_path" = gk_scope() or "exam_rooms"."centre_id" = gk_centre_id()));--> statement-breakpoint
CREATE POLICY "exam_rooms_update" ON "exam_rooms" AS PERMISSIVE FOR UPDATE TO "gk_app" USING (("exam_rooms"."org_path" = gk_scope() or "exam_rooms"."centre_id" = gk_centre_id())) WITH CHECK (("exam_rooms"."org_path" = gk_scope() or "exam_rooms"."centre_id" = gk_centre_id()));--> statement-breakpoint
CREATE POLICY "seat_checks_select" ON "seat_checks" AS PERMISSIVE FOR SELECT TO "gk_app" USING ((starts_with("seat_checks"."org_path", gk_scope()) or "seat_checks"."centre_id" = gk_centre_id()));--> statement-breakpoint
CREATE POLICY "seat_checks_insert" ON "seat_checks" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (("seat_checks"."org_path" = gk_scope() or "seat_checks"."centre_id" = gk_centre_id()) and "seat_checks"."checked_by" = gk_account_id());--> statement-breakpoint
CREATE POLICY "test_centres_select" ON "test_centres" AS PERMISSIVE FOR SELECT TO "gk_app" USING ((starts_with("test_centres"."org_path", gk_scope()) or "test_centres"."id" = gk_centre_id()));--> statement-breakpoint
CREATE POLICY "test_centres_insert" ON "test_centres" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK ("test_centres"."org_path" = gk_scope());--> statement-breakpoint
CREATE POLICY "test_centres_update" ON "test_centres" AS PERMISSIVE FOR UPDATE TO "gk_app" USING ("test_centres"."org_path" = gk_scope()) WITH CHECK ("test_centres"."org_path" = gk_scope());--> statement-breakpoint
ALTER POLICY "accounts_insert" ON "accounts" TO gk_app WITH CHECK ((starts_with("accounts"."org_path", gk_scope()) and ("accounts"."org_path" <> gk_scope() or "accounts"."role"::text in ('proctor', 'bank_manager', 'centre_manager'))));--> statement-breakpoint
ALTER POLICY "accounts_update" ON "accounts" TO gk_app USING ((starts_with("accounts"."org_path", gk_scope()) and ("accounts"."org_path" <> gk_scope() or "accounts"."role"::text in ('proctor', 'bank_manager', 'centre_manager')))) WITH CHECK ((starts_with("accounts"."org_path", gk_scope()) and ("accounts"."org_path" <> gk_scope() or "accounts"."role"::text in ('proctor', 'bank_manager', 'centre_manager'))));--> statement-breakpoint
ALTER POLICY "sessions_managed_select" ON "sessions" TO gk_app USING (exists (select 1 from accounts a where a.id = "sessions"."account_id" and (starts_with(a.org_path, gk_scope()) and (a.org_path <> gk_scope() or a.role::text in ('proctor', 'bank_manager', 'centre_manager')))));--> statement-breakpoint
ALTER POLICY "sessions_end_managed" ON "sessions" TO gk_app USING (exists (select 1 from accounts a where a.id = "sessions"."account_id" and (starts_with(a.org_path, gk_scope()) and (a.org_path <> gk_scope() or a.role::text in ('proctor', 'bank_manager', 'centre_manager')))));