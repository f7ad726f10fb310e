import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  keyFilePath,
  loadContentKey,
  loadOrCreateKeyFile,
  parseContentKey,
  seal,
  sealJson,
  unseal,
  unsealJson,
} from './sealed.js';

const key = parseContentKey(randomBytes(32).toString('base64'));
const item = { stem: '电工作业时，下列哪项做法正确？', options: ['A', 'B'], answer: 'B' };

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('sealed content (AES-256-GCM)', () => {
  it('opens what it sealed, and the ciphertext shows none of the text', () => {
    const sealed = sealJson(key, 'item:42:v1', item);
    expect(unsealJson(key, 'item:42:v1', sealed)).toEqual(item);
    expect(sealed.subarray(0, 3).toString()).toBe('GK1');
    expect(sealed.includes(Buffer.from('电工'))).toBe(false);
    // A fresh IV each time: the same content never seals to the same bytes.
    expect(sealJson(key, 'item:42:v1', item).equals(sealed)).toBe(false);
  });

  it('refuses a changed byte anywhere, a ciphertext moved to another row, and a wrong key, each by its code', () => {
    const sealed = seal(key, 'item:42:v1', '答案：B');
    // The IV, the tag and the ciphertext: any changed bit is refused.
    for (const at of [7, 20, 40, sealed.length - 1]) {
      const bent = Buffer.from(sealed);
      bent[at]! ^= 0x01;
      expect(
        code(() => unseal(key, 'item:42:v1', bent)),
        `byte ${at}`,
      ).toBe('CONTENT_TAMPERED');
    }
    // A changed key id reads as another key's value: refused just the same.
    const renamed = Buffer.from(sealed);
    renamed[5]! ^= 0x01;
    expect(code(() => unseal(key, 'item:42:v1', renamed))).toBe('CONTENT_KEY_MISMATCH');
    expect(code(() => unseal(key, 'item:43:v1', sealed))).toBe('CONTENT_TAMPERED');
    expect(code(() => unseal(key, 'item:42:v1', sealed.subarray(0, 10)))).toBe('CONTENT_TAMPERED');
    const other = parseContentKey(randomBytes(32).toString('hex'));
    expect(code(() => unseal(other, 'item:42:v1', sealed))).toBe('CONTENT_KEY_MISMATCH');
    expect(code(() => seal(null, 'item:42:v1', 'x'))).toBe('CONTENT_KEY_MISSING');
  });

  it('takes BANK_KEY as 64 hex digits or base64 of 32 bytes, and nothing else', () => {
    const bytes = randomBytes(32);
    expect(parseContentKey(bytes.toString('hex')).key.equals(bytes)).toBe(true);
    expect(parseContentKey(bytes.toString('base64')).key.equals(bytes)).toBe(true);
    for (const bad of ['', 'secret', randomBytes(16).toString('base64'), `${bytes.toString('hex')}00`]) {
      expect(() => parseContentKey(bad), bad).toThrow(/BANK_KEY must be 32 random bytes/);
    }
  });
});

describe('where the key comes from', () => {
  let dir: string;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the embedded database: a key file beside the data directory, created once (0600), then reused', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gk-key-'));
    const dataDir = path.join(dir, 'data');
    const first = loadContentKey({ dataDir });
    const file = keyFilePath(dataDir);
    expect(file).toBe(path.join(dir, 'data.bank-key'));
    expect(first?.source).toBe('file');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = loadContentKey({ dataDir: `${dataDir}/` });
    expect(again?.key.equals(first!.key)).toBe(true);
    expect(unseal(again, 'c', seal(first, 'c', 'x')).toString()).toBe('x');
    expect(readFileSync(file, 'utf8').trim()).toBe(first!.key.toString('base64'));
  });

  it('creates the folder the key file goes in when a first start names a data directory under a new one', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gk-key-'));
    const dataDir = path.join(dir, 'new', 'deeper', 'data');
    expect(loadContentKey({ dataDir })?.source).toBe('file');
    expect(statSync(path.join(dir, 'new', 'deeper', 'data.bank-key')).mode & 0o777).toBe(0o600);
  });

  it('refuses a key file others can read, and one that holds no key', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gk-key-'));
    const file = path.join(dir, 'open.bank-key');
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o644 });
    chmodSync(file, 0o644);
    expect(() => loadOrCreateKeyFile(file)).toThrow(/chmod 600/);
    const junk = path.join(dir, 'junk.bank-key');
    writeFileSync(junk, 'not a key', { mode: 0o600 });
    expect(() => loadOrCreateKeyFile(junk)).toThrow(/not a bank key file/);
  });

  it('BANK_KEY wins; a PostgreSQL server without it has no key (bank content then answers CONTENT_KEY_MISSING)', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gk-key-'));
    const configured = randomBytes(32).toString('base64');
    expect(loadContentKey({ bankKey: configured, dataDir: path.join(dir, 'data') })?.source).toBe('config');
    expect(loadContentKey({ databaseUrl: 'postgres://x/y', dataDir: path.join(dir, 'data') })).toBeNull();
  });
});
