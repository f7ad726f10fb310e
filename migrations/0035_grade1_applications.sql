ALTER TYPE "public"."application_file_kind" ADD VALUE 'appraisal_form';--> statement-breakpoint
ALTER TYPE "public"."application_file_kind" ADD VALUE 'award_certificate';--> statement-breakpoint
ALTER TYPE "public"."campaign_phase" ADD VALUE 'grade1_registration';--> statement-breakpoint
ALTER TYPE "public"."campaign_phase" ADD VALUE 'grade1_review';--> statement-breakpoint
ALTER TABLE "application_files" ADD COLUMN "appraisal_year" integer;--> statement-breakpoint
ALTER TABLE "application_files" ADD COLUMN "description" text;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "waiver_award_kind" text;--> statement-breakpoint
ALTER TABLE "application_files" ADD CONSTRAINT "application_files_appraisal_year" CHECK (("application_files"."kind"::text = 'appraisal_form') = ("application_files"."appraisal_year" is not null));--> statement-breakpoint
ALTER TABLE "application_files" ADD CONSTRAINT "application_files_description" CHECK ("application_files"."kind"::text <> 'award_certificate' or "application_files"."description" is not null);--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_waiver_award_kind" CHECK ("applications"."waiver_award_kind" is null or ("applications"."waiver_award" and "applications"."waiver_award_kind" in ('city_commendation', 'may_day_medal', 'city_technical_expert', 'city_contest_prize', 'patents')));