import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { type Db, MIGRATIONS_DIR, resultRows } from '../../db/client.js';

/** Does the database answer (readiness; the health route's own ping is the system module's)? */
export async function pingDatabase(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}

/** The migrations this code ships (drizzle's journal). */
export function shippedMigrationCount(): number {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

/** The migrations the database has applied (drizzle's bookkeeping table); 0 before the first. */
export async function appliedMigrationCount(db: Db): Promise<number> {
  const result = await db.execute(sql`
    select case when to_regclass('drizzle.__drizzle_migrations') is null then 0
                else (select count(*)::int from drizzle.__drizzle_migrations) end as n`);
  return Number(resultRows<{ n: number }>(result)[0]?.n ?? 0);
}
