import { maskIdNumber } from '../../../domain/masking.js';
import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import type { ServiceContext } from '../../platform/context.js';
import { inScopedTx } from '../../platform/tx.js';
import { type AuditFilter, type EntityNameRows, findEntityNames, listAuditRows } from './audit.repository.js';

type EntityType = keyof EntityNameRows;
const NAMED_TYPES: readonly EntityType[] = [
  'application',
  'account',
  'campaign',
  'org_node',
  'review_batch',
  'catalog_version',
];

interface AuditRowRef {
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

const isNamedType = (type: string): type is EntityType => (NAMED_TYPES as readonly string[]).includes(type);
const toId = (entityId: string | null) => (entityId && /^[1-9][0-9]{0,9}$/.test(entityId) ? Number(entityId) : null);
const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/** A name from the row's own snapshot, for an entity since deleted or outside the viewer's sight. */
function nameFromSnapshot(type: EntityType, before: unknown, after: unknown): string | null {
  const snap = { ...((before ?? {}) as Record<string, unknown>), ...((after ?? {}) as Record<string, unknown>) };
  switch (type) {
    case 'application': {
      const name = text(snap.name);
      // Snapshots hold the ID number already masked.
      return name ? `申请：${name}${text(snap.idNumber) ? `（${snap.idNumber}）` : ''}` : null;
    }
    case 'account':
      return text(snap.username) ? `账号 ${snap.username}` : null;
    case 'campaign':
      return typeof snap.year === 'number' ? `${snap.year}年度考核` : null;
    case 'org_node':
      return text(snap.name) ?? null;
    case 'review_batch':
      return text(snap.batchNo) ? `批次 ${snap.batchNo}` : null;
    case 'catalog_version':
      return text(snap.name) ? `工种目录 ${snap.name}` : null;
  }
}

/**
 * The names people use for the objects of a page of audit rows ("2017年度考核", "申请：张伟（4101**********2016）",
 * "账号 zz-yizhong", "郑州市第一中学", "批次 …"): one query per entity type on the page, then the row's own
 * snapshot, else null. ID numbers are always masked here.
 */
export async function entityNames(tx: Tx, rows: readonly AuditRowRef[]): Promise<(string | null)[]> {
  const ids: Partial<Record<EntityType, number[]>> = {};
  for (const row of rows) {
    const id = toId(row.entityId);
    if (id === null || !isNamedType(row.entityType)) continue;
    const list = ids[row.entityType] ?? [];
    if (!list.includes(id)) list.push(id);
    ids[row.entityType] = list;
  }
  const found = await findEntityNames(tx, ids);
  const names = new Map<string, string>();
  for (const a of found.application ?? [])
    names.set(`application:${a.id}`, `申请：${a.name}（${maskIdNumber(a.idNumber)}）`);
  for (const a of found.account ?? []) names.set(`account:${a.id}`, `账号 ${a.username}`);
  for (const c of found.campaign ?? []) names.set(`campaign:${c.id}`, `${c.year}年度考核`);
  for (const n of found.org_node ?? []) names.set(`org_node:${n.id}`, n.name);
  for (const b of found.review_batch ?? []) names.set(`review_batch:${b.id}`, `批次 ${b.batchNo}`);
  for (const v of found.catalog_version ?? []) names.set(`catalog_version:${v.id}`, `工种目录 ${v.name}`);
  return rows.map((row) => {
    if (!isNamedType(row.entityType)) return null;
    const id = toId(row.entityId);
    return (
      (id !== null ? names.get(`${row.entityType}:${id}`) : undefined) ??
      nameFromSnapshot(row.entityType, row.before, row.after)
    );
  });
}

/** Days are Beijing days: 2017-02-06 means 2017-02-06T00:00+08:00 up to the next midnight. */
export function chinaDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

export async function listAudit(
  deps: AppDeps,
  ctx: ServiceContext,
  input: Omit<AuditFilter, 'from' | 'to'> & { from?: string; to?: string },
) {
  const filter: AuditFilter = {
    ...input,
    from: input.from ? chinaDayStart(input.from) : undefined,
    to: input.to ? new Date(chinaDayStart(input.to).getTime() + 86_400_000) : undefined,
  };
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const result = await listAuditRows(tx, filter);
    const names = await entityNames(
      tx,
      result.items.map(({ row }) => row),
    );
    return {
      total: result.total,
      items: result.items.map(({ row, orgNodeName }, i) => ({
        id: row.id,
        createdAt: row.createdAt.toISOString(),
        actorUsername: row.actorUsername,
        actorRole: row.actorRole,
        orgNodeName,
        ip: row.ip,
        userAgent: row.userAgent,
        entityType: row.entityType,
        entityId: row.entityId,
        entityName: names[i] ?? null,
        action: row.action,
        summary: row.summary,
        before: (row.before ?? null) as Record<string, unknown> | null,
        after: (row.after ?? null) as Record<string, unknown> | null,
      })),
    };
  });
}
