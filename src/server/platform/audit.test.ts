import { asc, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildNode,
  buildTestApp,
  expectPermissionDenied,
  findJurisdiction,
  signIn,
  type TestApp,
} from '../../../test/setup/harness.js';
import type { Tx } from '../db/client.js';
import { auditLog, auditPending } from '../db/schema.js';
import { canonicalize, recordAudit, verifyAuditChain } from './audit.js';
import { type Actor, SYSTEM_META } from './context.js';
import { findPgError } from './errors.js';
import { inScopedTx, inSystemTx } from './tx.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('audit trail', () => {
  it('writes one row per change with actor, node, IP, user agent and before/after', async () => {
    const zz = await findJurisdiction(t, '郑州市');
    const dept = await buildNode(t, zz, 'department');
    const admin = await buildAccount(t, zz, 'jurisdiction_admin');
    const c = await signIn(t, admin.username);
    await c.request(
      'PATCH',
      `/api/org/nodes/${dept.id}`,
      { contactName: '审计测试' },
      { 'user-agent': 'AuditAgent/1.0' },
    );
    const res = await c.get(`/api/audit?action=org.update&actor=${admin.username}`);
    expect(res.statusCode).toBe(200);
    const [row] = res.json().items;
    expect(row).toMatchObject({
      actorUsername: admin.username,
      actorRole: 'jurisdiction_admin',
      orgNodeName: dept.name,
      userAgent: 'AuditAgent/1.0',
      entityType: 'org_node',
      entityId: String(dept.id),
      before: expect.objectContaining({ contactName: null }),
      after: expect.objectContaining({ contactName: '审计测试' }),
    });
    expect(row.ip).toBeTruthy();
  });

  it('shows each admin only its own subtree', async () => {
    const ly = await findJurisdiction(t, '洛阳市');
    const zz = await findJurisdiction(t, '郑州市');
    const lyAdmin = await buildAccount(t, ly, 'jurisdiction_admin');
    const zzAdmin = await buildAccount(t, zz, 'jurisdiction_admin');
    const ly1 = await signIn(t, lyAdmin.username);
    await ly1.post('/api/org/nodes', { parentId: ly.id, kind: 'department', name: `洛阳审计可见局${Date.now()}` });
    const zzView = await (await signIn(t, zzAdmin.username)).get('/api/audit?pageSize=200');
    expect(zzView.json().items.some((i: { summary: string }) => i.summary.includes('洛阳审计可见局'))).toBe(false);
    const lyView = await ly1.get('/api/audit?pageSize=200');
    expect(lyView.json().items.some((i: { summary: string }) => i.summary.includes('洛阳审计可见局'))).toBe(true);
  });

  it('is append-only, even for the table owner', async () => {
    await expectPermissionDenied(t.database.db.execute(sql`update audit_log set summary = 'x'`));
    await expectPermissionDenied(t.database.db.execute(sql`delete from audit_log`));
  });

  it('verifies the chain, and names the first row that was tampered with', async () => {
    const zz = await findJurisdiction(t, '郑州市');
    const admin = await buildAccount(t, zz, 'jurisdiction_admin');
    const c = await signIn(t, admin.username);
    for (let i = 0; i < 3; i++)
      await c.post('/api/org/nodes', { parentId: zz.id, kind: 'department', name: `链测试局${i}${Date.now()}` });
    const ok = await verifyAuditChain(t.database.db, 7);
    expect(ok).toMatchObject({ ok: true, firstBrokenId: null });
    expect(ok.checked).toBeGreaterThan(30);

    const rows = await t.database.db.select({ id: auditLog.id }).from(auditLog).orderBy(auditLog.id);
    const victim = rows[Math.floor(rows.length / 2)]!.id;
    // Tampering needs the guard off, as an attacker with the owner's password would do.
    await t.database.db.execute(sql`alter table audit_log disable trigger audit_log_immutable`);
    await t.database.db.execute(sql`update audit_log set summary = summary || '（篡改）' where id = ${victim}`);
    const broken = await verifyAuditChain(t.database.db, 7);
    expect(broken).toMatchObject({ ok: false, firstBrokenId: victim });
    await t.database.db.execute(sql`delete from audit_log where id = ${victim}`);
    const gap = await verifyAuditChain(t.database.db, 7);
    expect(gap).toMatchObject({ ok: false, firstBrokenId: rows[Math.floor(rows.length / 2) + 1]!.id });
    await t.database.db.execute(sql`alter table audit_log enable trigger audit_log_immutable`);
  });

  it('canonicalises key order and dates', () => {
    expect(JSON.stringify(canonicalize({ b: 1, a: { d: new Date(0), c: [2, undefined] } }))).toBe(
      '{"a":{"c":[2,null],"d":"1970-01-01T00:00:00.000Z"},"b":1}',
    );
  });
});

describe('the audit chain under concurrency', () => {
  // A database of its own: the tamper test above leaves its chain broken on purpose.
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('lets a signed-in transaction add audit rows only as itself, and only through the commit-time link', async () => {
    const zz = await findJurisdiction(t, '郑州市');
    const admin = await buildAccount(t, zz, 'jurisdiction_admin');
    const actor: Actor = {
      accountId: admin.id,
      username: admin.username,
      displayName: '管理员',
      role: 'jurisdiction_admin',
      orgNodeId: zz.id,
      orgPath: zz.path,
      orgNodeName: zz.name,
    };
    const entry = {
      entityType: 'test',
      entityId: 1,
      action: 'test.audit',
      summary: '测试',
      orgNodeId: zz.id,
      orgPath: zz.path,
    };
    const sqlState = (error: unknown) => findPgError(error)?.code;
    // Writing audit_log directly is refused.
    const direct = await inScopedTx(t.database.db, actor, (tx) =>
      tx.execute(sql`insert into audit_log (created_at, entity_type, action, summary, prev_hash, hash)
        values (now(), 'x', 'x', 'x', 'x', 'x')`),
    ).catch((e: unknown) => e);
    expect(sqlState(direct)).toBe('42501');
    // So is an audit row that names somebody else as the actor.
    const forged = await inScopedTx(t.database.db, actor, (tx) =>
      recordAudit(
        tx,
        { accountId: admin.id + 1000, username: 'someone', role: 'province_admin' },
        SYSTEM_META,
        entry,
        t.clock.now(),
      ),
    ).catch((e: unknown) => e);
    expect(sqlState(forged)).toBe('42501');
    // As oneself it lands in audit_log at commit, chained; nothing is left pending.
    await inScopedTx(t.database.db, actor, (tx) => recordAudit(tx, actor, SYSTEM_META, entry, t.clock.now()));
    const [linked] = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.actorAccountId, admin.id))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(linked).toMatchObject({ action: 'test.audit', hashScheme: 2 });
    expect(await t.database.db.select().from(auditPending)).toEqual([]);
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);
  });

  it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
    'links concurrent transactions in commit order, holding the chain only while each commits',
    async () => {
      const before = (await verifyAuditChain(t.database.db)).checked;
      let releaseFirst: () => void = () => undefined;
      const firstMayCommit = new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      const record = (summary: string) => (tx: Tx) =>
        recordAudit(
          tx,
          null,
          SYSTEM_META,
          { entityType: 'test', entityId: null, action: 'test.order', summary, orgNodeId: null, orgPath: null },
          t.clock.now(),
        );
      // The first transaction records its row, then waits; the second records and commits meanwhile — it is not
      // held up by the first (no lock is taken before COMMIT) — and only then the first commits.
      const first = inSystemTx(t.database.db, async (tx) => {
        await record('先记录后提交')(tx);
        await firstMayCommit;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      await inSystemTx(t.database.db, record('后记录先提交'));
      releaseFirst();
      await first;
      const rows = await t.database.db
        .select({ summary: auditLog.summary })
        .from(auditLog)
        .where(eq(auditLog.action, 'test.order'))
        .orderBy(asc(auditLog.id));
      expect(rows.map((r) => r.summary)).toEqual(['后记录先提交', '先记录后提交']);
      const report = await verifyAuditChain(t.database.db);
      expect(report).toMatchObject({ ok: true });
      expect(report.checked).toBe(before + 2);
    },
  );
});
