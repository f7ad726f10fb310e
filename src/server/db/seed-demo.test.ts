// The demo seed on a fresh database: accounts, the campaign with its confirmed sample candidates (carried through
// the review chain by the demo accounts), the sample banks and the draft blueprints; idempotent.

import { and, count, eq, ne, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Client, signIn, type TestApp } from '../../../test/setup/harness.js';
import { BANK_SHEET_COLUMNS, BANK_SHEET_NAME, parseItemRow, type SheetCell } from '../../domain/bank-sheet.js';
import { type Blueprint, checkSufficiency } from '../../domain/blueprint.js';
import { parseIdCard } from '../../domain/id-card.js';
import { approvedPool } from '../modules/banks/banks.service.js';
import { importFile, waitForJob } from '../modules/banks/banks.test-support.js';
import { myPanels, panelScores } from '../modules/panels/panels.service.js';
import type { Actor } from '../platform/context.js';
import { actorOf as platformActorOf } from '../platform/sessions.js';
import { inScopedTx, inSystemTx } from '../platform/tx.js';
import { resultRows } from './client.js';
import { DEMO_PASSWORD } from './demo-accounts.js';
import { type BlueprintDefinition, SAMPLE_BANKS, SAMPLE_BLUEPRINT_BANKS, SAMPLE_IMPORT_BANK } from './sample-banks.js';
import {
  accounts,
  applicationFiles,
  applications,
  auditLog,
  bankItems,
  bankItemVersions,
  blueprints,
  campaigns,
  examRooms,
  jobTypes,
  questionBanks,
  reviewBatches,
} from './schema.js';
import { type DemoSeedResult, seedDemo } from './seed.js';
import { DEMO_CANDIDATES, demoCandidateIdNumber, linkDemoCandidateAccounts } from './seed-candidates.js';
import { DEMO_GRADE1_CANDIDATE, demoGrade1IdNumber } from './seed-grade1.js';

let t: TestApp;
let first: DemoSeedResult;
let again: DemoSeedResult;
let seconds: number;
let bank: Client;
let campaignId: number;

async function tableCounts() {
  return inSystemTx(t.database.db, async (tx) => {
    const [a] = await tx.select({ n: count() }).from(applications);
    const [b] = await tx.select({ n: count() }).from(questionBanks);
    const [i] = await tx.select({ n: count() }).from(bankItems);
    const [p] = await tx.select({ n: count() }).from(blueprints);
    const [r] = await tx.select({ n: count() }).from(reviewBatches);
    const [l] = await tx.select({ n: count() }).from(auditLog);
    const [c] = await tx.select({ n: count() }).from(examRooms);
    return {
      applications: a!.n,
      banks: b!.n,
      items: i!.n,
      blueprints: p!.n,
      batches: r!.n,
      audit: l!.n,
      rooms: c!.n,
    };
  });
}

beforeAll(async () => {
  t = await buildTestApp({ demoMode: true });
  const started = performance.now();
  first = await seedDemo(t.deps);
  seconds = (performance.now() - started) / 1000;
  bank = await signIn(t, 'bank', DEMO_PASSWORD);
  const [campaign] = await t.database.db.select().from(campaigns);
  campaignId = campaign!.id;
});

afterAll(async () => {
  await t?.close();
});

describe('the demo seed', () => {
  it('carries a 一级 sample candidate with the evidence through the 一级 windows up to the province', async () => {
    expect(first.grade1).toEqual({ created: 1, skipped: null });
    const province = await signIn(t, 'province', DEMO_PASSWORD);
    const [{ year }] = (await t.database.db.select({ year: campaigns.year }).from(campaigns)) as [{ year: number }];
    const [row] = await inSystemTx(t.database.db, (tx) =>
      tx
        .select({ id: applications.id })
        .from(applications)
        .where(and(eq(applications.campaignId, campaignId), eq(applications.idNumber, demoGrade1IdNumber(year)))),
    );
    const app = (await province.get(`/api/applications/${row!.id}`)).json();
    expect(app).toMatchObject({
      name: DEMO_GRADE1_CANDIDATE.name,
      appliedGrade: 1,
      status: 'province_confirmed',
      verdict: 'eligible',
      remarks: expect.stringContaining('示例'),
    });
    expect(
      app.files
        .filter((f: { kind: string }) => f.kind === 'appraisal_form')
        .map((f: { appraisalYear: number }) => f.appraisalYear),
    ).toEqual([year - 1, year - 2, year - 3, year - 4, year - 5]);
    expect(app.files.filter((f: { kind: string }) => f.kind === 'award_certificate')).toHaveLength(1);
    const pdf = await province.get(`/api/applications/${row!.id}/files/${app.files[1].id}`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('creates the accounts, 12 + 1 (一级) confirmed candidates with photos, 5 sample banks, 6 blueprints (5 published) and 34 papers', async () => {
    console.log(`demo seed on ${t.database.kind}: ${seconds.toFixed(2)} s`, JSON.stringify(first));
    expect(first.created).toBeGreaterThan(0);
    expect(first.candidates).toEqual({ created: DEMO_CANDIDATES.length, skipped: null });
    expect(DEMO_CANDIDATES).toHaveLength(12);
    // The 一级 示例考生, his session (职业道德 + 专业基础知识) and the proctor of its room.
    expect(first.grade1Exam).toEqual({
      candidate: { created: 1, skipped: null },
      session: { created: true },
      examDay: { assigned: 1 },
    });
    // Each has a 2-inch photo (a drawn sample) for the proctor's admission and the ticket.
    const photos = await inSystemTx(t.database.db, (tx) =>
      tx
        .select({ applicationId: applicationFiles.applicationId, mime: applicationFiles.mime })
        .from(applicationFiles)
        .innerJoin(applications, eq(applications.id, applicationFiles.applicationId))
        .where(
          and(
            eq(applicationFiles.kind, 'photo'),
            sql`${applications.remarks} like '示例考生%'`,
            ne(applications.appliedGrade, 1),
          ),
        ),
    );
    expect(photos).toHaveLength(DEMO_CANDIDATES.length);
    expect(new Set(photos.map((p) => p.mime))).toEqual(new Set(['image/jpeg']));
    expect(first.banks).toEqual({
      banks: SAMPLE_BANKS.length,
      items: SAMPLE_BANKS.reduce((s, b) => s + b.items.length, 0),
      blueprints: SAMPLE_BLUEPRINT_BANKS.length,
    });
    // Exam day's papers: every blueprint but 汽车驾驶员四级 (its bank is the walk-through's to import) published,
    // and the papers of those scopes: 职业道德 for all 17 (12 of 四级, 5 of 一级), 职业能力 for the 12 of 四级, 岗位技能
    // for the 8 电工 and 保育员, 专业基础知识 for the five 一级 (all 电工, the sample 专业基础知识 bank's job type).
    expect(first.papers).toEqual({ published: SAMPLE_BLUEPRINT_BANKS.length - 1, papers: 17 + 12 + 8 + 5 });
  });

  it('adds nothing when run again', async () => {
    const before = await tableCounts();
    again = await seedDemo(t.deps);
    expect(again).toEqual({
      created: 0,
      candidates: { created: 0, skipped: null },
      grade1Exam: { candidate: { created: 0, skipped: null }, session: { created: false }, examDay: { assigned: 0 } },
      banks: { banks: 0, items: 0, blueprints: 0 },
      sessionsTraining: { sessions: 0, classCreated: false, enrolled: 0 },
      seating: { centreCreated: false, seated: 0, notified: 0 },
      papers: { published: 0, papers: 0 },
      examDay: { assigned: 0 },
      scores: { candidates: 0 },
      grade1: { created: 0, skipped: null },
      grade1Panel: { created: 0, skipped: null },
      panel: { panelId: first.panel.panelId, skipped: null },
    });
    expect(await tableCounts()).toEqual(before);
  });

  it('confirms three 一级 示例 applicants and gives them 示例评审组: expert2–4 scored, expert5 and the chair expert1 to go', async () => {
    expect(first.grade1Panel).toEqual({ created: 3, skipped: null });
    expect(first.panel.skipped).toBeNull();
    // Through the services (the sign-in rate limit is the walk-through's).
    const meta = { ip: null, userAgent: 'test', requestId: null };
    const mine = await myPanels(t.deps, { actor: await actorOf('expert5'), meta });
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]!.candidates.map((c) => c.sheetStatus)).toEqual(['none', 'none', 'none']);
    const scores = await panelScores(t.deps, { actor: await actorOf('expert1'), meta }, first.panel.panelId!);
    expect(scores.missing).toBe(6);
    expect(scores.abilities.confirm).toBe(false);
  });

  it('gives 示例 第二场 candidates scores that `province` sees, compiles and releases; then the public lookup answers', async () => {
    expect(first.scores.candidates).toBeGreaterThan(0);
    const province = await signIn(t, 'province', DEMO_PASSWORD);
    const table = (await province.get(`/api/campaigns/${campaignId}/scores`)).json();
    expect(table.total).toBe(first.scores.candidates);
    const overview = (await province.get(`/api/campaigns/${campaignId}/scores/overview`)).json();
    expect(overview.abilities).toMatchObject({ release: true, rescore: true });
    expect((await province.post(`/api/campaigns/${campaignId}/scores/release`)).statusCode).toBe(200);
    const c = table.items[0];
    const found = await t.app.inject({
      method: 'POST',
      url: '/api/public/score-lookup',
      payload: { idNumber: c.idNumber, ticketNumber: c.ticketNumber },
    });
    expect(found.statusCode, found.body).toBe(200);
    console.log('demo score lookup:', c.name, c.idNumber, c.ticketNumber, found.body);
  });

  it('lets `province` publish the qualified (周丽娟 among them), `zz-youeryuan` file a review and `zhengzhou` answer it', async () => {
    // Runs after the release above.
    const province = await signIn(t, 'province', DEMO_PASSWORD);
    const published = await province.post(`/api/campaigns/${campaignId}/publicity`, { contact: '省工考办（示例）' });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().listed).toBeGreaterThan(0);
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/public/publicity/${campaignId}?q=${encodeURIComponent('周丽娟')}`,
    });
    expect(list.json().items[0]).toMatchObject({ name: '周丽娟', idNumberMasked: '410105********0828' });
    const unit = await signIn(t, 'zz-youeryuan', DEMO_PASSWORD);
    const options = (
      await unit.get(`/api/score-reviews/options?campaignId=${campaignId}&q=${encodeURIComponent('周丽娟')}`)
    ).json();
    expect(options.window.open).toBe(true);
    const applicationId = options.candidates[0].applicationId;
    const filed = await unit.post('/api/score-reviews', { applicationId, subject: 'skill', reason: '示例：申请复核' });
    expect(filed.statusCode, filed.body).toBe(200);
    const zhengzhou = await signIn(t, 'zhengzhou', DEMO_PASSWORD);
    // The demo's papers come from real pools: the rebuild from the seed equals the stored paper.
    const check = (await zhengzhou.post(`/api/score-reviews/${filed.json().id}/check`)).json();
    expect(check).toMatchObject({
      rebuildMatches: true,
      rescoredScore: filed.json().originalScore,
      suggested: 'upheld',
    });
    const decided = await zhengzhou.post(`/api/score-reviews/${filed.json().id}/decide`, {
      note: '经复核，成绩无误（示例）',
    });
    expect(decided.json()).toMatchObject({ outcome: 'upheld', rebuildMatches: true });
  });

  it('lets `bank` compute and read the item analysis of the finished 示例 attempts (few: the count says so)', async () => {
    const summary = (await bank.get(`/api/campaigns/${campaignId}/item-analysis`)).json();
    expect(summary.subjects.length).toBeGreaterThan(0);
    const { subject, finished } = summary.subjects[0];
    expect(finished).toBeGreaterThan(0);
    const started = await bank.post(`/api/campaigns/${campaignId}/item-analysis/${subject}/compute`);
    expect(started.statusCode, started.body).toBe(202);
    const job = await waitForJob<{ status: string; result: { attempts: number; items: number } }>(
      bank,
      started.json().jobId,
    );
    expect(job).toMatchObject({ status: 'done', result: { attempts: finished } });
    const after = (await bank.get(`/api/campaigns/${campaignId}/item-analysis`)).json();
    const analysis = after.subjects.find((s: { subject: string }) => s.subject === subject).analysis;
    expect(analysis.attempts).toBeLessThan(after.fewAttempts);
    const items = (await bank.get(`/api/campaigns/${campaignId}/item-analysis/${subject}/items`)).json();
    expect(items.total).toBe(job.result.items);
    console.log('demo item analysis:', subject, JSON.stringify({ ...analysis, histogram: undefined }));
  });

  it('gives 郑州 and 洛阳 a sample centre with two rooms each; `zz-kd` manages only 郑州 ones', async () => {
    const kd = await signIn(t, 'zz-kd', DEMO_PASSWORD);
    const mine = (await kd.get('/api/centres')).json();
    expect(mine.items.map((c: { name: string }) => c.name)).toEqual(['郑州市职业技能鉴定考点（示例）']);
    expect(mine.items[0]).toMatchObject({ roomCount: 2, abilities: { update: false, manageRooms: true, check: true } });
    const province = await signIn(t, 'province', DEMO_PASSWORD);
    const all = (await province.get('/api/centres')).json();
    // 郑州's, 洛阳's and the province's own (where 省直 candidates sit, seed-seating.ts).
    expect(all.items.filter((c: { name: string }) => c.name.includes('示例'))).toHaveLength(3);
  });

  it('seats and notifies every confirmed 示例考生, with a 准考证号 (published seating)', async () => {
    expect(first.seating).toEqual({
      centreCreated: true,
      // The 12 of 四级 and the five 一级 (seed-candidates.ts, seed-grade1.ts, seed-panels.ts) in 示例 一级场次.
      seated: DEMO_CANDIDATES.length + 5,
      notified: DEMO_CANDIDATES.length + 5,
    });
    const province = await signIn(t, 'province', DEMO_PASSWORD);
    const list = (await province.get(`/api/campaigns/${campaignId}/seating/assignments?pageSize=100`)).json();
    expect(list.total).toBe(DEMO_CANDIDATES.length + 5);
    const confirmed = await inSystemTx(t.database.db, (tx) =>
      tx
        .select({ id: applications.id })
        .from(applications)
        .where(
          and(
            eq(applications.campaignId, campaignId),
            // 一级 too: its theory papers (职业道德, 专业基础知识) in 示例 一级场次.
            eq(applications.status, 'province_confirmed'),
          ),
        ),
    );
    expect(new Set(list.items.map((i: { applicationId: number }) => i.applicationId))).toEqual(
      new Set(confirmed.map((c) => c.id)),
    );
    for (const item of list.items) {
      expect(item.ticketNumber).toMatch(/^\d{17}[\dX]$/);
      expect(item.notifiedAt).not.toBeNull();
    }
    // 省直 candidates sit at the province's own centre (410000 in the ticket number).
    const provincial = list.items.filter((i: { centreName: string }) => i.centreName.startsWith('河南省'));
    expect(provincial.length).toBeGreaterThan(0);
    for (const i of provincial) expect(i.ticketNumber.slice(4, 10)).toBe('410000');
    const report = (await province.get(`/api/campaigns/${campaignId}/seating/runs/latest`)).json();
    expect(report.run.counts).toMatchObject({ unseated: 0, seated: DEMO_CANDIDATES.length + 5 });
    // The 一级 示例考生 sits the 一级 session, and nobody else does.
    const sessions = (await province.get(`/api/campaigns/${campaignId}/sessions`)).json();
    const grade1 = sessions.items.find((s: { name: string }) => s.name === '示例 一级场次');
    expect(grade1).toMatchObject({ grades: [1] });
    expect(grade1.subjects.map((x: { subject: string }) => x.subject)).toEqual(['ethics', 'basics']);
    // The five 一级 示例考生, 孙国栋 (seed-candidates.ts), 韩振华 (seed-grade1.ts) and the three of 示例评审组.
    expect(
      list.items
        .filter((i: { sessionId: number }) => i.sessionId === grade1.id)
        .map((i: { name: string }) => i.name)
        .sort(),
    ).toEqual(['孙国栋', '孟庆山', '杜文博', '许建设', '韩振华'].sort());
  });

  it('plans two sample sessions and a sample training class in 郑州市 with attendance (示例)', async () => {
    expect(first.sessionsTraining.sessions).toBe(2);
    expect(first.sessionsTraining.classCreated).toBe(true);
    const zhengzhou = DEMO_CANDIDATES.filter((c) => c.unit.startsWith('zz-') && c.jobType === '保育员').length;
    expect(first.sessionsTraining.enrolled).toBe(zhengzhou);
    const province = await signIn(t, 'province', DEMO_PASSWORD);
    const sessions = (await province.get(`/api/campaigns/${campaignId}/sessions`)).json();
    expect(sessions.items.map((s: { name: string }) => s.name)).toEqual([
      '示例 第一场',
      '示例 第二场',
      '示例 一级场次',
    ]);
    expect(sessions.items[0].timeline.subjects).toHaveLength(3);
    const zz = await signIn(t, 'zhengzhou', DEMO_PASSWORD);
    const classes = (await zz.get(`/api/campaigns/${campaignId}/training/classes`)).json();
    expect(classes.items).toHaveLength(1);
    expect(classes.items[0]).toMatchObject({ jurisdictionName: '郑州市', enrolled: zhengzhou, sittings: 2 });
    const roster = (await zz.get(`/api/training/classes/${classes.items[0].id}/roster`)).json();
    expect(roster.items.filter((r: { completed: boolean }) => r.completed)).toHaveLength(zhengzhou - 1);
    const luoyang = await signIn(t, 'luoyang', DEMO_PASSWORD);
    expect((await luoyang.get(`/api/campaigns/${campaignId}/training/classes`)).json().items).toEqual([]);
  });

  it("seats 郑州市's 电工 and 保育员 in 示例 第一场, in rooms `zhengzhou` gave to `proctor` (exam day)", async () => {
    expect(first.examDay.assigned).toBeGreaterThan(0);
    const province = await signIn(t, 'province', DEMO_PASSWORD);
    const list = (await province.get(`/api/campaigns/${campaignId}/seating/assignments?pageSize=100`)).json();
    const sessions = (await province.get(`/api/campaigns/${campaignId}/sessions`)).json();
    const firstSession = sessions.items.find((s: { name: string }) => s.name === '示例 第一场');
    const zz = DEMO_CANDIDATES.filter((c) => c.unit.startsWith('zz-'));
    const seats = list.items.filter((i: { idNumber?: string; name: string }) => zz.some((c) => c.name === i.name));
    expect(seats).toHaveLength(zz.length);
    for (const seat of seats) expect(seat.sessionId, seat.name).toBe(firstSession.id);
    const rooms = new Set(seats.map((s: { roomId: number }) => s.roomId));
    expect(rooms.size).toBe(first.examDay.assigned);

    // The proctor finds them under 我的考场; the assignment is `zhengzhou`'s in the audit log.
    const proctor = await signIn(t, 'proctor', DEMO_PASSWORD);
    const mine = (await proctor.get('/api/proctoring/my-rooms')).json();
    const mineFirst = mine.items.filter((r: { session: { id: number } }) => r.session.id === firstSession.id);
    expect(new Set(mineFirst.map((r: { roomId: number }) => r.roomId))).toEqual(rooms);
    expect(mineFirst.reduce((n: number, r: { seated: number }) => n + r.seated, 0)).toBe(zz.length);
    const trail = await inSystemTx(t.database.db, (tx) =>
      tx
        .select({ actor: auditLog.actorUsername, n: count() })
        .from(auditLog)
        .where(eq(auditLog.action, 'proctor.assign'))
        .groupBy(auditLog.actorUsername),
    );
    expect(trail).toEqual([{ actor: 'zhengzhou', n: rooms.size + first.grade1Exam.examDay.assigned }]);
  });

  it('lists the sample banks to `bank` with every item approved', async () => {
    const res = await bank.get('/api/banks');
    expect(res.statusCode, res.body).toBe(200);
    const banks = res.json().items as Array<{
      name: string;
      subject: string;
      jobTypeName: string | null;
      grade: number | null;
      itemCount: number;
      approvedCount: number;
    }>;
    expect(banks.map((b) => [b.name, b.subject, b.jobTypeName, b.grade, b.itemCount, b.approvedCount]).sort()).toEqual(
      SAMPLE_BANKS.map((b) => [b.name, b.subject, b.jobTypeName, b.grade, b.items.length, b.items.length]).sort(),
    );
  });

  it('wrote each item as `bank` and approved it as `bank2`, sealed so that the service opens it', async () => {
    const ids = await inSystemTx(t.database.db, async (tx) => {
      const people = await tx.select({ id: accounts.id, username: accounts.username }).from(accounts);
      const id = (u: string) => people.find((p) => p.username === u)!.id;
      const versions = await tx.select().from(bankItemVersions);
      expect(versions.every((v) => v.authorId === id('bank') && v.approverId === id('bank2'))).toBe(true);
      expect(versions.every((v) => v.status === 'approved' && v.version === 1 && v.optionCount !== null)).toBe(true);
      // As the services write it when people do it: bank creates the banks and writes the items, bank2 approves.
      const trail = await tx
        .select({ action: auditLog.action, actor: auditLog.actorUsername, n: count() })
        .from(auditLog)
        .where(sql`${auditLog.action} in ('bank.create', 'bank.seed', 'bank_item.approve')`)
        .groupBy(auditLog.action, auditLog.actorUsername);
      expect(trail.sort((a, b) => (a.action < b.action ? -1 : 1))).toEqual([
        { action: 'bank.create', actor: 'bank', n: SAMPLE_BANKS.length },
        { action: 'bank.seed', actor: 'bank', n: SAMPLE_BANKS.length },
        { action: 'bank_item.approve', actor: 'bank2', n: versions.length },
      ]);
      // Nothing of an item in clear: its stem is nowhere in the row.
      const stem = SAMPLE_BANKS[0]!.items[0]!.stem;
      expect(versions.some((v) => v.content.toString('utf8').includes(stem))).toBe(false);
      const [firstItem] = await tx
        .select({ id: bankItems.id })
        .from(bankItems)
        .innerJoin(questionBanks, eq(questionBanks.id, bankItems.bankId))
        .where(eq(questionBanks.name, SAMPLE_BANKS[0]!.name))
        .orderBy(bankItems.id)
        .limit(1);
      return { item: firstItem!.id };
    });
    const bank2 = await signIn(t, 'bank2', DEMO_PASSWORD);
    const res = await bank2.get(`/api/bank-items/${ids.item}/versions/1`);
    expect(res.statusCode, res.body).toBe(200);
    const item = SAMPLE_BANKS[0]!.items[0]!;
    expect(res.json()).toMatchObject({
      stem: item.stem,
      answer: item.answer,
      explanation: item.explanation,
      source: item.source,
      authorName: '题库管理员（甲）',
      approverName: '题库管理员（乙）',
      status: 'approved',
    });
    // The four-eyes rule held: neither manager may approve again, and the item is nobody's draft.
    expect(res.json().abilities.approve).toBe(false);
  });

  it('gives the bank manager the 17 confirmed candidates (five of 一级) through gk_exam_candidates', async () => {
    const bankActor = await actorOf('bank');
    const rows = await inScopedTx(t.database.db, bankActor, async (tx) =>
      resultRows<{ application_id: number; job_type_id: number; grade: number }>(
        await tx.execute(sql`select * from gk_exam_candidates(${campaignId})`),
      ),
    );
    expect(rows).toHaveLength(17);
    expect(rows.filter((r) => Number(r.grade) === 1)).toHaveLength(5);
    const names = await inSystemTx(t.database.db, (tx) =>
      tx.select({ id: jobTypes.id, name: jobTypes.name }).from(jobTypes),
    );
    const byType = new Map<string, number>();
    for (const r of rows.filter((x) => Number(x.grade) !== 1)) {
      expect(r.grade).toBe(4);
      const name = names.find((n) => n.id === r.job_type_id)!.name;
      byType.set(name, (byType.get(name) ?? 0) + 1);
    }
    expect(Object.fromEntries(byType)).toEqual({ 电工: 4, 保育员: 4, 汽车驾驶员: 4 });
  });

  it('links 刘建军’s demo account to his confirmed application; the demo’s printing window holds today', async () => {
    const liu = DEMO_CANDIDATES.find((c) => c.name === '刘建军')!;
    const username = demoCandidateIdNumber(liu);
    const [account] = await t.database.db.select().from(accounts).where(eq(accounts.username, username));
    expect(account).toMatchObject({ role: 'applicant', displayName: '刘建军' });
    const [row] = await t.database.db
      .select()
      .from(applications)
      .where(and(eq(applications.campaignId, campaignId), eq(applications.idNumber, username)));
    expect(row).toMatchObject({ applicantAccountId: account!.id, status: 'province_confirmed' });
    const client = await signIn(t, username, DEMO_PASSWORD);
    const own = await client.get('/api/my/application');
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ id: row!.id, name: '刘建军' });
    const mine = await client.get('/api/tickets/mine');
    expect(mine.statusCode, mine.body).toBe(200);
    const province = await signIn(t, 'province', DEMO_PASSWORD);
    const campaign = (await province.get(`/api/campaigns/${campaignId}`)).json();
    const window = campaign.phases.find((p: { phase: string }) => p.phase === 'ticket_printing');
    expect(window.startsOn <= campaign.today && campaign.today <= window.endsOn, JSON.stringify(window)).toBe(true);
    // Seeding again links nothing twice.
    expect(await linkDemoCandidateAccounts(t.deps, campaignId)).toBe(0);
  });

  it('registered each candidate eligible in a demo unit, with valid ID numbers and every level’s review', async () => {
    const today = '2017-02-10';
    for (const c of DEMO_CANDIDATES) expect(parseIdCard(demoCandidateIdNumber(c), today).ok, c.name).toBe(true);
    const province = await signIn(t, 'province', DEMO_PASSWORD);
    const rows = await inSystemTx(t.database.db, (tx) =>
      tx
        .select()
        .from(applications)
        .where(and(eq(applications.campaignId, campaignId), ne(applications.appliedGrade, 1))),
    );
    expect(rows).toHaveLength(12);
    // The 一级 示例 applicants (seed-panels.ts, three; seed-grade1.ts, one with evidence; seed-candidates.ts, the 电工 of the theory papers) went the same way, eligible.
    const grade1 = await inSystemTx(t.database.db, (tx) =>
      tx
        .select()
        .from(applications)
        .where(and(eq(applications.campaignId, campaignId), eq(applications.appliedGrade, 1))),
    );
    expect(grade1.map((r) => [r.status, r.verdict])).toEqual(Array(5).fill(['province_confirmed', 'eligible']));
    for (const row of rows) {
      expect(row).toMatchObject({ status: 'province_confirmed', verdict: 'eligible', source: 'unit' });
      expect(row.appliedGrade, row.name).toBe(row.remarks?.startsWith('示例考生（一级）') ? 1 : 4);
      expect(row.departmentBatchId).not.toBeNull();
      expect(row.remarks).toContain('示例考生');
      const res = await province.get(`/api/applications/${row.id}/review`);
      expect(res.statusCode, res.body).toBe(200);
      const detail = res.json();
      const levels = detail.history.map((h: { level: string; action: string }) => `${h.level}:${h.action}`);
      const provincial = detail.reviewedByProvince as boolean;
      expect(levels).toEqual(
        provincial
          ? ['unit:approve', 'department:approve', 'province:approve']
          : ['unit:approve', 'department:approve', 'jurisdiction:approve', 'province:approve'],
      );
      expect(row.jurisdictionBatchId === null).toBe(provincial);
      // Each level's opinion, reviewer and seal, as the form prints them.
      for (const level of ['unit', 'department', 'province'] as const) {
        expect(detail.opinions[level]).toMatchObject({ opinion: expect.any(String), sealName: expect.any(String) });
      }
    }
    expect(rows.filter((r) => r.jurisdictionBatchId === null)).toHaveLength(1);
  });

  it('left the campaign open, its blueprints served by the seeded banks published (汽车驾驶员 a draft, short until imported)', async () => {
    const [campaign] = await t.database.db.select().from(campaigns).where(eq(campaigns.id, campaignId));
    expect(campaign!.status).toBe('open');
    const bankActor = await actorOf('bank');
    const reports = await inScopedTx(t.database.db, bankActor, async (tx) => {
      const rows = await tx.select().from(blueprints).where(eq(blueprints.campaignId, campaignId));
      const out: Array<{ subject: string; jobTypeId: number | null; ok: boolean; codes: string[] }> = [];
      for (const row of rows) {
        expect(row.revision).toBe(row.status === 'published' ? 2 : 1);
        const blueprint: Blueprint = {
          subject: row.subject,
          jobTypeId: row.jobTypeId,
          grade: row.grade as 4 | 1 | null,
          ...(row.definition as BlueprintDefinition),
        };
        const pool = await approvedPool(t.deps.contentKey!, tx, {
          subject: row.subject,
          jobTypeId: row.jobTypeId,
          grade: row.subject === 'basics' ? 1 : 4,
        });
        const report = checkSufficiency(blueprint, pool);
        out.push({
          subject: row.subject,
          jobTypeId: row.jobTypeId,
          ok: report.ok,
          codes: report.problems.map((p) => p.code),
        });
      }
      return out;
    });
    expect(reports).toHaveLength(6);
    const driver = await inSystemTx(t.database.db, async (tx) => {
      const [row] = await tx
        .select({ id: jobTypes.id })
        .from(jobTypes)
        .innerJoin(campaigns, eq(campaigns.catalogVersionId, jobTypes.versionId))
        .where(and(eq(campaigns.id, campaignId), eq(jobTypes.name, SAMPLE_IMPORT_BANK.jobTypeName!)));
      return row!.id;
    });
    for (const r of reports) {
      if (r.jobTypeId === driver) {
        expect(r.ok).toBe(false);
        expect(r.codes).toContain('BLUEPRINT_CELL_SHORT');
      } else {
        expect(r, JSON.stringify(r)).toMatchObject({ ok: true, codes: [] });
      }
    }
  });
});

describe('GET /api/banks/sample.xlsx', () => {
  it('gives a bank manager the sample bank to import, in the bank sheet layout, every row readable', async () => {
    const res = await bank.get('/api/banks/sample.xlsx');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent(SAMPLE_IMPORT_BANK.fileName));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet(BANK_SHEET_NAME)!;
    const header = (sheet.getRow(1).values as SheetCell[]).slice(1);
    expect(header).toEqual([...BANK_SHEET_COLUMNS]);
    const items = [];
    for (let r = 2; r <= sheet.rowCount; r++) {
      const values = sheet.getRow(r).values as SheetCell[];
      const cells = Object.fromEntries(BANK_SHEET_COLUMNS.map((c, i) => [c, values[i + 1] ?? null]));
      const parsed = parseItemRow(cells, r);
      expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
      if (parsed.ok) items.push(parsed.item);
    }
    expect(items).toEqual(SAMPLE_IMPORT_BANK.items);
  });

  it('is refused to other roles (403) and outside demo mode (404)', async () => {
    const province = await signIn(t, 'province', DEMO_PASSWORD);
    expect((await province.get('/api/banks/sample.xlsx')).statusCode).toBe(403);
    t.deps.config.demoMode = false;
    try {
      const res = await bank.get('/api/banks/sample.xlsx');
      expect(res.statusCode).toBe(404);
      expect(res.json().error.message).toContain('演示环境');
    } finally {
      t.deps.config.demoMode = true;
    }
  });
});

async function actorOf(username: string): Promise<Actor> {
  const [row] = await t.database.db.select().from(accounts).where(eq(accounts.username, username));
  return platformActorOf(row!, null);
}

describe('the walk-through on the demo data (README)', () => {
  it('bank imports the sample file, bank2 approves, the blueprints publish, every confirmed candidate gets three papers', async () => {
    const bank2 = await signIn(t, 'bank2', DEMO_PASSWORD);
    const check = async () => (await bank.get(`/api/blueprints?campaignId=${campaignId}`)).json();
    const before = await check();
    // The seed published four blueprints for exam day; the 汽车驾驶员 draft is short of items (no bank yet).
    expect(before).toMatchObject({ candidates: 17, ready: false });
    expect(before.summary).toMatchObject({ missing: 0, short: 1, draft: 0, published: 5 });

    // 新建题库 (岗位技能 · 汽车驾驶员 · 四级), then 导入 Excel with the file 下载示例题库 gave.
    const driver = await inSystemTx(t.database.db, async (tx) => {
      const [row] = await tx
        .select({ id: jobTypes.id })
        .from(jobTypes)
        .innerJoin(campaigns, eq(campaigns.catalogVersionId, jobTypes.versionId))
        .where(and(eq(campaigns.id, campaignId), eq(jobTypes.name, SAMPLE_IMPORT_BANK.jobTypeName!)));
      return row!.id;
    });
    const created = await bank.post('/api/banks', {
      subject: 'skill',
      name: SAMPLE_IMPORT_BANK.name,
      jobTypeId: driver,
      grade: SAMPLE_IMPORT_BANK.grade,
    });
    expect(created.statusCode, created.body).toBe(200);
    const bankId = created.json().id as number;
    const file = (await bank.get('/api/banks/sample.xlsx')).rawPayload;
    const imported = await importFile(t, bank, bankId, file, 'all_or_nothing');
    expect(imported.result).toMatchObject({ total: 45, imported: 45, rejected: 0 });

    // bank2 approves the whole bank from 待审核试题 (bank may not: 四眼原则).
    const own = await bank.post('/api/bank-items/approve', { filter: { bankId }, expectedCount: 45 });
    expect(own.json()).toMatchObject({ succeeded: 0 });
    const approved = await bank2.post('/api/bank-items/approve', { filter: { bankId }, expectedCount: 45 });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ matched: 45, succeeded: 45, skipped: [] });

    // 组卷规则: every cell has its items now; each blueprint publishes.
    const after = await check();
    expect(after.summary).toMatchObject({ missing: 0, short: 0, draft: 1, published: 5 });
    const ids = await inSystemTx(t.database.db, async (tx) =>
      (
        await tx
          .select({ id: blueprints.id })
          .from(blueprints)
          .where(and(eq(blueprints.campaignId, campaignId), eq(blueprints.status, 'draft')))
      ).map((b) => b.id),
    );
    for (const id of ids) {
      const { blueprint } = (await bank.get(`/api/blueprints/${id}`)).json();
      const res = await bank.post(`/api/blueprints/${id}/publish`, { revision: blueprint.revision });
      expect(res.statusCode, res.body).toBe(200);
    }
    expect(await check()).toMatchObject({ ready: true, summary: { published: 6 } });

    // 生成试卷: what the seed left: the 岗位技能 papers of the four 汽车驾驶员 candidates.
    const res = await bank.post(`/api/campaigns/${campaignId}/papers/generate`);
    expect(res.statusCode, res.body).toBe(202);
    const job = await waitForJob<{ status: string; result: { generated: Record<string, number> } }>(
      bank,
      res.json().jobId,
    );
    expect(job.status, JSON.stringify(job)).toBe('done');
    expect(job.result.generated).toEqual({ skill: 4, ethics: 0, ability: 0, basics: 0 });
    expect(job.result).toMatchObject({ existing: 42 });
  });
});
