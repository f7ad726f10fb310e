import { and, asc, count, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { bankItems, bankItemVersions, questionBanks } from '../../db/schema.js';
import type { ItemVersionRow } from './banks.repository.js';

// The approval queue (待审核试题): draft versions across every bank. Metadata only: no statement here reads content.

export interface QueueFilter {
  bankId?: number;
  type?: ItemVersionRow['type'];
  knowledgePoint?: string;
  authorId?: number;
}

export type QueueRow = Omit<ItemVersionRow, 'content'> & { bankId: number; bankName: string; currentVersion: number };

export interface VersionKey {
  itemId: number;
  version: number;
}

const { content: _content, ...metaColumns } = getTableColumns(bankItemVersions);
const queueColumns = {
  ...metaColumns,
  bankId: bankItems.bankId,
  bankName: questionBanks.name,
  currentVersion: bankItems.currentVersion,
};

/** `{1,2,3}` as one int[] parameter (the values are checked integers). */
const intArray = (values: readonly number[]) => sql`${`{${values.join(',')}}`}::int[]`;

function queueWhere(filter: QueueFilter): SQL | undefined {
  return and(
    eq(bankItemVersions.status, 'draft'),
    filter.bankId !== undefined ? eq(bankItems.bankId, filter.bankId) : undefined,
    filter.type ? eq(bankItemVersions.type, filter.type) : undefined,
    filter.knowledgePoint ? eq(bankItemVersions.knowledgePoint, filter.knowledgePoint) : undefined,
    filter.authorId !== undefined ? eq(bankItemVersions.authorId, filter.authorId) : undefined,
  );
}

const fromQueue = (tx: Tx) =>
  tx
    .select(queueColumns)
    .from(bankItemVersions)
    .innerJoin(bankItems, eq(bankItems.id, bankItemVersions.itemId))
    .innerJoin(questionBanks, eq(questionBanks.id, bankItems.bankId));

/** A page of the queue (oldest item first), its total, and how many of them `ownerId` wrote. */
export async function listQueue(
  tx: Tx,
  filter: QueueFilter,
  page: { page: number; pageSize: number },
  ownerId: number,
): Promise<{ items: QueueRow[]; total: number; ownCount: number }> {
  const where = queueWhere(filter);
  const items = await fromQueue(tx)
    .where(where)
    .orderBy(asc(bankItemVersions.itemId), asc(bankItemVersions.version))
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  const [totals] = await tx
    .select({
      total: count(),
      own: sql<number>`count(*) filter (where ${bankItemVersions.authorId} = ${ownerId})::int`,
    })
    .from(bankItemVersions)
    .innerJoin(bankItems, eq(bankItems.id, bankItemVersions.itemId))
    .where(where);
  return { items, total: Number(totals?.total ?? 0), ownCount: Number(totals?.own ?? 0) };
}

/** Who wrote the versions waiting (their names as stored on the versions), for the filter. */
export async function queueAuthors(tx: Tx): Promise<{ id: number; name: string }[]> {
  return tx
    .select({ id: bankItemVersions.authorId, name: sql<string>`max(${bankItemVersions.authorName})` })
    .from(bankItemVersions)
    .where(eq(bankItemVersions.status, 'draft'))
    .groupBy(bankItemVersions.authorId)
    .orderBy(asc(bankItemVersions.authorId));
}

/** The item ids of the versions the filter matches now (at most `limit`), unlocked: the caller locks them next. */
export async function matchQueueItemIds(tx: Tx, filter: QueueFilter, limit: number): Promise<number[]> {
  const rows = await tx
    .selectDistinct({ id: bankItemVersions.itemId })
    .from(bankItemVersions)
    .innerJoin(bankItems, eq(bankItems.id, bankItemVersions.itemId))
    .where(queueWhere(filter))
    .orderBy(asc(bankItemVersions.itemId))
    .limit(limit);
  return rows.map((r) => r.id);
}

/**
 * Locks the items (in id order, so two bulk approvals never deadlock), as every change of a version does
 * (banks.repository lockItem); answers the ids that exist.
 */
export async function lockItems(tx: Tx, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .select({ id: bankItems.id })
    .from(bankItems)
    .where(sql`${bankItems.id} = any(${intArray([...ids].sort((a, b) => a - b))})`)
    .orderBy(asc(bankItems.id))
    .for('update');
  return rows.map((r) => r.id);
}

/** The queue's versions of locked items, read after the lock (so what was decided meanwhile is seen). */
export async function queueVersionsOf(tx: Tx, filter: QueueFilter, itemIds: readonly number[]): Promise<QueueRow[]> {
  if (itemIds.length === 0) return [];
  return fromQueue(tx)
    .where(and(queueWhere(filter), sql`${bankItemVersions.itemId} = any(${intArray(itemIds)})`))
    .orderBy(asc(bankItemVersions.itemId), asc(bankItemVersions.version));
}

/** The named versions (whatever their status), read after their items were locked. */
export async function findVersions(tx: Tx, keys: readonly VersionKey[]): Promise<QueueRow[]> {
  if (keys.length === 0) return [];
  return fromQueue(tx)
    .where(
      sql`(${bankItemVersions.itemId}, ${bankItemVersions.version}) in (select * from unnest(${intArray(keys.map((k) => k.itemId))}, ${intArray(keys.map((k) => k.version))}))`,
    )
    .orderBy(asc(bankItemVersions.itemId), asc(bankItemVersions.version));
}

/** Approves the versions, set-based (the four-eyes CHECK refuses any the approver wrote). */
export async function approveVersions(
  tx: Tx,
  keys: readonly VersionKey[],
  approver: { id: number; name: string },
  now: Date,
): Promise<void> {
  if (keys.length === 0) return;
  await tx.execute(sql`
    update bank_item_versions v
    set status = 'approved', approver_id = ${approver.id}, approver_name = ${approver.name},
        approved_at = ${now}, updated_at = ${now}, revision = v.revision + 1
    from unnest(${intArray(keys.map((k) => k.itemId))}, ${intArray(keys.map((k) => k.version))}) as a(item_id, version)
    where v.item_id = a.item_id and v.version = a.version`);
}

/** Retires the approved versions older than each newly approved one (a pool holds one version per item). */
export async function retireSuperseded(tx: Tx, keys: readonly VersionKey[], now: Date): Promise<VersionKey[]> {
  if (keys.length === 0) return [];
  const rows = await tx
    .update(bankItemVersions)
    .set({ status: 'retired', retiredAt: now, updatedAt: now, revision: sql`${bankItemVersions.revision} + 1` })
    .where(
      and(
        eq(bankItemVersions.status, 'approved'),
        sql`exists (select 1 from unnest(${intArray(keys.map((k) => k.itemId))}, ${intArray(keys.map((k) => k.version))}) as a(item_id, version)
                    where a.item_id = ${bankItemVersions.itemId} and ${bankItemVersions.version} < a.version)`,
      ),
    )
    .returning({ itemId: bankItemVersions.itemId, version: bankItemVersions.version });
  return rows;
}
