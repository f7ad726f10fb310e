// `npm run seed:large -- --applications 200000 [--year 2017]`: fills the PostgreSQL database of DATABASE_URL with
// a province-sized data set (bench/seed-large.ts) for load tests. Migrates first; refuses PGlite and a
// database that already holds applications.
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { type SeedLargeProgress, seedLarge } from '../bench/seed-large.js';
import { loadConfig } from '../src/server/config.js';
import { openDatabase, resultRows } from '../src/server/db/client.js';
import { clockFor } from '../src/server/platform/clock.js';

const { values } = parseArgs({ options: { applications: { type: 'string' }, year: { type: 'string' } } });
const count = Number(values.applications ?? 200_000);
if (!Number.isInteger(count) || count < 1 || count > 5_000_000) {
  console.error('用法：npm run seed:large -- --applications 200000 [--year 2017]（申请数 1 至 5,000,000）');
  process.exit(2);
}
const year = values.year === undefined ? undefined : Number(values.year);
if (year !== undefined && (!Number.isInteger(year) || year < 2000 || year > 2100)) {
  console.error('--year 须为四位年份');
  process.exit(2);
}

const config = loadConfig();
if (!config.databaseUrl || !/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
  console.error('seed:large 只用于 PostgreSQL：请设置 DATABASE_URL=postgres://…（不会写入嵌入式 PGlite 数据库）');
  process.exit(2);
}
const database = openDatabase({ databaseUrl: config.databaseUrl, poolSize: 2 });
try {
  await database.migrate();
  const [existing] = resultRows<{ n: number }>(
    await database.db.execute(sql`select count(*)::int as n from applications`),
  );
  if (Number(existing?.n ?? 0) > 0) {
    console.error(
      `拒绝执行：该数据库已有 ${existing?.n} 份申请。seed:large 只写入没有申请数据的数据库（请新建一个数据库）。`,
    );
    process.exitCode = 1;
  } else {
    const started = performance.now();
    let lastPrinted = 0;
    const onProgress = (p: SeedLargeProgress) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (p.phase === 'applications') {
        if (p.done - lastPrinted < 20_000 && p.done !== p.total) return;
        lastPrinted = p.done;
      }
      console.log(`[${seconds}s] ${p.phase} ${p.done}/${p.total}`);
    };
    const clock = clockFor(config.appToday);
    const result = await seedLarge(database.db, {
      applications: count,
      campaignYear: year,
      now: clock.now(),
      onProgress,
    });
    console.log(
      `完成：${result.jurisdictions} 个地区、${result.departments} 个主管部门、${result.units} 个单位、` +
        `${result.applications} 份申请、${result.reviews} 条审核记录、${result.batches} 个汇总上报批次，` +
        `用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒（考核年度编号 ${result.campaignId}）。`,
    );
    console.log(
      '生成的审核账号（lg_<机构编号>）使用未知的随机密码；如需登录，请由管理员重置密码或用 create-admin 建立账号。',
    );
  }
} finally {
  await database.close();
}
