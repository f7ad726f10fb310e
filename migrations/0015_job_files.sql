CREATE TABLE "background_job_files" (
	"job_id" text PRIMARY KEY NOT NULL,
	"account_id" integer NOT NULL,
	"file_name" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "background_job_files" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "background_job_files" ADD CONSTRAINT "background_job_files_job_id_background_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."background_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "background_job_files_account_idx" ON "background_job_files" USING btree ("account_id");--> statement-breakpoint
CREATE POLICY "background_job_files_own" ON "background_job_files" AS PERMISSIVE FOR ALL TO "gk_app" USING ("background_job_files"."account_id" = gk_account_id()) WITH CHECK ("background_job_files"."account_id" = gk_account_id());