import { createHash, randomInt } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { isInTransaction } from './tx.js';

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
// 2 is Algorithm.Argon2id (a const enum, which isolated modules cannot read).
const OPTIONS = { algorithm: 2 as Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * argon2 takes tens of milliseconds of CPU and 19 MiB by design: it must never run while a transaction holds a pool
 * connection and perhaps row locks (a burst of sign-ins would starve the pool). A programming error, refused loudly.
 */
function assertOutsideTransaction(): void {
  if (isInTransaction()) throw new Error('argon2 must not run inside a database transaction');
}

export function hashPassword(password: string): Promise<string> {
  assertOutsideTransaction();
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  assertOutsideTransaction();
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verified against when the username is unknown, so a miss takes as long as a wrong password.
let dummyHash: Promise<string> | null = null;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('gongkao-timing-equaliser');
  await verifyPassword(await dummyHash, password);
}

const ALPHABETS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '#%+=@'];

/** A readable initial password that satisfies the password rules: 12 characters from all four classes. */
export function generateInitialPassword(): string {
  const chars: string[] = [];
  for (const alphabet of ALPHABETS) chars.push(alphabet[randomInt(alphabet.length)]!);
  const all = ALPHABETS.join('');
  while (chars.length < 12) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

const RESET_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** How long an applicant's reset code (issued by the helpdesk) can be redeemed. */
export const RESET_CODE_HOURS = 24;

/**
 * A one-time reset code, e.g. 'K7QD-M3XA': 8 characters from 32 unambiguous ones (40 bits), read out or handed
 * over to the applicant. It is not a password: it cannot sign anyone in, only let its holder choose one.
 */
export function generateResetCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += RESET_CODE_ALPHABET[randomInt(RESET_CODE_ALPHABET.length)]!;
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** What is stored of a reset code: the SHA-256 of its letters, ignoring case, spaces and dashes. */
export function resetCodeHash(code: string): string {
  return createHash('sha256').update(code.toUpperCase().replace(/[\s-]/g, '')).digest('hex');
}
