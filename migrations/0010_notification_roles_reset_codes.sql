ALTER TABLE "accounts" ADD COLUMN "reset_code_hash" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "reset_code_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "reset_code_issued_by" integer;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "recipient_roles" "account_role"[];--> statement-breakpoint
-- Every notification to an org node so far announced review work: the roles holding review.act may act on it.
UPDATE "notifications" SET "recipient_roles" = '{province_admin,jurisdiction_admin,department_reviewer,unit_officer}'
  WHERE "recipient_path" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_recipient_roles" CHECK ("notifications"."recipient_path" is null or cardinality("notifications"."recipient_roles") > 0);--> statement-breakpoint
ALTER POLICY "notifications_select" ON "notifications" TO gk_app USING ((("notifications"."recipient_path" = gk_scope() and gk_role() = any("notifications"."recipient_roles"::text[])) or "notifications"."recipient_account_id" = gk_account_id()));--> statement-breakpoint
ALTER POLICY "notifications_update" ON "notifications" TO gk_app USING ((("notifications"."recipient_path" = gk_scope() and gk_role() = any("notifications"."recipient_roles"::text[])) or "notifications"."recipient_account_id" = gk_account_id())) WITH CHECK ((("notifications"."recipient_path" = gk_scope() and gk_role() = any("notifications"."recipient_roles"::text[])) or "notifications"."recipient_account_id" = gk_account_id()));