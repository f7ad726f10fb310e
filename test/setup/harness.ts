import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import type { DestinationStream } from 'pino';
import { expect, inject } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { type AppConfig, loadConfig } from '../../src/server/config.js';
import { type Database, openDatabase, type PoolSettings } from '../../src/server/db/client.js';
import { accounts, orgNodes } from '../../src/server/db/schema.js';
import { ensureReferenceOrg } from '../../src/server/db/seed.js';
import type { AppDeps } from '../../src/server/deps.js';
import type { Lifecycle } from '../../src/server/modules/operations/operations.routes.js';
import { nextNodeId } from '../../src/server/modules/org/org.repository.js';
import type { RouteAccessRow } from '../../src/server/platform/access.js';
import { FixedClock } from '../../src/server/platform/clock.js';
import { findPgError } from '../../src/server/platform/errors.js';
import { hashPassword } from '../../src/server/platform/passwords.js';
import type { Role } from '../../src/server/platform/permissions.js';
import { randomRecoveryKey } from '../../src/server/platform/recovery-key.js';
import { randomContentKey } from '../../src/server/platform/sealed.js';
import { randomSigningKey } from '../../src/server/platform/signing.js';
import { inSystemTx } from '../../src/server/platform/tx.js';
import { withDatabase } from './integration-global.js';

export const TEST_PASSWORD = 'Test#Pass2017';

/**
 * A fresh database for one test file, a copy of the run's migrated template (test/setup/integration-global.ts):
 * in-memory PGlite loaded from the template's dump, or a clone of the template database on PostgreSQL.
 */
export async function openTestDatabase(pool?: Partial<PoolSettings>, databaseUrl?: string): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const loadDataDir = new Blob([readFileSync(inject('pgliteTemplate'))]);
    return openDatabase({ dataDir: 'memory://', loadDataDir });
  }
  // The app's own limits (statement, lock and idle-in-transaction timeouts), on a smaller pool.
  return openDatabase({
    databaseUrl: databaseUrl ?? (await cloneTestDatabase()),
    pool: { ...loadConfig({}).databasePool, size: 4, ...pool },
  });
}

/** PostgreSQL only: a fresh copy of the run's migrated template; its URL (tests that start server processes on it). */
export async function cloneTestDatabase(): Promise<string> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('cloneTestDatabase needs TEST_DATABASE_URL');
  const template = inject('templateDatabase');
  const name = `${template}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  return withDatabase(url, name);
}

export interface TestApp {
  app: FastifyInstance;
  routeAccess: RouteAccessRow[];
  /** Set `draining` to see what a process shutting down answers (/api/ready). */
  lifecycle?: Lifecycle;
  deps: AppDeps;
  clock: FixedClock;
  database: Database;
  provinceId: number;
  close(): Promise<void>;
}

export async function buildTestApp(
  overrides: Partial<AppConfig> = {},
  options: { logStream?: DestinationStream; database?: Database } = {},
): Promise<TestApp> {
  // overrides.databaseUrl: a PostgreSQL database the test made (cloneTestDatabase), shared with server processes;
  // options.database: one the test opened itself (a PGlite data directory on disk, say); closed with the app.
  const database = options.database ?? (await openTestDatabase(overrides.databasePool, overrides.databaseUrl));
  const clock = new FixedClock('2017-02-10T09:00:00+08:00');
  // Refused sign-ins answer at once here; the floor that hides which names exist has its own test.
  const config: AppConfig = {
    ...loadConfig({}),
    demoMode: false,
    logLevel: 'silent',
    loginFailureMinMs: 0,
    ...overrides,
  };
  // Each test app seals exam content and signs tickets under keys of its own.
  const deps: AppDeps = {
    db: database.db,
    dbKind: database.kind,
    clock,
    config,
    contentKey: randomContentKey(),
    signingKey: randomSigningKey(),
    recoveryKey: randomRecoveryKey(),
  };
  const province = await ensureReferenceOrg(database.db, clock);
  const { app, routeAccess, lifecycle } = await buildApp(deps, {
    ...(options.logStream ? { logStream: options.logStream } : { logger: false }),
    database,
  });
  return {
    app,
    routeAccess,
    lifecycle,
    deps,
    clock,
    database,
    provinceId: province.id,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** A valid 统一社会信用代码 (GB 32100-2015) with a random body, for factories. */
export function randomCreditCode(): string {
  let body = '12410100';
  for (let i = 0; i < 9; i++) body += CREDIT_CHARS[Math.floor(Math.random() * 10)];
  const sum = [...body].reduce((s, c, i) => s + CREDIT_CHARS.indexOf(c) * CREDIT_WEIGHTS[i]!, 0);
  const check = 31 - (sum % 31);
  return body + CREDIT_CHARS[check === 31 ? 0 : check];
}

type NodeRow = typeof orgNodes.$inferSelect;

export async function findJurisdiction(t: TestApp, name: string): Promise<NodeRow> {
  return inSystemTx(t.database.db, async (tx) => {
    const rows = await tx.select().from(orgNodes);
    const found = rows.find((r) => r.kind === 'jurisdiction' && r.name === name);
    if (!found) throw new Error(`no jurisdiction ${name}`);
    return found;
  });
}

/** Factory: a node under a parent, written directly (bypassing the API). */
export async function buildNode(
  t: TestApp,
  parent: NodeRow,
  kind: 'department' | 'unit',
  name = `${kind === 'unit' ? '测试单位' : '测试主管部门'}${unique()}`,
): Promise<NodeRow> {
  return inSystemTx(t.database.db, async (tx) => {
    const id = await nextNodeId(tx);
    const now = t.clock.now();
    const [row] = await tx
      .insert(orgNodes)
      .values({
        id,
        parentId: parent.id,
        kind,
        name,
        code: randomCreditCode(),
        path: `${parent.path}${id}/`,
        depth: parent.depth + 1,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    return row!;
  });
}

export async function buildAccount(
  t: TestApp,
  node: NodeRow,
  role: Role,
  options: { username?: string; mustChangePassword?: boolean; password?: string; centreId?: number } = {},
): Promise<{ id: number; username: string; password: string }> {
  const username = options.username ?? `u${unique()}`;
  const password = options.password ?? TEST_PASSWORD;
  const passwordHash = await hashPassword(password);
  const id = await inSystemTx(t.database.db, async (tx) => {
    const now = t.clock.now();
    const [row] = await tx
      .insert(accounts)
      .values({
        username,
        displayName: `测试${role}`,
        role,
        orgNodeId: node.id,
        orgPath: node.path,
        centreId: options.centreId ?? null,
        passwordHash,
        mustChangePassword: options.mustChangePassword ?? false,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: accounts.id });
    return row!.id;
  });
  return { id, username, password };
}

/** A signed-in API client: keeps the session cookie and sends the CSRF token on changes. */
export class Client {
  cookie = '';
  csrf = '';
  constructor(private readonly app: FastifyInstance) {}

  async login(username: string, password = TEST_PASSWORD): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    const setCookie = res.cookies.find((c) => c.name === 'gk_session');
    if (setCookie) this.cookie = `gk_session=${setCookie.value}`;
    if (res.statusCode === 200) this.csrf = res.json<{ csrfToken: string }>().csrfToken;
    return res;
  }

  request(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) {
    return this.app.inject({
      method,
      url,
      payload: payload as never,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(method !== 'GET' && this.csrf ? { 'x-csrf-token': this.csrf } : {}),
        ...headers,
      },
    });
  }

  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, payload?: unknown) {
    return this.request('POST', url, payload ?? {});
  }
  patch(url: string, payload: unknown) {
    return this.request('PATCH', url, payload);
  }
}

export async function signIn(t: TestApp, username: string, password = TEST_PASSWORD): Promise<Client> {
  const client = new Client(t.app);
  const res = await client.login(username, password);
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  return client;
}

/**
 * Asserts that a database operation was refused for want of permission — row-level security, a revoked grant or a
 * guard trigger (SQLSTATE 42501) — and not for any other reason (a typo in the SQL would also "throw").
 */
export async function expectPermissionDenied(operation: Promise<unknown>): Promise<void> {
  const error = await operation.then(
    () => null,
    (e: unknown) => e,
  );
  if (error === null) throw new Error('expected the database to refuse the operation, but it succeeded');
  expect(findPgError(error)?.code, String(error)).toBe('42501');
}
