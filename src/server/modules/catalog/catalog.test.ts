import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildNode,
  buildTestApp,
  expectPermissionDenied,
  findJurisdiction,
  signIn,
  type TestApp,
} from '../../../../test/setup/harness.js';
import { SAMPLE_CATALOGUE } from '../../db/sample-catalogue.js';
import { auditLog, catalogVersions, orgNodes } from '../../db/schema.js';
import { ensureSampleCatalogue } from '../../db/seed-campaign.js';
import type { Actor } from '../../platform/context.js';
import { inScopedTx, inSystemTx } from '../../platform/tx.js';
import { CATALOG_COLUMNS, parseGrades } from './catalog.import.js';

let t: TestApp;
let province: { username: string };
beforeAll(async () => {
  t = await buildTestApp();
  province = await buildAccount(t, await provinceNode(), 'province_admin');
});
afterAll(async () => {
  await t.close();
});

async function provinceNode() {
  const [row] = await t.database.db.select().from(orgNodes).where(eq(orgNodes.id, t.provinceId));
  return row!;
}

async function workbook(rows: unknown[][], header: readonly string[] = CATALOG_COLUMNS): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('工种目录');
  sheet.addRow([...header]);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(username: string, fields: Record<string, string>, file: Buffer | null) {
  const c = await signIn(t, username);
  const boundary = '----gongkao';
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  const chunks: Buffer[] = [Buffer.from(parts.join(''))];
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
      ),
      file,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return c.request('POST', '/api/catalog/import', Buffer.concat(chunks), {
    'content-type': `multipart/form-data; boundary=${boundary}`,
  });
}

let docCounter = 0;
const docName = () => `豫人社工考〔2014〕${++docCounter}号`;

const GOOD_ROWS = [
  ['JT01', '汽车驾驶员', '交通运输类', '五级,四级,三级,二级,一级', '否'],
  ['JT02', '汽车维修工', '交通运输类', '5,4,3,2', ''],
  ['JD01', '计量检定工', '技术监督类', '五级至一级', ''],
  ['CH01', '工程测量员', '测绘类', '初级工、中级工、高级工', '否'],
  ['ws01', '护理员', '卫生类', '五级（初级工），四级（中级工）', '是'],
];

describe('catalogue template and import', () => {
  it('downloads a template with the contract’s columns that the import accepts', async () => {
    const c = await signIn(t, province.username);
    const res = await c.get('/api/catalog/template');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(1).values).toEqual([undefined, ...CATALOG_COLUMNS]);
    expect(wb.worksheets[1]!.name).toBe('填写说明');
  });

  it('imports a valid file as one version, with one audit row', async () => {
    const name = docName();
    const catalogAudits = async () => {
      const [row] = await t.database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(auditLog)
        .where(eq(auditLog.entityType, 'catalog_version'));
      return row!.n;
    };
    const before = await catalogAudits();
    const res = await upload(
      province.username,
      { name, title: '关于修订河南省机关事业单位工勤技能岗位工种设置目录的通知' },
      await workbook(GOOD_ROWS),
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      total: 5,
      imported: 5,
      errors: [],
      version: { name, isSample: false, jobTypeCount: 5 },
    });
    expect((await catalogAudits()) - before).toBe(1);
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'catalog_version'), eq(auditLog.entityId, String(body.version.id))));
    expect(audit!.summary).toContain('共 5 个工种');

    const c = await signIn(t, province.username);
    const list = await c.get(`/api/catalog/versions/${body.version.id}/job-types`);
    expect(list.statusCode).toBe(200);
    const { items, total, categories } = list.json();
    expect(total).toBe(5);
    expect(categories).toEqual(['交通运输类', '卫生类', '测绘类', '技术监督类'].sort());
    const byCode = Object.fromEntries(items.map((i: { code: string }) => [i.code, i]));
    expect(byCode.JT01).toMatchObject({ name: '汽车驾驶员', grades: [5, 4, 3, 2, 1], localExam: false });
    expect(byCode.JT02).toMatchObject({ grades: [5, 4, 3, 2], localExam: false });
    // 技术监督类 and 测绘类 default to a local exam; an explicit 否 wins.
    expect(byCode.JD01).toMatchObject({ grades: [5, 4, 3, 2, 1], localExam: true });
    expect(byCode.CH01).toMatchObject({ grades: [5, 4, 3], localExam: false });
    expect(byCode.WS01).toMatchObject({ name: '护理员', grades: [5, 4], localExam: true });

    const filtered = await c.get(`/api/catalog/versions/${body.version.id}/job-types?grade=1&category=交通运输类`);
    expect(filtered.json().items.map((i: { code: string }) => i.code)).toEqual(['JT01']);
    const searched = await c.get(`/api/catalog/versions/${body.version.id}/job-types?q=${encodeURIComponent('维修')}`);
    expect(searched.json().total).toBe(1);
    const paged = await c.get(`/api/catalog/versions/${body.version.id}/job-types?page=2&pageSize=2`);
    expect(paged.json()).toMatchObject({ total: 5 });
    expect(paged.json().items).toHaveLength(2);
  });

  it('reports every bad row with its row, column and reason, and creates nothing', async () => {
    const name = docName();
    const res = await upload(
      province.username,
      { name, title: '有错误的目录' },
      await workbook([
        ['A1', '电工', '电力类', '五级,四级', ''],
        ['', '钳工', '机械类', '五级', ''],
        ['A1', '车工', '机械类', '五级', ''],
        ['A3', '电工', '电力类', '五级', ''],
        ['A4', '焊工', '', '六级', '也许'],
        ['A 5', '农艺工', '农林牧渔类', '', ''],
      ]),
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.version).toBeUndefined();
    expect(body).toMatchObject({ total: 6, imported: 0 });
    expect(body.errors).toEqual([
      { row: 3, column: '工种代码', message: '工种代码不能为空' },
      { row: 4, column: '工种代码', message: '与第2行的工种代码“A1”重复' },
      { row: 5, column: '工种名称', message: '与第2行的工种名称“电工”重复' },
      { row: 6, column: '工种类别', message: '工种类别不能为空' },
      { row: 6, column: '可申报等级', message: expect.stringContaining('无法识别等级“六级”') },
      { row: 6, column: '本地考试', message: '本地考试须填“是”或“否”' },
      { row: 7, column: '工种代码', message: expect.stringContaining('工种代码只能由') },
      { row: 7, column: '可申报等级', message: expect.stringContaining('不能为空') },
    ]);
    const rows = await t.database.db.select().from(catalogVersions).where(eq(catalogVersions.name, name));
    expect(rows).toEqual([]);
  });

  it('refuses a name already used, and malformed uploads, without a 500', async () => {
    const name = docName();
    expect((await upload(province.username, { name, title: '目录' }, await workbook(GOOD_ROWS))).statusCode).toBe(200);
    const again = await upload(province.username, { name, title: '目录' }, await workbook(GOOD_ROWS));
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'CATALOG_NAME_TAKEN' });
    expect(again.json().error.message).toContain(name);

    const cases: Array<[Record<string, string>, Buffer | null, number, string, RegExp]> = [
      [{ title: '目录' }, await workbook(GOOD_ROWS), 400, 'VALIDATION_FAILED', /name/],
      [{ name: docName() }, await workbook(GOOD_ROWS), 400, 'VALIDATION_FAILED', /title/],
      [{ name: docName(), title: '目录' }, null, 400, 'VALIDATION_FAILED', /file/],
      [{ name: docName(), title: '目录' }, Buffer.from('not an xlsx'), 400, 'IMPORT_FILE_INVALID', /xlsx/],
      [
        { name: docName(), title: '目录' },
        await workbook(GOOD_ROWS, ['代码', '名称', '类别', '等级', '本地']),
        400,
        'IMPORT_FILE_INVALID',
        /表头/,
      ],
      [{ name: docName(), title: '目录' }, await workbook([]), 400, 'CATALOG_IMPORT_INVALID', /没有工种数据/],
    ];
    for (const [fields, file, status, code, message] of cases) {
      const res = await upload(province.username, fields, file);
      expect(res.statusCode, JSON.stringify(fields)).toBe(status);
      expect(res.json().error.code).toBe(code);
      expect(res.json().error.message).toMatch(message);
    }
    const c = await signIn(t, province.username);
    const json = await c.post('/api/catalog/import', { name: 'x' });
    expect(json.statusCode).toBe(415);
    expect(json.json().error).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: expect.stringContaining('multipart'),
    });
  });

  it('parses the ways grades are written', () => {
    expect(parseGrades('五级,四级,三级,二级')).toEqual({ ok: true, grades: [5, 4, 3, 2] });
    expect(parseGrades('5，4、3')).toEqual({ ok: true, grades: [5, 4, 3] });
    expect(parseGrades('初级工 中级工 高级工 技师 高级技师')).toEqual({ ok: true, grades: [5, 4, 3, 2, 1] });
    expect(parseGrades('5-2')).toEqual({ ok: true, grades: [5, 4, 3, 2] });
    expect(parseGrades('二级至五级')).toEqual({ ok: true, grades: [5, 4, 3, 2] });
    expect(parseGrades('五级,五级')).toEqual({ ok: true, grades: [5] });
    expect(parseGrades('七级').ok).toBe(false);
    expect(parseGrades('').ok).toBe(false);
  });
});

describe('who may do what', () => {
  it('lets every official read the catalogue and only the province import it', async () => {
    const ly = await findJurisdiction(t, '洛阳市');
    const dept = await buildNode(t, ly, 'department');
    const unit = await buildNode(t, dept, 'unit');
    const lyAdmin = await buildAccount(t, ly, 'jurisdiction_admin');
    const officer = await buildAccount(t, unit, 'unit_officer');
    const version = await inSystemTx(t.database.db, (tx) => ensureSampleCatalogue(tx, t.clock.now()));

    for (const username of [lyAdmin.username, officer.username]) {
      const c = await signIn(t, username);
      const versions = await c.get('/api/catalog/versions');
      expect(versions.statusCode).toBe(200);
      expect(versions.json().items.map((v: { name: string }) => v.name)).toContain(SAMPLE_CATALOGUE.name);
      const types = await c.get(`/api/catalog/versions/${version.id}/job-types?pageSize=500`);
      expect(types.json().total).toBe(SAMPLE_CATALOGUE.jobTypes.length);
      expect((await c.get('/api/catalog/template')).statusCode).toBe(403);
    }
    const refused = await upload(lyAdmin.username, { name: docName(), title: '越权' }, await workbook(GOOD_ROWS));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');
  });

  it('refuses a catalogue written directly from a jurisdiction’s scope (row-level security)', async () => {
    const ly = await findJurisdiction(t, '洛阳市');
    const lyAdmin = await buildAccount(t, ly, 'jurisdiction_admin');
    const actor: Actor = {
      accountId: lyAdmin.id,
      username: lyAdmin.username,
      displayName: '',
      role: 'jurisdiction_admin',
      orgNodeId: ly.id,
      orgPath: ly.path,
      orgNodeName: ly.name,
    };
    await expectPermissionDenied(
      inScopedTx(t.database.db, actor, (tx) =>
        tx.insert(catalogVersions).values({ name: docName(), title: '越权', createdAt: new Date() }),
      ),
    );
  });

  it('answers 400 and 404 for bad listings', async () => {
    const c = await signIn(t, province.username);
    expect((await c.get('/api/catalog/versions/999999/job-types')).statusCode).toBe(404);
    for (const url of [
      '/api/catalog/versions/abc/job-types',
      '/api/catalog/versions/1/job-types?pageSize=501',
      '/api/catalog/versions/1/job-types?grade=6',
      '/api/catalog/versions/1/job-types?page=0',
    ]) {
      const res = await c.get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('sample catalogue', () => {
  it('holds the names of rules.md §10, marked as a sample, created once', async () => {
    const a = await inSystemTx(t.database.db, (tx) => ensureSampleCatalogue(tx, t.clock.now()));
    const b = await inSystemTx(t.database.db, (tx) => ensureSampleCatalogue(tx, t.clock.now()));
    expect(b.id).toBe(a.id);
    expect(a).toMatchObject({
      name: '示例目录（据公开资料整理，非正式目录）',
      title: '工勤技能岗位工种设置目录（示例）',
      isSample: true,
      jobTypeCount: 27,
    });
    const names = SAMPLE_CATALOGUE.jobTypes.map((j) => j.name);
    for (const name of ['汽车驾驶员', '环境噪声监测工', '计量检定工', '实验工', '工程测量员'])
      expect(names).toContain(name);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(SAMPLE_CATALOGUE.jobTypes.map((j) => j.code)).size).toBe(names.length);
    const local = SAMPLE_CATALOGUE.jobTypes.filter((j) => j.localExam).map((j) => j.category);
    expect(new Set(local)).toEqual(new Set(['技术监督类', '测绘类']));
  });
});
