import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildTestApp,
  type Client,
  expectPermissionDenied,
  signIn,
  type TestApp,
} from '../../../../test/setup/harness.js';
import { type AnalysisItem, ItemAnalysis } from '../../../domain/item-analysis.js';
import { resultRows } from '../../db/client.js';
import { auditLog, bankItemVersions, orgNodes } from '../../db/schema.js';
import { inSystemTx } from '../../platform/tx.js';
import { buildManager, type Manager } from '../banks/banks.test-support.js';
import {
  type ExamBank,
  type ExamFixture,
  insertExamBanks,
  PAPER_KEYS,
  seatedExam,
} from '../delivery/delivery.test-support.js';

let t: TestApp;
let bank: ExamBank;
let manager: Manager;
let province: Client;
let provinceName: string;

// The fixture's papers (delivery.test-support): six items, options shown in these orders, these points.
const ORDERS = ['ABCD', 'DCBA', 'ABCDE', 'BADC', '', ''];
const POINTS = [1, 1, 2, 2, 1, 1.5];
// Keys shown: B D AC AC T F. Five candidates' 职业道德 answers in the letters shown ('' = not answered).
const ANSWERS = [
  ['B', 'D', 'AC', 'AC', 'T', 'F'],
  ['A', 'D', 'AC', 'A', 'T', 'F'],
  ['B', 'A', 'C', 'AC', 'F', 'F'],
  ['C', 'D', '', 'AC', 'T', 'T'],
  ['B', 'B', 'AB', 'C', 'T', ''],
];

beforeAll(async () => {
  t = await buildTestApp();
  bank = await insertExamBanks(t);
  manager = await buildManager(t);
  const [node] = await t.database.db.select().from(orgNodes).where(eq(orgNodes.id, t.provinceId));
  provinceName = (await buildAccount(t, node!, 'province_admin')).username;
});
afterAll(async () => {
  await t?.close();
});

const minutes = (n: number) => n * 60_000;

async function satEthics(): Promise<ExamFixture> {
  const fixture = await seatedExam(t, bank, {
    count: ANSWERS.length,
    date: '2033-03-01',
    settings: { autoAdmit: true },
  });
  t.clock.set(new Date(fixture.startsAt.getTime() - minutes(10)));
  const tokens: string[] = [];
  for (const c of fixture.candidates) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/exam/sign-in',
      payload: { ticketNumber: c.ticketNumber, idNumber: c.idNumber },
    });
    expect(res.statusCode, res.body).toBe(200);
    tokens.push(res.json().token);
  }
  t.clock.set(new Date(fixture.startsAt.getTime() + minutes(31)));
  for (const [i, token] of tokens.entries()) {
    const changes = ANSWERS[i]!.flatMap((answer, p) =>
      answer === '' ? [] : [{ position: p + 1, answer, flagged: false, seq: p + 1 }],
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/exam/subjects/ethics/submit',
      payload: { changes },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  // The clock moved on: fresh sessions.
  manager = { ...manager, client: await signIn(t, manager.actor.username) };
  province = await signIn(t, provinceName);
  return fixture;
}

async function runJob(client: Client, url: string) {
  const started = await client.post(url);
  expect(started.statusCode, started.body).toBe(202);
  let job = { status: 'queued', result: null as unknown, error: null as unknown };
  for (let i = 0; i < 200 && job.status !== 'done' && job.status !== 'failed'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const res = await client.get(`/api/jobs/${started.json().jobId}`);
    expect(res.statusCode, res.body).toBe(200);
    job = res.json();
  }
  return job;
}

describe('item analysis', () => {
  it('the job gives the numbers the domain gives over the same answers; bank managers only; actions audited', async () => {
    const { campaignId } = await satEthics();
    const ids = bank.items.get('ethics')!;
    const base = `/api/campaigns/${campaignId}/item-analysis`;

    // Before: the finished count, no analysis.
    const before = await manager.client.get(base);
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json().subjects).toEqual([{ subject: 'ethics', finished: 5, analysis: null }]);

    const job = await runJob(manager.client, `${base}/ethics/compute`);
    expect(job).toMatchObject({ status: 'done', result: { attempts: 5, items: 6 } });

    // The domain over the same papers and answers.
    const paper: AnalysisItem[] = ids.map((itemId, i) => ({
      itemId,
      version: 1,
      points: POINTS[i]!,
      key: PAPER_KEYS[i]!,
      optionOrder: ORDERS[i]!,
    }));
    const expected = new ItemAnalysis();
    for (const a of ANSWERS) expected.add(paper, new Map(a.flatMap((x, p) => (x ? [[p + 1, x] as const] : []))));
    const summary = expected.subjectStatistics();
    const items = expected.itemStatistics();

    const after = (await manager.client.get(base)).json();
    expect(after.subjects[0].analysis).toMatchObject({
      attempts: 5,
      mean: summary.mean,
      sd: summary.sd,
      kr20: summary.kr20,
      histogram: summary.histogram,
      flagged: items.filter((i) => i.flags.length > 0).length,
    });
    const list = await manager.client.get(`${base}/ethics/items?pageSize=200`);
    expect(list.statusCode, list.body).toBe(200);
    const byId = new Map(list.json().items.map((i: { itemId: number }) => [i.itemId, i]));
    expect(list.json().total).toBe(6);
    for (const e of items) {
      expect(byId.get(e.itemId)).toMatchObject({
        version: 1,
        attempts: e.attempts,
        correct: e.correct,
        p: e.p,
        discrimination: e.discrimination,
        optionRates: e.optionRates,
        blankRate: e.blankRate,
        flags: e.flags,
        status: 'approved',
      });
    }
    // Item 1 (key B, shown as is): A once, B thrice, C once; item 2 (key original A shown as D): D→A 3, A→D 1, B→C 1.
    expect(byId.get(ids[0]!)).toMatchObject({ optionRates: { A: 0.2, B: 0.6, C: 0.2 }, p: 0.6 });
    expect(byId.get(ids[1]!)).toMatchObject({ optionRates: { A: 0.6, C: 0.2, D: 0.2 } });

    // Flagged only: item 5 (T/F, 4 of 5 right → within bounds)… whatever the domain flagged.
    const flagged = (await manager.client.get(`${base}/ethics/items?flagged=true`)).json();
    expect(flagged.total).toBe(items.filter((i) => i.flags.length > 0).length);

    // Other roles never read it: the route refuses, and the database refuses their role.
    expect((await province.get(base)).statusCode).toBe(403);
    expect((await province.get(`${base}/ethics/items`)).statusCode).toBe(403);
    expect((await province.post(`${base}/ethics/compute`)).statusCode).toBe(403);

    // Mark reviewed (audited), kept over a recompute.
    const target = ids[3]!;
    const reviewed = await manager.client.post(`${base}/ethics/items/${target}/1/review`, { note: '题干无误，保留' });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json()).toMatchObject({ reviewNote: '题干无误，保留', reviewerName: '测试bank_manager' });
    expect((await runJob(manager.client, `${base}/ethics/compute`)).status).toBe('done');
    const again = (await manager.client.get(`${base}/ethics/items?pageSize=200`)).json();
    expect(again.items.find((i: { itemId: number }) => i.itemId === target).reviewNote).toBe('题干无误，保留');

    // Retire through the banks (their audit row), then the item shows as retired and cannot be retired twice.
    const retired = await manager.client.post(`${base}/ethics/items/${ids[4]!}/1/retire`);
    expect(retired.statusCode, retired.body).toBe(200);
    expect(retired.json()).toMatchObject({ status: 'retired', abilities: { retire: false } });
    expect((await manager.client.post(`${base}/ethics/items/${ids[4]!}/1/retire`)).statusCode).toBe(409);
    const [version] = await inSystemTx(t.database.db, (tx) =>
      tx
        .select()
        .from(bankItemVersions)
        .where(and(eq(bankItemVersions.itemId, ids[4]!), eq(bankItemVersions.version, 1))),
    );
    expect(version!.status).toBe('retired');
    expect((await manager.client.post(`${base}/ethics/items/999999/1/review`, { note: 'x' })).statusCode).toBe(404);

    const audit = await inSystemTx(t.database.db, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.actorAccountId, manager.id)),
    );
    const actions = audit.map((a) => `${a.action}:${a.entityId}`);
    expect(actions.filter((a) => a === `item_analysis.compute:${campaignId}`)).toHaveLength(2);
    expect(actions).toContain(`bank_item.analysis_review:${target}`);
    expect(actions).toContain(`bank_item.retire:${ids[4]!}`);

    // The Excel export: a summary sheet and one row per item.
    const xlsx = await manager.client.get(`${base}/ethics/export.xlsx`);
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as never);
    expect(book.worksheets.map((w) => w.name)).toEqual(['概况', '试题']);
    expect(book.getWorksheet('试题')!.rowCount).toBe(7);
    expect(book.getWorksheet('概况')!.getCell('A12').value).toBe('提示');
  });

  it('the database refuses the statistics to every role but gk_bank', async () => {
    for (const table of ['item_statistics', 'item_analysis_runs']) {
      await expectPermissionDenied(
        inSystemTx(t.database.db, async (tx) => {
          await tx.execute(sql`set local role gk_app`);
          return resultRows(await tx.execute(sql.raw(`select count(*) from ${table}`)));
        }),
      );
    }
  });
});
