/**
 * Prometheus metrics for operators (`GET /api/metrics`, modules/operations), one registry per app instance (a
 * process; the tests build many). What is measured, and where it costs:
 *
 * - every request: one histogram observation and one counter increment under (method, route pattern, status),
 *   in an onResponse hook, with the labelled children cached by a short key (prom-client's own label lookup
 *   sorts and joins the labels on every call);
 * - every statement: one histogram observation (Database.onQuery; the pool's query path is wrapped once);
 * - at scrape time only: the pool's gauges (read from the pool object) and the gauges that need the database
 *   (background jobs by state, live sessions, exam attempts under way), one statement cached for
 *   SCRAPE_CACHE_MS so that several scrapers, or every worker of a cluster, do not multiply it.
 *
 * In a cluster (WORKERS > 1) each worker keeps its own registry; the worker that receives the scrape asks the
 * primary, which gathers every worker's figures and sums them (server/cluster.ts, prom-client's
 * AggregatorRegistry.aggregate). Figures that come from the database are the same in every worker and are
 * aggregated with `first`, not summed.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { type Database, type Db, resultRows } from '../db/client.js';
import type { Clock } from './clock.js';
import { STALE_AFTER_MS } from './jobs.js';
import type { SessionPolicy } from './sessions.js';

/** Database-derived gauges are recomputed at most this often. */
export const SCRAPE_CACHE_MS = 5_000;
/** A scrape does not wait longer than this for the database. */
const SCRAPE_QUERY_TIMEOUT_MS = 3_000;

export interface MetricsDeps {
  db: Db;
  clock: Clock;
  sessionPolicy: SessionPolicy;
  /** The pool's gauges and the query histogram; without it (benches, tools) neither is reported. */
  database?: Pick<Database, 'onQuery' | 'poolStats'>;
  /** Jobs this process holds (running or waiting in its line). */
  jobsHeld: () => number;
  /** Node's process metrics (CPU, memory, event-loop lag, GC): main.ts only, not in tests that build many apps. */
  processMetrics?: boolean;
}

interface DatabaseFigures {
  jobs: Map<string, number>;
  sessions: number;
  attempts: Map<string, number>;
}

const JOB_STATES = ['queued', 'running', 'done', 'failed', 'stale'] as const;
const LIVE_ATTEMPT_STATES = ['waiting', 'admitted'] as const;

export function registerMetrics(app: FastifyInstance, deps: MetricsDeps): Registry {
  const registry = new Registry();
  if (deps.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'gk_' });

  const requestSeconds = new Histogram({
    name: 'gk_http_request_duration_seconds',
    help: 'Time to answer a request, by method, route pattern and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const requests = new Counter({
    name: 'gk_http_requests_total',
    help: 'Requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [registry],
  });
  type Children = { seconds: { observe(v: number): void }; count: { inc(): void } };
  const children = new Map<string, Children>();
  app.addHook('onResponse', (request, reply, done) => {
    // The pattern (/api/jobs/:jobId), never the raw URL: the label set stays bounded.
    const route = request.routeOptions.url ?? 'unmatched';
    const key = `${request.method} ${reply.statusCode} ${route}`;
    let child = children.get(key);
    if (!child) {
      const labels = { method: request.method, route, status_code: String(reply.statusCode) };
      child = { seconds: requestSeconds.labels(labels), count: requests.labels(labels) };
      children.set(key, child);
    }
    child.seconds.observe(reply.elapsedTime / 1000);
    child.count.inc();
    done();
  });

  const database = deps.database;
  if (database) {
    const querySeconds = new Histogram({
      name: 'gk_db_query_duration_seconds',
      help: 'Time from sending a statement to its answer (waiting for a connection not included)',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    const unlabelled = querySeconds.labels();
    database.onQuery((seconds) => unlabelled.observe(seconds));
    app.addHook('onClose', async () => database.onQuery(null));
    new Gauge({
      name: 'gk_db_pool_connections',
      help: 'Database connections of this process: max (the pool size), total open, idle, and requests waiting for one',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        const stats = database.poolStats();
        this.set({ state: 'max' }, stats.max);
        this.set({ state: 'total' }, stats.total);
        this.set({ state: 'idle' }, stats.idle);
        this.set({ state: 'waiting' }, stats.waiting);
      },
    });
  }

  new Gauge({
    name: 'gk_jobs_held_in_process',
    help: 'Background jobs this process runs or keeps waiting in its line',
    registers: [registry],
    collect() {
      this.set(deps.jobsHeld());
    },
  });

  // ── From the database, at scrape time (cached) ──
  let cached: { at: number; figures: Promise<DatabaseFigures | null> } | null = null;
  const figures = (): Promise<DatabaseFigures | null> => {
    const now = Date.now();
    if (!cached || now - cached.at > SCRAPE_CACHE_MS) {
      cached = { at: now, figures: withTimeout(loadFigures(deps), SCRAPE_QUERY_TIMEOUT_MS).catch(() => null) };
    }
    return cached.figures;
  };
  new Gauge({
    name: 'gk_db_up',
    help: 'Whether the scrape could read the figures below from the database (1) or not (0)',
    aggregator: 'min',
    registers: [registry],
    async collect() {
      this.set((await figures()) ? 1 : 0);
    },
  });
  new Gauge({
    name: 'gk_background_jobs',
    help: 'Background jobs in the database by state (stale: queued or running, but not touched for 2 minutes)',
    labelNames: ['state'] as const,
    aggregator: 'first',
    registers: [registry],
    async collect() {
      const f = await figures();
      if (!f) return;
      for (const state of JOB_STATES) this.set({ state }, f.jobs.get(state) ?? 0);
    },
  });
  new Gauge({
    name: 'gk_sessions_live',
    help: 'Signed-in sessions not yet expired (idle or absolute timeout)',
    aggregator: 'first',
    registers: [registry],
    async collect() {
      const f = await figures();
      if (f) this.set(f.sessions);
    },
  });
  new Gauge({
    name: 'gk_exam_attempts_in_progress',
    help: 'Exam attempts not yet ended, by status (waiting: seated, not yet admitted; admitted: answering)',
    labelNames: ['status'] as const,
    aggregator: 'first',
    registers: [registry],
    async collect() {
      const f = await figures();
      if (!f) return;
      for (const status of LIVE_ATTEMPT_STATES) this.set({ status }, f.attempts.get(status) ?? 0);
    },
  });

  return registry;
}

/** One statement for every database-derived gauge. */
async function loadFigures(deps: MetricsDeps): Promise<DatabaseFigures> {
  const now = deps.clock.now();
  const idleSince = new Date(now.getTime() - deps.sessionPolicy.idleMinutes * 60_000);
  const staleBefore = new Date(Date.now() - STALE_AFTER_MS);
  const result = await deps.db.execute(sql`
    select 'job' as kind, case when status in ('queued', 'running') and updated_at < ${staleBefore} then 'stale'
             else status end as key, count(*)::int as n
      from background_jobs group by 2
    union all
    select 'session', '', count(*)::int from sessions where expires_at > ${now} and last_seen_at > ${idleSince}
    union all
    select 'attempt', status::text, count(*)::int from exam_attempts where status in ('waiting', 'admitted') group by 2`);
  const out: DatabaseFigures = { jobs: new Map(), sessions: 0, attempts: new Map() };
  for (const row of resultRows<{ kind: string; key: string; n: number }>(result)) {
    if (row.kind === 'job') out.jobs.set(row.key, Number(row.n));
    else if (row.kind === 'session') out.sessions = Number(row.n);
    else out.attempts.set(row.key, Number(row.n));
  }
  return out;
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
