CREATE TABLE "application_counts" (
	"campaign_id" integer NOT NULL,
	"depth" smallint NOT NULL,
	"node_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"status" "application_status" NOT NULL,
	"verdict" text NOT NULL,
	"overruled_verdict" text,
	"ever_returned" boolean NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "application_counts_key" UNIQUE NULLS NOT DISTINCT("campaign_id","depth","org_path","status","verdict","overruled_verdict","ever_returned")
);
--> statement-breakpoint
ALTER TABLE "application_counts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "application_type_counts" (
	"campaign_id" integer NOT NULL,
	"depth" smallint NOT NULL,
	"node_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"job_type_id" integer NOT NULL,
	"grade" integer NOT NULL,
	"status" "application_status" NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "application_type_counts_key" UNIQUE("campaign_id","org_path","job_type_id","grade","status")
);
--> statement-breakpoint
ALTER TABLE "application_type_counts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "review_reason_counts" (
	"campaign_id" integer NOT NULL,
	"depth" smallint NOT NULL,
	"node_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"action" "review_action" NOT NULL,
	"level" "review_stage" NOT NULL,
	"reason_code" text,
	"n" integer NOT NULL,
	CONSTRAINT "review_reason_counts_key" UNIQUE NULLS NOT DISTINCT("campaign_id","org_path","action","level","reason_code")
);
--> statement-breakpoint
ALTER TABLE "review_reason_counts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "application_counts_select" ON "application_counts" AS PERMISSIVE FOR SELECT TO "gk_app" USING (starts_with("application_counts"."org_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "application_type_counts_select" ON "application_type_counts" AS PERMISSIVE FOR SELECT TO "gk_app" USING (starts_with("application_type_counts"."org_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "review_reason_counts_select" ON "review_reason_counts" AS PERMISSIVE FOR SELECT TO "gk_app" USING (starts_with("review_reason_counts"."org_path", gk_scope()));--> statement-breakpoint
-- hand-written:
-- The statistics' counters are kept by the database: statement-level triggers on applications and
-- application_reviews turn each statement's old and new rows (transition tables) into deltas per counter row, add
-- them up per group (a statement moving a thousand applications touches each group once) and apply them with
-- INSERT … ON CONFLICT DO UPDATE SET n = n + delta, in the same transaction as the change, so no code path can
-- forget them and a rollback takes them back. The upserts go in key order (ORDER BY the unique key), so two
-- transactions that touch the same counter rows lock them in the same order and wait for each other rather than
-- deadlock; concurrent upserts of one row serialise on its row lock and lose nothing. An UPDATE that changes no
-- counted column adds +1 and −1 to the same group, which cancel (HAVING sum <> 0): nothing is written.
-- That order holds within one statement. A transaction that writes applications in several statements (an import in
-- chunks, bulk decisions over a thousand applications) would take its counter rows in several sorted runs and could
-- deadlock with a single decision; such a writer first takes the advisory lock 'gk.counters' exclusively
-- (holdCountersExclusively in src/server/platform/tx.ts), and every statement here takes it shared: they wait for
-- each other instead.
-- Security definer: gk_app may read the counters (row-level security: its subtree) but not write them.
-- A node's path at a depth of a unit's path '/1/5/23/77/': depth 0 '/1/', 1 '/1/5/', 2 '/1/5/23/', 3 the path.
CREATE FUNCTION gk_node_path(path text, depth integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_to_string((string_to_array(path, '/'))[1:depth + 2], '/') || '/'
$$;
--> statement-breakpoint
CREATE FUNCTION gk_count_applications() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(hashtext('gk.counters'), 0);
  IF TG_OP = 'INSERT' THEN
  WITH d AS (
    SELECT campaign_id, org_path, status, verdict, overruled_verdict, return_count > 0 AS ever_returned,
      applied_job_type_id, applied_grade, 1 AS delta
    FROM gk_new WHERE NOT (source = 'online' AND status = 'draft')
  ), by_node AS (
    INSERT INTO application_counts AS c (campaign_id, depth, node_id, org_path, status, verdict, overruled_verdict,
      ever_returned, n)
    SELECT d.campaign_id, l.depth, split_part(d.org_path, '/', l.depth + 2)::int, gk_node_path(d.org_path, l.depth),
      d.status, d.verdict, d.overruled_verdict, d.ever_returned, sum(d.delta)
    FROM d CROSS JOIN (VALUES (1), (2), (3)) AS l(depth)
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(d.delta) <> 0
    ORDER BY 1, 2, 4, 5, 6, 7, 8
    ON CONFLICT ON CONSTRAINT application_counts_key DO UPDATE SET n = c.n + excluded.n
  )
  INSERT INTO application_type_counts AS c (campaign_id, depth, node_id, org_path, job_type_id, grade, status, n)
  SELECT d.campaign_id, l.depth, split_part(d.org_path, '/', l.depth + 2)::int, gk_node_path(d.org_path, l.depth),
    d.applied_job_type_id, d.applied_grade, d.status, sum(d.delta)
  FROM d CROSS JOIN (VALUES (0), (1), (2), (3)) AS l(depth)
  GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(d.delta) <> 0
  ORDER BY 1, 4, 5, 6, 7
  ON CONFLICT ON CONSTRAINT application_type_counts_key DO UPDATE SET n = c.n + excluded.n;
  ELSIF TG_OP = 'UPDATE' THEN
  WITH d AS (
    SELECT campaign_id, org_path, status, verdict, overruled_verdict, return_count > 0 AS ever_returned,
      applied_job_type_id, applied_grade, 1 AS delta
    FROM gk_new WHERE NOT (source = 'online' AND status = 'draft')
    UNION ALL
    SELECT campaign_id, org_path, status, verdict, overruled_verdict, return_count > 0 AS ever_returned,
      applied_job_type_id, applied_grade, -1 AS delta
    FROM gk_old WHERE NOT (source = 'online' AND status = 'draft')
  ), by_node AS (
    INSERT INTO application_counts AS c (campaign_id, depth, node_id, org_path, status, verdict, overruled_verdict,
      ever_returned, n)
    SELECT d.campaign_id, l.depth, split_part(d.org_path, '/', l.depth + 2)::int, gk_node_path(d.org_path, l.depth),
      d.status, d.verdict, d.overruled_verdict, d.ever_returned, sum(d.delta)
    FROM d CROSS JOIN (VALUES (1), (2), (3)) AS l(depth)
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(d.delta) <> 0
    ORDER BY 1, 2, 4, 5, 6, 7, 8
    ON CONFLICT ON CONSTRAINT application_counts_key DO UPDATE SET n = c.n + excluded.n
  )
  INSERT INTO application_type_counts AS c (campaign_id, depth, node_id, org_path, job_type_id, grade, status, n)
  SELECT d.campaign_id, l.depth, split_part(d.org_path, '/', l.depth + 2)::int, gk_node_path(d.org_path, l.depth),
    d.applied_job_type_id, d.applied_grade, d.status, sum(d.delta)
  FROM d CROSS JOIN (VALUES (0), (1), (2), (3)) AS l(depth)
  GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(d.delta) <> 0
  ORDER BY 1, 4, 5, 6, 7
  ON CONFLICT ON CONSTRAINT application_type_counts_key DO UPDATE SET n = c.n + excluded.n;
  ELSE
  WITH d AS (
    SELECT campaign_id, org_path, status, verdict, overruled_verdict, return_count > 0 AS ever_returned,
      applied_job_type_id, applied_grade, -1 AS delta
    FROM gk_old WHERE NOT (source = 'online' AND status = 'draft')
  ), by_node AS (
    INSERT INTO application_counts AS c (campaign_id, depth, node_id, org_path, status, verdict, overruled_verdict,
      ever_returned, n)
    SELECT d.campaign_id, l.depth, split_part(d.org_path, '/', l.depth + 2)::int, gk_node_path(d.org_path, l.depth),
      d.status, d.verdict, d.overruled_verdict, d.ever_returned, sum(d.delta)
    FROM d CROSS JOIN (VALUES (1), (2), (3)) AS l(depth)
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(d.delta) <> 0
    ORDER BY 1, 2, 4, 5, 6, 7, 8
    ON CONFLICT ON CONSTRAINT application_counts_key DO UPDATE SET n = c.n + excluded.n
  )
  INSERT INTO application_type_counts AS c (campaign_id, depth, node_id, org_path, job_type_id, grade, status, n)
  SELECT d.campaign_id, l.depth, split_part(d.org_path, '/', l.depth + 2)::int, gk_node_path(d.org_path, l.depth),
    d.applied_job_type_id, d.applied_grade, d.status, sum(d.delta)
  FROM d CROSS JOIN (VALUES (0), (1), (2), (3)) AS l(depth)
  GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(d.delta) <> 0
  ORDER BY 1, 4, 5, 6, 7
  ON CONFLICT ON CONSTRAINT application_type_counts_key DO UPDATE SET n = c.n + excluded.n;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION gk_count_reviews() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(hashtext('gk.counters'), 0);
  IF TG_OP = 'INSERT' THEN
  INSERT INTO review_reason_counts AS c (campaign_id, depth, node_id, org_path, action, level, reason_code, n)
  SELECT d.campaign_id, l.depth, split_part(d.org_path, '/', l.depth + 2)::int, gk_node_path(d.org_path, l.depth),
    d.action, d.level, d.reason_code, sum(d.delta)
  FROM (SELECT campaign_id, org_path, action, level, reason_code, 1 AS delta
    FROM gk_new WHERE action <> 'approve') AS d CROSS JOIN (VALUES (0), (1), (2), (3)) AS l(depth)
  GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(d.delta) <> 0
  ORDER BY 1, 4, 5, 6, 7
  ON CONFLICT ON CONSTRAINT review_reason_counts_key DO UPDATE SET n = c.n + excluded.n;
  ELSIF TG_OP = 'UPDATE' THEN
  INSERT INTO review_reason_counts AS c (campaign_id, depth, node_id, org_path, action, level, reason_code, n)
  SELECT d.campaign_id, l.depth, split_part(d.org_path, '/', l.depth + 2)::int, gk_node_path(d.org_path, l.depth),
    d.action, d.level, d.reason_code, sum(d.delta)
  FROM (SELECT campaign_id, org_path, action, level, reason_code, 1 AS delta
    FROM gk_new WHERE action <> 'approve'
    UNION ALL
    SELECT campaign_id, org_path, action, level, reason_code, -1 AS delta
    FROM gk_old WHERE action <> 'approve') AS d CROSS JOIN (VALUES (0), (1), (2), (3)) AS l(depth)
  GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(d.delta) <> 0
  ORDER BY 1, 4, 5, 6, 7
  ON CONFLICT ON CONSTRAINT review_reason_counts_key DO UPDATE SET n = c.n + excluded.n;
  ELSE
  INSERT INTO review_reason_counts AS c (campaign_id, depth, node_id, org_path, action, level, reason_code, n)
  SELECT d.campaign_id, l.depth, split_part(d.org_path, '/', l.depth + 2)::int, gk_node_path(d.org_path, l.depth),
    d.action, d.level, d.reason_code, sum(d.delta)
  FROM (SELECT campaign_id, org_path, action, level, reason_code, -1 AS delta
    FROM gk_old WHERE action <> 'approve') AS d CROSS JOIN (VALUES (0), (1), (2), (3)) AS l(depth)
  GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(d.delta) <> 0
  ORDER BY 1, 4, 5, 6, 7
  ON CONFLICT ON CONSTRAINT review_reason_counts_key DO UPDATE SET n = c.n + excluded.n;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER applications_counts_ins AFTER INSERT ON applications REFERENCING NEW TABLE AS gk_new
  FOR EACH STATEMENT EXECUTE FUNCTION gk_count_applications();
--> statement-breakpoint
CREATE TRIGGER applications_counts_upd AFTER UPDATE ON applications REFERENCING OLD TABLE AS gk_old NEW TABLE AS gk_new
  FOR EACH STATEMENT EXECUTE FUNCTION gk_count_applications();
--> statement-breakpoint
CREATE TRIGGER applications_counts_del AFTER DELETE ON applications REFERENCING OLD TABLE AS gk_old
  FOR EACH STATEMENT EXECUTE FUNCTION gk_count_applications();
--> statement-breakpoint
CREATE TRIGGER application_reviews_counts_ins AFTER INSERT ON application_reviews REFERENCING NEW TABLE AS gk_new
  FOR EACH STATEMENT EXECUTE FUNCTION gk_count_reviews();
--> statement-breakpoint
CREATE TRIGGER application_reviews_counts_upd AFTER UPDATE ON application_reviews REFERENCING OLD TABLE AS gk_old NEW TABLE AS gk_new
  FOR EACH STATEMENT EXECUTE FUNCTION gk_count_reviews();
--> statement-breakpoint
CREATE TRIGGER application_reviews_counts_del AFTER DELETE ON application_reviews REFERENCING OLD TABLE AS gk_old
  FOR EACH STATEMENT EXECUTE FUNCTION gk_count_reviews();
--> statement-breakpoint
REVOKE ALL ON application_counts, application_type_counts, review_reason_counts FROM gk_app;
--> statement-breakpoint
GRANT SELECT ON application_counts, application_type_counts, review_reason_counts TO gk_app;
--> statement-breakpoint
-- The counters of the data already there (the recount of `npm run stats:verify` is the same grouping).
INSERT INTO application_counts (campaign_id, depth, node_id, org_path, status, verdict, overruled_verdict,
  ever_returned, n)
SELECT a.campaign_id, l.depth, split_part(a.org_path, '/', l.depth + 2)::int, gk_node_path(a.org_path, l.depth),
  a.status, a.verdict, a.overruled_verdict, a.return_count > 0, count(*)
FROM applications a CROSS JOIN (VALUES (1), (2), (3)) AS l(depth)
WHERE NOT (a.source = 'online' AND a.status = 'draft')
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
--> statement-breakpoint
INSERT INTO application_type_counts (campaign_id, depth, node_id, org_path, job_type_id, grade, status, n)
SELECT a.campaign_id, l.depth, split_part(a.org_path, '/', l.depth + 2)::int, gk_node_path(a.org_path, l.depth),
  a.applied_job_type_id, a.applied_grade, a.status, count(*)
FROM applications a CROSS JOIN (VALUES (0), (1), (2), (3)) AS l(depth)
WHERE NOT (a.source = 'online' AND a.status = 'draft')
GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO review_reason_counts (campaign_id, depth, node_id, org_path, action, level, reason_code, n)
SELECT r.campaign_id, l.depth, split_part(r.org_path, '/', l.depth + 2)::int, gk_node_path(r.org_path, l.depth),
  r.action, r.level, r.reason_code, count(*)
FROM application_reviews r CROSS JOIN (VALUES (0), (1), (2), (3)) AS l(depth)
WHERE r.action <> 'approve'
GROUP BY 1, 2, 3, 4, 5, 6, 7;
