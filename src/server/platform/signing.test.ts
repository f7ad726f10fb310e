import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from './errors.js';
import {
  loadOrCreateSigningKeyFile,
  loadSigningKey,
  parseSigningKey,
  publicKeyFromRaw,
  publishedKey,
  randomSigningKey,
  signingKeyFilePath,
  signToken,
  verifyToken,
} from './signing.js';

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('signing key', () => {
  it('reads SIGNING_KEY as PKCS#8 PEM or base64 DER, and refuses anything else', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const der = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    expect(parseSigningKey(pem).keyId).toBe(parseSigningKey(der).keyId);
    expect(parseSigningKey(pem).publicRaw).toHaveLength(32);
    expect(() => parseSigningKey('not a key')).toThrow(/SIGNING_KEY must be an Ed25519/);
    // An RSA or EC key is a key, but not the one the format promises.
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' });
    expect(() => parseSigningKey(ec.toString())).toThrow(/Ed25519/);
  });

  it('creates the key file beside the data directory once, mode 0600, and reads the same key back', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gk-sign-'));
    const file = signingKeyFilePath(path.join(dir, 'new', 'data/'));
    expect(file).toBe(path.join(dir, 'new', 'data.signing-key'));
    const first = loadOrCreateSigningKeyFile(file);
    expect(first.source).toBe('file');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain('BEGIN PRIVATE KEY');
    expect(loadOrCreateSigningKeyFile(file).keyId).toBe(first.keyId);
  });

  it('refuses a key file others can read, and one that holds no key', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gk-sign-'));
    const open = path.join(dir, 'open.signing-key');
    writeFileSync(open, generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }));
    chmodSync(open, 0o644);
    expect(() => loadOrCreateSigningKeyFile(open)).toThrow(/chmod 600/);
    const junk = path.join(dir, 'junk.signing-key');
    writeFileSync(junk, 'not a key', { mode: 0o600 });
    expect(() => loadOrCreateSigningKeyFile(junk)).toThrow(/not a signing key file/);
  });

  it('SIGNING_KEY wins; a PostgreSQL server without it has none, and signing then answers SIGNING_KEY_MISSING', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gk-sign-'));
    const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(loadSigningKey({ signingKey: pem, dataDir: path.join(dir, 'data') })?.source).toBe('config');
    expect(loadSigningKey({ dataDir: path.join(dir, 'data') })?.source).toBe('file');
    expect(loadSigningKey({ databaseUrl: 'postgres://x/y', dataDir: path.join(dir, 'data') })).toBeNull();
    try {
      signToken(null, 'GKT1', 'ticket', {});
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('SIGNING_KEY_MISSING');
    }
  });
});

describe('signed tokens', () => {
  it('verify with the published raw key alone, and name their purpose so one kind never passes for another', () => {
    const key = randomSigningKey();
    const token = signToken(key, 'GKC1', 'certificate', { number: '2017-4101-4-000001' });
    const verifier = publicKeyFromRaw(publishedKey(key).publicKey);
    expect(verifyToken(verifier, 'GKC1', 'certificate', token)).toEqual({
      ok: true,
      claims: { number: '2017-4101-4-000001' },
    });
    // The same signature presented as a ticket: the prefix, then the purpose inside the signed bytes, refuse it.
    expect(verifyToken(verifier, 'GKT1', 'ticket', token)).toEqual({ ok: false, reason: 'malformed' });
    const relabelled = token.replace(/^GKC1/, 'GKT1');
    expect(verifyToken(verifier, 'GKT1', 'ticket', relabelled)).toEqual({ ok: false, reason: 'wrong_purpose' });
  });
});
