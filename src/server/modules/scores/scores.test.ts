import { and, eq, inArray, sql } from 'drizzle-orm';
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
import { scoreAnswers } from '../../../domain/exam.js';
import { resultRows } from '../../db/client.js';
import { attemptAnswers, attemptSubjects, auditLog, examAttempts, orgNodes } from '../../db/schema.js';
import { SYSTEM_META } from '../../platform/context.js';
import { inSystemTx } from '../../platform/tx.js';
import {
  type ExamBank,
  type ExamFixture,
  insertExamBanks,
  PAPER_KEYS,
  PAPER_POINTS,
  seatedExam,
} from '../delivery/delivery.test-support.js';
import { paperKeysForDelivery } from '../papers/papers.service.js';
import { rescoreCampaign } from './scores.service.js';

let t: TestApp;
let bank: ExamBank;
let province: Client;
let provinceActor: { id: number; username: string };
let day = 0;

const minutes = (n: number) => n * 60_000;
function nextDate(): string {
  day++;
  return new Date(Date.UTC(2032, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
}

beforeAll(async () => {
  t = await buildTestApp({ publicRatePerMinute: 1000 });
  bank = await insertExamBanks(t);
  const node = await inSystemTx(t.database.db, async (tx) => {
    const [row] = await tx.select().from(orgNodes).where(eq(orgNodes.id, t.provinceId));
    return row!;
  });
  provinceActor = await buildAccount(t, node, 'province_admin');
  province = await signIn(t, provinceActor.username);
});
afterAll(async () => {
  await t?.close();
});

function post(url: string, payload: unknown, token?: string) {
  return t.app.inject({
    method: 'POST',
    url,
    payload: payload as never,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

/**
 * Three seated candidates who all sit both subjects (职业道德, 职业能力) and hand in: candidate 0 answers every item
 * right, candidate 1 gets the first item of 职业道德 wrong, candidate 2 answers right but a tier-1 violation is recorded
 * while 职业道德 is open.
 */
async function satExam(): Promise<ExamFixture> {
  const fixture = await seatedExam(t, bank, { count: 3, date: nextDate(), settings: { autoAdmit: true } });
  t.clock.set(new Date(fixture.startsAt.getTime() - minutes(10)));
  const tokens: string[] = [];
  for (const c of fixture.candidates) {
    const res = await post('/api/exam/sign-in', { ticketNumber: c.ticketNumber, idNumber: c.idNumber });
    expect(res.statusCode, res.body).toBe(200);
    tokens.push(res.json().token);
  }
  const answers = (wrongFirst: boolean) =>
    PAPER_KEYS.map((key, i) => ({
      position: i + 1,
      answer: i === 0 && wrongFirst ? (key === 'A' ? 'B' : 'A') : key,
      flagged: false,
      seq: i + 1,
    }));
  t.clock.set(new Date(fixture.startsAt.getTime() + minutes(31)));
  for (const [i, token] of tokens.entries()) {
    const res = await post('/api/exam/subjects/ethics/submit', { changes: answers(i === 1) }, token);
    expect(res.statusCode, res.body).toBe(200);
  }
  // 职业能力 opens after 60 minutes and a 20-minute break.
  t.clock.set(new Date(fixture.startsAt.getTime() + minutes(80 + 31)));
  for (const token of tokens) {
    const res = await post('/api/exam/subjects/ability/submit', { changes: answers(false) }, token);
    expect(res.statusCode, res.body).toBe(200);
  }
  await inSystemTx(t.database.db, (tx) =>
    tx.execute(sql`
      insert into exam_events (session_id, room_id, centre_id, centre_path, kind, type, tier, attempt_id, note,
        started_at, recorded_by, created_at, updated_at)
      select e.session_id, e.room_id, e.centre_id, e.centre_path, 'violation', 'device', 1, e.id, '使用手机',
        ${new Date(fixture.startsAt.getTime() + minutes(10)).toISOString()}::timestamptz, ${provinceActor.id},
        now(), now()
      from exam_attempts e where e.application_id = ${fixture.candidates[2]!.applicationId}`),
  );
  // The clock moved years on: a fresh session for the province's official.
  province = await signIn(t, provinceActor.username);
  return fixture;
}

/** The province's official as the services take them (the re-score is called directly, without its job). */
function provinceContext() {
  return {
    actor: {
      accountId: provinceActor.id,
      username: provinceActor.username,
      displayName: '省级管理员',
      role: 'province_admin' as const,
      orgNodeId: t.provinceId,
      orgPath: `/${t.provinceId}/`,
      orgNodeName: '河南省',
    },
    meta: SYSTEM_META,
  };
}

type ListItem = {
  applicationId: number;
  subjects: { subject: string; status: string; score: number | null; voidTier: number | null }[];
  passed: boolean;
};

async function list(client: Client, campaignId: number, query = ''): Promise<{ total: number; items: ListItem[] }> {
  const res = await client.get(`/api/campaigns/${campaignId}/scores${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function scoresOf(fixture: ExamFixture) {
  return inSystemTx(t.database.db, async (tx) =>
    tx
      .select({ id: attemptSubjects.id, score: attemptSubjects.score, applicationId: examAttempts.applicationId })
      .from(attemptSubjects)
      .innerJoin(examAttempts, eq(examAttempts.id, attemptSubjects.attemptId))
      .where(eq(examAttempts.sessionId, fixture.sessionId))
      .orderBy(attemptSubjects.id),
  );
}

describe('compile, re-score, release and the public lookup', () => {
  it('carries a campaign from hand-in to a released lookup', async () => {
    const fixture = await satExam();
    const { campaignId } = fixture;
    const c0 = fixture.candidates[0]!;
    const lookup = (idNumber: string, ticketNumber: string) =>
      post('/api/public/score-lookup', { idNumber, ticketNumber });

    // Before the compile and release nothing is public, and the refusal says only that nothing matches.
    const early = await lookup(c0.idNumber, c0.ticketNumber);
    expect(early.statusCode).toBe(404);
    expect(early.json().error.code).toBe('SCORE_LOOKUP_NO_MATCH');
    expect((await province.post(`/api/campaigns/${campaignId}/scores/release`)).json().error.code).toBe(
      'SCORES_NOT_COMPILED',
    );

    const compiled = await province.post(`/api/campaigns/${campaignId}/scores/compile`);
    expect(compiled.statusCode, compiled.body).toBe(200);
    expect(compiled.json().compiled).toBe(6);
    const table = await list(province, campaignId);
    expect(table.total).toBe(3);
    const byId = new Map(table.items.map((i) => [i.applicationId, i]));
    const full = byId.get(c0.applicationId)!;
    expect(full.subjects.map((s) => [s.subject, s.status])).toEqual([
      ['ethics', 'scored'],
      ['ability', 'scored'],
    ]);
    const voided = byId.get(fixture.candidates[2]!.applicationId)!;
    expect(voided.subjects.find((s) => s.subject === 'ethics')).toMatchObject({ status: 'voided', voidTier: 1 });
    expect(voided.subjects.find((s) => s.subject === 'ability')).toMatchObject({ status: 'scored' });
    // The fixture's grade sits three subjects and only two were sat here: nobody has passed the grade.
    expect(table.items.every((i) => !i.passed)).toBe(true);
    const aggregates = await province.get(`/api/campaigns/${campaignId}/scores/aggregates?by=jurisdiction`);
    expect(aggregates.statusCode, aggregates.body).toBe(200);
    expect(aggregates.json().total).toMatchObject({ candidates: 3, passed: 0, voided: 1, passRate: 0 });

    // Re-scoring changes nothing while the answers are as handed in.
    const ctx = provinceContext();
    const before = await scoresOf(fixture);
    const same = await rescoreCampaign(t.deps, ctx, campaignId);
    expect(same).toMatchObject({ scored: 6, changed: 0 });
    expect(await scoresOf(fixture)).toEqual(before);

    // An answer changed in the store (as a recovery merge might): only that subject's score moves, by the item's points.
    const ethics0 = before.find(
      (s) =>
        s.applicationId === c0.applicationId &&
        s.id === Math.min(...before.filter((b) => b.applicationId === c0.applicationId).map((b) => b.id)),
    )!;
    await inSystemTx(t.database.db, (tx) =>
      tx
        .update(attemptAnswers)
        .set({ answer: '' })
        .where(and(eq(attemptAnswers.attemptSubjectId, ethics0.id), eq(attemptAnswers.position, 1))),
    );
    const moved = await rescoreCampaign(t.deps, ctx, campaignId);
    expect(moved).toMatchObject({ scored: 6, changed: 1 });
    const after = await scoresOf(fixture);
    expect(after.filter((s) => s.id !== ethics0.id)).toEqual(before.filter((s) => s.id !== ethics0.id));
    expect(after.find((s) => s.id === ethics0.id)!.score).toBeLessThan(ethics0.score!);
    const audits = await inSystemTx(t.database.db, (tx) =>
      tx
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(eq(auditLog.entityId, String(campaignId))),
    );
    expect(audits.map((a) => a.action).filter((a) => a.startsWith('score.'))).toEqual([
      'score.compile',
      'score.rescore',
      'score.rescore',
    ]);

    // Released: the right pair answers, a wrong pair still says only that nothing matches.
    const released = await province.post(`/api/campaigns/${campaignId}/scores/release`);
    expect(released.statusCode, released.body).toBe(200);
    const found = await lookup(c0.idNumber.toLowerCase(), c0.ticketNumber);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json()).toMatchObject({
      subjects: [
        { subject: '职业道德', status: '有成绩' },
        { subject: '职业能力', status: '有成绩' },
        // The grade's third subject was not sat here: named, with no result yet.
        { subject: '岗位技能', score: null, status: '暂无成绩' },
      ],
      passed: false,
    });
    expect(found.json().name).toBeTruthy();
    const wrong = await lookup(fixture.candidates[1]!.idNumber, c0.ticketNumber);
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json()).toEqual(early.json());
    // Released results are no longer changed by a compile or a re-score.
    expect((await province.post(`/api/campaigns/${campaignId}/scores/compile`)).json().error.code).toBe(
      'SCORES_RELEASED',
    );
    await expect(rescoreCampaign(t.deps, ctx, campaignId)).rejects.toMatchObject({ code: 'SCORES_RELEASED' });
  });
});

describe('re-score', () => {
  it('scores every subject as scoreAnswers does over its paper keys, whatever was saved', async () => {
    const fixture = await satExam();
    const { campaignId } = fixture;
    const subjects = await scoresOf(fixture);
    // Every answer of every subject rewritten: right, wrong, blank, a row missing, or a letter set in another order;
    // and a saved position beyond the paper's items, which counts nothing. The papers weigh items 1, 1.5 and 2.
    const choices = (i: number, key: string): string | null =>
      [key, key === 'A' ? 'B' : 'A', '', null, [...key].reverse().join(''), 'AB'][i % 6]!;
    await inSystemTx(t.database.db, async (tx) => {
      for (const [n, s] of subjects.entries()) {
        await tx.delete(attemptAnswers).where(eq(attemptAnswers.attemptSubjectId, s.id));
        const rows = [...PAPER_KEYS, 'A'].flatMap((key, p) => {
          const answer = choices(n + p * (n + 2), key);
          return answer === null ? [] : [{ attemptSubjectId: s.id, position: p + 1, answer, seq: p + 1 }];
        });
        await tx.insert(attemptAnswers).values(rows.map((r) => ({ ...r, savedAt: new Date() })));
      }
      await tx
        .update(attemptSubjects)
        .set({ score: null })
        .where(
          inArray(
            attemptSubjects.id,
            subjects.map((s) => s.id),
          ),
        );
    });
    const result = await rescoreCampaign(t.deps, provinceContext(), campaignId);
    expect(result).toMatchObject({ scored: 6, changed: 6, compiled: 6 });
    const expected = await inSystemTx(t.database.db, async (tx) => {
      const out = new Map<number, number>();
      for (const s of subjects) {
        const [row] = await tx
          .select({ paperId: attemptSubjects.paperId })
          .from(attemptSubjects)
          .where(eq(attemptSubjects.id, s.id));
        const saved = await tx
          .select({ position: attemptAnswers.position, answer: attemptAnswers.answer })
          .from(attemptAnswers)
          .where(eq(attemptAnswers.attemptSubjectId, s.id));
        const keys = await paperKeysForDelivery(t.deps, tx, row!.paperId);
        out.set(s.id, scoreAnswers(keys, new Map(saved.map((a) => [a.position, a.answer]))).score);
      }
      return out;
    });
    const after = await scoresOf(fixture);
    expect(after.map((s) => [s.id, s.score])).toEqual(subjects.map((s) => [s.id, expected.get(s.id)]));
    // The cases were mixed enough to tell a wrong rule apart: not all equal, not all zero, not all full.
    expect(new Set(after.map((s) => s.score)).size).toBeGreaterThan(2);
    expect(after.every((s) => s.score! < PAPER_POINTS)).toBe(true);
    // Once more, nothing changes.
    expect(await rescoreCampaign(t.deps, provinceContext(), campaignId)).toMatchObject({ scored: 6, changed: 0 });
  });
});

describe('isolation', () => {
  it('shows each jurisdiction only its own candidates, and refuses officials the province actions', async () => {
    const fixture = await satExam();
    const { campaignId } = fixture;
    // The province's re-score as the page starts it: a background job whose result the jobs route answers.
    const started = await province.post(`/api/campaigns/${campaignId}/scores/rescore`);
    expect(started.statusCode, started.body).toBe(202);
    let job = { status: 'queued', result: null as unknown };
    for (let i = 0; i < 100 && job.status !== 'done' && job.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await province.get(`/api/jobs/${started.json().jobId}`)).json();
    }
    expect(job).toMatchObject({ status: 'done', result: { scored: 6, changed: 0, compiled: 6 } });
    // Move one candidate's unit to 开封 (as if they registered there).
    const kaifeng = await findJurisdiction(t, '开封市');
    const zhengzhou = await findJurisdiction(t, '郑州市');
    const department = await buildNode(t, kaifeng, 'department');
    const unit = await buildNode(t, department, 'unit');
    const moved = fixture.candidates[1]!.applicationId;
    await inSystemTx(t.database.db, async (tx) => {
      await tx.execute(sql`
        update applications set org_path = ${unit.path}, jurisdiction_id = ${kaifeng.id}, unit_id = ${unit.id},
          department_id = ${department.id}
        where id = ${moved}`);
      await tx.execute(sql`
        update score_results set org_path = ${unit.path}, jurisdiction_id = ${kaifeng.id}, unit_id = ${unit.id}
        where application_id = ${moved}`);
    });
    const zz = await signIn(t, (await buildAccount(t, zhengzhou, 'jurisdiction_admin')).username);
    const kf = await signIn(t, (await buildAccount(t, kaifeng, 'jurisdiction_admin')).username);
    const zzList = await list(zz, campaignId);
    const kfList = await list(kf, campaignId);
    expect(zzList.items.map((i) => i.applicationId).sort()).toEqual(
      [fixture.candidates[0]!.applicationId, fixture.candidates[2]!.applicationId].sort(),
    );
    expect(kfList.items.map((i) => i.applicationId)).toEqual([moved]);
    expect((await list(province, campaignId)).total).toBe(3);
    const agg = await kf.get(`/api/campaigns/${campaignId}/scores/aggregates?by=unit`);
    expect(agg.json().rows).toMatchObject([{ key: unit.id, candidates: 1 }]);
    // Only the province compiles, re-scores, imports and releases.
    expect((await zz.post(`/api/campaigns/${campaignId}/scores/compile`)).statusCode).toBe(403);
    expect((await zz.post(`/api/campaigns/${campaignId}/scores/release`)).statusCode).toBe(403);
    expect((await zz.post(`/api/campaigns/${campaignId}/scores/rescore`)).statusCode).toBe(403);
  });
});

describe('import of subjects sat elsewhere', () => {
  async function workbook(rows: (string | number)[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('成绩');
    ws.addRow(['身份证号', '准考证号', '科目', '成绩']);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  function upload(campaignId: number, mode: string, data: Buffer) {
    const boundary = '----gongkaoScores';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="mode"\r\n\r\n${mode}\r\n`),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="s.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return t.app.inject({
      method: 'POST',
      url: `/api/campaigns/${campaignId}/scores/import`,
      payload,
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        cookie: province.cookie,
        'x-csrf-token': province.csrf,
      },
    });
  }

  it('reports every bad row and imports all or only the good rows, as chosen', async () => {
    const fixture = await seatedExam(t, bank, { count: 2, date: nextDate() });
    province = await signIn(t, provinceActor.username);
    const [local, ordinary] = fixture.candidates as [ExamFixture['candidates'][0], ExamFixture['candidates'][0]];
    // The first candidate applied for a job type that sits locally (技术监督 / 测绘).
    await inSystemTx(t.database.db, (tx) =>
      tx.execute(sql`
        update applications set applied_job_type_id = (
          select j.id from job_types j join campaigns c on c.catalog_version_id = j.version_id
          where c.id = ${fixture.campaignId} and j.local_exam order by j.id limit 1)
        where id = ${local.applicationId}`),
    );
    const file = await workbook([
      [local.idNumber, local.ticketNumber, '岗位技能', 75.5],
      [local.idNumber, local.ticketNumber, '职业道德', '缺考'],
      ['410105199001011230', local.ticketNumber, '岗位技能', 80],
      [ordinary.idNumber, ordinary.ticketNumber, '岗位技能', 80],
      [local.idNumber, local.ticketNumber, '职业能力', 100.5],
      [local.idNumber, local.ticketNumber, '书法', 60],
      [local.idNumber, local.ticketNumber, '岗位技能', 60],
    ]);
    const none = await upload(fixture.campaignId, 'all_or_nothing', file);
    expect(none.statusCode, none.body).toBe(200);
    const report = none.json();
    expect(report.total).toBe(7);
    expect(report.imported).toBe(0);
    expect(report.errors.map((e: { row: number }) => e.row)).toEqual([4, 5, 6, 7, 8]);
    expect(report.errors.find((e: { row: number }) => e.row === 5).message).toContain('属地考试');
    expect(report.errors.find((e: { row: number }) => e.row === 8).message).toContain('第2行');
    const count = async () =>
      resultRows<{ n: number }>(
        await inSystemTx(t.database.db, (tx) =>
          tx.execute(sql`select count(*)::int as n from score_results where campaign_id = ${fixture.campaignId}`),
        ),
      )[0]!.n;
    expect(await count()).toBe(0);

    const good = await upload(fixture.campaignId, 'good_rows', file);
    expect(good.json()).toMatchObject({ total: 7, imported: 2 });
    const table = await list(province, fixture.campaignId);
    expect(table.items[0]!.subjects).toMatchObject([
      { subject: 'skill', status: 'scored', score: 75.5, source: 'import' },
      { subject: 'ethics', status: 'absent', score: null, source: 'import' },
    ]);
    // A compile keeps imported rows.
    expect((await province.post(`/api/campaigns/${fixture.campaignId}/scores/compile`)).statusCode).toBe(200);
    expect(await count()).toBe(2);

    const notTemplate = await upload(fixture.campaignId, 'good_rows', Buffer.from('not a workbook'));
    expect(notTemplate.statusCode).toBe(400);
  });
});

describe('the public lookup', () => {
  it('is rate-limited and answers a malformed body with 400', async () => {
    const limited = await buildTestApp({ publicRatePerMinute: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await limited.app.inject({
          method: 'POST',
          url: '/api/public/score-lookup',
          payload: { idNumber: '410105199001011234', ticketNumber: '203241010101001001' },
        });
        codes.push(res.statusCode);
      }
      expect(codes).toEqual([404, 404, 404, 429]);
    } finally {
      await limited.close();
    }
    expect((await post('/api/public/score-lookup', { idNumber: '' })).statusCode).toBe(400);
  });
});
