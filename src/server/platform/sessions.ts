import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, lt, ne, or, sql } from 'drizzle-orm';
import { type Db, resultRows, type Tx } from '../db/client.js';
import { type accounts, sessions } from '../db/schema.js';
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
  /** The account's own phone (an applicant's from sign-up), shown to its owner only. */
  phone: string | null;
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

interface SessionRow {
  csrf_token: string;
  last_seen_at: Date | string;
  expires_at: Date | string;
  id: number;
  username: string;
  display_name: string;
  role: Actor['role'];
  org_node_id: number | null;
  org_path: string | null;
  active: boolean;
  must_change_password: boolean;
  org_node_name: string | null;
  phone: string | null;
}

/**
 * Finds the session for a cookie token, enforcing the idle and absolute timeouts and the account's state. One
 * statement: the lookup, and — when last-seen is due (touchIntervalMs) and the session still valid — its touch.
 */
export async function loadSession(db: Db, token: string, now: Date, policy: SessionPolicy): Promise<SessionLookup> {
  const tokenHash = hashToken(token);
  const idleSince = new Date(now.getTime() - policy.idleMinutes * 60_000);
  const touchBefore = new Date(now.getTime() - touchIntervalMs(policy));
  const result = await db.execute(sql`
    with touched as (
      update sessions s set last_seen_at = ${now}
      from accounts a
      where s.token_hash = ${tokenHash} and a.id = s.account_id and a.active
        and s.last_seen_at <= ${touchBefore} and s.last_seen_at > ${idleSince} and s.expires_at > ${now}
      returning s.token_hash
    )
    select s.csrf_token, s.last_seen_at, s.expires_at, a.id, a.username, a.display_name, a.role, a.org_node_id,
      a.org_path, a.active, a.must_change_password, a.phone, o.name as org_node_name
    from sessions s
    join accounts a on a.id = s.account_id
    left join org_nodes o on o.id = a.org_node_id
    where s.token_hash = ${tokenHash}`);
  const row = resultRows<SessionRow>(result)[0];
  if (!row) return { status: 'missing' };
  const lastSeen = new Date(row.last_seen_at).getTime();
  if (new Date(row.expires_at) <= now || lastSeen + policy.idleMinutes * 60_000 <= now.getTime() || !row.active) {
    await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    return { status: 'expired' };
  }
  return {
    status: 'ok',
    session: {
      tokenHash,
      csrfToken: row.csrf_token,
      mustChangePassword: row.must_change_password,
      phone: row.phone,
      actor: actorOf(
        {
          id: row.id,
          username: row.username,
          displayName: row.display_name,
          role: row.role,
          orgNodeId: row.org_node_id,
          orgPath: row.org_path,
        },
        row.org_node_name,
      ),
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
