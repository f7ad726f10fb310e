/**
 * The recount of the statistics' counters (`npm run stats:verify [-- --campaign ID] [--repair]`): recomputes every
 * counter row from the applications and review rows and names where the counters differ. Both are read in one
 * repeatable-read snapshot, so decisions committed meanwhile raise no false alarm (the triggers keep the counters in
 * the same transaction as the rows). With `repair`, rebuilds the counters that differ from the recount, writes are
 * held off for that moment, and one audit row records it.
 */
import type { Db } from '../../db/client.js';
import { recordAudit } from '../../platform/audit.js';
import { SYSTEM_META } from '../../platform/context.js';
import { inSystemTx } from '../../platform/tx.js';
import * as repo from './statistics.repository.js';

export interface CounterReport {
  /** Differences per counter table (how many groups differ). */
  byTable: Record<repo.CounterTable, number>;
  /** The first differences (at most `limit` per table). */
  differences: repo.CounterDifference[];
  repaired: boolean;
}

export async function verifyCounters(
  db: Db,
  options: { campaignId?: number; repair?: boolean; limit?: number; now?: Date } = {},
): Promise<CounterReport> {
  const campaignId = options.campaignId ?? null;
  const limit = options.limit ?? 1000;
  const differences = await inSystemTx(db, async (tx) => {
    await repo.snapshotForRecount(tx);
    const found: repo.CounterDifference[] = [];
    for (const table of repo.COUNTER_TABLES)
      found.push(...(await repo.counterDifferences(tx, table, campaignId, limit)));
    return found;
  });
  const byTable = Object.fromEntries(
    repo.COUNTER_TABLES.map((t) => [t, differences.filter((d) => d.table === t).length]),
  ) as Record<repo.CounterTable, number>;
  if (!options.repair || differences.length === 0) return { byTable, differences, repaired: false };
  await inSystemTx(db, async (tx) => {
    await repo.rebuildCounters(tx, campaignId);
    await recordAudit(
      tx,
      null,
      SYSTEM_META,
      {
        entityType: 'campaign',
        entityId: campaignId,
        orgNodeId: null,
        orgPath: null,
        action: 'campaign.statistics_rebuild',
        summary: `统计计数与逐条重新统计不一致（${differences.length} 组），已按重新统计的结果重建${campaignId === null ? '（全部考核年度）' : ''}`,
        after: { differences: differences.length },
      },
      options.now ?? new Date(),
    );
  });
  return { byTable, differences, repaired: true };
}
