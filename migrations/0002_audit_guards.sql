-- Only the platform touches sessions and rate-limit counters; requests running as gk_app never see them.
REVOKE ALL ON sessions, rate_limits FROM gk_app;
--> statement-breakpoint
-- The audit trail is append-only: no role may change or remove a row once written, the owner included.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM gk_app;
--> statement-breakpoint
REVOKE INSERT, DELETE, TRUNCATE ON audit_head FROM gk_app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION gk_audit_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_immutable BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION gk_audit_immutable();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION gk_audit_immutable();
--> statement-breakpoint
-- The chain's tip. Its row lock (SELECT ... FOR UPDATE) serialises appenders across app processes.
INSERT INTO audit_head (id, last_id, last_hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
