// 一级 (高级技师) applications through the API (issue 17 part 1): every eligibility route of 豫人社办〔2021〕27号
// (rules.md §6), the 一级 windows, the evidence required at submission, and the reviewers who see it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Client, signIn, type TestApp } from '../../../../test/setup/harness.js';
import { campaignWindowExtensions } from '../../db/schema.js';
import { inSystemTx } from '../../platform/tx.js';
import { buildChain, type Chain } from '../review/review.test-support.js';
import { grade1Note } from './applications.pdf.js';
import {
  at,
  type CampaignFixture,
  idNumber,
  jpegBytes,
  openCampaign2017,
  pdfBytes,
} from './applications.test-support.js';

// The 2017 campaign's 一级 windows (template): 一级申报和单位初审 09-01..09-15, 一级资格审查 09-16..09-30.
const IN_GRADE1_REGISTRATION = '2017-09-05T10:00:00+08:00';
const IN_GRADE1_REVIEW = '2017-09-20T10:00:00+08:00';
const AFTER_GRADE1_REVIEW = '2017-10-08T10:00:00+08:00';
const IN_SPRING_REGISTRATION = '2017-02-10T09:00:00+08:00';
const YEARS = [2016, 2015, 2014, 2013, 2012];

let t: TestApp;
let c: CampaignFixture;
let zz: Chain;
let ly: Chain;

beforeAll(async () => {
  t = await buildTestApp();
  c = await openCampaign2017(t);
  zz = await buildChain(t, '郑州市');
  ly = await buildChain(t, '洛阳市');
  t.clock.set(IN_GRADE1_REGISTRATION);
});
afterAll(async () => {
  await t.close();
});

/** An eligible 一级 form: 28 work years, 二级 since 2010 in the applied job type, appointed, 高中, 2 × 优秀. */
function grade1Form(overrides: Record<string, unknown> = {}) {
  return {
    idNumber: idNumber('19700315'),
    name: '李建国',
    education: 'senior_high',
    workStartMonth: '1990-07',
    currentJobType: '汽车驾驶员',
    currentGrade: 2,
    currentGradeMonth: '2010-06',
    appliedJobTypeId: c.driverId,
    appliedGrade: 1,
    appointedToGrade2Post: true,
    appraisals: ['excellent', 'competent', 'excellent', 'competent', 'competent'],
    waiverAward: false,
    phone: '13800000001',
    ...overrides,
  };
}

const clients = new Map<string, Client>();
/** A signed-in client, signed in again whenever the test clock has moved on (sessions expire). */
async function as(username: string): Promise<Client> {
  const key = `${username}@${t.clock.now().toISOString().slice(0, 10)}`;
  let client = clients.get(key);
  if (!client) {
    client = await signIn(t, username);
    clients.set(key, client);
  }
  return client;
}

async function draft(chain: Chain, overrides: Record<string, unknown> = {}) {
  const res = await (await as(chain.accounts.unit)).post('/api/applications', {
    campaignId: c.campaignId,
    unitId: chain.unit.id,
    ...grade1Form(overrides),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; verdict: string; findings: { code: string; severity: string }[] };
}

const codes = (a: { findings: { code: string }[] }) => a.findings.map((f) => f.code);

/** Uploads one file with the optional 一级 fields, as the given client. */
function uploadEvidence(
  client: Client,
  applicationId: number,
  parts: { kind: string; appraisalYear?: string | number; description?: string; data?: Buffer; fileName?: string },
) {
  const boundary = '----gongkaoGrade1';
  const field = (name: string, value: string) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  const chunks: Buffer[] = [field('kind', parts.kind)];
  if (parts.appraisalYear !== undefined) chunks.push(field('appraisalYear', String(parts.appraisalYear)));
  if (parts.description !== undefined) chunks.push(field('description', parts.description));
  chunks.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${encodeURIComponent(parts.fileName ?? 'scan.pdf')}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    parts.data ?? pdfBytes(2048),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return t.app.inject({
    method: 'POST',
    url: `/api/applications/${applicationId}/files`,
    payload: Buffer.concat(chunks),
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      cookie: client.cookie,
      'x-csrf-token': client.csrf,
    },
  });
}

async function uploadAppraisals(client: Client, id: number, years = YEARS) {
  for (const year of years) {
    const res = await uploadEvidence(client, id, { kind: 'appraisal_form', appraisalYear: year });
    expect(res.statusCode, res.body).toBe(201);
  }
}

describe('the printed form', () => {
  it('prints 一级’s claims in 备注', () => {
    const row = {
      appliedGrade: 1,
      appointedToGrade2Post: true,
      appraisals: ['excellent', 'competent', 'excellent', 'competent', 'competent'],
      waiverAward: true,
      waiverAwardKind: 'may_day_medal',
    };
    expect(grade1Note(row)).toBe(
      '一级：已聘任二级岗位，近五年考核（由近及远）优秀、合格、优秀、合格、合格，以奖励免除学历和考核条件（五一劳动奖章）',
    );
    expect(grade1Note({ ...row, appliedGrade: 2 })).toBeNull();
  });
});

describe('一级 eligibility through the API (豫人社办〔2021〕27号)', () => {
  it('finds an eligible candidate eligible, with no finding', async () => {
    const app = await draft(zz);
    expect(app).toMatchObject({
      verdict: 'eligible',
      appliedGrade: 1,
      appointedToGrade2Post: true,
      waiverAward: false,
    });
    expect(codes(app)).toEqual([]);
  });

  it.each([
    ['work years < 25', { workStartMonth: '1994-07' }, 'GRADE1_WORK_YEARS'],
    ['二级 obtained after Y−5', { currentGradeMonth: '2013-03' }, 'GRADE1_REQUIRES_GRADE2'],
    ['not appointed to a 二级 post', { appointedToGrade2Post: false }, 'GRADE1_NOT_APPOINTED'],
    ['education below 高中', { education: 'junior_high_or_below' }, 'GRADE1_EDUCATION'],
    [
      'an appraisal below 合格',
      { appraisals: ['excellent', 'excellent', 'basically_competent', 'competent', 'competent'] },
      'GRADE1_APPRAISALS',
    ],
    [
      'fewer than two 优秀',
      { appraisals: ['excellent', 'competent', 'competent', 'competent', 'competent'] },
      'GRADE1_APPRAISALS',
    ],
    ['fewer than five appraisals', { appraisals: ['excellent', 'excellent'] }, 'GRADE1_APPRAISALS_INCOMPLETE'],
    // A man born in December 1956 reached 60 in December 2016: excluded by 一级's cut-off, 31 December of Y−1.
    ['retired by 31 December of the year before', { idNumber: idNumber('19561215') }, 'RETIREMENT_AGE_REACHED'],
  ])('refuses when only one condition fails: %s', async (_what, overrides, code) => {
    const app = await draft(zz, overrides);
    expect(app.verdict).toBe('ineligible');
    expect(codes(app)).toEqual([code]);
  });

  it('uses 31 December of the year before, not the notice date, as 一级’s retirement cut-off', async () => {
    // Born 1957-01-10: 60 on 2017-01-10, after 2016-12-31 but before the notice (2017-01-20).
    const grade1 = await draft(zz, { idNumber: idNumber('19570110') });
    expect(codes(grade1)).not.toContain('RETIREMENT_AGE_REACHED');
    expect(codes(grade1)).toContain('RETIREMENT_DURING_YEAR');
    const evaluated = await (await as(zz.accounts.unit)).post('/api/applications/evaluate', {
      campaignId: c.campaignId,
      ...grade1Form({ idNumber: idNumber('19570110'), appliedGrade: 2, currentGrade: 3 }),
    });
    expect(evaluated.json().findings.map((f: { code: string }) => f.code)).toContain('RETIREMENT_AGE_REACHED');
  });

  it('lets an award waive education and appraisals, but not work years, 二级 or the appointment', async () => {
    const waived = await draft(zz, {
      education: 'junior_high_or_below',
      appraisals: ['competent', 'incompetent', 'competent', 'competent', 'competent'],
      waiverAward: true,
      waiverAwardKind: 'may_day_medal',
    });
    expect(waived).toMatchObject({ verdict: 'eligible', waiverAwardKind: 'may_day_medal' });
    expect(codes(waived)).toEqual(['GRADE1_AWARD_WAIVER']);
    expect(waived.findings[0]).toMatchObject({
      severity: 'warning',
      message: expect.stringContaining('文化程度、年度考核'),
    });

    const notWaived = await draft(zz, {
      workStartMonth: '1995-07',
      currentGradeMonth: '2014-01',
      appointedToGrade2Post: false,
      education: 'junior_high_or_below',
      waiverAward: true,
      waiverAwardKind: 'patents',
    });
    expect(notWaived.verdict).toBe('ineligible');
    expect(codes(notWaived).sort()).toEqual(
      ['GRADE1_AWARD_WAIVER', 'GRADE1_NOT_APPOINTED', 'GRADE1_REQUIRES_GRADE2', 'GRADE1_WORK_YEARS'].sort(),
    );
    // The award's kind is kept only with the waiver claimed.
    const noWaiver = await draft(zz, { waiverAward: false, waiverAwardKind: 'patents' });
    expect(noWaiver).toMatchObject({ waiverAwardKind: null });
  });
});

describe('the 一级 window', () => {
  it('takes 一级 only in 一级申报 and the other grades only in the spring registration', async () => {
    const unit = zz.accounts.unit;
    const other = { ...grade1Form(), appliedGrade: 4, currentGrade: null, currentGradeMonth: null };
    await at(t, IN_SPRING_REGISTRATION, async () => {
      const client = await as(unit);
      const refused = await client.post('/api/applications', {
        campaignId: c.campaignId,
        unitId: zz.unit.id,
        ...grade1Form(),
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error).toMatchObject({
        code: 'GRADE1_WINDOW_CLOSED',
        message: expect.stringContaining('一级申报和单位初审的时间为2017年9月1日至2017年9月15日，尚未开始'),
      });
      const spring = await client.post('/api/applications', { campaignId: c.campaignId, unitId: zz.unit.id, ...other });
      expect(spring.statusCode, spring.body).toBe(201);
    });
    const client = await as(unit);
    const late = await client.post('/api/applications', { campaignId: c.campaignId, unitId: zz.unit.id, ...other });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('WINDOW_CLOSED');
    // Within 一级申报 a 一级 draft is saved and changed; from the day after, it is read-only.
    const app = await draft(zz);
    const patched = await client.patch(`/api/applications/${app.id}`, { version: 1, remarks: '九月填报' });
    expect(patched.statusCode, patched.body).toBe(200);
    await at(t, '2017-09-16T09:00:00+08:00', async () => {
      const after = await as(unit);
      const closed = await after.patch(`/api/applications/${app.id}`, { version: 2, remarks: '截止后' });
      expect(closed.statusCode).toBe(409);
      expect(closed.json().error).toMatchObject({
        code: 'GRADE1_WINDOW_CLOSED',
        message: expect.stringContaining('已经结束'),
      });
      expect((await after.get(`/api/applications/${app.id}`)).json().abilities).toMatchObject({
        edit: false,
        submit: false,
      });
    });
  });

  it('extends 一级申报 for one jurisdiction only', async () => {
    await inSystemTx(t.database.db, (tx) =>
      tx.insert(campaignWindowExtensions).values({
        campaignId: c.campaignId,
        jurisdictionId: ly.jurisdiction.id,
        phase: 'grade1_registration',
        endsOn: '2017-09-20',
        reason: '测试延期',
        createdAt: t.clock.now(),
      }),
    );
    await at(t, '2017-09-18T10:00:00+08:00', async () => {
      const luoyang = await as(ly.accounts.unit);
      const ok = await luoyang.post('/api/applications', {
        campaignId: c.campaignId,
        unitId: ly.unit.id,
        ...grade1Form(),
      });
      expect(ok.statusCode, ok.body).toBe(201);
      const zhengzhou = await as(zz.accounts.unit);
      const refused = await zhengzhou.post('/api/applications', {
        campaignId: c.campaignId,
        unitId: zz.unit.id,
        ...grade1Form(),
      });
      expect(refused.json().error?.code).toBe('GRADE1_WINDOW_CLOSED');
    });
  });
});

describe('一级 evidence', () => {
  it('refuses to submit without the five 年度考核登记表, naming the missing years; accepts once all are there', async () => {
    const unit = await as(zz.accounts.unit);
    const direct = await unit.post('/api/applications', {
      campaignId: c.campaignId,
      unitId: zz.unit.id,
      ...grade1Form(),
      submit: true,
    });
    expect(direct.statusCode).toBe(409);
    expect(direct.json().error).toMatchObject({ code: 'GRADE1_EVIDENCE_MISSING' });

    const app = await draft(zz);
    const bare = await unit.post(`/api/applications/${app.id}/submit`, {});
    expect(bare.statusCode).toBe(409);
    expect(bare.json().error).toMatchObject({
      code: 'GRADE1_EVIDENCE_MISSING',
      message: '申报一级须上传近5年的年度考核登记表扫描件，尚缺2016年、2015年、2014年、2013年、2012年',
    });

    // The year must be one of the five, the file an image or a PDF.
    for (const appraisalYear of ['2011', '2017', '', 'abcd']) {
      const res = await uploadEvidence(unit, app.id, { kind: 'appraisal_form', appraisalYear });
      expect(res.statusCode, appraisalYear).toBe(400);
      expect(res.json().error.message).toContain('2012年至2016年');
    }
    expect((await uploadEvidence(unit, app.id, { kind: 'appraisal_form' })).statusCode).toBe(400);
    const gif = await uploadEvidence(unit, app.id, {
      kind: 'appraisal_form',
      appraisalYear: 2016,
      data: Buffer.from('GIF89a0000'),
    });
    expect(gif.json().error?.code).toBe('FILE_TYPE_INVALID');

    await uploadAppraisals(unit, app.id, [2016, 2015, 2014, 2013]);
    const one = await uploadEvidence(unit, app.id, {
      kind: 'appraisal_form',
      appraisalYear: 2016,
      data: jpegBytes(1200, 1600),
      fileName: '2016年考核表第2页.jpg',
    });
    expect(one.json()).toMatchObject({ kind: 'appraisal_form', appraisalYear: 2016, mime: 'image/jpeg' });
    const still = await unit.post(`/api/applications/${app.id}/submit`, {});
    expect(still.json().error.message).toContain('尚缺2012年');

    await uploadAppraisals(unit, app.id, [2012]);
    const submitted = await unit.post(`/api/applications/${app.id}/submit`, {});
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'submitted' });
    expect(submitted.json().files.filter((f: { kind: string }) => f.kind === 'appraisal_form')).toHaveLength(6);
  });

  it('with the award waiver wants the award’s kind and a described 获奖证书, not the appraisal scans', async () => {
    const unit = await as(zz.accounts.unit);
    const app = await draft(zz, { education: 'junior_high_or_below', appraisals: [], waiverAward: true });
    const refused = await unit.post(`/api/applications/${app.id}/submit`, {});
    expect(refused.json().error).toMatchObject({
      code: 'GRADE1_EVIDENCE_MISSING',
      message:
        '申请以奖励免除学历和年度考核条件的，须选择奖励类别；申请以奖励免除学历和年度考核条件的，须上传获奖证书或专利证书扫描件',
    });
    expect((await uploadEvidence(unit, app.id, { kind: 'award_certificate' })).statusCode).toBe(400);
    expect((await uploadEvidence(unit, app.id, { kind: 'award_certificate', description: '  ' })).statusCode).toBe(400);
    const award = await uploadEvidence(unit, app.id, {
      kind: 'award_certificate',
      description: '2015年河南省五一劳动奖章（河南省总工会）',
    });
    expect(award.statusCode, award.body).toBe(201);
    expect(award.json()).toMatchObject({
      kind: 'award_certificate',
      description: '2015年河南省五一劳动奖章（河南省总工会）',
    });
    const kindless = await unit.post(`/api/applications/${app.id}/submit`, {});
    expect(kindless.json().error.message).toBe('申请以奖励免除学历和年度考核条件的，须选择奖励类别');
    const patched = await unit.patch(`/api/applications/${app.id}`, { version: 1, waiverAwardKind: 'may_day_medal' });
    expect(patched.statusCode, patched.body).toBe(200);
    const submitted = await unit.post(`/api/applications/${app.id}/submit`, {});
    expect(submitted.statusCode, submitted.body).toBe(200);
  });

  it('keeps the 一级 kinds to 一级 applications, and bulk submit checks the evidence too', async () => {
    const unit = await as(zz.accounts.unit);
    const grade1 = await draft(zz);
    const bulk = await unit.post('/api/applications/bulk-submit', { campaignId: c.campaignId, ids: [grade1.id] });
    expect(bulk.json()).toMatchObject({
      succeeded: 0,
      skipped: [{ id: grade1.id, code: 'GRADE1_EVIDENCE_MISSING' }],
    });
    await at(t, IN_SPRING_REGISTRATION, async () => {
      const spring = await as(zz.accounts.unit);
      const res = await spring.post('/api/applications', {
        campaignId: c.campaignId,
        unitId: zz.unit.id,
        ...grade1Form({ appliedGrade: 4, currentGrade: null, currentGradeMonth: null }),
      });
      const upload = await uploadEvidence(spring, res.json().id, { kind: 'appraisal_form', appraisalYear: 2016 });
      expect(upload.statusCode).toBe(400);
      expect(upload.json().error.message).toContain('只用于申报一级');
    });
  });
});

describe('reviewers and the 一级 evidence', () => {
  it('passes a 一级 application up the chain in 一级资格审查, every level seeing and opening its evidence', async () => {
    const unit = await as(zz.accounts.unit);
    const app = await draft(zz);
    await uploadAppraisals(unit, app.id);
    expect((await unit.post(`/api/applications/${app.id}/submit`, {})).statusCode).toBe(200);
    expect((await unit.post(`/api/review/applications/${app.id}/decide`, { action: 'approve' })).statusCode).toBe(200);

    // After 一级申报 closed, within 一级资格审查: the spring deadlines (03-20, 03-31) have long passed.
    await at(t, IN_GRADE1_REVIEW, async () => {
      for (const level of ['department', 'jurisdiction', 'province'] as const) {
        const reviewer = await as(zz.accounts[level]);
        const read = await reviewer.get(`/api/applications/${app.id}`);
        expect(read.statusCode).toBe(200);
        const files = read.json().files as { id: number; kind: string; appraisalYear: number | null }[];
        expect(files.map((f) => f.appraisalYear).sort()).toEqual([...YEARS].sort());
        const download = await reviewer.get(`/api/applications/${app.id}/files/${files[0]!.id}`);
        expect(download.statusCode, level).toBe(200);
        expect(download.headers['content-type']).toBe('application/pdf');
      }
      const department = await as(zz.accounts.department);
      const detail = await department.get(`/api/applications/${app.id}/review`);
      expect(detail.json()).toMatchObject({
        deadline: { phase: 'grade1_review', endsOn: '2017-09-30', passed: false },
        abilities: { approve: true },
      });
      expect(
        (await department.post(`/api/review/applications/${app.id}/decide`, { action: 'approve' })).statusCode,
      ).toBe(200);
      const pending = await department.get(`/api/review/batches/pending?campaignId=${c.campaignId}`);
      expect(pending.json()).toMatchObject({ count: 1, deadline: { phase: 'grade1_review' } });
      const batch = await department.post('/api/review/batches', { campaignId: c.campaignId });
      expect(batch.statusCode, batch.body).toBe(201);

      const jurisdiction = await as(zz.accounts.jurisdiction);
      const overview = await jurisdiction.get(`/api/review/overview?campaignId=${c.campaignId}`);
      expect(overview.json().deadline).toMatchObject({ phase: 'grade1_review', endsOn: '2017-09-30' });
      expect(
        (await jurisdiction.post(`/api/review/applications/${app.id}/decide`, { action: 'approve' })).statusCode,
      ).toBe(200);
      expect((await jurisdiction.post('/api/review/batches', { campaignId: c.campaignId })).statusCode).toBe(201);
      const province = await as(zz.accounts.province);
      const confirmed = await province.post(`/api/review/applications/${app.id}/decide`, { action: 'approve' });
      expect(confirmed.json()).toMatchObject({ status: 'province_confirmed' });
    });
  });

  it('keeps another jurisdiction’s officials away from the application and its files', async () => {
    const unit = await as(zz.accounts.unit);
    const app = await draft(zz);
    await uploadAppraisals(unit, app.id, [2016]);
    const files = (await unit.get(`/api/applications/${app.id}`)).json().files as { id: number }[];
    for (const level of ['unit', 'department', 'jurisdiction'] as const) {
      const stranger = await as(ly.accounts[level]);
      expect((await stranger.get(`/api/applications/${app.id}`)).statusCode).toBe(404);
      expect((await stranger.get(`/api/applications/${app.id}/files/${files[0]!.id}`)).statusCode).toBe(404);
    }
    // Nor may a reviewer above the unit add or remove evidence.
    const department = await as(zz.accounts.department);
    expect((await uploadEvidence(department, app.id, { kind: 'appraisal_form', appraisalYear: 2015 })).statusCode).toBe(
      403,
    );
  });

  it('refuses a 一级 decision once 一级资格审查 is over', async () => {
    const unit = await as(zz.accounts.unit);
    const app = await draft(zz);
    await uploadAppraisals(unit, app.id);
    await unit.post(`/api/applications/${app.id}/submit`, {});
    await unit.post(`/api/review/applications/${app.id}/decide`, { action: 'approve' });
    await at(t, AFTER_GRADE1_REVIEW, async () => {
      const department = await as(zz.accounts.department);
      const late = await department.post(`/api/review/applications/${app.id}/decide`, { action: 'approve' });
      expect(late.statusCode).toBe(409);
      expect(late.json().error).toMatchObject({
        code: 'REVIEW_DEADLINE_PASSED',
        message: expect.stringContaining('2017年9月30日'),
      });
    });
  });
});
