/** The score reviews' SQL (score_reviews: the subtree's and one's own under row-level security). */
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Subject } from '../../../domain/items.js';
import type { Tx } from '../../db/client.js';
import { orgNodes, scoreReviews } from '../../db/schema.js';

export type ReviewRow = typeof scoreReviews.$inferSelect;

export async function insertReview(tx: Tx, row: typeof scoreReviews.$inferInsert): Promise<ReviewRow> {
  const [inserted] = await tx.insert(scoreReviews).values(row).returning();
  return inserted!;
}

export async function findReview(tx: Tx, id: number, lock = false): Promise<ReviewRow | null> {
  const q = tx.select().from(scoreReviews).where(eq(scoreReviews.id, id));
  const rows = lock ? await q.for('update') : await q;
  return rows[0] ?? null;
}

export async function findBySubject(tx: Tx, applicationId: number, subject: Subject): Promise<ReviewRow | null> {
  const rows = await tx
    .select()
    .from(scoreReviews)
    .where(and(eq(scoreReviews.applicationId, applicationId), eq(scoreReviews.subject, subject)));
  return rows[0] ?? null;
}

export async function reviewsOfApplications(tx: Tx, applicationIds: readonly number[]): Promise<ReviewRow[]> {
  if (applicationIds.length === 0) return [];
  return tx
    .select()
    .from(scoreReviews)
    .where(inArray(scoreReviews.applicationId, [...applicationIds]));
}

export interface ReviewFilter {
  campaignId?: number | undefined;
  status?: 'pending' | 'decided' | undefined;
  q?: string | undefined;
}

function whereOf(f: ReviewFilter) {
  const like = f.q ? `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  return and(
    f.campaignId !== undefined ? eq(scoreReviews.campaignId, f.campaignId) : undefined,
    f.status ? eq(scoreReviews.status, f.status) : undefined,
    like
      ? sql`exists (select 1 from applications a where a.id = ${scoreReviews.applicationId} and a.name like ${like})`
      : undefined,
  );
}

/** All matching reviews (the overdue filter needs the calendar, so the service pages). */
export async function listReviews(tx: Tx, f: ReviewFilter) {
  return tx
    .select({
      review: scoreReviews,
      name: sql<string>`(select a.name from applications a where a.id = ${scoreReviews.applicationId})`,
      unitName: sql<string>`(select u.name from applications a join ${orgNodes} u on u.id = a.unit_id where a.id = ${scoreReviews.applicationId})`,
    })
    .from(scoreReviews)
    .where(whereOf(f))
    .orderBy(asc(sql`case when ${scoreReviews.status} = 'pending' then 0 else 1 end`), desc(scoreReviews.id))
    .limit(5000);
}

export async function countReviews(tx: Tx, f: ReviewFilter): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(scoreReviews).where(whereOf(f));
  return Number(row?.n ?? 0);
}

export async function decide(
  tx: Tx,
  id: number,
  set: Pick<
    ReviewRow,
    'outcome' | 'originalScore' | 'rescoredScore' | 'newScore' | 'rebuildMatches' | 'rebuildMessage' | 'note'
  > & { decidedBy: number; decidedAt: Date; decidedOn: string },
): Promise<ReviewRow> {
  const [row] = await tx
    .update(scoreReviews)
    .set({ ...set, status: 'decided' })
    .where(eq(scoreReviews.id, id))
    .returning();
  return row!;
}
