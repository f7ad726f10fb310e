import { createHash } from 'node:crypto';
import { asc, eq, gt, sql } from 'drizzle-orm';
import { type Db, resultRows, type Tx } from '../db/client.js';
import { auditHead, auditLog } from '../db/schema.js';
import type { Actor, RequestMeta } from './context.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  entityType: string;
  entityId: string | number | null;
  action: string;
  /** One line in Chinese for the audit viewer, e.g. 新增单位「郑州市第一人民医院」. */
  summary: string;
  /** The org node the change belongs to, which decides who may read the row. */
  orgNodeId: number | null;
  orgPath: string | null;
  before?: unknown;
  after?: unknown;
}

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** JSON with sorted keys and ISO dates, so the hash does not depend on how jsonb orders keys. */
export function canonicalize(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonicalize);
  if (typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const key of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonicalize(v);
    }
    return out;
  }
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
}

export interface HashedFields {
  createdAt: Date;
  actorAccountId: number | null;
  actorUsername: string | null;
  actorRole: string | null;
  orgNodeId: number | null;
  orgPath: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  entityType: string;
  entityId: string | null;
  action: string;
  summary: string;
  before: unknown;
  after: unknown;
}

export function auditRowHash(prevHash: string, row: HashedFields): string {
  const body = JSON.stringify(canonicalize({ ...row, createdAt: row.createdAt.toISOString() }));
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/**
 * Appends one audit row in the caller's transaction. The row lock on audit_head is held until that
 * transaction ends, so concurrent writers (in any process) chain one after another in commit order.
 */
export function recordAudit(
  tx: Tx,
  actor: Pick<Actor, 'accountId' | 'username' | 'role'> | null,
  meta: RequestMeta,
  entry: AuditEntry,
  now: Date,
): Promise<void> {
  return recordAuditEntries(tx, actor, meta, [entry], now);
}

const INSERT_BATCH = 200;

/**
 * Appends several audit rows (one per change, e.g. an import's applications) under one lock of the chain's tip,
 * in multi-row inserts. Ids are drawn first, in order, rather than read back with RETURNING: RETURNING would make
 * row-level security check each row against the reader policy, and a writer need not be able to read its own
 * audit row (an applicant).
 */
export async function recordAuditEntries(
  tx: Tx,
  actor: Pick<Actor, 'accountId' | 'username' | 'role'> | null,
  meta: RequestMeta,
  entries: readonly AuditEntry[],
  now: Date,
): Promise<void> {
  if (entries.length === 0) return;
  const head = await tx.select().from(auditHead).where(eq(auditHead.id, 1)).for('update');
  let prevHash = head[0]?.lastHash ?? GENESIS_HASH;
  const drawn = await tx.execute(
    sql`select nextval(pg_get_serial_sequence('audit_log', 'id')) as id from generate_series(1, ${entries.length}) order by 1`,
  );
  const ids = resultRows<{ id: string | number }>(drawn).map((r) => Number(r.id));
  const rows = entries.map((entry, i) => {
    const fields: HashedFields = {
      createdAt: now,
      actorAccountId: actor?.accountId ?? null,
      actorUsername: actor?.username ?? null,
      actorRole: actor?.role ?? null,
      orgNodeId: entry.orgNodeId,
      orgPath: entry.orgPath,
      ip: meta.ip,
      userAgent: meta.userAgent ? meta.userAgent.slice(0, 500) : null,
      requestId: meta.requestId,
      entityType: entry.entityType,
      entityId: entry.entityId === null ? null : String(entry.entityId),
      action: entry.action,
      summary: entry.summary,
      before: canonicalize(entry.before),
      after: canonicalize(entry.after),
    };
    const hash = auditRowHash(prevHash, fields);
    const row = { ...fields, id: ids[i]!, prevHash, hash };
    prevHash = hash;
    return row;
  });
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    await tx.insert(auditLog).values(rows.slice(i, i + INSERT_BATCH));
  }
  await tx
    .update(auditHead)
    .set({ lastHash: prevHash, lastId: ids.at(-1)! })
    .where(eq(auditHead.id, 1));
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  firstBrokenId: number | null;
  reason: string | null;
}

/** Walks the whole chain in id order (in pages) and names the first row whose links or content don't hold. */
export async function verifyAuditChain(db: Db, pageSize = 2000): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.id, lastId))
      .orderBy(asc(auditLog.id))
      .limit(pageSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.prevHash !== prevHash) {
        return { ok: false, checked, firstBrokenId: row.id, reason: '上一条记录的哈希不符（记录被删除或顺序被改动）' };
      }
      const expected = auditRowHash(prevHash, {
        createdAt: row.createdAt,
        actorAccountId: row.actorAccountId,
        actorUsername: row.actorUsername,
        actorRole: row.actorRole,
        orgNodeId: row.orgNodeId,
        orgPath: row.orgPath,
        ip: row.ip,
        userAgent: row.userAgent,
        requestId: row.requestId,
        entityType: row.entityType,
        entityId: row.entityId,
        action: row.action,
        summary: row.summary,
        before: row.before,
        after: row.after,
      });
      if (expected !== row.hash) {
        return { ok: false, checked, firstBrokenId: row.id, reason: '记录内容与哈希不符（记录被改动）' };
      }
      prevHash = row.hash;
      lastId = row.id;
      checked++;
    }
  }
  const head = await db.select().from(auditHead).where(eq(auditHead.id, 1));
  if (head[0] && head[0].lastHash !== prevHash) {
    return { ok: false, checked, firstBrokenId: head[0].lastId, reason: '链尾记录缺失（最后的记录被删除）' };
  }
  return { ok: true, checked, firstBrokenId: null, reason: null };
}

export const auditCount = (db: Db) => db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
