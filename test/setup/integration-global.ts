import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * Each run migrates one fresh template database once, and every test file starts from its own copy of it.
 * With TEST_DATABASE_URL (a PostgreSQL server) the template is a database that each file clones
 * (CREATE DATABASE … TEMPLATE); on PGlite it is a dump of a migrated in-memory cluster, written to a temporary
 * file, that each file loads into its own in-memory PGlite (a few times faster than initdb plus 25 migrations).
 */
export default async function setup({ provide }: { provide: (key: string, value: unknown) => void }) {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return pgliteTemplate(provide);
  const name = `gk_test_${Date.now().toString(36)}_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const { openDatabase } = await import('../../src/server/db/client.js');
  const templateUrl = withDatabase(url, name);
  const database = openDatabase({ databaseUrl: templateUrl, poolSize: 1 });
  await database.migrate();
  await database.close();
  provide('templateDatabase', name);
  return async () => {
    const cleanup = new pg.Client({ connectionString: url });
    await cleanup.connect();
    const { rows } = await cleanup.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `${name}%`,
    ]);
    for (const row of rows) await cleanup.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
    await cleanup.end();
  };
}

async function pgliteTemplate(provide: (key: string, value: unknown) => void) {
  const { openDatabase } = await import('../../src/server/db/client.js');
  const database = openDatabase({ dataDir: 'memory://' });
  await database.migrate();
  const dump = await database.dumpDataDir!();
  await database.close();
  const dir = mkdtempSync(path.join(tmpdir(), 'gongkao-pglite-template-'));
  const file = path.join(dir, 'migrated.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  provide('pgliteTemplate', file);
  return () => rmSync(dir, { recursive: true, force: true });
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
    /** The migrated PGlite data directory's dump (a tar file) that each test file loads. */
    pgliteTemplate: string;
  }
}
