/**
 * `npm run bench:metrics [-- --requests 50000]`: what the metrics cost per request and per statement
 * (issue 18). Two Fastify apps with one trivial route, one with the metrics' onResponse hook
 * (platform/metrics.ts) and one without, each answering the same number of injected requests, alternated over
 * several rounds (best round of each); and the per-statement observation (Database.onQuery's observer) timed
 * alone. No database is touched. Last line JSON.
 */
import Fastify from 'fastify';
import type { Db } from '../src/server/db/client.js';
import { FixedClock } from '../src/server/platform/clock.js';
import { registerMetrics } from '../src/server/platform/metrics.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const requests = arg('requests', 50_000);
const rounds = 5;

async function build(withMetrics: boolean) {
  const app = Fastify({ logger: false });
  let observer: ((s: number) => void) | null = null;
  if (withMetrics) {
    registerMetrics(app, {
      db: {} as Db,
      clock: new FixedClock('2017-02-10T09:00:00+08:00'),
      sessionPolicy: { idleMinutes: 30, maxHours: 12 },
      database: {
        onQuery: (o) => {
          observer = o;
        },
        poolStats: () => ({ max: 1, total: 1, idle: 1, waiting: 0 }),
      },
      jobsHeld: () => 0,
    });
  }
  app.get('/api/things/:id', async () => ({ ok: true }));
  await app.ready();
  return { app, observe: () => observer };
}

async function timeRequests(app: Awaited<ReturnType<typeof build>>['app']): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < requests; i++) await app.inject({ method: 'GET', url: `/api/things/${i}` });
  return Number(process.hrtime.bigint() - started) / requests;
}

const plain = await build(false);
const measured = await build(true);
let bestPlain = Number.POSITIVE_INFINITY;
let bestMeasured = Number.POSITIVE_INFINITY;
for (let r = 0; r < rounds; r++) {
  bestPlain = Math.min(bestPlain, await timeRequests(plain.app));
  bestMeasured = Math.min(bestMeasured, await timeRequests(measured.app));
}

const observe = measured.observe();
if (!observe) throw new Error('no query observer');
const n = 2_000_000;
let bestObserve = Number.POSITIVE_INFINITY;
for (let r = 0; r < rounds; r++) {
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) observe(0.0004 + (i % 7) * 0.001);
  bestObserve = Math.min(bestObserve, Number(process.hrtime.bigint() - started) / n);
}

const figures = {
  requests,
  injectNsWithout: Math.round(bestPlain),
  injectNsWith: Math.round(bestMeasured),
  metricsNsPerRequest: Math.round(bestMeasured - bestPlain),
  observeNsPerStatement: Math.round(bestObserve),
};
console.log(
  `per request: ${figures.injectNsWithout} ns without metrics, ${figures.injectNsWith} ns with (${figures.metricsNsPerRequest} ns for the hook); per statement: ${figures.observeNsPerStatement} ns`,
);
console.log(JSON.stringify(figures));
