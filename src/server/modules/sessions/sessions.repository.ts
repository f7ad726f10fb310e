import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { resultRows, type Tx } from '../../db/client.js';
import { campaigns, examSessions } from '../../db/schema.js';

export type SessionRow = typeof examSessions.$inferSelect;
export type SessionInsert = typeof examSessions.$inferInsert;

export async function listSessions(tx: Tx, campaignId: number): Promise<SessionRow[]> {
  return tx
    .select()
    .from(examSessions)
    .where(eq(examSessions.campaignId, campaignId))
    .orderBy(asc(examSessions.sessionDate), asc(examSessions.startTime), asc(examSessions.id));
}

export async function findSession(tx: Tx, campaignId: number, id: number): Promise<SessionRow | null> {
  const rows = await tx
    .select()
    .from(examSessions)
    .where(and(eq(examSessions.campaignId, campaignId), eq(examSessions.id, id)))
    .for('update');
  return rows[0] ?? null;
}

/** The campaign's sessions on a date, but one (the session being edited). */
export async function sessionsOnDate(tx: Tx, campaignId: number, date: string, exceptId: number | null) {
  return tx
    .select()
    .from(examSessions)
    .where(
      and(
        eq(examSessions.campaignId, campaignId),
        eq(examSessions.sessionDate, date),
        exceptId === null ? undefined : ne(examSessions.id, exceptId),
      ),
    );
}

export async function insertSession(tx: Tx, values: SessionInsert): Promise<SessionRow> {
  const [row] = await tx.insert(examSessions).values(values).returning();
  return row!;
}

export async function updateSession(tx: Tx, id: number, patch: Partial<SessionInsert>): Promise<SessionRow> {
  const [row] = await tx.update(examSessions).set(patch).where(eq(examSessions.id, id)).returning();
  return row!;
}

export async function deleteSession(tx: Tx, id: number): Promise<void> {
  await tx.execute(sql`delete from exam_room_numbers where session_id = ${id}`);
  await tx.delete(examSessions).where(eq(examSessions.id, id));
}

/** Each subject's longest published blueprint duration (gk_published_durations, migration 0023). */
export async function publishedDurations(tx: Tx, campaignId: number): Promise<Map<string, number>> {
  const rows = resultRows<{ subject: string; duration_minutes: number }>(
    await tx.execute(sql`select subject, duration_minutes from gk_published_durations(${campaignId})`),
  );
  return new Map(rows.map((r) => [r.subject, Number(r.duration_minutes)]));
}

/**
 * What points at a session, by kind: the seats of the seating (seat_assignments). deleteSession refuses while any
 * count is above zero; the session's 考场号 without seats go with it (deleteSession), as no ticket carries them.
 */
export async function sessionReferences(tx: Tx, id: number): Promise<{ label: string; count: number }[]> {
  const [row] = resultRows<{ seats: number }>(
    await tx.execute(sql`select count(*)::int as seats from seat_assignments where session_id = ${id}`),
  );
  return [
    { label: '考生座位', count: Number(row?.seats ?? 0) },
    { label: '考试作答', count: await attemptCount(tx, id) },
  ];
}

/** Candidates who signed in to the session on exam day (exam_attempts): its times are then theirs too. */
export async function attemptCount(tx: Tx, id: number): Promise<number> {
  const [row] = resultRows<{ n: number }>(
    await tx.execute(sql`select count(*)::int as n from exam_attempts where session_id = ${id}`),
  );
  return Number(row?.n ?? 0);
}

/** Locks the campaign's row: changes to one campaign's sessions run one after another (the overlap check holds). */
export async function lockCampaign(tx: Tx, id: number) {
  const rows = await tx.select().from(campaigns).where(eq(campaigns.id, id)).for('update');
  return rows[0] ?? null;
}
