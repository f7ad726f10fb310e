import { lt } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/client.js';
import { rateLimits } from '../db/schema.js';
import type { Clock } from './clock.js';
import { sweepJobDiskFiles } from './job-disk-files.js';
import { sweepJobs } from './jobs.js';
import { sweepLoginFailures } from './login-throttle.js';
import { type SessionPolicy, sweepSessions } from './sessions.js';
import { inSystemTx } from './tx.js';

/**
 * Removes what has run out — ended sessions, day-old sign-in failures, rate-limit windows an hour past, job files
 * a day old (in the database and on disk) and jobs a week old — so the
 * platform's tables stay small. It is never on a request's path; every app process runs it, and running it twice
 * at once is harmless (plain deletes of expired rows).
 */
export async function sweepExpired(db: Db, now: Date, sessionPolicy: SessionPolicy, dataDir?: string): Promise<void> {
  await inSystemTx(db, async (tx) => {
    await sweepSessions(tx, now, sessionPolicy);
    await sweepLoginFailures(tx, now);
    await sweepJobs(tx, now);
    await tx.delete(rateLimits).where(lt(rateLimits.windowStart, new Date(now.getTime() - 3600_000)));
  });
  // Job files on disk (a centre's print set) go with the database's job files. Wall time: the files' own.
  if (dataDir) await sweepJobDiskFiles(dataDir, new Date());
}

/** Runs the sweep every intervalMs while the app is up (unref'd, so it never keeps a process alive). */
export function scheduleMaintenance(
  app: FastifyInstance,
  deps: { db: Db; clock: Clock; sessionPolicy: SessionPolicy; dataDir?: string },
  intervalMs: number,
): void {
  let timer: NodeJS.Timeout | null = null;
  app.addHook('onReady', async () => {
    timer = setInterval(() => {
      sweepExpired(deps.db, deps.clock.now(), deps.sessionPolicy, deps.dataDir).catch((error: unknown) =>
        app.log.warn({ err: error }, 'maintenance sweep failed'),
      );
    }, intervalMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
  });
}
