// `npm run restore -- --from FILE [--force] [--quiet]`: puts a `npm run backup` file back into the database of this
// configuration (DATABASE_URL, else the embedded data directory), with pg_restore on PostgreSQL or PGlite's
// loadDataDir (src/server/db/backup.ts). Refuses a non-empty target unless --force, and a file that is not a
// gongkao backup of this kind. Exit codes: README "备份与恢复".
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/server/config.js';
import { BackupError, EXIT, restore } from '../src/server/db/backup.js';

const USAGE = '用法：npm run restore -- --from 备份文件 [--force] [--quiet]';
let values: { from?: string; force?: boolean; quiet?: boolean };
try {
  ({ values } = parseArgs({
    options: { from: { type: 'string' }, force: { type: 'boolean' }, quiet: { type: 'boolean' } },
  }));
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(EXIT.usage);
}
if (!values.from) {
  console.error(USAGE);
  process.exit(EXIT.usage);
}

const config = loadConfig();
const started = performance.now();
const progress = values.quiet
  ? () => {}
  : (line: string) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1)}s] ${line}\n`);
try {
  const result = await restore(config, values.from, { force: values.force }, progress);
  const m = result.manifest;
  console.log(
    `恢复完成：${values.from}（备份于 ${m.createdAt}，${m.migrations} 个迁移）已恢复到` +
      `${config.databaseUrl ? ` PostgreSQL 数据库 ${new URL(config.databaseUrl).pathname.slice(1)}` : `嵌入式数据目录 ${config.dataDir}`}，` +
      `用时 ${result.seconds.toFixed(1)} 秒。`,
  );
  if (result.movedAside) console.log(`原数据目录保留在 ${result.movedAside}，核对无误后可删除。`);
  console.log('密钥（不在备份中，须在启动服务前放回）：');
  for (const line of result.keys) console.log(`  ${line}`);
  console.log('下一步：启动服务（npm start，会补上本程序更新的迁移），并运行 npm run audit:verify 核对审计日志。');
} catch (error) {
  if (error instanceof BackupError) {
    console.error(error.message);
    process.exit(error.exitCode);
  }
  console.error(`恢复失败：${(error as Error).stack ?? error}`);
  process.exit(EXIT.failed);
}
