// 一级 (高级技师) from papers to certificate (issue 17 parts 2 and 4): two computer-based papers (职业道德 from the
// common blueprint, 专业基础知识 from the job type's 一级 blueprint) drawn by the generation job, sat on exam day,
// compiled into the score table, and — once the panel's 综合评审 row is written (as the panel module will) — passed,
// published and certified with grade 1. Without the panel row the candidate is not passed.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildTestApp, type Client, signIn, type TestApp } from '../../../../test/setup/harness.js';
import { decodeCertificateNumber } from '../../../domain/certificate-number.js';
import { orgNodes, papers } from '../../db/schema.js';
import { inSystemTx } from '../../platform/tx.js';
import { type ExamFixture, insertExamBanks, seatedExam } from '../delivery/delivery.test-support.js';
import { paperKeysForDelivery } from '../papers/papers.service.js';

let t: TestApp;
let province: Client;
let provinceId: { id: number; username: string };
let bankManager: { id: number; username: string };
let fixture: ExamFixture;

const minutes = (n: number) => n * 60_000;

function post(url: string, payload: unknown, token?: string) {
  return t.app.inject({
    method: 'POST',
    url,
    payload: payload as never,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

async function waitJob(client: Client, jobId: string) {
  for (let i = 0; i < 400; i++) {
    const job = (await client.get(`/api/jobs/${jobId}`)).json();
    if (job.status === 'done' || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('job did not finish');
}

/** 2 single (20 each), 2 multiple (20 each), 2 true/false (10 each): every item of the fixture's six-item bank. */
const definition = {
  durationMinutes: 60,
  passLine: 60,
  shuffleItems: false,
  shuffleOptions: false,
  targetDifficulty: null,
  difficultyTolerance: 0.3,
  cells: [
    { type: 'single', knowledgePoint: null, difficulty: { min: 1, max: 5 }, count: 2, points: 20 },
    { type: 'multiple', knowledgePoint: null, difficulty: { min: 1, max: 5 }, count: 2, points: 20 },
    { type: 'true_false', knowledgePoint: null, difficulty: { min: 1, max: 5 }, count: 2, points: 10 },
  ],
};

type ScoreItem = {
  applicationId: number;
  grade: number;
  subjects: { subject: string; status: string; score: number | null; source: string }[];
  passed: boolean;
};

async function scores(campaignId: number): Promise<ScoreItem[]> {
  const res = await province.get(`/api/campaigns/${campaignId}/scores?grade=1`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
}

beforeAll(async () => {
  t = await buildTestApp({ publicRatePerMinute: 1000 });
  const node = await inSystemTx(t.database.db, async (tx) => {
    const [row] = await tx.select().from(orgNodes).where(eq(orgNodes.id, t.provinceId));
    return row!;
  });
  provinceId = await buildAccount(t, node, 'province_admin');
  bankManager = await buildAccount(t, node, 'bank_manager');
  province = await signIn(t, provinceId.username);
  // Two 一级 candidates seated for 职业道德 then 专业基础知识; their papers come from the generation job below.
  fixture = await seatedExam(t, null, {
    count: 2,
    date: '2032-10-12',
    grade: 1,
    subjects: ['ethics', 'basics'],
    papers: false,
    settings: { autoAdmit: true },
  });
  await insertExamBanks(t, { subjects: ['ethics', 'basics'], jobTypeId: fixture.jobTypeId });
});
afterAll(async () => {
  await t?.close();
});

describe('一级: 职业道德 and 专业基础知识 papers, the panel review, publicity and certificate', () => {
  it('draws 职业道德 (common blueprint) and 专业基础知识 (the job type’s 一级 blueprint) for each 一级 candidate', async () => {
    const bank = await signIn(t, bankManager.username);
    for (const body of [
      { campaignId: fixture.campaignId, subject: 'ethics', definition },
      { campaignId: fixture.campaignId, subject: 'basics', jobTypeId: fixture.jobTypeId, definition },
    ]) {
      const created = await bank.post('/api/blueprints', body);
      expect(created.statusCode, created.body).toBe(200);
      const bp = created.json().blueprint;
      const published = await bank.post(`/api/blueprints/${bp.id}/publish`, {
        revision: bp.revision,
        confirmTolerance: true,
      });
      expect(published.statusCode, published.body).toBe(200);
    }
    // The campaign check: both scopes published, 职业能力 not needed (no 五–二 candidate).
    const check = (await bank.get(`/api/blueprints?campaignId=${fixture.campaignId}`)).json();
    expect(check.ready).toBe(true);
    expect(
      check.items.map((i: { key: string; candidates: number; state: string }) => [i.key, i.candidates, i.state]),
    ).toEqual([
      ['ethics', 2, 'published'],
      ['ability', 0, 'missing'],
      [`basics:${fixture.jobTypeId}:1`, 2, 'published'],
    ]);

    const started = await bank.post(`/api/campaigns/${fixture.campaignId}/papers/generate`);
    expect(started.statusCode, started.body).toBe(202);
    const job = await waitJob(bank, started.json().jobId);
    expect(job.status, JSON.stringify(job)).toBe('done');
    expect(job.result.generated).toEqual({ skill: 0, ethics: 2, ability: 0, basics: 2 });
    const summary = (await bank.get(`/api/campaigns/${fixture.campaignId}/papers/summary`)).json();
    expect(summary.rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          subject: 'basics',
          jobTypeId: fixture.jobTypeId,
          grade: 1,
          candidates: 2,
          papers: 2,
        }),
        expect.objectContaining({ subject: 'ethics', candidates: 2, papers: 2 }),
        expect.objectContaining({ subject: 'ability', candidates: 0, papers: 0 }),
      ]),
    );
    expect(summary.missing).toBe(0);
  });

  it('sits both papers on exam day, compiles ethics and basics rows, and is not passed without the panel', async () => {
    t.clock.set(new Date(fixture.startsAt.getTime() - minutes(10)));
    const tokens: string[] = [];
    for (const c of fixture.candidates) {
      const res = await post('/api/exam/sign-in', { ticketNumber: c.ticketNumber, idNumber: c.idNumber });
      expect(res.statusCode, res.body).toBe(200);
      const state = await t.app.inject({
        method: 'GET',
        url: '/api/exam/state',
        headers: { authorization: `Bearer ${res.json().token}` },
      });
      // The exam client names the subjects by SUBJECT_LABELS.
      expect(state.json().subjects.map((s: { subject: string; label: string }) => [s.subject, s.label])).toEqual([
        ['ethics', '职业道德'],
        ['basics', '专业基础知识'],
      ]);
      tokens.push(res.json().token);
    }
    // Every answer right, from the papers' keys.
    const keysOf = (applicationId: number, subject: 'ethics' | 'basics') =>
      inSystemTx(t.database.db, async (tx) => {
        const [paper] = await tx
          .select({ id: papers.id })
          .from(papers)
          .where(and(eq(papers.applicationId, applicationId), eq(papers.subject, subject)));
        return paperKeysForDelivery(t.deps, tx, paper!.id);
      });
    const answers = async (applicationId: number, subject: 'ethics' | 'basics') =>
      (await keysOf(applicationId, subject)).map((k, i) => ({
        position: i + 1,
        answer: k.key,
        flagged: false,
        seq: i + 1,
      }));
    t.clock.set(new Date(fixture.startsAt.getTime() + minutes(31)));
    for (const [i, c] of fixture.candidates.entries()) {
      const res = await post(
        '/api/exam/subjects/ethics/submit',
        { changes: await answers(c.applicationId, 'ethics') },
        tokens[i],
      );
      expect(res.statusCode, res.body).toBe(200);
    }
    t.clock.set(new Date(fixture.startsAt.getTime() + minutes(80 + 31)));
    for (const [i, c] of fixture.candidates.entries()) {
      const res = await post(
        '/api/exam/subjects/basics/submit',
        { changes: await answers(c.applicationId, 'basics') },
        tokens[i],
      );
      expect(res.statusCode, res.body).toBe(200);
    }

    province = await signIn(t, provinceId.username);
    const compiled = await province.post(`/api/campaigns/${fixture.campaignId}/scores/compile?track=grade1`);
    expect(compiled.statusCode, compiled.body).toBe(200);
    const rows = await scores(fixture.campaignId);
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.grade).toBe(1);
      expect(r.subjects.map((s) => [s.subject, s.status, s.score])).toEqual([
        ['ethics', 'scored', 100],
        ['basics', 'scored', 100],
      ]);
      // 综合评审 is pending: the grade is not passed.
      expect(r.passed).toBe(false);
    }
    const overview = (await province.get(`/api/campaigns/${fixture.campaignId}/scores/overview`)).json();
    expect(overview.passLines).toMatchObject({ basics: 60, panel: 60 });
  });

  it('passes with the panel’s score at its line, publishes and certifies with grade 1; the other stays out', async () => {
    const [withPanel, withoutPanel] = fixture.candidates;
    // What the lead's integration of the panel module will write: one row, subject 'panel', source 'panel'.
    // The panel's 组长 confirms (modules/panels writes panel_results), and the province's compile of 一级 takes it.
    const writePanel = async (score: number) => {
      await inSystemTx(t.database.db, async (tx) => {
        await tx.execute(sql`
          insert into panels (campaign_id, name, starts_at, ends_at, status, confirmed_at, confirmed_by, created_at,
            updated_at)
          values (${fixture.campaignId}, '评审组', now(), now() + interval '1 day', 'confirmed', now(), 1, now(), now())
          on conflict do nothing`);
        await tx.execute(sql`
          insert into panel_results (application_id, campaign_id, panel_id, score, passed, pass_line, member_count,
            org_path, confirmed_at, confirmed_by)
          select a.id, a.campaign_id, (select id from panels where campaign_id = ${fixture.campaignId}), ${score},
            ${score >= 60}, 60, 5, a.org_path, now(), 1
          from applications a where a.id = ${withPanel!.applicationId}
          on conflict (application_id) do update set score = excluded.score, passed = excluded.passed`);
      });
      const compiled = await province.post(`/api/campaigns/${fixture.campaignId}/scores/compile?track=grade1`);
      expect(compiled.statusCode, compiled.body).toBe(200);
    };
    await writePanel(59.99);
    expect((await scores(fixture.campaignId)).every((r) => !r.passed)).toBe(true);
    await writePanel(60);
    const rows = new Map((await scores(fixture.campaignId)).map((r) => [r.applicationId, r]));
    expect(rows.get(withPanel!.applicationId)).toMatchObject({ passed: true });
    expect(rows.get(withPanel!.applicationId)!.subjects.map((s) => [s.subject, s.source])).toEqual([
      ['ethics', 'exam'],
      ['basics', 'exam'],
      ['panel', 'panel'],
    ]);
    expect(rows.get(withoutPanel!.applicationId)).toMatchObject({ passed: false });
    // The panel row is the panel's: the database takes it only with source 'panel', and a compile keeps it.
    await expect(
      inSystemTx(t.database.db, (tx) =>
        tx.execute(sql`update score_results set source = 'exam'
          where application_id = ${withPanel!.applicationId} and subject::text = 'panel'`),
      ),
    ).rejects.toThrow();
    expect((await province.post(`/api/campaigns/${fixture.campaignId}/scores/compile?track=grade1`)).statusCode).toBe(
      200,
    );
    const aggregates = (await province.get(`/api/campaigns/${fixture.campaignId}/scores/aggregates?by=grade`)).json();
    expect(aggregates.total).toMatchObject({ candidates: 2, complete: 1, passed: 1 });

    const released = await province.post(`/api/campaigns/${fixture.campaignId}/scores/release?track=grade1`);
    expect(released.statusCode, released.body).toBe(200);

    // The public lookup names 综合评审, and 暂无成绩 where the panel has not scored yet.
    const lookup = async (c: { idNumber: string; ticketNumber: string }) =>
      (await post('/api/public/score-lookup', { idNumber: c.idNumber, ticketNumber: c.ticketNumber })).json();
    expect(await lookup(withPanel!)).toMatchObject({
      passed: true,
      subjects: [
        { subject: '职业道德', score: 100 },
        { subject: '专业基础知识', score: 100 },
        { subject: '综合评审', score: 60 },
      ],
    });
    expect(await lookup(withoutPanel!)).toMatchObject({
      passed: false,
      subjects: [
        { subject: '职业道德' },
        { subject: '专业基础知识' },
        { subject: '综合评审', score: null, status: '暂无成绩' },
      ],
    });

    // 复核 of the panel's score is not the paper path's (a coded refusal); a 专业基础知识 paper's is.
    const unit = await inSystemTx(t.database.db, async (tx) => {
      const [row] = await tx
        .select()
        .from(orgNodes)
        .where(sql`${orgNodes.id} = (select unit_id from applications where id = ${withPanel!.applicationId})`);
      return row!;
    });
    const officer = await signIn(t, (await buildAccount(t, unit, 'unit_officer')).username);
    const panelReview = await officer.post('/api/score-reviews', {
      applicationId: withPanel!.applicationId,
      subject: 'panel',
      reason: '对综合评审成绩有异议',
    });
    expect(panelReview.statusCode, panelReview.body).toBe(409);
    expect(panelReview.json().error.code).toBe('REVIEW_PANEL_NOT_REVIEWABLE');
    const basicsReview = await officer.post('/api/score-reviews', {
      applicationId: withPanel!.applicationId,
      subject: 'basics',
      reason: '请复核专业基础知识成绩',
    });
    expect(basicsReview.statusCode, basicsReview.body).toBe(200);
    const checked = await province.post(`/api/score-reviews/${basicsReview.json().id}/check`);
    expect(checked.statusCode, checked.body).toBe(200);
    expect(checked.json()).toMatchObject({ originalScore: 100, rescoredScore: 100, rebuildMatches: true });

    const publicity = await province.post(`/api/campaigns/${fixture.campaignId}/publicity`, {
      contact: '省工考办',
      track: 'grade1',
    });
    expect(publicity.statusCode, publicity.body).toBe(200);
    expect(publicity.json().listed).toBe(1);
    const entries = (await province.get(`/api/campaigns/${fixture.campaignId}/publicity/entries?track=grade1`)).json();
    expect(entries.items).toHaveLength(1);
    expect(entries.items[0]).toMatchObject({ applicationId: withPanel!.applicationId, grade: 1 });

    // Certificates wait for the publicity's period to end.
    t.clock.set(new Date(t.clock.now().getTime() + 30 * 86_400_000));
    province = await signIn(t, provinceId.username);
    const issued = await province.post(`/api/campaigns/${fixture.campaignId}/certificates/issue`);
    expect(issued.statusCode, issued.body).toBe(202);
    const job = await waitJob(province, issued.json().jobId);
    expect(job.status, JSON.stringify(job)).toBe('done');
    expect(job.result).toMatchObject({ qualified: 1, issued: 1 });
    const certificates = (await province.get(`/api/campaigns/${fixture.campaignId}/certificates`)).json();
    expect(certificates.items).toHaveLength(1);
    expect(certificates.items[0]).toMatchObject({ grade: 1 });
    expect(decodeCertificateNumber(certificates.items[0].number)).toMatchObject({ grade: 1 });
  });
});
