import { and, count, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import { containsPattern, type Tx } from '../../db/client.js';
import { accounts, orgNodes, sessions, testCentres } from '../../db/schema.js';
import type { Role } from '../../platform/permissions.js';

export type AccountRow = typeof accounts.$inferSelect;

const listColumns = {
  id: accounts.id,
  username: accounts.username,
  displayName: accounts.displayName,
  role: accounts.role,
  orgNodeId: accounts.orgNodeId,
  orgPath: accounts.orgPath,
  orgNodeName: orgNodes.name,
  centreId: accounts.centreId,
  centreName: testCentres.name,
  phone: accounts.phone,
  active: accounts.active,
  mustChangePassword: accounts.mustChangePassword,
  lockedUntil: accounts.lockedUntil,
  lastLoginAt: accounts.lastLoginAt,
  createdAt: accounts.createdAt,
};

export type AccountListRow = NonNullable<Awaited<ReturnType<typeof findAccountRow>>>;

export interface AccountFilter {
  underPath?: string;
  role?: Role;
  q?: string;
  page: number;
  pageSize: number;
}

export async function listAccounts(tx: Tx, filter: AccountFilter) {
  const conditions: SQL[] = [];
  if (filter.underPath) conditions.push(sql`starts_with(${accounts.orgPath}, ${filter.underPath})`);
  if (filter.role) conditions.push(eq(accounts.role, filter.role));
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    conditions.push(or(ilike(accounts.username, pattern), ilike(accounts.displayName, pattern))!);
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const [items, totals] = await Promise.all([
    tx
      .select(listColumns)
      .from(accounts)
      .leftJoin(orgNodes, eq(orgNodes.id, accounts.orgNodeId))
      .leftJoin(testCentres, eq(testCentres.id, accounts.centreId))
      .where(where)
      .orderBy(accounts.orgPath, accounts.id)
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize),
    tx.select({ n: count() }).from(accounts).where(where),
  ]);
  return { items, total: Number(totals[0]?.n ?? 0) };
}

export async function findAccountRow(tx: Tx, id: number) {
  const rows = await tx
    .select(listColumns)
    .from(accounts)
    .leftJoin(orgNodes, eq(orgNodes.id, accounts.orgNodeId))
    .leftJoin(testCentres, eq(testCentres.id, accounts.centreId))
    .where(eq(accounts.id, id));
  return rows[0] ?? null;
}

export async function insertAccount(tx: Tx, values: typeof accounts.$inferInsert): Promise<number> {
  const [row] = await tx.insert(accounts).values(values).returning({ id: accounts.id });
  return row!.id;
}

export async function updateAccount(
  tx: Tx,
  id: number,
  patch: Partial<
    Pick<
      AccountRow,
      | 'displayName'
      | 'phone'
      | 'active'
      | 'passwordHash'
      | 'mustChangePassword'
      | 'failedLoginCount'
      | 'lockedUntil'
      | 'resetCodeHash'
      | 'resetCodeExpiresAt'
      | 'resetCodeIssuedBy'
      | 'updatedAt'
    >
  >,
): Promise<boolean> {
  const rows = await tx.update(accounts).set(patch).where(eq(accounts.id, id)).returning({ id: accounts.id });
  return rows.length > 0;
}

export async function usernameExists(tx: Tx, username: string): Promise<boolean> {
  const rows = await tx
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(sql`lower(${accounts.username})`, username.toLowerCase()));
  return rows.length > 0;
}

/** Signs an account out everywhere. Under gk_app, only the sessions of accounts the actor manages (policy). */
export async function endSessions(tx: Tx, accountId: number): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.accountId, accountId));
}
