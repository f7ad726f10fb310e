CREATE TYPE "public"."item_status" AS ENUM('draft', 'approved', 'retired');--> statement-breakpoint
CREATE TYPE "public"."item_subject" AS ENUM('skill', 'ethics', 'ability');--> statement-breakpoint
CREATE TYPE "public"."item_type" AS ENUM('single', 'multiple', 'true_false');--> statement-breakpoint
ALTER TYPE "public"."account_role" ADD VALUE 'bank_manager';--> statement-breakpoint
CREATE TABLE "bank_item_versions" (
	"item_id" integer NOT NULL,
	"version" integer NOT NULL,
	"status" "item_status" NOT NULL,
	"type" "item_type" NOT NULL,
	"knowledge_point" text NOT NULL,
	"difficulty" smallint NOT NULL,
	"content" "bytea" NOT NULL,
	"author_id" integer NOT NULL,
	"approver_id" integer,
	"approved_at" timestamp with time zone,
	"retired_at" timestamp with time zone,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "bank_item_versions_item_id_version_pk" PRIMARY KEY("item_id","version"),
	CONSTRAINT "bank_item_versions_difficulty" CHECK ("bank_item_versions"."difficulty" between 1 and 5),
	CONSTRAINT "bank_item_versions_four_eyes" CHECK ("bank_item_versions"."approver_id" is null or "bank_item_versions"."approver_id" <> "bank_item_versions"."author_id")
);
--> statement-breakpoint
ALTER TABLE "bank_item_versions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "bank_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"bank_id" integer NOT NULL,
	"current_version" integer NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bank_items" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "question_banks" (
	"id" serial PRIMARY KEY NOT NULL,
	"subject" "item_subject" NOT NULL,
	"name" text NOT NULL,
	"job_type_id" integer,
	"grade" smallint,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "question_banks_scope" CHECK (("question_banks"."subject" = 'skill') = ("question_banks"."job_type_id" is not null) and ("question_banks"."subject" <> 'skill' or "question_banks"."grade" is not null)),
	CONSTRAINT "question_banks_grade" CHECK ("question_banks"."grade" is null or "question_banks"."grade" between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "question_banks" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "bank_item_versions" ADD CONSTRAINT "bank_item_versions_item_id_bank_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."bank_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_items" ADD CONSTRAINT "bank_items_bank_id_question_banks_id_fk" FOREIGN KEY ("bank_id") REFERENCES "public"."question_banks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_banks" ADD CONSTRAINT "question_banks_job_type_id_job_types_id_fk" FOREIGN KEY ("job_type_id") REFERENCES "public"."job_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bank_item_versions_pool_idx" ON "bank_item_versions" USING btree ("status","type","knowledge_point","difficulty");--> statement-breakpoint
CREATE INDEX "bank_items_bank_idx" ON "bank_items" USING btree ("bank_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "question_banks_scope_key" ON "question_banks" USING btree ("subject",coalesce("job_type_id", 0),coalesce("grade", 0));--> statement-breakpoint
CREATE UNIQUE INDEX "question_banks_name_key" ON "question_banks" USING btree ("name");--> statement-breakpoint
CREATE POLICY "bank_item_versions_bank" ON "bank_item_versions" AS PERMISSIVE FOR ALL TO "gk_bank" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "bank_items_bank" ON "bank_items" AS PERMISSIVE FOR ALL TO "gk_bank" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "question_banks_bank" ON "question_banks" AS PERMISSIVE FOR ALL TO "gk_bank" USING (true) WITH CHECK (true);--> statement-breakpoint
ALTER POLICY "accounts_insert" ON "accounts" TO gk_app WITH CHECK ((starts_with("accounts"."org_path", gk_scope()) and ("accounts"."org_path" <> gk_scope() or "accounts"."role"::text in ('proctor', 'bank_manager'))));--> statement-breakpoint
ALTER POLICY "accounts_update" ON "accounts" TO gk_app USING ((starts_with("accounts"."org_path", gk_scope()) and ("accounts"."org_path" <> gk_scope() or "accounts"."role"::text in ('proctor', 'bank_manager')))) WITH CHECK ((starts_with("accounts"."org_path", gk_scope()) and ("accounts"."org_path" <> gk_scope() or "accounts"."role"::text in ('proctor', 'bank_manager'))));--> statement-breakpoint
ALTER POLICY "sessions_managed_select" ON "sessions" TO gk_app USING (exists (select 1 from accounts a where a.id = "sessions"."account_id" and (starts_with(a.org_path, gk_scope()) and (a.org_path <> gk_scope() or a.role::text in ('proctor', 'bank_manager')))));--> statement-breakpoint
ALTER POLICY "sessions_end_managed" ON "sessions" TO gk_app USING (exists (select 1 from accounts a where a.id = "sessions"."account_id" and (starts_with(a.org_path, gk_scope()) and (a.org_path <> gk_scope() or a.role::text in ('proctor', 'bank_manager')))));--> statement-breakpoint
-- Written by hand: the bank tables admit gk_bank alone. gk_app got its default grants when they were created
-- (migration 0000's default privileges); take them back, so every other role is refused by the database itself.
REVOKE ALL ON "question_banks", "bank_items", "bank_item_versions" FROM gk_app;--> statement-breakpoint
REVOKE ALL ON SEQUENCE "question_banks_id_seq", "bank_items_id_seq" FROM gk_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "question_banks", "bank_items", "bank_item_versions" TO gk_bank;--> statement-breakpoint
GRANT USAGE, SELECT ON SEQUENCE "question_banks_id_seq", "bank_items_id_seq" TO gk_bank;
