import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import type { Actor } from './context.js';

const transactionScope = new AsyncLocalStorage<true>();

/** Whether the caller runs inside one of the transactions below (a connection, perhaps row locks, are held). */
export function isInTransaction(): boolean {
  return transactionScope.getStore() === true;
}

/**
 * The database role a signed-in person's transaction runs as: applicants have a role of their own, and so do bank
 * managers (gk_bank, the only role the bank tables admit).
 */
export function databaseRoleOf(actor: Pick<Actor, 'role'>): 'gk_app' | 'gk_applicant' | 'gk_bank' {
  if (actor.role === 'applicant') return 'gk_applicant';
  if (actor.role === 'bank_manager') return 'gk_bank';
  return 'gk_app';
}

/**
 * Runs fn in one transaction as a restricted role with the actor's scope. This is the one place isolation is
 * switched on: every service that acts for a signed-in person reaches the database through here, so a forgotten
 * filter cannot leak another subtree.
 *
 * - Officials run as gk_app with their org path as the row-level-security scope (their subtree).
 * - Applicants run as gk_applicant, for which gk_scope() is never a subtree: they reach only rows naming their
 *   own account, even when the account is bound to an org node (the database decides, not the actor's fields).
 * - Bank managers run as gk_bank: no subtree either (gk_scope() says so for that role), and the bank tables,
 *   which admit no other role.
 * - 考点管理员 run as gk_app with no subtree: the centre tables admit them to their own centre (gk_centre_id()).
 * - 评审专家 run as gk_app with no subtree: the panel tables admit them to their own panels (gk_panel_ids()).
 *
 * Role, scope, account and role name are set in one statement (set_config('role', …) is SET LOCAL ROLE).
 */
export async function inScopedTx<T>(db: Db, actor: Actor, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const role = databaseRoleOf(actor);
  // A 考点管理员 sits at the jurisdiction's node but reaches no subtree: only their centre (gk_centre_id()).
  // A 评审专家 sits at the province's node and reaches no subtree either: only their own panels (gk_panel_ids()).
  const scopePath =
    role === 'gk_app' && actor.role !== 'centre_manager' && actor.role !== 'panel_expert' ? (actor.orgPath ?? '') : '';
  return transactionScope.run(true, () =>
    db.transaction(async (raw) => {
      const tx = raw as unknown as Tx;
      await tx.execute(
        sql`SELECT set_config('role', ${role}, true), set_config('gk.scope_path', ${scopePath}, true), set_config('gk.account_id', ${String(actor.accountId)}, true), set_config('gk.role', ${actor.role}, true)`,
      );
      return fn(tx);
    }),
  );
}

/**
 * Runs fn in one transaction as the connecting (owner) role, outside row-level security. Only the platform
 * uses it: sign-in, sessions, rate limits, migrations, seeding and the audit verifier.
 */
export async function inSystemTx<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return transactionScope.run(true, () => db.transaction(async (tx) => fn(tx as unknown as Tx)));
}

/**
 * Takes the statistics' counters for the rest of the transaction (migration 0033): a transaction that writes
 * applications or review rows in more than one statement (an import in chunks, bulk decisions over a thousand
 * applications) calls this before its first such statement, so that it cannot deadlock with the single-statement
 * writers on the counter rows: every counter trigger takes the same advisory lock shared, and waits while one holds
 * it here. Call it before locking any application row.
 */
export async function holdCountersExclusively(tx: Tx): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('gk.counters'), 0)`);
}
