CREATE TABLE "certificate_serials" (
	"year" smallint NOT NULL,
	"region_code" text NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "certificate_serials_year_region_code_pk" PRIMARY KEY("year","region_code"),
	CONSTRAINT "certificate_serials_last" CHECK ("certificate_serials"."last" between 0 and 99999)
);
--> statement-breakpoint
ALTER TABLE "certificate_serials" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "certificates" (
	"id" serial PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"campaign_id" integer NOT NULL,
	"application_id" integer NOT NULL,
	"year" smallint NOT NULL,
	"region_code" text NOT NULL,
	"serial" integer NOT NULL,
	"holder_name" text NOT NULL,
	"id_number" text NOT NULL,
	"job_type_id" integer NOT NULL,
	"job_type_name" text NOT NULL,
	"grade" smallint NOT NULL,
	"issued_on" date NOT NULL,
	"issuer" text NOT NULL,
	"qr" text NOT NULL,
	"status" text NOT NULL,
	"revoke_reason" text,
	"revoked_at" timestamp with time zone,
	"revoked_by" integer,
	"replaces_id" integer,
	"org_path" text NOT NULL,
	"jurisdiction_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"issued_by" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "certificates_status" CHECK ("certificates"."status" in ('valid', 'revoked')),
	CONSTRAINT "certificates_number_shape" CHECK ("certificates"."number" ~ '^[0-9]{16}$'),
	CONSTRAINT "certificates_revoked" CHECK (("certificates"."status" = 'revoked') = ("certificates"."revoked_at" is not null and "certificates"."revoke_reason" is not null))
);
--> statement-breakpoint
ALTER TABLE "certificates" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_replaces_id_certificates_id_fk" FOREIGN KEY ("replaces_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_number_key" ON "certificates" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_serial_key" ON "certificates" USING btree ("year","region_code","serial");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_application_valid_key" ON "certificates" USING btree ("application_id") WHERE "certificates"."status" = 'valid';--> statement-breakpoint
CREATE INDEX "certificates_campaign_path_idx" ON "certificates" USING btree ("campaign_id","org_path");--> statement-breakpoint
CREATE POLICY "certificate_serials_select" ON "certificate_serials" AS PERMISSIVE FOR SELECT TO "gk_app" USING (true);--> statement-breakpoint
CREATE POLICY "certificate_serials_insert" ON "certificate_serials" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "certificate_serials_update" ON "certificate_serials" AS PERMISSIVE FOR UPDATE TO "gk_app" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "certificates_select" ON "certificates" AS PERMISSIVE FOR SELECT TO "gk_app" USING (starts_with("certificates"."org_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "certificates_insert" ON "certificates" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (starts_with("certificates"."org_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "certificates_update" ON "certificates" AS PERMISSIVE FOR UPDATE TO "gk_app" USING (starts_with("certificates"."org_path", gk_scope())) WITH CHECK (starts_with("certificates"."org_path", gk_scope()));--> statement-breakpoint
-- hand-written:
-- A certificate is never deleted (revoked instead); the serial counters are only ever counted up.
REVOKE DELETE ON "certificates" FROM gk_app;--> statement-breakpoint
REVOKE DELETE ON "certificate_serials" FROM gk_app;
