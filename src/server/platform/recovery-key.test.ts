import {
  createCipheriv,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
} from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Lru } from './lru.js';
import {
  loadOrCreateRecoveryKeyFile,
  loadRecoveryKey,
  openRecoveryCiphertext,
  parseRecoveryKey,
  RECOVERY_HKDF_INFO,
  randomRecoveryKey,
  recoveryKeyFilePath,
  requireRecoveryKey,
} from './recovery-key.js';

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

/** What the browser does (@noble/curves x25519, @noble/hashes hkdf, @noble/ciphers gcm), with node:crypto. */
function seal(serverPublicRaw: Buffer, plaintext: string) {
  const ephemeral = generateKeyPairSync('x25519');
  const prefix = Buffer.from('302a300506032b656e032100', 'hex');
  const shared = diffieHellman({
    privateKey: ephemeral.privateKey,
    publicKey: createPublicKey({ key: Buffer.concat([prefix, serverPublicRaw]), format: 'der', type: 'spki' }),
  });
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(hkdfSync('sha256', shared, iv, RECOVERY_HKDF_INFO, 32)), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  const ephemeralRaw = Buffer.from(ephemeral.publicKey.export({ format: 'der', type: 'spki' }).subarray(12));
  return { ephemeralRaw, iv, ciphertext };
}

describe('recovery key', () => {
  it('reads EXAM_RECOVERY_KEY as X25519 PKCS#8 PEM or base64 DER, and refuses other keys', () => {
    const { privateKey } = generateKeyPairSync('x25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const der = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    expect(parseRecoveryKey(pem).publicRaw).toEqual(parseRecoveryKey(der).publicRaw);
    expect(parseRecoveryKey(pem).publicRaw).toHaveLength(32);
    expect(() => parseRecoveryKey('not a key')).toThrow(/EXAM_RECOVERY_KEY must be an X25519/);
    const ed = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => parseRecoveryKey(ed)).toThrow(/X25519/);
  });

  it('creates the key file beside the data directory once, mode 0600, and reads the same key back', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gk-recovery-'));
    const file = recoveryKeyFilePath(path.join(dir, 'new', 'data/'));
    expect(file).toBe(path.join(dir, 'new', 'data.recovery-key'));
    const first = loadOrCreateRecoveryKeyFile(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.source).toBe('file');
    expect(loadOrCreateRecoveryKeyFile(file).publicRaw).toEqual(first.publicRaw);
    chmodSync(file, 0o644);
    expect(() => loadOrCreateRecoveryKeyFile(file)).toThrow(/owner only/);
    // On a PostgreSQL server without the variable there is none, and the routes say so.
    expect(loadRecoveryKey({ databaseUrl: 'postgres://x', dataDir: dir })).toBeNull();
    expect(() => requireRecoveryKey(null)).toThrow(expect.objectContaining({ code: 'RECOVERY_KEY_MISSING' }));
  });

  it('opens what the client sealed, and nothing altered or sealed to another key', () => {
    const key = randomRecoveryKey();
    const sealed = seal(key.publicRaw, '{"journal":[]}');
    expect(openRecoveryCiphertext(key, sealed.ephemeralRaw, sealed.iv, sealed.ciphertext).toString()).toBe(
      '{"journal":[]}',
    );
    const flipped = Buffer.from(sealed.ciphertext);
    flipped[0]! ^= 1;
    for (const [e, iv, c] of [
      [sealed.ephemeralRaw, sealed.iv, flipped],
      [sealed.ephemeralRaw, randomBytes(12), sealed.ciphertext],
      [randomBytes(32), sealed.iv, sealed.ciphertext],
      [sealed.ephemeralRaw.subarray(1), sealed.iv, sealed.ciphertext],
    ] as const) {
      expect(() => openRecoveryCiphertext(key, e, iv, c)).toThrow(
        expect.objectContaining({ code: 'RECOVERY_FILE_INVALID' }),
      );
    }
    expect(() =>
      openRecoveryCiphertext(randomRecoveryKey(), sealed.ephemeralRaw, sealed.iv, sealed.ciphertext),
    ).toThrow(expect.objectContaining({ code: 'RECOVERY_FILE_INVALID' }));
  });
});

describe('Lru', () => {
  it('keeps the most recently used entries up to its capacity', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1);
    lru.set('c', 3);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.get('c')).toBe(3);
    expect(lru.size).toBe(2);
    expect(() => new Lru(0)).toThrow(RangeError);
  });
});
