// Several app processes on one PostgreSQL (issue 18): what one process writes another sees — a session, a
// rate-limit count, a background job's progress, the audit chain — and a process stopped with SIGTERM under load
// finishes every request it accepted. PostgreSQL only (PGlite is one process's database); CI runs it there.
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, cloneTestDatabase, TEST_PASSWORD, type TestApp } from '../../test/setup/harness.js';
import {
  type CampaignFixture,
  openCampaign2017,
  unitWithOfficer,
} from './modules/applications/applications.test-support.js';
import { verifyAuditChain } from './platform/audit.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface Server {
  base: string;
  port: number;
  child: ChildProcess;
  exited: Promise<number | null>;
}

async function startServer(databaseUrl: string, workers = 1): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      APP_TODAY: '2017-02-10',
      PUBLIC_RATE_PER_MINUTE: '3',
      LOGIN_RATE_PER_MINUTE: '100000',
      LOGIN_FAILURE_MIN_MS: '400',
      SHUTDOWN_GRACE_SECONDS: '10',
      WORKERS: String(workers),
      DB_POOL_SIZE: '3',
      METRICS_TOKEN,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${base}/api/ready`)).ok) return { base, port, child, exited };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const METRICS_TOKEN = 'processes-test-metrics-token';

describe.runIf(onPostgres)('two processes on one PostgreSQL', () => {
  let t: TestApp;
  let c: CampaignFixture;
  let a: Server;
  let b: Server;
  let officer: { username: string };
  let unitId: number;

  beforeAll(async () => {
    const url = await cloneTestDatabase();
    t = await buildTestApp({ databaseUrl: url });
    c = await openCampaign2017(t);
    const made = await unitWithOfficer(t, '郑州市');
    officer = made.officer;
    unitId = made.unit.id;
    // A is a cluster of two workers (npm start with WORKERS=2), B a single process.
    [a, b] = await Promise.all([startServer(url, 2), startServer(url)]);
  });
  afterAll(async () => {
    // The cluster's primary passes SIGTERM to its workers; B has already stopped.
    a?.child.kill('SIGTERM');
    await Promise.race([a?.exited, new Promise((r) => setTimeout(r, 15_000))]);
    for (const s of [a, b]) s?.child.kill('SIGKILL');
    await t?.close();
  });

  it('shares the session, the rate-limit count, job progress and the audit chain', async () => {
    // Signed in on A …
    const login = await fetch(`${a.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: officer.username, password: TEST_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    // … acting on B: the session and its CSRF token are B's too.
    const me = await fetch(`${b.base}/api/auth/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    const started = await fetch(`${b.base}/api/applications/export-jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ campaignId: c.campaignId, unitId }),
    });
    expect(started.status, await started.clone().text()).toBe(202);
    const { jobId } = (await started.json()) as { jobId: string };
    // The job runs in B; A reports its progress and serves its file.
    let job: { status: string } = { status: 'queued' };
    for (let i = 0; i < 100 && (job.status === 'queued' || job.status === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await (await fetch(`${a.base}/api/jobs/${jobId}`, { headers: { cookie } })).json()) as { status: string };
    }
    expect(job).toMatchObject({ status: 'done', kind: 'application.export' });
    expect((await fetch(`${a.base}/api/jobs/${jobId}/file`, { headers: { cookie } })).status).toBe(200);

    // The public rate limit (3 a minute here) counts across processes: 2 on A, then the 3rd passes on B, the 4th not.
    const check = (s: Server) =>
      fetch(`${s.base}/api/public/eligibility-check`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }).then((r) => r.status);
    const codes = [await check(a), await check(a), await check(b), await check(b)];
    expect(codes.slice(0, 3)).not.toContain(429);
    expect(codes[3]).toBe(429);

    // Both processes wrote to one audit chain (sign-in on A, sign-out on B), and it verifies.
    const logout = await fetch(`${b.base}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(logout.status).toBeLessThan(300);
    expect((await fetch(`${a.base}/api/auth/me`, { headers: { cookie } })).status).toBe(401);
    // A's metrics are its two workers' together (two pools of 3), once the second worker is up too.
    let metrics = '';
    for (let i = 0; i < 100 && !metrics.includes('gk_db_pool_connections{state="max"} 6'); i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 200));
      const res = await fetch(`${a.base}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      metrics = await res.text();
    }
    expect(metrics).toContain('gk_db_pool_connections{state="max"} 6');
    expect(metrics).toMatch(/gk_http_requests_total\{method="GET",route="\/api\/jobs\/:jobId",status_code="200"\} \d+/);
    const report = await verifyAuditChain(t.database.db);
    expect(report).toMatchObject({ ok: true });
    expect(report.checked).toBeGreaterThanOrEqual(2);
  });

  it('on SIGTERM finishes every request it accepted, refuses new connections, and exits', async () => {
    // Each refused sign-in takes at least 400 ms (LOGIN_FAILURE_MIN_MS): requests surely in flight at the signal.
    type Outcome = { status?: number; error?: string; connection?: string };
    const send = () =>
      new Promise<Outcome>((resolve) => {
        const body = JSON.stringify({
          username: `nobody${Math.random().toString(36).slice(2)}`,
          password: 'Wrong#Pass1',
        });
        const request = http.request(
          {
            host: '127.0.0.1',
            port: b.port,
            path: '/api/auth/login',
            method: 'POST',
            agent: false,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          },
          (response) => {
            response.resume();
            response.on('end', () =>
              resolve({ status: response.statusCode, connection: String(response.headers.connection) }),
            );
          },
        );
        request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
        request.end(body);
      });
    // A steady stream, a new request every 100 ms (what this process answers on a shared 2-core machine; beyond
    // its capacity connections wait in the kernel's queue, which a closing listener resets), until the signal:
    // the last ones are in flight when it comes.
    const before: Promise<Outcome>[] = [];
    for (let i = 0; i < 12; i++) {
      before.push(send());
      await new Promise((r) => setTimeout(r, 100));
    }
    const signalled = Date.now();
    b.child.kill('SIGTERM');
    // After the signal: once the process no longer accepts connections (ECONNREFUSED), every new request is
    // refused that way (a load balancer tries the next process), until it has exited.
    const after: Outcome[] = [];
    let exited = false;
    void b.exited.then(() => {
      exited = true;
    });
    while (!exited) {
      after.push(await send());
      await new Promise((r) => setTimeout(r, 50));
    }
    const code = await b.exited;
    const stoppedMs = Date.now() - signalled;
    const answered = await Promise.all(before);

    expect(code).toBe(0);
    // Every request sent before the signal was answered (401: no such account), none cut off; the last ones were
    // still under way when the signal came, and were told to close their connection.
    expect(answered.filter((o) => o.status !== 401)).toEqual([]);
    expect(answered.some((o) => o.connection === 'close')).toBe(true);
    // After the signal, a request got an answer (it reached the process before it closed) or a refused connection.
    const firstRefused = after.findIndex((o) => o.error === 'ECONNREFUSED');
    expect(firstRefused).toBeGreaterThanOrEqual(0);
    expect(after.slice(0, firstRefused).filter((o) => o.status !== 401)).toEqual([]);
    expect(after.slice(firstRefused).filter((o) => o.error !== 'ECONNREFUSED')).toEqual([]);
    expect(stoppedMs).toBeLessThan(10_000);
    // The other process goes on serving.
    expect((await fetch(`${a.base}/api/ready`)).status).toBe(200);
  });
});
