import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildTestApp,
  findJurisdiction,
  signIn,
  TEST_PASSWORD,
  type TestApp,
} from '../../../test/setup/harness.js';
import { auditLog } from '../db/schema.js';
import { parseTrustProxy } from './http-security.js';

describe('TRUST_PROXY', () => {
  it('believes no hop by default, and refuses to believe every hop', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(() => parseTrustProxy('true')).toThrow(/forge its address/);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('10.0.0.5, 10.1.0.0/16,loopback')).toBe('10.0.0.5,10.1.0.0/16,loopback');
    expect(() => parseTrustProxy('0')).toThrow();
    expect(() => parseTrustProxy('proxy.example')).toThrow(/not an address/);
  });
});

describe('headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('sends the security headers on every answer, and no-store on the API', async () => {
    const zz = await findJurisdiction(t, '郑州市');
    const admin = await buildAccount(t, zz, 'jurisdiction_admin');
    const client = await signIn(t, admin.username);
    for (const res of [
      await client.get('/api/auth/me'),
      await t.app.inject({ method: 'GET', url: '/api/health' }),
      await t.app.inject({ method: 'GET', url: '/api/no-such-route' }),
      await t.app.inject({ method: 'GET', url: '/login' }),
    ]) {
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
    expect((await client.get('/api/auth/me')).headers['cache-control']).toBe('no-store');
    expect((await t.app.inject({ method: 'GET', url: '/api/no-such-route' })).headers['cache-control']).toBe(
      'no-store',
    );
  });

  it('serves the Swagger UI under its CSP', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
    // Its scripts are files of this origin, which script-src 'self' allows; no inline script would run.
    expect(res.body).toContain('swagger-initializer.js');
    expect(res.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
  });
});

describe('behind a reverse proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ trustProxy: '10.0.0.1' });
  });
  afterAll(async () => {
    await t.close();
  });

  const login = (remoteAddress: string, username: string, forwardedFor?: string, proto?: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress,
      headers: {
        ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
        ...(proto ? { 'x-forwarded-proto': proto } : {}),
      },
      payload: { username, password: 'Wrong#Pass1' },
    });

  it('does not let a client that is not the proxy choose its address: the rate limit bites, the audit is true', async () => {
    const zz = await findJurisdiction(t, '郑州市');
    const account = await buildAccount(t, zz, 'proctor');
    const codes: number[] = [];
    for (let i = 0; i < 40; i++) {
      codes.push((await login('203.0.113.9', `nobody-${i}`, `198.51.100.${i + 1}`)).statusCode);
    }
    expect(codes.slice(0, 20).every((c) => c === 401)).toBe(true);
    expect(codes.slice(20).every((c) => c === 429)).toBe(true);
    await login('203.0.113.10', account.username, '198.51.100.200');
    const [row] = await t.database.db
      .select({ ip: auditLog.ip })
      .from(auditLog)
      .where(eq(auditLog.actorAccountId, account.id))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(row).toEqual({ ip: '203.0.113.10' });
  });

  it('believes the configured proxy: its client’s address, and https with HSTS', async () => {
    const zz = await findJurisdiction(t, '郑州市');
    const account = await buildAccount(t, zz, 'proctor');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '10.0.0.1',
      headers: { 'x-forwarded-for': '198.51.100.77', 'x-forwarded-proto': 'https' },
      payload: { username: account.username, password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(res.cookies.find((c) => c.name === 'gk_session')?.secure).toBe(true);
    const [row] = await t.database.db
      .select({ ip: auditLog.ip })
      .from(auditLog)
      .where(eq(auditLog.actorAccountId, account.id))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(row).toEqual({ ip: '198.51.100.77' });
    // The same claim of https from a client that is not the proxy is not believed.
    const forged = await login('203.0.113.20', account.username, undefined, 'https');
    expect(forged.headers['strict-transport-security']).toBeUndefined();
  });
});
