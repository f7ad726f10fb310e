/**
 * The server's signing key: one Ed25519 key pair whose public half is published, so that a document the server signs
 * (the 准考证's QR token, issue 14; the certificate's QR, issue 16) can be checked offline by anyone holding it. The
 * key comes from `SIGNING_KEY` (a PKCS#8 private key, PEM or base64 DER: `openssl genpkey -algorithm ed25519`); on the
 * embedded database without it, from a key file beside the data directory (`<DATA_DIR>.signing-key`, PEM, created on
 * first start, mode 0600), which operators back up apart from the data. On a PostgreSQL server the key must be
 * configured: a key file on an app machine would differ per machine. Without one, whatever signs answers
 * SIGNING_KEY_MISSING (503).
 *
 * A signed token is `<PREFIX>.<payload>.<signature>`: `<payload>` the base64url of the UTF-8 JSON of the claims,
 * `<signature>` the base64url of the Ed25519 signature of the `<payload>` string's bytes. The JSON opens with the
 * token's purpose (`{"purpose":"ticket",…}`), which the verifier checks, so a certificate's signature can never pass
 * for a ticket's even though both are signed with this one key.
 */
import { createHash, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { AppError } from './errors.js';
import { keyFileBeside, parsePrivateKey, readOrCreateKeyFile } from './key-files.js';

export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The raw 32-byte Ed25519 public key. */
  readonly publicRaw: Buffer;
  /** base64url of the first 8 bytes of the raw public key's SHA-256: names the key in logs and to verifiers. */
  readonly keyId: string;
  /** Where it came from, for the start-up log (never the key). */
  readonly source: 'config' | 'file';
}

/** What a verifier needs: the published public key (GET /api/public/tickets/public-key). */
export interface PublishedKey {
  algorithm: 'Ed25519';
  /** base64url of the raw 32-byte public key (WebCrypto `importKey('raw', …)`). */
  publicKey: string;
  keyId: string;
  /** SPKI PEM (`crypto.createPublicKey`, openssl). */
  pem: string;
}

// An Ed25519 SPKI is this fixed 12-byte header followed by the raw 32-byte key (RFC 8410).
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function keyOf(privateKey: KeyObject, source: SigningKey['source']): SigningKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
  const publicKey = createPublicKey(privateKey);
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  const publicRaw = Buffer.from(spki.subarray(SPKI_PREFIX.length));
  const keyId = createHash('sha256').update(publicRaw).digest().subarray(0, 8).toString('base64url');
  return { privateKey, publicKey, publicRaw, keyId, source };
}

/** `SIGNING_KEY` as configured: an Ed25519 PKCS#8 private key, PEM or base64 DER. Anything else stops start-up. */
export function parseSigningKey(raw: string): SigningKey {
  try {
    return keyOf(parsePrivateKey(raw), 'config');
  } catch {
    throw new Error(
      'SIGNING_KEY must be an Ed25519 private key in PKCS#8, PEM or base64 DER (openssl genpkey -algorithm ed25519)',
    );
  }
}

/** A fresh random key pair, for tests, benchmarks and throw-away databases (never for documents that must verify later). */
export function randomSigningKey(): SigningKey {
  return keyOf(generateKeyPairSync('ed25519').privateKey, 'config');
}

/** The signing key file of an embedded database: beside its data directory, never inside it. */
export function signingKeyFilePath(dataDir: string): string {
  return keyFileBeside(dataDir, 'signing-key');
}

/**
 * Reads the key file, or creates it (a new Ed25519 key, PKCS#8 PEM, mode 0600) when there is none. Creation is
 * exclusive, so two processes starting together end up with the same key.
 */
export function loadOrCreateSigningKeyFile(file: string): SigningKey {
  const text = readOrCreateKeyFile(file, 'ed25519', 'signing key');
  try {
    return { ...parseSigningKey(text), source: 'file' };
  } catch {
    throw new Error(`${file}: not a signing key file (an Ed25519 private key in PKCS#8 PEM expected)`);
  }
}

/** The signing key for this configuration: `SIGNING_KEY`, else the embedded database's key file, else none. */
export function loadSigningKey(config: {
  signingKey?: string;
  databaseUrl?: string;
  dataDir: string;
}): SigningKey | null {
  if (config.signingKey) return parseSigningKey(config.signingKey);
  if (!config.databaseUrl) return loadOrCreateSigningKeyFile(signingKeyFilePath(config.dataDir));
  return null;
}

export function requireSigningKey(key: SigningKey | null): SigningKey {
  if (!key) throw new AppError('SIGNING_KEY_MISSING');
  return key;
}

/** The public half as published for verifiers. */
export function publishedKey(key: SigningKey): PublishedKey {
  return {
    algorithm: 'Ed25519',
    publicKey: key.publicRaw.toString('base64url'),
    keyId: key.keyId,
    pem: key.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

/** A public key as published (base64url raw bytes) back to a key object, for verifiers that hold only that. */
export function publicKeyFromRaw(raw: string): KeyObject {
  const bytes = Buffer.from(raw, 'base64url');
  if (bytes.length !== 32) throw new Error('an Ed25519 public key is 32 bytes');
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, bytes]), format: 'der', type: 'spki' });
}

/** Signs claims as `<prefix>.<payload>.<signature>`; the payload's JSON opens with `purpose`. */
export function signToken(key: SigningKey | null, prefix: string, purpose: string, claims: object): string {
  const k = requireSigningKey(key);
  const payload = Buffer.from(JSON.stringify({ purpose, ...claims }), 'utf8').toString('base64url');
  const signature = sign(null, Buffer.from(payload, 'ascii'), k.privateKey).toString('base64url');
  return `${prefix}.${payload}.${signature}`;
}

export type TokenRefusal = 'malformed' | 'bad_signature' | 'wrong_purpose';

export type TokenCheck = { ok: true; claims: Record<string, unknown> } | { ok: false; reason: TokenRefusal };

const B64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Checks a token that `signToken` wrote with the key whose public half is given: its shape, its signature over the
 * payload string, then its purpose. Returns the claims (purpose removed) or why it is refused; never throws.
 */
export function verifyToken(publicKey: KeyObject, prefix: string, purpose: string, token: string): TokenCheck {
  const parts = typeof token === 'string' ? token.trim().split('.') : [];
  if (parts.length !== 3 || parts[0] !== prefix) return { ok: false, reason: 'malformed' };
  const [, payload, signature] = parts as [string, string, string];
  if (!B64URL.test(payload) || !B64URL.test(signature)) return { ok: false, reason: 'malformed' };
  const sig = Buffer.from(signature, 'base64url');
  // base64url decoding skips stray bits; re-encoding tells a canonical signature from an altered last character.
  if (sig.length !== 64 || sig.toString('base64url') !== signature) return { ok: false, reason: 'bad_signature' };
  let valid = false;
  try {
    valid = verify(null, Buffer.from(payload, 'ascii'), publicKey, sig);
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'bad_signature' };
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!claims || typeof claims !== 'object' || Array.isArray(claims)) return { ok: false, reason: 'malformed' };
  const { purpose: stated, ...rest } = claims as Record<string, unknown>;
  if (stated !== purpose) return { ok: false, reason: 'wrong_purpose' };
  return { ok: true, claims: rest };
}
