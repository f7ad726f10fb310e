import { and, asc, count, desc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { containsPattern, type Tx } from '../../db/client.js';
import { applicationFiles, applicationReviews, applications, jobTypes, orgNodes } from '../../db/schema.js';
import type { SORT_COLUMNS } from './applications.schemas.js';

export type ApplicationRow = typeof applications.$inferSelect;
export type ApplicationInsert = typeof applications.$inferInsert;
export type JobTypeRow = typeof jobTypes.$inferSelect;
export type ApplicationStatus = ApplicationRow['status'];
export type FileKind = (typeof applicationFiles.$inferSelect)['kind'];

const unitNode = alias(orgNodes, 'unit_node');
const departmentNode = alias(orgNodes, 'department_node');
const jurisdictionNode = alias(orgNodes, 'jurisdiction_node');

/** An application with the names it is shown with. Names are null where row-level security hides the node. */
export interface ApplicationView {
  row: ApplicationRow;
  unitName: string | null;
  departmentName: string | null;
  jurisdictionName: string | null;
  appliedJobType: string | null;
  appliedJobTypeCategory: string | null;
}

/** A unit with what an application copies from it: its path, department and jurisdiction. */
export interface UnitRef {
  id: number;
  name: string;
  kind: string;
  active: boolean;
  path: string;
  departmentId: number;
  departmentName: string;
  jurisdictionId: number;
  jurisdictionName: string;
}

export async function findJobType(tx: Tx, id: number): Promise<JobTypeRow | null> {
  const rows = await tx.select().from(jobTypes).where(eq(jobTypes.id, id));
  return rows[0] ?? null;
}

/** A unit with its department and jurisdiction; null when it is not a unit (or not visible). */
export async function findUnit(tx: Tx, unitId: number): Promise<UnitRef | null> {
  const rows = await tx
    .select({
      id: unitNode.id,
      name: unitNode.name,
      kind: unitNode.kind,
      active: unitNode.active,
      path: unitNode.path,
      departmentId: departmentNode.id,
      departmentName: departmentNode.name,
      jurisdictionId: jurisdictionNode.id,
      jurisdictionName: jurisdictionNode.name,
    })
    .from(unitNode)
    .innerJoin(departmentNode, eq(departmentNode.id, unitNode.parentId))
    .innerJoin(jurisdictionNode, eq(jurisdictionNode.id, departmentNode.parentId))
    .where(and(eq(unitNode.id, unitId), eq(unitNode.kind, 'unit')));
  return rows[0] ?? null;
}

function viewSelect(tx: Tx) {
  return tx
    .select({
      row: applications,
      unitName: unitNode.name,
      departmentName: departmentNode.name,
      jurisdictionName: jurisdictionNode.name,
      appliedJobType: jobTypes.name,
      appliedJobTypeCategory: jobTypes.category,
    })
    .from(applications)
    .leftJoin(unitNode, eq(unitNode.id, applications.unitId))
    .leftJoin(departmentNode, eq(departmentNode.id, applications.departmentId))
    .leftJoin(jurisdictionNode, eq(jurisdictionNode.id, applications.jurisdictionId))
    .leftJoin(jobTypes, eq(jobTypes.id, applications.appliedJobTypeId));
}

/**
 * Officials do not see an applicant's online application while the applicant is still drafting it: it reaches
 * the unit when the applicant submits it (awaiting_unit).
 */
const notOnlineDraft = sql`not (${applications.source} = 'online' and ${applications.status} = 'draft')`;

export async function findApplicationView(
  tx: Tx,
  id: number,
  options: { hideOnlineDrafts: boolean },
): Promise<ApplicationView | null> {
  const conditions: SQL[] = [eq(applications.id, id)];
  if (options.hideOnlineDrafts) conditions.push(notOnlineDraft);
  const rows = await viewSelect(tx).where(and(...conditions));
  return rows[0] ?? null;
}

export async function findOwnApplicationView(tx: Tx, accountId: number, campaignId: number) {
  const rows = await viewSelect(tx).where(
    and(eq(applications.applicantAccountId, accountId), eq(applications.campaignId, campaignId)),
  );
  return rows[0] ?? null;
}

/** Locks the applications of a campaign with these ids that the caller can see (row-level security), by id. */
export async function lockApplications(tx: Tx, campaignId: number, ids: readonly number[]): Promise<ApplicationRow[]> {
  if (ids.length === 0) return [];
  return tx
    .select()
    .from(applications)
    .where(and(eq(applications.campaignId, campaignId), inArray(applications.id, [...ids])))
    .orderBy(asc(applications.id))
    .for('update');
}

export async function lockApplication(tx: Tx, id: number): Promise<ApplicationRow | null> {
  const rows = await tx.select().from(applications).where(eq(applications.id, id)).for('update');
  return rows[0] ?? null;
}

/** Who registered a person in a campaign: the unit, and its jurisdiction (which decides what a caller is told). */
export interface Registrant {
  id: number;
  unitName: string;
  jurisdictionId: number;
}

export async function findRegistrant(tx: Tx, campaignId: number, idNumber: string): Promise<Registrant | null> {
  const rows = await tx
    .select({ id: applications.id, unitName: orgNodes.name, jurisdictionId: applications.jurisdictionId })
    .from(applications)
    .innerJoin(orgNodes, eq(orgNodes.id, applications.unitId))
    .where(and(eq(applications.campaignId, campaignId), eq(applications.idNumber, idNumber)));
  return rows[0] ?? null;
}

/** Who registered each of these people in a campaign (at most 1,000 ID numbers), by ID number. */
export async function findRegistrants(
  tx: Tx,
  campaignId: number,
  idNumbers: readonly string[],
): Promise<Array<Registrant & { idNumber: string }>> {
  return tx
    .select({
      idNumber: applications.idNumber,
      id: applications.id,
      unitName: orgNodes.name,
      jurisdictionId: applications.jurisdictionId,
    })
    .from(applications)
    .innerJoin(orgNodes, eq(orgNodes.id, applications.unitId))
    .where(and(eq(applications.campaignId, campaignId), inArray(applications.idNumber, idNumbers)));
}

/** Inserts applications, skipping any whose person the campaign already has; answers the rows written. */
export async function insertApplicationsSkippingDuplicates(
  tx: Tx,
  values: ApplicationInsert[],
): Promise<ApplicationRow[]> {
  return tx
    .insert(applications)
    .values(values)
    .onConflictDoNothing({ target: [applications.campaignId, applications.idNumber] })
    .returning();
}

export async function insertApplication(tx: Tx, values: ApplicationInsert): Promise<ApplicationRow> {
  const [row] = await tx.insert(applications).values(values).returning();
  return row!;
}

/** Updates only when the row is still at `version`; null when someone saved in between. */
export async function updateApplication(
  tx: Tx,
  id: number,
  version: number,
  patch: Partial<ApplicationInsert>,
): Promise<ApplicationRow | null> {
  const [row] = await tx
    .update(applications)
    .set({ ...patch, version: version + 1 })
    .where(and(eq(applications.id, id), eq(applications.version, version)))
    .returning();
  return row ?? null;
}

/** Deletes a draft and its files (row-level security allows deleting drafts in scope only). */
export async function deleteDraftApplication(tx: Tx, id: number): Promise<boolean> {
  await tx.delete(applicationFiles).where(eq(applicationFiles.applicationId, id));
  const rows = await tx
    .delete(applications)
    .where(and(eq(applications.id, id), eq(applications.status, 'draft')))
    .returning({ id: applications.id });
  return rows.length === 1;
}

export type SortColumn = (typeof SORT_COLUMNS)[number];

export interface ApplicationListFilter {
  campaignId?: number;
  /** Applications of units under this org path (the unit itself or a department/jurisdiction subtree). */
  underPath?: string;
  jobTypeId?: number;
  grade?: number;
  verdict?: string;
  status?: ApplicationStatus;
  q?: string;
  sort: SortColumn;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

const SORT_EXPRESSIONS = {
  createdAt: applications.createdAt,
  name: applications.name,
  appliedGrade: applications.appliedGrade,
  verdict: applications.verdict,
  status: applications.status,
  unitName: unitNode.name,
} as const;

export interface ApplicationListRow {
  id: number;
  name: string;
  idNumber: string;
  sex: string;
  unitName: string | null;
  appliedJobType: string | null;
  appliedGrade: number;
  verdict: string;
  status: ApplicationStatus;
  source: ApplicationRow['source'];
  updatedAt: Date;
}

export async function listApplications(
  tx: Tx,
  filter: ApplicationListFilter,
): Promise<{ items: ApplicationListRow[]; total: number }> {
  const conditions: SQL[] = [notOnlineDraft];
  if (filter.campaignId !== undefined) conditions.push(eq(applications.campaignId, filter.campaignId));
  if (filter.underPath !== undefined) conditions.push(sql`starts_with(${applications.orgPath}, ${filter.underPath})`);
  if (filter.jobTypeId !== undefined) conditions.push(eq(applications.appliedJobTypeId, filter.jobTypeId));
  if (filter.grade !== undefined) conditions.push(eq(applications.appliedGrade, filter.grade));
  if (filter.verdict !== undefined) conditions.push(eq(applications.verdict, filter.verdict));
  if (filter.status !== undefined) conditions.push(eq(applications.status, filter.status));
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    conditions.push(or(ilike(applications.name, pattern), ilike(applications.idNumber, pattern))!);
  }
  const where = and(...conditions);
  const direction = filter.order === 'asc' ? asc : desc;
  const [items, totals] = await Promise.all([
    tx
      .select({
        id: applications.id,
        name: applications.name,
        idNumber: applications.idNumber,
        sex: applications.sex,
        unitName: unitNode.name,
        appliedJobType: jobTypes.name,
        appliedGrade: applications.appliedGrade,
        verdict: applications.verdict,
        status: applications.status,
        source: applications.source,
        updatedAt: applications.updatedAt,
      })
      .from(applications)
      .leftJoin(unitNode, eq(unitNode.id, applications.unitId))
      .leftJoin(jobTypes, eq(jobTypes.id, applications.appliedJobTypeId))
      .where(where)
      .orderBy(direction(SORT_EXPRESSIONS[filter.sort]), direction(applications.id))
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize),
    tx.select({ n: count() }).from(applications).where(where),
  ]);
  return { items, total: Number(totals[0]?.n ?? 0) };
}

/** 审核意见 as printed on the form (docs/api-review.md, "Opinions"). */
export interface PrintedOpinion {
  opinion: string;
  reviewerName: string;
  sealName: string;
  /** The Beijing date of the decision, 'YYYY-MM-DD'. */
  date: string;
}

export type ReviewStage = NonNullable<ApplicationRow['returnedTo']>;
export type PrintedOpinions = Record<Exclude<ReviewStage, 'applicant'>, PrintedOpinion | null>;

/** The latest approval of each level for each application (the opinions the form prints), in one query. */
export async function findLatestApprovals(tx: Tx, ids: readonly number[]): Promise<Map<number, PrintedOpinions>> {
  const out = new Map<number, PrintedOpinions>();
  if (ids.length === 0) return out;
  const r = applicationReviews;
  const rows = await tx
    .selectDistinctOn([r.applicationId, r.level], {
      applicationId: r.applicationId,
      level: r.level,
      opinion: r.opinion,
      reviewerName: r.reviewerName,
      sealName: r.sealName,
      date: r.decidedOn,
    })
    .from(r)
    .where(and(sql`${r.applicationId} = any(${`{${ids.join(',')}}`}::int[])`, eq(r.action, 'approve')))
    .orderBy(r.applicationId, r.level, desc(r.id));
  for (const id of ids) out.set(id, { unit: null, department: null, jurisdiction: null, province: null });
  for (const row of rows) {
    if (row.level === 'applicant') continue;
    const entry = out.get(row.applicationId);
    if (entry) {
      entry[row.level] = {
        opinion: row.opinion,
        reviewerName: row.reviewerName,
        sealName: row.sealName,
        date: row.date,
      };
    }
  }
  return out;
}

/** Unit, department and jurisdiction names by id (for applicants, who cannot read org_nodes; run as system). */
export async function findNodeNames(tx: Tx, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: orgNodes.id, name: orgNodes.name })
    .from(orgNodes)
    .where(inArray(orgNodes.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

// ─── Files ─────────────────────────────────────────────────────────────────────────────────────────────────

export type FileMeta = Omit<typeof applicationFiles.$inferSelect, 'data'>;

const fileMetaColumns = {
  id: applicationFiles.id,
  applicationId: applicationFiles.applicationId,
  kind: applicationFiles.kind,
  fileName: applicationFiles.fileName,
  mime: applicationFiles.mime,
  size: applicationFiles.size,
  width: applicationFiles.width,
  height: applicationFiles.height,
  appraisalYear: applicationFiles.appraisalYear,
  description: applicationFiles.description,
  sha256: applicationFiles.sha256,
  createdBy: applicationFiles.createdBy,
  createdAt: applicationFiles.createdAt,
};

export async function listFiles(tx: Tx, applicationId: number): Promise<FileMeta[]> {
  return tx
    .select(fileMetaColumns)
    .from(applicationFiles)
    .where(eq(applicationFiles.applicationId, applicationId))
    .orderBy(asc(applicationFiles.id));
}

export async function findFileMeta(tx: Tx, applicationId: number, fileId: number): Promise<FileMeta | null> {
  const rows = await tx
    .select(fileMetaColumns)
    .from(applicationFiles)
    .where(and(eq(applicationFiles.applicationId, applicationId), eq(applicationFiles.id, fileId)));
  return rows[0] ?? null;
}

export async function findFileData(tx: Tx, applicationId: number, fileId: number): Promise<Buffer | null> {
  const rows = await tx
    .select({ data: applicationFiles.data })
    .from(applicationFiles)
    .where(and(eq(applicationFiles.applicationId, applicationId), eq(applicationFiles.id, fileId)));
  return rows[0]?.data ?? null;
}

export async function insertFile(tx: Tx, values: typeof applicationFiles.$inferInsert): Promise<FileMeta> {
  const [row] = await tx.insert(applicationFiles).values(values).returning(fileMetaColumns);
  return row!;
}

/** Deletes the application's files of one kind (a new photo replaces the old), or one file by id. */
export async function deleteFiles(
  tx: Tx,
  applicationId: number,
  which: { kind: FileKind } | { id: number },
): Promise<FileMeta[]> {
  return tx
    .delete(applicationFiles)
    .where(
      and(
        eq(applicationFiles.applicationId, applicationId),
        'kind' in which ? eq(applicationFiles.kind, which.kind) : eq(applicationFiles.id, which.id),
      ),
    )
    .returning(fileMetaColumns);
}

// ─── Loading for output (export, batch printing) ────────────────────────────────────────────────────────

/** One application with the names it is shown with, as the list shows it. */
export type OutputApplication = ApplicationView;

/** Applications by id, with their names, in the order of `ids`. */
export async function loadApplicationsByIds(tx: Tx, ids: readonly number[]): Promise<OutputApplication[]> {
  const byId = new Map<number, OutputApplication>();
  for (let i = 0; i < ids.length; i += 5000) {
    // The list's own select (the same names, the same joins), for these ids.
    const rows = await viewSelect(tx).where(inArray(applications.id, ids.slice(i, i + 5000)));
    for (const r of rows) byId.set(r.row.id, r);
  }
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The newest photo of each application (bytes), for printing. */
export async function loadPhotos(tx: Tx, ids: readonly number[]): Promise<Map<number, Buffer>> {
  const photos = new Map<number, Buffer>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await tx
      .select({ applicationId: applicationFiles.applicationId, data: applicationFiles.data })
      .from(applicationFiles)
      .where(and(inArray(applicationFiles.applicationId, ids.slice(i, i + 1000)), eq(applicationFiles.kind, 'photo')))
      .orderBy(asc(applicationFiles.id));
    // A new photo replaces the old one; should two exist, the newest (last) wins.
    for (const r of rows) photos.set(r.applicationId, r.data);
  }
  return photos;
}
