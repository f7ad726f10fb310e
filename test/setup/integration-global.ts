import pg from 'pg';

/**
 * With TEST_DATABASE_URL (a PostgreSQL server), each run creates one fresh template database, migrated once;
 * every test file then clones its own database from it. Without it, each test file uses in-memory PGlite.
 */
export default async function setup({ provide }: { provide: (key: string, value: unknown) => void }) {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
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

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}
