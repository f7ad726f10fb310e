/**
 * `npm run bench:items [-- --attempts 100000]`: the item analysis (试题分析, modules/item-analysis) of a
 * province-sized sitting on PostgreSQL, through the real service: every finished subject's paper unsealed and its
 * items' keys loaded, every saved answer read, the streaming accumulators of domain/item-analysis.ts fed, the
 * statistics of every item version and the subject's summary written, one audit row, in one system transaction.
 *
 * Creates its own database gk_bench_items_<random> on BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres), migrates, loads N finished attempts of one 100-item subject (the
 * structure of bench/scoring.ts, bench/sitting-data.ts; not timed), times `computeItemAnalysis`, checks the counts,
 * and drops the database in any case. Prints wall and this process's CPU seconds (the machine is shared: the wall
 * time includes waiting for the CPU); the last line is {"attempts": N, "seconds": S}. Target: seconds, not minutes.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/server/config.js';
import { openDatabase, resultRows } from '../src/server/db/client.js';
import type { AppDeps } from '../src/server/deps.js';
import { computeItemAnalysis } from '../src/server/modules/item-analysis/item-analysis.service.js';
import { FixedClock } from '../src/server/platform/clock.js';
import { type Actor, SYSTEM_META } from '../src/server/platform/context.js';
import { randomContentKey } from '../src/server/platform/sealed.js';
import { inSystemTx } from '../src/server/platform/tx.js';
import { withDatabase } from '../test/setup/integration-global.js';
import { BANK_ITEMS, buildFinishedSitting } from './sitting-data.js';
import { admin, baseUrl, secs } from './support.js';

const { values } = parseArgs({ options: { attempts: { type: 'string' } } });
const ATTEMPTS = Number(values.attempts ?? 100_000);
if (!Number.isInteger(ATTEMPTS) || ATTEMPTS <= 0) {
  console.error('usage: npm run bench:items -- [--attempts 100000]');
  process.exit(2);
}
const dbName = `gk_bench_items_${randomBytes(4).toString('hex')}`;

await admin(`CREATE DATABASE ${dbName}`);
console.log(`database ${dbName} on ${new URL(baseUrl).host}`);
let line: string | null = null;
try {
  const database = openDatabase({ databaseUrl: withDatabase(baseUrl, dbName), poolSize: 4 });
  try {
    await database.migrate();
    const db = database.db;
    const clock = new FixedClock('2026-07-20T10:00:00+08:00');
    const key = randomContentKey();
    const deps: AppDeps = {
      db,
      dbKind: 'postgres',
      clock,
      config: { ...loadConfig({}), demoMode: false, logLevel: 'silent' },
      contentKey: key,
      signingKey: null,
    };
    const t0 = performance.now();
    console.log('setup (not timed):');
    const { province, campaignId, setup } = await buildFinishedSitting(db, key, clock, ATTEMPTS, t0);

    const actor: Actor = {
      accountId: setup.authorId,
      username: 'bench_bank_1',
      displayName: '题库（基准）',
      role: 'bank_manager',
      orgNodeId: province.id,
      orgPath: province.path,
      orgNodeName: province.name,
    };
    console.log('item analysis (timed):');
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    let lastReport = 0;
    const result = await computeItemAnalysis(deps, { actor, meta: SYSTEM_META }, campaignId, 'ethics', (done) => {
      if (done - lastReport >= 20_000) {
        lastReport = done;
        console.log(`  [${secs(started).toFixed(1)}s] ${done} attempts`);
      }
    });
    const seconds = secs(started);
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    console.log(
      `  ${seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU (this process) ${JSON.stringify(result)}`,
    );
    if (result.attempts !== ATTEMPTS || result.items !== BANK_ITEMS) {
      throw new Error(
        `analysed ${result.attempts} attempts and ${result.items} items, expected ${ATTEMPTS}, ${BANK_ITEMS}`,
      );
    }
    const [stored] = await inSystemTx(db, async (tx) =>
      resultRows<{ n: number; attempts: number }>(
        await tx.execute(sql`
          select count(*)::int as n, sum(attempts)::int as attempts from item_statistics
          where campaign_id = ${campaignId}`),
      ),
    );
    if (Number(stored!.n) !== BANK_ITEMS || Number(stored!.attempts) !== ATTEMPTS * 100) {
      throw new Error(`stored ${stored!.n} items with ${stored!.attempts} answers`);
    }
    console.log(`  ${BANK_ITEMS} item statistics stored over ${ATTEMPTS * 100} answers`);
    console.log(`  CPU seconds of this process: ${cpuSeconds.toFixed(1)}`);
    line = `{"attempts": ${ATTEMPTS}, "seconds": ${seconds.toFixed(1)}}`;
  } finally {
    await database.close();
  }
} finally {
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  console.log(`dropped ${dbName}`);
}
if (line) console.log(line);
else process.exitCode = 1;
