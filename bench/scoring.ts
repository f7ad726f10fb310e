/**
 * `npm run bench:scoring [-- --attempts 100000]`: the province's re-score (重新评分, modules/scores) of a
 * province-sized campaign on PostgreSQL, through the real service: every handed-in subject's paper read (COPY) and
 * unsealed in the process, its saved answers scored by domain/exam.ts scoreAnswers, the changed scores written, the
 * score table compiled and the audit row written, in one system transaction.
 *
 * Creates its own database gk_bench_scoring_<random> on BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres), migrates, and loads with bulk SQL (not timed): the demo campaign,
 * one unit, N confirmed candidates, a 职业道德 bank of 300 sealed items, one sealed 100-item paper per candidate
 * (true/false items weigh 0.5, the others 1; sealed in the process as the paper generation seals them), one session,
 * N finished attempts of one subject each, and up to 100 saved answers per attempt (about 70 % right, 3 % blank,
 * 2 % never saved): about N × 98 answer rows. Then it times `rescoreCampaign`,
 * checks that every subject was scored and changed (the scores start empty) and that a sample of 300 scores equals
 * domain/exam.ts scoreAnswers over the paper keys as exam day opens them, and drops the database in any case.
 *
 * It reports the wall time and the CPU seconds of the bench process (the service runs in it) and of the database's
 * server processes, since on a shared machine the wall time says little alone. SCORING_CPU_PROFILE=file.cpuprofile
 * writes a CPU profile of the timed re-score. The last line is {"attempts": N, "seconds": S, "nodeCpuSeconds": …,
 * "postgresCpuSeconds": …}. Target: under 60 s.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { scoreAnswers } from '../src/domain/exam.js';
import { loadConfig } from '../src/server/config.js';
import { openDatabase, resultRows } from '../src/server/db/client.js';
import type { AppDeps } from '../src/server/deps.js';
import { paperKeysForDelivery } from '../src/server/modules/papers/papers.service.js';
import { rescoreCampaign } from '../src/server/modules/scores/scores.service.js';
import { FixedClock } from '../src/server/platform/clock.js';
import type { Actor } from '../src/server/platform/context.js';
import { SYSTEM_META } from '../src/server/platform/context.js';
import { randomContentKey } from '../src/server/platform/sealed.js';
import { inSystemTx } from '../src/server/platform/tx.js';
import { withDatabase } from '../test/setup/integration-global.js';
import { postgresBackendsCpu, postgresCpuBetween } from './exam-server.js';
import { buildFinishedSitting } from './sitting-data.js';
import { admin, baseUrl, secs } from './support.js';

const { values } = parseArgs({ options: { attempts: { type: 'string' } } });
const ATTEMPTS = Number(values.attempts ?? 100_000);
if (!Number.isInteger(ATTEMPTS) || ATTEMPTS <= 0) {
  console.error('usage: npm run bench:scoring -- [--attempts 100000]');
  process.exit(2);
}
const dbName = `gk_bench_scoring_${randomBytes(4).toString('hex')}`;
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
    // The sitting (bench/sitting-data.ts, shared with bench:items): N finished attempts with their saved answers.
    const { province, campaignId, setup } = await buildFinishedSitting(db, key, clock, ATTEMPTS, t0);

    const actor: Actor = {
      accountId: setup.adminId,
      username: 'bench_admin',
      displayName: '省级管理员（基准）',
      role: 'province_admin',
      orgNodeId: province.id,
      orgPath: province.path,
      orgNodeName: province.name,
    };
    console.log('re-score (timed):');
    // SCORING_CPU_PROFILE=file.cpuprofile: a CPU profile of the timed re-score only (open it in Chrome's DevTools).
    const profile = process.env.SCORING_CPU_PROFILE ? new Session() : null;
    if (profile) {
      profile.connect();
      await profile.post('Profiler.enable');
      await profile.post('Profiler.start');
    }
    const pgBefore = postgresBackendsCpu(dbName);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const result = await rescoreCampaign(deps, { actor, meta: SYSTEM_META }, campaignId);
    const seconds = secs(started);
    const nodeCpu = process.cpuUsage(cpuBefore);
    const nodeSeconds = (nodeCpu.user + nodeCpu.system) / 1e6;
    const pgSeconds = postgresCpuBetween(pgBefore, postgresBackendsCpu(dbName));
    if (profile) {
      const { profile: taken } = await profile.post('Profiler.stop');
      writeFileSync(process.env.SCORING_CPU_PROFILE!, JSON.stringify(taken));
      profile.disconnect();
    }
    console.log(`  ${seconds.toFixed(1)} s ${JSON.stringify(result)}`);
    console.log(`  CPU: node ${nodeSeconds.toFixed(1)} s, PostgreSQL backends ${pgSeconds.toFixed(1)} s`);
    if (result.scored !== ATTEMPTS || result.changed !== ATTEMPTS || result.compiled !== ATTEMPTS) {
      throw new Error(
        `scored ${result.scored}, changed ${result.changed} and compiled ${result.compiled} of ${ATTEMPTS} subjects`,
      );
    }

    // A sample checked against the domain's scoring over the keys the exam day uses.
    const mismatches = await inSystemTx(db, async (tx) => {
      const sample = resultRows<{ id: number; paper_id: number; score: number }>(
        await tx.execute(sql`select id, paper_id, score from attempt_subjects order by hashint4(id) limit 300`),
      );
      let bad = 0;
      for (const s of sample) {
        const answers = new Map(
          resultRows<{ position: number; answer: string }>(
            await tx.execute(
              sql`select position, answer from attempt_answers where attempt_subject_id = ${s.id} order by position`,
            ),
          ).map((a) => [Number(a.position), a.answer]),
        );
        const expected = scoreAnswers(await paperKeysForDelivery(deps, tx, Number(s.paper_id)), answers).score;
        if (expected !== Number(s.score)) bad++;
      }
      return bad;
    });
    if (mismatches > 0) throw new Error(`${mismatches} of 300 sampled scores differ from scoreAnswers`);
    console.log(
      `  300 sampled scores equal scoreAnswers over the paper keys (target < 60 s: ${seconds < 60 ? 'met' : 'MISSED'})`,
    );
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
