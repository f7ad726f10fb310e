// The review chain's SQL (docs/api-review.md): the queue and its counts, the rows a decision locks, and the
// set-based writes of a (bulk) decision. Every function runs in the caller's scoped transaction, so row-level
// security narrows each query to the viewer's subtree; the filters below add the indexed columns.
import { and, asc, count, desc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ReviewLevel } from '../../../domain/review.js';
import { containsPattern, type Tx } from '../../db/client.js';
import { applicationReviews, applications, jobTypes, orgNodes } from '../../db/schema.js';
import { holdCountersExclusively } from '../../platform/tx.js';
import type { QUEUE_SORTS, QUEUE_VIEWS } from './review.schemas.js';

export type ApplicationStatus = (typeof applications.$inferSelect)['status'];
export type ReviewRow = typeof applicationReviews.$inferSelect;
type ReviewStage = NonNullable<(typeof applications.$inferSelect)['returnedTo']>;

const a = applications;
const unitNode = alias(orgNodes, 'unit_node');
const departmentNode = alias(orgNodes, 'department_node');
const jurisdictionNode = alias(orgNodes, 'jurisdiction_node');

/** A list of ids as one parameter (an int[] literal): no per-id placeholder, any length. */
export const intArray = (ids: readonly number[]) => sql`${`{${ids.map((id) => Math.trunc(id)).join(',')}}`}::int[]`;

/** Officials do not see an applicant's online application while the applicant is still drafting it. */
const notOnlineDraft = sql`not (${a.source} = 'online' and ${a.status} = 'draft')`;

// ─── The queue's filter ────────────────────────────────────────────────────────────────────────────────────

export type QueueView = (typeof QUEUE_VIEWS)[number];

export interface QueueFilter {
  view: QueueView;
  status?: ApplicationStatus;
  jurisdictionId?: number;
  departmentId?: number;
  unitId?: number;
  jobTypeId?: number;
  category?: string;
  grade?: number;
  verdict?: string;
  batchId?: number;
  overruled?: boolean;
  q?: string;
}

/** Who looks at the queue: the level, the node (its id column narrows the rows), the 省直/中央驻豫 jurisdictions. */
export interface QueueViewer {
  level: ReviewLevel;
  nodeId: number;
  provinceReviewed: readonly number[];
}

function byProvince(viewer: QueueViewer): SQL {
  return viewer.provinceReviewed.length > 0
    ? sql`${a.jurisdictionId} = any(${intArray(viewer.provinceReviewed)})`
    : sql`false`;
}

const returnedTo = (level: ReviewLevel) => sql`(${a.status} = 'returned' and ${a.returnedTo} = ${level})`;

/**
 * 待审核: what reached the level in the normal course of the chain (mirrors domain `transition`). Returns sent back
 * to the level are 退回给我 (`returnedTo`), counted and listed there only, so no application is counted twice.
 */
export function pendingCondition(viewer: QueueViewer): SQL {
  switch (viewer.level) {
    case 'unit':
      return sql`(${a.status} in ('submitted', 'awaiting_unit'))`;
    case 'department':
      return sql`(${a.status} = 'unit_approved')`;
    case 'jurisdiction':
      return sql`(${a.status} = 'department_approved' and ${a.departmentBatchId} is not null and not ${byProvince(viewer)})`;
    case 'province':
      return sql`((${a.status} = 'jurisdiction_approved' and ${a.jurisdictionBatchId} is not null) or (${a.status} = 'department_approved' and ${a.departmentBatchId} is not null and ${byProvince(viewer)}))`;
  }
}

/** Approved at this level and not yet sent up (汇总上报): departments and jurisdictions only. */
export function awaitingBatchCondition(level: ReviewLevel): SQL {
  if (level === 'department') return sql`(${a.status} = 'department_approved' and ${a.departmentBatchId} is null)`;
  if (level === 'jurisdiction') {
    return sql`(${a.status} = 'jurisdiction_approved' and ${a.jurisdictionBatchId} is null)`;
  }
  return sql`false`;
}

/** The viewer's own node narrows the rows by an indexed column (row-level security adds the path). */
function ownNodeCondition(viewer: QueueViewer): SQL | undefined {
  switch (viewer.level) {
    case 'unit':
      return eq(a.unitId, viewer.nodeId);
    case 'department':
      return eq(a.departmentId, viewer.nodeId);
    case 'jurisdiction':
      return eq(a.jurisdictionId, viewer.nodeId);
    case 'province':
      return undefined;
  }
}

export function queueWhere(campaignId: number, filter: QueueFilter, viewer: QueueViewer): SQL {
  const conditions: (SQL | undefined)[] = [eq(a.campaignId, campaignId), notOnlineDraft, ownNodeCondition(viewer)];
  if (filter.view === 'pending') conditions.push(pendingCondition(viewer));
  if (filter.view === 'returned') conditions.push(returnedTo(viewer.level));
  if (filter.view === 'awaiting_batch') conditions.push(awaitingBatchCondition(viewer.level));
  if (filter.status !== undefined) conditions.push(eq(a.status, filter.status));
  if (filter.jurisdictionId !== undefined) conditions.push(eq(a.jurisdictionId, filter.jurisdictionId));
  if (filter.departmentId !== undefined) conditions.push(eq(a.departmentId, filter.departmentId));
  if (filter.unitId !== undefined) conditions.push(eq(a.unitId, filter.unitId));
  if (filter.jobTypeId !== undefined) conditions.push(eq(a.appliedJobTypeId, filter.jobTypeId));
  if (filter.category !== undefined) {
    conditions.push(
      sql`${a.appliedJobTypeId} in (select ${jobTypes.id} from ${jobTypes} where ${jobTypes.category} = ${filter.category})`,
    );
  }
  if (filter.grade !== undefined) conditions.push(eq(a.appliedGrade, filter.grade));
  if (filter.verdict !== undefined) conditions.push(eq(a.verdict, filter.verdict));
  if (filter.batchId !== undefined) {
    conditions.push(or(eq(a.departmentBatchId, filter.batchId), eq(a.jurisdictionBatchId, filter.batchId)));
  }
  if (filter.overruled !== undefined) {
    conditions.push(filter.overruled ? sql`${a.overruledVerdict} is not null` : sql`${a.overruledVerdict} is null`);
  }
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    conditions.push(or(ilike(a.name, pattern), ilike(a.idNumber, pattern)));
  }
  return and(...conditions)!;
}

// ─── The queue ─────────────────────────────────────────────────────────────────────────────────────────────

export type QueueSort = (typeof QUEUE_SORTS)[number];

const SORT_EXPRESSIONS = {
  submittedAt: a.submittedAt,
  name: a.name,
  appliedGrade: a.appliedGrade,
  verdict: a.verdict,
  status: a.status,
  unitName: unitNode.name,
} as const;

export async function listQueue(
  tx: Tx,
  where: SQL,
  page: { sort: QueueSort; order: 'asc' | 'desc'; page: number; pageSize: number },
) {
  const direction = page.order === 'asc' ? asc : desc;
  const [items, totals] = await Promise.all([
    tx
      .select({
        id: a.id,
        name: a.name,
        idNumber: a.idNumber,
        sex: a.sex,
        source: a.source,
        jurisdictionId: a.jurisdictionId,
        unitName: unitNode.name,
        departmentName: departmentNode.name,
        jurisdictionName: jurisdictionNode.name,
        appliedJobType: jobTypes.name,
        appliedJobTypeCategory: jobTypes.category,
        appliedGrade: a.appliedGrade,
        verdict: a.verdict,
        findingCount: sql<number>`jsonb_array_length(${a.findings})::int`,
        status: a.status,
        returnedTo: a.returnedTo,
        returnCount: a.returnCount,
        rejectReason: a.rejectReason,
        overruledVerdict: a.overruledVerdict,
        departmentBatchId: a.departmentBatchId,
        jurisdictionBatchId: a.jurisdictionBatchId,
        submittedAt: a.submittedAt,
        updatedAt: a.updatedAt,
      })
      .from(a)
      .leftJoin(unitNode, eq(unitNode.id, a.unitId))
      .leftJoin(departmentNode, eq(departmentNode.id, a.departmentId))
      .leftJoin(jurisdictionNode, eq(jurisdictionNode.id, a.jurisdictionId))
      .leftJoin(jobTypes, eq(jobTypes.id, a.appliedJobTypeId))
      .where(where)
      .orderBy(direction(SORT_EXPRESSIONS[page.sort]), direction(a.id))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    tx.select({ n: count() }).from(a).where(where),
  ]);
  return { items, total: Number(totals[0]?.n ?? 0) };
}

export type QueueRow = Awaited<ReturnType<typeof listQueue>>['items'][number];

/** The overview's counts in one pass over the campaign's applications in the viewer's part of the tree. */
export async function countQueue(tx: Tx, campaignId: number, viewer: QueueViewer) {
  const base = queueWhere(campaignId, { view: 'all' }, viewer);
  const [row] = await tx
    .select({
      pending: sql<number>`(count(*) filter (where ${pendingCondition(viewer)}))::int`,
      returnedToMe: sql<number>`(count(*) filter (where ${returnedTo(viewer.level)}))::int`,
      awaitingBatch: sql<number>`(count(*) filter (where ${awaitingBatchCondition(viewer.level)}))::int`,
    })
    .from(a)
    .where(base);
  const [decided] = await tx
    .select({ n: sql<number>`count(distinct ${applicationReviews.applicationId})::int` })
    .from(applicationReviews)
    .where(and(eq(applicationReviews.campaignId, campaignId), eq(applicationReviews.level, viewer.level)));
  return {
    pending: row?.pending ?? 0,
    returnedToMe: row?.returnedToMe ?? 0,
    awaitingBatch: row?.awaitingBatch ?? 0,
    decidedByMe: decided?.n ?? 0,
  };
}

// ─── Deciding ──────────────────────────────────────────────────────────────────────────────────────────────

const targetColumns = {
  id: a.id,
  campaignId: a.campaignId,
  name: a.name,
  unitId: a.unitId,
  orgPath: a.orgPath,
  departmentId: a.departmentId,
  jurisdictionId: a.jurisdictionId,
  applicantAccountId: a.applicantAccountId,
  /** 一级 follows its own deadlines (domain/review.ts deadlinePhase). */
  appliedGrade: a.appliedGrade,
  source: a.source,
  status: a.status,
  returnedTo: a.returnedTo,
  returnCount: a.returnCount,
  rejectReason: a.rejectReason,
  verdict: a.verdict,
  overruledVerdict: a.overruledVerdict,
  departmentBatchId: a.departmentBatchId,
  jurisdictionBatchId: a.jurisdictionBatchId,
  version: a.version,
  /** 省直单位 / 中央驻豫单位: the province reviews it without a jurisdiction level (read with the lock). */
  reviewedByProvince: sql<boolean>`coalesce((select j.reviewed_by_province from org_nodes j where j.id = ${a.jurisdictionId}), false)`,
};

export type ReviewTarget = Awaited<ReturnType<typeof lockTargets>>[number];

/** Locks the given applications of a campaign (those visible to the viewer), in one query. */
export async function lockTargets(tx: Tx, where: SQL, limit?: number) {
  const query = tx.select(targetColumns).from(a).where(and(where, notOnlineDraft)).orderBy(asc(a.id));
  return (limit === undefined ? query : query.limit(limit)).for('update');
}

export const byIds = (campaignId: number | null, ids: readonly number[]) =>
  campaignId === null
    ? sql`${a.id} = any(${intArray(ids)})`
    : sql`${a.campaignId} = ${campaignId} and ${a.id} = any(${intArray(ids)})`;

/** Which of these jurisdictions the province reviews itself (省直单位, 中央驻豫单位). */
export async function provinceReviewedAmong(tx: Tx, jurisdictionIds: readonly number[]): Promise<Set<number>> {
  if (jurisdictionIds.length === 0) return new Set();
  const rows = await tx
    .select({ id: orgNodes.id })
    .from(orgNodes)
    .where(and(sql`${orgNodes.id} = any(${intArray(jurisdictionIds)})`, eq(orgNodes.reviewedByProvince, true)));
  return new Set(rows.map((r) => r.id));
}

/** The jurisdictions the province reviews itself, among those the viewer may read. */
export async function provinceReviewedJurisdictions(tx: Tx): Promise<number[]> {
  const rows = await tx
    .select({ id: orgNodes.id })
    .from(orgNodes)
    .where(and(eq(orgNodes.kind, 'jurisdiction'), eq(orgNodes.reviewedByProvince, true)));
  return rows.map((r) => r.id);
}

/** The new review columns of one application. */
export interface TargetChange {
  id: number;
  status: ApplicationStatus;
  returnedTo: ReviewStage | null;
  returnCount: number;
  rejectReason: string | null;
  overruledVerdict: string | null;
  departmentBatchId: number | null;
  jurisdictionBatchId: number | null;
}

const CHUNK = 1000;

export type NewReview = Omit<typeof applicationReviews.$inferInsert, 'id' | 'createdAt' | 'campaignId'> & {
  campaignId: number;
};

/**
 * Writes decisions: moves the applications (UPDATE … FROM) and appends their review rows (append-only, no
 * RETURNING: the insert policy is enough) in one statement per chunk; the rows arrive as jsonb parameters.
 */
export async function writeDecisions(
  tx: Tx,
  changes: readonly TargetChange[],
  reviews: readonly NewReview[],
  now: Date,
): Promise<void> {
  // More than one statement: hold the statistics' counters first (the rows are locked already; migration 0033).
  if (changes.length > CHUNK) await holdCountersExclusively(tx);
  for (let i = 0; i < changes.length; i += CHUNK) {
    const moved = JSON.stringify(changes.slice(i, i + CHUNK));
    const decided = JSON.stringify(reviews.slice(i, i + CHUNK));
    const at = now.toISOString();
    await tx.execute(sql`
      with moved as (
        update applications as t set
          status = v."status"::application_status,
          returned_to = v."returnedTo"::review_stage,
          return_count = v."returnCount",
          reject_reason = v."rejectReason",
          overruled_verdict = v."overruledVerdict",
          department_batch_id = v."departmentBatchId",
          jurisdiction_batch_id = v."jurisdictionBatchId",
          updated_at = ${at}::timestamptz,
          version = t.version + 1
        from jsonb_to_recordset(${moved}::jsonb) as v(
          "id" int, "status" text, "returnedTo" text, "returnCount" int, "rejectReason" text,
          "overruledVerdict" text, "departmentBatchId" int, "jurisdictionBatchId" int)
        where t.id = v."id"
      )
      insert into application_reviews (application_id, campaign_id, org_path, applicant_account_id, level, action,
        from_status, to_status, returned_to, reason_code, opinion, verdict, overrule_reason, batch_id,
        reviewer_account_id, reviewer_name, org_node_id, org_name, seal_name, decided_on, created_at)
      select v."applicationId", v."campaignId", v."orgPath", v."applicantAccountId", v."level"::review_stage,
        v."action"::review_action, v."fromStatus"::application_status, v."toStatus"::application_status,
        v."returnedTo"::review_stage, v."reasonCode", v."opinion", v."verdict", v."overruleReason", v."batchId",
        v."reviewerAccountId", v."reviewerName", v."orgNodeId", v."orgName", v."sealName", v."decidedOn"::date,
        ${at}::timestamptz
      from jsonb_to_recordset(${decided}::jsonb) as v(
        "applicationId" int, "campaignId" int, "orgPath" text, "applicantAccountId" int, "level" text, "action" text,
        "fromStatus" text, "toStatus" text, "returnedTo" text, "reasonCode" text, "opinion" text, "verdict" text,
        "overruleReason" text, "batchId" int, "reviewerAccountId" int, "reviewerName" text, "orgNodeId" int,
        "orgName" text, "sealName" text, "decidedOn" text)
      order by v."applicationId"`);
  }
}

/** One application's decisions, oldest first. */
export async function listReviews(tx: Tx, applicationId: number): Promise<ReviewRow[]> {
  return tx
    .select()
    .from(applicationReviews)
    .where(eq(applicationReviews.applicationId, applicationId))
    .orderBy(asc(applicationReviews.id));
}

/** The decisions of several applications, per application oldest first (the archive). */
export async function listReviewsOf(tx: Tx, applicationIds: readonly number[]): Promise<ReviewRow[]> {
  if (applicationIds.length === 0) return [];
  return tx
    .select()
    .from(applicationReviews)
    .where(inArray(applicationReviews.applicationId, [...applicationIds]))
    .orderBy(asc(applicationReviews.applicationId), asc(applicationReviews.id));
}
