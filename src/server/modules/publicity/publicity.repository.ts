/**
 * The publicity's SQL: publicity_lists (one per campaign and result track), publicity_entries (a track's are those of
 * its grades) (the list as published; struck persons
 * keep their row), publicity_objections. Officials read their subtree (row-level security); the province writes;
 * the public pages read in system transactions, only masked columns.
 */
import { and, asc, count, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { ObjectionSource, ObjectionStatus } from '../../../domain/publicity.js';
import type { ResultTrack } from '../../../domain/result-tracks.js';
import { resultRows, type Tx } from '../../db/client.js';
import { publicityEntries, publicityLists, publicityObjections } from '../../db/schema.js';

export type ListRow = typeof publicityLists.$inferSelect;
export type EntryRow = typeof publicityEntries.$inferSelect;
export type ObjectionRow = typeof publicityObjections.$inferSelect;

/** The entries (by their grade) of a result track: 一级 alone, or 五 to 二. */
const ofTrack = (track: ResultTrack) =>
  track === 'grade1' ? sql`${publicityEntries.grade} = 1` : sql`${publicityEntries.grade} >= 2`;

export async function findList(tx: Tx, campaignId: number, track: ResultTrack): Promise<ListRow | null> {
  const rows = await tx
    .select()
    .from(publicityLists)
    .where(and(eq(publicityLists.campaignId, campaignId), eq(publicityLists.track, track)));
  return rows[0] ?? null;
}

export async function insertList(tx: Tx, row: typeof publicityLists.$inferInsert): Promise<void> {
  await tx.insert(publicityLists).values(row);
}

export async function insertEntries(tx: Tx, rows: (typeof publicityEntries.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await tx.insert(publicityEntries).values(rows.slice(i, i + 500));
}

/** Published lists with their campaign's name (system transaction: the public page). */
export async function listPublished(tx: Tx) {
  return tx
    .select({
      list: publicityLists,
      name: sql<string>`(select name from campaigns c where c.id = ${publicityLists.campaignId})`,
    })
    .from(publicityLists)
    .orderBy(desc(publicityLists.publishedAt), asc(publicityLists.track));
}

export interface EntriesFilter {
  q?: string | undefined;
  struck?: boolean | undefined;
  track?: ResultTrack | undefined;
}

function entriesWhere(campaignId: number, filter: EntriesFilter) {
  const where = [eq(publicityEntries.campaignId, campaignId)];
  if (filter.track) where.push(ofTrack(filter.track));
  if (filter.struck === true) where.push(isNotNull(publicityEntries.struckAt));
  if (filter.struck === false) where.push(isNull(publicityEntries.struckAt));
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(sql`(${publicityEntries.name} like ${like} or ${publicityEntries.unitName} like ${like})`);
  }
  return and(...where);
}

export async function pageEntries(
  tx: Tx,
  campaignId: number,
  filter: EntriesFilter,
  page: { offset: number; limit: number },
): Promise<{ total: number; rows: EntryRow[] }> {
  const where = entriesWhere(campaignId, filter);
  const [total] = await tx.select({ n: count() }).from(publicityEntries).where(where);
  const rows = await tx
    .select()
    .from(publicityEntries)
    .where(where)
    .orderBy(asc(publicityEntries.orgPath), asc(publicityEntries.applicationId))
    .limit(page.limit)
    .offset(page.offset);
  return { total: Number(total?.n ?? 0), rows };
}

export async function allEntries(tx: Tx, campaignId: number, track: ResultTrack): Promise<EntryRow[]> {
  return tx
    .select()
    .from(publicityEntries)
    .where(and(eq(publicityEntries.campaignId, campaignId), ofTrack(track)))
    .orderBy(asc(publicityEntries.orgPath), asc(publicityEntries.applicationId));
}

export async function findEntry(tx: Tx, campaignId: number, applicationId: number): Promise<EntryRow | null> {
  const rows = await tx
    .select()
    .from(publicityEntries)
    .where(and(eq(publicityEntries.campaignId, campaignId), eq(publicityEntries.applicationId, applicationId)));
  return rows[0] ?? null;
}

export async function strikeEntry(tx: Tx, applicationId: number, reason: string, now: Date): Promise<void> {
  await tx
    .update(publicityEntries)
    .set({ struckAt: now, struckReason: reason })
    .where(eq(publicityEntries.applicationId, applicationId));
}

export async function struckIds(tx: Tx, campaignId: number): Promise<number[]> {
  const rows = await tx
    .select({ id: publicityEntries.applicationId })
    .from(publicityEntries)
    .where(and(eq(publicityEntries.campaignId, campaignId), isNotNull(publicityEntries.struckAt)));
  return rows.map((r) => r.id);
}

export async function isStruck(tx: Tx, applicationId: number): Promise<boolean> {
  const rows = await tx
    .select({ id: publicityEntries.applicationId })
    .from(publicityEntries)
    .where(and(eq(publicityEntries.applicationId, applicationId), isNotNull(publicityEntries.struckAt)));
  return rows.length > 0;
}

/** A track's list: listed and struck persons, objections not yet resolved (about persons of its grades). */
export async function counts(tx: Tx, campaignId: number, track: ResultTrack) {
  const [e] = await tx
    .select({
      listed: count(),
      struck: sql<number>`count(*) filter (where ${publicityEntries.struckAt} is not null)::int`,
    })
    .from(publicityEntries)
    .where(and(eq(publicityEntries.campaignId, campaignId), ofTrack(track)));
  const [o] = await tx
    .select({ open: count() })
    .from(publicityObjections)
    .innerJoin(publicityEntries, eq(publicityEntries.applicationId, publicityObjections.applicationId))
    .where(
      and(
        eq(publicityObjections.campaignId, campaignId),
        sql`${publicityObjections.status} in ('pending', 'investigating')`,
        ofTrack(track),
      ),
    );
  return { listed: Number(e?.listed ?? 0), struck: Number(e?.struck ?? 0), openObjections: Number(o?.open ?? 0) };
}

export async function insertObjection(
  tx: Tx,
  row: {
    campaignId: number;
    applicationId: number;
    source: ObjectionSource;
    objectorName: string;
    objectorContact: string;
    content: string;
    orgPath: string;
    recordedBy: number | null;
    now: Date;
  },
): Promise<ObjectionRow> {
  const [inserted] = await tx
    .insert(publicityObjections)
    .values({ ...row, status: 'pending', createdAt: row.now, updatedAt: row.now })
    .returning();
  return inserted!;
}

export async function findObjection(tx: Tx, id: number, lock = false): Promise<ObjectionRow | null> {
  const q = tx.select().from(publicityObjections).where(eq(publicityObjections.id, id));
  const rows = lock ? await q.for('update') : await q;
  return rows[0] ?? null;
}

export async function listObjections(tx: Tx, campaignId: number, status?: ObjectionStatus, track?: ResultTrack) {
  return tx
    .select({ objection: publicityObjections, personName: publicityEntries.name, unitName: publicityEntries.unitName })
    .from(publicityObjections)
    .innerJoin(publicityEntries, eq(publicityEntries.applicationId, publicityObjections.applicationId))
    .where(
      and(
        eq(publicityObjections.campaignId, campaignId),
        status ? eq(publicityObjections.status, status) : undefined,
        track ? ofTrack(track) : undefined,
      ),
    )
    .orderBy(desc(publicityObjections.id));
}

export async function updateObjection(
  tx: Tx,
  id: number,
  set: Partial<Pick<ObjectionRow, 'status' | 'investigation' | 'resolution' | 'resolvedBy' | 'resolvedAt'>> & {
    updatedAt: Date;
  },
): Promise<ObjectionRow> {
  const [row] = await tx.update(publicityObjections).set(set).where(eq(publicityObjections.id, id)).returning();
  return row!;
}

/** The campaign's own notice number (豫人社办函〔2017〕11号), cited by the notice of qualified persons. */
export async function campaignNoticeNumber(tx: Tx, campaignId: number): Promise<string | null> {
  const rows = resultRows<{ notice_number: string }>(
    await tx.execute(sql`select notice_number from campaigns where id = ${campaignId}`),
  );
  return rows[0]?.notice_number ?? null;
}
