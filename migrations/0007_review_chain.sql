CREATE TYPE "public"."review_action" AS ENUM('approve', 'return', 'reject');--> statement-breakpoint
CREATE TYPE "public"."review_batch_level" AS ENUM('department', 'jurisdiction');--> statement-breakpoint
CREATE TYPE "public"."review_batch_status" AS ENUM('submitted', 'returned');--> statement-breakpoint
CREATE TYPE "public"."review_stage" AS ENUM('applicant', 'unit', 'department', 'jurisdiction', 'province');--> statement-breakpoint
CREATE TABLE "application_reviews" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"application_id" integer NOT NULL,
	"campaign_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"applicant_account_id" integer,
	"level" "review_stage" NOT NULL,
	"action" "review_action" NOT NULL,
	"from_status" "application_status" NOT NULL,
	"to_status" "application_status" NOT NULL,
	"returned_to" "review_stage",
	"reason_code" text,
	"opinion" text NOT NULL,
	"verdict" text NOT NULL,
	"overrule_reason" text,
	"batch_id" integer,
	"reviewer_account_id" integer NOT NULL,
	"reviewer_name" text NOT NULL,
	"org_node_id" integer NOT NULL,
	"org_name" text NOT NULL,
	"seal_name" text NOT NULL,
	"decided_on" date NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "application_reviews" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"recipient_node_id" integer,
	"recipient_path" text,
	"recipient_account_id" integer,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"link" text,
	"application_id" integer,
	"batch_id" integer,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "notifications_recipient" CHECK (("notifications"."recipient_path" is not null) or ("notifications"."recipient_account_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "notifications" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "review_batch_applications" (
	"batch_id" integer NOT NULL,
	"application_id" integer NOT NULL,
	CONSTRAINT "review_batch_applications_batch_id_application_id_pk" PRIMARY KEY("batch_id","application_id")
);
--> statement-breakpoint
ALTER TABLE "review_batch_applications" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "review_batches" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"batch_no" text NOT NULL,
	"level" "review_batch_level" NOT NULL,
	"from_node_id" integer NOT NULL,
	"from_path" text NOT NULL,
	"to_node_id" integer NOT NULL,
	"status" "review_batch_status" DEFAULT 'submitted' NOT NULL,
	"application_count" integer NOT NULL,
	"summary" jsonb NOT NULL,
	"note" text,
	"submitted_by" integer NOT NULL,
	"submitted_by_name" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"return_reason" text,
	"returned_by" integer,
	"returned_by_name" text,
	"returned_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "review_batches" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "returned_to" "review_stage";--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "return_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "reject_reason" text;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "overruled_verdict" text;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "department_batch_id" integer;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "jurisdiction_batch_id" integer;--> statement-breakpoint
ALTER TABLE "application_reviews" ADD CONSTRAINT "application_reviews_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_batch_applications" ADD CONSTRAINT "review_batch_applications_batch_id_review_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."review_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_batch_applications" ADD CONSTRAINT "review_batch_applications_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_batches" ADD CONSTRAINT "review_batches_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_batches" ADD CONSTRAINT "review_batches_from_node_id_org_nodes_id_fk" FOREIGN KEY ("from_node_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_batches" ADD CONSTRAINT "review_batches_to_node_id_org_nodes_id_fk" FOREIGN KEY ("to_node_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "application_reviews_application_idx" ON "application_reviews" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "application_reviews_reasons_idx" ON "application_reviews" USING btree ("campaign_id","action","level","reason_code","org_path","applicant_account_id") WHERE "application_reviews"."action" <> 'approve';--> statement-breakpoint
CREATE INDEX "notifications_path_idx" ON "notifications" USING btree ("recipient_path","created_at");--> statement-breakpoint
CREATE INDEX "notifications_account_idx" ON "notifications" USING btree ("recipient_account_id","created_at");--> statement-breakpoint
CREATE INDEX "review_batch_applications_application_idx" ON "review_batch_applications" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_batches_no_key" ON "review_batches" USING btree ("batch_no");--> statement-breakpoint
CREATE INDEX "review_batches_campaign_idx" ON "review_batches" USING btree ("campaign_id","level","status");--> statement-breakpoint
CREATE INDEX "applications_stats_idx" ON "applications" USING btree ("campaign_id","jurisdiction_id","status","applied_job_type_id","applied_grade","verdict","overruled_verdict","return_count","source","department_id","unit_id","org_path","applicant_account_id");--> statement-breakpoint
CREATE INDEX "applications_department_batch_idx" ON "applications" USING btree ("department_batch_id");--> statement-breakpoint
CREATE INDEX "applications_jurisdiction_batch_idx" ON "applications" USING btree ("jurisdiction_batch_id");--> statement-breakpoint
CREATE POLICY "application_reviews_select" ON "application_reviews" AS PERMISSIVE FOR SELECT TO "gk_app" USING (starts_with("application_reviews"."org_path", gk_scope()) or "application_reviews"."applicant_account_id" = gk_account_id());--> statement-breakpoint
CREATE POLICY "application_reviews_insert" ON "application_reviews" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (starts_with("application_reviews"."org_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "notifications_select" ON "notifications" AS PERMISSIVE FOR SELECT TO "gk_app" USING (("notifications"."recipient_path" = gk_scope() or "notifications"."recipient_account_id" = gk_account_id()));--> statement-breakpoint
CREATE POLICY "notifications_insert" ON "notifications" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "notifications_update" ON "notifications" AS PERMISSIVE FOR UPDATE TO "gk_app" USING (("notifications"."recipient_path" = gk_scope() or "notifications"."recipient_account_id" = gk_account_id())) WITH CHECK (("notifications"."recipient_path" = gk_scope() or "notifications"."recipient_account_id" = gk_account_id()));--> statement-breakpoint
CREATE POLICY "review_batch_applications_select" ON "review_batch_applications" AS PERMISSIVE FOR SELECT TO "gk_app" USING (exists (select 1 from review_batches b where b.id = "review_batch_applications"."batch_id"));--> statement-breakpoint
CREATE POLICY "review_batch_applications_insert" ON "review_batch_applications" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (exists (select 1 from review_batches b where b.id = "review_batch_applications"."batch_id"));--> statement-breakpoint
CREATE POLICY "review_batches_select" ON "review_batches" AS PERMISSIVE FOR SELECT TO "gk_app" USING (starts_with("review_batches"."from_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "review_batches_insert" ON "review_batches" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (starts_with("review_batches"."from_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "review_batches_update" ON "review_batches" AS PERMISSIVE FOR UPDATE TO "gk_app" USING ((starts_with("review_batches"."from_path", gk_scope()) and "review_batches"."from_path" <> gk_scope())) WITH CHECK ((starts_with("review_batches"."from_path", gk_scope()) and "review_batches"."from_path" <> gk_scope()));