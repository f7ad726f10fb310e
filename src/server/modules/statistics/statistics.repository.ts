/**
 * The statistics' SQL: the figures read from the counters that migration 0033's triggers keep (inside the caller's
 * scoped transaction, so row-level security limits them to the viewer's subtree), and the recount that checks and
 * repairs those counters against the applications and review rows (a system transaction).
 */
import { inArray, type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { resultRows } from '../../db/client.js';
import { orgNodes } from '../../db/schema.js';

export type OrgNodeRow = typeof orgNodes.$inferSelect;

/**
 * The campaign (the given one, or the open one) and the node, in one round trip: null where either is missing (or
 * out of row-level security's sight).
 */
export async function findCampaignAndNode(
  tx: Tx,
  campaignId: number | undefined,
  nodeId: number,
): Promise<{
  campaign: { id: number; name: string } | null;
  node: Pick<OrgNodeRow, 'id' | 'name' | 'kind' | 'path'> | null;
}> {
  const which = campaignId === undefined ? sql`status = 'open'` : sql`id = ${campaignId}`;
  const result = await tx.execute(sql`
    select c.id as campaign_id, c.name as campaign_name, n.id as node_id, n.name as node_name, n.kind, n.path
    from (select 1) as one
      left join (select id, name from campaigns where ${which} limit 1) as c on true
      left join (select id, name, kind, path from org_nodes where id = ${nodeId}) as n on true`);
  const [row] = resultRows<{
    campaign_id: number | null;
    campaign_name: string | null;
    node_id: number | null;
    node_name: string | null;
    kind: OrgNodeRow['kind'] | null;
    path: string | null;
  }>(result);
  return {
    campaign: row?.campaign_id == null ? null : { id: Number(row.campaign_id), name: row.campaign_name ?? '' },
    node:
      row?.node_id == null
        ? null
        : { id: Number(row.node_id), name: row.node_name ?? '', kind: row.kind!, path: row.path ?? '' },
  };
}

export async function findNodeNames(tx: Tx, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: orgNodes.id, name: orgNodes.name })
    .from(orgNodes)
    .where(inArray(orgNodes.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export interface JobTypeRef {
  id: number;
  code: string;
  name: string;
  category: string;
}

/** Which counters: a campaign, the node's path, and the depth of the rows byChild reads (the next level below). */
export interface FigureScope {
  campaignId: number;
  /** The node's path ('/1/5/'): its own job-type and reason rows, and its children's rows below it. */
  path: string;
  /** The depth of the children's rows: 1 jurisdictions, 2 departments, 3 units. */
  childDepth: 1 | 2 | 3;
  /** A unit is its own only child: its own row at depth 3. */
  self: boolean;
}

/**
 * One group of the figures: either a (child, status, verdict, overruled verdict, ever returned) group or a
 * (job type, grade, status) group.
 */
export interface FigureRow {
  byJobType: boolean;
  childId: number | null;
  jobTypeId: number | null;
  grade: number | null;
  status: string;
  verdict: string | null;
  overruledVerdict: string | null;
  everReturned: boolean;
  n: number;
}

export interface ReasonFigure {
  action: 'return' | 'reject';
  level: string;
  reasonCode: string | null;
  n: number;
}

/**
 * The figures of a node from the counters the triggers of migration 0033 keep (application_counts,
 * application_type_counts, review_reason_counts): its children's rows by status and verdict, its own rows by job
 * type, grade and status (with the job types' names and categories), its own rows of returns and rejections by
 * level and reason, and its children in the tree's order (inactive ones too: their applications still count). One
 * statement, so one snapshot and one round trip: a few thousand rows at most, whatever the number of
 * applications; row-level security keeps them inside the caller's subtree.
 */
export async function counterFigures(
  tx: Tx,
  scope: FigureScope,
  nodeId: number,
): Promise<{
  figures: FigureRow[];
  reasons: ReasonFigure[];
  children: { id: number; name: string }[];
  types: JobTypeRef[];
}> {
  const children = scope.self ? sql`org_path = ${scope.path}` : sql`starts_with(org_path, ${scope.path})`;
  const result = await tx.execute(sql`
    select * from (
      select 0 as part, node_id as child_id, null::int as job_type_id, null::int as grade, status::text as status,
        verdict, overruled_verdict, ever_returned, null::text as action, null::text as level,
        null::text as reason_code, n, null::text as name, null::text as code, null::text as category,
        0 as s1, 0 as s2
      from application_counts
      where campaign_id = ${scope.campaignId} and depth = ${scope.childDepth} and ${children} and n <> 0
      union all
      select 1, null, t.job_type_id, t.grade, t.status::text, null, null, null, null, null, null, t.n, j.name, j.code,
        j.category, t.job_type_id, 0
      from application_type_counts t join job_types j on j.id = t.job_type_id
      where t.campaign_id = ${scope.campaignId} and t.org_path = ${scope.path} and t.n <> 0
      union all
      select 2, null, null, null, null, null, null, null, action::text, level::text, reason_code, n, null, null, null,
        0, 0
      from review_reason_counts
      where campaign_id = ${scope.campaignId} and org_path = ${scope.path} and n <> 0
      union all
      select 3, id, null, null, null, null, null, null, null, null, null, 0, name, null, null, sort_order, id
      from org_nodes
      where ${scope.self ? sql`false` : sql`parent_id = ${nodeId}`}
    ) as x
    order by part, s1, s2`);
  const rows = resultRows<{
    part: number;
    child_id: number | null;
    job_type_id: number | null;
    grade: number | null;
    status: string | null;
    verdict: string | null;
    overruled_verdict: string | null;
    ever_returned: boolean | null;
    action: 'return' | 'reject' | null;
    level: string | null;
    reason_code: string | null;
    n: number;
    name: string | null;
    code: string | null;
    category: string | null;
  }>(result);
  const figures: FigureRow[] = [];
  const reasons: ReasonFigure[] = [];
  const childRows: { id: number; name: string }[] = [];
  const types = new Map<number, JobTypeRef>();
  for (const r of rows) {
    const part = Number(r.part);
    if (part === 3) {
      childRows.push({ id: Number(r.child_id), name: r.name ?? '' });
      continue;
    }
    if (part === 2) {
      if (r.action === 'return' || r.action === 'reject') {
        reasons.push({ action: r.action, level: r.level ?? '', reasonCode: r.reason_code, n: Number(r.n) });
      }
      continue;
    }
    if (part === 1 && r.job_type_id !== null && !types.has(Number(r.job_type_id))) {
      const id = Number(r.job_type_id);
      types.set(id, { id, code: r.code ?? '', name: r.name ?? '', category: r.category ?? '' });
    }
    figures.push({
      byJobType: part === 1,
      childId: r.child_id === null ? null : Number(r.child_id),
      jobTypeId: r.job_type_id === null ? null : Number(r.job_type_id),
      grade: r.grade === null ? null : Number(r.grade),
      status: r.status ?? '',
      verdict: r.verdict,
      overruledVerdict: r.overruled_verdict,
      everReturned: r.ever_returned === true,
      n: Number(r.n),
    });
  }
  return { figures, reasons, children: childRows, types: [...types.values()] };
}

// ─── The recount (`npm run stats:verify`) ────────────────────────────────────────────────────────────────────

/** The counters' tables, each with what its rows should hold: the full recount from the rows counted. */
const RECOUNTS = {
  application_counts: {
    key: sql.raw(`concat_ws('|', status, verdict, coalesce(overruled_verdict, '-'), ever_returned)`),
    columns: sql.raw('campaign_id, depth, node_id, org_path, status, verdict, overruled_verdict, ever_returned, n'),
    recount: (campaign: SQL) => sql`
      select a.campaign_id, l.depth, split_part(a.org_path, '/', l.depth + 2)::int as node_id,
        gk_node_path(a.org_path, l.depth) as org_path, a.status, a.verdict, a.overruled_verdict,
        a.return_count > 0 as ever_returned, count(*)::int as n
      from applications a cross join (values (1), (2), (3)) as l(depth)
      where not (a.source = 'online' and a.status = 'draft') and ${campaign}
      group by 1, 2, 3, 4, 5, 6, 7, 8`,
  },
  application_type_counts: {
    key: sql.raw(`concat_ws('|', job_type_id, grade, status)`),
    columns: sql.raw('campaign_id, depth, node_id, org_path, job_type_id, grade, status, n'),
    recount: (campaign: SQL) => sql`
      select a.campaign_id, l.depth, split_part(a.org_path, '/', l.depth + 2)::int as node_id,
        gk_node_path(a.org_path, l.depth) as org_path, a.applied_job_type_id as job_type_id,
        a.applied_grade as grade, a.status, count(*)::int as n
      from applications a cross join (values (0), (1), (2), (3)) as l(depth)
      where not (a.source = 'online' and a.status = 'draft') and ${campaign}
      group by 1, 2, 3, 4, 5, 6, 7`,
  },
  review_reason_counts: {
    key: sql.raw(`concat_ws('|', action, level, coalesce(reason_code, '-'))`),
    columns: sql.raw('campaign_id, depth, node_id, org_path, action, level, reason_code, n'),
    recount: (campaign: SQL) => sql`
      select r.campaign_id, l.depth, split_part(r.org_path, '/', l.depth + 2)::int as node_id,
        gk_node_path(r.org_path, l.depth) as org_path, r.action, r.level, r.reason_code, count(*)::int as n
      from application_reviews r cross join (values (0), (1), (2), (3)) as l(depth)
      where r.action <> 'approve' and ${campaign}
      group by 1, 2, 3, 4, 5, 6, 7`,
  },
} as const;
export type CounterTable = keyof typeof RECOUNTS;
export const COUNTER_TABLES = Object.keys(RECOUNTS) as CounterTable[];

export interface CounterDifference {
  table: CounterTable;
  campaignId: number;
  orgPath: string;
  /** The group, its columns joined by '|' ('-' for none). */
  group: string;
  expected: number;
  actual: number;
}

const campaignFilter = (alias: string, campaignId: number | null) =>
  campaignId === null ? sql`true` : sql`${sql.raw(alias)}.campaign_id = ${campaignId}`;

/** The first statement of the recount's transaction: one repeatable-read snapshot for all its reads. */
export async function snapshotForRecount(tx: Tx): Promise<void> {
  await tx.execute(sql`set transaction isolation level repeatable read, read only`);
}

/**
 * Where a counter table differs from the full recount (rows at zero count as absent), in the caller's snapshot:
 * run it in a repeatable-read transaction and the counters and the rows they count are seen at the same moment,
 * so concurrent decisions cause no false alarm. At most `limit` differences.
 */
export async function counterDifferences(
  tx: Tx,
  table: CounterTable,
  campaignId: number | null,
  limit: number,
): Promise<CounterDifference[]> {
  const r = RECOUNTS[table];
  const alias = table === 'review_reason_counts' ? 'r' : 'a';
  const result = await tx.execute(sql`
    with expected as (
      select campaign_id, org_path, ${r.key} as grp, n from (${r.recount(campaignFilter(alias, campaignId))}) e
    ), actual as (
      select campaign_id, org_path, ${r.key} as grp, n from ${sql.raw(table)} c
      where n <> 0 and ${campaignFilter('c', campaignId)}
    )
    select coalesce(e.campaign_id, a.campaign_id) as campaign_id, coalesce(e.org_path, a.org_path) as org_path,
      coalesce(e.grp, a.grp) as grp, coalesce(e.n, 0) as expected, coalesce(a.n, 0) as actual
    from expected e full join actual a on a.campaign_id = e.campaign_id and a.org_path = e.org_path and a.grp = e.grp
    where coalesce(e.n, 0) <> coalesce(a.n, 0)
    order by 1, 2, 3
    limit ${limit}`);
  return resultRows<{ campaign_id: number; org_path: string; grp: string; expected: number; actual: number }>(
    result,
  ).map((row) => ({
    table,
    campaignId: Number(row.campaign_id),
    orgPath: row.org_path,
    group: row.grp,
    expected: Number(row.expected),
    actual: Number(row.actual),
  }));
}

/**
 * Rebuilds the counters from the full recount (all campaigns, or one). Locks the counted tables against writes
 * first (SHARE: concurrent decisions wait a moment, none is missed), so the counters are exact when it commits.
 */
export async function rebuildCounters(tx: Tx, campaignId: number | null): Promise<void> {
  await tx.execute(sql`lock table applications, application_reviews in share mode`);
  for (const table of COUNTER_TABLES) {
    const r = RECOUNTS[table];
    const alias = table === 'review_reason_counts' ? 'r' : 'a';
    await tx.execute(sql`delete from ${sql.raw(table)} c where ${campaignFilter('c', campaignId)}`);
    await tx.execute(sql`insert into ${sql.raw(table)} (${r.columns}) ${r.recount(campaignFilter(alias, campaignId))}`);
  }
}
