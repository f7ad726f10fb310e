/**
 * `npm run bench:audit [-- --clients 32 --per-client 40 --rounds 3 --latency-ms 1]`: audited writes under concurrency — review
 * decisions (a unit approving its submitted applications: application row, review row, notification and audit
 * row in one transaction) sent by many signed-in clients at once, over HTTP (app.inject) on PostgreSQL.
 *
 * Creates its own database gk_bench_audit_<random> on BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres) and drops it in any case. Each round gives every client its own
 * unit with fresh submitted applications; all clients then decide theirs as fast as they can. The last line is
 * JSON: {"clients":N,"writesPerSecond":median over rounds,"p50Ms":…,"p99Ms":median of the rounds' p99s,…}.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/client.js';
import { ensureReferenceOrg } from '../src/server/db/seed.js';
import { openCampaign2017 } from '../src/server/modules/applications/applications.test-support.js';
import { buildChain, insertApplications } from '../src/server/modules/review/review.test-support.js';
import { verifyAuditChain } from '../src/server/platform/audit.js';
import { FixedClock } from '../src/server/platform/clock.js';
import { randomContentKey } from '../src/server/platform/sealed.js';
import { Client, type TestApp } from '../test/setup/harness.js';
import { withDatabase } from '../test/setup/integration-global.js';
import { admin, baseUrl } from './support.js';

const { values } = parseArgs({
  options: {
    clients: { type: 'string' },
    'per-client': { type: 'string' },
    rounds: { type: 'string' },
    pool: { type: 'string' },
    'latency-ms': { type: 'string' },
  },
});
const CLIENTS = Number(values.clients ?? 32);
const PER_CLIENT = Number(values['per-client'] ?? 40);
const ROUNDS = Number(values.rounds ?? 3);
/** Round-trip time added between the app and PostgreSQL (a delaying TCP proxy), as between two machines. */
const LATENCY_MS = Number(values['latency-ms'] ?? 0);
const dbName = `gk_bench_audit_${randomBytes(4).toString('hex')}`;

/**
 * Samples pg_stat_activity every 20 ms from a connection of its own: how many of the database's sessions are
 * waiting on a lock (the audit chain's tip, a row) against how many are active. A global lock held over business
 * work shows as most active sessions waiting.
 */
function sampleLockWaits(database: string) {
  const client = new pg.Client({ connectionString: baseUrl });
  let running = true;
  const samples: { waiting: number; active: number }[] = [];
  const loop = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query<{ waiting: number; active: number }>(
        `select count(*) filter (where wait_event_type = 'Lock')::int as waiting,
                count(*) filter (where state = 'active')::int as active
           from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
        [database],
      );
      samples.push(rows[0]!);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await client.end();
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const mean = (f: (s: { waiting: number; active: number }) => number) =>
        samples.reduce((sum, s) => sum + f(s), 0) / Math.max(1, samples.length);
      return { waiting: mean((s) => s.waiting), active: mean((s) => s.active) };
    },
  };
}

/**
 * A TCP proxy in front of PostgreSQL that holds every chunk, each way, for half the round-trip time (order kept:
 * timers of one duration fire in the order they were set). On one machine the app and the database share the CPU
 * and talk over loopback in microseconds; in production they are two machines a network apart, where a lock held
 * across round trips costs far more. `--latency-ms 1` measures that case.
 */
async function startLatencyProxy(target: URL, rttMs: number): Promise<{ port: number; close(): void }> {
  const net = await import('node:net');
  const oneWay = rttMs / 2;
  const sockets = new Set<import('node:net').Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      s.setNoDelay(true);
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    const pipe = (from: import('node:net').Socket, to: import('node:net').Socket) => {
      from.on('data', (chunk) => setTimeout(() => to.destroyed || to.write(chunk), oneWay));
      from.on('end', () => setTimeout(() => to.end(), oneWay));
    };
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy: no port');
  return {
    port: address.port,
    close() {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

/** BENCH_PROFILE=file.cpuprofile: a CPU profile of the last round's measured phase only (node:inspector). */
async function startProfile() {
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(file: string) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      console.log(`CPU profile of the last round: ${file}`);
    },
  };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const median = (xs: number[]) =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );
const fmt = (x: number) => Number(x.toFixed(1));

await admin(`CREATE DATABASE ${dbName}`);
console.log(
  `database ${dbName} on ${new URL(baseUrl).host}; ${CLIENTS} clients × ${PER_CLIENT} decisions × ${ROUNDS} rounds` +
    (LATENCY_MS > 0 ? `; ${LATENCY_MS} ms round trip between app and database` : ''),
);
const proxy = LATENCY_MS > 0 ? await startLatencyProxy(new URL(baseUrl), LATENCY_MS) : null;
const appUrl = (() => {
  const url = new URL(withDatabase(baseUrl, dbName));
  if (proxy) {
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
  }
  return url.toString();
})();
let result: Record<string, unknown> | null = null;
try {
  const database = openDatabase({
    databaseUrl: appUrl,
    ...(values.pool ? { poolSize: Number(values.pool) } : {}),
  });
  try {
    await database.migrate();
    // The round trip the app sees (median of 50 one-statement queries), with the proxy when there is one.
    const pings: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      await database.db.execute(sql`select 1`);
      pings.push(performance.now() - t0);
    }
    const roundTripMs = median(pings);
    console.log(`round trip app → database: ${roundTripMs.toFixed(2)} ms (median of 50 queries)`);
    // Inside the 2017 registration window, where a unit may still decide on what was submitted to it.
    const clock = new FixedClock('2017-02-20T10:00:00+08:00');
    // Every client signs in from one address here; the sign-in limit is not what is measured.
    const config = { ...loadConfig({}), demoMode: false, logLevel: 'silent', loginRatePerMinute: 100_000 };
    const deps = {
      db: database.db,
      dbKind: database.kind,
      clock,
      config,
      contentKey: randomContentKey(),
      signingKey: null,
    };
    const province = await ensureReferenceOrg(database.db, clock);
    const { app, routeAccess } = await buildApp(deps, { logger: false });
    const t: TestApp = {
      app,
      routeAccess,
      deps,
      clock,
      database,
      provinceId: province.id,
      close: async () => undefined,
    };
    try {
      const campaign = await openCampaign2017(t);
      const rounds: { writesPerSecond: number; p50: number; p99: number; lockWaiting: number; active: number }[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const workers = await Promise.all(
          Array.from({ length: CLIENTS }, async () => {
            const chain = await buildChain(t, '郑州市');
            const ids = await insertApplications(t, {
              campaignId: campaign.campaignId,
              unit: chain.unit,
              departmentId: chain.department.id,
              jurisdictionId: chain.jurisdiction.id,
              jobTypeId: campaign.driverId,
              count: PER_CLIENT,
            });
            const client = new Client(app);
            const login = await client.login(chain.accounts.unit);
            if (login.statusCode !== 200) throw new Error(`login: ${login.statusCode} ${login.body}`);
            return { client, ids };
          }),
        );
        const latencies: number[] = [];
        const sampler = sampleLockWaits(dbName);
        const profiling = process.env.BENCH_PROFILE && round === ROUNDS - 1 ? await startProfile() : null;
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        await Promise.all(
          workers.map(async ({ client, ids }) => {
            for (const id of ids) {
              const t0 = performance.now();
              const res = await client.post(`/api/review/applications/${id}/decide`, { action: 'approve' });
              latencies.push(performance.now() - t0);
              if (res.statusCode !== 200) throw new Error(`decide ${id}: ${res.statusCode} ${res.body.slice(0, 300)}`);
            }
          }),
        );
        const seconds = (performance.now() - started) / 1000;
        const waits = await sampler.stop();
        const cpu = process.cpuUsage(cpuBefore);
        if (profiling) await profiling.stop(process.env.BENCH_PROFILE!);
        const appCpuShare = (cpu.user + cpu.system) / 1e6 / seconds;
        latencies.sort((a, b) => a - b);
        const r = {
          writesPerSecond: latencies.length / seconds,
          p50: quantile(latencies, 0.5),
          p99: quantile(latencies, 0.99),
          lockWaiting: waits.waiting,
          active: waits.active,
        };
        rounds.push(r);
        console.log(
          `round ${round + 1}: ${latencies.length} decisions in ${seconds.toFixed(2)} s = ${fmt(r.writesPerSecond)}/s, ` +
            `p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms; app process CPU ${(appCpuShare * 100).toFixed(0)}% of one core; ` +
            `sessions waiting on a lock ${r.lockWaiting.toFixed(1)} of ${r.active.toFixed(1)} active (mean)`,
        );
      }
      const chain = await verifyAuditChain(database.db);
      if (!chain.ok) throw new Error(`audit chain broken at ${chain.firstBrokenId}: ${chain.reason}`);
      console.log(`audit chain verified: ${chain.checked} rows`);
      result = {
        clients: CLIENTS,
        decisions: CLIENTS * PER_CLIENT * ROUNDS,
        writesPerSecond: fmt(median(rounds.map((r) => r.writesPerSecond))),
        p50Ms: fmt(median(rounds.map((r) => r.p50))),
        p99Ms: fmt(median(rounds.map((r) => r.p99))),
        lockWaitingMean: fmt(median(rounds.map((r) => r.lockWaiting))),
        latencyMs: LATENCY_MS,
        roundTripMs: fmt(roundTripMs),
      };
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
} finally {
  proxy?.close();
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  console.log(`dropped ${dbName}`);
}
if (result) console.log(JSON.stringify(result));
else process.exitCode = 1;
