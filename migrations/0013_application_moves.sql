CREATE TABLE "application_moves" (
	"role" "account_role" NOT NULL,
	"online" boolean NOT NULL,
	"from_status" text NOT NULL,
	"from_returned_to" text NOT NULL,
	"from_department_batch" boolean NOT NULL,
	"from_jurisdiction_batch" boolean NOT NULL,
	"to_status" text NOT NULL,
	"to_returned_to" text NOT NULL,
	"to_department_batch" boolean NOT NULL,
	"to_jurisdiction_batch" boolean NOT NULL,
	CONSTRAINT "application_moves_pkey" PRIMARY KEY("role","online","from_status","from_returned_to","from_department_batch","from_jurisdiction_batch","to_status","to_returned_to","to_department_batch","to_jurisdiction_batch")
);
--> statement-breakpoint
ALTER POLICY "application_reviews_insert" ON "application_reviews" TO gk_app WITH CHECK (starts_with("application_reviews"."org_path", gk_scope()) and "application_reviews"."reviewer_account_id" = gk_account_id() and "application_reviews"."level"::text = (case gk_role() when 'unit_officer' then 'unit' when 'department_reviewer' then 'department' when 'jurisdiction_admin' then 'jurisdiction' when 'province_admin' then 'province' end));--> statement-breakpoint
ALTER POLICY "notifications_insert" ON "notifications" TO gk_app WITH CHECK (("notifications"."recipient_path" is not null and (starts_with("notifications"."recipient_path", gk_scope()) or starts_with(gk_scope(), "notifications"."recipient_path"))) or ("notifications"."recipient_account_id" is not null and exists (select 1 from applications a where a.applicant_account_id = "notifications"."recipient_account_id")));--> statement-breakpoint
ALTER POLICY "review_batches_insert" ON "review_batches" TO gk_app WITH CHECK ("review_batches"."from_path" = gk_scope() and "review_batches"."submitted_by" = gk_account_id());