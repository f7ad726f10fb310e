import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildNode,
  buildTestApp,
  Client,
  findJurisdiction,
  signIn,
  TEST_PASSWORD,
  type TestApp,
} from '../../../../test/setup/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('health and conventions', () => {
  it('answers health with the database kind and version', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', db: t.database.kind, version: t.deps.config.version });
  });

  it('answers unknown API routes with the error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'ROUTE_NOT_FOUND', message: expect.any(String) } });
  });

  it('refuses malformed JSON with a Chinese 400, not a 500', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('BAD_REQUEST');
    expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('names the field in a validation error', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('password') });
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths)).toContain('/api/auth/login');
    expect(Object.keys(doc.paths)).toContain('/api/org/nodes/{id}');
  });
});

describe('sign-in', () => {
  it('signs in, sets an HttpOnly SameSite cookie, and answers me', async () => {
    const zz = await findJurisdiction(t, '郑州市');
    const account = await buildAccount(t, zz, 'jurisdiction_admin');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: account.username, password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'gk_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    const client = new Client(t.app);
    client.cookie = `gk_session=${cookie!.value}`;
    const me = await client.get('/api/auth/me');
    expect(me.json()).toMatchObject({
      username: account.username,
      role: 'jurisdiction_admin',
      orgNodeId: zz.id,
      orgNodeName: '郑州市',
    });
  });

  it('marks the cookie Secure under https', async () => {
    const zz = await findJurisdiction(t, '郑州市');
    const account = await buildAccount(t, zz, 'proctor');
    const secure = await buildTestApp({ trustProxy: true });
    try {
      const acc = await buildAccount(secure, await findJurisdiction(secure, '郑州市'), 'proctor', {
        username: account.username,
      });
      const res = await secure.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-proto': 'https' },
        payload: { username: acc.username, password: TEST_PASSWORD },
      });
      expect(res.statusCode).toBe(200);
      expect(res.cookies.find((c) => c.name === 'gk_session')?.secure).toBe(true);
    } finally {
      await secure.close();
    }
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    const zz = await findJurisdiction(t, '郑州市');
    const account = await buildAccount(t, zz, 'proctor');
    const wrong = await new Client(t.app).login(account.username, 'Wrong#Pass1');
    const unknown = await new Client(t.app).login('nobody-here', 'Wrong#Pass1');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
    expect(unknown.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
  });

  it('locks an account after five wrong passwords, even for the right one, until the lock expires', async () => {
    const zz = await findJurisdiction(t, '郑州市');
    const account = await buildAccount(t, zz, 'proctor');
    for (let i = 1; i <= 4; i++) {
      const res = await new Client(t.app).login(account.username, `Wrong#Pass${i}`);
      expect(res.statusCode).toBe(401);
    }
    const fifth = await new Client(t.app).login(account.username, 'Wrong#Pass5');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.code).toBe('AUTH_ACCOUNT_LOCKED');
    const right = await new Client(t.app).login(account.username, TEST_PASSWORD);
    expect(right.statusCode).toBe(423);
    t.clock.advance(16 * 60_000);
    const later = await new Client(t.app).login(account.username, TEST_PASSWORD);
    expect(later.statusCode).toBe(200);
  });

  it('rate-limits sign-in attempts per address', async () => {
    const limited = await buildTestApp();
    try {
      const codes: number[] = [];
      for (let i = 0; i < 22; i++) codes.push((await new Client(limited.app).login(`nobody${i}`, 'x')).statusCode);
      expect(codes.slice(0, 20).every((c) => c === 401)).toBe(true);
      expect(codes.slice(20)).toEqual([429, 429]);
      limited.clock.advance(61_000);
      expect((await new Client(limited.app).login('nobody', 'x')).statusCode).toBe(401);
    } finally {
      await limited.close();
    }
  });
});

describe('sessions and CSRF', () => {
  it('requires the CSRF token on changes and refuses foreign origins', async () => {
    const zz = await findJurisdiction(t, '郑州市');
    const account = await buildAccount(t, zz, 'jurisdiction_admin');
    const client = await signIn(t, account.username);
    const body = { parentId: zz.id, kind: 'department', name: '郑州市CSRF测试局' };
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/api/org/nodes',
      payload: body,
      headers: { cookie: client.cookie },
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('CSRF_INVALID');
    const foreign = await client.request('POST', '/api/org/nodes', body, { origin: 'https://evil.example' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.code).toBe('ORIGIN_FORBIDDEN');
    const csrf = await client.get('/api/auth/csrf');
    expect(csrf.json().csrfToken).toBe(client.csrf);
    const sameOrigin = await client.request('POST', '/api/org/nodes', body, { origin: 'http://localhost:80' });
    expect(sameOrigin.statusCode).toBe(201);
    const noOrigin = await client.post('/api/org/nodes', { ...body, name: '郑州市CSRF测试局二' });
    expect(noOrigin.statusCode).toBe(201);
  });

  it('expires a session after the idle timeout', async () => {
    const zz = await findJurisdiction(t, '郑州市');
    const account = await buildAccount(t, zz, 'proctor');
    const client = await signIn(t, account.username);
    t.clock.advance(29 * 60_000);
    expect((await client.get('/api/auth/me')).statusCode).toBe(200);
    t.clock.advance(29 * 60_000);
    expect((await client.get('/api/auth/me')).statusCode).toBe(200);
    t.clock.advance(31 * 60_000);
    const expired = await client.get('/api/auth/me');
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('SESSION_EXPIRED');
  });

  it('signs out', async () => {
    const zz = await findJurisdiction(t, '郑州市');
    const account = await buildAccount(t, zz, 'proctor');
    const client = await signIn(t, account.username);
    expect((await client.post('/api/auth/logout')).statusCode).toBe(204);
    expect((await client.get('/api/auth/me')).statusCode).toBe(401);
  });
});

describe('forced password change', () => {
  it('allows nothing but the change until the initial password is replaced', async () => {
    const zz = await findJurisdiction(t, '郑州市');
    const dept = await buildNode(t, zz, 'department');
    const account = await buildAccount(t, dept, 'department_reviewer', { mustChangePassword: true });
    const client = await signIn(t, account.username);
    expect((await client.get('/api/auth/me')).json().mustChangePassword).toBe(true);
    const blocked = await client.get(`/api/org/nodes/${dept.id}`);
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');

    const weak = await client.post('/api/auth/change-password', { currentPassword: TEST_PASSWORD, newPassword: 'abc' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('PASSWORD_POLICY');
    const wrong = await client.post('/api/auth/change-password', {
      currentPassword: 'nope',
      newPassword: 'New#Pass2017x',
    });
    expect(wrong.json().error.code).toBe('AUTH_WRONG_PASSWORD');
    const ok = await client.post('/api/auth/change-password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'New#Pass2017x',
    });
    expect(ok.statusCode).toBe(204);
    expect((await client.get(`/api/org/nodes/${dept.id}`)).statusCode).toBe(200);
    expect((await new Client(t.app).login(account.username, 'New#Pass2017x')).statusCode).toBe(200);
  });
});
