import { and, count, desc, eq, gte, ilike, lt, type SQL } from 'drizzle-orm';
import { containsPattern, type Tx } from '../../db/client.js';
import { auditLog, orgNodes } from '../../db/schema.js';

export interface AuditFilter {
  from?: Date;
  to?: Date;
  action?: string;
  entityType?: string;
  actor?: string;
  page: number;
  pageSize: number;
}

export async function listAuditRows(tx: Tx, filter: AuditFilter) {
  const conditions: SQL[] = [];
  if (filter.from) conditions.push(gte(auditLog.createdAt, filter.from));
  if (filter.to) conditions.push(lt(auditLog.createdAt, filter.to));
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.entityType) conditions.push(eq(auditLog.entityType, filter.entityType));
  if (filter.actor) conditions.push(ilike(auditLog.actorUsername, containsPattern(filter.actor)));
  const where = conditions.length ? and(...conditions) : undefined;
  const [items, totals] = await Promise.all([
    tx
      .select({ row: auditLog, orgNodeName: orgNodes.name })
      .from(auditLog)
      .leftJoin(orgNodes, eq(orgNodes.id, auditLog.orgNodeId))
      .where(where)
      .orderBy(desc(auditLog.id))
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize),
    tx.select({ n: count() }).from(auditLog).where(where),
  ]);
  return { items, total: Number(totals[0]?.n ?? 0) };
}
