/**
 * `npm start` with WORKERS > 1: this primary prepares the database once (migrations, the reference org), then
 * runs WORKERS worker processes of main.ts on one port (Node's cluster shares the listening socket), restarts a
 * worker that dies (waiting longer after each quick death, up to MAX_RESTART_DELAY_MS), collects the workers'
 * metrics for /api/metrics (platform/cluster-metrics.ts) and, on SIGTERM or SIGINT, passes the signal on and
 * exits when every worker has drained (each within SHUTDOWN_GRACE_SECONDS).
 *
 * Nothing a request needs lives in one process's memory (sessions, rate-limit counts, job progress, the audit
 * chain's head are in the database), so any worker, on any machine, can answer any request.
 */
import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import type { AppConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { ensureReferenceOrg } from './db/seed.js';
import { clockFor } from './platform/clock.js';
import { serveClusterMetrics } from './platform/cluster-metrics.js';
import { loadRecoveryKey } from './platform/recovery-key.js';
import { loadContentKey } from './platform/sealed.js';
import { loadSigningKey } from './platform/signing.js';

/** A worker that lived shorter than this died "quickly": the next restart waits longer. */
const QUICK_DEATH_MS = 30_000;
const FIRST_RESTART_DELAY_MS = 500;
const MAX_RESTART_DELAY_MS = 30_000;

/** The wait before restarting a worker after `quickDeaths` quick deaths in a row (0: at once-ish). */
export function restartDelayMs(quickDeaths: number): number {
  return Math.min(MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** Math.max(0, quickDeaths - 1));
}

const log = (message: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(
    `${JSON.stringify({ level: 30, time: Date.now(), pid: process.pid, ...fields, msg: message })}\n`,
  );

export async function runPrimary(config: AppConfig): Promise<void> {
  if (!config.databaseUrl) {
    process.stderr.write(
      `WORKERS=${config.workers} needs a PostgreSQL server (DATABASE_URL): the embedded database (PGlite) is one process's own. Unset WORKERS, or set DATABASE_URL.\n`,
    );
    process.exit(1);
  }
  // A bad key stops the start here, once, rather than in every worker in a restart loop.
  loadContentKey(config);
  loadSigningKey(config);
  loadRecoveryKey(config);
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, pool: { size: 1 } });
  try {
    await database.migrate();
    await ensureReferenceOrg(database.db, clockFor(config.appToday));
  } finally {
    await database.close();
  }

  cluster.setupPrimary({ exec: fileURLToPath(new URL('./main.ts', import.meta.url)) });
  serveClusterMetrics();

  let stopping = false;
  const started = new Map<number, number>();
  let quickDeaths = 0;
  const fork = () => {
    const worker = cluster.fork();
    started.set(worker.id, Date.now());
  };
  cluster.on('exit', (worker: Worker, code, signal) => {
    const lived = Date.now() - (started.get(worker.id) ?? Date.now());
    started.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        log('all workers stopped');
        process.exit(0);
      }
      return;
    }
    quickDeaths = lived < QUICK_DEATH_MS ? quickDeaths + 1 : 0;
    const delay = restartDelayMs(quickDeaths);
    log('worker died: restarting', { worker: worker.process.pid, code, signal, livedMs: lived, restartInMs: delay });
    setTimeout(() => {
      if (!stopping) fork();
    }, delay);
  });
  for (let i = 0; i < config.workers; i++) fork();
  log(`gongkao: ${config.workers} workers on http://localhost:${config.port}`, { workers: config.workers });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log('stopping workers', { signal });
      const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => Boolean(w));
      if (workers.length === 0) process.exit(0);
      for (const worker of workers) worker.process.kill('SIGTERM');
      // Each worker exits within its grace; a worker that does not is killed a little after.
      setTimeout(
        () => {
          for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
          process.exit(1);
        },
        (config.shutdownGraceSeconds + 5) * 1000,
      ).unref();
    });
  }
}
