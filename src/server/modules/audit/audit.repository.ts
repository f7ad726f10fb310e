import { and, count, desc, eq, gte, ilike, inArray, lt, type SQL } from 'drizzle-orm';
import { containsPattern, type Tx } from '../../db/client.js';
import {
  accounts,
  applications,
  auditLog,
  campaigns,
  catalogVersions,
  orgNodes,
  reviewBatches,
} from '../../db/schema.js';

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

/** What the audit viewer names an entity by, read from its table (row-level security applies). */
export interface EntityNameRows {
  application: { id: number; name: string; idNumber: string }[];
  account: { id: number; username: string }[];
  campaign: { id: number; year: number }[];
  org_node: { id: number; name: string }[];
  review_batch: { id: number; batchNo: string }[];
  catalog_version: { id: number; name: string }[];
}

/** One query per entity type present on the page (never one per row). */
export async function findEntityNames(
  tx: Tx,
  ids: Partial<Record<keyof EntityNameRows, number[]>>,
): Promise<Partial<EntityNameRows>> {
  const out: Partial<EntityNameRows> = {};
  const some = (list: number[] | undefined): list is number[] => list !== undefined && list.length > 0;
  if (some(ids.application)) {
    out.application = await tx
      .select({ id: applications.id, name: applications.name, idNumber: applications.idNumber })
      .from(applications)
      .where(inArray(applications.id, ids.application));
  }
  if (some(ids.account)) {
    out.account = await tx
      .select({ id: accounts.id, username: accounts.username })
      .from(accounts)
      .where(inArray(accounts.id, ids.account));
  }
  if (some(ids.campaign)) {
    out.campaign = await tx
      .select({ id: campaigns.id, year: campaigns.year })
      .from(campaigns)
      .where(inArray(campaigns.id, ids.campaign));
  }
  if (some(ids.org_node)) {
    out.org_node = await tx
      .select({ id: orgNodes.id, name: orgNodes.name })
      .from(orgNodes)
      .where(inArray(orgNodes.id, ids.org_node));
  }
  if (some(ids.review_batch)) {
    out.review_batch = await tx
      .select({ id: reviewBatches.id, batchNo: reviewBatches.batchNo })
      .from(reviewBatches)
      .where(inArray(reviewBatches.id, ids.review_batch));
  }
  if (some(ids.catalog_version)) {
    out.catalog_version = await tx
      .select({ id: catalogVersions.id, name: catalogVersions.name })
      .from(catalogVersions)
      .where(inArray(catalogVersions.id, ids.catalog_version));
  }
  return out;
}
