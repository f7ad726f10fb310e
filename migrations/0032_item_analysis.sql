CREATE TABLE "item_analysis_runs" (
	"campaign_id" integer NOT NULL,
	"subject" "item_subject" NOT NULL,
	"attempts" integer NOT NULL,
	"items_per_paper" double precision NOT NULL,
	"max_score" double precision NOT NULL,
	"mean" double precision,
	"sd" double precision,
	"kr20" double precision,
	"histogram" jsonb NOT NULL,
	"bounds" jsonb NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"computed_by" integer NOT NULL,
	CONSTRAINT "item_analysis_runs_campaign_id_subject_pk" PRIMARY KEY("campaign_id","subject")
);
--> statement-breakpoint
ALTER TABLE "item_analysis_runs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "item_statistics" (
	"campaign_id" integer NOT NULL,
	"subject" "item_subject" NOT NULL,
	"item_id" integer NOT NULL,
	"version" integer NOT NULL,
	"attempts" integer NOT NULL,
	"correct" integer NOT NULL,
	"p" double precision NOT NULL,
	"discrimination" double precision,
	"option_rates" jsonb NOT NULL,
	"blank_rate" double precision NOT NULL,
	"flags" text[] NOT NULL,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" integer,
	"reviewer_name" text,
	"review_note" text,
	CONSTRAINT "item_statistics_campaign_id_subject_item_id_version_pk" PRIMARY KEY("campaign_id","subject","item_id","version")
);
--> statement-breakpoint
ALTER TABLE "item_statistics" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "item_analysis_runs" ADD CONSTRAINT "item_analysis_runs_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_statistics" ADD CONSTRAINT "item_statistics_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_statistics" ADD CONSTRAINT "item_statistics_item_id_bank_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."bank_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "item_analysis_runs_bank" ON "item_analysis_runs" AS PERMISSIVE FOR ALL TO "gk_bank" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "item_statistics_bank" ON "item_statistics" AS PERMISSIVE FOR ALL TO "gk_bank" USING (true) WITH CHECK (true);--> statement-breakpoint
-- hand-written:
-- Bank-only: which item a candidate had and how it fared tells about the item. gk_app got its default grants when
-- the tables were created (migration 0000's default privileges); take them back, so other roles are refused by the
-- database itself. The analysis job writes in a system transaction; bank managers read and review.
REVOKE ALL ON "item_analysis_runs", "item_statistics" FROM gk_app;--> statement-breakpoint
GRANT SELECT ON "item_analysis_runs" TO gk_bank;--> statement-breakpoint
GRANT SELECT, UPDATE ON "item_statistics" TO gk_bank;
