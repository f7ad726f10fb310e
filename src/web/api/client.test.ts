import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  buildUrl,
  getCsrfToken,
  isSessionError,
  onSessionEvent,
  request,
  type SessionEvent,
  setCsrfToken,
  setFetchImplementation,
} from './client';

type Call = { url: string; init: RequestInit };

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function mockFetch(responder: (call: Call, index: number) => Response): Call[] {
  const calls: Call[] = [];
  setFetchImplementation((async (input: RequestInfo | URL, init?: RequestInit) => {
    const call = { url: String(input), init: init ?? {} };
    calls.push(call);
    return responder(call, calls.length - 1);
  }) as typeof fetch);
  return calls;
}

const header = (call: Call | undefined, name: string) => ((call?.init.headers ?? {}) as Record<string, string>)[name];

describe('api client', () => {
  beforeEach(() => setCsrfToken(null));
  afterEach(() => setFetchImplementation((...args) => globalThis.fetch(...args)));

  it('builds query strings without empty values', () => {
    expect(buildUrl('/api/x', { a: 1, b: '', c: undefined, d: null, e: false, q: '郑州' })).toBe(
      '/api/x?a=1&e=false&q=%E9%83%91%E5%B7%9E',
    );
    expect(buildUrl('/api/x', {})).toBe('/api/x');
  });

  it('turns the error shape into an ApiError with the Chinese message', async () => {
    mockFetch(() => json(409, { error: { code: 'ORG_NAME_TAKEN', message: '同一上级下已有同名机构' } }));
    const error = await request('/api/org/nodes').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'ORG_NAME_TAKEN', message: '同一上级下已有同名机构' });
  });

  it('gives a generic Chinese message for a non-JSON error', async () => {
    mockFetch(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    await expect(request('/api/x')).rejects.toMatchObject({
      status: 502,
      code: 'HTTP_502',
      message: '系统繁忙，请稍后再试',
    });
  });

  it('sends same-origin credentials and the CSRF header on non-GET requests only', async () => {
    setCsrfToken('tok-1');
    const calls = mockFetch(() => json(200, { ok: true }));
    await request('/api/x');
    await request('/api/x', { method: 'POST', body: { a: 1 } });
    expect(calls[0]?.init.credentials).toBe('same-origin');
    expect(header(calls[0], 'x-csrf-token')).toBeUndefined();
    expect(header(calls[1], 'x-csrf-token')).toBe('tok-1');
    expect(header(calls[1], 'Content-Type')).toBe('application/json');
    expect(calls[1]?.init.body).toBe('{"a":1}');
  });

  it('fetches a token first when it has none, except for sign-in', async () => {
    const calls = mockFetch((call) =>
      call.url === '/api/auth/csrf' ? json(200, { csrfToken: 'fresh' }) : json(200, {}),
    );
    await request('/api/auth/login', { method: 'POST', body: {} });
    expect(calls.map((c) => c.url)).toEqual(['/api/auth/login']);
    await request('/api/org/nodes', { method: 'POST', body: {} });
    expect(calls.map((c) => c.url)).toEqual(['/api/auth/login', '/api/auth/csrf', '/api/org/nodes']);
    expect(header(calls[2], 'x-csrf-token')).toBe('fresh');
  });

  it('re-fetches the token and retries once on CSRF_INVALID', async () => {
    setCsrfToken('stale');
    let posts = 0;
    const calls = mockFetch((call) => {
      if (call.url === '/api/auth/csrf') return json(200, { csrfToken: 'new' });
      posts++;
      return posts === 1
        ? json(403, { error: { code: 'CSRF_INVALID', message: '安全校验失败，请刷新页面后重试' } })
        : new Response(null, { status: 204 });
    });
    await expect(request('/api/auth/logout', { method: 'POST' })).resolves.toBeUndefined();
    expect(calls.map((c) => c.url)).toEqual(['/api/auth/logout', '/api/auth/csrf', '/api/auth/logout']);
    expect(header(calls[2], 'x-csrf-token')).toBe('new');
    expect(getCsrfToken()).toBe('new');
  });

  it('retries CSRF_INVALID only once', async () => {
    setCsrfToken('stale');
    const calls = mockFetch((call) =>
      call.url === '/api/auth/csrf'
        ? json(200, { csrfToken: 'new' })
        : json(403, { error: { code: 'CSRF_INVALID', message: '安全校验失败' } }),
    );
    await expect(request('/api/x', { method: 'POST' })).rejects.toMatchObject({ code: 'CSRF_INVALID' });
    expect(calls.filter((c) => c.url === '/api/x')).toHaveLength(2);
  });

  it('reports an ended session and a pending password change to the listener', async () => {
    const events: SessionEvent[] = [];
    const off = onSessionEvent((e) => events.push(e));
    setCsrfToken('t');
    mockFetch((call) =>
      call.url === '/api/a'
        ? json(401, { error: { code: 'SESSION_EXPIRED', message: '登录已过期，请重新登录' } })
        : json(403, { error: { code: 'PASSWORD_CHANGE_REQUIRED', message: '首次登录须先修改初始密码' } }),
    );
    const e1 = await request('/api/a').catch((e: unknown) => e);
    expect(isSessionError(e1)).toBe(true);
    expect(getCsrfToken()).toBeNull();
    await request('/api/b').catch(() => undefined);
    await request('/api/a', { quiet: true }).catch(() => undefined);
    expect(events.map((e) => e.type)).toEqual(['session-ended', 'password-change-required']);
    off();
  });

  it('does not treat wrong credentials as an ended session', async () => {
    const events: SessionEvent[] = [];
    const off = onSessionEvent((e) => events.push(e));
    mockFetch(() => json(401, { error: { code: 'AUTH_INVALID_CREDENTIALS', message: '用户名或密码错误' } }));
    const error = await request('/api/auth/login', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(isSessionError(error)).toBe(false);
    expect(events).toEqual([]);
    off();
  });

  it('maps a network failure to NETWORK_ERROR', async () => {
    setFetchImplementation(vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch);
    await expect(request('/api/x')).rejects.toMatchObject({ status: 0, code: 'NETWORK_ERROR' });
  });

  it('returns undefined for 204', async () => {
    mockFetch(() => new Response(null, { status: 204 }));
    await expect(request('/api/x')).resolves.toBeUndefined();
  });
});
