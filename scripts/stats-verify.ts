// `npm run stats:verify [-- --campaign ID] [--repair]`: recounts the statistics' counters from the applications and
// review rows; names the groups that differ and exits 1 if any (after rebuilding them with --repair).
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/client.js';
import { verifyCounters } from '../src/server/modules/statistics/statistics.verify.js';

const { values } = parseArgs({ options: { campaign: { type: 'string' }, repair: { type: 'boolean' } } });
const campaignId = values.campaign === undefined ? undefined : Number(values.campaign);
if (campaignId !== undefined && !(Number.isInteger(campaignId) && campaignId > 0)) {
  console.error('usage: npm run stats:verify -- [--campaign ID] [--repair]');
  process.exit(2);
}
const config = loadConfig();
const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await database.migrate();
  const started = performance.now();
  const report = await verifyCounters(database.db, { campaignId, repair: values.repair === true, limit: 50 });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (report.differences.length === 0) {
    console.log(`统计计数与逐条重新统计一致（${seconds} 秒）。`);
  } else {
    for (const d of report.differences) {
      console.error(
        `${d.table} 考核年度 ${d.campaignId} 机构 ${d.orgPath} 分组 ${d.group}：计数 ${d.actual}，重新统计 ${d.expected}`,
      );
    }
    const counts = Object.entries(report.byTable)
      .map(([t, n]) => `${t} ${n}`)
      .join('，');
    console.error(
      report.repaired
        ? `统计计数有不一致（${counts}），已按重新统计的结果重建（${seconds} 秒）。`
        : `统计计数有不一致（${counts}）；加 --repair 按重新统计的结果重建。`,
    );
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
