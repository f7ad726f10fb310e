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
  // Old sessions of anybody are swept now and then, so the table does not grow without bound.
  await tx
    .delete(sessions)
    .where(
      or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, new Date(now.getTime() - policy.idleMinutes * 60_000))),
    );
  return { token, csrfToken };
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
  // Touch at most once a minute: enough for a 30-minute idle timeout, and reads stay reads.
  if (now.getTime() - row.session.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
  }
  return {
    status: 'ok',
    session: {
      tokenHash,
      csrfToken: row.session.csrfToken,
      mustChangePassword: row.account.mustChangePassword,
      actor: {
        accountId: row.account.id,
        username: row.account.username,
        displayName: row.account.displayName,
        role: row.account.role,
        orgNodeId: row.account.orgNodeId,
        orgPath: row.account.orgPath,
        orgNodeName: row.orgNodeName,
      },
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
