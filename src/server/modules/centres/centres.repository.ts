import { and, asc, count, desc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import { containsPattern, resultRows, type Tx } from '../../db/client.js';
import { examRooms, orgNodes, seatChecks, testCentres } from '../../db/schema.js';

// A 考点管理员 sees no org node (no subtree): the jurisdiction's name comes through a left join, null for them.
export type CentreRow = typeof testCentres.$inferSelect & { orgNodeName: string | null };
export type RoomRow = typeof examRooms.$inferSelect;
export type SeatCheckRow = typeof seatChecks.$inferSelect;

const centreColumns = {
  id: testCentres.id,
  orgNodeId: testCentres.orgNodeId,
  orgPath: testCentres.orgPath,
  name: testCentres.name,
  code: testCentres.code,
  address: testCentres.address,
  contactName: testCentres.contactName,
  contactPhone: testCentres.contactPhone,
  active: testCentres.active,
  createdAt: testCentres.createdAt,
  updatedAt: testCentres.updatedAt,
  orgNodeName: orgNodes.name,
};

export async function listCentres(
  tx: Tx,
  filter: { underPath?: string; q?: string; page: number; pageSize: number },
): Promise<{ items: CentreRow[]; total: number }> {
  const conditions: SQL[] = [];
  if (filter.underPath) conditions.push(sql`starts_with(${testCentres.orgPath}, ${filter.underPath})`);
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    conditions.push(or(ilike(testCentres.name, pattern), ilike(testCentres.code, pattern))!);
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const [items, totals] = await Promise.all([
    tx
      .select(centreColumns)
      .from(testCentres)
      .leftJoin(orgNodes, eq(orgNodes.id, testCentres.orgNodeId))
      .where(where)
      .orderBy(testCentres.orgPath, testCentres.code, testCentres.id)
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize),
    tx.select({ n: count() }).from(testCentres).where(where),
  ]);
  return { items, total: Number(totals[0]?.n ?? 0) };
}

export async function findCentre(tx: Tx, id: number): Promise<CentreRow | null> {
  const rows = await tx
    .select(centreColumns)
    .from(testCentres)
    .leftJoin(orgNodes, eq(orgNodes.id, testCentres.orgNodeId))
    .where(eq(testCentres.id, id));
  return rows[0] ?? null;
}

export async function insertCentre(tx: Tx, values: typeof testCentres.$inferInsert): Promise<number> {
  const [row] = await tx.insert(testCentres).values(values).returning({ id: testCentres.id });
  return row!.id;
}

export async function updateCentre(
  tx: Tx,
  id: number,
  patch: Partial<typeof testCentres.$inferInsert>,
): Promise<boolean> {
  const rows = await tx.update(testCentres).set(patch).where(eq(testCentres.id, id)).returning({ id: testCentres.id });
  return rows.length > 0;
}

export async function roomsOf(tx: Tx, centreIds: readonly number[]): Promise<RoomRow[]> {
  if (centreIds.length === 0) return [];
  return tx
    .select()
    .from(examRooms)
    .where(inArray(examRooms.centreId, [...centreIds]))
    .orderBy(asc(examRooms.centreId), asc(examRooms.code));
}

export async function findRoom(tx: Tx, id: number): Promise<RoomRow | null> {
  const rows = await tx.select().from(examRooms).where(eq(examRooms.id, id));
  return rows[0] ?? null;
}

export async function insertRoom(tx: Tx, values: typeof examRooms.$inferInsert): Promise<number> {
  const [row] = await tx.insert(examRooms).values(values).returning({ id: examRooms.id });
  return row!.id;
}

export async function updateRoom(tx: Tx, id: number, patch: Partial<typeof examRooms.$inferInsert>): Promise<boolean> {
  const rows = await tx.update(examRooms).set(patch).where(eq(examRooms.id, id)).returning({ id: examRooms.id });
  return rows.length > 0;
}

/** The latest check of every seat of these rooms (one row per room and seat). */
export async function latestChecks(tx: Tx, roomIds: readonly number[]): Promise<SeatCheckRow[]> {
  if (roomIds.length === 0) return [];
  return tx
    .selectDistinctOn([seatChecks.roomId, seatChecks.seatLabel])
    .from(seatChecks)
    .where(inArray(seatChecks.roomId, [...roomIds]))
    .orderBy(seatChecks.roomId, seatChecks.seatLabel, desc(seatChecks.checkedAt), desc(seatChecks.id));
}

export async function insertSeatCheck(tx: Tx, values: typeof seatChecks.$inferInsert): Promise<SeatCheckRow> {
  const [row] = await tx.insert(seatChecks).values(values).returning();
  return row!;
}

/** The 考点管理员's own centre, as the database knows it (gk_centre_id(); null for every other role). */
export async function ownCentreId(tx: Tx): Promise<number | null> {
  const result = await tx.execute(sql`SELECT gk_centre_id() AS id`);
  const id = resultRows<{ id: number | string | null }>(result)[0]?.id;
  return id === null || id === undefined ? null : Number(id);
}
