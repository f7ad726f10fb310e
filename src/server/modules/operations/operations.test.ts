// Metrics for operators and readiness for load balancers (issue 18). The two-process and shutdown tests are in
// src/server/processes.test.ts (PostgreSQL only).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildTestApp, findJurisdiction, signIn, type TestApp } from '../../../../test/setup/harness.js';

const TOKEN = 'metrics-token-0123456789';
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ metricsToken: TOKEN });
});
afterAll(async () => t?.close());

const scrape = () =>
  t.app.inject({ method: 'GET', url: '/api/metrics', headers: { authorization: `Bearer ${TOKEN}` } });

/** The value of one sample line (`name{labels} value`), or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /api/metrics', () => {
  it('is for operators with the token only', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/api/metrics' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('OPERATOR_TOKEN_INVALID');
    const wrong = await t.app.inject({
      method: 'GET',
      url: '/api/metrics',
      headers: { authorization: `Bearer ${TOKEN}x` },
    });
    expect(wrong.statusCode).toBe(401);
    // A session is no substitute for the token.
    const official = await signIn(
      t,
      (await buildAccount(t, await findJurisdiction(t, '郑州市'), 'jurisdiction_admin')).username,
    );
    expect((await official.get('/api/metrics')).statusCode).toBe(401);
  });

  it('answers 404 with a Chinese code while no token is configured', async () => {
    t.deps.config.metricsToken = undefined;
    try {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/metrics',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toMatchObject({
        code: 'METRICS_DISABLED',
        message: expect.stringContaining('METRICS_TOKEN'),
      });
    } finally {
      t.deps.config.metricsToken = TOKEN;
    }
  });

  it('counts requests by route pattern and status, and shows the pool, queries, sessions, jobs and attempts', async () => {
    const official = await signIn(
      t,
      (await buildAccount(t, await findJurisdiction(t, '洛阳市'), 'jurisdiction_admin')).username,
    );
    for (let i = 0; i < 3; i++) expect((await official.get(`/api/jobs/${randomUUID()}`)).statusCode).toBe(404);
    const res = await scrape();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    // The pattern, never the raw URL (the label set stays bounded).
    expect(sample(text, 'gk_http_requests_total{method="GET",route="/api/jobs/:jobId",status_code="404"}')).toBe(3);
    expect(text).not.toMatch(/route="\/api\/jobs\/[0-9a-f]{8}-/);
    expect(
      sample(text, 'gk_http_request_duration_seconds_count{method="GET",route="/api/jobs/:jobId",status_code="404"}'),
    ).toBe(3);
    expect(
      sample(text, 'gk_http_requests_total{method="POST",route="/api/auth/login",status_code="200"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'gk_db_query_duration_seconds_count')).toBeGreaterThan(0);
    expect(sample(text, 'gk_db_pool_connections{state="max"}')).toBe(t.database.kind === 'postgres' ? 4 : 1);
    expect(sample(text, 'gk_db_up')).toBe(1);
    expect(sample(text, 'gk_sessions_live')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'gk_background_jobs{state="running"}')).toBe(0);
    expect(sample(text, 'gk_exam_attempts_in_progress{status="admitted"}')).toBe(0);
    expect(sample(text, 'gk_jobs_held_in_process')).toBe(0);
  });
});

describe('GET /api/ready', () => {
  it('is ready with the database reachable and migrated, and 503 while the process drains', async () => {
    const ready = await t.app.inject({ method: 'GET', url: '/api/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', db: t.database.kind });
    t.lifecycle!.draining = true;
    try {
      const draining = await t.app.inject({ method: 'GET', url: '/api/ready' });
      expect(draining.statusCode).toBe(503);
      expect(draining.json().error.code).toBe('SERVER_DRAINING');
      // Liveness is another question: the process still answers.
      expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    } finally {
      t.lifecycle!.draining = false;
    }
  });
});
