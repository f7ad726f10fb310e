import { createPublicKey, verify, webcrypto } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/setup/harness.js';
import { randomSigningKey } from '../../platform/signing.js';
import { signTicket, type TicketTokenInput, ticketClaims, verifyTicket } from './ticket-token.js';

const input: TicketTokenInput = {
  ticketNumber: '201741010002030035',
  applicationId: 42,
  name: '张三',
  idNumber: '41010519800101123X',
  sessionId: 7,
  sessionStart: '2017-06-10T09:00:00+08:00',
  centreCode: '4101-01',
  roomCode: '02',
  seatLabel: '003',
};
const issuedAt = new Date('2017-05-20T02:00:00Z');

/** The token with one character of its payload (part 1) or signature (part 2) changed. */
function alter(token: string, part: 1 | 2, at: number): string {
  const parts = token.split('.');
  const s = parts[part]!;
  const i = at < 0 ? s.length + at : at;
  parts[part] = s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
  return parts.join('.');
}

describe('ticket token', () => {
  const key = randomSigningKey();
  const token = signTicket(key, input, issuedAt);

  it('is GKT1.<payload>.<signature>, the payload the claims in order with the ID number masked', () => {
    const [prefix, payload, signature] = token.split('.');
    expect(prefix).toBe('GKT1');
    expect(Buffer.from(signature!, 'base64url')).toHaveLength(64);
    const json = Buffer.from(payload!, 'base64url').toString('utf8');
    expect(json.startsWith('{"purpose":"ticket","v":1,"ticketNumber":"201741010002030035"')).toBe(true);
    expect(JSON.parse(json)).toEqual({ purpose: 'ticket', ...ticketClaims(input, issuedAt) });
    expect(JSON.parse(json).idNumberMasked).toBe('410105********123X');
    expect(json).not.toContain('41010519800101123X');
  });

  it('verifies and gives back the claims', () => {
    expect(verifyTicket(key, token)).toEqual({
      ok: true,
      claims: {
        v: 1,
        ticketNumber: '201741010002030035',
        applicationId: 42,
        name: '张三',
        idNumberMasked: '410105********123X',
        sessionId: 7,
        sessionStart: '2017-06-10T09:00:00+08:00',
        centreCode: '4101-01',
        roomCode: '02',
        seatLabel: '003',
        issuedAt: '2017-05-20T02:00:00.000Z',
      },
    });
  });

  it('refuses one altered character anywhere in the payload or the signature', () => {
    const payloadLength = token.split('.')[1]!.length;
    for (const at of [0, 10, Math.floor(payloadLength / 2), -1]) {
      expect(verifyTicket(key, alter(token, 1, at))).toEqual({ ok: false, reason: 'bad_signature' });
    }
    // The last character of a 64-byte signature carries four unused bits: it too must not be changeable.
    for (const at of [0, 40, -1]) {
      expect(verifyTicket(key, alter(token, 2, at))).toEqual({ ok: false, reason: 'bad_signature' });
    }
  });

  it('refuses a token signed by another key, and anything not shaped like a token', () => {
    const other = signTicket(randomSigningKey(), input, issuedAt);
    expect(verifyTicket(key, other)).toEqual({ ok: false, reason: 'bad_signature' });
    for (const junk of ['', 'GKT1', 'GKT1..', `GKC1.${token.slice(5)}`, `${token}.x`, token.replace('.', '.=')]) {
      expect(verifyTicket(key, junk)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('refuses a version it does not know, even correctly signed', async () => {
    const { signToken } = await import('../../platform/signing.js');
    const v2 = signToken(key, 'GKT1', 'ticket', { ...ticketClaims(input, issuedAt), v: 2 });
    expect(verifyTicket(key, v2)).toEqual({ ok: false, reason: 'wrong_version' });
  });

  it('answers SIGNING_KEY_MISSING when the server has no key', () => {
    expect(() => signTicket(null, input, issuedAt)).toThrow(expect.objectContaining({ code: 'SIGNING_KEY_MISSING' }));
  });
});

describe('GET /api/public/tickets/public-key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ publicRatePerMinute: 1000 });
  });
  afterAll(async () => {
    await t.close();
  });

  it('publishes the key, with which alone a token verifies through WebCrypto and crypto.verify', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/public/tickets/public-key' });
    expect(res.statusCode).toBe(200);
    const published = res.json() as { algorithm: string; publicKey: string; keyId: string; pem: string };
    expect(published.algorithm).toBe('Ed25519');
    expect(published.keyId).toBe(t.deps.signingKey!.keyId);
    expect(Object.keys(published).sort()).toEqual(['algorithm', 'keyId', 'pem', 'publicKey']);
    expect(published.pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(JSON.stringify(published)).not.toMatch(/PRIVATE/);

    const token = signTicket(t.deps.signingKey, input, issuedAt);
    const [, payload, signature] = token.split('.') as [string, string, string];
    // As the proctor's console (a browser) does it: the raw key through WebCrypto.
    const raw = Buffer.from(published.publicKey, 'base64url');
    const cryptoKey = await webcrypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
    const data = new TextEncoder().encode(payload);
    const sig = Buffer.from(signature, 'base64url');
    expect(await webcrypto.subtle.verify({ name: 'Ed25519' }, cryptoKey, sig, data)).toBe(true);
    expect(
      await webcrypto.subtle.verify({ name: 'Ed25519' }, cryptoKey, sig, new TextEncoder().encode(`${payload}A`)),
    ).toBe(false);
    // And with the PEM through node:crypto.
    expect(verify(null, Buffer.from(payload), createPublicKey(published.pem), sig)).toBe(true);
    expect(verifyTicket(createPublicKey(published.pem), token).ok).toBe(true);
  });

  it('answers 503 SIGNING_KEY_MISSING on a server without the key', async () => {
    const key = t.deps.signingKey;
    t.deps.signingKey = null;
    try {
      const res = await t.app.inject({ method: 'GET', url: '/api/public/tickets/public-key' });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('SIGNING_KEY_MISSING');
    } finally {
      t.deps.signingKey = key;
    }
  });

  it('is rate-limited like the other public endpoints', async () => {
    const limited = await buildTestApp({ publicRatePerMinute: 2 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 3; i++) {
        codes.push((await limited.app.inject({ method: 'GET', url: '/api/public/tickets/public-key' })).statusCode);
      }
      expect(codes).toEqual([200, 200, 429]);
    } finally {
      await limited.close();
    }
  });
});
