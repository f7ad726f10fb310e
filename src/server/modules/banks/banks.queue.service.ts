/**
 * The approval queue (待审核试题): draft versions across every bank, for a second bank manager to approve, one by
 * one (banks.service decideItem) or in bulk here. Bulk approval follows the bulk review's conventions: ticked
 * versions or the whole filter (then the client names the count it showed), one transaction with the items locked,
 * the domain's itemTransition for each version, one audit row per approved version, and every version not approved
 * listed with its code and reason. A version's author never approves it (四眼原则; the database's CHECK agrees).
 */
import { ITEM_STATUS_LABELS, itemTransition } from '../../../domain/items.js';
import type { AppDeps } from '../../deps.js';
import { type AuditEntry, recordAuditEntries } from '../../platform/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { inScopedTx } from '../../platform/tx.js';
import type { QueueFilter, QueueRow, VersionKey } from './banks.queue.repository.js';
import * as repo from './banks.queue.repository.js';
import { MAX_BULK_APPROVE } from './banks.queue.schemas.js';
import { assertPermission, auditPlace, presentMeta } from './banks.service.js';

export interface QueueQuery extends QueueFilter {
  page: number;
  pageSize: number;
}

export interface BulkApproveInput {
  items?: VersionKey[];
  filter?: QueueFilter;
  expectedCount?: number;
}

export interface SkippedVersion extends VersionKey {
  code: string;
  message: string;
}

const cleanFilter = (filter: QueueFilter): QueueFilter => ({
  ...filter,
  knowledgePoint: filter.knowledgePoint?.trim() || undefined,
});

export async function listQueue(deps: AppDeps, ctx: ServiceContext, query: QueueQuery) {
  assertPermission(ctx.actor, 'bank.read');
  const { page, pageSize, ...filter } = query;
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const found = await repo.listQueue(tx, cleanFilter(filter), { page, pageSize }, ctx.actor.accountId);
    return {
      items: found.items.map((row) => ({ ...presentMeta(ctx.actor, row), bankName: row.bankName })),
      total: found.total,
      ownCount: found.ownCount,
      authors: await repo.queueAuthors(tx),
    };
  });
}

const tooMany = (what: string) =>
  new AppError('BULK_TOO_LARGE', `${what}超过 ${MAX_BULK_APPROVE} 道，请缩小范围后分批审核`);

/** POST /api/bank-items/approve: every matched version the actor may approve is approved; the others are listed. */
export async function bulkApprove(deps: AppDeps, ctx: ServiceContext, input: BulkApproveInput) {
  assertPermission(ctx.actor, 'bank.manage');
  if ((input.items === undefined) === (input.filter === undefined)) {
    throw new AppError('VALIDATION_FAILED', '请给出 items 或 filter 其中之一');
  }
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const now = deps.clock.now();
    const skipped: SkippedVersion[] = [];
    let rows: QueueRow[];
    let matched: number;
    if (input.items !== undefined) {
      const keys = [...new Map(input.items.map((k) => [`${k.itemId}:${k.version}`, k])).values()];
      if (keys.length > MAX_BULK_APPROVE) throw tooMany('勾选的试题');
      await repo.lockItems(tx, [...new Set(keys.map((k) => k.itemId))]);
      rows = await repo.findVersions(tx, keys);
      const found = new Set(rows.map((r) => `${r.itemId}:${r.version}`));
      for (const k of keys) {
        if (!found.has(`${k.itemId}:${k.version}`)) {
          skipped.push({ ...k, code: 'NOT_FOUND', message: '试题或版本不存在' });
        }
      }
      matched = keys.length;
    } else {
      if (input.expectedCount === undefined) {
        throw new AppError('VALIDATION_FAILED', '按筛选条件审核时须给出 expectedCount（列表显示的总数）');
      }
      const filter = cleanFilter(input.filter!);
      const ids = await repo.matchQueueItemIds(tx, filter, MAX_BULK_APPROVE + 1);
      if (ids.length > MAX_BULK_APPROVE) throw tooMany('筛选出的待审核试题');
      await repo.lockItems(tx, ids);
      // Read again under the locks: what another manager approved or edited meanwhile is seen.
      rows = await repo.queueVersionsOf(tx, filter, ids);
      if (rows.length > MAX_BULK_APPROVE) throw tooMany('筛选出的待审核试题');
      if (rows.length !== input.expectedCount) {
        throw new AppError(
          'BANK_QUEUE_CHANGED',
          `待审核试题已有变化：筛选条件下现有 ${rows.length} 道，您看到的是 ${input.expectedCount} 道，请刷新列表后重新操作`,
        );
      }
      matched = rows.length;
    }

    const approve: (VersionKey & { status: QueueRow['status'] })[] = [];
    for (const row of rows) {
      const result = itemTransition(row, 'approve', ctx.actor.accountId);
      if (result.ok) approve.push({ itemId: row.itemId, version: row.version, status: row.status });
      else skipped.push({ itemId: row.itemId, version: row.version, code: result.code, message: result.message });
    }
    await repo.approveVersions(tx, approve, { id: ctx.actor.accountId, name: ctx.actor.displayName }, now);
    const superseded = await repo.retireSuperseded(
      tx,
      approve.filter((k) => k.version > 1),
      now,
    );
    const supersededOf = new Map<number, number[]>();
    for (const s of superseded) supersededOf.set(s.itemId, [...(supersededOf.get(s.itemId) ?? []), s.version]);
    const entries: AuditEntry[] = approve.map(({ itemId, version, status }) => {
      const retired = (supersededOf.get(itemId) ?? []).sort((a, b) => a - b);
      return {
        entityType: 'bank_item',
        entityId: itemId,
        action: 'bank_item.approve',
        summary:
          `试题 #${itemId} 第${version}版${ITEM_STATUS_LABELS.approved}（批量审核）` +
          (retired.length > 0 ? `，原第${retired.join('、')}版停用` : ''),
        ...auditPlace(ctx.actor),
        before: { status },
        after: { status: 'approved', supersededVersions: retired },
      };
    });
    await recordAuditEntries(tx, ctx.actor, ctx.meta, entries, now);
    return {
      matched,
      succeeded: approve.length,
      skipped: skipped.sort((a, b) => a.itemId - b.itemId || a.version - b.version),
    };
  });
}
