import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Crash safety of the embedded database: a write the API confirmed survives `kill -9` of the process.
// (On a PostgreSQL server this is the server's own durability, not the app's.)
const dataDir = mkdtempSync(path.join(tmpdir(), 'gongkao-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  for (let i = 0; i < 120; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

async function signIn(base: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'zhengzhou', password: 'Demo#2017' }),
  });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const body = (await res.json()) as { csrfToken: string; orgNodeId: number };
  return { cookie, csrf: body.csrfToken };
}

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('durability on PGlite', () => {
  it('keeps confirmed writes across kill -9', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let child = await startServer(port);
    const names: string[] = [];
    try {
      const { cookie, csrf } = await signIn(base);
      const me = (await (await fetch(`${base}/api/auth/me`, { headers: { cookie } })).json()) as { orgNodeId: number };
      for (let i = 0; i < 5; i++) {
        const name = `崩溃测试局${i}`;
        const res = await fetch(`${base}/api/org/nodes`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
          body: JSON.stringify({ parentId: me.orgNodeId, kind: 'department', name }),
        });
        expect(res.status).toBe(201);
        names.push(name);
      }
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    child = await startServer(port);
    try {
      const { cookie } = await signIn(base);
      const me = (await (await fetch(`${base}/api/auth/me`, { headers: { cookie } })).json()) as { orgNodeId: number };
      const list = (await (
        await fetch(`${base}/api/org/nodes?parentId=${me.orgNodeId}&q=崩溃测试局`, { headers: { cookie } })
      ).json()) as { items: Array<{ name: string }> };
      expect(list.items.map((i) => i.name).sort()).toEqual(names);
      // PGlite allows one process per data directory: stop the server before the verifier opens it.
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      const verify = spawn(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], {
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
      });
      expect(await new Promise((r) => verify.once('exit', r))).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);
});
