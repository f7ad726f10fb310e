// The database pool's limits (issue 10): a request waiting on a row lock, a statement past its timeout and a pool
// with no free connection are answered with coded 409/503s in Chinese, quickly, and argon2 never runs inside a
// transaction. The timeouts are PostgreSQL's (PGlite has one connection and no server-side timeouts).
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Client, signIn, type TestApp } from '../../../test/setup/harness.js';
import { applications } from '../db/schema.js';
import { openCampaign2017 } from '../modules/applications/applications.test-support.js';
import { buildChain, insertApplications } from '../modules/review/review.test-support.js';
import { hashPassword } from './passwords.js';
import { inSystemTx } from './tx.js';

describe('argon2 and transactions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses to hash a password while a transaction holds a connection', async () => {
    await expect(inSystemTx(t.database.db, () => hashPassword('Irrelevant#1'))).rejects.toThrow(
      'argon2 must not run inside a database transaction',
    );
    await expect(hashPassword('Irrelevant#1')).resolves.toMatch(/^\$argon2id\$/);
  });
});

describe.runIf(Boolean(process.env.TEST_DATABASE_URL))('pool limits (PostgreSQL)', () => {
  let t: TestApp;
  let unit: Client;
  let ids: number[];
  beforeAll(async () => {
    t = await buildTestApp({
      databasePool: {
        size: 2,
        connectTimeoutMs: 300,
        statementTimeoutMs: 0,
        lockTimeoutMs: 300,
        idleInTransactionTimeoutMs: 0,
      },
    });
    const c = await openCampaign2017(t);
    const chain = await buildChain(t, '郑州市');
    ids = await insertApplications(t, {
      campaignId: c.campaignId,
      unit: chain.unit,
      departmentId: chain.department.id,
      jurisdictionId: chain.jurisdiction.id,
      jobTypeId: c.driverId,
      count: 3,
    });
    unit = await signIn(t, chain.accounts.unit);
  });
  afterAll(async () => {
    await t.close();
  });

  /** Holds a row lock on an application (as another session would) until released. */
  function holdRow(id: number) {
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked: () => void = () => undefined;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const done = inSystemTx(t.database.db, async (tx) => {
      await tx.select({ id: applications.id }).from(applications).where(eq(applications.id, id)).for('update');
      locked();
      await released;
    });
    return {
      isLocked,
      release: async () => {
        release();
        await done;
      },
    };
  }

  it('answers a decision waiting on a row lock with 409 DB_LOCKED once the lock timeout passes', async () => {
    const hold = holdRow(ids[0]!);
    await hold.isLocked;
    const started = performance.now();
    const res = await unit.post(`/api/review/applications/${ids[0]}/decide`, { action: 'approve' });
    const waited = performance.now() - started;
    await hold.release();
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toEqual({ code: 'DB_LOCKED', message: '该数据正由他人处理，请稍后重试' });
    expect(waited).toBeLessThan(3000);
    // Afterwards the same decision goes through.
    expect((await unit.post(`/api/review/applications/${ids[0]}/decide`, { action: 'approve' })).statusCode).toBe(200);
  });

  it('answers 503 DB_BUSY when no connection is free in time, and serves again after', async () => {
    const first = holdRow(ids[1]!);
    const second = holdRow(ids[2]!);
    await Promise.all([first.isLocked, second.isLocked]);
    const res = await unit.get('/api/notifications/unread-count');
    await Promise.all([first.release(), second.release()]);
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('DB_BUSY');
    expect((await unit.get('/api/notifications/unread-count')).statusCode).toBe(200);
  });

  it('cancels a statement past the statement timeout with 503 DB_BUSY', async () => {
    const slow = await buildTestApp({
      databasePool: {
        size: 2,
        connectTimeoutMs: 0,
        statementTimeoutMs: 200,
        lockTimeoutMs: 0,
        idleInTransactionTimeoutMs: 0,
      },
    });
    try {
      const error = await inSystemTx(slow.database.db, (tx) => tx.execute(sql`select pg_sleep(2)`)).catch(
        (e: unknown) => e,
      );
      const { databaseLoadError } = await import('./errors.js');
      expect(databaseLoadError(error)?.code).toBe('DB_BUSY');
    } finally {
      await slow.close();
    }
  });
});
