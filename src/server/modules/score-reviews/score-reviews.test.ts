import { and, eq, sql } from 'drizzle-orm';
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
import { resultRows } from '../../db/client.js';
import { attemptAnswers, auditLog, orgNodes, scoreResults } from '../../db/schema.js';
import { inSystemTx } from '../../platform/tx.js';
import {
  type ExamBank,
  type ExamFixture,
  insertExamBanks,
  PAPER_KEYS,
  seatedExam,
} from '../delivery/delivery.test-support.js';

let t: TestApp;
let bank: ExamBank;
let province: Client;
let provinceAccount: { id: number; username: string };

const minutes = (n: number) => n * 60_000;

beforeAll(async () => {
  t = await buildTestApp({ publicRatePerMinute: 1000 });
  bank = await insertExamBanks(t);
  const node = await inSystemTx(t.database.db, async (tx) => {
    const [row] = await tx.select().from(orgNodes).where(eq(orgNodes.id, t.provinceId));
    return row!;
  });
  provinceAccount = await buildAccount(t, node, 'province_admin');
});
afterAll(async () => {
  await t?.close();
});

function exam(url: string, payload: unknown, token: string) {
  return t.app.inject({
    method: 'POST',
    url,
    payload: payload as never,
    headers: { authorization: `Bearer ${token}` },
  });
}

/** Two candidates sit 职业道德 and 职业能力 (every answer right) on Monday 2036-06-02; compiled and released. */
async function releasedExam(): Promise<ExamFixture & { unitId: number }> {
  const fixture = await seatedExam(t, bank, { count: 2, date: '2036-06-02', settings: { autoAdmit: true } });
  t.clock.set(new Date(fixture.startsAt.getTime() - minutes(10)));
  const tokens: string[] = [];
  for (const c of fixture.candidates) {
    const res = await exam('/api/exam/sign-in', { ticketNumber: c.ticketNumber, idNumber: c.idNumber }, '');
    expect(res.statusCode, res.body).toBe(200);
    tokens.push(res.json().token);
  }
  const answers = PAPER_KEYS.map((key, i) => ({ position: i + 1, answer: key, flagged: false, seq: i + 1 }));
  t.clock.set(new Date(fixture.startsAt.getTime() + minutes(31)));
  for (const token of tokens) {
    expect((await exam('/api/exam/subjects/ethics/submit', { changes: answers }, token)).statusCode).toBe(200);
  }
  t.clock.set(new Date(fixture.startsAt.getTime() + minutes(80 + 31)));
  for (const token of tokens) {
    expect((await exam('/api/exam/subjects/ability/submit', { changes: answers }, token)).statusCode).toBe(200);
  }
  province = await signIn(t, provinceAccount.username);
  expect((await province.post(`/api/campaigns/${fixture.campaignId}/scores/compile`)).statusCode).toBe(200);
  expect((await province.post(`/api/campaigns/${fixture.campaignId}/scores/release`)).statusCode).toBe(200);
  const [row] = await inSystemTx(t.database.db, (tx) =>
    tx.execute(sql`select unit_id from applications where id = ${fixture.candidates[0]!.applicationId}`),
  ).then((r) => resultRows<{ unit_id: number }>(r));
  return { ...fixture, unitId: Number(row!.unit_id) };
}

async function unitOfficer(unitId: number): Promise<Client> {
  const unit = await inSystemTx(t.database.db, async (tx) => {
    const [row] = await tx.select().from(orgNodes).where(eq(orgNodes.id, unitId));
    return row!;
  });
  return signIn(t, (await buildAccount(t, unit, 'unit_officer')).username);
}

const scoreOf = (applicationId: number, subject: 'ethics' | 'ability') =>
  inSystemTx(t.database.db, async (tx) => {
    const [row] = await tx
      .select({ score: scoreResults.score })
      .from(scoreResults)
      .where(and(eq(scoreResults.applicationId, applicationId), eq(scoreResults.subject, subject)));
    return row?.score ?? null;
  });

describe('score review (复核)', () => {
  it('is filed by the unit in the window, re-scored from the seed: upheld unless the answers changed', async () => {
    const fixture = await releasedExam();
    const [c0, c1] = fixture.candidates;
    const unit = await unitOfficer(fixture.unitId);
    const original = await scoreOf(c0!.applicationId, 'ethics');

    const options = await unit.get(`/api/score-reviews/options?campaignId=${fixture.campaignId}`);
    expect(options.statusCode, options.body).toBe(200);
    expect(options.json().window).toMatchObject({ open: true, days: 10 });
    expect(options.json().candidates).toHaveLength(2);

    const filed = await unit.post('/api/score-reviews', {
      applicationId: c0!.applicationId,
      subject: 'ethics',
      reason: '考生认为成绩与预估不符',
    });
    expect(filed.statusCode, filed.body).toBe(200);
    expect(filed.json()).toMatchObject({ status: 'pending', filedByKind: 'unit', originalScore: original });
    expect(filed.json().limit).toMatchObject({ days: 7, used: 0, remaining: 7, overdue: false });
    expect(
      (
        await unit.post('/api/score-reviews', {
          applicationId: c0!.applicationId,
          subject: 'ethics',
          reason: '再次申请',
        })
      ).json().error.code,
    ).toBe('REVIEW_DUPLICATE');

    // Jurisdiction isolation: 开封's admin neither sees nor processes 郑州's candidate's review; 郑州's does.
    const kaifeng = await signIn(
      t,
      (await buildAccount(t, await findJurisdiction(t, '开封市'), 'jurisdiction_admin')).username,
    );
    expect((await kaifeng.get('/api/score-reviews')).json().total).toBe(0);
    expect(
      (await kaifeng.post(`/api/score-reviews/${filed.json().id}/decide`, { note: '维持原成绩' })).statusCode,
    ).toBe(404);
    expect(
      (
        await kaifeng.post('/api/score-reviews', {
          applicationId: c1!.applicationId,
          subject: 'ethics',
          reason: '跨地区',
        })
      ).statusCode,
    ).toBe(403);
    const department = await buildNode(t, await findJurisdiction(t, '郑州市'), 'department');
    const otherUnit = await unitOfficer((await buildNode(t, department, 'unit')).id);
    const foreign = await otherUnit.post('/api/score-reviews', {
      applicationId: c1!.applicationId,
      subject: 'ethics',
      reason: '别的单位',
    });
    expect(foreign.statusCode).toBe(404);
    const zhengzhou = await signIn(
      t,
      (await buildAccount(t, await findJurisdiction(t, '郑州市'), 'jurisdiction_admin')).username,
    );
    const queue = await zhengzhou.get(`/api/score-reviews?campaignId=${fixture.campaignId}&status=pending`);
    expect(queue.json().items.map((i: { id: number }) => i.id)).toContain(filed.json().id);

    // Three working days later (Thursday after filing on Monday … the clock is on the exam day's evening).
    const check = await zhengzhou.post(`/api/score-reviews/${filed.json().id}/check`);
    expect(check.statusCode, check.body).toBe(200);
    // The fixture's pool snapshot is written by hand (no blueprint cells): the rebuild says so and the stored paper
    // is scored. (A real rebuild is the demo's: seed-demo.test.ts.)
    expect(check.json()).toMatchObject({ rescoredScore: original, suggested: 'upheld' });
    expect(check.json().rebuildMessage).toBeTruthy();
    const decided = await zhengzhou.post(`/api/score-reviews/${filed.json().id}/decide`, { note: '经复核，成绩无误' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({
      status: 'decided',
      outcome: 'upheld',
      newScore: null,
      rescoredScore: original,
    });
    expect(await scoreOf(c0!.applicationId, 'ethics')).toBe(original);
    expect(
      (await zhengzhou.post(`/api/score-reviews/${filed.json().id}/decide`, { note: '再次' })).json().error.code,
    ).toBe('REVIEW_DECIDED');
    // The unit sees the answer.
    const seen = (await unit.get(`/api/score-reviews/${filed.json().id}`)).json();
    expect(seen).toMatchObject({ outcome: 'upheld', note: '经复核，成绩无误' });

    // An answer changed in the store: the re-score differs and the province corrects the score table.
    const second = await unit.post('/api/score-reviews', {
      applicationId: c1!.applicationId,
      subject: 'ability',
      reason: '第一题答案有疑问',
    });
    expect(second.statusCode, second.body).toBe(200);
    const before = await scoreOf(c1!.applicationId, 'ability');
    await inSystemTx(t.database.db, (tx) =>
      tx.execute(sql`
        update attempt_answers set answer = '' where position = 1 and attempt_subject_id = (
          select s.id from attempt_subjects s join exam_attempts e on e.id = s.attempt_id
          where e.application_id = ${c1!.applicationId} and s.subject = 'ability')`),
    );
    void attemptAnswers;
    const corrected = await province.post(`/api/score-reviews/${second.json().id}/decide`, {
      note: '按存储的作答重新评分',
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json().outcome).toBe('corrected');
    expect(corrected.json().newScore).toBeLessThan(before!);
    expect(await scoreOf(c1!.applicationId, 'ability')).toBe(corrected.json().newScore);
    const audit = await inSystemTx(t.database.db, (tx) =>
      tx.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityType, 'score_review')),
    );
    expect(audit.map((a) => a.action).sort()).toEqual([
      'score_review.decide',
      'score_review.decide',
      'score_review.file',
      'score_review.file',
    ]);
  });

  it('refuses a request outside the window and counts the working days against the limit', async () => {
    const fixture = await releasedExam();
    const [c0, c1] = fixture.candidates;
    let unit = await unitOfficer(fixture.unitId);
    // Released on Monday 2036-06-02: 10 working days run to Monday 06-16.
    t.clock.set(new Date('2036-06-16T08:00:00Z'));
    unit = await unitOfficer(fixture.unitId);
    const inTime = await unit.post('/api/score-reviews', {
      applicationId: c0!.applicationId,
      subject: 'ethics',
      reason: '最后一天',
    });
    expect(inTime.statusCode, inTime.body).toBe(200);
    t.clock.set(new Date('2036-06-17T08:00:00Z'));
    unit = await unitOfficer(fixture.unitId);
    const late = await unit.post('/api/score-reviews', {
      applicationId: c1!.applicationId,
      subject: 'ethics',
      reason: '晚了一天',
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('REVIEW_WINDOW_CLOSED');
    // Filed Monday 06-16; on Thursday 06-26 (8 working days later) it is overdue.
    t.clock.set(new Date('2036-06-26T08:00:00Z'));
    province = await signIn(t, provinceAccount.username);
    const overdue = await province.get(`/api/score-reviews?campaignId=${fixture.campaignId}&overdue=yes`);
    expect(overdue.json().items).toHaveLength(1);
    expect(overdue.json().items[0].limit).toMatchObject({ used: 8, remaining: 0, dueOn: '2036-06-25', overdue: true });
  });
});
