CREATE TABLE "audit_pending" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"txid" bigint DEFAULT (pg_current_xact_id()::text)::bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"actor_account_id" integer,
	"actor_username" text,
	"actor_role" text,
	"org_node_id" integer,
	"org_path" text,
	"ip" text,
	"user_agent" text,
	"request_id" text,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"action" text NOT NULL,
	"summary" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"content_hash" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_pending" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "hash_scheme" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE INDEX "audit_pending_txid_idx" ON "audit_pending" USING btree ("txid","seq");--> statement-breakpoint
DROP POLICY "audit_log_insert" ON "audit_log" CASCADE;--> statement-breakpoint
CREATE POLICY "audit_pending_insert" ON "audit_pending" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK ("audit_pending"."actor_account_id" = gk_account_id());--> statement-breakpoint
-- The audit chain is linked at COMMIT. A signed-in transaction inserts its audit rows into audit_pending (no lock);
-- this deferred trigger fires while that transaction commits, locks the chain's tip, moves the transaction's rows
-- into audit_log with gapless ids and chained hashes, and moves the tip. The tip's row lock is released by the same
-- COMMIT, so concurrent writers queue only for these few microseconds inside the server — never across a round
-- trip — and the chain is still linked in commit order. SECURITY DEFINER: only this function writes audit_log.
CREATE OR REPLACE FUNCTION gk_audit_link() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
DECLARE
  me bigint := (pg_current_xact_id()::text)::bigint;
  tip_hash text;
  tip_id bigint;
  row_hash text;
  r record;
BEGIN
  -- One firing links all of this transaction's rows; the others (one per row) find nothing left to do.
  IF NOT EXISTS (SELECT 1 FROM audit_pending WHERE txid = me) THEN
    RETURN NULL;
  END IF;
  SELECT last_hash, last_id INTO tip_hash, tip_id FROM audit_head WHERE id = 1 FOR UPDATE;
  FOR r IN SELECT * FROM audit_pending WHERE txid = me ORDER BY seq LOOP
    tip_id := tip_id + 1;
    row_hash := encode(sha256(convert_to(tip_hash || E'\n' || r.content_hash, 'UTF8')), 'hex');
    INSERT INTO audit_log (id, created_at, actor_account_id, actor_username, actor_role, org_node_id, org_path, ip,
      user_agent, request_id, entity_type, entity_id, action, summary, before, after, prev_hash, hash, hash_scheme)
    VALUES (tip_id, r.created_at, r.actor_account_id, r.actor_username, r.actor_role, r.org_node_id, r.org_path,
      r.ip, r.user_agent, r.request_id, r.entity_type, r.entity_id, r.action, r.summary, r.before, r.after, tip_hash,
      row_hash, 2);
    tip_hash := row_hash;
  END LOOP;
  DELETE FROM audit_pending WHERE txid = me;
  UPDATE audit_head SET last_hash = tip_hash, last_id = tip_id WHERE id = 1;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER audit_pending_link AFTER INSERT ON audit_pending
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION gk_audit_link();
--> statement-breakpoint
-- Signed-in requests add audit rows only through audit_pending (insert only, as themselves: the policy); audit_log
-- and its tip are written by the trigger alone.
REVOKE ALL ON audit_pending FROM gk_app;
--> statement-breakpoint
GRANT INSERT ON audit_pending TO gk_app;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE audit_pending_seq_seq TO gk_app;
--> statement-breakpoint
REVOKE INSERT ON audit_log FROM gk_app;
--> statement-breakpoint
REVOKE ALL ON audit_head FROM gk_app;
