import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildTestApp, type Client, signIn, type TestApp } from '../../../../test/setup/harness.js';
import { makeIdNumber } from '../../../domain/index.js';
import { applications, auditLog, backgroundJobs } from '../../db/schema.js';
import { verifyAuditChain } from '../../platform/audit.js';
import { inSystemTx } from '../../platform/tx.js';
import { buildApplicationsExport, type ExportableApplication } from './applications.export.js';
import {
  APPLICATION_COLUMNS,
  type ApplicationColumn,
  buildApplicationTemplate,
  type CatalogJobType,
  MAX_APPLICATION_ROWS,
  parseApplicationWorkbook,
} from './applications.import.js';
import {
  at,
  type CampaignFixture,
  form,
  idNumber,
  openCampaign2017,
  unitWithOfficer,
} from './applications.test-support.js';

// ─── Workbooks for the tests ──────────────────────────────────────────────────────────────────────────────

type Cell = string | number | Date | boolean | null;
type RowSpec = Partial<Record<ApplicationColumn, Cell>>;

async function workbook(rows: readonly RowSpec[], headers: readonly string[] = APPLICATION_COLUMNS): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('申请表');
  sheet.addRow([...headers]);
  for (const r of rows) sheet.addRow(headers.map((h) => r[h as ApplicationColumn] ?? null));
  return Buffer.from(await book.xlsx.writeBuffer());
}

const CATALOGUE: CatalogJobType[] = [
  { id: 11, code: '14-001', name: '汽车驾驶员', category: '交通运输类', grades: [5, 4, 3, 2, 1] },
  { id: 12, code: '06-001', name: '电工', category: '电力类', grades: [5, 4, 3] },
];
const TODAY = '2017-02-10';

/** A row that is valid as it stands: 四级 by work years (started 2005). */
function goodRow(overrides: RowSpec = {}): RowSpec {
  return {
    姓名: '张伟',
    身份证号: idNumber(),
    文化程度: '高中（含职高）',
    参加工作时间: '2005-07',
    转正定级时间: '2006-07',
    现岗位工种: '汽车驾驶员',
    现岗位等级: '无',
    申报工种: '汽车驾驶员',
    申报等级: '四级（中级工）',
    联系电话: '13800000000',
    ...overrides,
  };
}

/** n distinct valid ID numbers: one birth day each from 1970-01-01 on. */
function manyIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const birth = new Date(Date.UTC(1970, 0, 1) + i * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    return makeIdNumber(`410105${birth}011`);
  });
}

const parse = async (rows: readonly RowSpec[]) =>
  parseApplicationWorkbook(await workbook(rows), CATALOGUE, { today: TODAY });

describe('the import template', () => {
  it('has the form’s columns, the drop-downs, the catalogue on a hidden sheet and the instructions', async () => {
    const file = await buildApplicationTemplate(
      { year: 2017, name: '2017年全省机关事业单位工勤技能岗位等级考核' },
      CATALOGUE,
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => [s.name, s.state])).toEqual([
      ['申请表', 'visible'],
      ['填写说明', 'visible'],
      ['工种目录', 'hidden'],
    ]);
    const sheet = book.getWorksheet('申请表')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([...APPLICATION_COLUMNS]);
    const validation = (column: ApplicationColumn, row = 2) => {
      const letter = String.fromCharCode(64 + APPLICATION_COLUMNS.indexOf(column) + 1);
      return sheet.getCell(`${letter}${row}`).dataValidation;
    };
    expect(validation('文化程度')?.formulae?.[0]).toContain('中专/技校/职专');
    expect(validation('现岗位等级')?.formulae?.[0]).toBe(
      '"无,五级（初级工）,四级（中级工）,三级（高级工）,二级（技师）"',
    );
    expect(validation('申报等级', MAX_APPLICATION_ROWS + 1)?.formulae?.[0]).toContain('一级（高级技师）');
    expect(validation('申报工种')?.formulae?.[0]).toBe('申报工种列表');
    expect(validation('申请破格')?.formulae?.[0]).toBe('"是,否"');
    expect(book.definedNames.getRanges('申报工种列表').ranges).toEqual(["'工种目录'!$A$2:$A$3"]);
    expect(book.getWorksheet('工种目录')!.getCell('A3').value).toBe('电工');
    expect(sheet.getColumn(2).numFmt).toBe('@'); // 身份证号 as text
    const help = book.getWorksheet('填写说明')!;
    const helpText = help.getColumn(1).values.join('\n');
    expect(helpText).toContain('同一身份证号在同一考核年度只能报名一次');
    expect(helpText).toContain('2016、2015、2014、2013、2012');
  });

  it('refuses the example row left in, and takes it once it names a real person', async () => {
    const file = await buildApplicationTemplate({ year: 2017, name: '2017年' }, CATALOGUE);
    const untouched = await parseApplicationWorkbook(file, CATALOGUE, { today: TODAY });
    expect(untouched.rows).toEqual([]);
    expect(untouched.errors).toEqual([{ row: 2, column: '姓名', message: '这是模板中的示例行，请删除后再导入' }]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('申请表')!;
    sheet.getCell('A2').value = '张三';
    sheet.getCell('B2').value = idNumber();
    const result = await parseApplicationWorkbook(Buffer.from(await book.xlsx.writeBuffer()), CATALOGUE, {
      today: TODAY,
    });
    expect(result.errors).toEqual([]);
    expect(result.rows).toHaveLength(1);
    expect(result.rows[0]!.input).toMatchObject({ currentGrade: 5, currentGradeMonth: '2011-10', appliedGrade: 4 });
  });
});

describe('parsing a filled template', () => {
  it('turns a good row into the form’s input', async () => {
    const id = idNumber('19800315', 'female');
    const result = await parse([
      goodRow({
        姓名: ' 李娜 ',
        身份证号: `${id.slice(0, 6)} ${id.slice(6).toLowerCase()}`,
        现岗位等级: '五级',
        现等级取得时间: new Date(Date.UTC(2011, 9, 1)),
        现等级所属工种: '汽车驾驶员',
        现岗位工种年限: '11年',
        女性退休年龄基准: '55岁（干部）',
        公车改革变更工种: '是',
        申请破格: '否',
        证明材料说明: '交通局文件',
        近五年年度考核: '优秀、合格，基本称职 优秀/合格',
        备注: '无',
      }),
    ]);
    expect(result.errors).toEqual([]);
    expect(result.total).toBe(1);
    expect(result.rows).toEqual([
      {
        row: 2,
        input: {
          idNumber: id,
          name: '李娜',
          education: 'senior_high',
          workStartMonth: '2005-07',
          regularizedMonth: '2006-07',
          currentJobType: '汽车驾驶员',
          currentGrade: 5,
          currentGradeMonth: '2011-10',
          currentGradeJobType: '汽车驾驶员',
          yearsInCurrentJobType: 11,
          appliedJobTypeId: 11,
          appliedGrade: 4,
          retirementGroup: 'cadre',
          vehicleReformTransfer: true,
          exceptionalPromotion: false,
          evidenceNote: '交通局文件',
          appointedToGrade2Post: false,
          appraisals: ['excellent', 'competent', 'basically_competent', 'excellent', 'competent'],
          waiverAward: false,
          phone: '13800000000',
          remarks: '无',
        },
      },
    ]);
  });

  it('reads months in the ways people type them, and refuses the ambiguous ones', async () => {
    const cases: [Cell, string | null][] = [
      ['2005-07', '2005-07'],
      ['2005.7', '2005-07'],
      ['2005/07', '2005-07'],
      ['2005年7月', '2005-07'],
      ['２００５－０７', '2005-07'],
      ['2005-07-15', '2005-07'],
      [200507, '2005-07'],
      [2005.07, '2005-07'],
      [new Date(Date.UTC(2005, 6, 1)), '2005-07'],
      [38534, '2005-07'], // an Excel serial date typed as a number
      [2005.1, null], // Excel made 2005.10 into 2005.1: October or January?
      ['2005', null],
      ['2005-13', null],
      ['1899-01', null],
      ['上世纪', null],
    ];
    const result = await parse(cases.map(([month]) => goodRow({ 参加工作时间: month })));
    cases.forEach(([input, expected], i) => {
      const row = i + 2;
      const parsed = result.rows.find((r) => r.row === row);
      if (expected) expect(parsed?.input.workStartMonth, String(input)).toBe(expected);
      else {
        expect(parsed, String(input)).toBeUndefined();
        expect(result.errors.find((e) => e.row === row)?.column).toBe('参加工作时间');
      }
    });
  });

  it('names the row, the column and the reason of every error, and keeps bad rows out', async () => {
    const duplicate = idNumber();
    const result = await parse([
      goodRow({ 身份证号: duplicate }), // 2: good
      goodRow({ 身份证号: duplicate }), // 3: repeats row 2
      goodRow({ 身份证号: '410105800315123' }), // 4: first-generation card
      goodRow({ 身份证号: `${duplicate.slice(0, 17)}${duplicate.endsWith('0') ? '1' : '0'}` }), // 5: checksum
      goodRow({ 身份证号: Number('410105198003151234') }), // 6: Excel made it a number (and lost digits)
      goodRow({ 文化程度: '私塾', 申报等级: '特级' }), // 7: two errors
      goodRow({ 申报工种: '宇航员' }), // 8: not in the catalogue
      goodRow({ 申报工种: '电工', 申报等级: '二级（技师）' }), // 9: the job type has no 二级
      goodRow({ 现岗位等级: '四级', 现等级取得时间: null }), // 10: grade without its month
      goodRow({ 申请破格: '也许', 联系电话: 'call me' }), // 11
      goodRow({ 现岗位工种年限: '八十' }), // 12
      goodRow({ 姓名: null }), // 13
      {}, // an empty row is skipped, not counted
      goodRow({ 申报工种: '06-001', 申报等级: 3 }), // 15: by code and by digit
    ]);
    expect(result.total).toBe(13);
    expect(result.rows.map((r) => r.row)).toEqual([2, 15]);
    expect(result.rows[1]!.input).toMatchObject({ appliedJobTypeId: 12, appliedGrade: 3 });
    const at = (row: number) => result.errors.filter((e) => e.row === row).map((e) => `${e.column}：${e.message}`);
    expect(at(3)).toEqual(['身份证号：与第2行的身份证号重复']);
    expect(at(4)[0]).toContain('不受理15位第一代身份证号');
    expect(at(5)[0]).toContain('校验位');
    expect(at(6)[0]).toContain('身份证号被 Excel 存成了数字');
    expect(at(7)).toHaveLength(2);
    expect(at(7)[0]).toMatch(/^文化程度：文化程度“私塾”无法识别/);
    expect(at(7)[1]).toMatch(/^申报等级：申报等级“特级”无法识别/);
    expect(at(8)).toEqual(['申报工种：“宇航员”不在本年度工种目录中，请从下拉列表中选择']);
    expect(at(9)).toEqual([
      '申报等级：工种“电工”不设二级（技师），可申报：五级（初级工）、四级（中级工）、三级（高级工）',
    ]);
    expect(at(10)).toEqual(['现等级取得时间：已有等级的须填写现等级取得时间']);
    expect(at(11)).toEqual(['申请破格：申请破格须填“是”或“否”', '联系电话：联系电话只能包含数字、空格和 +-()']);
    expect(at(12)[0]).toMatch(/^现岗位工种年限：/);
    expect(at(13)).toEqual(['姓名：请填写姓名']);
    expect(result.errors.map((e) => e.row)).toEqual([...result.errors.map((e) => e.row)].sort((a, b) => a - b));
  });

  it('finds the columns by their header, and refuses a file without the required ones', async () => {
    const moved = [...APPLICATION_COLUMNS].reverse();
    const ok = await parseApplicationWorkbook(await workbook([goodRow()], moved), CATALOGUE, { today: TODAY });
    expect(ok.errors).toEqual([]);
    expect(ok.rows).toHaveLength(1);

    const without = APPLICATION_COLUMNS.filter((c) => c !== '身份证号' && c !== '申报等级');
    await expect(
      parseApplicationWorkbook(await workbook([goodRow()], without), CATALOGUE, { today: TODAY }),
    ).rejects.toMatchObject({ code: 'IMPORT_FILE_INVALID', message: expect.stringContaining('身份证号、申报等级') });
    await expect(parseApplicationWorkbook(Buffer.from('not a workbook'), CATALOGUE)).rejects.toMatchObject({
      code: 'IMPORT_FILE_INVALID',
    });
  });

  it('takes 5,000 rows and refuses 5,001', async () => {
    const rows = manyIds(MAX_APPLICATION_ROWS).map((id) => goodRow({ 身份证号: id }));
    const result = await parse(rows);
    expect(result.total).toBe(MAX_APPLICATION_ROWS);
    expect(result.errors).toEqual([]);
    await expect(parse([...rows, goodRow()])).rejects.toMatchObject({
      code: 'IMPORT_TOO_MANY_ROWS',
      message: expect.stringContaining(`一次最多导入 ${MAX_APPLICATION_ROWS} 行`),
    });
  });
});

describe('the export workbook', () => {
  it('lists applications in the form’s column order with labels', async () => {
    const item: ExportableApplication = {
      name: '李娜',
      idNumber: '4101**********2016',
      sex: 'female',
      birthDate: '1980-03-15',
      education: 'college',
      workStartMonth: '2005-07',
      workYears: 13,
      regularizedMonth: '2006-07',
      currentJobType: '汽车驾驶员',
      currentGrade: 5,
      currentGradeMonth: '2011-10',
      currentGradeJobType: null,
      yearsInCurrentJobType: 11,
      appliedJobType: '汽车驾驶员',
      appliedJobTypeCategory: '交通运输类',
      appliedGrade: 4,
      retirementGroup: 'worker',
      vehicleReformTransfer: false,
      exceptionalPromotion: true,
      evidenceNote: null,
      appointedToGrade2Post: false,
      appraisals: ['excellent', 'competent'],
      waiverAward: false,
      unitName: '郑州市第一人民医院',
      departmentName: '郑州市卫生局',
      jurisdictionName: '郑州市',
      verdict: 'needs_review',
      findings: [{ severity: 'review', message: '申请破格，须人工审核' }],
      statutoryRetirementDate: '2030-03-15',
      status: 'submitted',
      source: 'import',
      phone: '13800000000',
      remarks: null,
      submittedAt: '2017-02-10T01:00:00.000Z',
    };
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await buildApplicationsExport([item])) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 15)).toEqual([
      '序号',
      '姓名',
      '性别',
      '出生年月',
      '文化程度',
      '参加工作时间',
      '工作年限',
      '身份证号',
      '现岗位工种',
      '现岗位等级',
      '现等级取得时间',
      '现岗位工种年限',
      '申报工种',
      '申报考核等级',
      '工种类别',
    ]);
    const row = Object.fromEntries(header.map((h, i) => [String(h), sheet.getRow(2).getCell(i + 1).value]));
    expect(row).toMatchObject({
      序号: 1,
      姓名: '李娜',
      性别: '女',
      出生年月: '1980-03',
      文化程度: '大专',
      身份证号: '4101**********2016',
      现岗位等级: '五级（初级工）',
      申报考核等级: '四级（中级工）',
      女性退休年龄基准: '50岁（工人）',
      申请破格: '是',
      近五年年度考核: '优秀、合格',
      资格审核结论: '需人工核实',
      审核提示: '【须审核】申请破格，须人工审核',
      状态: '待单位审核',
      来源: '批量导入',
      提交时间: '2017-02-10 09:00',
    });
  });
});

// ─── Through the API, on a real database ─────────────────────────────────────────────────────────────────

let t: TestApp;
let c: CampaignFixture;
beforeAll(async () => {
  t = await buildTestApp();
  c = await openCampaign2017(t);
});
afterAll(async () => {
  await t?.close();
});

function postImport(client: Client, fields: Record<string, string | number | boolean>, file?: Buffer) {
  const boundary = '----gongkaoImport';
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="申请表.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
      ),
      file,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return t.app.inject({
    method: 'POST',
    url: '/api/applications/import',
    payload: Buffer.concat(chunks),
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      cookie: client.cookie,
      'x-csrf-token': client.csrf,
    },
  });
}

interface JobBody {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  result: { total: number; imported: number; errors: { row: number; column: string; message: string }[] } | null;
  message: string | null;
}

async function waitForJob(client: Client, jobId: string): Promise<JobBody> {
  for (let i = 0; i < 600; i++) {
    const res = await client.get(`/api/jobs/${jobId}`);
    expect(res.statusCode, res.body).toBe(200);
    const job = res.json<JobBody>();
    if (job.status !== 'running' && job.status !== 'queued') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${jobId} still running`);
}

/** Starts a job that produces a file, waits for it, and downloads the file (asserting each step). */
async function jobFile(client: Client, url: string, body: Record<string, unknown>) {
  const started = await client.post(url, body);
  expect(started.statusCode, started.body).toBe(202);
  const job = await waitForJob(client, started.json<{ jobId: string }>().jobId);
  expect(job, JSON.stringify(job)).toMatchObject({ status: 'done', processed: job.total });
  const file = await client.get(`/api/jobs/${job.id}/file`);
  expect(file.statusCode, file.body).toBe(200);
  return file;
}

async function runImport(client: Client, fields: Record<string, string | number | boolean>, file: Buffer) {
  const res = await postImport(client, fields, file);
  expect(res.statusCode, res.body).toBe(202);
  return waitForJob(client, res.json<{ jobId: string }>().jobId);
}

const rowsOf = (unitId: number) =>
  inSystemTx(t.database.db, (tx) => tx.select().from(applications).where(eq(applications.unitId, unitId)));
const jobRows = (accountId: number) =>
  inSystemTx(t.database.db, (tx) => tx.select().from(backgroundJobs).where(eq(backgroundJobs.accountId, accountId)));

const pageCount = (pdf: Buffer) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gk-print-'));
  try {
    writeFileSync(path.join(dir, 'a.pdf'), pdf);
    return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path.join(dir, 'a.pdf')], { encoding: 'utf8' }))?.[1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

describe('POST /api/applications/import (a background job)', () => {
  it('imports the good rows, reports the bad ones and people registered elsewhere (not naming the unit)', async () => {
    const { unit, officer } = await unitWithOfficer(t, '郑州市');
    const client = await signIn(t, officer.username);
    // Someone registered by a unit of another city.
    const other = await unitWithOfficer(t, '洛阳市', '洛阳市第二人民医院');
    const otherClient = await signIn(t, other.officer.username);
    const taken = idNumber();
    const existing = await otherClient.post('/api/applications', {
      campaignId: c.campaignId,
      unitId: other.unit.id,
      ...form(c, { idNumber: taken }),
    });
    expect(existing.statusCode, existing.body).toBe(201);

    const file = await workbook([
      goodRow({ 姓名: '甲' }),
      goodRow({ 姓名: '乙', 申报等级: '五级（初级工）', 参加工作时间: '2012-07', 转正定级时间: '2013-07' }),
      goodRow({ 姓名: '丙', 申报工种: '宇航员' }),
      goodRow({ 姓名: '丁', 身份证号: taken }),
      // Ineligible (三级 needs 18 years or 四级 held five years): imported, with its findings stored.
      goodRow({ 姓名: '戊', 申报等级: '三级（高级工）' }),
    ]);
    const job = await runImport(client, { campaignId: c.campaignId, unitId: unit.id, mode: 'good_rows' }, file);
    // Progress counts steps (each row is checked, then written): two per row; the result counts rows.
    expect(job).toMatchObject({ status: 'done', total: 10, processed: 10, message: null });
    expect(job.result).toEqual({
      total: 5,
      imported: 3,
      errors: [
        { row: 4, column: '申报工种', message: '“宇航员”不在本年度工种目录中，请从下拉列表中选择' },
        {
          row: 5,
          column: '身份证号',
          message:
            '该申报人本考核年度已在其他地区报名，同一考核年度只能报名一次；如确属本单位人员，请与本地工考办联系核实',
        },
      ],
    });

    const rows = await rowsOf(unit.id);
    expect(rows.map((r) => [r.name, r.source, r.status, r.verdict]).sort()).toEqual([
      ['乙', 'import', 'draft', 'eligible'],
      ['戊', 'import', 'draft', 'ineligible'],
      ['甲', 'import', 'draft', 'eligible'],
    ]);
    const audits = await inSystemTx(t.database.db, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'application.import'), eq(auditLog.orgNodeId, unit.id))),
    );
    expect(audits).toHaveLength(3);
    expect(audits.map((a) => a.entityType)).toEqual(['application', 'application', 'application']);
    // The batch-written audit rows chain with the ones written one by one before and after them.
    const after = await otherClient.post('/api/applications', {
      campaignId: c.campaignId,
      unitId: other.unit.id,
      ...form(c),
    });
    expect(after.statusCode, after.body).toBe(201);
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true, firstBrokenId: null });
    expect(audits.find((a) => a.summary.includes('「甲」'))?.summary).toMatch(
      /导入「甲」的申请（.+，四级（中级工），Excel 第2行）/,
    );

    // The same file again: everyone is now registered, by this unit.
    const again = await runImport(client, { campaignId: c.campaignId, unitId: unit.id, mode: 'good_rows' }, file);
    expect(again.result?.imported).toBe(0);
    expect(again.result?.errors.filter((e) => e.message.includes(unit.name))).toHaveLength(3);
  });

  it('writes nothing in all_or_nothing mode when a row is bad, and submits when asked', async () => {
    const { unit, officer } = await unitWithOfficer(t, '郑州市');
    const client = await signIn(t, officer.username);
    const bad = await workbook([goodRow(), goodRow({ 文化程度: '私塾' })]);
    const refused = await runImport(client, { campaignId: c.campaignId, unitId: unit.id }, bad);
    expect(refused.status).toBe('done');
    expect(refused.result).toMatchObject({ total: 2, imported: 0, errors: [{ row: 3, column: '文化程度' }] });
    expect(await rowsOf(unit.id)).toEqual([]);

    const good = await workbook([goodRow(), goodRow()]);
    const done = await runImport(
      client,
      { campaignId: c.campaignId, unitId: unit.id, mode: 'all_or_nothing', submit: true },
      good,
    );
    expect(done.result).toEqual({ total: 2, imported: 2, errors: [] });
    const rows = await rowsOf(unit.id);
    expect(rows.map((r) => r.status)).toEqual(['submitted', 'submitted']);
    expect(rows.every((r) => r.submittedAt !== null)).toBe(true);
  });

  it('refuses at once what cannot be imported: another unit, a closed window, bad fields', async () => {
    const { unit, officer } = await unitWithOfficer(t, '郑州市');
    const mine = await signIn(t, officer.username);
    const stranger = await unitWithOfficer(t, '郑州市');
    const file = await workbook([goodRow()]);

    const foreign = await postImport(mine, { campaignId: c.campaignId, unitId: stranger.unit.id }, file);
    expect(foreign.statusCode).toBe(404);

    expect((await postImport(mine, { campaignId: c.campaignId, unitId: unit.id, mode: 'some' }, file)).statusCode).toBe(
      400,
    );
    expect((await postImport(mine, { campaignId: c.campaignId, unitId: unit.id })).json().error.message).toContain(
      '请选择要导入的 Excel 文件',
    );

    // A department reviewer may read applications but not import them.
    const reviewer = await buildAccount(t, stranger.department, 'department_reviewer');
    const reviewerClient = await signIn(t, reviewer.username);
    expect((await postImport(reviewerClient, { campaignId: c.campaignId, unitId: unit.id }, file)).statusCode).toBe(
      403,
    );

    // Last: a sign-in a month later purges the sessions idle by then, this test's earlier one included.
    const closed = await at(t, '2017-03-05T10:00:00+08:00', async () =>
      postImport(await signIn(t, officer.username), { campaignId: c.campaignId, unitId: unit.id }, file),
    );
    expect(closed.statusCode, closed.body).toBe(409);
    expect(closed.json().error.code).toBe('WINDOW_CLOSED');
  });

  it('refuses in the request, before any job, a file that is no template and one with too many rows', async () => {
    const { unit, officer } = await unitWithOfficer(t, '郑州市');
    const client = await signIn(t, officer.username);
    const fields = { campaignId: c.campaignId, unitId: unit.id };
    const unreadable = await postImport(client, fields, Buffer.from('这不是 Excel'));
    expect(unreadable.statusCode, unreadable.body).toBe(400);
    expect(unreadable.json().error).toMatchObject({
      code: 'IMPORT_FILE_INVALID',
      message: '无法读取文件，请上传由模板填写的 .xlsx 文件',
    });
    const headerless = await postImport(client, fields, await workbook([goodRow()], ['姓名', '性别']));
    expect(headerless.statusCode, headerless.body).toBe(400);
    expect(headerless.json().error.message).toContain('第1行缺少必填列');
    const rows = manyIds(MAX_APPLICATION_ROWS + 1).map((id) => goodRow({ 身份证号: id }));
    const tooMany = await postImport(client, fields, await workbook(rows));
    expect(tooMany.statusCode, tooMany.body).toBe(413);
    expect(tooMany.json().error).toMatchObject({
      code: 'IMPORT_TOO_MANY_ROWS',
      message: expect.stringContaining(`一次最多导入 ${MAX_APPLICATION_ROWS} 行`),
    });
    // No job was started for any of them, and nothing was written.
    expect(await jobRows(officer.id)).toEqual([]);
    expect(await rowsOf(unit.id)).toEqual([]);
  });

  it('jobs are their owner’s only', async () => {
    const { unit, officer } = await unitWithOfficer(t, '郑州市');
    const client = await signIn(t, officer.username);
    const job = await runImport(client, { campaignId: c.campaignId, unitId: unit.id }, await workbook([goodRow()]));
    expect(job.status).toBe('done');
    const other = await unitWithOfficer(t, '郑州市');
    const otherClient = await signIn(t, other.officer.username);
    expect((await otherClient.get(`/api/jobs/${job.id}`)).statusCode).toBe(404);
    expect((await client.get('/api/jobs/not-a-uuid')).statusCode).toBe(400);
  });

  it('reports a job whose process died (running, silent for over 2 minutes) as failed', async () => {
    const { unit, officer } = await unitWithOfficer(t, '郑州市');
    const client = await signIn(t, officer.username);
    const job = await runImport(client, { campaignId: c.campaignId, unitId: unit.id }, await workbook([goodRow()]));
    await inSystemTx(t.database.db, (tx) =>
      tx
        .update(backgroundJobs)
        .set({ status: 'running', result: null, updatedAt: new Date(Date.now() - 3 * 60_000) })
        .where(eq(backgroundJobs.id, job.id)),
    );
    const stale = (await client.get(`/api/jobs/${job.id}`)).json<JobBody>();
    expect(stale).toMatchObject({ status: 'failed', message: expect.stringContaining('任务已中断') });

    await inSystemTx(t.database.db, (tx) =>
      tx
        .update(backgroundJobs)
        .set({ updatedAt: new Date(Date.now() - 60_000) })
        .where(eq(backgroundJobs.id, job.id)),
    );
    expect((await client.get(`/api/jobs/${job.id}`)).json<JobBody>().status).toBe('running');
  });
});

describe('template, export and printing through the API', () => {
  it('serves the template with the campaign’s catalogue', async () => {
    const { officer } = await unitWithOfficer(t, '郑州市');
    const client = await signIn(t, officer.username);
    const res = await client.get(`/api/applications/import/template?campaignId=${c.campaignId}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const names = (book.getWorksheet('工种目录')!.getColumn(1).values as unknown[]).slice(2);
    expect(names.sort()).toEqual(['汽车驾驶员', '电工'].sort());
  });

  it('exports a name typed as a formula as neutralised text (=HYPERLINK, +SUM, -1+1, @cmd)', async () => {
    const { unit, officer } = await unitWithOfficer(t, '郑州市');
    const client = await signIn(t, officer.username);
    const names = ['=HYPERLINK("http://x","y")', '+SUM(1,1)', '-1+1', '@cmd'];
    const job = await runImport(
      client,
      { campaignId: c.campaignId, unitId: unit.id, mode: 'good_rows' },
      await workbook(names.map((姓名) => goodRow({ 姓名, 身份证号: idNumber() }))),
    );
    expect(job.result?.imported, JSON.stringify(job.result)).toBe(names.length);
    const file = await jobFile(client, '/api/applications/export-jobs', { campaignId: c.campaignId, unitId: unit.id });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const cells = names.map((_, i) => sheet.getRow(i + 2).getCell(2));
    for (const cell of cells) {
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
    }
    expect(cells.map((cell) => cell.value).sort()).toEqual(names.map((n) => `'${n}`).sort());
  });

  it('exports the list with full ID numbers for the unit and masked ones above it, and prints the forms', async () => {
    const { unit, officer, department } = await unitWithOfficer(t, '郑州市', '郑州市第九中学');
    const client = await signIn(t, officer.username);
    const ids = [idNumber(), idNumber()];
    const job = await runImport(
      client,
      { campaignId: c.campaignId, unitId: unit.id, mode: 'good_rows' },
      await workbook([goodRow({ 姓名: '赵一', 身份证号: ids[0]! }), goodRow({ 姓名: '钱二', 身份证号: ids[1]! })]),
    );
    expect(job.result?.imported).toBe(2);

    const readExport = async (who: Client) => {
      const file = await jobFile(who, '/api/applications/export-jobs', {
        campaignId: c.campaignId,
        unitId: unit.id,
        sort: 'name',
        order: 'asc',
      });
      expect(file.headers['content-type']).toContain('spreadsheetml');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      return [2, 3].map((r) => [sheet.getRow(r).getCell(2).value, sheet.getRow(r).getCell(8).value]);
    };
    const byName = (rows: unknown[][]) => [...rows].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(byName(await readExport(client))).toEqual(
      byName([
        ['赵一', ids[0]],
        ['钱二', ids[1]],
      ]),
    );
    const reviewer = await buildAccount(t, department, 'department_reviewer');
    const masked = await readExport(await signIn(t, reviewer.username));
    expect(masked.map((r) => r[1])).toEqual(expect.arrayContaining([expect.stringMatching(/^4101\*{10}\d{3}[\dX]$/)]));

    const [first] = await rowsOf(unit.id);
    const one = await client.get(`/api/applications/${first!.id}/print.pdf`);
    expect(one.statusCode, one.body).toBe(200);
    expect(one.headers['content-type']).toBe('application/pdf');
    expect(pageCount(one.rawPayload)).toBe(3);

    const batch = await jobFile(client, '/api/applications/print-jobs', { campaignId: c.campaignId, unitId: unit.id });
    expect(batch.headers['content-type']).toBe('application/pdf');
    expect(pageCount(batch.rawPayload)).toBe(6);

    const stranger = await signIn(t, (await unitWithOfficer(t, '郑州市')).officer.username);
    expect((await stranger.get(`/api/applications/${first!.id}/print.pdf`)).statusCode).toBe(404);
    // Another unit's officer is refused at once, before any job starts.
    for (const url of ['/api/applications/print-jobs', '/api/applications/export-jobs']) {
      const foreign = await stranger.post(url, { campaignId: c.campaignId, unitId: unit.id });
      expect(foreign.statusCode, foreign.body).toBe(404);
      expect(foreign.json().error.message).toContain('不在您的管辖范围内');
    }
  });
});
