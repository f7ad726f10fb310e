import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildNode,
  buildTestApp,
  findJurisdiction,
  signIn,
  type TestApp,
} from '../../../test/setup/harness.js';
import { auditLog } from '../db/schema.js';
import { canonicalize, verifyAuditChain } from './audit.js';

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
    await expect(t.database.db.execute(sql`update audit_log set summary = 'x'`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from audit_log`)).rejects.toThrow();
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
