import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildTestApp, signIn, type TestApp } from '../../../../test/setup/harness.js';
import { BANK_SHEET_COLUMNS, BANK_SHEET_EXAMPLES, BANK_SHEET_NOTES } from '../../../domain/bank-sheet.js';
import { auditLog, bankItemVersions, orgNodes } from '../../db/schema.js';
import { inSystemTx } from '../../platform/tx.js';
import { MAX_BANK_SHEET_ROWS } from './banks.excel.js';
import {
  bankContents,
  buildManager,
  createBank,
  exportFile,
  importFile,
  type Manager,
  postImport,
  row,
  waitForJob,
  workbook,
} from './banks.test-support.js';

let t: TestApp;
let bank1: Manager;
let bank2: Manager;

beforeAll(async () => {
  t = await buildTestApp();
  bank1 = await buildManager(t);
  bank2 = await buildManager(t);
});
afterAll(async () => {
  await t.close();
});

async function auditRows(action: string, entityId: number) {
  return inSystemTx(t.database.db, (tx) =>
    tx
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, action), eq(auditLog.entityId, String(entityId)))),
  );
}

async function readBook(data: Buffer) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(data as unknown as ArrayBuffer);
  return book;
}

/** Each row's values from column A (ExcelJS counts from 1). */
const sheetValues = (sheet: ExcelJS.Worksheet): unknown[][] =>
  sheet.getSheetValues().map((values) => (Array.isArray(values) ? values.slice(1) : []));

const good = (n: number, cells: Parameters<typeof row>[0] = {}) =>
  row({
    题型: '单选题',
    题干: `安全生产的方针是（　　）。第${n}题`,
    选项A: '安全第一、预防为主、综合治理',
    选项B: '效益优先',
    选项C: '速度第一',
    答案: 'A',
    难度: 2,
    知识点: '安全生产',
    ...cells,
  });

describe('the template', () => {
  it('is the layout banks use, with notes and examples on 填写说明, and imports as nothing', async () => {
    const res = await bank1.client.get('/api/banks/template.xlsx');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('题库导入模板.xlsx'));
    const book = await readBook(res.rawPayload);
    expect(book.worksheets.map((s) => s.name)).toEqual(['试题', '填写说明']);
    const items = book.getWorksheet('试题')!;
    expect(sheetValues(items)[1]).toEqual([...BANK_SHEET_COLUMNS]);
    expect(items.rowCount).toBe(1);
    const help = sheetValues(book.getWorksheet('填写说明')!)
      .flat()
      .filter((v) => v !== undefined && v !== null)
      .map(String);
    for (const note of BANK_SHEET_NOTES) expect(help.some((line) => line.includes(note))).toBe(true);
    for (const example of BANK_SHEET_EXAMPLES) expect(help).toContain(example.题干);

    const bank = await createBank(bank1.client);
    const job = await importFile(t, bank1.client, bank.id, res.rawPayload, 'all_or_nothing');
    expect(job.result).toMatchObject({ total: 0, imported: 0, rejected: 0, errors: [] });
  });

  it('is refused to roles without bank.read (403)', async () => {
    const [province] = await t.database.db.select().from(orgNodes).where(eq(orgNodes.id, t.provinceId));
    const admin = await buildAccount(t, province!, 'province_admin');
    const client = await signIn(t, admin.username);
    expect((await client.get('/api/banks/template.xlsx')).statusCode).toBe(403);
  });
});

describe('import', () => {
  it('good_rows: writes the good rows as the importer’s drafts and names every bad row’s column and reason', async () => {
    const bank = await createBank(bank1.client);
    // Columns moved and an unknown one added (ignored); a blank line; full-width letters and words banks write.
    const header = [
      '序号',
      '知识点',
      '题型',
      '题干',
      '选项A',
      '选项B',
      '选项C',
      '选项D',
      '答案',
      '难度',
      '解析',
      '来源',
    ];
    const at = (cells: Record<string, string | number>) => header.map((h) => cells[h] ?? null);
    const file = await workbook(
      [
        at({
          序号: 1,
          知识点: '安全用电',
          题型: '单选',
          题干: '发现有人触电，首先应（　　）。',
          选项A: '拉开',
          选项B: '断电',
          答案: 'ｂ',
          难度: '易',
          解析: '先断电。',
          来源: '教材',
        }),
        at({ 序号: 2, 知识点: '安全用电', 题型: '填空题', 题干: '电压单位是____。', 答案: 'V', 难度: 1 }),
        at({
          序号: 3,
          知识点: '安全用电',
          题型: '单选题',
          题干: '选哪个？',
          选项A: '甲',
          选项B: '乙',
          答案: 'D',
          难度: 7,
        }),
        [],
        at({ 序号: 5, 知识点: '职业道德', 题型: '判断题', 题干: '爱岗敬业是职业道德的基本要求。', 答案: '√', 难度: 3 }),
        at({
          序号: 6,
          知识点: '',
          题型: '多选题',
          题干: '下列属于安全色的有（　　）。',
          选项A: '红',
          选项B: '黄',
          选项C: '紫',
          答案: 'A、B',
          难度: '较难',
        }),
      ],
      { header },
    );
    const res = await postImport(t, bank1.client, bank.id, file, { mode: 'good_rows' });
    expect(res.statusCode, res.body).toBe(202);
    const job = await waitForJob(bank1.client, res.json().jobId);
    expect(job.status, JSON.stringify(job)).toBe('done');
    expect(job.kind).toBe('bank.import');
    expect(job.processed).toBe(job.total);
    expect(job.result).toMatchObject({ mode: 'good_rows', total: 5, imported: 2, rejected: 3 });
    const errors = job.result!.errors;
    expect(errors).toEqual([
      {
        row: 3,
        column: '题型',
        code: 'SHEET_TYPE_UNKNOWN',
        message: '无法识别的题型“填空题”，应为单选题、多选题或判断题',
      },
      expect.objectContaining({ row: 4, column: '答案', code: 'ITEM_ANSWER_NOT_AN_OPTION' }),
      expect.objectContaining({ row: 4, column: '难度', code: 'ITEM_DIFFICULTY_INVALID' }),
      expect.objectContaining({
        row: 7,
        column: '知识点',
        code: 'ITEM_KNOWLEDGE_POINT_REQUIRED',
        message: '知识点不能为空',
      }),
    ]);
    for (const e of errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/);

    const stored = await bankContents(t, bank1.actor, bank.id);
    expect(stored.map((s) => s.content)).toEqual([
      {
        type: 'single',
        stem: '发现有人触电，首先应（　　）。',
        stemImage: null,
        options: [
          { text: '拉开', image: null },
          { text: '断电', image: null },
        ],
        answer: 'B',
        difficulty: 1,
        knowledgePoint: '安全用电',
        source: '教材',
        explanation: '先断电。',
      },
      {
        type: 'true_false',
        stem: '爱岗敬业是职业道德的基本要求。',
        stemImage: null,
        options: [],
        answer: 'T',
        difficulty: 3,
        knowledgePoint: '职业道德',
        source: '',
        explanation: '',
      },
    ]);
    for (const { row: version } of stored) {
      expect(version).toMatchObject({ status: 'draft', version: 1, authorId: bank1.id, approverId: null });
      expect(version.authorName).toBe('测试bank_manager');
      // Sealed at rest: the stem is not in the column's bytes.
      expect(version.content.includes(Buffer.from('触电'))).toBe(false);
    }
    const optionCounts = await inSystemTx(t.database.db, (tx) =>
      tx
        .select({ n: bankItemVersions.optionCount })
        .from(bankItemVersions)
        .where(eq(bankItemVersions.itemId, stored[0]!.row.itemId)),
    );
    expect(optionCounts).toEqual([{ n: 2 }]);

    // One audit row for the import: counts, bank and file name, nothing of the content.
    const audits = await auditRows('bank.import', bank.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]!.after).toEqual({
      bankId: bank.id,
      fileName: '题库.xlsx',
      mode: 'good_rows',
      total: 5,
      imported: 2,
      rejected: 3,
    });
    expect(audits[0]!.actorAccountId).toBe(bank1.id);
    expect(JSON.stringify(audits[0])).not.toContain('触电');
    expect(await auditRows('bank_item.create', stored[0]!.row.itemId)).toHaveLength(0);

    // The importer's own drafts are for another manager to approve.
    const own = await bank1.client.post(`/api/bank-items/${stored[0]!.row.itemId}/versions/1/approve`);
    expect(own.json().error.code).toBe('ITEM_APPROVE_OWN');
  });

  it('all_or_nothing: one bad row and nothing is written (the attempt is audited); the mode may be in the query', async () => {
    const bank = await createBank(bank1.client);
    const file = await workbook([good(1), good(2, { 答案: 'AB' }), good(3)]);
    const res = await postImport(t, bank1.client, bank.id, file, {}, '?mode=all_or_nothing');
    expect(res.statusCode, res.body).toBe(202);
    const job = await waitForJob(bank1.client, res.json().jobId);
    expect(job.result).toMatchObject({ mode: 'all_or_nothing', total: 3, imported: 0, rejected: 1 });
    expect(job.result!.errors).toEqual([
      { row: 3, column: '答案', code: 'ITEM_ANSWER_COUNT', message: '单选题只能有一个正确答案' },
    ]);
    expect(await bankContents(t, bank1.actor, bank.id)).toEqual([]);
    const audits = await auditRows('bank.import', bank.id);
    expect(audits.map((a) => a.after)).toEqual([
      expect.objectContaining({ mode: 'all_or_nothing', total: 3, imported: 0, rejected: 1 }),
    ]);
    // The same file in good_rows mode (a form field) writes the two good rows.
    const again = await importFile(t, bank1.client, bank.id, file, 'good_rows');
    expect(again.result).toMatchObject({ total: 3, imported: 2, rejected: 1 });
    expect(await bankContents(t, bank1.actor, bank.id)).toHaveLength(2);
  });

  it('refuses in the request what would fail anyway: no workbook, a header without required columns, too many rows, a bad mode, no bank', async () => {
    const bank = await createBank(bank1.client);
    const notXlsx = await postImport(t, bank1.client, bank.id, Buffer.from('题型,题干\n单选题,x\n'));
    expect(notXlsx.statusCode).toBe(400);
    expect(notXlsx.json().error.code).toBe('IMPORT_FILE_INVALID');

    const header = await postImport(
      t,
      bank1.client,
      bank.id,
      await workbook([good(1)], { header: ['题型', '题目', '选项A', '选项B', '答案', '难度'] }),
    );
    expect(header.statusCode).toBe(400);
    expect(header.json().error).toMatchObject({ code: 'IMPORT_FILE_INVALID' });
    expect(header.json().error.message).toContain('缺少“题干”列');
    expect(header.json().error.message).toContain('缺少“知识点”列');

    const rows = Array.from({ length: MAX_BANK_SHEET_ROWS + 1 }, (_, i) => good(i));
    const tooMany = await postImport(t, bank1.client, bank.id, await workbook(rows));
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json().error.code).toBe('IMPORT_TOO_MANY_ROWS');

    const mode = await postImport(t, bank1.client, bank.id, await workbook([good(1)]), { mode: 'some' });
    expect(mode.statusCode).toBe(400);
    expect(mode.json().error.message).toContain('mode');

    const noBank = await postImport(t, bank1.client, 999_999, await workbook([good(1)]));
    expect(noBank.statusCode).toBe(404);
    const noFile = await postImport(t, bank1.client, bank.id, null, { mode: 'good_rows' });
    expect(noFile.statusCode).toBe(400);
    expect(await auditRows('bank.import', bank.id)).toHaveLength(0);
  });

  it('imports 5,000 rows in one job with progress', async () => {
    const bank = await createBank(bank1.client);
    const types = ['单选题', '多选题', '判断题'];
    const rows = Array.from({ length: 5000 }, (_, i) =>
      types[i % 3] === '判断题'
        ? row({
            题型: '判断题',
            题干: `第${i}题：说法正确。`,
            答案: i % 2 ? '正确' : '错误',
            难度: (i % 5) + 1,
            知识点: `知识点${i % 40}`,
          })
        : row({
            题型: types[i % 3],
            题干: `第${i}题：下列说法正确的是（　　）。`,
            选项A: `甲${i}`,
            选项B: `乙${i}`,
            选项C: `丙${i}`,
            选项D: `丁${i}`,
            答案: types[i % 3] === '单选题' ? 'C' : 'ABD',
            难度: (i % 5) + 1,
            知识点: `知识点${i % 40}`,
            解析: `解析${i}`,
          }),
    );
    const started = performance.now();
    const job = await importFile(t, bank1.client, bank.id, await workbook(rows), 'all_or_nothing');
    const seconds = (performance.now() - started) / 1000;
    expect(job.result, JSON.stringify(job.result?.errors.slice(0, 3))).toMatchObject({
      total: 5000,
      imported: 5000,
      rejected: 0,
    });
    expect(job.total).toBe(10_000);
    expect(job.processed).toBe(10_000);
    const list = await bank1.client.get(`/api/banks/${bank.id}/items?pageSize=1&type=multiple`);
    expect(list.json().total).toBe(1667);
    expect(seconds).toBeLessThan(60);
  }, 120_000);
});

describe('export', () => {
  it('round trip: export → import into an empty bank → every item says the same, formula-like texts included', async () => {
    const source = await createBank(bank1.client);
    const items = [
      {
        type: 'single',
        stem: '=HYPERLINK("http://x","点此")',
        options: [{ text: '+1' }, { text: '-5℃以下' }, { text: '@所有人' }, { text: "'=已转义" }],
        answer: 'B',
        difficulty: 4,
        knowledgePoint: '1.10',
        source: '007',
        explanation: '第一行\n第二行',
      },
      {
        type: 'multiple',
        stem: '下列哪些是安全色？',
        options: ['红', '黄', '蓝', '绿', '紫', '100'].map((text) => ({ text })),
        answer: 'ABCD',
        difficulty: 1,
        knowledgePoint: '安全标志',
        source: '',
        explanation: '',
      },
      { type: 'true_false', stem: '判断：TRUE', options: [], answer: 'F', difficulty: 5, knowledgePoint: '判断' },
      { type: 'true_false', stem: "''+两个撇号", options: [], answer: 'T', difficulty: 3, knowledgePoint: '对' },
    ];
    for (const item of items) {
      const res = await bank1.client.post(`/api/banks/${source.id}/items`, {
        ...item,
        options: item.options.map((o) => ({ text: o.text, image: null })),
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const { job, file } = await exportFile(bank1.client, source.id);
    expect(job.result.count).toBe(4);
    expect(job.result.fileName).toBe(`${source.name}试题.xlsx`);
    // What Excel shows: the neutralised texts carry their apostrophe (no formula runs when edited or saved as CSV).
    const book = await readBook(file);
    const values = sheetValues(book.getWorksheet('试题')!);
    expect(values[1]).toEqual([...BANK_SHEET_COLUMNS]);
    expect(values[2]![1]).toBe(`'=HYPERLINK("http://x","点此")`);
    expect(values[2]![2]).toBe("'+1");

    const target = await createBank(bank2.client);
    const imported = await importFile(t, bank2.client, target.id, file, 'all_or_nothing');
    expect(imported.result, JSON.stringify(imported.result)).toMatchObject({ total: 4, imported: 4, rejected: 0 });
    const before = (await bankContents(t, bank1.actor, source.id)).map((s) => s.content);
    const after = (await bankContents(t, bank2.actor, target.id)).map((s) => s.content);
    expect(after).toEqual(before);
    expect(after[0]!.stem).toBe('=HYPERLINK("http://x","点此")');
    expect(after[0]!.options[3]!.text).toBe("'=已转义");
  });

  it('filters by status, is audited with its count, and its file is its owner’s alone', async () => {
    const bank = await createBank(bank1.client);
    await importFile(t, bank1.client, bank.id, await workbook([good(1), good(2), good(3)]), 'all_or_nothing');
    const [first] = await bankContents(t, bank1.actor, bank.id);
    const approve = await bank2.client.post(`/api/bank-items/${first!.row.itemId}/versions/1/approve`);
    expect(approve.statusCode).toBe(200);

    const { job } = await exportFile(bank2.client, bank.id, { status: 'approved' });
    expect(job.result.count).toBe(1);
    expect(job.result.fileName).toContain('（已审核）');
    const drafts = await exportFile(bank2.client, bank.id, { status: 'draft' });
    expect(drafts.job.result.count).toBe(2);
    // In the order of their status (the two rows may share a timestamp, so the query's order is not theirs).
    const audits = (await auditRows('bank.export', bank.id)).sort((a, b) =>
      String((a.after as { status: string }).status).localeCompare(String((b.after as { status: string }).status)),
    );
    expect(audits.map((a) => a.after)).toEqual([
      { bankId: bank.id, status: 'approved', count: 1 },
      { bankId: bank.id, status: 'draft', count: 2 },
    ]);
    expect(audits[0]!.actorAccountId).toBe(bank2.id);
    // Another manager cannot fetch the file (jobs are their owner's).
    expect((await bank1.client.get(`/api/jobs/${job.id}/file`)).statusCode).toBe(404);
    expect((await bank1.client.post('/api/banks/999999/export', {})).statusCode).toBe(404);
  });

  it('secrecy: the province admin (and every role but the bank manager) is refused export and import (403)', async () => {
    const bank = await createBank(bank1.client);
    const [province] = await t.database.db.select().from(orgNodes).where(eq(orgNodes.id, t.provinceId));
    const admin = await buildAccount(t, province!, 'province_admin');
    const client = await signIn(t, admin.username);
    const exported = await client.post(`/api/banks/${bank.id}/export`, {});
    expect(exported.statusCode).toBe(403);
    expect(exported.json().error.code).toBe('FORBIDDEN');
    const imported = await postImport(t, client, bank.id, await workbook([good(1)]), { mode: 'good_rows' });
    expect(imported.statusCode).toBe(403);
    expect(await auditRows('bank.export', bank.id)).toHaveLength(0);
  });
});
