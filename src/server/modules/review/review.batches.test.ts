import { and, eq, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildNode,
  buildTestApp,
  type Client,
  findJurisdiction,
  signIn,
  type TestApp,
} from '../../../../test/setup/harness.js';
import { maskIdNumber } from '../../../domain/masking.js';
import {
  applicationReviews,
  applications,
  auditLog,
  campaignWindowExtensions,
  notifications,
  reviewBatches,
} from '../../db/schema.js';
import { inScopedTx, inSystemTx } from '../../platform/tx.js';
import { at, type CampaignFixture, openCampaign2017 } from '../applications/applications.test-support.js';
import type { Batch } from './review.batches.schemas.js';
import {
  actorFor,
  applicationRows,
  provinceNode,
  setReviewState,
  submittedApplications,
} from './review.batches.test-support.js';

let t: TestApp;
let c: CampaignFixture;

type NodeRow = Awaited<ReturnType<typeof findJurisdiction>>;
interface Office {
  node: NodeRow;
  account: { id: number; username: string };
  client: Client;
}

async function office(node: NodeRow, role: Parameters<typeof buildAccount>[2]): Promise<Office> {
  const account = await buildAccount(t, node, role);
  return { node, account, client: await signIn(t, account.username) };
}

/** A department with one or two units and their officers, in a jurisdiction. */
async function department(jurisdiction: NodeRow, units = 1) {
  const node = await buildNode(t, jurisdiction, 'department');
  const unitOffices: Office[] = [];
  for (let i = 0; i < units; i++) unitOffices.push(await office(await buildNode(t, node, 'unit'), 'unit_officer'));
  return { reviewer: await office(node, 'department_reviewer'), units: unitOffices };
}

async function notificationsOf(nodePath: string) {
  return inSystemTx(t.database.db, (tx) =>
    tx.select().from(notifications).where(eq(notifications.recipientPath, nodePath)),
  );
}

async function auditOf(entityType: string, ids: readonly (number | string)[]) {
  return inSystemTx(t.database.db, (tx) =>
    tx
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, entityType), inArray(auditLog.entityId, ids.map(String)))),
  );
}

let zz: NodeRow;
let ly: NodeRow;
let shengzhi: NodeRow;
let province: NodeRow;
let zzOffice: Office;
let lyOffice: Office;
let provinceOffice: Office;

beforeAll(async () => {
  // Every office signs in once; the fixed clock would otherwise put all sign-ins in one rate-limit minute.
  t = await buildTestApp({ loginRatePerMinute: 1000 });
  c = await openCampaign2017(t);
  zz = await findJurisdiction(t, '郑州市');
  ly = await findJurisdiction(t, '洛阳市');
  shengzhi = await findJurisdiction(t, '省直单位');
  province = await provinceNode(t);
  zzOffice = await office(zz, 'jurisdiction_admin');
  lyOffice = await office(ly, 'jurisdiction_admin');
  provinceOffice = await office(province, 'province_admin');
});
afterAll(async () => {
  await t.close();
});

describe('汇总上报: department → jurisdiction', () => {
  let d: Awaited<ReturnType<typeof department>>;
  let approved: number[];
  let waiting: number[];
  let batch: Batch;

  beforeAll(async () => {
    d = await department(zz, 2);
    const [u1, u2] = d.units;
    const first = await submittedApplications(u1!.client, c, u1!.node.id, [
      { name: '王一', appliedGrade: 4 },
      { name: '王二', appliedGrade: 4 },
      { name: '王三', appliedJobTypeId: c.electricianId, appliedGrade: 5 },
    ]);
    const second = await submittedApplications(u2!.client, c, u2!.node.id, [{ name: '李四', appliedGrade: 4 }]);
    waiting = await submittedApplications(u2!.client, c, u2!.node.id, [{ name: '赵五', appliedGrade: 4 }]);
    approved = [...first, ...second];
    await setReviewState(t, approved, { status: 'department_approved', verdict: 'eligible' });
    await setReviewState(t, [first[1]!], { verdict: 'needs_review', overruledVerdict: 'needs_review' });
    await setReviewState(t, waiting, { status: 'unit_approved' });
  });

  it('previews what the department would send', async () => {
    const res = await d.reviewer.client.get(`/api/review/batches/pending?campaignId=${c.campaignId}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      level: 'department',
      toName: '郑州市',
      count: 4,
      summary: { total: 4 },
      deadline: { phase: 'jurisdiction_review', endsOn: '2017-03-20', passed: false },
    });
  });

  it('sends all department_approved applications in one batch with its summary, audit and notification', async () => {
    const notesBefore = (await notificationsOf(zz.path)).length;
    const res = await d.reviewer.client.post('/api/review/batches', { campaignId: c.campaignId, note: '第一批' });
    expect(res.statusCode, res.body).toBe(201);
    batch = res.json<Batch>();
    expect(batch).toMatchObject({
      level: 'department',
      fromNodeId: d.reviewer.node.id,
      fromName: d.reviewer.node.name,
      toNodeId: zz.id,
      toName: '郑州市',
      status: 'submitted',
      applicationCount: 4,
      note: '第一批',
      submittedByName: '测试department_reviewer',
      undecidedCount: 4,
      abilities: { return: false },
      returnReason: null,
    });
    // A department's batch is numbered like its jurisdiction's: year, 郑州's region code, the batch's serial.
    expect(batch.batchNo).toBe(`2017-410100-${String(batch.id).padStart(5, '0')}`);
    expect(batch.summary).toEqual({
      total: 4,
      byJobType: [
        { jobType: '汽车驾驶员', category: '交通运输类', grades: { '5': 0, '4': 3, '3': 0, '2': 0, '1': 0 }, total: 3 },
        { jobType: '电工', category: '电力类', grades: { '5': 1, '4': 0, '3': 0, '2': 0, '1': 0 }, total: 1 },
      ].sort((a, b) => new Intl.Collator('zh-Hans-CN').compare(a.category, b.category)),
      byVerdict: { eligible: 3, needs_review: 1, ineligible: 0 },
      overruled: { needs_review: 1, ineligible: 0 },
      byUnit: [
        { unitId: d.units[0]!.node.id, unitName: d.units[0]!.node.name, total: 3 },
        { unitId: d.units[1]!.node.id, unitName: d.units[1]!.node.name, total: 1 },
      ].sort((a, b) => new Intl.Collator('zh-Hans-CN').compare(a.unitName, b.unitName) || a.unitId - b.unitId),
    });

    const rows = await applicationRows(t, [...approved, ...waiting]);
    expect(rows.filter((r) => r.departmentBatchId === batch.id).map((r) => r.id)).toEqual(approved);
    expect(rows.find((r) => r.id === waiting[0])).toMatchObject({ status: 'unit_approved', departmentBatchId: null });

    const batchAudit = await auditOf('review_batch', [batch.id]);
    expect(batchAudit).toHaveLength(1);
    expect(batchAudit[0]).toMatchObject({ action: 'review_batch.submit', orgNodeId: d.reviewer.node.id });
    expect(batchAudit[0]!.summary).toContain(batch.batchNo);
    const appAudit = (await auditOf('application', approved)).filter((a) => a.action === 'application.batch_submit');
    expect(appAudit.map((a) => Number(a.entityId)).sort((a, b) => a - b)).toEqual(approved);

    const notes = await notificationsOf(zz.path);
    expect(notes).toHaveLength(notesBefore + 1);
    expect(notes.at(-1)).toMatchObject({
      kind: 'batch_received',
      recipientNodeId: zz.id,
      link: `/review/batches/${batch.id}`,
      batchId: batch.id,
    });
    // The jurisdiction's office reads it.
    const inbox = await zzOffice.client.get('/api/notifications?unread=true');
    expect(inbox.json<{ items: { link: string }[] }>().items.map((n) => n.link)).toContain(
      `/review/batches/${batch.id}`,
    );
  });

  it('refuses a second batch with nothing new (BATCH_EMPTY)', async () => {
    const res = await d.reviewer.client.post('/api/review/batches', { campaignId: c.campaignId });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('BATCH_EMPTY');
    const pending = await d.reviewer.client.get(`/api/review/batches/pending?campaignId=${c.campaignId}`);
    expect(pending.json()).toMatchObject({ count: 0, summary: { total: 0, byJobType: [] } });
  });

  it('lists the batch as sent for the department and as received for the jurisdiction', async () => {
    const sent = await d.reviewer.client.get(`/api/review/batches?campaignId=${c.campaignId}&direction=sent`);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ total: 1, items: [{ id: batch.id, abilities: { return: false } }] });
    const received = await d.reviewer.client.get(`/api/review/batches?campaignId=${c.campaignId}&direction=received`);
    expect(received.json()).toMatchObject({ total: 0, items: [] });

    const inbox = await zzOffice.client.get(`/api/review/batches?campaignId=${c.campaignId}&direction=received`);
    const items = inbox.json<{ items: Batch[] }>().items;
    expect(items.find((b) => b.id === batch.id)).toMatchObject({ undecidedCount: 4, abilities: { return: true } });
    const one = await zzOffice.client.get(`/api/review/batches/${batch.id}`);
    expect(one.json()).toMatchObject({ id: batch.id, batchNo: batch.batchNo, abilities: { return: true } });
  });

  it('keeps 洛阳 out: neither its list nor the batch itself, and no return', async () => {
    const list = await lyOffice.client.get(`/api/review/batches?campaignId=${c.campaignId}`);
    expect(list.json<{ items: Batch[] }>().items.map((b) => b.id)).not.toContain(batch.id);
    expect((await lyOffice.client.get(`/api/review/batches/${batch.id}`)).statusCode).toBe(404);
    expect((await lyOffice.client.get(`/api/review/batches/${batch.id}/sheet.xlsx`)).statusCode).toBe(404);
    const res = await lyOffice.client.post(`/api/review/batches/${batch.id}/return`, { reason: '不是本市的' });
    expect(res.statusCode).toBe(404);
    // The database is the backstop: a scoped read with no filter at all finds no 郑州 batch.
    const seen = await inScopedTx(t.database.db, actorFor(lyOffice.account, ly, 'jurisdiction_admin'), (tx) =>
      tx.select().from(reviewBatches),
    );
    expect(seen.map((b) => b.id)).not.toContain(batch.id);
  });

  it('lets only the receiving level return: not the sending department, not the province', async () => {
    const byDepartment = await d.reviewer.client.post(`/api/review/batches/${batch.id}/return`, { reason: '撤回' });
    expect(byDepartment.statusCode).toBe(403);
    expect(byDepartment.json().error.code).toBe('FORBIDDEN');
    const byProvince = await provinceOffice.client.post(`/api/review/batches/${batch.id}/return`, { reason: '越级' });
    expect(byProvince.statusCode).toBe(403);
    const unit = d.units[0]!;
    const byUnit = await unit.client.post(`/api/review/batches/${batch.id}/return`, { reason: '单位' });
    expect(byUnit.statusCode).toBe(404); // a unit does not even see its department's batches
  });

  it('the jurisdiction returns the batch: undecided applications go back to the department, decided ones stay', async () => {
    const decided = approved[0]!;
    // 郑州 already refused one of them (a decision keeps the batch it came in).
    await setReviewState(t, [decided], { status: 'rejected' });
    const undecided = approved.slice(1);
    const res = await zzOffice.client.post(`/api/review/batches/${batch.id}/return`, {
      reason: '汇总表未盖章，请补正后重新上报',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      id: batch.id,
      status: 'returned',
      returnReason: '汇总表未盖章，请补正后重新上报',
      returnedByName: '测试jurisdiction_admin',
      undecidedCount: 0,
      abilities: { return: false },
    });

    const rows = await applicationRows(t, approved);
    expect(rows.find((r) => r.id === decided)).toMatchObject({
      status: 'rejected',
      departmentBatchId: batch.id,
      returnCount: 0,
    });
    for (const row of rows.filter((r) => r.id !== decided)) {
      expect(row).toMatchObject({
        status: 'returned',
        returnedTo: 'department',
        departmentBatchId: null,
        jurisdictionBatchId: null,
        returnCount: 1,
      });
    }
    const reviews = await inSystemTx(t.database.db, (tx) =>
      tx.select().from(applicationReviews).where(eq(applicationReviews.batchId, batch.id)),
    );
    expect(reviews.map((r) => r.applicationId).sort((a, b) => a - b)).toEqual(undecided);
    for (const review of reviews) {
      expect(review).toMatchObject({
        level: 'jurisdiction',
        action: 'return',
        fromStatus: 'department_approved',
        toStatus: 'returned',
        returnedTo: 'department',
        reasonCode: 'OTHER',
        opinion: '汇总表未盖章，请补正后重新上报',
        reviewerAccountId: zzOffice.account.id,
        reviewerName: '测试jurisdiction_admin',
        orgNodeId: zz.id,
        orgName: '郑州市',
        sealName: '郑州市人力资源和社会保障局',
        decidedOn: '2017-02-10',
      });
    }
    const appAudit = (await auditOf('application', undecided)).filter((a) => a.action === 'application.batch_return');
    expect(appAudit).toHaveLength(undecided.length);
    expect((await auditOf('review_batch', [batch.id])).map((a) => a.action).sort()).toEqual([
      'review_batch.return',
      'review_batch.submit',
    ]);
    const notes = await notificationsOf(d.reviewer.node.path);
    expect(notes.filter((n) => n.kind === 'batch_returned' && n.batchId === batch.id)).toHaveLength(1);
  });

  it('refuses to return a batch already returned (BATCH_NOT_RETURNABLE)', async () => {
    const res = await zzOffice.client.post(`/api/review/batches/${batch.id}/return`, { reason: '再退一次' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('BATCH_NOT_RETURNABLE');
  });

  it('re-approved applications go up in a new batch with the next number', async () => {
    const returned = approved.slice(1);
    await setReviewState(t, returned, { status: 'department_approved', returnedTo: null });
    const res = await d.reviewer.client.post('/api/review/batches', { campaignId: c.campaignId });
    expect(res.statusCode, res.body).toBe(201);
    // One shape for every sender: year, the jurisdiction's region code (郑州: 410100), a province-wide serial.
    expect(res.json()).toMatchObject({ applicationCount: 3 });
    const next = res.json().batchNo as string;
    expect(next).toMatch(/^2017-410100-\d{5}$/);
    expect(batch.batchNo).toMatch(/^2017-410100-\d{5}$/);
    expect(Number(next.slice(-5))).toBeGreaterThan(Number(batch.batchNo.slice(-5)));
  });

  it('the 汇总表 opens in ExcelJS with the summary and the list, ID numbers masked', async () => {
    const res = await zzOffice.client.get(`/api/review/batches/${batch.id}/sheet.xlsx`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent(batch.batchNo));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const summary = workbook.getWorksheet('汇总表')!;
    const summaryText: string[] = [];
    summary.eachRow((row) => summaryText.push((row.values as unknown[]).filter((v) => v !== undefined).join('|')));
    expect(summaryText.join('\n')).toContain(batch.batchNo);
    expect(summaryText.join('\n')).toContain('郑州市');
    expect(summaryText.some((line) => /^\d\|交通运输类\|汽车驾驶员\|0\|3\|0\|0\|0\|3$/.test(line))).toBe(true);
    expect(summaryText.some((line) => /^\d\|电力类\|电工\|1\|0\|0\|0\|0\|1$/.test(line))).toBe(true);
    expect(summaryText.find((line) => line.startsWith('合计'))).toMatch(/\|1\|3\|0\|0\|0\|4$/);

    const list = workbook.getWorksheet('申报人员名单')!;
    const rows = await applicationRows(t, approved);
    const lines: unknown[][] = [];
    list.eachRow((row) => lines.push((row.values as unknown[]).slice(1)));
    const dataLines = lines.filter((l) => typeof l[0] === 'number');
    expect(dataLines).toHaveLength(4);
    for (const row of rows) {
      const line = dataLines.find((l) => l[1] === row.name);
      expect(line?.[3]).toBe(maskIdNumber(row.idNumber));
      expect(JSON.stringify(lines)).not.toContain(row.idNumber);
    }
    expect(dataLines.find((l) => l[1] === '王一')?.[10]).toBe('审核不通过');
    expect(dataLines.find((l) => l[1] === '王二')?.[9]).toBe('需人工核实（审核改判通过）');
  });

  it('the 汇总表 writes a name typed as a formula as neutralised text', async () => {
    const name = '=HYPERLINK("http://x","y")';
    const id = approved[2]!;
    const rename = (to: string) =>
      inSystemTx(t.database.db, (tx) => tx.update(applications).set({ name: to }).where(eq(applications.id, id)));
    const [before] = await applicationRows(t, [id]);
    await rename(name);
    try {
      const res = await zzOffice.client.get(`/api/review/batches/${batch.id}/sheet.xlsx`);
      expect(res.statusCode, res.body).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const cells: ExcelJS.Cell[] = [];
      workbook.getWorksheet('申报人员名单')!.eachRow((row) =>
        row.eachCell((cell) => {
          if (String(cell.value).includes('HYPERLINK')) cells.push(cell);
        }),
      );
      expect(cells).toHaveLength(1);
      expect(cells[0]!.type).toBe(ExcelJS.ValueType.String);
      expect(cells[0]!.value).toBe(`'${name}`);
    } finally {
      await rename(before!.name);
    }
  });
});

describe('汇总上报: to the province', () => {
  it('a 省直 department sends its batch to the province directly', async () => {
    const d = await department(shengzhi);
    const ids = await submittedApplications(d.units[0]!.client, c, d.units[0]!.node.id, [{ name: '省直甲' }]);
    await setReviewState(t, ids, { status: 'department_approved' });
    const pending = await d.reviewer.client.get(`/api/review/batches/pending?campaignId=${c.campaignId}`);
    expect(pending.json()).toMatchObject({ level: 'department', toName: province.name, count: 1 });
    const res = await d.reviewer.client.post('/api/review/batches', { campaignId: c.campaignId });
    expect(res.statusCode, res.body).toBe(201);
    const batch = res.json<Batch>();
    expect(batch).toMatchObject({ level: 'department', toNodeId: province.id, toName: province.name });
    // 省直单位 has no region code of its own: its batches carry the province's.
    expect(batch.batchNo).toBe(`2017-410000-${String(batch.id).padStart(5, '0')}`);
    expect((await notificationsOf(province.path)).some((n) => n.batchId === batch.id)).toBe(true);
    const received = await provinceOffice.client.get(`/api/review/batches/${batch.id}`);
    expect(received.json()).toMatchObject({ abilities: { return: true }, undecidedCount: 1 });

    // The province returns it: back to the department (the province reviews 省直 in place of a jurisdiction).
    const back = await provinceOffice.client.post(`/api/review/batches/${batch.id}/return`, { reason: '材料不全' });
    expect(back.statusCode, back.body).toBe(200);
    const [row] = await applicationRows(t, ids);
    expect(row).toMatchObject({ status: 'returned', returnedTo: 'department', departmentBatchId: null });
  });

  it('a jurisdiction sends its qualified applications to the province, which returns the whole batch', async () => {
    const d = await department(zz);
    const ids = await submittedApplications(d.units[0]!.client, c, d.units[0]!.node.id, [
      { name: '市甲' },
      { name: '市乙', appliedGrade: 5 },
    ]);
    // As if the department's batch 77 had been approved by 郑州 one by one.
    await setReviewState(t, ids, { status: 'jurisdiction_approved', departmentBatchId: 77 });
    const res = await zzOffice.client.post('/api/review/batches', { campaignId: c.campaignId });
    expect(res.statusCode, res.body).toBe(201);
    const batch = res.json<Batch>();
    expect(batch).toMatchObject({
      level: 'jurisdiction',
      fromNodeId: zz.id,
      toNodeId: province.id,
      applicationCount: 2,
    });
    expect(batch.batchNo).toBe(`2017-410100-${String(batch.id).padStart(5, '0')}`);
    expect((await applicationRows(t, ids)).map((r) => r.jurisdictionBatchId)).toEqual([batch.id, batch.id]);

    const inbox = await provinceOffice.client.get(`/api/review/batches?direction=received&campaignId=${c.campaignId}`);
    expect(inbox.json<{ items: Batch[] }>().items.map((b) => b.id)).toContain(batch.id);

    const back = await provinceOffice.client.post(`/api/review/batches/${batch.id}/return`, { reason: '请核对工种' });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ status: 'returned', undecidedCount: 0 });
    for (const row of await applicationRows(t, ids)) {
      expect(row).toMatchObject({
        status: 'returned',
        returnedTo: 'jurisdiction',
        jurisdictionBatchId: null,
        departmentBatchId: 77,
        returnCount: 1,
      });
    }
    const reviews = await inSystemTx(t.database.db, (tx) =>
      tx.select().from(applicationReviews).where(eq(applicationReviews.batchId, batch.id)),
    );
    expect(reviews).toHaveLength(2);
    expect(reviews[0]).toMatchObject({
      level: 'province',
      fromStatus: 'jurisdiction_approved',
      returnedTo: 'jurisdiction',
      orgNodeId: province.id,
      opinion: '请核对工种',
    });
    const inboxZz = await zzOffice.client.get('/api/notifications');
    expect(
      inboxZz
        .json<{ items: { kind: string; link: string }[] }>()
        .items.find((n) => n.link === `/review/batches/${batch.id}`),
    ).toMatchObject({ kind: 'batch_returned' });
  });

  it('units and the province send no batches', async () => {
    const d = await department(ly);
    const unit = await d.units[0]!.client.post('/api/review/batches', { campaignId: c.campaignId });
    expect(unit.statusCode).toBe(403);
    expect(unit.json().error.message).toContain('单位');
    const byProvince = await provinceOffice.client.post('/api/review/batches', { campaignId: c.campaignId });
    expect(byProvince.statusCode).toBe(403);
    const pending = await provinceOffice.client.get('/api/review/batches/pending');
    expect(pending.json()).toMatchObject({ level: 'province', toName: null, count: 0, deadline: null });
  });
});

describe('汇总上报: deadline', () => {
  it('refuses after the end of 市县资格审查, and allows it within a jurisdiction extension', async () => {
    const d = await department(ly);
    const ids = await submittedApplications(d.units[0]!.client, c, d.units[0]!.node.id, [{ name: '洛甲' }]);
    await setReviewState(t, ids, { status: 'department_approved' });
    await at(t, '2017-03-21T09:00:00+08:00', async () => {
      // Forty days on, the old session has long expired: sign in again.
      const reviewer = await signIn(t, d.reviewer.account.username);
      const pending = await reviewer.get(`/api/review/batches/pending?campaignId=${c.campaignId}`);
      expect(pending.json()).toMatchObject({ deadline: { endsOn: '2017-03-20', passed: true, daysLeft: -1 } });
      const late = await reviewer.post('/api/review/batches', { campaignId: c.campaignId });
      expect(late.statusCode).toBe(409);
      expect(late.json().error).toMatchObject({ code: 'REVIEW_DEADLINE_PASSED' });
      expect(late.json().error.message).toContain('2017年3月20日');
    });
    await inSystemTx(t.database.db, (tx) =>
      tx.insert(campaignWindowExtensions).values({
        campaignId: c.campaignId,
        jurisdictionId: ly.id,
        phase: 'jurisdiction_review',
        endsOn: '2017-03-25',
        reason: '测试延期',
        createdAt: t.clock.now(),
      }),
    );
    await at(t, '2017-03-21T09:00:00+08:00', async () => {
      const reviewer = await signIn(t, d.reviewer.account.username);
      const res = await reviewer.post('/api/review/batches', { campaignId: c.campaignId });
      expect(res.statusCode, res.body).toBe(201);
    });
  });
});
