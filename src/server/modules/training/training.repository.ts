import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { AttendanceStatus } from '../../../domain/training.js';
import { resultRows, type Tx } from '../../db/client.js';
import {
  campaigns,
  orgNodes,
  trainingAttendance,
  trainingClasses,
  trainingEnrolments,
  trainingSittings,
} from '../../db/schema.js';

export type ClassRow = typeof trainingClasses.$inferSelect;
export type ClassInsert = typeof trainingClasses.$inferInsert;
export type SittingRow = typeof trainingSittings.$inferSelect;

export async function trainingSettings(tx: Tx, campaignId: number) {
  const rows = await tx
    .select({
      id: campaigns.id,
      name: campaigns.name,
      status: campaigns.status,
      trainingRequiredForSeating: campaigns.trainingRequiredForSeating,
      trainingRequiredShare: campaigns.trainingRequiredShare,
    })
    .from(campaigns)
    .where(eq(campaigns.id, campaignId));
  return rows[0] ?? null;
}

export async function setTrainingSettings(tx: Tx, campaignId: number, required: boolean, share: number, now: Date) {
  await tx
    .update(campaigns)
    .set({ trainingRequiredForSeating: required, trainingRequiredShare: share, updatedAt: now })
    .where(eq(campaigns.id, campaignId));
}

export async function findJurisdiction(tx: Tx, id: number) {
  const rows = await tx.select().from(orgNodes).where(eq(orgNodes.id, id));
  return rows[0] ?? null;
}

/** Classes of a campaign visible to the caller (row-level security keeps a jurisdiction to its own), with counts. */
export async function listClasses(
  tx: Tx,
  campaignId: number,
  jurisdictionId: number | null,
  page: number,
  pageSize: number,
) {
  const where = and(
    eq(trainingClasses.campaignId, campaignId),
    jurisdictionId === null ? undefined : eq(trainingClasses.jurisdictionId, jurisdictionId),
  );
  const [total] = await tx.select({ n: count() }).from(trainingClasses).where(where);
  const rows = await tx
    .select({
      row: trainingClasses,
      jurisdictionName: orgNodes.name,
      enrolled: sql<number>`(select count(*)::int from training_enrolments e where e.class_id = ${trainingClasses.id})`,
      sittings: sql<number>`(select count(*)::int from training_sittings s where s.class_id = ${trainingClasses.id})`,
    })
    .from(trainingClasses)
    .innerJoin(orgNodes, eq(orgNodes.id, trainingClasses.jurisdictionId))
    .where(where)
    .orderBy(asc(orgNodes.sortOrder), asc(trainingClasses.startsOn), asc(trainingClasses.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { total: total?.n ?? 0, rows };
}

export async function findClass(tx: Tx, id: number, lock = false): Promise<ClassRow | null> {
  const q = tx.select().from(trainingClasses).where(eq(trainingClasses.id, id));
  const rows = lock ? await q.for('update') : await q;
  return rows[0] ?? null;
}

export async function insertClass(tx: Tx, values: ClassInsert): Promise<ClassRow> {
  const [row] = await tx.insert(trainingClasses).values(values).returning();
  return row!;
}

export async function updateClass(tx: Tx, id: number, patch: Partial<ClassInsert>): Promise<ClassRow> {
  const [row] = await tx.update(trainingClasses).set(patch).where(eq(trainingClasses.id, id)).returning();
  return row!;
}

export async function deleteClass(tx: Tx, id: number): Promise<void> {
  await tx.delete(trainingClasses).where(eq(trainingClasses.id, id));
}

export async function classCounts(tx: Tx, id: number): Promise<{ enrolled: number; sittings: number }> {
  const [e] = await tx.select({ n: count() }).from(trainingEnrolments).where(eq(trainingEnrolments.classId, id));
  const [s] = await tx.select({ n: count() }).from(trainingSittings).where(eq(trainingSittings.classId, id));
  return { enrolled: e?.n ?? 0, sittings: s?.n ?? 0 };
}

export async function listSittings(tx: Tx, classId: number): Promise<SittingRow[]> {
  return tx
    .select()
    .from(trainingSittings)
    .where(eq(trainingSittings.classId, classId))
    .orderBy(asc(trainingSittings.sittingDate), asc(trainingSittings.id));
}

export async function insertSitting(tx: Tx, values: typeof trainingSittings.$inferInsert): Promise<SittingRow> {
  const [row] = await tx.insert(trainingSittings).values(values).returning();
  return row!;
}

export async function findSitting(tx: Tx, classId: number, id: number): Promise<SittingRow | null> {
  const rows = await tx
    .select()
    .from(trainingSittings)
    .where(and(eq(trainingSittings.classId, classId), eq(trainingSittings.id, id)));
  return rows[0] ?? null;
}

export async function deleteSitting(tx: Tx, id: number): Promise<number> {
  const removed = await tx
    .delete(trainingAttendance)
    .where(eq(trainingAttendance.sittingId, id))
    .returning({ a: trainingAttendance.applicationId });
  await tx.delete(trainingSittings).where(eq(trainingSittings.id, id));
  return removed.length;
}

export interface CandidateRow {
  application_id: number;
  name: string;
  id_number: string;
  unit_name: string;
  job_type_id: number;
  job_type_name: string;
  grade: number;
  class_id: number | null;
}

/**
 * A jurisdiction's confirmed candidates of the campaign (`province_confirmed`), filtered by job type and grade and,
 * when `onlyFree`, not yet in any class of the campaign.
 */
export async function confirmedCandidates(
  tx: Tx,
  spec: {
    campaignId: number;
    jurisdictionId: number;
    jobTypeIds: readonly number[];
    grades: readonly number[];
    applicationIds?: readonly number[];
    onlyFree: boolean;
    page?: number;
    pageSize?: number;
  },
): Promise<{ total: number; rows: CandidateRow[] }> {
  const ids = spec.applicationIds ? sql`and a.id = any(${`{${spec.applicationIds.join(',')}}`}::int[])` : sql``;
  const free = spec.onlyFree ? sql`and e.application_id is null` : sql``;
  const where = sql`
    from applications a
    join org_nodes u on u.id = a.unit_id
    join job_types j on j.id = a.applied_job_type_id
    left join training_enrolments e on e.campaign_id = a.campaign_id and e.application_id = a.id
    where a.campaign_id = ${spec.campaignId} and a.jurisdiction_id = ${spec.jurisdictionId}
      and a.status = 'province_confirmed'
      and a.applied_job_type_id = any(${`{${spec.jobTypeIds.join(',')}}`}::int[])
      and a.applied_grade = any(${`{${spec.grades.join(',')}}`}::int[])
      ${ids} ${free}`;
  const limit = spec.pageSize ? sql`limit ${spec.pageSize} offset ${((spec.page ?? 1) - 1) * spec.pageSize}` : sql``;
  const [total] = resultRows<{ n: number }>(await tx.execute(sql`select count(*)::int as n ${where}`));
  const rows = resultRows<CandidateRow>(
    await tx.execute(sql`
      select a.id as application_id, a.name, a.id_number, u.name as unit_name, a.applied_job_type_id as job_type_id,
             j.name as job_type_name, a.applied_grade as grade, e.class_id
      ${where}
      order by j.name, a.applied_grade desc, u.name, a.name, a.id ${limit}`),
  );
  return { total: Number(total?.n ?? 0), rows };
}

export async function enrol(
  tx: Tx,
  cls: ClassRow,
  applicationIds: readonly number[],
  by: number,
  now: Date,
): Promise<void> {
  if (applicationIds.length === 0) return;
  await tx.insert(trainingEnrolments).values(
    applicationIds.map((applicationId) => ({
      classId: cls.id,
      campaignId: cls.campaignId,
      applicationId,
      orgPath: cls.orgPath,
      createdBy: by,
      createdAt: now,
    })),
  );
}

/** Removes a candidate from a class with their attendance in it; false when they were not on the roster. */
export async function unenrol(tx: Tx, classId: number, applicationId: number): Promise<boolean> {
  const sittingIds = tx
    .select({ id: trainingSittings.id })
    .from(trainingSittings)
    .where(eq(trainingSittings.classId, classId));
  await tx
    .delete(trainingAttendance)
    .where(and(eq(trainingAttendance.applicationId, applicationId), inArray(trainingAttendance.sittingId, sittingIds)));
  const removed = await tx
    .delete(trainingEnrolments)
    .where(and(eq(trainingEnrolments.classId, classId), eq(trainingEnrolments.applicationId, applicationId)))
    .returning({ id: trainingEnrolments.applicationId });
  return removed.length > 0;
}

export interface RosterRow {
  application_id: number;
  name: string;
  id_number: string;
  unit_name: string;
  job_type_name: string;
  grade: number;
}

export async function roster(tx: Tx, classId: number, page: number, pageSize: number) {
  const [total] = await tx
    .select({ n: count() })
    .from(trainingEnrolments)
    .where(eq(trainingEnrolments.classId, classId));
  const rows = resultRows<RosterRow>(
    await tx.execute(sql`
      select a.id as application_id, a.name, a.id_number, u.name as unit_name, j.name as job_type_name,
             a.applied_grade as grade
      from training_enrolments e
      join applications a on a.id = e.application_id
      join org_nodes u on u.id = a.unit_id
      join job_types j on j.id = a.applied_job_type_id
      where e.class_id = ${classId}
      order by u.name, a.name, a.id
      limit ${pageSize} offset ${(page - 1) * pageSize}`),
  );
  return { total: total?.n ?? 0, rows };
}

export async function rosterIds(tx: Tx, classId: number): Promise<Set<number>> {
  const rows = await tx
    .select({ id: trainingEnrolments.applicationId })
    .from(trainingEnrolments)
    .where(eq(trainingEnrolments.classId, classId));
  return new Set(rows.map((r) => r.id));
}

export async function attendanceOf(tx: Tx, classId: number, applicationIds: readonly number[]) {
  if (applicationIds.length === 0) return [];
  return tx
    .select({
      sittingId: trainingAttendance.sittingId,
      applicationId: trainingAttendance.applicationId,
      status: trainingAttendance.status,
    })
    .from(trainingAttendance)
    .innerJoin(trainingSittings, eq(trainingSittings.id, trainingAttendance.sittingId))
    .where(and(eq(trainingSittings.classId, classId), inArray(trainingAttendance.applicationId, [...applicationIds])));
}

export async function upsertAttendance(
  tx: Tx,
  sitting: SittingRow,
  records: readonly { applicationId: number; status: AttendanceStatus }[],
  by: number,
  now: Date,
): Promise<void> {
  if (records.length === 0) return;
  await tx
    .insert(trainingAttendance)
    .values(
      records.map((r) => ({
        sittingId: sitting.id,
        applicationId: r.applicationId,
        orgPath: sitting.orgPath,
        status: r.status,
        recordedBy: by,
        recordedAt: now,
      })),
    )
    .onConflictDoUpdate({
      target: [trainingAttendance.sittingId, trainingAttendance.applicationId],
      set: { status: sql`excluded.status`, recordedBy: by, recordedAt: now },
    });
}

/**
 * For seating (next step of issue 14): every enrolled candidate of the campaign with their class's sitting ids and
 * their attendance, so that trainingStatus can be computed per candidate. Runs under the caller's scope.
 */
export async function campaignTrainingRecords(tx: Tx, campaignId: number) {
  return resultRows<{
    application_id: number;
    sitting_ids: number[];
    attendance: { sittingId: number; status: AttendanceStatus }[];
  }>(
    await tx.execute(sql`
      select e.application_id,
        coalesce((select array_agg(s.id) from training_sittings s where s.class_id = e.class_id), '{}') as sitting_ids,
        coalesce((select json_agg(json_build_object('sittingId', t.sitting_id, 'status', t.status))
                    from training_attendance t join training_sittings s on s.id = t.sitting_id
                   where s.class_id = e.class_id and t.application_id = e.application_id), '[]') as attendance
      from training_enrolments e where e.campaign_id = ${campaignId}`),
  );
}

export async function lockCampaign(tx: Tx, id: number) {
  const rows = await tx.select().from(campaigns).where(eq(campaigns.id, id)).for('update');
  return rows[0] ?? null;
}
