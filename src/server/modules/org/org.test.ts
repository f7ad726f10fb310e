import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildNode,
  buildTestApp,
  expectPermissionDenied,
  findJurisdiction,
  randomCreditCode,
  signIn,
  type TestApp,
} from '../../../../test/setup/harness.js';
import { resultRows } from '../../db/client.js';
import { inScopedTx } from '../../platform/tx.js';
import { listNodes } from './org.repository.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

async function twoCities() {
  const zz = await findJurisdiction(t, '郑州市');
  const ly = await findJurisdiction(t, '洛阳市');
  const zzDept = await buildNode(t, zz, 'department');
  const zzUnit = await buildNode(t, zzDept, 'unit');
  const lyDept = await buildNode(t, ly, 'department');
  const lyUnit = await buildNode(t, lyDept, 'unit');
  const zzAdmin = await buildAccount(t, zz, 'jurisdiction_admin');
  const lyAdmin = await buildAccount(t, ly, 'jurisdiction_admin');
  return { zz, ly, zzDept, zzUnit, lyDept, lyUnit, zzAdmin, lyAdmin };
}

describe('organisation tree', () => {
  it('seeds the province with 18 cities, 10 counties and the two province-reviewed groups', async () => {
    const proctor = await buildAccount(t, await rootNode(), 'proctor');
    // A proctor has no org.read.
    expect((await (await signIn(t, proctor.username)).get('/api/org/nodes')).statusCode).toBe(403);
    const province = await buildAccount(t, await rootNode(), 'province_admin');
    const p = await signIn(t, province.username);
    const res = await p.get(`/api/org/nodes?parentId=${t.provinceId}&pageSize=100`);
    expect(res.statusCode).toBe(200);
    const items = res.json<{
      items: Array<{ name: string; code: string | null; jurisdictionType: string; reviewedByProvince: boolean }>;
    }>().items;
    expect(items).toHaveLength(30);
    expect(items.filter((i) => i.jurisdictionType === 'city')).toHaveLength(18);
    expect(items.filter((i) => i.jurisdictionType === 'county')).toHaveLength(10);
    expect(items.find((i) => i.name === '济源市')?.code).toBe('419001');
    expect(items.filter((i) => i.reviewedByProvince).map((i) => i.name)).toEqual(['省直单位', '中央驻豫单位']);
  });

  it('lets a jurisdiction admin create, edit and deactivate departments and units below them', async () => {
    const { zz, zzAdmin } = await twoCities();
    const c = await signIn(t, zzAdmin.username);
    const dept = await c.post('/api/org/nodes', { parentId: zz.id, kind: 'department', name: '郑州市测试水利局' });
    expect(dept.statusCode).toBe(201);
    const deptId = dept.json().id;
    const noCode = await c.post('/api/org/nodes', { parentId: deptId, kind: 'unit', name: '郑州市测试水文站' });
    expect(noCode.statusCode).toBe(400);
    expect(noCode.json().error.code).toBe('CREDIT_CODE_INVALID');
    const badCode = await c.post('/api/org/nodes', {
      parentId: deptId,
      kind: 'unit',
      name: '郑州市测试水文站',
      code: '12410100MB0000000A',
    });
    expect(badCode.json().error.code).toBe('CREDIT_CODE_INVALID');
    expect(badCode.json().error.message).toMatch(/校验/);
    const code = randomCreditCode();
    const unit = await c.post('/api/org/nodes', { parentId: deptId, kind: 'unit', name: '郑州市测试水文站', code });
    expect(unit.statusCode).toBe(201);
    const again = await c.post('/api/org/nodes', { parentId: deptId, kind: 'unit', name: '另一个站', code });
    expect(again.json().error.code).toBe('ORG_CODE_TAKEN');
    const sameName = await c.post('/api/org/nodes', {
      parentId: deptId,
      kind: 'unit',
      name: '郑州市测试水文站',
      code: randomCreditCode(),
    });
    expect(sameName.json().error.code).toBe('ORG_NAME_TAKEN');
    const wrongKind = await c.post('/api/org/nodes', {
      parentId: zz.id,
      kind: 'unit',
      name: 'X单位',
      code: randomCreditCode(),
    });
    expect(wrongKind.json().error.code).toBe('ORG_KIND_NOT_ALLOWED');

    const edited = await c.patch(`/api/org/nodes/${unit.json().id}`, {
      contactName: '王五',
      contactPhone: '0371-66668888',
    });
    expect(edited.json()).toMatchObject({ contactName: '王五', contactPhone: '0371-66668888' });
    const busy = await c.post(`/api/org/nodes/${deptId}/deactivate`);
    expect(busy.json().error.code).toBe('ORG_HAS_ACTIVE_CHILDREN');
    expect((await c.post(`/api/org/nodes/${unit.json().id}/deactivate`)).json().active).toBe(false);
    expect((await c.post(`/api/org/nodes/${deptId}/deactivate`)).json().active).toBe(false);
    const list = await c.get(`/api/org/nodes?parentId=${zz.id}&q=水利`);
    expect(list.json().total).toBe(0);
    const withInactive = await c.get(`/api/org/nodes?parentId=${zz.id}&q=水利&includeInactive=true`);
    expect(withInactive.json().total).toBe(1);

    const detail = await c.get(`/api/org/nodes/${unit.json().id}`);
    expect(detail.json().ancestors.map((a: { name: string }) => a.name)).toEqual([
      '河南省人力资源和社会保障厅',
      '郑州市',
      '郑州市测试水利局',
    ]);
  });

  it('keeps a 郑州 admin out of 洛阳 through the API', async () => {
    const { ly, lyDept, lyUnit, zzAdmin } = await twoCities();
    const c = await signIn(t, zzAdmin.username);
    for (const url of [
      `/api/org/nodes/${lyUnit.id}`,
      `/api/org/nodes/${lyDept.id}`,
      `/api/org/nodes?parentId=${ly.id}`,
    ]) {
      const res = await c.get(url);
      expect(res.statusCode, url).toBe(404);
    }
    expect((await c.patch(`/api/org/nodes/${lyUnit.id}`, { name: '被改名' })).statusCode).toBe(404);
    expect((await c.post(`/api/org/nodes/${lyUnit.id}/deactivate`)).statusCode).toBe(404);
    expect(
      (await c.post('/api/org/nodes', { parentId: lyDept.id, kind: 'unit', name: '偷建', code: randomCreditCode() }))
        .statusCode,
    ).toBe(404);
    const subtree = await c.get(`/api/org/nodes?parentId=${(await rootNode()).id}&subtree=true&pageSize=200`);
    expect(subtree.statusCode).toBe(404);
  });

  it('lets a unit officer read only its own unit and change nothing', async () => {
    const { zzUnit, zzDept } = await twoCities();
    const officer = await buildAccount(t, zzUnit, 'unit_officer');
    const c = await signIn(t, officer.username);
    const own = await c.get('/api/org/nodes');
    expect(own.json().items.map((n: { id: number }) => n.id)).toEqual([zzUnit.id]);
    expect((await c.get(`/api/org/nodes/${zzUnit.id}`)).json().abilities).toEqual({
      update: false,
      createChild: false,
      deactivate: false,
      import: false,
    });
    expect((await c.patch(`/api/org/nodes/${zzUnit.id}`, { name: '改名' })).statusCode).toBe(403);
    const sibling = await buildNode(t, zzDept, 'unit');
    expect((await c.get(`/api/org/nodes/${sibling.id}`)).statusCode).toBe(404);
  });

  it('lets a department reviewer manage units of its own department only', async () => {
    const { zzDept, lyDept } = await twoCities();
    const reviewer = await buildAccount(t, zzDept, 'department_reviewer');
    const c = await signIn(t, reviewer.username);
    const unit = await c.post('/api/org/nodes', {
      parentId: zzDept.id,
      kind: 'unit',
      name: '部门自建单位',
      code: randomCreditCode(),
    });
    expect(unit.statusCode).toBe(201);
    expect((await c.patch(`/api/org/nodes/${zzDept.id}`, { name: '改自己' })).statusCode).toBe(403);
    expect(
      (await c.post('/api/org/nodes', { parentId: lyDept.id, kind: 'unit', name: '越界', code: randomCreditCode() }))
        .statusCode,
    ).toBe(404);
  });
});

describe('row-level security below the services', () => {
  it('shows a 郑州 actor no 洛阳 rows even from an unfiltered query', async () => {
    const { zz, lyUnit, zzUnit, zzAdmin } = await twoCities();
    const actor = {
      accountId: zzAdmin.id,
      username: zzAdmin.username,
      displayName: '',
      role: 'jurisdiction_admin' as const,
      orgNodeId: zz.id,
      orgPath: zz.path,
      orgNodeName: zz.name,
    };
    const seen = await inScopedTx(t.database.db, actor, async (tx) => {
      const rows = resultRows<{ id: number; path: string }>(await tx.execute(sql`select id, path from org_nodes`));
      const accounts = resultRows<{ org_path: string | null }>(await tx.execute(sql`select org_path from accounts`));
      const updated = resultRows<{ id: number }>(
        await tx.execute(sql`update org_nodes set name = name || '!' where id = ${lyUnit.id} returning id`),
      );
      return { rows, accounts, updated };
    });
    const ids = seen.rows.map((r) => r.id);
    expect(ids).toContain(zzUnit.id);
    expect(ids).not.toContain(lyUnit.id);
    // Ancestors are visible (for breadcrumbs), other branches are not.
    expect(seen.rows.every((r) => r.path.startsWith(zz.path) || zz.path.startsWith(r.path))).toBe(true);
    expect(seen.accounts.length).toBeGreaterThan(0);
    expect(seen.accounts.every((a) => a.org_path?.startsWith(zz.path))).toBe(true);
    expect(seen.updated).toEqual([]);
  });

  it('refuses an insert outside the scope at the database, whatever the service did', async () => {
    const { ly, zz, zzAdmin } = await twoCities();
    const actor = {
      accountId: zzAdmin.id,
      username: zzAdmin.username,
      displayName: '',
      role: 'jurisdiction_admin' as const,
      orgNodeId: zz.id,
      orgPath: zz.path,
      orgNodeName: zz.name,
    };
    await expectPermissionDenied(
      inScopedTx(t.database.db, actor, (tx) =>
        tx.execute(
          sql`insert into org_nodes (id, parent_id, kind, name, path, depth, created_at, updated_at) values (999999, ${ly.id}, 'department', '越权', ${`${ly.path}999999/`}, 2, now(), now())`,
        ),
      ),
    );
  });

  it('shows nothing when the scope is missing', async () => {
    const { zz } = await twoCities();
    const actor = {
      accountId: 0,
      username: 'x',
      displayName: '',
      role: 'applicant' as const,
      orgNodeId: null,
      orgPath: null,
      orgNodeName: null,
    };
    const result = await inScopedTx(t.database.db, actor, (tx) =>
      listNodes(tx, { parentId: zz.id, includeInactive: true, page: 1, pageSize: 50 }),
    );
    expect(result.total).toBe(0);
  });
});

describe('Excel import', () => {
  async function workbook(rows: string[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('机构导入');
    sheet.addRow(['类型', '名称', '统一社会信用代码', '上级主管部门', '联系人', '联系电话']);
    for (const row of rows) sheet.addRow(row);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  async function upload(username: string, parentId: number, mode: string, file: Buffer) {
    const c = await signIn(t, username);
    const boundary = '----gongkao';
    const parts = [
      `--${boundary}\r\nContent-Disposition: form-data; name="parentId"\r\n\r\n${parentId}\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="mode"\r\n\r\n${mode}\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
    ];
    const payload = Buffer.concat([Buffer.from(parts.join('')), file, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    return c.request('POST', '/api/org/import', payload, {
      'content-type': `multipart/form-data; boundary=${boundary}`,
    });
  }

  it('downloads a template whose header the import accepts', async () => {
    const { zzAdmin } = await twoCities();
    const c = await signIn(t, zzAdmin.username);
    const res = await c.get('/api/org/import/template');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(1).values).toEqual([
      undefined,
      '类型',
      '名称',
      '统一社会信用代码',
      '上级主管部门',
      '联系人',
      '联系电话',
    ]);
  });

  it('reports every bad row and imports nothing in all-or-nothing mode, then the good rows on request', async () => {
    const { zz, zzAdmin } = await twoCities();
    const dup = randomCreditCode();
    const rows = [
      ['主管部门', '郑州市导入测试局', '', '', '李四', '0371-1234567'],
      ['单位', '导入测试一站', randomCreditCode(), '郑州市导入测试局', '', ''],
      ['单位', '导入测试二站', dup, '郑州市导入测试局', '', ''],
      ['单位', '导入测试三站', dup, '郑州市导入测试局', '', ''],
      ['单位', '导入测试四站', '12410100MB0000000A', '郑州市导入测试局', '', ''],
      ['单位', '导入测试五站', randomCreditCode(), '不存在的局', '', ''],
      ['学校', '导入测试六站', randomCreditCode(), '郑州市导入测试局', '', ''],
      ['单位', '', randomCreditCode(), '郑州市导入测试局', '', ''],
    ];
    const file = await workbook(rows);
    const strict = await upload(zzAdmin.username, zz.id, 'all_or_nothing', file);
    expect(strict.statusCode).toBe(200);
    const report = strict.json<{
      total: number;
      imported: number;
      errors: Array<{ row: number; column: string; message: string }>;
    }>();
    expect(report.total).toBe(8);
    expect(report.imported).toBe(0);
    expect(report.errors.map((e) => [e.row, e.column])).toEqual([
      [5, '统一社会信用代码'],
      [6, '统一社会信用代码'],
      [7, '上级主管部门'],
      [8, '类型'],
      [9, '名称'],
    ]);
    expect(report.errors[0]!.message).toContain('第4行');

    const c = await signIn(t, zzAdmin.username);
    expect((await c.get(`/api/org/nodes?parentId=${zz.id}&q=导入测试局`)).json().total).toBe(0);

    const lenient = await upload(zzAdmin.username, zz.id, 'good_rows', file);
    const done = lenient.json<{ imported: number; skipped: number; errors: unknown[] }>();
    expect(done.imported).toBe(3);
    expect(done.skipped).toBe(5);
    expect(done.errors).toHaveLength(5);
    const dept = (await c.get(`/api/org/nodes?parentId=${zz.id}&q=导入测试局`)).json().items[0];
    expect(dept.childCount).toBe(2);
  });

  it('refuses an import into another jurisdiction', async () => {
    const { ly, zzAdmin } = await twoCities();
    const res = await upload(
      zzAdmin.username,
      ly.id,
      'good_rows',
      await workbook([['主管部门', '越权局', '', '', '', '']]),
    );
    expect(res.statusCode).toBe(404);
  });

  it('refuses a file that is not a workbook with a Chinese message', async () => {
    const { zz, zzAdmin } = await twoCities();
    const res = await upload(zzAdmin.username, zz.id, 'good_rows', Buffer.from('not a workbook'));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('IMPORT_FILE_INVALID');
  });
});

async function rootNode() {
  const { orgNodes } = await import('../../db/schema.js');
  const { eq } = await import('drizzle-orm');
  const [row] = await t.database.db.select().from(orgNodes).where(eq(orgNodes.id, t.provinceId));
  return row!;
}
