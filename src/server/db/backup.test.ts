// The restore drill (issue 18): a database filled through the API is backed up with `npm run backup`, restored with
// `npm run restore` into a fresh database, and then every table's row count and content digest match the source's,
// the row-level-security policies and the roles' privileges are the same, `npm run audit:verify` passes on the
// restored database, and an account created through the API signs in to a server started on it. On PostgreSQL
// (pg_dump / pg_restore, fresh databases on the test server) and on PGlite (data directories in a temp folder).
// Also: a non-empty target is refused without --force, and a file that is not a gongkao backup is refused.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  buildAccount,
  buildTestApp,
  Client,
  findJurisdiction,
  randomCreditCode,
  signIn,
  type TestApp,
} from '../../../test/setup/harness.js';
import { withDatabase } from '../../../test/setup/integration-global.js';
import { form, openCampaign2017 } from '../modules/applications/applications.test-support.js';
import { EXIT } from './backup.js';
import { openDatabase } from './client.js';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const NEW_PASSWORD = 'Restore#Drill2017';

// ─── Helpers ───────────────────────────────────────────────────────────────────────────────────────────────

/** The environment of a child process on one database: DATABASE_URL for PostgreSQL, DATA_DIR for PGlite. */
function databaseEnv(target: { databaseUrl?: string; dataDir?: string }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  for (const key of ['BANK_KEY', 'SIGNING_KEY', 'EXAM_RECOVERY_KEY']) delete env[key];
  if (target.databaseUrl) env.DATABASE_URL = target.databaseUrl;
  if (target.dataDir) env.DATA_DIR = target.dataDir;
  return env;
}

/** Runs one of the npm scripts' files (scripts/*.ts) as `npm run` would; its exit code and output. */
function cli(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A server process (`src/server/main.ts`) on the database; resolves once /api/ready answers. */
async function startServer(
  env: NodeJS.ProcessEnv,
): Promise<{ base: string; child: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', APP_TODAY: '2017-02-10', LOGIN_FAILURE_MIN_MS: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    child.kill('SIGKILL');
  };
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${base}/api/ready`)).ok) return { base, child, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error('server did not start');
}

interface Queryable {
  query<T>(text: string): Promise<{ rows: T[] }>;
}

/**
 * Every table outside the system schemas (drizzle's migration journal included): its row count and an md5 over its
 * rows' text in a fixed order; plus the row-level-security policies and what each gk_ role may do to each table.
 */
async function fingerprint(db: Queryable) {
  const tables = (
    await db.query<{ name: string }>(
      `select format('%I.%I', schemaname, tablename) as name from pg_tables
        where schemaname not in ('pg_catalog', 'information_schema') order by 1`,
    )
  ).rows;
  const content: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = (
      await db.query<{ n: number; digest: string }>(
        `select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${name} t`,
      )
    ).rows;
    content[name] = `${row!.n} ${row!.digest}`;
  }
  const policies = (
    await db.query<{ p: string }>(
      `select format('%s.%s %s %s %s %s', tablename, policyname, cmd, roles, qual, with_check) as p
         from pg_policies order by 1`,
    )
  ).rows.map((r) => r.p);
  const privileges = (
    await db.query<{ p: string }>(
      `select format('%s %s rls=%s force=%s %s', c.relname, r.rolname, c.relrowsecurity, c.relforcerowsecurity,
                (select string_agg(k, ',') from unnest(array['SELECT','INSERT','UPDATE','DELETE']) k
                  where has_table_privilege(r.oid, c.oid, k))) as p
         from pg_class c cross join pg_roles r
        where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and r.rolname like 'gk\\_%'
        order by 1`,
    )
  ).rows.map((r) => r.p);
  return { content, policies, privileges };
}

/**
 * Fills the database through the API: a department and a unit, two accounts (each changes its initial password),
 * an application created and submitted, and review decisions by the unit and the department.
 */
async function fill(t: TestApp): Promise<{ username: string }> {
  const campaign = await openCampaign2017(t);
  const zz = await findJurisdiction(t, '郑州市');
  const admin = await signIn(t, (await buildAccount(t, zz, 'jurisdiction_admin')).username);
  const department = await admin.post('/api/org/nodes', {
    parentId: zz.id,
    kind: 'department',
    name: '郑州市演练水利局',
  });
  expect(department.statusCode, department.body).toBe(201);
  const unit = await admin.post('/api/org/nodes', {
    parentId: department.json().id,
    kind: 'unit',
    name: '郑州市演练水文站',
    code: randomCreditCode(),
  });
  expect(unit.statusCode, unit.body).toBe(201);
  const account = async (role: string, orgNodeId: number) => {
    const username = `drill${randomBytes(3).toString('hex')}`;
    const made = await admin.post('/api/accounts', { username, displayName: '演练账号', role, orgNodeId });
    expect(made.statusCode, made.body).toBe(201);
    const client = new Client(t.app);
    expect((await client.login(username, made.json().initialPassword)).statusCode).toBe(200);
    const changed = await client.post('/api/auth/change-password', {
      currentPassword: made.json().initialPassword,
      newPassword: NEW_PASSWORD,
    });
    expect(changed.statusCode, changed.body).toBe(204);
    const fresh = new Client(t.app);
    expect((await fresh.login(username, NEW_PASSWORD)).statusCode).toBe(200);
    return { username, client: fresh };
  };
  const officer = await account('unit_officer', unit.json().id);
  const reviewer = await account('department_reviewer', department.json().id);
  const created = await officer.client.post('/api/applications', {
    campaignId: campaign.campaignId,
    unitId: unit.json().id,
    ...form(campaign, { name: '王演练' }),
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id;
  expect((await officer.client.post(`/api/applications/${id}/submit`, { version: 1 })).statusCode).toBe(200);
  const byUnit = await officer.client.post(`/api/review/applications/${id}/decide`, { action: 'approve' });
  expect(byUnit.statusCode, byUnit.body).toBe(200);
  const byDepartment = await reviewer.client.post(`/api/review/applications/${id}/decide`, { action: 'approve' });
  expect(byDepartment.statusCode, byDepartment.body).toBe(200);
  expect(byDepartment.json()).toMatchObject({ status: 'department_approved' });
  return { username: officer.username };
}

/** Signs in on a server started on the restored database, then stops it. */
async function signInOnServer(env: NodeJS.ProcessEnv, username: string) {
  const server = await startServer(env);
  try {
    const login = await fetch(`${server.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: NEW_PASSWORD }),
    });
    expect(login.status, await login.clone().text()).toBe(200);
    expect(await login.json()).toMatchObject({ username, role: 'unit_officer' });
  } finally {
    await server.stop();
  }
}

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'gongkao-backup-'));
});
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

// ─── PostgreSQL ────────────────────────────────────────────────────────────────────────────────────────────

describe.runIf(onPostgres)('restore drill on PostgreSQL', () => {
  const created: string[] = [];
  let admin: pg.Client;

  async function freshDatabase(): Promise<string> {
    // Named after the run's template, so the run's teardown drops it too if this file does not.
    const name = `${inject('templateDatabase')}_restore_${randomBytes(3).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${name}`);
    created.push(name);
    return withDatabase(process.env.TEST_DATABASE_URL!, name);
  }

  async function fingerprintOf(url: string) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await fingerprint(client);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('backs up with pg_dump, restores into a fresh database, and everything matches', async () => {
    const source = await freshDatabase();
    const migrated = openDatabase({ databaseUrl: source, poolSize: 2 });
    await migrated.migrate();
    const t = await buildTestApp({}, { database: migrated });
    let username: string;
    try {
      ({ username } = await fill(t));
    } finally {
      await t.close();
    }
    const file = path.join(folder, 'postgres.gkb');
    const made = await cli('backup', ['--out', file], databaseEnv({ databaseUrl: source }));
    expect(made.code, made.stderr).toBe(EXIT.ok);
    expect(made.stdout).toContain('备份完成');
    expect(made.stdout).toContain('须另行备份，并与备份文件分开存放');
    expect(made.stderr).toContain('导出表 public.applications');

    const target = await freshDatabase();
    const restored = await cli('restore', ['--from', file], databaseEnv({ databaseUrl: target }));
    expect(restored.code, restored.stderr).toBe(EXIT.ok);
    expect(restored.stdout).toContain('恢复完成');

    const before = await fingerprintOf(source);
    const after = await fingerprintOf(target);
    expect(Object.keys(after.content).length).toBeGreaterThan(40);
    expect(after.content).toEqual(before.content);
    expect(after.policies).toEqual(before.policies);
    expect(after.policies.length).toBeGreaterThan(50);
    expect(after.privileges).toEqual(before.privileges);

    const verified = await cli('audit-verify', [], databaseEnv({ databaseUrl: target }));
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toContain('审计日志完整');
    await signInOnServer(databaseEnv({ databaseUrl: target }), username);

    // The restored database is not empty now: refused without --force, replaced with it.
    const again = await cli('restore', ['--from', file], databaseEnv({ databaseUrl: target }));
    expect(again.code).toBe(EXIT.targetNotEmpty);
    expect(again.stderr).toContain('拒绝恢复：目标数据库不是空的');
    const forced = await cli('restore', ['--from', file, '--force', '--quiet'], databaseEnv({ databaseUrl: target }));
    expect(forced.code, forced.stderr).toBe(EXIT.ok);
    expect((await fingerprintOf(target)).content['public.applications']).toBe(before.content['public.applications']);
  });

  it('refuses a file that is not a gongkao backup, and a backup of the other kind', async () => {
    const target = await freshDatabase();
    const junk = path.join(folder, 'junk.gkb');
    writeFileSync(junk, 'PGDMP this is not ours');
    const refused = await cli('restore', ['--from', junk], databaseEnv({ databaseUrl: target }));
    expect(refused.code).toBe(EXIT.notABackup);
    expect(refused.stderr).toContain('不是有效的 gongkao 备份文件');
    // A PostgreSQL backup for an embedded data directory: the wrong kind, refused before any file is touched.
    const file = path.join(folder, 'postgres.gkb');
    const wrong = await cli('restore', ['--from', file], databaseEnv({ dataDir: path.join(folder, 'never') }));
    expect(wrong.code).toBe(EXIT.wrongKind);
    expect(wrong.stderr).toContain('不能恢复到 嵌入式数据库');
  });
});

// ─── PGlite ────────────────────────────────────────────────────────────────────────────────────────────────

describe.runIf(!onPostgres)('restore drill on PGlite', () => {
  async function fingerprintOf(dataDir: string) {
    const database = openDatabase({ dataDir });
    try {
      return await fingerprint((database.db as unknown as { $client: Queryable }).$client);
    } finally {
      await database.close();
    }
  }

  it('backs up the data directory, restores it into a fresh one, and everything matches', async () => {
    // The source: a data directory on disk, started from the run's migrated template.
    const source = path.join(folder, 'source', 'data');
    const template = new Blob([readFileSync(inject('pgliteTemplate'))]);
    const t = await buildTestApp({}, { database: openDatabase({ dataDir: source, loadDataDir: template }) });
    let username: string;
    try {
      ({ username } = await fill(t));
    } finally {
      await t.close();
    }
    const file = path.join(folder, 'pglite.gkb');
    const made = await cli('backup', ['--out', file], databaseEnv({ dataDir: source }));
    expect(made.code, made.stderr).toBe(EXIT.ok);
    expect(made.stdout).toContain(`${source}.signing-key`);

    const target = path.join(folder, 'restored', 'data');
    const restored = await cli('restore', ['--from', file], databaseEnv({ dataDir: target }));
    expect(restored.code, restored.stderr).toBe(EXIT.ok);

    const before = await fingerprintOf(source);
    const after = await fingerprintOf(target);
    expect(Object.keys(after.content).length).toBeGreaterThan(40);
    expect(after).toEqual(before);

    const verified = await cli('audit-verify', [], databaseEnv({ dataDir: target }));
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toContain('审计日志完整');
    await signInOnServer(databaseEnv({ dataDir: target }), username);

    // Not empty now: refused without --force; with it the old directory is moved aside, not deleted.
    const again = await cli('restore', ['--from', file], databaseEnv({ dataDir: target }));
    expect(again.code).toBe(EXIT.targetNotEmpty);
    expect(again.stderr).toContain('拒绝恢复：目标数据库不是空的');
    const forced = await cli('restore', ['--from', file, '--force'], databaseEnv({ dataDir: target }));
    expect(forced.code, forced.stderr).toBe(EXIT.ok);
    expect(forced.stdout).toContain('原数据目录保留在');
    expect((await fingerprintOf(target)).content).toEqual(before.content);

    // Not a gongkao backup; a cut-off one.
    const junk = path.join(folder, 'junk.tar');
    writeFileSync(junk, readFileSync(file).subarray(0, 4096));
    const cut = await cli('restore', ['--from', junk], databaseEnv({ dataDir: path.join(folder, 'other') }));
    expect(cut.code).toBe(EXIT.notABackup);
    expect(cut.stderr).toContain('文件被截断');
    writeFileSync(junk, 'not a backup at all');
    const refused = await cli('restore', ['--from', junk], databaseEnv({ dataDir: path.join(folder, 'other') }));
    expect(refused.code).toBe(EXIT.notABackup);
    expect(refused.stderr).toContain('不是有效的 gongkao 备份文件');
  });
});
