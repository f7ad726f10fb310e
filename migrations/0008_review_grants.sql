-- Review decisions are append-only history: gk_app may read and add them, never change them (the default
-- privileges of migration 0000 granted UPDATE).
REVOKE UPDATE ON application_reviews FROM gk_app;
