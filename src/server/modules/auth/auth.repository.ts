import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { accounts, orgNodes } from '../../db/schema.js';

export type AccountForLogin = typeof accounts.$inferSelect;

export async function findAccountForLogin(tx: Tx, username: string, options: { lock?: boolean } = {}) {
  const query = tx
    .select({ account: accounts, orgNodeName: orgNodes.name })
    .from(accounts)
    .leftJoin(orgNodes, eq(orgNodes.id, accounts.orgNodeId))
    .where(eq(sql`lower(${accounts.username})`, username.toLowerCase()));
  const rows = options.lock ? await query.for('update', { of: accounts }) : await query;
  return rows[0] ?? null;
}

export async function updateAccountAuthState(
  tx: Tx,
  id: number,
  patch: Partial<
    Pick<
      typeof accounts.$inferInsert,
      | 'failedLoginCount'
      | 'lockedUntil'
      | 'lastLoginAt'
      | 'passwordHash'
      | 'mustChangePassword'
      | 'passwordChangedAt'
      | 'resetCodeHash'
      | 'resetCodeExpiresAt'
      | 'resetCodeIssuedBy'
      | 'updatedAt'
    >
  >,
): Promise<void> {
  await tx.update(accounts).set(patch).where(eq(accounts.id, id));
}

export async function findAccountById(tx: Tx, id: number) {
  const rows = await tx.select().from(accounts).where(eq(accounts.id, id)).for('update');
  return rows[0] ?? null;
}
