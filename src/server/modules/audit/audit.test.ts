import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildNode,
  buildTestApp,
  findJurisdiction,
  signIn,
  type TestApp,
} from '../../../../test/setup/harness.js';
import { inSystemTx } from '../../platform/tx.js';
import { entityNames } from './audit.service.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

// The chain itself (hashing, verification, append-only, scope) is tested in src/server/platform/audit.test.ts.
describe('GET /api/audit', () => {
  it("names each entry's object as people do, from its table or else from the row's own snapshot", async () => {
    const zz = await findJurisdiction(t, '郑州市');
    const dept = await buildNode(t, zz, 'department');
    const admin = await buildAccount(t, zz, 'jurisdiction_admin');
    const c = await signIn(t, admin.username);
    await c.request('PATCH', `/api/org/nodes/${dept.id}`, { contactName: '称呼测试' });
    const items = (await c.get(`/api/audit?actor=${admin.username}`)).json().items as {
      action: string;
      entityName: string | null;
    }[];
    expect(items.find((i) => i.action === 'org.update')?.entityName).toBe(dept.name);
    expect(items.find((i) => i.action === 'auth.login')?.entityName).toBe(`账号 ${admin.username}`);

    const names = await inSystemTx(t.database.db, (tx) =>
      entityNames(tx, [
        // An application since deleted: its snapshot (ID number stored masked) still names it.
        {
          entityType: 'application',
          entityId: '999999',
          before: { name: '张伟', idNumber: '4101**********2016' },
          after: null,
        },
        { entityType: 'campaign', entityId: '999999', before: null, after: { year: 2017, status: 'open' } },
        { entityType: 'org_node', entityId: String(dept.id), before: null, after: null },
        { entityType: 'something_else', entityId: '1', before: null, after: null },
      ]),
    );
    expect(names).toEqual(['申请：张伟（4101**********2016）', '2017年度考核', dept.name, null]);
  });
});
