/**
 * Exam content at rest (question banks, answer keys, papers): sealed with AES-256-GCM under one content key that
 * never enters the database. The key comes from `BANK_KEY` (32 bytes, base64 or hex); on the embedded database
 * without it, from a key file beside the data directory (`<DATA_DIR>.bank-key`, created on first start, mode 0600),
 * which operators back up apart from the data. On a PostgreSQL server the key must be configured: a key file on an
 * app machine would differ per machine.
 *
 * A sealed value is `GK1 | key id (4) | IV (12) | tag (16) | ciphertext`. The key id (the first four bytes of the
 * key's SHA-256) tells a wrong key from tampering. The caller's context (`item:42:v3`) is authenticated with it, so a
 * ciphertext copied onto another row does not open there.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { AppError } from './errors.js';

const MAGIC = Buffer.from('GK1');
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const ID_BYTES = 4;
const HEADER = MAGIC.length + ID_BYTES + IV_BYTES + TAG_BYTES;

export interface ContentKey {
  /** The first four bytes of the key's SHA-256: written into every sealed value. */
  readonly id: Buffer;
  readonly key: Buffer;
  /** Where it came from, for the start-up log (never the key). */
  readonly source: 'config' | 'file';
}

function keyOf(bytes: Buffer, source: ContentKey['source']): ContentKey {
  return { id: createHash('sha256').update(bytes).digest().subarray(0, ID_BYTES), key: bytes, source };
}

/** `BANK_KEY` as configured: 32 bytes written as 64 hex digits or base64. Anything else is refused at start-up. */
export function parseContentKey(raw: string): ContentKey {
  const text = raw.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (bytes.length !== KEY_BYTES || (!/^[0-9a-fA-F]{64}$/.test(text) && bytes.toString('base64') !== text)) {
    throw new Error(
      'BANK_KEY must be 32 random bytes, written as 64 hex digits or in base64 (openssl rand -base64 32)',
    );
  }
  return keyOf(bytes, 'config');
}

/** A fresh random key, for tests, benchmarks and throw-away databases (never for data that must be read later). */
export function randomContentKey(): ContentKey {
  return keyOf(randomBytes(KEY_BYTES), 'config');
}

/** The key file of an embedded database: beside its data directory, never inside it. */
export function keyFilePath(dataDir: string): string {
  return `${dataDir.replace(/[\\/]+$/, '')}.bank-key`;
}

/**
 * Reads the key file, or creates it (32 random bytes, base64, mode 0600) when there is none. Creation is exclusive,
 * so two processes starting together end up with the same key.
 */
export function loadOrCreateKeyFile(file: string): ContentKey {
  // The data directory's parent may not exist yet on a first start (PGlite creates the directory itself later).
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, `${randomBytes(KEY_BYTES).toString('base64')}\n`);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if ((statSync(file).mode & 0o077) !== 0) {
    throw new Error(`${file}: the bank key file must be readable by its owner only (chmod 600)`);
  }
  try {
    return { ...parseContentKey(readFileSync(file, 'utf8')), source: 'file' };
  } catch {
    throw new Error(`${file}: not a bank key file (32 bytes in base64 expected)`);
  }
}

/** The content key for this configuration: `BANK_KEY`, else the embedded database's key file, else none. */
export function loadContentKey(config: { bankKey?: string; databaseUrl?: string; dataDir: string }): ContentKey | null {
  if (config.bankKey) return parseContentKey(config.bankKey);
  if (!config.databaseUrl) return loadOrCreateKeyFile(keyFilePath(config.dataDir));
  return null;
}

function requireKey(key: ContentKey | null): ContentKey {
  if (!key) throw new AppError('CONTENT_KEY_MISSING');
  return key;
}

/** Seals bytes or text under the key, bound to `context` (e.g. `item:42:v3`). */
export function seal(key: ContentKey | null, context: string, plaintext: Buffer | string): Buffer {
  const k = requireKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', k.key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([MAGIC, k.id, iv, cipher.getAuthTag(), body]);
}

/** Opens what `seal` wrote for the same context; a wrong key or any changed byte is refused, never guessed at. */
export function unseal(key: ContentKey | null, context: string, sealed: Uint8Array): Buffer {
  const k = requireKey(key);
  const data = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (data.length < HEADER || !data.subarray(0, MAGIC.length).equals(MAGIC)) throw new AppError('CONTENT_TAMPERED');
  const id = data.subarray(MAGIC.length, MAGIC.length + ID_BYTES);
  if (!id.equals(k.id)) throw new AppError('CONTENT_KEY_MISMATCH');
  const ivStart = MAGIC.length + ID_BYTES;
  const iv = data.subarray(ivStart, ivStart + IV_BYTES);
  const tag = data.subarray(ivStart + IV_BYTES, HEADER);
  const decipher = createDecipheriv('aes-256-gcm', k.key, iv);
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(data.subarray(HEADER)), decipher.final()]);
  } catch {
    throw new AppError('CONTENT_TAMPERED');
  }
}

export function sealJson(key: ContentKey | null, context: string, value: unknown): Buffer {
  return seal(key, context, JSON.stringify(value));
}

export function unsealJson<T>(key: ContentKey | null, context: string, sealed: Uint8Array): T {
  return JSON.parse(unseal(key, context, sealed).toString('utf8')) as T;
}
