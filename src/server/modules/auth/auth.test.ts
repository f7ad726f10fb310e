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
import { loginFailures, sessions } from '../../db/schema.js';
import { sweepExpired } from '../../platform/maintenance.js';
import { inSystemTx } from '../../platform/tx.js';

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
    // Behind one reverse proxy that sets X-Forwarded-Proto.
    const secure = await buildTestApp({ trustProxy: 1 });
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

  it('answers a wrong password and an unknown name with the same words, in the same time', async () => {
    const timed = await buildTestApp({ loginFailureMinMs: 300 });
    try {
      const zz = await findJurisdiction(timed, '郑州市');
      const account = await buildAccount(timed, zz, 'proctor');
      const attempt = async (username: string, ip: string) => {
        const started = performance.now();
        const res = await timed.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username, password: 'Wrong#Pass1' },
          remoteAddress: ip,
        });
        return { ms: performance.now() - started, status: res.statusCode, error: res.json().error };
      };
      const known: Awaited<ReturnType<typeof attempt>>[] = [];
      const unknown: Awaited<ReturnType<typeof attempt>>[] = [];
      // Fresh addresses each time, so no slow-down applies; interleaved, so machine load hits both alike.
      for (let i = 0; i < 4; i++) {
        known.push(await attempt(account.username, `10.9.0.${i + 1}`));
        unknown.push(await attempt(`nobody-${i}`, `10.9.1.${i + 1}`));
      }
      for (const r of [...known, ...unknown]) {
        expect(r.status).toBe(401);
        expect(r.error).toEqual({ code: 'AUTH_INVALID_CREDENTIALS', message: '用户名或密码错误' });
        expect(r.ms).toBeGreaterThanOrEqual(295);
      }
      const median = (rs: { ms: number }[]) => rs.map((r) => r.ms).sort((a, b) => a - b)[rs.length >> 1]!;
      const gap = Math.abs(median(known) - median(unknown));
      console.log(`refused sign-in: known ${median(known).toFixed(1)} ms, unknown ${median(unknown).toFixed(1)} ms`);
      expect(gap).toBeLessThan(30);
    } finally {
      await timed.close();
    }
  });

  const loginFrom = (username: string, password: string, ip: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });

  it('slows guessing from one address with growing delays, without slowing the owner elsewhere', async () => {
    const zz = await findJurisdiction(t, '郑州市');
    const account = await buildAccount(t, zz, 'proctor');
    for (let i = 1; i <= 5; i++) {
      expect((await loginFrom(account.username, `Wrong#Pass${i}`, '10.1.1.1')).statusCode).toBe(401);
    }
    // The sixth attempt from that address waits 30 s, even with the right password.
    const waiting = await loginFrom(account.username, TEST_PASSWORD, '10.1.1.1');
    expect(waiting.statusCode).toBe(429);
    expect(waiting.json().error).toEqual({
      code: 'AUTH_THROTTLED',
      message: '登录失败次数过多，请 30 秒后再试；忘记密码请联系管理员',
    });
    // The owner at their own desk is not slowed, and is not locked out.
    expect((await loginFrom(account.username, TEST_PASSWORD, '10.1.1.2')).statusCode).toBe(200);
    t.clock.advance(31_000);
    expect((await loginFrom(account.username, 'Wrong#Pass6', '10.1.1.1')).statusCode).toBe(401);
    // The delay doubles: 60 s now.
    const doubled = await loginFrom(account.username, 'Wrong#Pass7', '10.1.1.1');
    expect(doubled.json().error.message).toContain('60 秒');
    t.clock.advance(61_000);
    expect((await loginFrom(account.username, TEST_PASSWORD, '10.1.1.1')).statusCode).toBe(200);
  });

  it('locks a name guessed at from many addresses until an administrator lifts it — an unknown name alike', async () => {
    const zz = await findJurisdiction(t, '郑州市');
    const admin = await buildAccount(t, zz, 'jurisdiction_admin');
    const dept = await buildNode(t, zz, 'department');
    const account = await buildAccount(t, dept, 'department_reviewer');
    const guess = async (username: string) => {
      const answers: number[] = [];
      for (let address = 0; address < 10; address++) {
        for (let i = 0; i < 5; i++) {
          answers.push((await loginFrom(username, `Wrong#${address}-${i}`, `10.2.${address}.9`)).statusCode);
        }
      }
      return answers;
    };
    const known = await guess(account.username);
    const unknown = await guess('no-such-reviewer');
    expect(known.slice(0, 49).every((s) => s === 401)).toBe(true);
    expect(known).toEqual(unknown);
    for (const username of [account.username, 'no-such-reviewer']) {
      const refused = await loginFrom(username, TEST_PASSWORD, '10.3.0.1');
      expect(refused.statusCode, username).toBe(423);
      expect(refused.json().error).toEqual({
        code: 'AUTH_ACCOUNT_LOCKED',
        message: '该账号登录失败次数过多，已被锁定，请 60 分钟后再试或联系管理员解锁',
      });
    }
    // The jurisdiction's administrator lifts it at once.
    const adminClient = await signIn(t, admin.username);
    expect((await adminClient.post(`/api/accounts/${account.id}/unlock`)).statusCode).toBe(200);
    expect((await loginFrom(account.username, TEST_PASSWORD, '10.3.0.1')).statusCode).toBe(200);
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

  it('holds the idle timeout to within seconds: used every 25 s it lives, 61 s idle it ends', async () => {
    const short = await buildTestApp({ sessionIdleMinutes: 1 });
    try {
      const zz = await findJurisdiction(short, '郑州市');
      const account = await buildAccount(short, zz, 'proctor');
      const client = await signIn(short, account.username);
      for (let i = 0; i < 8; i++) {
        short.clock.advance(25_000);
        expect((await client.get('/api/auth/me')).statusCode, `after ${(i + 1) * 25} s`).toBe(200);
      }
      short.clock.advance(55_000);
      expect((await client.get('/api/auth/me')).statusCode).toBe(200);
      short.clock.advance(61_000);
      expect((await client.get('/api/auth/me')).json().error.code).toBe('SESSION_EXPIRED');
    } finally {
      await short.close();
    }
  });

  it('sweeps ended sessions and day-old sign-in failures off the request path', async () => {
    const swept = await buildTestApp();
    try {
      const zz = await findJurisdiction(swept, '郑州市');
      const account = await buildAccount(swept, zz, 'proctor');
      await signIn(swept, account.username);
      await swept.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'nobody', password: 'x' },
      });
      const counts = () =>
        inSystemTx(swept.database.db, async (tx) => ({
          sessions: (await tx.select().from(sessions)).length,
          failures: (await tx.select().from(loginFailures)).length,
        }));
      expect(await counts()).toEqual({ sessions: 1, failures: 2 });
      const policy = { idleMinutes: swept.deps.config.sessionIdleMinutes, maxHours: swept.deps.config.sessionMaxHours };
      await sweepExpired(swept.database.db, swept.clock.now(), policy);
      expect(await counts()).toEqual({ sessions: 1, failures: 2 });
      swept.clock.advance(25 * 3600_000);
      await sweepExpired(swept.database.db, swept.clock.now(), policy);
      expect(await counts()).toEqual({ sessions: 0, failures: 0 });
    } finally {
      await swept.close();
    }
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
