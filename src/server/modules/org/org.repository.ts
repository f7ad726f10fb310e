import { and, asc, count, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import { containsPattern, resultRows, type Tx } from '../../db/client.js';
import { orgNodes } from '../../db/schema.js';

export type OrgNodeRow = typeof orgNodes.$inferSelect;
export type OrgKind = OrgNodeRow['kind'];

export async function findNode(tx: Tx, id: number): Promise<OrgNodeRow | null> {
  const rows = await tx.select().from(orgNodes).where(eq(orgNodes.id, id));
  return rows[0] ?? null;
}

export async function findNodeForUpdate(tx: Tx, id: number): Promise<OrgNodeRow | null> {
  const rows = await tx.select().from(orgNodes).where(eq(orgNodes.id, id)).for('update');
  return rows[0] ?? null;
}

export async function findNodesByIds(tx: Tx, ids: number[]): Promise<OrgNodeRow[]> {
  if (ids.length === 0) return [];
  return tx.select().from(orgNodes).where(inArray(orgNodes.id, ids));
}

export async function findChildByName(tx: Tx, parentId: number, name: string): Promise<OrgNodeRow | null> {
  const rows = await tx
    .select()
    .from(orgNodes)
    .where(and(eq(orgNodes.parentId, parentId), eq(orgNodes.name, name)));
  return rows[0] ?? null;
}

export async function findNodeByPath(tx: Tx, path: string): Promise<OrgNodeRow | null> {
  const rows = await tx.select().from(orgNodes).where(eq(orgNodes.path, path));
  return rows[0] ?? null;
}

export async function countActiveChildren(tx: Tx, ids: number[]): Promise<Map<number, number>> {
  const result = new Map<number, number>();
  if (ids.length === 0) return result;
  const rows = await tx
    .select({ parentId: orgNodes.parentId, n: count() })
    .from(orgNodes)
    .where(and(inArray(orgNodes.parentId, ids), eq(orgNodes.active, true)))
    .groupBy(orgNodes.parentId);
  for (const row of rows) if (row.parentId !== null) result.set(row.parentId, Number(row.n));
  return result;
}

export interface NodeListFilter {
  parentId?: number;
  /** Every node below this path (subtree search). */
  underPath?: string;
  kind?: OrgKind;
  q?: string;
  includeInactive: boolean;
  page: number;
  pageSize: number;
}

export async function listNodes(tx: Tx, filter: NodeListFilter): Promise<{ items: OrgNodeRow[]; total: number }> {
  const conditions: SQL[] = [];
  if (filter.parentId !== undefined) conditions.push(eq(orgNodes.parentId, filter.parentId));
  if (filter.underPath !== undefined) {
    conditions.push(
      sql`starts_with(${orgNodes.path}, ${filter.underPath}) and ${orgNodes.path} <> ${filter.underPath}`,
    );
  }
  if (filter.kind) conditions.push(eq(orgNodes.kind, filter.kind));
  if (!filter.includeInactive) conditions.push(eq(orgNodes.active, true));
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    conditions.push(or(ilike(orgNodes.name, pattern), ilike(orgNodes.code, pattern))!);
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const [items, totals] = await Promise.all([
    tx
      .select()
      .from(orgNodes)
      .where(where)
      .orderBy(asc(orgNodes.sortOrder), asc(orgNodes.id))
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize),
    tx.select({ n: count() }).from(orgNodes).where(where),
  ]);
  return { items, total: Number(totals[0]?.n ?? 0) };
}

export async function nextNodeId(tx: Tx): Promise<number> {
  const result = await tx.execute(sql`select nextval(pg_get_serial_sequence('org_nodes', 'id')) as id`);
  return Number(resultRows<{ id: string | number }>(result)[0]!.id);
}

export async function insertNode(tx: Tx, values: typeof orgNodes.$inferInsert): Promise<OrgNodeRow> {
  const [row] = await tx.insert(orgNodes).values(values).returning();
  return row!;
}

export async function updateNode(
  tx: Tx,
  id: number,
  patch: Partial<Pick<OrgNodeRow, 'name' | 'code' | 'contactName' | 'contactPhone' | 'active' | 'updatedAt'>>,
): Promise<OrgNodeRow | null> {
  const [row] = await tx.update(orgNodes).set(patch).where(eq(orgNodes.id, id)).returning();
  return row ?? null;
}

export async function findDepartmentsUnder(tx: Tx, parentId: number): Promise<OrgNodeRow[]> {
  return tx
    .select()
    .from(orgNodes)
    .where(and(eq(orgNodes.parentId, parentId), eq(orgNodes.kind, 'department')));
}

export async function findByCodes(tx: Tx, codes: string[]): Promise<Array<{ id: number; code: string }>> {
  if (codes.length === 0) return [];
  // Credit codes are unique province-wide; a code held outside the viewer's subtree is still taken, so this
  // check runs as a system query (the caller decides) and answers only which codes exist.
  const rows = await tx
    .select({ id: orgNodes.id, code: orgNodes.code })
    .from(orgNodes)
    .where(and(inArray(orgNodes.code, codes), inArray(orgNodes.kind, ['department', 'unit'])));
  return rows.flatMap((r) => (r.code ? [{ id: r.id, code: r.code }] : []));
}
