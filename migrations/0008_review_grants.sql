-- Review decisions and batch memberships are append-only history: gk_app may read and add them, never change
-- them (the default privileges of migration 0000 granted UPDATE).
REVOKE UPDATE ON application_reviews FROM gk_app;
--> statement-breakpoint
REVOKE UPDATE ON review_batch_applications FROM gk_app;
