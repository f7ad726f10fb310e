CREATE TYPE "public"."blueprint_status" AS ENUM('draft', 'published');--> statement-breakpoint
CREATE TABLE "bank_images" (
	"id" text PRIMARY KEY NOT NULL,
	"sha256" text NOT NULL,
	"mime_type" text NOT NULL,
	"byte_size" integer NOT NULL,
	"width" integer,
	"height" integer,
	"content" "bytea" NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bank_images" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "blueprints" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"subject" "item_subject" NOT NULL,
	"job_type_id" integer,
	"grade" smallint,
	"status" "blueprint_status" DEFAULT 'draft' NOT NULL,
	"definition" jsonb NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" integer,
	"published_by_name" text,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "blueprints_scope" CHECK (("blueprints"."subject" = 'skill') = ("blueprints"."job_type_id" is not null) and ("blueprints"."subject" = 'skill') = ("blueprints"."grade" is not null)),
	CONSTRAINT "blueprints_grade" CHECK ("blueprints"."grade" is null or "blueprints"."grade" between 2 and 5)
);
--> statement-breakpoint
ALTER TABLE "blueprints" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "paper_pools" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"blueprint_id" integer NOT NULL,
	"blueprint_revision" integer NOT NULL,
	"grade" smallint NOT NULL,
	"algorithm_version" smallint NOT NULL,
	"blueprint" jsonb NOT NULL,
	"items" jsonb NOT NULL,
	"item_count" integer NOT NULL,
	"digest" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "paper_pools" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "papers" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"application_id" integer NOT NULL,
	"subject" "item_subject" NOT NULL,
	"sitting" smallint DEFAULT 1 NOT NULL,
	"pool_id" integer NOT NULL,
	"seed" bigint NOT NULL,
	"algorithm_version" smallint NOT NULL,
	"attempt" smallint NOT NULL,
	"item_count" smallint NOT NULL,
	"mean_difficulty" double precision NOT NULL,
	"content" "bytea" NOT NULL,
	"job_id" text,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "papers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "bank_item_versions" ADD COLUMN "option_count" smallint;--> statement-breakpoint
ALTER TABLE "blueprints" ADD CONSTRAINT "blueprints_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blueprints" ADD CONSTRAINT "blueprints_job_type_id_job_types_id_fk" FOREIGN KEY ("job_type_id") REFERENCES "public"."job_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_pools" ADD CONSTRAINT "paper_pools_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_pools" ADD CONSTRAINT "paper_pools_blueprint_id_blueprints_id_fk" FOREIGN KEY ("blueprint_id") REFERENCES "public"."blueprints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "papers" ADD CONSTRAINT "papers_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "papers" ADD CONSTRAINT "papers_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "papers" ADD CONSTRAINT "papers_pool_id_paper_pools_id_fk" FOREIGN KEY ("pool_id") REFERENCES "public"."paper_pools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bank_images_sha256_key" ON "bank_images" USING btree ("sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "blueprints_scope_key" ON "blueprints" USING btree ("campaign_id","subject",coalesce("job_type_id", 0),coalesce("grade", 0));--> statement-breakpoint
CREATE UNIQUE INDEX "paper_pools_digest_key" ON "paper_pools" USING btree ("blueprint_id","digest");--> statement-breakpoint
CREATE UNIQUE INDEX "papers_candidate_key" ON "papers" USING btree ("application_id","subject","sitting");--> statement-breakpoint
CREATE INDEX "papers_campaign_idx" ON "papers" USING btree ("campaign_id","subject");--> statement-breakpoint
CREATE INDEX "papers_pool_idx" ON "papers" USING btree ("pool_id");--> statement-breakpoint
CREATE POLICY "bank_images_bank" ON "bank_images" AS PERMISSIVE FOR ALL TO "gk_bank" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "blueprints_bank" ON "blueprints" AS PERMISSIVE FOR ALL TO "gk_bank" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "paper_pools_bank" ON "paper_pools" AS PERMISSIVE FOR ALL TO "gk_bank" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "papers_bank" ON "papers" AS PERMISSIVE FOR ALL TO "gk_bank" USING (true) WITH CHECK (true);--> statement-breakpoint
-- Written by hand, as in 0017: the exam-content tables admit gk_bank alone.
REVOKE ALL ON "bank_images", "blueprints", "paper_pools", "papers" FROM gk_app;--> statement-breakpoint
REVOKE ALL ON SEQUENCE "blueprints_id_seq", "paper_pools_id_seq", "papers_id_seq" FROM gk_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "bank_images", "blueprints", "paper_pools" TO gk_bank;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "papers" TO gk_bank;--> statement-breakpoint
GRANT USAGE, SELECT ON SEQUENCE "blueprints_id_seq", "paper_pools_id_seq", "papers_id_seq" TO gk_bank;--> statement-breakpoint
-- A bank manager reaches no application (gk_scope() is no subtree for gk_bank), yet blueprints are checked and
-- papers drawn for the campaign's confirmed candidates. This function gives exactly what that needs and nothing
-- personal: each confirmed application's id, job type and grade. Only gk_bank may call it.
CREATE OR REPLACE FUNCTION gk_exam_candidates(p_campaign integer)
RETURNS TABLE (application_id integer, job_type_id integer, grade integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT a.id, a.applied_job_type_id, a.applied_grade FROM applications a
  WHERE a.campaign_id = p_campaign AND a.status = 'province_confirmed' AND a.applied_grade BETWEEN 2 AND 5
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION gk_exam_candidates(integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION gk_exam_candidates(integer) TO gk_bank;--> statement-breakpoint
-- The bank manager's view of one candidate's paper names the candidate: name, unit and the ID number masked as the
-- public sees it. Confirmed applications of the campaign only.
CREATE OR REPLACE FUNCTION gk_exam_candidate(p_campaign integer, p_application integer)
RETURNS TABLE (application_id integer, name text, id_number_masked text, unit_name text, job_type_id integer, grade integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT a.id, a.name, left(a.id_number, 6) || repeat('*', 8) || right(a.id_number, 4), u.name,
         a.applied_job_type_id, a.applied_grade
  FROM applications a JOIN org_nodes u ON u.id = a.unit_id
  WHERE a.campaign_id = p_campaign AND a.id = p_application AND a.status = 'province_confirmed'
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION gk_exam_candidate(integer, integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION gk_exam_candidate(integer, integer) TO gk_bank;
