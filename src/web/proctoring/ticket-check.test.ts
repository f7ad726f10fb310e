import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { checkTicketToken } from './ticket-check';

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

function token(secret: Uint8Array, claims: Record<string, unknown>): string {
  const payload = b64url(new TextEncoder().encode(JSON.stringify(claims)));
  return `GKT1.${payload}.${b64url(ed25519.sign(new TextEncoder().encode(payload), secret))}`;
}

describe('the console’s offline ticket check', () => {
  const secret = ed25519.utils.randomSecretKey();
  const publicKey = b64url(ed25519.getPublicKey(secret));
  const claims = {
    purpose: 'ticket',
    v: 1,
    ticketNumber: '202741010001030171',
    applicationId: 7,
    name: '王建国',
    idNumberMasked: '410105********123X',
    sessionId: 3,
    sessionStart: '2027-06-14T09:00:00+08:00',
    centreCode: '01',
    roomCode: '03',
    seatLabel: 'A05',
    issuedAt: '2027-05-20T02:00:00.000Z',
  };

  it('accepts a token signed by the published key and reads its claims', () => {
    const result = checkTicketToken(publicKey, `  ${token(secret, claims)}\n`);
    expect(result).toEqual({
      ok: true,
      claims: expect.objectContaining({ ticketNumber: '202741010001030171', name: '王建国', seatLabel: 'A05' }),
    });
  });

  it('refuses a changed token, another key, another purpose and what is no token', () => {
    const good = token(secret, claims);
    const [prefix, payload, signature] = good.split('.');
    const changed = b64url(new TextEncoder().encode(JSON.stringify({ ...claims, ticketNumber: '202741010001030189' })));
    expect(checkTicketToken(publicKey, `${prefix}.${changed}.${signature}`)).toMatchObject({
      ok: false,
      message: expect.stringContaining('签名校验失败'),
    });
    const other = b64url(ed25519.getPublicKey(ed25519.utils.randomSecretKey()));
    expect(checkTicketToken(other, good).ok).toBe(false);
    expect(checkTicketToken(publicKey, token(secret, { ...claims, purpose: 'certificate' }))).toMatchObject({
      ok: false,
      message: '准考证二维码版本不受支持',
    });
    expect(checkTicketToken(publicKey, 'https://example.com')).toMatchObject({
      ok: false,
      message: '不是本系统的准考证二维码',
    });
    expect(checkTicketToken(publicKey, `${prefix}.${payload}`).ok).toBe(false);
  });
});
