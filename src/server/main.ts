import cluster from 'node:cluster';
import { buildApp } from './app.js';
import { runPrimary } from './cluster.js';
import { type AppConfig, loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { accountCount, ensureReferenceOrg, seedDemo } from './db/seed.js';
import { demoExamDay, demoGrade1ExamDay } from './db/seed-exam-day.js';
import { clockFor } from './platform/clock.js';
import { listenAsWorker } from './platform/cluster-metrics.js';
import { loadRecoveryKey, recoveryKeyFilePath } from './platform/recovery-key.js';
import { keyFilePath, loadContentKey } from './platform/sealed.js';
import { closeGracefully } from './platform/shutdown.js';
import { loadSigningKey, signingKeyFilePath } from './platform/signing.js';

// The server: one process (WORKERS=1, the default), or with WORKERS > 1 a primary (server/cluster.ts) that
// migrates once and then runs that many workers of this same file.
const config = loadConfig();
if (config.workers > 1 && cluster.isPrimary) await runPrimary(config);
else await serve(config, { prepare: !cluster.isWorker });

async function serve(config: AppConfig, options: { prepare: boolean }): Promise<void> {
  const clock = clockFor(config.appToday);
  // The exam-content key, checked at start-up so a bad BANK_KEY or key file stops the process here, not on exam day.
  const contentKey = loadContentKey(config);
  // The same for the key that signs tickets (a bad SIGNING_KEY or key file stops the process here).
  const signingKey = loadSigningKey(config);
  // And the exam clients' recovery-file key (a bad EXAM_RECOVERY_KEY or key file stops the process here).
  const recoveryKey = loadRecoveryKey(config);
  const database = openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    pool: config.databasePool,
  });
  // In a cluster the primary has migrated (server/cluster.ts); a lone process migrates itself.
  if (options.prepare) {
    await database.migrate();
    await ensureReferenceOrg(database.db, clock);
  }
  const deps = { db: database.db, dbKind: database.kind, clock, config, contentKey, signingKey, recoveryKey };
  // The embedded database is the demo set-up: an empty one gets the demo data. A PostgreSQL server gets it
  // only through `npm run seed:demo`.
  const demo = database.kind === 'pglite' && (await accountCount(database.db)) === 0 ? await seedDemo(deps) : null;

  const { app, lifecycle, metrics } = await buildApp(deps, {
    maintenanceIntervalMs: 10 * 60_000,
    examSweepIntervalMs: 5_000,
    database,
    processMetrics: true,
  });
  listenAsWorker(metrics);
  if (demo) app.log.info({ demo }, 'demo data seeded');

  database.onPoolError((error) => app.log.warn({ err: error }, 'database pool error'));

  let closing = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      // Graceful shutdown: /api/ready answers 503 at once (a load balancer stops sending), the server stops
      // accepting connections, requests in flight finish (served with Connection: close), background jobs and the
      // exam sweep settle (onClose hooks), the database closes so PGlite flushes; all within SHUTDOWN_GRACE_SECONDS.
      lifecycle.draining = true;
      app.log.info({ signal, graceSeconds: config.shutdownGraceSeconds }, 'shutting down');
      const deadline = setTimeout(() => {
        app.log.error({ graceSeconds: config.shutdownGraceSeconds }, 'shutdown took longer than its grace: exiting');
        app.server.closeAllConnections();
        process.exit(1);
      }, config.shutdownGraceSeconds * 1000);
      closeGracefully(app)
        .then(() => database.close())
        .then(() => {
          clearTimeout(deadline);
          app.log.info('shut down');
          process.exit(0);
        })
        .catch((error: unknown) => {
          app.log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        });
    });
  }

  if (contentKey?.source === 'file') {
    app.log.info(
      { keyFile: keyFilePath(config.dataDir) },
      'exam content key: a key file beside the data; back it up apart from the data',
    );
  } else if (!contentKey) {
    app.log.warn('BANK_KEY is not set: question banks and papers cannot be read or written until it is');
  }
  if (signingKey?.source === 'file') {
    app.log.info(
      { keyFile: signingKeyFilePath(config.dataDir), keyId: signingKey.keyId },
      'signing key: a key file beside the data; back it up apart from the data',
    );
  } else if (!signingKey) {
    app.log.warn('SIGNING_KEY is not set: admission tickets cannot be signed until it is');
  }

  if (recoveryKey?.source === 'file') {
    app.log.info(
      { keyFile: recoveryKeyFilePath(config.dataDir) },
      'exam recovery key: a key file beside the data; back it up apart from the data',
    );
  } else if (!recoveryKey) {
    app.log.warn('EXAM_RECOVERY_KEY is not set: exam recovery files cannot be read until it is');
  }

  await app.listen({ port: config.port, host: config.host });
  app.log.info(
    { db: database.kind, dataDir: database.kind === 'pglite' ? config.dataDir : undefined, demo: config.demoMode },
    `gongkao listening on http://localhost:${config.port}`,
  );
  // In a cluster, the first worker alone says it.
  if (config.demoMode && (!cluster.isWorker || cluster.worker?.id === 1)) {
    const examDay = await demoExamDay(deps);
    if (examDay) {
      app.log.info(
        { command: examDay.command, session: examDay.sessionId },
        `exam-day demo (示例 第一场, ${examDay.date} ${examDay.startTime}): stop the server and run  ${examDay.command}  then sign in at http://localhost:${config.port}/exam/ and as proctor at /proctor (README, 考试日演示)`,
      );
    }
    const grade1 = await demoGrade1ExamDay(deps);
    if (grade1) {
      app.log.info(
        { command: grade1.command, session: grade1.sessionId },
        `一级 exam demo (示例 一级场次, ${grade1.date} ${grade1.startTime}, 职业道德 + 专业基础知识): run  ${grade1.command}  (README, 一级理论考试演示)`,
      );
    }
  }
}
