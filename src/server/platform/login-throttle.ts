import { createHash } from 'node:crypto';
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { loginFailures } from '../db/schema.js';

/**
 * How sign-in guessing is slowed (ARCHITECTURE.md, "Sign-in: guessing, lockout and enumeration").
 *
 * - Per name and address: the first `freeFailures` wrong passwords cost nothing; after that, each further attempt
 *   from that address for that name waits `firstDelaySeconds`, doubling with every failure up to
 *   `maxDelayMinutes`. The person at their own desk (another address) is not slowed by someone guessing elsewhere.
 * - Per name from anywhere: `lockFailures` wrong passwords since the last success mean a distributed attack; the
 *   name is locked for `lockMinutes`, and an administrator can lift the lock of an account at once.
 * - A name that is no account is counted and answered exactly like one that is.
 */
export interface LoginThrottlePolicy {
  freeFailures: number;
  firstDelaySeconds: number;
  maxDelayMinutes: number;
  lockFailures: number;
  lockMinutes: number;
}

/** How long the next attempt from an address must wait after `failures` wrong passwords from it (ms). */
export function delayAfter(failures: number, policy: LoginThrottlePolicy): number {
  if (failures < policy.freeFailures) return 0;
  const doublings = Math.min(failures - policy.freeFailures, 30);
  return Math.min(policy.maxDelayMinutes * 60_000, policy.firstDelaySeconds * 1000 * 2 ** doublings);
}

/** Names are kept as SHA-256 of their lower-case form: a password typed into the name field is never stored. */
export function usernameKey(username: string): string {
  return createHash('sha256').update(username.trim().toLowerCase()).digest('hex');
}

/** The row for a name alone (not an address): used for names that are no account. */
const ANY_ADDRESS = '';

export interface ThrottleState {
  /** Attempts from this address for this name are not checked before then. */
  addressBlockedUntil: Date | null;
  /** For a name that is no account: locked like an account would be. */
  nameLockedUntil: Date | null;
}

export async function readThrottle(tx: Tx, key: string, ip: string): Promise<ThrottleState> {
  const rows = await tx
    .select()
    .from(loginFailures)
    .where(and(eq(loginFailures.usernameHash, key), inArray(loginFailures.ip, [ip, ANY_ADDRESS])));
  const of = (address: string) => rows.find((r) => r.ip === address)?.blockedUntil ?? null;
  return { addressBlockedUntil: ip === ANY_ADDRESS ? null : of(ip), nameLockedUntil: of(ANY_ADDRESS) };
}

async function bump(tx: Tx, key: string, ip: string, now: Date, blockedUntil: (failures: number) => Date | null) {
  const [row] = await tx
    .insert(loginFailures)
    .values({ usernameHash: key, ip, failures: 1, lastFailureAt: now, blockedUntil: blockedUntil(1) })
    .onConflictDoUpdate({
      target: [loginFailures.usernameHash, loginFailures.ip],
      set: { failures: sql`${loginFailures.failures} + 1`, lastFailureAt: now },
    })
    .returning({ failures: loginFailures.failures });
  const failures = row!.failures;
  if (failures > 1) {
    await tx
      .update(loginFailures)
      .set({ blockedUntil: blockedUntil(failures) })
      .where(and(eq(loginFailures.usernameHash, key), eq(loginFailures.ip, ip)));
  }
  return failures;
}

/** Counts a wrong password from an address; for a name that is no account, counts the name too (locking it). */
export async function recordLoginFailure(
  tx: Tx,
  input: { key: string; ip: string; now: Date; policy: LoginThrottlePolicy; unknownName: boolean },
): Promise<void> {
  const { key, ip, now, policy } = input;
  if (ip !== ANY_ADDRESS) {
    await bump(tx, key, ip, now, (failures) => {
      const wait = delayAfter(failures, policy);
      return wait > 0 ? new Date(now.getTime() + wait) : null;
    });
  }
  if (input.unknownName) {
    await bump(tx, key, ANY_ADDRESS, now, (failures) =>
      failures >= policy.lockFailures ? new Date(now.getTime() + policy.lockMinutes * 60_000) : null,
    );
  }
}

/** A successful sign-in clears the slow-down of the address it came from. */
export async function clearLoginFailures(tx: Tx, key: string, ip: string): Promise<void> {
  await tx.delete(loginFailures).where(and(eq(loginFailures.usernameHash, key), eq(loginFailures.ip, ip)));
}

/** Forgets failures older than a day (run by the maintenance sweep). */
export async function sweepLoginFailures(tx: Tx, now: Date): Promise<void> {
  await tx.delete(loginFailures).where(lt(loginFailures.lastFailureAt, new Date(now.getTime() - 24 * 3600_000)));
}
