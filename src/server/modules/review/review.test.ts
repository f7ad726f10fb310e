import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, Client, signIn, type TestApp } from '../../../../test/setup/harness.js';
import { defaultOpinion, defaultSealName } from '../../../domain/review.js';
import { applicationReviews, auditLog, campaignWindowExtensions, notifications } from '../../db/schema.js';
import { inSystemTx } from '../../platform/tx.js';
import {
  at,
  type CampaignFixture,
  form,
  idNumber,
  openCampaign2017,
} from '../applications/applications.test-support.js';
import { requireLevel } from './review.service.js';
import { buildChain, type Chain, insertApplications, reviewColumns, sendUp } from './review.test-support.js';

let t: TestApp;
let c: CampaignFixture;
let zz: Chain;
let zz2: Chain;
let ly: Chain;
let sz: Chain;
const clients = new Map<string, Client>();

beforeAll(async () => {
  t = await buildTestApp();
  c = await openCampaign2017(t);
  zz = await buildChain(t, '郑州市', { unit: '郑州市第一人民医院' });
  zz2 = await buildChain(t, '郑州市');
  ly = await buildChain(t, '洛阳市');
  sz = await buildChain(t, '省直单位');
});
afterAll(async () => {
  await t.close();
});

async function as(username: string): Promise<Client> {
  let client = clients.get(username);
  if (!client) {
    client = await signIn(t, username);
    clients.set(username, client);
  }
  return client;
}

const chainClient = (chain: Chain, level: keyof Chain['accounts']) => as(chain.accounts[level]);
/** Moves the clock for fn; signing in then purges the idle sessions, so the cached clients are dropped. */
async function later<T>(instant: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await at(t, instant, fn);
  } finally {
    clients.clear();
  }
}

/** A new session: cached ones would time out (idle) when the clock jumps, and be gone after. */
const fresh = (chain: Chain, level: keyof Chain['accounts']) => signIn(t, chain.accounts[level]);

function make(chain: Chain, count = 1, extra: Partial<Parameters<typeof insertApplications>[1]> = {}) {
  return insertApplications(t, {
    campaignId: c.campaignId,
    unit: chain.unit,
    departmentId: chain.department.id,
    jurisdictionId: chain.jurisdiction.id,
    jobTypeId: c.driverId,
    count,
    ...extra,
  });
}

async function one(chain: Chain, extra: Partial<Parameters<typeof insertApplications>[1]> = {}) {
  const [id] = await make(chain, 1, extra);
  return id!;
}

async function decide(client: Client, id: number, body: Record<string, unknown>) {
  return client.post(`/api/review/applications/${id}/decide`, body);
}

async function ok(client: Client, id: number, body: Record<string, unknown>) {
  const res = await decide(client, id, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function refused(client: Client, id: number, body: Record<string, unknown>, status: number, code: string) {
  const res = await decide(client, id, body);
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  return res.json().error.message as string;
}

const approve = { action: 'approve' };
const returnInfo = { action: 'return', reasonCode: 'INFO_ERROR' };

const sendDepartment = (chain: Chain, ids: number[]) =>
  sendUp(t, {
    campaignId: c.campaignId,
    level: 'department',
    from: chain.department,
    toId: chain.jurisdiction.id,
    applicationIds: ids,
  });
const sendJurisdiction = (chain: Chain, ids: number[]) =>
  sendUp(t, {
    campaignId: c.campaignId,
    level: 'jurisdiction',
    from: chain.jurisdiction,
    toId: chain.province.id,
    applicationIds: ids,
  });

async function rows<T>(query: (tx: Parameters<Parameters<typeof inSystemTx>[1]>[0]) => Promise<T>): Promise<T> {
  return inSystemTx(t.database.db, query);
}

describe('the chain of approvals', () => {
  it('moves an application from the unit to the province, with review rows, audit rows and notifications', async () => {
    const id = await one(zz);
    const unit = await chainClient(zz, 'unit');
    const department = await chainClient(zz, 'department');
    const jurisdiction = await chainClient(zz, 'jurisdiction');
    const province = await chainClient(zz, 'province');

    // Not yet the department's, the jurisdiction's or the province's turn.
    await refused(department, id, approve, 409, 'REVIEW_NOT_YOUR_TURN');
    const afterUnit = await ok(unit, id, { ...approve, sealName: '郑州市第一人民医院人事科' });
    expect(afterUnit).toMatchObject({
      status: 'unit_approved',
      holder: 'department',
      position: '单位已初审通过，等待主管部门审核',
      viewerLevel: 'unit',
      abilities: { approve: false, return: false, reject: false },
    });
    expect(afterUnit.opinions.unit).toMatchObject({
      opinion: defaultOpinion('unit', 'approve'),
      sealName: '郑州市第一人民医院人事科',
      date: '2017-02-10',
    });
    await refused(unit, id, approve, 409, 'REVIEW_NOT_YOUR_TURN');

    const afterDepartment = await ok(department, id, { ...approve, opinion: '经审核，同意上报。' });
    expect(afterDepartment).toMatchObject({ status: 'department_approved', holder: 'department' });
    expect(afterDepartment.position).toContain('汇总上报');
    // Approved but not sent up: the jurisdiction has nothing yet.
    await refused(jurisdiction, id, approve, 409, 'REVIEW_NOT_YOUR_TURN');
    const batch = await sendDepartment(zz, [id]);

    const afterJurisdiction = await ok(jurisdiction, id, approve);
    expect(afterJurisdiction).toMatchObject({ status: 'jurisdiction_approved', departmentBatchId: batch });
    await refused(province, id, approve, 409, 'REVIEW_NOT_YOUR_TURN');
    const jBatch = await sendJurisdiction(zz, [id]);

    const done = await ok(province, id, approve);
    expect(done).toMatchObject({
      status: 'province_confirmed',
      holder: null,
      departmentBatchId: batch,
      jurisdictionBatchId: jBatch,
    });
    expect(done.history.map((e: { level: string; action: string }) => `${e.level}:${e.action}`)).toEqual([
      'unit:approve',
      'department:approve',
      'jurisdiction:approve',
      'province:approve',
    ]);
    expect(done.history[1]).toMatchObject({
      opinion: '经审核，同意上报。',
      reviewerName: '测试department_reviewer',
      orgName: zz.department.name,
      sealName: zz.department.name,
      fromStatus: 'unit_approved',
      toStatus: 'department_approved',
      levelLabel: '主管部门',
      actionLabel: '通过',
    });
    expect(Object.keys(done.opinions).filter((k) => done.opinions[k])).toEqual([
      'unit',
      'department',
      'jurisdiction',
      'province',
    ]);
    await refused(province, id, approve, 409, 'REVIEW_FINISHED');
    await refused(unit, id, { action: 'reject', reasonCode: 'DUPLICATE' }, 409, 'REVIEW_FINISHED');

    // Version moved once per decision; one audit row per decision, in Chinese.
    expect((await reviewColumns(t, id)).version).toBe(5);
    const audits = await rows((tx) =>
      tx
        .select({ action: auditLog.action, summary: auditLog.summary })
        .from(auditLog)
        .where(and(eq(auditLog.entityType, 'application'), eq(auditLog.entityId, String(id))))
        .orderBy(auditLog.id),
    );
    expect(audits.map((a) => a.action)).toEqual([
      'review.approve',
      'review.approve',
      'review.approve',
      'review.approve',
    ]);
    expect(audits[0]!.summary).toContain('单位资格初审通过「申报人');

    // Work arriving at the department, and the confirmation to the unit.
    const notes = await rows((tx) =>
      tx.select().from(notifications).where(eq(notifications.applicationId, id)).orderBy(notifications.id),
    );
    expect(notes.map((n) => [n.kind, n.recipientNodeId])).toEqual([
      ['review_pending', zz.department.id],
      ['application_confirmed', zz.unit.id],
    ]);
    expect(notes[0]!.recipientPath).toBe(zz.department.path);
    expect(notes[1]!.body).toContain('已经省工考办审查确认');

    // The unit reads the history too, and the printed form carries the four opinions.
    const detail = await unit.get(`/api/applications/${id}/review`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().history).toHaveLength(4);
    const pdf = await unit.get(`/api/applications/${id}/print.pdf`);
    expect(pdf.statusCode).toBe(200);
    const dir = mkdtempSync(path.join(tmpdir(), 'gk-review-'));
    try {
      const file = path.join(dir, 'form.pdf');
      writeFileSync(file, pdf.rawPayload);
      const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(
        /\s+/g,
        '',
      );
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
      expect(pages).toBe(3); // one A4 page per copy
      expect(text).toContain(defaultOpinion('unit', 'approve'));
      expect(text).toContain('郑州市第一人民医院人事科（盖章）2017年2月10日');
      expect(text).toContain('经审核，同意上报。');
      expect(text).toContain(`${zz.department.name}（盖章）`);
      expect(text).toContain('人社部门资格审查意见');
      expect(text).toContain(defaultOpinion('jurisdiction', 'approve'));
      expect(text).toContain(`${defaultSealName('jurisdiction', zz.jurisdiction.name)}（盖章）`);
      expect(text).toContain('省工考办确认');
      expect(text).toContain(defaultOpinion('province', 'approve'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sends 省直单位 from the department straight to the province, whose approval is final', async () => {
    const id = await one(sz);
    await ok(await chainClient(sz, 'unit'), id, approve);
    await ok(await chainClient(sz, 'department'), id, approve);
    const province = await chainClient(sz, 'province');
    await refused(province, id, approve, 409, 'REVIEW_NOT_YOUR_TURN');
    await sendUp(t, {
      campaignId: c.campaignId,
      level: 'department',
      from: sz.department,
      toId: sz.province.id,
      applicationIds: [id],
    });
    // Not a jurisdiction's: the province holds it.
    const before = await province.get(`/api/applications/${id}/review`);
    expect(before.json()).toMatchObject({ reviewedByProvince: true, holder: 'province', abilities: { approve: true } });
    await refused(await chainClient(zz, 'jurisdiction'), id, approve, 404, 'NOT_FOUND');
    // The province returns it to the department (not to a jurisdiction), which approves it again.
    const back = await ok(province, id, { action: 'return', reasonCode: 'MATERIALS_MISSING' });
    expect(back).toMatchObject({
      status: 'returned',
      returnedTo: 'department',
      departmentBatchId: null,
      returnCount: 1,
    });
    await ok(await chainClient(sz, 'department'), id, approve);
    await sendUp(t, {
      campaignId: c.campaignId,
      level: 'department',
      from: sz.department,
      toId: sz.province.id,
      applicationIds: [id],
    });
    const done = await ok(province, id, approve);
    expect(done.status).toBe('province_confirmed');
    expect(done.opinions.jurisdiction).toBeNull();
    expect(done.opinions.province).toMatchObject({ opinion: defaultOpinion('province', 'approve') });
  });
});

describe('returns and rejections', () => {
  it('returns to the unit, which corrects and resubmits; the department may not touch it meanwhile', async () => {
    const id = await one(zz);
    const unit = await chainClient(zz, 'unit');
    const department = await chainClient(zz, 'department');
    await ok(unit, id, approve);
    await refused(department, id, { action: 'return' }, 400, 'REVIEW_REASON_REQUIRED');
    await refused(department, id, { action: 'return', reasonCode: 'DUPLICATE' }, 400, 'REVIEW_REASON_REQUIRED');
    await refused(department, id, { action: 'return', reasonCode: 'OTHER' }, 400, 'REVIEW_REASON_REQUIRED');
    const back = await ok(department, id, { action: 'return', reasonCode: 'OTHER', opinion: '工作年限与档案不符' });
    expect(back).toMatchObject({ status: 'returned', returnedTo: 'unit', returnCount: 1, holder: 'unit' });
    expect(back.lastReturn).toMatchObject({
      reasonCode: 'OTHER',
      reasonLabel: '其他原因',
      opinion: '工作年限与档案不符',
    });
    await refused(department, id, approve, 409, 'REVIEW_AWAITING_CORRECTION');
    await refused(unit, id, approve, 409, 'REVIEW_AWAITING_CORRECTION');

    // The unit's form: editable again, shows the return; its resubmission clears it.
    const app = (await unit.get(`/api/applications/${id}`)).json();
    expect(app).toMatchObject({
      status: 'returned',
      returnedTo: 'unit',
      returnCount: 1,
      abilities: { edit: true, submit: true },
    });
    const saved = await unit.patch(`/api/applications/${id}`, { version: app.version, phone: '13900000000' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ status: 'returned', returnedTo: 'unit' });
    const resubmitted = await unit.post(`/api/applications/${id}/submit`, {});
    expect(resubmitted.statusCode, resubmitted.body).toBe(200);
    expect(resubmitted.json()).toMatchObject({ status: 'submitted', returnedTo: null, returnCount: 1 });
    await ok(unit, id, approve);
    expect((await ok(department, id, approve)).status).toBe('department_approved');

    // The notice of the return reached the unit.
    const notes = await rows((tx) =>
      tx
        .select()
        .from(notifications)
        .where(and(eq(notifications.applicationId, id), eq(notifications.kind, 'application_returned'))),
    );
    expect(notes.map((n) => n.recipientNodeId)).toEqual([zz.unit.id]);
    expect(notes[0]!.body).toContain('被主管部门退回修改：其他原因');
    // Acted on (the unit resubmitted it): the notice no longer waits unread.
    expect(notes[0]!.readAt).not.toBeNull();
    // Likewise the department's notice that the application waited for it, once it decided.
    const pending = await rows((tx) =>
      tx
        .select()
        .from(notifications)
        .where(and(eq(notifications.applicationId, id), eq(notifications.recipientNodeId, zz.department.id))),
    );
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((n) => n.readAt !== null)).toBe(true);
  });

  it('lets the unit edit a returned application after registration closed, until the jurisdictions’ review ends', async () => {
    const id = await one(zz);
    const unit = await chainClient(zz, 'unit');
    await ok(unit, id, approve);
    await ok(await chainClient(zz, 'department'), id, returnInfo);
    await later('2017-03-10T10:00:00+08:00', async () => {
      const unit = await fresh(zz, 'unit');
      const app = (await unit.get(`/api/applications/${id}`)).json();
      expect(app.abilities).toMatchObject({ edit: true, submit: true });
      const res = await unit.post(`/api/applications/${id}/submit`, { version: app.version });
      expect(res.statusCode, res.body).toBe(200);
      // Approving it again is the unit's work: the returned application's deadline is the review's.
      expect((await ok(unit, id, approve)).status).toBe('unit_approved');
    });
    const other = await one(zz);
    await ok(await chainClient(zz, 'unit'), other, approve);
    await ok(await chainClient(zz, 'department'), other, returnInfo);
    await later('2017-03-21T10:00:00+08:00', async () => {
      const unit = await fresh(zz, 'unit');
      const res = await unit.post(`/api/applications/${other}/submit`, {});
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('WINDOW_CLOSED');
      expect(res.json().error.message).toContain('2017年3月20日');
    });
  });

  it('returns from the jurisdiction to the department and from the province to the jurisdiction', async () => {
    const id = await one(zz);
    const department = await chainClient(zz, 'department');
    const jurisdiction = await chainClient(zz, 'jurisdiction');
    await ok(await chainClient(zz, 'unit'), id, approve);
    await ok(department, id, approve);
    await sendDepartment(zz, [id]);
    const toDepartment = await ok(jurisdiction, id, { action: 'return', reasonCode: 'JOB_TYPE_GRADE' });
    expect(toDepartment).toMatchObject({ returnedTo: 'department', departmentBatchId: null, holder: 'department' });
    await refused(jurisdiction, id, approve, 409, 'REVIEW_AWAITING_CORRECTION');
    // The department approves it again (unbatched) and sends it up again.
    const again = await ok(department, id, approve);
    expect(again).toMatchObject({ status: 'department_approved', departmentBatchId: null, returnedTo: null });
    const batch = await sendDepartment(zz, [id]);
    await ok(jurisdiction, id, approve);
    await sendJurisdiction(zz, [id]);
    const toJurisdiction = await ok(await chainClient(zz, 'province'), id, {
      action: 'return',
      reasonCode: 'PHOTO',
    });
    expect(toJurisdiction).toMatchObject({
      returnedTo: 'jurisdiction',
      departmentBatchId: batch,
      jurisdictionBatchId: null,
      returnCount: 2,
    });
    // The jurisdiction may pass it further down.
    const down = await ok(jurisdiction, id, { action: 'return', reasonCode: 'PHOTO' });
    expect(down).toMatchObject({ returnedTo: 'department', departmentBatchId: null, returnCount: 3 });
    const rejected = await ok(department, id, { action: 'reject', reasonCode: 'WORK_YEARS' });
    expect(rejected).toMatchObject({
      status: 'rejected',
      rejectReason: 'WORK_YEARS',
      rejectReasonLabel: '工作年限不符合申报条件',
    });
    const notes = await rows((tx) =>
      tx
        .select()
        .from(notifications)
        .where(and(eq(notifications.applicationId, id), eq(notifications.kind, 'application_rejected'))),
    );
    expect(notes.map((n) => n.recipientNodeId)).toEqual([zz.unit.id]);
  });

  it('sends an online registration back to the applicant, who resubmits it to the unit', async () => {
    const applicantId = idNumber('19780101');
    const signUp = await new Client(t.app).post('/api/public/registration/sign-up', {
      idNumber: applicantId,
      name: '刘洋',
      phone: '13700000000',
      password: 'Shenbao#2017ok',
    });
    expect(signUp.statusCode, signUp.body).toBe(201);
    const applicant = await signIn(t, applicantId, 'Shenbao#2017ok');
    const { idNumber: _id, name: _name, ...rest } = form(c);
    const created = await applicant.post('/api/my/application', { unitId: zz.unit.id, ...rest, submit: true });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as number;
    const unit = await chainClient(zz, 'unit');
    // Awaiting the unit's confirmation: it may be returned or refused, not approved.
    await refused(unit, id, approve, 409, 'REVIEW_NOT_YOUR_TURN');
    const back = await ok(unit, id, { action: 'return', reasonCode: 'PHOTO' });
    expect(back).toMatchObject({ status: 'returned', returnedTo: 'applicant', holder: 'applicant' });
    // The unit cannot edit what went back to the applicant; the applicant can, and sees why.
    const unitView = (await unit.get(`/api/applications/${id}`)).json();
    expect(unitView.abilities).toMatchObject({ edit: false, submit: false });
    const own = (await applicant.get('/api/my/application')).json();
    expect(own).toMatchObject({ returnedTo: 'applicant', abilities: { edit: true, submit: true } });
    const seen = await applicant.get(`/api/applications/${id}/review`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({
      viewerLevel: null,
      lastReturn: { reasonCode: 'PHOTO' },
      abilities: { approve: false },
    });
    const notes = await rows((tx) => tx.select().from(notifications).where(eq(notifications.applicationId, id)));
    expect(notes.map((n) => n.recipientAccountId)).toContain(
      created.json().applicantAccountId ?? notes[0]!.recipientAccountId,
    );
    expect(notes.some((n) => n.recipientAccountId !== null && n.kind === 'application_returned')).toBe(true);

    const again = await applicant.patch('/api/my/application', { version: own.version, submit: true });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ status: 'awaiting_unit', returnedTo: null });
    const confirmed = await unit.post(`/api/applications/${id}/confirm`, {});
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect((await ok(unit, id, approve)).status).toBe('unit_approved');
  });

  it('refuses drafts, and decisions by roles without a level', async () => {
    const id = await one(zz, { status: 'draft' });
    await refused(await chainClient(zz, 'unit'), id, approve, 409, 'REVIEW_NOT_SUBMITTED');
    expect(() =>
      requireLevel({
        accountId: 1,
        username: 'p',
        displayName: '监考',
        role: 'proctor',
        orgNodeId: 1,
        orgPath: '/1/',
        orgNodeName: '省',
      }),
    ).toThrowError(expect.objectContaining({ code: 'REVIEW_LEVEL_NONE' }));
  });
});

describe('overruling the verdict', () => {
  it('needs a reason to approve over needs_review and keeps the strongest overrule', async () => {
    const [doubtful, ineligible] = [
      await one(zz, { verdict: 'needs_review' }),
      await one(zz, { verdict: 'ineligible' }),
    ];
    const unit = await chainClient(zz, 'unit');
    const message = await refused(unit, doubtful, approve, 400, 'REVIEW_OVERRULE_REASON_REQUIRED');
    expect(message).toContain('需人工核实');
    await refused(unit, doubtful, { ...approve, overruleReason: '已核' }, 400, 'REVIEW_OVERRULE_REASON_REQUIRED');
    await ok(unit, doubtful, { ...approve, overruleReason: '已核对档案原件' });
    expect((await reviewColumns(t, doubtful)).overruled_verdict).toBe('needs_review');
    expect(await refused(unit, ineligible, approve, 400, 'REVIEW_OVERRULE_REASON_REQUIRED')).toContain('不符合条件');
    const detail = await ok(unit, ineligible, { ...approve, overruleReason: '获省级技术能手称号，破格' });
    expect(detail.overruledVerdict).toBe('ineligible');
    expect(detail.history[0]).toMatchObject({ verdict: 'ineligible', overruleReason: '获省级技术能手称号，破格' });
    // The department approves over it too; the record keeps ineligible. Returns need no overrule reason.
    await ok(await chainClient(zz, 'department'), ineligible, { ...approve, overruleReason: '同意单位意见' });
    expect((await reviewColumns(t, ineligible)).overruled_verdict).toBe('ineligible');
    const queue = await (await chainClient(zz, 'department')).get(
      `/api/review/queue?campaignId=${c.campaignId}&view=all&overruled=true`,
    );
    expect(queue.json().items.map((i: { id: number }) => i.id)).toEqual(expect.arrayContaining([doubtful, ineligible]));
    expect(queue.json().items.every((i: { overruledVerdict: string | null }) => i.overruledVerdict !== null)).toBe(
      true,
    );
  });
});

describe('deadlines', () => {
  it('refuses after the level’s deadline, naming the date, with per-jurisdiction extensions', async () => {
    const [zzId, lyId] = [await one(zz), await one(ly)];
    await later('2017-03-01T09:00:00+08:00', async () => {
      const message = await refused(await fresh(zz, 'unit'), zzId, approve, 409, 'REVIEW_DEADLINE_PASSED');
      expect(message).toContain('2017年2月28日');
    });
    await ok(await chainClient(zz, 'unit'), zzId, approve);
    await ok(await chainClient(ly, 'unit'), lyId, approve);
    await rows((tx) =>
      tx.insert(campaignWindowExtensions).values({
        campaignId: c.campaignId,
        jurisdictionId: zz.jurisdiction.id,
        phase: 'jurisdiction_review',
        endsOn: '2017-03-25',
        reason: '测试延期',
        createdAt: t.clock.now(),
      }),
    );
    await later('2017-03-22T09:00:00+08:00', async () => {
      const [lyDepartment, zzDepartment] = [await fresh(ly, 'department'), await fresh(zz, 'department')];
      const overview = (await lyDepartment.get('/api/review/overview')).json();
      expect(overview.deadline).toMatchObject({
        phase: 'jurisdiction_review',
        startsOn: '2017-03-01',
        endsOn: '2017-03-20',
        passed: true,
      });
      expect(await refused(lyDepartment, lyId, approve, 409, 'REVIEW_DEADLINE_PASSED')).toContain('2017年3月20日');
      expect((await ok(zzDepartment, zzId, approve)).status).toBe('department_approved');
      const zzOverview = (await zzDepartment.get('/api/review/overview')).json();
      expect(zzOverview.deadline).toMatchObject({ endsOn: '2017-03-25', daysLeft: 3, passed: false });
    });
  });
});

describe('isolation', () => {
  it('keeps other departments and jurisdictions out: 404 to read or decide, skipped in bulk', async () => {
    const mine = await one(zz);
    const theirs = await one(zz2);
    const luoyang = await one(ly);
    const unit = await chainClient(zz, 'unit');
    const otherDepartment = await chainClient(zz2, 'department');
    await ok(unit, mine, approve);
    expect((await otherDepartment.get(`/api/applications/${mine}/review`)).statusCode).toBe(404);
    await refused(otherDepartment, mine, approve, 404, 'NOT_FOUND');
    const queue = (
      await otherDepartment.get(`/api/review/queue?campaignId=${c.campaignId}&view=all&pageSize=200`)
    ).json();
    expect(queue.items.map((i: { id: number }) => i.id)).not.toContain(mine);
    const zhengzhou = await chainClient(zz, 'jurisdiction');
    expect((await zhengzhou.get(`/api/applications/${luoyang}/review`)).statusCode).toBe(404);
    await refused(zhengzhou, luoyang, { action: 'reject', reasonCode: 'DUPLICATE' }, 404, 'NOT_FOUND');
    // A filter naming another subtree's node is refused.
    const foreign = await zhengzhou.get(`/api/review/queue?campaignId=${c.campaignId}&unitId=${ly.unit.id}`);
    expect(foreign.statusCode).toBe(404);

    // Bulk by ids: what lies outside the subtree is reported as not found and left alone.
    const res = await (await chainClient(zz, 'unit')).post('/api/review/bulk', {
      campaignId: c.campaignId,
      action: 'reject',
      reasonCode: 'DUPLICATE',
      ids: [theirs, luoyang, mine, 999_999],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ action: 'reject', matched: 4, succeeded: 0 });
    expect(res.json().skipped.map((s: { id: number; code: string }) => [s.id, s.code])).toEqual([
      [mine, 'REVIEW_NOT_YOUR_TURN'],
      [theirs, 'NOT_FOUND'],
      [luoyang, 'NOT_FOUND'],
      [999_999, 'NOT_FOUND'],
    ]);
    expect((await reviewColumns(t, theirs)).status).toBe('submitted');
    expect((await reviewColumns(t, luoyang)).status).toBe('submitted');
  });
});

describe('queue and overview', () => {
  it('filters, sorts and pages on the server, masks ID numbers above the unit and gives abilities', async () => {
    const chain = await buildChain(t, '开封市');
    const ids = await make(chain, 5);
    await make(chain, 2, { verdict: 'needs_review', namePrefix: '待核实' });
    const unit = await chainClient(chain, 'unit');
    const base = `/api/review/queue?campaignId=${c.campaignId}`;
    const pending = (await unit.get(`${base}&pageSize=3&sort=name&order=desc`)).json();
    expect(pending.total).toBe(7);
    expect(pending.items).toHaveLength(3);
    expect(pending.items[0]).toMatchObject({
      unitName: chain.unit.name,
      departmentName: chain.department.name,
      jurisdictionName: '开封市',
      appliedJobType: '汽车驾驶员',
      appliedJobTypeCategory: '交通运输类',
      holder: 'unit',
      abilities: { approve: true, return: true, reject: true },
    });
    expect(pending.items[0].idNumber).toMatch(/^\d{17}[\dX]$/);
    const names = pending.items.map((i: { name: string }) => i.name);
    expect([...names].sort().reverse()).toEqual(names);
    const doubtful = (await unit.get(`${base}&verdict=needs_review`)).json();
    expect(doubtful.total).toBe(2);
    expect(doubtful.items[0].findingCount).toBe(1);
    expect((await unit.get(`${base}&q=${encodeURIComponent('待核实')}`)).json().total).toBe(2);

    // By filter, the server counts under its locks and refuses a count other than the one the reviewer confirmed.
    const byFilter = {
      campaignId: c.campaignId,
      action: 'approve',
      filter: { verdict: 'eligible', unitId: chain.unit.id },
    };
    const unconfirmed = await unit.post('/api/review/bulk', byFilter);
    expect(unconfirmed.statusCode).toBe(400);
    const stale = await unit.post('/api/review/bulk', { ...byFilter, expectedCount: 4 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('REVIEW_COUNT_CHANGED');
    expect(stale.json().error.message).toContain('现有 5 人');
    expect((await unit.get(`${base}&verdict=eligible`)).json().total).toBe(5);
    const bulk = await unit.post('/api/review/bulk', {
      campaignId: c.campaignId,
      action: 'approve',
      // The body's filter takes JSON numbers for ids (as the web sends them), not the query string's digits.
      filter: { verdict: 'eligible', unitId: chain.unit.id },
      expectedCount: 5,
    });
    expect(bulk.json()).toMatchObject({ matched: 5, succeeded: 5, skipped: [] });
    const department = await chainClient(chain, 'department');
    const deptQueue = (await department.get(`${base}&category=${encodeURIComponent('交通运输类')}`)).json();
    expect(deptQueue.total).toBe(5);
    expect(deptQueue.items[0].idNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    // One notice for the five.
    const notes = await rows((tx) =>
      tx.select().from(notifications).where(eq(notifications.recipientNodeId, chain.department.id)),
    );
    expect(notes.map((n) => n.body)).toEqual(['5 人的申请已由单位审核通过，待主管部门审核']);

    await department.post(`/api/review/applications/${ids[0]}/decide`, { action: 'approve' });
    await department.post(`/api/review/applications/${ids[1]}/decide`, returnInfo);
    const overview = (await department.get(`/api/review/overview?campaignId=${c.campaignId}`)).json();
    expect(overview).toMatchObject({
      level: 'department',
      levelLabel: '主管部门',
      orgNodeId: chain.department.id,
      sealName: chain.department.name,
      campaign: { id: c.campaignId, status: 'open' },
      deadline: { phase: 'jurisdiction_review', endsOn: '2017-03-20', passed: false },
      counts: { pending: 3, returnedToMe: 0, awaitingBatch: 1, decidedByMe: 2 },
    });
    expect((await department.get(`${base}&view=awaiting_batch`)).json().items.map((i: { id: number }) => i.id)).toEqual(
      [ids[0]],
    );
    const unitOverview = (await unit.get('/api/review/overview')).json();
    // The return is counted under 退回给我 only, not under 待审核 as well.
    expect(unitOverview.counts).toMatchObject({ pending: 2, returnedToMe: 1, awaitingBatch: 0, decidedByMe: 5 });
  });
});

describe('bulk decisions', () => {
  it('approves 5,000 applications in one request, set-based, with every review and audit row', async () => {
    const chain = await buildChain(t, '安阳市');
    const ids = await make(chain, 5000);
    const unit = await chainClient(chain, 'unit');
    const started = performance.now();
    const res = await unit.post('/api/review/bulk', { campaignId: c.campaignId, action: 'approve', ids });
    const ms = performance.now() - started;
    console.info(`bulk approval of 5,000 applications (${t.deps.dbKind}): ${Math.round(ms)} ms`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ matched: 5000, succeeded: 5000, skipped: [] });
    const counts = await rows(async (tx) => {
      const [reviews] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(applicationReviews)
        .where(and(eq(applicationReviews.orgNodeId, chain.unit.id), eq(applicationReviews.action, 'approve')));
      const [audits] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(auditLog)
        .where(and(eq(auditLog.orgNodeId, chain.unit.id), eq(auditLog.action, 'review.approve')));
      const [moved] = await tx
        .execute(
          sql`select count(*)::int as n from applications where unit_id = ${chain.unit.id} and status = 'unit_approved' and version = 2`,
        )
        .then((r) => (r as unknown as { rows: { n: number }[] }).rows);
      return { reviews: reviews!.n, audits: audits!.n, moved: moved!.n };
    });
    expect(counts).toEqual({ reviews: 5000, audits: 5000, moved: 5000 });
    expect(ms).toBeLessThan(30_000);

    // The department returns them all by filter in one more request.
    const department = await chainClient(chain, 'department');
    const started2 = performance.now();
    const back = await department.post('/api/review/bulk', {
      campaignId: c.campaignId,
      action: 'return',
      reasonCode: 'MATERIALS_MISSING',
      filter: { view: 'pending' },
      expectedCount: 5000,
    });
    console.info(`bulk return of 5,000 by filter (${t.deps.dbKind}): ${Math.round(performance.now() - started2)} ms`);
    expect(back.json()).toMatchObject({ matched: 5000, succeeded: 5000 });
    const notes = await rows((tx) =>
      tx.select().from(notifications).where(eq(notifications.recipientNodeId, chain.unit.id)),
    );
    expect(notes.map((n) => n.body)).toEqual(['5000 人的申请被主管部门退回修改：证明材料不全或扫描件不清晰']);
  });

  it('refuses more than 10,000 matched applications', async () => {
    const chain = await buildChain(t, '新乡市');
    await make(chain, 10_001);
    const res = await (await chainClient(chain, 'unit')).post('/api/review/bulk', {
      campaignId: c.campaignId,
      action: 'approve',
      filter: { view: 'all' },
      expectedCount: 10_001,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('REVIEW_BULK_TOO_LARGE');
    const tooMany = await (await chainClient(chain, 'unit')).post('/api/review/bulk', {
      campaignId: c.campaignId,
      action: 'approve',
      ids: Array.from({ length: 10_001 }, (_, i) => i + 1),
    });
    expect(tooMany.statusCode).toBe(400);
    const both = await (await chainClient(chain, 'unit')).post('/api/review/bulk', {
      campaignId: c.campaignId,
      action: 'approve',
      ids: [1],
      filter: {},
      expectedCount: 1,
    });
    expect(both.statusCode).toBe(400);
  });
});
