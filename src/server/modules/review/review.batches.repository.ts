// The only SQL of 汇总上报 (review batches). Everything runs in the caller's scoped transaction: row-level security
// limits the applications and batches to the actor's subtree (a batch is visible to its sender and every level
// above it), so none of these queries filters by scope itself.
import { and, asc, count, desc, eq, getTableColumns, inArray, isNull, ne, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ApplicationStatus, ReviewLevel, Stage } from '../../../domain/review.js';
import type { ReviewTrack } from '../../../domain/timetable.js';
import { resultRows, type Tx } from '../../db/client.js';
import { applications, jobTypes, orgNodes, reviewBatchApplications, reviewBatches } from '../../db/schema.js';

export type BatchRow = typeof reviewBatches.$inferSelect;
export type BatchInsert = typeof reviewBatches.$inferInsert;
export type SenderLevel = BatchRow['level'];
export type OrgNodeRow = typeof orgNodes.$inferSelect;

/** The status an application holds while it waits in a batch of this level for the receiver's decision. */
export const APPROVED_STATUS: Record<SenderLevel, ApplicationStatus> = {
  department: 'department_approved',
  jurisdiction: 'jurisdiction_approved',
};

const batchColumn = (level: SenderLevel) =>
  level === 'department' ? applications.departmentBatchId : applications.jurisdictionBatchId;

export async function findNode(tx: Tx, id: number): Promise<OrgNodeRow | null> {
  const rows = await tx.select().from(orgNodes).where(eq(orgNodes.id, id));
  return rows[0] ?? null;
}

// ─── Submitting ────────────────────────────────────────────────────────────────────────────────────────────

/**
 * What a sender would send now: a department's department_approved applications not yet in a batch, or a
 * jurisdiction's jurisdiction_approved ones; of the review tracks given (五级–二级 `regular`, 一级 `grade1`) only,
 * those whose deadline has not passed.
 */
export function pendingWhere(
  level: SenderLevel,
  campaignId: number,
  nodeId: number,
  tracks: readonly ReviewTrack[] = ['regular', 'grade1'],
): SQL {
  const grade =
    tracks.includes('regular') && tracks.includes('grade1')
      ? undefined
      : tracks.includes('grade1')
        ? eq(applications.appliedGrade, 1)
        : tracks.includes('regular')
          ? ne(applications.appliedGrade, 1)
          : sql`false`;
  return and(
    eq(applications.campaignId, campaignId),
    eq(applications.status, APPROVED_STATUS[level]),
    isNull(batchColumn(level)),
    level === 'department' ? eq(applications.departmentId, nodeId) : eq(applications.jurisdictionId, nodeId),
    grade,
  )!;
}

/** Locks the matching applications (FOR UPDATE) and returns their ids in order. */
export async function lockApplications(tx: Tx, where: SQL): Promise<number[]> {
  const rows = await tx
    .select({ id: applications.id })
    .from(applications)
    .where(where)
    .orderBy(asc(applications.id))
    .for('update');
  return rows.map((r) => r.id);
}

export interface SummaryRow {
  dim: 'job' | 'verdict' | 'overruled' | 'unit' | 'total';
  jobTypeId: number | null;
  jobType: string | null;
  category: string | null;
  grade: number | null;
  verdict: string | null;
  overruled: string | null;
  unitId: number | null;
  unitName: string | null;
  n: number;
}

/**
 * The summary figures of the matching applications in one grouped query (grouping sets): by job type × grade,
 * by verdict, by overruled verdict, by unit, and the total.
 */
export async function summaryRows(tx: Tx, where: SQL): Promise<SummaryRow[]> {
  const rows = await tx
    .select({
      dim: sql<SummaryRow['dim']>`case
        when grouping(${applications.appliedJobTypeId}, ${jobTypes.name}, ${jobTypes.category}, ${applications.appliedGrade}) = 0 then 'job'
        when grouping(${applications.verdict}) = 0 then 'verdict'
        when grouping(${applications.overruledVerdict}) = 0 then 'overruled'
        when grouping(${applications.unitId}, ${orgNodes.name}) = 0 then 'unit'
        else 'total' end`,
      jobTypeId: applications.appliedJobTypeId,
      jobType: jobTypes.name,
      category: jobTypes.category,
      grade: applications.appliedGrade,
      verdict: applications.verdict,
      overruled: applications.overruledVerdict,
      unitId: applications.unitId,
      unitName: orgNodes.name,
      n: sql<number>`count(*)::int`,
    })
    .from(applications)
    .leftJoin(jobTypes, eq(jobTypes.id, applications.appliedJobTypeId))
    .leftJoin(orgNodes, eq(orgNodes.id, applications.unitId))
    .where(where)
    .groupBy(
      sql`grouping sets ((${applications.appliedJobTypeId}, ${jobTypes.name}, ${jobTypes.category}, ${applications.appliedGrade}), (${applications.verdict}), (${applications.overruledVerdict}), (${applications.unitId}, ${orgNodes.name}), ())`,
    );
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** How many batches the sender has sent in the campaign (for the next sequence number). */
/** The next batch id, drawn before the insert so the batch number can carry it. */
export async function nextBatchId(tx: Tx): Promise<number> {
  const result = await tx.execute(sql`select nextval(pg_get_serial_sequence('review_batches', 'id')) as id`);
  return Number(resultRows<{ id: string | number }>(result)[0]!.id);
}

export async function insertBatch(tx: Tx, values: BatchInsert): Promise<BatchRow> {
  const [row] = await tx.insert(reviewBatches).values(values).returning();
  return row!;
}

export interface ChangedApplication {
  id: number;
  name: string;
  unitId: number;
  orgPath: string;
}

/** Puts the matching applications into the batch, set-based; returns what changed. */
export async function assignBatch(
  tx: Tx,
  level: SenderLevel,
  where: SQL,
  batchId: number,
  now: Date,
): Promise<ChangedApplication[]> {
  const set =
    level === 'department'
      ? { departmentBatchId: batchId, updatedAt: now, version: sql`${applications.version} + 1` }
      : { jurisdictionBatchId: batchId, updatedAt: now, version: sql`${applications.version} + 1` };
  return tx.update(applications).set(set).where(where).returning({
    id: applications.id,
    name: applications.name,
    unitId: applications.unitId,
    orgPath: applications.orgPath,
  });
}

// ─── Reading batches ───────────────────────────────────────────────────────────────────────────────────────

const fromNode = alias(orgNodes, 'batch_from');
const toNode = alias(orgNodes, 'batch_to');

/** A batch with the names it is shown with and how many of its applications still wait for the receiver. */
export interface BatchView {
  row: Omit<BatchRow, 'summary'>;
  /** The stored summary without the member list. */
  summary: unknown;
  fromName: string | null;
  /** The sender's parent: a department's jurisdiction, a jurisdiction's province. */
  fromParentId: number | null;
  toName: string | null;
  toKind: OrgNodeRow['kind'] | null;
  undecided: number;
}

const { summary: _summary, ...batchColumns } = getTableColumns(reviewBatches);

/** Applications of the batch the receiver has not decided yet (still approved at the sender's level, in it). */
function undecidedOf(batchId: SQL | number, level: SenderLevel | SQL): SQL {
  if (typeof level === 'string') {
    return and(eq(batchColumn(level), batchId), eq(applications.status, APPROVED_STATUS[level]))!;
  }
  return sql`((${level} = 'department' and ${applications.departmentBatchId} = ${batchId} and ${applications.status} = 'department_approved')
    or (${level} = 'jurisdiction' and ${applications.jurisdictionBatchId} = ${batchId} and ${applications.status} = 'jurisdiction_approved'))`;
}

function viewSelect(tx: Tx) {
  return tx
    .select({
      row: batchColumns,
      summary: reviewBatches.summary,
      fromName: fromNode.name,
      fromParentId: fromNode.parentId,
      toName: toNode.name,
      toKind: toNode.kind,
      undecided: sql<number>`(select count(*)::int from ${applications} where ${undecidedOf(sql`${reviewBatches.id}`, sql`${reviewBatches.level}`)})`,
    })
    .from(reviewBatches)
    .leftJoin(fromNode, eq(fromNode.id, reviewBatches.fromNodeId))
    .leftJoin(toNode, eq(toNode.id, reviewBatches.toNodeId));
}

const asView = (r: Awaited<ReturnType<ReturnType<typeof viewSelect>['execute']>>[number]): BatchView => ({
  ...r,
  undecided: Number(r.undecided),
});

export async function findBatchView(tx: Tx, id: number): Promise<BatchView | null> {
  const rows = await viewSelect(tx).where(eq(reviewBatches.id, id));
  return rows[0] ? asView(rows[0]) : null;
}

export interface BatchListFilter {
  campaignId?: number;
  fromNodeId?: number;
  toNodeId?: number;
  status?: BatchRow['status'];
  page: number;
  pageSize: number;
}

export async function listBatchViews(tx: Tx, filter: BatchListFilter): Promise<{ items: BatchView[]; total: number }> {
  const conditions: SQL[] = [];
  if (filter.campaignId !== undefined) conditions.push(eq(reviewBatches.campaignId, filter.campaignId));
  if (filter.fromNodeId !== undefined) conditions.push(eq(reviewBatches.fromNodeId, filter.fromNodeId));
  if (filter.toNodeId !== undefined) conditions.push(eq(reviewBatches.toNodeId, filter.toNodeId));
  if (filter.status !== undefined) conditions.push(eq(reviewBatches.status, filter.status));
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const items = await viewSelect(tx)
    .where(where)
    .orderBy(desc(reviewBatches.submittedAt), desc(reviewBatches.id))
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  const [total] = await tx.select({ n: count() }).from(reviewBatches).where(where);
  return { items: items.map(asView), total: Number(total?.n ?? 0) };
}

/** The ids of the applications the batch was submitted with. */
export async function batchMemberIds(tx: Tx, id: number): Promise<number[]> {
  const rows = await tx
    .select({ id: reviewBatchApplications.applicationId })
    .from(reviewBatchApplications)
    .where(eq(reviewBatchApplications.batchId, id))
    .orderBy(asc(reviewBatchApplications.applicationId));
  return rows.map((r) => r.id);
}

/** Records which applications the batch carries (chunked multi-row inserts). */
export async function insertBatchMembers(tx: Tx, batchId: number, applicationIds: readonly number[]): Promise<void> {
  for (let i = 0; i < applicationIds.length; i += 1000) {
    await tx
      .insert(reviewBatchApplications)
      .values(applicationIds.slice(i, i + 1000).map((applicationId) => ({ batchId, applicationId })));
  }
}

/** One line of the 汇总表's list of applications. */
export interface MemberRow {
  id: number;
  name: string;
  sex: string;
  idNumber: string;
  unitName: string | null;
  departmentName: string | null;
  jobType: string | null;
  category: string | null;
  grade: number;
  verdict: string;
  overruledVerdict: string | null;
  status: ApplicationStatus;
  returnedTo: Stage | null;
}

const memberUnit = alias(orgNodes, 'member_unit');
const memberDepartment = alias(orgNodes, 'member_department');

export async function findMembers(tx: Tx, ids: readonly number[]): Promise<MemberRow[]> {
  const out: MemberRow[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await tx
      .select({
        id: applications.id,
        name: applications.name,
        sex: applications.sex,
        idNumber: applications.idNumber,
        unitName: memberUnit.name,
        departmentName: memberDepartment.name,
        jobType: jobTypes.name,
        category: jobTypes.category,
        grade: applications.appliedGrade,
        verdict: applications.verdict,
        overruledVerdict: applications.overruledVerdict,
        status: applications.status,
        returnedTo: applications.returnedTo,
      })
      .from(applications)
      .leftJoin(memberUnit, eq(memberUnit.id, applications.unitId))
      .leftJoin(memberDepartment, eq(memberDepartment.id, applications.departmentId))
      .leftJoin(jobTypes, eq(jobTypes.id, applications.appliedJobTypeId))
      .where(inArray(applications.id, ids.slice(i, i + 1000)));
    out.push(...rows);
  }
  return out;
}

// ─── Returning ─────────────────────────────────────────────────────────────────────────────────────────────

/** Locks the batch row; only the receiving level passes the update policy, so others get null. */
export async function lockBatch(tx: Tx, id: number): Promise<BatchRow | null> {
  const rows = await tx.select().from(reviewBatches).where(eq(reviewBatches.id, id)).for('update');
  return rows[0] ?? null;
}

export interface UndecidedRow {
  id: number;
  name: string;
  unitId: number;
  orgPath: string;
  status: ApplicationStatus;
  returnCount: number;
  departmentBatchId: number | null;
  jurisdictionBatchId: number | null;
}

/** Locks the batch's applications the receiver has not decided yet. */
export async function lockUndecided(tx: Tx, batchId: number, level: SenderLevel): Promise<UndecidedRow[]> {
  return tx
    .select({
      id: applications.id,
      name: applications.name,
      unitId: applications.unitId,
      orgPath: applications.orgPath,
      status: applications.status,
      returnCount: applications.returnCount,
      departmentBatchId: applications.departmentBatchId,
      jurisdictionBatchId: applications.jurisdictionBatchId,
    })
    .from(applications)
    .where(undecidedOf(batchId, level))
    .orderBy(asc(applications.id))
    .for('update');
}

export interface BatchReturnReview {
  batchId: number;
  senderLevel: SenderLevel;
  /** The receiving level, which returns. */
  level: ReviewLevel;
  returnedTo: Stage;
  opinion: string;
  reviewerAccountId: number;
  reviewerName: string;
  orgNodeId: number;
  orgName: string;
  sealName: string;
  decidedOn: string;
  now: Date;
}

/** One application_reviews row (action return, reason OTHER) per undecided application, in one INSERT … SELECT. */
export async function insertReturnReviews(tx: Tx, r: BatchReturnReview): Promise<void> {
  const status = APPROVED_STATUS[r.senderLevel];
  await tx.execute(sql`
    insert into application_reviews (application_id, campaign_id, org_path, applicant_account_id, level, action,
      from_status, to_status, returned_to, reason_code, opinion, verdict, overrule_reason, batch_id,
      reviewer_account_id, reviewer_name, org_node_id, org_name, seal_name, decided_on, created_at)
    select ${applications.id}, ${applications.campaignId}, ${applications.orgPath}, ${applications.applicantAccountId},
      ${r.level}::review_stage, 'return'::review_action, ${applications.status}, 'returned'::application_status,
      ${r.returnedTo}::review_stage, 'OTHER', ${r.opinion}, ${applications.verdict}, null, ${r.batchId},
      ${r.reviewerAccountId}, ${r.reviewerName}, ${r.orgNodeId}, ${r.orgName}, ${r.sealName}, ${r.decidedOn}::date,
      ${r.now.toISOString()}::timestamptz
    from ${applications}
    where ${batchColumn(r.senderLevel)} = ${r.batchId} and ${applications.status} = ${status}::application_status`);
}

/** Sends the undecided applications back to the sender level, set-based; returns what changed. */
export async function returnUndecided(
  tx: Tx,
  batchId: number,
  level: SenderLevel,
  returnedTo: Stage,
  now: Date,
): Promise<ChangedApplication[]> {
  const common = {
    status: 'returned' as const,
    returnedTo,
    returnCount: sql`${applications.returnCount} + 1`,
    updatedAt: now,
    version: sql`${applications.version} + 1`,
  };
  // A department's batch returned: the application is below the jurisdiction again, so neither batch holds it.
  const set =
    level === 'department'
      ? { ...common, departmentBatchId: null, jurisdictionBatchId: null }
      : { ...common, jurisdictionBatchId: null };
  return tx.update(applications).set(set).where(undecidedOf(batchId, level)).returning({
    id: applications.id,
    name: applications.name,
    unitId: applications.unitId,
    orgPath: applications.orgPath,
  });
}

export async function markBatchReturned(
  tx: Tx,
  id: number,
  values: { returnReason: string; returnedBy: number; returnedByName: string; returnedAt: Date },
): Promise<void> {
  await tx
    .update(reviewBatches)
    .set({ status: 'returned', ...values })
    .where(and(eq(reviewBatches.id, id), eq(reviewBatches.status, 'submitted')));
}
