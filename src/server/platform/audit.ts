import { createHash } from 'node:crypto';
import { asc, eq, gt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { auditHead, auditLog, auditPending } from '../db/schema.js';
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

/** Scheme 1 (rows before migration 0012): sha256(prev + "\n" + canonical JSON of the row). */
export function auditRowHash(prevHash: string, row: HashedFields): string {
  return sha256Hex(`${prevHash}\n${auditBody(row)}`);
}

/** Scheme 2: the row's content hash, computed here; the commit-time trigger chains it (chainedHash). */
export function auditContentHash(row: HashedFields): string {
  return sha256Hex(auditBody(row));
}

/** Scheme 2's link, as migration 0012's trigger computes it: sha256(prev + "\n" + content hash). */
export function chainedHash(prevHash: string, contentHash: string): string {
  return sha256Hex(`${prevHash}\n${contentHash}`);
}

function auditBody(row: HashedFields): string {
  return JSON.stringify(canonicalize({ ...row, createdAt: row.createdAt.toISOString() }));
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Records one audit row in the caller's transaction. It joins the chain when that transaction commits (migration
 * 0012's trigger), so no lock is taken here and none is held over the rest of the caller's work.
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
 * Records several audit rows (one per change, e.g. an import's applications) in the caller's transaction, in
 * multi-row inserts into audit_pending. At COMMIT they move into audit_log, chained, in the order recorded. No
 * RETURNING: a writer reads nothing back (and may not: audit_pending grants inserts only).
 */
export async function recordAuditEntries(
  tx: Tx,
  actor: Pick<Actor, 'accountId' | 'username' | 'role'> | null,
  meta: RequestMeta,
  entries: readonly AuditEntry[],
  now: Date,
): Promise<void> {
  const rows = entries.map((entry) => {
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
    return { ...fields, contentHash: auditContentHash(fields) };
  });
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    await tx.insert(auditPending).values(rows.slice(i, i + INSERT_BATCH));
  }
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
      const fields: HashedFields = {
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
      };
      const expected =
        row.hashScheme === 2 ? chainedHash(prevHash, auditContentHash(fields)) : auditRowHash(prevHash, fields);
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
