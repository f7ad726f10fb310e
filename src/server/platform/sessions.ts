import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, lt, ne, or } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { accounts, orgNodes, sessions } from '../db/schema.js';
import type { Actor } from './context.js';

export const SESSION_COOKIE = 'gk_session';

export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}

export interface LoadedSession {
  tokenHash: string;
  csrfToken: string;
  mustChangePassword: boolean;
  actor: Actor;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function createSession(
  tx: Tx,
  accountId: number,
  meta: { ip: string | null; userAgent: string | null },
  now: Date,
  policy: SessionPolicy,
): Promise<{ token: string; csrfToken: string }> {
  const token = randomToken();
  const csrfToken = randomToken();
  await tx.insert(sessions).values({
    tokenHash: hashToken(token),
    accountId,
    csrfToken,
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 500) ?? null,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + policy.maxHours * 3600_000),
  });
  return { token, csrfToken };
}

/**
 * The actor an account acts as. An applicant may be bound to an org node (their unit), which names where they
 * belong, but is never their scope: orgPath stays null, and the database role of their transactions
 * (gk_applicant, see tx.ts) refuses them any subtree all the same.
 */
export function actorOf(
  account: Pick<typeof accounts.$inferSelect, 'id' | 'username' | 'displayName' | 'role' | 'orgNodeId' | 'orgPath'>,
  orgNodeName: string | null,
): Actor {
  return {
    accountId: account.id,
    username: account.username,
    displayName: account.displayName,
    role: account.role,
    orgNodeId: account.orgNodeId,
    orgPath: account.role === 'applicant' ? null : account.orgPath,
    orgNodeName,
  };
}

/** How often last-seen is written: never more than 5 s stale, so the idle timeout holds to within 5 s. */
export function touchIntervalMs(policy: SessionPolicy): number {
  return Math.min(5_000, (policy.idleMinutes * 60_000) / 12);
}

/** Deletes sessions past their absolute or idle timeout (the maintenance sweep; lookups refuse them anyway). */
export async function sweepSessions(tx: Tx, now: Date, policy: SessionPolicy): Promise<void> {
  await tx
    .delete(sessions)
    .where(
      or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, new Date(now.getTime() - policy.idleMinutes * 60_000))),
    );
}

export type SessionLookup = { status: 'ok'; session: LoadedSession } | { status: 'missing' | 'expired' };

/** Finds the session for a cookie token, enforcing the idle and absolute timeouts and the account's state. */
export async function loadSession(db: Db, token: string, now: Date, policy: SessionPolicy): Promise<SessionLookup> {
  const tokenHash = hashToken(token);
  const rows = await db
    .select({
      session: sessions,
      account: {
        id: accounts.id,
        username: accounts.username,
        displayName: accounts.displayName,
        role: accounts.role,
        orgNodeId: accounts.orgNodeId,
        orgPath: accounts.orgPath,
        active: accounts.active,
        mustChangePassword: accounts.mustChangePassword,
      },
      orgNodeName: orgNodes.name,
    })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .leftJoin(orgNodes, eq(orgNodes.id, accounts.orgNodeId))
    .where(eq(sessions.tokenHash, tokenHash));
  const row = rows[0];
  if (!row) return { status: 'missing' };
  const idleLimit = row.session.lastSeenAt.getTime() + policy.idleMinutes * 60_000;
  if (row.session.expiresAt <= now || idleLimit <= now.getTime() || !row.account.active) {
    await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    return { status: 'expired' };
  }
  // Touched at most every few seconds, so the idle timeout holds to within those seconds of what it says
  // while a busy session's reads stay reads.
  if (now.getTime() - row.session.lastSeenAt.getTime() >= touchIntervalMs(policy)) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
  }
  return {
    status: 'ok',
    session: {
      tokenHash,
      csrfToken: row.session.csrfToken,
      mustChangePassword: row.account.mustChangePassword,
      actor: actorOf(row.account, row.orgNodeName),
    },
  };
}

export async function deleteSession(tx: Tx | Db, tokenHash: string): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteOtherSessions(tx: Tx, accountId: number, keepTokenHash: string | null): Promise<void> {
  const byAccount = eq(sessions.accountId, accountId);
  await tx.delete(sessions).where(keepTokenHash ? and(byAccount, ne(sessions.tokenHash, keepTokenHash)) : byAccount);
}
