-- Result tracks (结果批次): score_states and publicity_lists per (campaign, track), 'regular' (五级至二级) and 'grade1'
-- (一级). Existing rows become 'regular'. drizzle-kit cannot name the old primary keys: they are PostgreSQL's
-- default <table>_pkey (0027, 0031), dropped here by hand before the new keys are added.
ALTER TABLE "publicity_lists" ADD COLUMN "track" text DEFAULT 'regular' NOT NULL;--> statement-breakpoint
ALTER TABLE "score_states" ADD COLUMN "track" text DEFAULT 'regular' NOT NULL;--> statement-breakpoint
ALTER TABLE "publicity_lists" DROP CONSTRAINT "publicity_lists_pkey";--> statement-breakpoint
ALTER TABLE "score_states" DROP CONSTRAINT "score_states_pkey";--> statement-breakpoint
ALTER TABLE "publicity_lists" ADD CONSTRAINT "publicity_lists_campaign_id_track_pk" PRIMARY KEY("campaign_id","track");--> statement-breakpoint
ALTER TABLE "score_states" ADD CONSTRAINT "score_states_campaign_id_track_pk" PRIMARY KEY("campaign_id","track");--> statement-breakpoint
ALTER TABLE "publicity_lists" ADD CONSTRAINT "publicity_lists_track" CHECK ("publicity_lists"."track" in ('regular', 'grade1'));--> statement-breakpoint
ALTER TABLE "score_states" ADD CONSTRAINT "score_states_track" CHECK ("score_states"."track" in ('regular', 'grade1'));
