import { and, asc, count, desc, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import { containsPattern, type Tx } from '../../db/client.js';
import { catalogVersions, jobTypes } from '../../db/schema.js';

export type CatalogVersionRow = typeof catalogVersions.$inferSelect;
export type JobTypeRow = typeof jobTypes.$inferSelect;
export type NewJobType = Pick<JobTypeRow, 'code' | 'name' | 'category' | 'grades' | 'localExam'>;

export async function listVersions(tx: Tx): Promise<CatalogVersionRow[]> {
  return tx.select().from(catalogVersions).orderBy(desc(catalogVersions.createdAt), desc(catalogVersions.id));
}

export async function findVersion(tx: Tx, id: number): Promise<CatalogVersionRow | null> {
  const rows = await tx.select().from(catalogVersions).where(eq(catalogVersions.id, id));
  return rows[0] ?? null;
}

export async function findVersionByName(tx: Tx, name: string): Promise<CatalogVersionRow | null> {
  const rows = await tx.select().from(catalogVersions).where(eq(catalogVersions.name, name));
  return rows[0] ?? null;
}

/** Writes a version and all its job types (the caller's transaction makes it all or nothing). */
export async function insertVersion(
  tx: Tx,
  version: Pick<CatalogVersionRow, 'name' | 'title' | 'isSample' | 'createdBy' | 'createdAt'>,
  types: readonly NewJobType[],
): Promise<CatalogVersionRow> {
  const [row] = await tx
    .insert(catalogVersions)
    .values({ ...version, jobTypeCount: types.length })
    .returning();
  for (let i = 0; i < types.length; i += 500) {
    await tx.insert(jobTypes).values(types.slice(i, i + 500).map((t) => ({ ...t, versionId: row!.id })));
  }
  return row!;
}

export interface JobTypeFilter {
  q?: string;
  category?: string;
  grade?: number;
  page: number;
  pageSize: number;
}

export async function listJobTypes(
  tx: Tx,
  versionId: number,
  filter: JobTypeFilter,
): Promise<{ items: JobTypeRow[]; total: number }> {
  const conditions: SQL[] = [eq(jobTypes.versionId, versionId)];
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    conditions.push(or(ilike(jobTypes.name, pattern), ilike(jobTypes.code, pattern))!);
  }
  if (filter.category) conditions.push(eq(jobTypes.category, filter.category));
  if (filter.grade !== undefined) conditions.push(sql`${filter.grade} = any(${jobTypes.grades})`);
  const where = and(...conditions);
  // One connection per transaction: the queries run one after the other.
  const items = await tx
    .select()
    .from(jobTypes)
    .where(where)
    .orderBy(asc(jobTypes.code), asc(jobTypes.id))
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  const totals = await tx.select({ n: count() }).from(jobTypes).where(where);
  return { items, total: Number(totals[0]?.n ?? 0) };
}

export async function versionCategories(tx: Tx, versionId: number): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ category: jobTypes.category })
    .from(jobTypes)
    .where(eq(jobTypes.versionId, versionId))
    .orderBy(asc(jobTypes.category));
  return rows.map((r) => r.category);
}

/** One job type, e.g. the one an application names (for other modules). */
export async function findJobType(tx: Tx, id: number): Promise<JobTypeRow | null> {
  const rows = await tx.select().from(jobTypes).where(eq(jobTypes.id, id));
  return rows[0] ?? null;
}
