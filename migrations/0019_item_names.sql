ALTER TABLE "bank_item_versions" ADD COLUMN "author_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "bank_item_versions" ADD COLUMN "approver_name" text;