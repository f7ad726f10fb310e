// `npm run audit:verify`: checks the audit trail's hash chain and names the first broken row.
import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/client.js';
import { verifyAuditChain } from '../src/server/platform/audit.js';

const config = loadConfig();
const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await database.migrate();
  const report = await verifyAuditChain(database.db);
  if (report.ok) {
    console.log(`审计日志完整：已校验 ${report.checked} 条记录，哈希链无断裂。`);
  } else {
    console.error(
      `审计日志被篡改：第一条断裂的记录 id=${report.firstBrokenId}（${report.reason}）；此前 ${report.checked} 条完好。`,
    );
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
