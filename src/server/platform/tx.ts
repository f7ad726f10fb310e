import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import type { Actor } from './context.js';

/**
 * Runs fn in one transaction as the restricted role gk_app, with the actor's org path as the row-level
 * security scope. This is the one place jurisdiction isolation is switched on: every service that acts for
 * a signed-in person reaches the database through here, so a forgotten filter cannot leak another subtree.
 */
export async function inScopedTx<T>(db: Db, actor: Actor, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL ROLE gk_app`);
    await tx.execute(
      sql`SELECT set_config('gk.scope_path', ${actor.orgPath ?? ''}, true), set_config('gk.account_id', ${String(actor.accountId)}, true)`,
    );
    return fn(tx as unknown as Tx);
  });
}

/**
 * Runs fn in one transaction as the connecting (owner) role, outside row-level security. Only the platform
 * uses it: sign-in, sessions, rate limits, migrations, seeding and the audit verifier.
 */
export async function inSystemTx<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => fn(tx as unknown as Tx));
}
