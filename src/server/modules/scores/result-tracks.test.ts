// Result tracks (结果批次): 五级至二级 and 一级 of one campaign compiled, re-scored, imported, released, looked up,
// publicised, certified and closed on their own (domain/result-tracks.ts; ARCHITECTURE.md "Results").
import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildTestApp, type Client, signIn, type TestApp } from '../../../../test/setup/harness.js';
import { resultRows } from '../../db/client.js';
import { attemptAnswers, attemptSubjects, examAttempts, orgNodes } from '../../db/schema.js';
import { SYSTEM_META } from '../../platform/context.js';
import { inSystemTx } from '../../platform/tx.js';
import { closeCampaign } from '../campaigns/campaigns.service.js';
import {
  type ExamBank,
  type ExamFixture,
  insertExamBanks,
  PAPER_KEYS,
  seatedExam,
} from '../delivery/delivery.test-support.js';
import { rescoreCampaign } from './scores.service.js';

let t: TestApp;
let bank: ExamBank;
let province: Client;
let provinceActor: { id: number; username: string };

const minutes = (n: number) => n * 60_000;

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

const post = (url: string, payload?: unknown) =>
  t.app.inject({ method: 'POST', url, ...(payload === undefined ? {} : { payload: payload as never }) });
const get = (url: string) => t.app.inject({ method: 'GET', url });

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

const setGrade = (applicationId: number, grade: number) =>
  inSystemTx(t.database.db, (tx) =>
    tx.execute(sql`update applications set applied_grade = ${grade} where id = ${applicationId}`),
  );

/** Every score_results row of the campaign's candidates of grade ≥ 2, as text: what "byte-identical" compares. */
async function regularRows(campaignId: number): Promise<string[]> {
  return resultRows<{ row: string }>(
    await inSystemTx(t.database.db, (tx) =>
      tx.execute(sql`
        select r::text as row from score_results r
        where r.campaign_id = ${campaignId} and r.grade >= 2 order by r.application_id, r.subject`),
    ),
  ).map((r) => r.row);
}

async function workbook(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('成绩');
  ws.addRow(['身份证号', '准考证号', '科目', '成绩']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function upload(campaignId: number, track: string | null, data: Buffer) {
  const boundary = '----gongkaoTracks';
  const trackField =
    track === null ? '' : `--${boundary}\r\nContent-Disposition: form-data; name="track"\r\n\r\n${track}\r\n`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="mode"\r\n\r\ngood_rows\r\n${trackField}`),
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

/** Three candidates sit both subjects and hand in every item right; candidate 2 applied for 一级. */
async function satExam(): Promise<ExamFixture> {
  const fixture = await seatedExam(t, bank, { count: 3, date: '2033-03-01', settings: { autoAdmit: true } });
  await setGrade(fixture.candidates[2]!.applicationId, 1);
  t.clock.set(new Date(fixture.startsAt.getTime() - minutes(10)));
  const tokens: string[] = [];
  for (const c of fixture.candidates) {
    const res = await post('/api/exam/sign-in', { ticketNumber: c.ticketNumber, idNumber: c.idNumber });
    expect(res.statusCode, res.body).toBe(200);
    tokens.push(res.json().token);
  }
  const answers = PAPER_KEYS.map((key, i) => ({ position: i + 1, answer: key, flagged: false, seq: i + 1 }));
  t.clock.set(new Date(fixture.startsAt.getTime() + minutes(31)));
  for (const token of tokens) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/exam/subjects/ethics/submit',
      payload: { changes: answers },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  t.clock.set(new Date(fixture.startsAt.getTime() + minutes(80 + 31)));
  for (const token of tokens) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/exam/subjects/ability/submit',
      payload: { changes: answers },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  province = await signIn(t, provinceActor.username);
  return fixture;
}

describe('scores per result track', () => {
  it('releases 五级至二级, then changes, compiles and releases 一级 without touching the released rows', async () => {
    const fixture = await satExam();
    const { campaignId } = fixture;
    const [c0, c1, c2] = fixture.candidates as [
      ExamFixture['candidates'][0],
      ExamFixture['candidates'][0],
      ExamFixture['candidates'][0],
    ];
    const lookup = (c: typeof c0) =>
      post('/api/public/score-lookup', { idNumber: c.idNumber, ticketNumber: c.ticketNumber });

    // The default track is 五级至二级: its compile writes only candidates 0 and 1.
    const regular = await province.post(`/api/campaigns/${campaignId}/scores/compile`);
    expect(regular.statusCode, regular.body).toBe(200);
    expect(regular.json()).toMatchObject({ track: 'regular', compiled: 4 });
    const grade1 = await province.post(`/api/campaigns/${campaignId}/scores/compile?track=grade1`);
    expect(grade1.json()).toMatchObject({ track: 'grade1', compiled: 2 });
    const onlyGrade1 = (await province.get(`/api/campaigns/${campaignId}/scores?track=grade1`)).json();
    expect(onlyGrade1.items.map((i: { applicationId: number }) => i.applicationId)).toEqual([c2.applicationId]);

    const released = await province.post(`/api/campaigns/${campaignId}/scores/release`);
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json().track).toBe('regular');
    const overview = (await province.get(`/api/campaigns/${campaignId}/scores/overview?track=grade1`)).json();
    expect(overview).toMatchObject({ track: 'grade1', releasedAt: null, abilities: { compile: true, release: true } });
    expect(overview.tracks).toMatchObject([
      { track: 'regular', label: '五级至二级', candidates: 2, releasedAt: released.json().releasedAt },
      { track: 'grade1', label: '一级（高级技师）', candidates: 1, releasedAt: null },
    ]);
    const frozen = await regularRows(campaignId);
    expect(frozen).toHaveLength(4);

    // The lookup answers a candidate once their own track is released.
    expect((await lookup(c0)).statusCode).toBe(200);
    const early = await lookup(c2);
    expect(early.statusCode).toBe(404);
    expect(early.json().error.code).toBe('SCORE_LOOKUP_NO_MATCH');

    // Released 五级至二级 refuses compile, re-score and import; 一级 stays changeable.
    const refused = await province.post(`/api/campaigns/${campaignId}/scores/compile?track=regular`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'SCORES_RELEASED' });
    expect(refused.json().error.message).toContain('五级至二级');
    await expect(rescoreCampaign(t.deps, provinceContext(), campaignId)).rejects.toMatchObject({
      code: 'SCORES_RELEASED',
    });
    expect((await province.post(`/api/campaigns/${campaignId}/scores/release`)).statusCode).toBe(409);
    // The candidates sit a job type examined locally (技术监督 / 测绘), so their rows may be imported.
    await inSystemTx(t.database.db, (tx) =>
      tx.execute(sql`
        update applications set applied_job_type_id = (
          select j.id from job_types j join campaigns c on c.catalog_version_id = j.version_id
          where c.id = ${campaignId} and j.local_exam order by j.id limit 1)
        where campaign_id = ${campaignId}`),
    );
    const file = await workbook([
      [c0.idNumber, c0.ticketNumber, '岗位技能', 88],
      [c2.idNumber, c2.ticketNumber, '专业基础知识', 77.5],
    ]);
    const regularImport = await upload(campaignId, null, file);
    expect(regularImport.statusCode).toBe(409);
    expect(regularImport.json().error.code).toBe('SCORES_RELEASED');
    const grade1Import = await upload(campaignId, 'grade1', file);
    expect(grade1Import.statusCode, grade1Import.body).toBe(200);
    expect(grade1Import.json()).toMatchObject({ total: 2, imported: 1 });
    expect(grade1Import.json().errors).toMatchObject([{ row: 2, column: '身份证号' }]);
    expect(grade1Import.json().errors[0].message).toContain('五级至二级');

    // 一级's candidate's answer changes (as a recovery merge might) and 一级 is re-scored and compiled again.
    const [ethics2] = await inSystemTx(t.database.db, (tx) =>
      tx
        .select({ id: attemptSubjects.id, score: attemptSubjects.score })
        .from(attemptSubjects)
        .innerJoin(examAttempts, eq(examAttempts.id, attemptSubjects.attemptId))
        .where(and(eq(examAttempts.applicationId, c2.applicationId), eq(attemptSubjects.subject, 'ethics'))),
    );
    // And one of 五级至二级's answers changes too: the released table must not follow it.
    const [ethics0] = await inSystemTx(t.database.db, (tx) =>
      tx
        .select({ id: attemptSubjects.id })
        .from(attemptSubjects)
        .innerJoin(examAttempts, eq(examAttempts.id, attemptSubjects.attemptId))
        .where(and(eq(examAttempts.applicationId, c0.applicationId), eq(attemptSubjects.subject, 'ethics'))),
    );
    await inSystemTx(t.database.db, (tx) =>
      tx
        .update(attemptAnswers)
        .set({ answer: '' })
        .where(
          and(
            sql`${attemptAnswers.attemptSubjectId} in (${ethics2!.id}, ${ethics0!.id})`,
            eq(attemptAnswers.position, 1),
          ),
        ),
    );
    const rescored = await rescoreCampaign(t.deps, provinceContext(), campaignId, undefined, 'grade1');
    expect(rescored).toMatchObject({ scored: 2, changed: 1, compiled: 2 });
    const [after2] = resultRows<{ score: number }>(
      await inSystemTx(t.database.db, (tx) =>
        tx.execute(sql`
          select score from score_results where application_id = ${c2.applicationId} and subject = 'ethics'`),
      ),
    );
    expect(Number(after2!.score)).toBeLessThan(Number(ethics2!.score));
    const again = await province.post(`/api/campaigns/${campaignId}/scores/compile?track=grade1`);
    expect(again.json()).toMatchObject({ track: 'grade1', compiled: 2 });
    expect(await regularRows(campaignId)).toEqual(frozen);

    // 一级 released: its candidate's lookup answers, and both tracks are now frozen.
    expect((await province.post(`/api/campaigns/${campaignId}/scores/release?track=grade1`)).statusCode).toBe(200);
    const found = await lookup(c2);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().subjects.map((s: { subject: string }) => s.subject)).toContain('专业基础知识');
    expect((await lookup(c1)).statusCode).toBe(200);
    expect((await province.post(`/api/campaigns/${campaignId}/scores/compile?track=grade1`)).statusCode).toBe(409);
    expect(await regularRows(campaignId)).toEqual(frozen);
    const audits = resultRows<{ action: string; track: string }>(
      await inSystemTx(t.database.db, (tx) =>
        tx.execute(sql`
          select action, after->>'track' as track from audit_log
          where entity_type = 'score' and entity_id = ${String(campaignId)} order by id`),
      ),
    );
    expect(audits.map((a) => `${a.action}:${a.track}`)).toEqual([
      'score.compile:regular',
      'score.compile:grade1',
      'score.release:regular',
      'score.import:grade1',
      'score.rescore:grade1',
      'score.compile:grade1',
      'score.release:grade1',
    ]);
  });
});

/** Monday 2035-06-04 (no holidays in the calendar that year). */
const MONDAY = new Date('2035-06-04T02:00:00Z');

/**
 * A campaign (open) with four confirmed candidates who passed every subject: 0 and 1 of 四级, 2 of 一级, 3 of 一级
 * too; results written as imported rows. Neither track released.
 */
async function passedBoth(): Promise<ExamFixture> {
  t.clock.set(MONDAY);
  const fixture = await seatedExam(t, bank, { count: 4, date: '2035-05-20', papers: false });
  for (const c of fixture.candidates.slice(2)) await setGrade(c.applicationId, 1);
  await inSystemTx(t.database.db, async (tx) => {
    for (const [i, c] of fixture.candidates.entries()) {
      // 一级's result subjects are 职业道德, 专业基础知识 and the panel's 综合评审 (its rows are the panel's source).
      for (const subject of i >= 2 ? ['ethics', 'basics', 'panel'] : ['skill', 'ethics', 'ability']) {
        await tx.execute(sql`
          insert into score_results (application_id, subject, campaign_id, status, score, source, ticket_number,
            org_path, applicant_account_id, jurisdiction_id, unit_id, job_type_id, grade, updated_at)
          select a.id, ${subject}::item_subject, a.campaign_id, 'scored', 80,
            ${subject === 'panel' ? 'panel' : 'import'}, ${c.ticketNumber},
            a.org_path, a.applicant_account_id, a.jurisdiction_id, a.unit_id, a.applied_job_type_id, a.applied_grade,
            now()
          from applications a where a.id = ${c.applicationId}`);
      }
    }
    await tx.execute(sql`update campaigns set status = 'open' where id = ${fixture.campaignId}`);
  });
  province = await signIn(t, provinceActor.username);
  return fixture;
}

const release = (campaignId: number, track: string) =>
  inSystemTx(t.database.db, (tx) =>
    tx.execute(sql`
      insert into score_states (campaign_id, track, compiled_at, released_at)
      values (${campaignId}, ${track}, now(), ${t.clock.now().toISOString()}::timestamptz)`),
  );

/** Closing as the campaigns service does it (the fixture's campaign has no timetable for the route's answer). */
const close = (id: number) => closeCampaign(t.deps, provinceContext(), id);

async function waitJob(jobId: string) {
  let job = { status: 'queued', result: null as unknown, message: null as string | null };
  for (let i = 0; i < 200 && job.status !== 'done' && job.status !== 'failed'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    job = (await province.get(`/api/jobs/${jobId}`)).json();
  }
  return job;
}

describe('publicity, certificates and closing per result track', () => {
  it('publicises each track on its own, issues 五级至二级 while 一级’s 公示 runs, closes once both are released', async () => {
    const fixture = await passedBoth();
    const id = fixture.campaignId;
    const [c0, c1, c2, c3] = fixture.candidates.map((c) => c.applicationId) as [number, number, number, number];
    await release(id, 'regular');

    // 五级至二级's 公示: one working day, the 四级 passers only; 一级 cannot be publicised before its release.
    const regular = await province.post(`/api/campaigns/${id}/publicity`, { contact: '省工考办', workingDays: 1 });
    expect(regular.statusCode, regular.body).toBe(200);
    expect(regular.json()).toMatchObject({ track: 'regular', listed: 2, endsOn: '2035-06-04' });
    const early = await province.post(`/api/campaigns/${id}/publicity`, { contact: '省工考办', track: 'grade1' });
    expect(early.json().error.code).toBe('SCORES_NOT_RELEASED');

    // The next day 五级至二级's 公示 is over; 一级 is released and publicised (running).
    t.clock.set(new Date(MONDAY.getTime() + 86_400_000));
    province = await signIn(t, provinceActor.username);
    await release(id, 'grade1');
    const grade1 = await province.post(`/api/campaigns/${id}/publicity`, { contact: '省工考办', track: 'grade1' });
    expect(grade1.statusCode, grade1.body).toBe(200);
    expect(grade1.json()).toMatchObject({ track: 'grade1', listed: 2, startsOn: '2035-06-05' });

    // Two lists of one campaign on the public page, each titled with its track.
    const lists = (await get('/api/public/publicity'))
      .json()
      .items.filter((i: { campaignId: number }) => i.campaignId === id);
    expect(lists.map((l: { track: string; state: string }) => [l.track, l.state]).sort()).toEqual([
      ['grade1', 'running'],
      ['regular', 'ended'],
    ]);
    expect(lists.find((l: { track: string }) => l.track === 'grade1').name).toContain('一级（高级技师）');
    const g1 = (await get(`/api/public/publicity/${id}?track=grade1`)).json();
    expect(g1).toMatchObject({ track: 'grade1', trackLabel: '一级（高级技师）', state: 'running', total: 2 });
    expect(g1.items.map((i: { applicationId: number }) => i.applicationId).sort()).toEqual([c2, c3].sort());
    const reg = (await get(`/api/public/publicity/${id}`)).json();
    expect(reg.items.map((i: { applicationId: number }) => i.applicationId).sort()).toEqual([c0, c1].sort());

    // An objection about a 一级 person goes to 一级's running list; one about a 四级 person finds its list ended.
    const objection = { objectorName: '王某', objectorContact: '13800000000', content: '该人员工作年限不足。' };
    const online = await post(`/api/public/publicity/${id}/objections`, { ...objection, applicationId: c3 });
    expect(online.statusCode, online.body).toBe(200);
    const late = await post(`/api/public/publicity/${id}/objections`, { ...objection, applicationId: c0 });
    expect(late.json().error.code).toBe('PUBLICITY_ENDED');
    const overview = (await province.get(`/api/campaigns/${id}/publicity?track=grade1`)).json();
    expect(overview).toMatchObject({ track: 'grade1', state: 'running', qualified: 2, openObjections: 1 });
    expect(overview.tracks.map((x: { state: string }) => x.state)).toEqual(['ended', 'running']);
    expect((await province.get(`/api/campaigns/${id}/publicity`)).json()).toMatchObject({ openObjections: 0 });
    const objections = (await province.get(`/api/campaigns/${id}/publicity/objections?track=regular`)).json();
    expect(objections.items).toEqual([]);

    // The notice per track: 五级至二级's now (its period over), 一级's refused while it runs.
    const notice = await province.get(`/api/campaigns/${id}/publicity/notice.pdf`);
    expect(notice.statusCode).toBe(200);
    expect(decodeURIComponent(String(notice.headers['content-disposition']))).toContain('五级至二级合格人员通知');
    const g1Notice = await province.get(`/api/campaigns/${id}/publicity/notice.pdf?track=grade1`);
    expect(g1Notice.json().error.code).toBe('PUBLICITY_RUNNING');

    // Certificates: the 四级 passers are issued while 一级's 公示 runs; the 一级 passers wait.
    const certOverview = (await province.get(`/api/campaigns/${id}/certificates/overview`)).json();
    expect(certOverview.tracks).toMatchObject([
      { track: 'regular', issuable: true, publicityHold: null, qualified: 2, missing: 2 },
      { track: 'grade1', issuable: false, qualified: 2, missing: 2 },
    ]);
    expect(certOverview.tracks[1].publicityHold).toContain('一级（高级技师）');
    const started = await province.post(`/api/campaigns/${id}/certificates/issue`);
    expect(started.statusCode, started.body).toBe(202);
    const job = await waitJob(started.json().jobId);
    expect(job.result).toEqual({ qualified: 2, issued: 2, alreadyIssued: 0, waiting: 2, waitingTracks: ['grade1'] });
    const holders = resultRows<{ application_id: number }>(
      await inSystemTx(t.database.db, (tx) =>
        tx.execute(sql`select application_id from certificates where campaign_id = ${id} order by application_id`),
      ),
    ).map((r) => Number(r.application_id));
    expect(holders).toEqual([c0, c1].sort((a, b) => a - b));
    // Nothing left to issue but 一级's, whose 公示 runs: refused with the reason.
    const held = await province.post(`/api/campaigns/${id}/certificates/issue`);
    expect(held.statusCode).toBe(409);
    expect(held.json().error.code).toBe('CERTIFICATES_PUBLICITY_RUNNING');
    expect(held.json().error.message).toContain('一级（高级技师）');

    // Closing: refused while a track with candidates is unreleased (here: 一级 withdrawn for the check).
    await inSystemTx(t.database.db, (tx) =>
      tx.execute(sql`update score_states set released_at = null where campaign_id = ${id} and track = 'grade1'`),
    );
    await expect(close(id)).rejects.toMatchObject({
      code: 'CAMPAIGN_NOT_FINISHED',
      message: expect.stringContaining('一级（高级技师）'),
    });
    await inSystemTx(t.database.db, (tx) =>
      tx.execute(sql`update score_states set released_at = now() where campaign_id = ${id} and track = 'grade1'`),
    );
    expect((await close(id)).status).toBe('closed');
  });

  it('closes a campaign without 一级 candidates once 五级至二级 is released', async () => {
    const fixture = await passedBoth();
    const id = fixture.campaignId;
    await inSystemTx(t.database.db, (tx) =>
      tx.execute(sql`update campaigns set status = 'draft' where status = 'open' and id <> ${id}`),
    );
    for (const c of fixture.candidates) await setGrade(c.applicationId, 4);
    await inSystemTx(t.database.db, (tx) =>
      tx.execute(sql`update score_results set grade = 4 where campaign_id = ${id}`),
    );
    await expect(close(id)).rejects.toMatchObject({ code: 'CAMPAIGN_NOT_FINISHED' });
    await release(id, 'regular');
    expect((await close(id)).status).toBe('closed');
  });
});
