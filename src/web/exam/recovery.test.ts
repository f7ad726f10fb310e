import { x25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { fromBase64Url, openRecoveryFile, recoveryFileName, sealRecoveryFile, toBase64Url } from './recovery.js';

describe('the recovery file', () => {
  it('only the holder of the server’s secret key reads the journal back', () => {
    const server = x25519.keygen();
    const plaintext = {
      ticketNumber: '2026010100101',
      sessionId: 7,
      createdAt: '2026-06-13T02:00:00.000Z',
      journal: [{ subject: 'skill' as const, position: 3, answer: 'ACD', flagged: true, seq: 41 }],
    };
    const file = sealRecoveryFile(plaintext, toBase64Url(server.publicKey));
    expect(file).toMatchObject({ v: 1, ticketNumber: '2026010100101', sessionId: 7 });
    expect(fromBase64Url(file.iv)).toHaveLength(12);
    expect(fromBase64Url(file.ephemeralPublicKey)).toHaveLength(32);
    // The ciphertext carries its 16-byte tag.
    expect(fromBase64Url(file.ciphertext).length).toBe(new TextEncoder().encode(JSON.stringify(plaintext)).length + 16);
    expect(JSON.stringify(file)).not.toContain('ACD');
    expect(openRecoveryFile(file, server.secretKey)).toEqual(plaintext);
    expect(() => openRecoveryFile(file, x25519.keygen().secretKey)).toThrow();
  });

  it('agrees with Node’s own X25519, HKDF and AES-GCM', async () => {
    const crypto = await import('node:crypto');
    const { privateKey, publicKey } = crypto.generateKeyPairSync('x25519');
    const raw = Buffer.from((publicKey.export({ format: 'jwk' }) as { x: string }).x, 'base64url');
    const file = sealRecoveryFile({ ticketNumber: 'T', sessionId: 1, createdAt: 'now', journal: [] }, toBase64Url(raw));
    const ephemeral = crypto.createPublicKey({
      key: { kty: 'OKP', crv: 'X25519', x: file.ephemeralPublicKey },
      format: 'jwk',
    });
    const shared = crypto.diffieHellman({ privateKey, publicKey: ephemeral });
    const iv = Buffer.from(file.iv, 'base64url');
    const key = Buffer.from(crypto.hkdfSync('sha256', shared, iv, 'gongkao recovery v1', 32));
    const sealed = Buffer.from(file.ciphertext, 'base64url');
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    const text = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]).toString();
    expect(JSON.parse(text)).toEqual({ ticketNumber: 'T', sessionId: 1, createdAt: 'now', journal: [] });
  });

  it('names the file by ticket and moment', () => {
    expect(recoveryFileName('2026010100101', '2026-06-13T02:00:00.123Z')).toBe(
      '恢复文件-2026010100101-20260613T020000Z.gkr',
    );
  });
});
