// `npm run backup -- --out FILE [--quiet]`: the whole database of this configuration (DATABASE_URL, else the
// embedded data directory) in one file, with pg_dump on PostgreSQL or PGlite's data-directory dump
// (src/server/db/backup.ts). Progress on stderr; the keys are not in the file and are named at the end. Exit codes:
// README "备份与恢复".
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/server/config.js';
import { BackupError, backup, EXIT, formatBytes } from '../src/server/db/backup.js';

const USAGE = '用法：npm run backup -- --out 备份文件 [--quiet]';
let values: { out?: string; quiet?: boolean };
try {
  ({ values } = parseArgs({ options: { out: { type: 'string' }, quiet: { type: 'boolean' } } }));
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(EXIT.usage);
}
if (!values.out) {
  console.error(USAGE);
  process.exit(EXIT.usage);
}

const config = loadConfig();
const started = performance.now();
const progress = values.quiet
  ? () => {}
  : (line: string) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1)}s] ${line}\n`);
try {
  const result = await backup(config, values.out, progress);
  const m = result.manifest;
  console.log(
    `备份完成：${values.out}（${formatBytes(result.bytes)}，用时 ${result.seconds.toFixed(1)} 秒；` +
      `${m.source === 'postgres' ? `PostgreSQL ${m.serverVersion}，pg_dump 自定义格式` : '嵌入式数据库（PGlite）数据目录'}，` +
      `${m.migrations} 个迁移，最后一个 ${m.lastMigration ?? '未知'}）。`,
  );
  console.log(
    '以下密钥不在备份文件中，须另行备份，并与备份文件分开存放（丢了它们，备份中的题库内容无法读取、已签发的准考证无法验证）：',
  );
  for (const key of result.keys) {
    const where = key.where ?? `未配置 ${key.variable}`;
    console.log(
      `  ${key.label}（${key.variable}）：${where}${key.id ? `，密钥编号 ${key.id}` : key.where ? '（未找到）' : ''}`,
    );
  }
} catch (error) {
  if (error instanceof BackupError) {
    console.error(error.message);
    process.exit(error.exitCode);
  }
  console.error(`备份失败：${(error as Error).stack ?? error}`);
  process.exit(EXIT.failed);
}
