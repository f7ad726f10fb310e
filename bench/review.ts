/**
 * `npm run bench:review [-- --applications 200000]`: the province's review statistics and a filtered review
 * list over HTTP (app.inject, the real app on PostgreSQL under row-level security) on a province-sized data set.
 *
 * Creates its own database gk_bench_review_<random> on BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres), migrates, seeds with seedLarge, signs in as a province admin,
 * warms up, measures each request RUNS times (default 20), recounts the statistics' counters from the rows
 * (verifyCounters: they must agree) and drops the database in any case. The last line is JSON:
 * {"applications":N,"statsMedianMs":x,"listMedianMs":y}. Targets: statistics < 100 ms (at 1,000,000
 * applications: the figures come from counters, issue 18), list < 100 ms.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { and, eq } from 'drizzle-orm';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/client.js';
import { accounts, orgNodes } from '../src/server/db/schema.js';
import { verifyCounters } from '../src/server/modules/statistics/statistics.verify.js';
import { FixedClock } from '../src/server/platform/clock.js';
import { hashPassword } from '../src/server/platform/passwords.js';
import { randomContentKey } from '../src/server/platform/sealed.js';
import { inSystemTx } from '../src/server/platform/tx.js';
import { withDatabase } from '../test/setup/integration-global.js';
import { seedLarge } from './seed-large.js';
import { admin, baseUrl } from './support.js';

const { values } = parseArgs({ options: { applications: { type: 'string' }, runs: { type: 'string' } } });
const N = Number(values.applications ?? 200_000);
const RUNS = Math.max(15, Number(values.runs ?? process.env.RUNS ?? 20));
if (!Number.isInteger(N) || N < 100) {
  console.error('usage: npm run bench:review -- [--applications 200000] [--runs 20]');
  process.exit(2);
}
const dbName = `gk_bench_review_${randomBytes(4).toString('hex')}`;

const ms = (t0: number) => performance.now() - t0;
function summary(times: number[]) {
  const s = [...times].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { median: at(0.5), p90: at(0.9), min: s[0]!, max: s[s.length - 1]! };
}
const fmt = (x: number) => x.toFixed(1);

await admin(`CREATE DATABASE ${dbName}`);
console.log(`database ${dbName} on ${new URL(baseUrl).host}`);
let result: { applications: number; statsMedianMs: number; listMedianMs: number } | null = null;
try {
  const database = openDatabase({ databaseUrl: withDatabase(baseUrl, dbName), poolSize: 4 });
  try {
    await database.migrate();
    const clock = new FixedClock('2017-03-20T10:00:00+08:00');
    const seedStart = performance.now();
    let printed = 0;
    const seeded = await seedLarge(database.db, {
      applications: N,
      campaignYear: 2017,
      now: clock.now(),
      onProgress: (p) => {
        if (p.phase === 'applications' && p.done - printed < 50_000 && p.done !== p.total) return;
        if (p.phase === 'applications') printed = p.done;
        console.log(`  seed [${(ms(seedStart) / 1000).toFixed(1)}s] ${p.phase} ${p.done}/${p.total}`);
      },
    });
    console.log(
      `seeded ${seeded.applications} applications, ${seeded.reviews} review rows, ${seeded.batches} batches, ` +
        `${seeded.units} units in ${(ms(seedStart) / 1000).toFixed(1)} s`,
    );

    // A province admin with a known password, as create-admin makes one.
    const password = `Bench#${randomBytes(6).toString('hex')}`;
    const passwordHash = await hashPassword(password);
    const zhengzhou = await inSystemTx(database.db, async (tx) => {
      const now = clock.now();
      const [province] = await tx.select().from(orgNodes).where(eq(orgNodes.id, seeded.provinceId));
      await tx.insert(accounts).values({
        username: 'bench_province',
        displayName: '省工考办（基准）',
        role: 'province_admin',
        orgNodeId: province!.id,
        orgPath: province!.path,
        passwordHash,
        mustChangePassword: false,
        createdAt: now,
        updatedAt: now,
      });
      const [city] = await tx
        .select()
        .from(orgNodes)
        .where(and(eq(orgNodes.kind, 'jurisdiction'), eq(orgNodes.name, '郑州市')));
      return city!;
    });

    const { app } = await buildApp(
      {
        db: database.db,
        dbKind: database.kind,
        clock,
        config: { ...loadConfig({}), demoMode: false, logLevel: 'silent' },
        contentKey: randomContentKey(),
        signingKey: null,
      },
      { logger: false },
    );
    try {
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'bench_province', password },
      });
      if (login.statusCode !== 200) throw new Error(`login failed: ${login.statusCode} ${login.body}`);
      const cookie = `gk_session=${login.cookies.find((c) => c.name === 'gk_session')!.value}`;
      const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie } });

      const statsUrl = `/api/statistics/review?campaignId=${seeded.campaignId}`;
      const queueUrl =
        `/api/review/queue?campaignId=${seeded.campaignId}&view=all&jurisdictionId=${zhengzhou.id}` +
        '&status=department_approved&grade=4&page=1&pageSize=20';
      const fallbackUrl =
        `/api/applications?campaignId=${seeded.campaignId}&unitId=${zhengzhou.id}` +
        '&status=department_approved&grade=4&page=1&pageSize=20';
      const probe = await get(queueUrl);
      const listUrl = probe.statusCode === 200 ? queueUrl : fallbackUrl;
      if (listUrl === fallbackUrl) {
        console.log(`GET /api/review/queue answered ${probe.statusCode}: measuring the applications list instead`);
      }

      const measure = async (label: string, url: string, check: (body: string) => string) => {
        for (let i = 0; i < 3; i++) await get(url); // warm-up
        const times: number[] = [];
        let note = '';
        for (let i = 0; i < RUNS; i++) {
          const t0 = performance.now();
          const res = await get(url);
          times.push(ms(t0));
          if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
          note = check(res.body);
        }
        const s = summary(times);
        console.log(
          `${label}: median ${fmt(s.median)} ms, p90 ${fmt(s.p90)} ms, min ${fmt(s.min)} ms, max ${fmt(s.max)} ms ` +
            `(${RUNS} runs) — ${note}\n  GET ${url}`,
        );
        return s;
      };

      const stats = await measure('statistics (province)', statsUrl, (body) => {
        const s = JSON.parse(body) as {
          totals: { applications: number; everReturned: number; overruled: { ineligible: number } };
          byChild: unknown[];
          byJobType: unknown[];
          returnsByReason: unknown[];
        };
        if (s.totals.applications !== N) throw new Error(`statistics count ${s.totals.applications}, expected ${N}`);
        return `${s.totals.applications} applications, ${s.byChild.length} jurisdictions, ${s.byJobType.length} job types, ${s.totals.everReturned} ever returned, ${s.totals.overruled.ineligible} overruled ineligible`;
      });
      const list = await measure(
        listUrl === queueUrl ? 'review queue (郑州市, department_approved, 四级)' : 'applications list (fallback)',
        listUrl,
        (body) => {
          const l = JSON.parse(body) as { items: unknown[]; total: number };
          return `${l.items.length} of ${l.total}`;
        },
      );
      const recountStart = performance.now();
      const recount = await verifyCounters(database.db, { campaignId: seeded.campaignId, limit: 10 });
      console.log(
        `recount of the counters from the rows: ${recount.differences.length === 0 ? 'they agree' : `${recount.differences.length} groups DIFFER`} (${(ms(recountStart) / 1000).toFixed(1)} s)`,
      );
      if (recount.differences.length > 0) throw new Error(JSON.stringify(recount.differences.slice(0, 5)));
      result = { applications: N, statsMedianMs: Number(fmt(stats.median)), listMedianMs: Number(fmt(list.median)) };
      console.log(
        `targets: statistics < 100 ms ${stats.median < 100 ? 'met' : 'MISSED'}, list < 100 ms ${list.median < 100 ? 'met' : 'MISSED'}`,
      );
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
} finally {
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  console.log(`dropped ${dbName}`);
}
if (result) console.log(JSON.stringify(result));
else process.exitCode = 1;
