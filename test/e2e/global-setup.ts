import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureWebBuilt } from '../../scripts/build-web.js';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { openDatabase } from '../../src/server/db/client.js';
import { seedDemo } from '../../src/server/db/seed.js';
import { systemClock } from '../../src/server/platform/clock.js';
import { randomRecoveryKey } from '../../src/server/platform/recovery-key.js';
import { randomContentKey } from '../../src/server/platform/sealed.js';
import { randomSigningKey } from '../../src/server/platform/signing.js';
import { withDatabase } from '../setup/integration-global.js';

/**
 * Builds the web app, then serves the whole system on a free port over a fresh, demo-seeded database:
 * PGlite in a temporary directory, or a new PostgreSQL database when TEST_DATABASE_URL is set.
 *
 * The journeys that serve the app on a clock of their own (exam-client, exam-day) start from copies of a PGlite
 * made here once, instead of migrating (and seeding) a database each: its dumps just after the migrations and just
 * after the demo seed, with the keys the seed sealed its banks under (`e2eTemplates`, see `openTemplateCopy`).
 */
export default async function setup({ provide }: { provide: (key: string, value: unknown) => void }) {
  ensureWebBuilt();
  const serverUrl = process.env.TEST_DATABASE_URL;
  let databaseUrl: string | undefined;
  let dataDir: string | undefined;
  let dbName: string | undefined;
  if (serverUrl) {
    dbName = `gk_e2e_${Date.now().toString(36)}_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    databaseUrl = withDatabase(serverUrl, dbName);
  } else {
    dataDir = mkdtempSync(path.join(tmpdir(), 'gongkao-e2e-'));
  }
  const templateDir = mkdtempSync(path.join(tmpdir(), 'gongkao-e2e-templates-'));
  const database = openDatabase({ databaseUrl, dataDir });
  await database.migrate();
  const config = {
    ...loadConfig({}),
    demoMode: true,
    logLevel: 'warn',
    // The journeys sign in many times from one address; the limit itself is covered by the integration tests.
    loginRatePerMinute: 1000,
  };
  // The demo's sample banks are sealed with the key the app reads them with.
  const deps = {
    db: database.db,
    dbKind: database.kind,
    clock: systemClock,
    config,
    contentKey: randomContentKey(),
    signingKey: randomSigningKey(),
    recoveryKey: randomRecoveryKey(),
  };
  // On PostgreSQL the served database is no PGlite to dump: the copies come from an in-memory one of their own.
  const pglite = database.dumpDataDir ? database : openDatabase({ dataDir: 'memory://' });
  if (pglite !== database) await pglite.migrate();
  const migrated = path.join(templateDir, 'migrated.tar');
  writeFileSync(migrated, Buffer.from(await (await pglite.dumpDataDir!()).arrayBuffer()));
  await seedDemo(deps);
  if (pglite !== database) {
    await seedDemo({ ...deps, db: pglite.db, dbKind: pglite.kind });
  }
  const seeded = path.join(templateDir, 'seeded.tar');
  writeFileSync(seeded, Buffer.from(await (await pglite.dumpDataDir!()).arrayBuffer()));
  if (pglite !== database) await pglite.close();
  provide('e2eTemplates', {
    migrated,
    seeded,
    keys: {
      content: deps.contentKey.key.toString('base64'),
      signing: deps.signingKey.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      recovery: deps.recoveryKey.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    },
  });
  const { app } = await buildApp(deps, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  provide('baseUrl', `http://127.0.0.1:${port}`);

  return async () => {
    await app.close();
    await database.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    rmSync(templateDir, { recursive: true, force: true });
    if (serverUrl && dbName) {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    }
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** PGlite dumps (tar files) of a migrated and of a demo-seeded database, and the keys of the seeded one. */
    e2eTemplates: { migrated: string; seeded: string; keys: { content: string; signing: string; recovery: string } };
  }
}
