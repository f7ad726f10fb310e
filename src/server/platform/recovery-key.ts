/**
 * The exam-day recovery key (docs/api-exam-day.md, "Recovery file"): one X25519 key pair whose public half the exam
 * client fetches (GET /api/exam/recovery-key) to encrypt its journal into a `.gkr` file when the network stays down;
 * the proctor uploads the file and the server decrypts it with the private half. Kept like the signing key
 * (platform/signing.ts): `EXAM_RECOVERY_KEY` (an X25519 PKCS#8 private key, PEM or base64 DER: `openssl genpkey
 * -algorithm x25519`); on the embedded database without it, a key file beside the data directory
 * (`<DATA_DIR>.recovery-key`, PEM, created on first start, mode 0600). On a PostgreSQL server it must be configured
 * (the same on every app machine); without it the recovery key and merge answer RECOVERY_KEY_MISSING (503).
 *
 * Decryption: shared = X25519(server private, ephemeral public); key = HKDF-SHA256(shared, salt = iv, info =
 * 'gongkao recovery v1', 32 bytes); plaintext = AES-256-GCM-decrypt(key, iv, ciphertext ‖ 16-byte tag), no
 * additional data. The browser does the same with @noble/curves x25519, @noble/hashes hkdf and @noble/ciphers gcm.
 */
import {
  createDecipheriv,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  type KeyObject,
} from 'node:crypto';
import { AppError } from './errors.js';
import { keyFileBeside, parsePrivateKey, readOrCreateKeyFile } from './key-files.js';

export const RECOVERY_HKDF_INFO = 'gongkao recovery v1';

export interface RecoveryKey {
  readonly privateKey: KeyObject;
  /** The raw 32-byte X25519 public key. */
  readonly publicRaw: Buffer;
  readonly source: 'config' | 'file';
}

// An X25519 SPKI is this fixed 12-byte header followed by the raw 32-byte key (RFC 8410).
const X25519_SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

function keyOf(privateKey: KeyObject, source: RecoveryKey['source']): RecoveryKey {
  if (privateKey.asymmetricKeyType !== 'x25519') throw new Error('not an X25519 key');
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return { privateKey, publicRaw: Buffer.from(spki.subarray(X25519_SPKI_PREFIX.length)), source };
}

/** `EXAM_RECOVERY_KEY` as configured: an X25519 PKCS#8 private key, PEM or base64 DER. Anything else stops start-up. */
export function parseRecoveryKey(raw: string): RecoveryKey {
  try {
    return keyOf(parsePrivateKey(raw), 'config');
  } catch {
    throw new Error(
      'EXAM_RECOVERY_KEY must be an X25519 private key in PKCS#8, PEM or base64 DER (openssl genpkey -algorithm x25519)',
    );
  }
}

/** A fresh random key pair, for tests, benchmarks and throw-away databases. */
export function randomRecoveryKey(): RecoveryKey {
  return keyOf(generateKeyPairSync('x25519').privateKey, 'config');
}

/** The recovery key file of an embedded database: beside its data directory, never inside it. */
export function recoveryKeyFilePath(dataDir: string): string {
  return keyFileBeside(dataDir, 'recovery-key');
}

/** Reads the key file, or creates it (exclusively, mode 0600) when there is none. */
export function loadOrCreateRecoveryKeyFile(file: string): RecoveryKey {
  const text = readOrCreateKeyFile(file, 'x25519', 'recovery key');
  try {
    return { ...parseRecoveryKey(text), source: 'file' };
  } catch {
    throw new Error(`${file}: not a recovery key file (an X25519 private key in PKCS#8 PEM expected)`);
  }
}

/** The recovery key for this configuration: `EXAM_RECOVERY_KEY`, else the embedded database's key file, else none. */
export function loadRecoveryKey(config: {
  recoveryKey?: string;
  databaseUrl?: string;
  dataDir: string;
}): RecoveryKey | null {
  if (config.recoveryKey) return parseRecoveryKey(config.recoveryKey);
  if (!config.databaseUrl) return loadOrCreateRecoveryKeyFile(recoveryKeyFilePath(config.dataDir));
  return null;
}

export function requireRecoveryKey(key: RecoveryKey | null | undefined): RecoveryKey {
  if (!key) throw new AppError('RECOVERY_KEY_MISSING');
  return key;
}

/**
 * Decrypts a recovery file's ciphertext (the AES-GCM output with its 16-byte tag appended). Anything that does not
 * decrypt (another server's key, a damaged or altered file) is RECOVERY_FILE_INVALID.
 */
export function openRecoveryCiphertext(
  key: RecoveryKey,
  ephemeralPublicRaw: Buffer,
  iv: Buffer,
  ciphertext: Buffer,
): Buffer {
  if (ephemeralPublicRaw.length !== 32 || iv.length !== 12 || ciphertext.length < 16) {
    throw new AppError('RECOVERY_FILE_INVALID');
  }
  try {
    const publicKey = createPublicKey({
      key: Buffer.concat([X25519_SPKI_PREFIX, ephemeralPublicRaw]),
      format: 'der',
      type: 'spki',
    });
    const shared = diffieHellman({ privateKey: key.privateKey, publicKey });
    const aesKey = Buffer.from(hkdfSync('sha256', shared, iv, RECOVERY_HKDF_INFO, 32));
    const decipher = createDecipheriv('aes-256-gcm', aesKey, iv);
    decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
    return Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  } catch {
    throw new AppError('RECOVERY_FILE_INVALID');
  }
}
