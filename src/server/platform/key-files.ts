// The private keys the server keeps beside an embedded database (the signing key, the exam recovery key): how one is
// read from configuration and how its file is made and read. Each key's own module says which algorithm and names it.

import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';

/** A PKCS#8 private key as configured: PEM, or base64 DER (whitespace ignored). Throws on anything else. */
export function parsePrivateKey(raw: string): KeyObject {
  const text = raw.trim();
  return text.startsWith('-----BEGIN')
    ? createPrivateKey({ key: text, format: 'pem' })
    : createPrivateKey({ key: Buffer.from(text.replace(/\s+/g, ''), 'base64'), format: 'der', type: 'pkcs8' });
}

/** A key file of an embedded database: beside its data directory (`<DATA_DIR>.<suffix>`), never inside it. */
export function keyFileBeside(dataDir: string, suffix: string): string {
  return `${dataDir.replace(/[\\/]+$/, '')}.${suffix}`;
}

/**
 * The key file's text, the file created first (a new key of `algorithm`, PKCS#8 PEM, mode 0600) when there is none.
 * Creation is exclusive, so two processes starting together end up with the same key. A file others may read is
 * refused, naming `what` ("signing key").
 */
export function readOrCreateKeyFile(file: string, algorithm: 'ed25519' | 'x25519', what: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    const fd = openSync(file, 'wx', 0o600);
    try {
      // The overloads want a literal algorithm; both take the same options.
      const pair = algorithm === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('x25519');
      writeSync(fd, pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if ((statSync(file).mode & 0o077) !== 0) {
    throw new Error(`${file}: the ${what} file must be readable by its owner only (chmod 600)`);
  }
  return readFileSync(file, 'utf8');
}
