import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildNode,
  buildTestApp,
  type Client,
  expectPermissionDenied,
  findJurisdiction,
  signIn,
  TEST_PASSWORD,
  type TestApp,
} from '../../../../test/setup/harness.js';
import { makeIdNumber } from '../../../domain/id-card.js';
import { panelScore } from '../../../domain/panel-review.js';
import {
  accounts,
  applications,
  auditLog,
  orgNodes,
  panelCandidates,
  panelResults,
  panelSheets,
} from '../../db/schema.js';
import { hashPassword } from '../../platform/passwords.js';
import { actorOf } from '../../platform/sessions.js';
import { inScopedTx, inSystemTx } from '../../platform/tx.js';
import { openCampaign2017 } from '../applications/applications.test-support.js';
import { insertApplications } from '../review/review.test-support.js';

let t: TestApp;
let province: Client;
let campaignId: number;
type Node = typeof orgNodes.$inferSelect;
let unitA: Node;
let unitB: Node;
let unitC: Node;
let unitD: Node;
/** Approved 一级: two of unit A, one of unit B; one of unit D (for the second panel); a 四级 one. */
let candA1: number;
let candA2: number;
let candB: number;
let candD: number;
let grade4: number;
const experts: Array<{ id: number; username: string; accountId: number }> = [];

const HOUR = 3600_000;

async function auditCount(action: string, entityId?: number): Promise<number> {
  return inSystemTx(t.database.db, async (tx) => {
    const rows = await tx
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(
        entityId === undefined
          ? eq(auditLog.action, action)
          : and(eq(auditLog.action, action), eq(auditLog.entityId, String(entityId))),
      );
    return rows.length;
  });
}

beforeAll(async () => {
  t = await buildTestApp();
  const node = await inSystemTx(t.database.db, async (tx) => {
    const [row] = await tx.select().from(orgNodes).where(eq(orgNodes.id, t.provinceId));
    return row!;
  });
  const admin = await buildAccount(t, node, 'province_admin');
  province = await signIn(t, admin.username);
  const fixture = await openCampaign2017(t);
  campaignId = fixture.campaignId;
  const zz = await findJurisdiction(t, '郑州市');
  const department = await buildNode(t, zz, 'department');
  [unitA, unitB, unitC, unitD] = [
    await buildNode(t, department, 'unit', '评审测试单位甲'),
    await buildNode(t, department, 'unit', '评审测试单位乙'),
    await buildNode(t, department, 'unit', '评审测试单位丙'),
    await buildNode(t, department, 'unit', '评审测试单位丁'),
  ];
  const insert = (unit: Node, count: number) =>
    insertApplications(t, {
      campaignId,
      unit,
      departmentId: department.id,
      jurisdictionId: zz.id,
      jobTypeId: fixture.driverId,
      count,
      status: 'province_confirmed',
      namePrefix: '一级考生',
    });
  const a = await insert(unitA, 2);
  [candA1, candA2] = [a[0]!, a[1]!];
  candB = (await insert(unitB, 1))[0]!;
  candD = (await insert(unitD, 1))[0]!;
  grade4 = (await insert(unitB, 1))[0]!;
  await inSystemTx(t.database.db, (tx) =>
    tx
      .update(applications)
      .set({ appliedGrade: 1, appraisals: ['excellent', 'excellent', 'competent', 'competent', 'competent'] })
      .where(sql`${applications.id} in (${sql.join([candA1!, candA2!, candB!, candD!], sql`, `)})`),
  );
});
afterAll(async () => {
  await t?.close();
});

describe('the expert list (专家库)', () => {
  it('adds experts with a valid ID number and a unit, masks the number, creates their accounts once', async () => {
    const units = [unitC, unitC, unitC, unitC, unitC, unitA];
    for (const [i, unit] of units.entries()) {
      const created = await province.post('/api/experts', {
        name: `评审专家${i + 1}`,
        idNumber: makeIdNumber(`41010219700101${String(100 + i)}`),
        workUnitId: unit.id,
        title: '高级技师',
        specialty: '汽车驾驶',
      });
      expect(created.statusCode, created.body).toBe(200);
      expect(created.json().idNumberMasked).toMatch(/^4101\*+\d{3}[0-9X]$/);
      const username = `expert-t${i + 1}`;
      const account = await province.post(`/api/experts/${created.json().id}/account`, { username });
      expect(account.statusCode, account.body).toBe(200);
      expect(account.json().initialPassword.length).toBeGreaterThan(7);
      expect(account.json().expert.username).toBe(username);
      experts.push({ id: created.json().id, username, accountId: account.json().expert.accountId });
    }
    expect(await auditCount('expert.create')).toBe(6);
    expect(await auditCount('expert.account')).toBe(6);
    // The initial password works (and must be changed); the tests sign in with the test password.
    const hash = await hashPassword(TEST_PASSWORD);
    await inSystemTx(t.database.db, (tx) =>
      tx
        .update(accounts)
        .set({ passwordHash: hash, mustChangePassword: false })
        .where(sql`${accounts.role}::text = 'panel_expert'`),
    );

    const again = await province.post(`/api/experts/${experts[0]!.id}/account`, { username: 'expert-x' });
    expect(again.json().error.code).toBe('EXPERT_HAS_ACCOUNT');
    const duplicate = await province.post('/api/experts', {
      name: '重复',
      idNumber: makeIdNumber('41010219700101100'),
      workUnitId: unitC.id,
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('EXPERT_ID_TAKEN');
    const badId = await province.post('/api/experts', {
      name: '错号',
      idNumber: '410102197001011009',
      workUnitId: unitC.id,
    });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.code).toBe('EXPERT_ID_INVALID');
    const zz = await findJurisdiction(t, '郑州市');
    const badUnit = await province.post('/api/experts', {
      name: '无单位',
      idNumber: makeIdNumber('41010219700101200'),
      workUnitId: zz.id,
    });
    expect(badUnit.json().error.code).toBe('EXPERT_UNIT_INVALID');
    const list = await province.get('/api/experts?q=评审专家');
    expect(list.json().total).toBe(6);
    expect(list.body).not.toContain(makeIdNumber('41010219700101100'));

    // Not the province's: a jurisdiction admin may not, an expert may not.
    const zzAdmin = await buildAccount(t, zz, 'jurisdiction_admin');
    expect((await (await signIn(t, zzAdmin.username)).get('/api/experts')).statusCode).toBe(403);
    expect((await (await signIn(t, experts[0]!.username)).get('/api/experts')).statusCode).toBe(403);
  });
});

let panelId: number;
let panel2Id: number;

describe('criteria, panels and assignment', () => {
  it('validates and saves the criteria', async () => {
    const bad = await province.request('PUT', `/api/campaigns/${campaignId}/panel-settings`, {
      criteria: [
        { key: 'a', name: '业绩', weight: 50, max: 100 },
        { key: 'b', name: '技能', weight: 40, max: 40 },
      ],
      passLine: 60,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('PANEL_CRITERIA_INVALID');
    const saved = await province.request('PUT', `/api/campaigns/${campaignId}/panel-settings`, {
      criteria: [
        { key: 'a', name: '业绩', weight: 30, max: 100 },
        { key: 'b', name: '技能', weight: 50, max: 40 },
        { key: 'c', name: '答辩', weight: 20, max: 30 },
      ],
      passLine: 70,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ saved: true, passLine: 70, abilities: { edit: true } });
  });

  it('creates panels with a chair and a schedule; refuses a member and a candidate of one unit', async () => {
    const now = t.clock.now().getTime();
    const schedule = {
      startsAt: new Date(now - HOUR).toISOString(),
      endsAt: new Date(now + 7 * 24 * HOUR).toISOString(),
    };
    const created = await province.post(`/api/campaigns/${campaignId}/panels`, {
      name: '第一评审组',
      ...schedule,
      memberIds: experts.slice(0, 5).map((e) => e.id),
      chairId: experts[0]!.id,
    });
    expect(created.statusCode, created.body).toBe(200);
    panelId = created.json().id;
    expect(created.json()).toMatchObject({ members: 5, chairName: '评审专家1', schedule: 'open', status: 'open' });
    // Expert 6 works at unit A: the second panel may not take unit A's candidates.
    const second = await province.post(`/api/campaigns/${campaignId}/panels`, {
      name: '第二评审组',
      ...schedule,
      memberIds: [experts[5]!.id, experts[1]!.id],
      chairId: experts[5]!.id,
    });
    expect(second.statusCode, second.body).toBe(200);
    panel2Id = second.json().id;
    const conflict = await province.post(`/api/panels/${panel2Id}/candidates`, { applicationIds: [candA1, candD] });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.code).toBe('PANEL_CONFLICTS');
    expect(conflict.json().error.problems).toEqual([
      expect.objectContaining({ expertName: '评审专家6', applicationId: candA1, unitName: '评审测试单位甲' }),
    ]);
    expect((await province.post(`/api/panels/${panel2Id}/candidates`, { applicationIds: [candD] })).json()).toEqual({
      assigned: 1,
    });
    const notGrade1 = await province.post(`/api/panels/${panelId}/candidates`, { applicationIds: [grade4] });
    expect(notGrade1.json().error.code).toBe('PANEL_CANDIDATE_NOT_ELIGIBLE');
    const elsewhere = await province.post(`/api/panels/${panelId}/candidates`, { applicationIds: [candD] });
    expect(elsewhere.json().error.code).toBe('PANEL_CANDIDATE_ASSIGNED');
    // The rest by jurisdiction: everyone approved and unassigned there.
    const zz = await findJurisdiction(t, '郑州市');
    const bulk = await province.post(`/api/panels/${panelId}/candidates`, { jurisdictionId: zz.id });
    expect(bulk.json()).toEqual({ assigned: 3 });
    const detail = (await province.get(`/api/panels/${panelId}`)).json();
    expect(detail.candidateList.map((c: { applicationId: number }) => c.applicationId).sort()).toEqual(
      [candA1, candA2, candB].sort(),
    );
    expect(detail.conflicts).toEqual([]);
    expect(detail.expectedSheets).toBe(15);
    const overview = (await province.get(`/api/campaigns/${campaignId}/panels`)).json();
    expect(overview).toMatchObject({ candidates: 4, unassigned: 0 });
    expect(await auditCount('panel.assign')).toBe(2);
  });
});

const sheetUrl = (panel: number, application: number) => `/api/panels/${panel}/candidates/${application}/sheet`;
/** a/100×30 + b/40×50 + c/30×20 */
const sheet = (a: number, b: number, c: number, submit = true) => ({ scores: { a, b, c }, comment: '评语', submit });

describe('scoring', () => {
  it('shows a member their candidates only; refuses one not assigned, one of their own unit, outside the schedule', async () => {
    const e2 = await signIn(t, experts[1]!.username);
    const mine = (await e2.get('/api/panel-review/mine')).json();
    expect(mine.items.map((p: { id: number }) => p.id).sort()).toEqual([panelId, panel2Id].sort());
    const read = await e2.get(sheetUrl(panelId, candB!));
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().candidate).toMatchObject({ workYears: 12, idNumberMasked: expect.stringMatching(/\*{8}/) });
    expect(read.json().criteria).toHaveLength(3);
    const full = await inSystemTx(t.database.db, async (tx) => {
      const [row] = await tx
        .select({ id: applications.idNumber })
        .from(applications)
        .where(eq(applications.id, candB!));
      return row!.id;
    });
    expect(read.body).not.toContain(full);

    // A candidate of another panel through this one; a panel one is not in.
    expect((await e2.get(sheetUrl(panelId, candD!))).json().error.code).toBe('PANEL_CANDIDATE_NOT_ASSIGNED');
    expect((await e2.get(sheetUrl(panelId, candD!))).statusCode).toBe(404);
    const e1 = await signIn(t, experts[0]!.username);
    expect((await e1.get(sheetUrl(panel2Id, candD!))).statusCode).toBe(404);

    // Expert 3 moves to unit A: unit A's candidates become theirs to avoid, and the panel lists the conflict.
    expect((await province.patch(`/api/experts/${experts[2]!.id}`, { workUnitId: unitA.id })).statusCode).toBe(200);
    const e3 = await signIn(t, experts[2]!.username);
    const own = await e3.request('PUT', sheetUrl(panelId, candA1!), sheet(80, 30, 20));
    expect(own.statusCode).toBe(409);
    expect(own.json().error.code).toBe('PANEL_OWN_UNIT');
    expect((await e3.get(sheetUrl(panelId, candA2!))).json().error.code).toBe('PANEL_OWN_UNIT');
    const detail = (await province.get(`/api/panels/${panelId}`)).json();
    expect(detail.conflicts.map((c: { applicationId: number }) => c.applicationId).sort()).toEqual(
      [candA1, candA2].sort(),
    );
    expect(detail.expectedSheets).toBe(13);

    // Bad scores, a draft, a submit, then read-only.
    const bad = await e2.request('PUT', sheetUrl(panelId, candB!), sheet(120, 30, 20, false));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('PANEL_SHEET_INVALID');
    const incomplete = await e2.request('PUT', sheetUrl(panelId, candB!), { scores: { a: 80 }, submit: true });
    expect(incomplete.json().error.code).toBe('PANEL_SHEET_INVALID');
    const draft = await e2.request('PUT', sheetUrl(panelId, candB!), { scores: { a: 80 }, comment: '草稿' });
    expect(draft.statusCode, draft.body).toBe(200);
    expect(draft.json().sheet).toMatchObject({ status: 'draft', total: null });
    expect(await auditCount('panel_sheet.save', candB)).toBe(1);

    // Outside the schedule (before it starts): refused.
    const saved = t.clock.now();
    t.clock.set(new Date(saved.getTime() - 2 * HOUR));
    const early = await e2.request('PUT', sheetUrl(panelId, candB!), sheet(80, 30, 20));
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('PANEL_OUTSIDE_SCHEDULE');
    t.clock.set(saved);

    const submitted = await e2.request('PUT', sheetUrl(panelId, candB!), sheet(80, 30, 20));
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().sheet).toMatchObject({ status: 'submitted', total: 74.83 });
    expect(submitted.json().abilities.save).toBe(false);
    expect((await e2.request('PUT', sheetUrl(panelId, candB!), sheet(90, 30, 20))).json().error.code).toBe(
      'PANEL_SHEET_SUBMITTED',
    );
    expect(await auditCount('panel_sheet.submit', candB)).toBe(1);
    // Criteria are fixed once anyone scored.
    const locked = await province.request('PUT', `/api/campaigns/${campaignId}/panel-settings`, {
      criteria: [{ key: 'a', name: '业绩', weight: 100, max: 100 }],
      passLine: 60,
    });
    expect(locked.json().error.code).toBe('PANEL_CRITERIA_IN_USE');
  });

  it('row-level security: an expert reads no application and no other panel, a member only their own sheets', async () => {
    const actor = async (username: string) =>
      inSystemTx(t.database.db, async (tx) => {
        const [row] = await tx.select().from(accounts).where(eq(accounts.username, username));
        return actorOf(row!, null);
      });
    const e1 = await actor(experts[0]!.username); // chair of panel 1, not in panel 2
    const e4 = await actor(experts[3]!.username); // member of panel 1
    await inScopedTx(t.database.db, e4, async (tx) => {
      expect(await tx.select().from(applications)).toEqual([]);
      const candidates = await tx.select().from(panelCandidates);
      expect(candidates.map((c) => c.panelId).every((id) => id === panelId)).toBe(true);
      expect(candidates).toHaveLength(3);
      // Expert 2's submitted sheet is not expert 4's to read.
      expect(await tx.select().from(panelSheets)).toEqual([]);
    });
    // Nor may they write one in another's name.
    await expectPermissionDenied(
      inScopedTx(t.database.db, e4, (tx) =>
        tx.execute(sql`insert into panel_sheets (application_id, expert_id, panel_id, campaign_id, account_id, scores,
          status, updated_at) values (${candB}, ${experts[1]!.id}, ${panelId}, ${campaignId}, ${experts[1]!.accountId},
          '{}', 'draft', now())`),
      ),
    );
    await inScopedTx(t.database.db, e1, async (tx) => {
      expect(await tx.select().from(applications)).toEqual([]);
      expect((await tx.select().from(panelCandidates)).some((c) => c.applicationId === candD)).toBe(false);
      // The chair reads every sheet of their panel.
      expect((await tx.select().from(panelSheets)).map((s) => s.expertId)).toEqual([experts[1]!.id]);
    });
    // No result may be written outside a confirmation of one's own panel.
    await expectPermissionDenied(
      inScopedTx(t.database.db, e1, (tx) =>
        tx.execute(sql`insert into panel_results (application_id, campaign_id, panel_id, score, passed, pass_line,
          member_count, org_path, confirmed_at, confirmed_by)
          values (${candD}, ${campaignId}, ${panel2Id}, 99, true, 60, 1, '/x/', now(), ${e1.accountId})`),
      ),
    );
    // A member is no chair: they update no panel row.
    const updated = await inScopedTx(t.database.db, e4, (tx) =>
      tx.execute(sql`update panels set name = 'x' where id = ${panelId} returning id`),
    );
    expect(JSON.stringify(updated)).not.toContain(`"id":${panelId}`);
  });
});

describe('the chair confirms; the province reopens', () => {
  /** Totals per member (experts 1..5) per candidate; expert 3 avoids unit A (null). */
  const plan: Record<'A1' | 'A2' | 'B', Array<[number, number, number] | null>> = {
    B: [
      [90, 36, 27],
      [80, 30, 20], // already submitted above
      [60, 20, 15],
      [70, 32, 24],
      [85, 38, 29],
    ],
    A1: [[70, 28, 21], [65, 30, 20], null, [72, 26, 18], [55, 20, 15]],
    A2: [[50, 20, 10], [40, 16, 12], null, [60, 22, 14], [45, 18, 15]],
  };

  it('refuses anyone but the chair; confirms only when all is submitted; the results equal the domain rule', async () => {
    const clients = await Promise.all(experts.slice(0, 5).map((e) => signIn(t, e.username)));
    const chair = clients[0]!;
    expect((await clients[1]!.get(`/api/panels/${panelId}/scores`)).json().error.code).toBe('PANEL_NOT_CHAIR');
    expect((await clients[1]!.post(`/api/panels/${panelId}/confirm`)).statusCode).toBe(403);
    expect((await chair.post(`/api/panels/${panelId}/confirm`)).json().error.code).toBe('PANEL_SHEETS_OUTSTANDING');

    const ids = { A1: candA1!, A2: candA2!, B: candB! };
    for (const [key, rows] of Object.entries(plan) as Array<[keyof typeof plan, (typeof plan)['B']]>) {
      for (const [i, scores] of rows.entries()) {
        if (!scores || (key === 'B' && i === 1)) continue;
        const res = await clients[i]!.request('PUT', sheetUrl(panelId, ids[key]), sheet(...scores));
        expect(res.statusCode, res.body).toBe(200);
      }
    }
    // The chair returns one sheet; the member corrects and submits again.
    const returned = await chair.post(`/api/panels/${panelId}/sheets/return`, {
      applicationId: candA2,
      expertId: experts[4]!.id,
      reason: '请核对答辩分',
    });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json().missing).toBe(1);
    expect(returned.json().abilities.confirm).toBe(false);
    const mine = (await clients[4]!.get('/api/panel-review/mine')).json();
    const back = mine.items
      .find((p: { id: number }) => p.id === panelId)
      .candidates.find((c: { applicationId: number }) => c.applicationId === candA2);
    expect(back).toMatchObject({ sheetStatus: 'draft', returnedReason: '请核对答辩分' });
    expect((await clients[4]!.request('PUT', sheetUrl(panelId, candA2!), sheet(45, 18, 16))).statusCode).toBe(200);
    plan.A2[4] = [45, 18, 16];

    const scores = (await chair.get(`/api/panels/${panelId}/scores`)).json();
    expect(scores.missing).toBe(0);
    expect(scores.abilities.confirm).toBe(true);
    const rowB = scores.rows.find((r: { applicationId: number }) => r.applicationId === candB);
    expect(
      rowB.cells
        .filter((c: { dropped: string | null }) => c.dropped)
        .map((c: { dropped: string }) => c.dropped)
        .sort(),
    ).toEqual(['high', 'low']);
    const rowA1 = scores.rows.find((r: { applicationId: number }) => r.applicationId === candA1);
    expect(rowA1.cells[2].status).toBe('own_unit');

    const confirmed = await chair.post(`/api/panels/${panelId}/confirm`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    // The same figures the domain gives from the submitted totals (expert order: the chair first, then by id).
    const totals = (key: keyof typeof plan) =>
      scores.rows
        .find((r: { applicationId: number }) => r.applicationId === ids[key])
        .cells.filter((c: { status: string }) => c.status === 'submitted')
        .map((c: { expertId: number; total: number }) => ({ memberId: c.expertId, total: c.total }));
    const stored = await inSystemTx(t.database.db, (tx) =>
      tx.select().from(panelResults).where(eq(panelResults.panelId, panelId)),
    );
    expect(stored).toHaveLength(3);
    for (const key of ['A1', 'A2', 'B'] as const) {
      const expected = panelScore(totals(key));
      const row = stored.find((r) => r.applicationId === ids[key])!;
      expect(row).toMatchObject({
        score: expected.score,
        passed: expected.score! >= 70,
        memberCount: expected.count,
        droppedHighExpertId: expected.droppedHigh,
        droppedLowExpertId: expected.droppedLow,
        passLine: 70,
      });
    }
    expect(stored.find((r) => r.applicationId === candB)!.memberCount).toBe(5);
    expect(stored.find((r) => r.applicationId === candB)!.droppedHighExpertId).not.toBeNull();
    expect(stored.find((r) => r.applicationId === candA1)!.droppedHighExpertId).toBeNull();
    expect(await auditCount('panel.confirm', panelId)).toBe(1);

    // Confirmed: read-only for everyone.
    expect((await clients[1]!.request('PUT', sheetUrl(panelId, candB!), sheet(1, 1, 1))).json().error.code).toBe(
      'PANEL_CONFIRMED',
    );
    expect((await chair.post(`/api/panels/${panelId}/confirm`)).json().error.code).toBe('PANEL_CONFIRMED');

    // The record, printed by the province and by the chair.
    const pdf = await province.get(`/api/panels/${panelId}/record.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await chair.get(`/api/panels/${panelId}/record.pdf`)).statusCode).toBe(200);
    expect((await clients[1]!.get(`/api/panels/${panelId}/record.pdf`)).statusCode).toBe(403);

    // The province reopens with a reason: results gone, the panel open again; the chair confirms again.
    expect((await province.post(`/api/panels/${panelId}/reopen`, {})).statusCode).toBe(400);
    const reopened = await province.post(`/api/panels/${panelId}/reopen`, { reason: '答辩分登记有误，重新评审' });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json()).toMatchObject({ status: 'open', reopenReason: '答辩分登记有误，重新评审' });
    const after = await inSystemTx(t.database.db, (tx) =>
      tx.select().from(panelResults).where(eq(panelResults.panelId, panelId)),
    );
    expect(after).toEqual([]);
    expect(await auditCount('panel.reopen', panelId)).toBe(1);
    expect((await clients[1]!.post(`/api/panels/${panelId}/reopen`, { reason: 'x' })).statusCode).toBe(403);
    expect((await chair.post(`/api/panels/${panelId}/confirm`)).statusCode).toBe(200);
  });

  it('a member marked absent is left out: the chair confirms without their sheets', async () => {
    const now = t.clock.now().getTime();
    const created = await province.post(`/api/campaigns/${campaignId}/panels`, {
      name: '第三评审组',
      startsAt: new Date(now - HOUR).toISOString(),
      endsAt: new Date(now + HOUR).toISOString(),
      memberIds: [experts[0]!.id, experts[3]!.id, experts[4]!.id],
      chairId: experts[0]!.id,
    });
    expect(created.statusCode, created.body).toBe(200);
    const id = created.json().id;
    // Move 丁's candidate over: the second panel has no sheets yet.
    expect((await province.request('DELETE', `/api/panels/${panel2Id}/candidates/${candD}`)).statusCode).toBe(200);
    expect((await province.post(`/api/panels/${id}/candidates`, { applicationIds: [candD] })).json()).toEqual({
      assigned: 1,
    });
    const chair = await signIn(t, experts[0]!.username);
    const e4 = await signIn(t, experts[3]!.username);
    expect((await chair.request('PUT', sheetUrl(id, candD!), sheet(80, 32, 24))).statusCode).toBe(200);
    expect((await e4.request('PUT', sheetUrl(id, candD!), sheet(60, 20, 18))).statusCode).toBe(200);
    expect((await chair.post(`/api/panels/${id}/confirm`)).json().error.code).toBe('PANEL_SHEETS_OUTSTANDING');
    const absent = await chair.post(`/api/panels/${id}/absent`, { expertId: experts[4]!.id, reason: '因病请假' });
    expect(absent.statusCode, absent.body).toBe(200);
    expect(absent.json().missing).toBe(0);
    const e5 = await signIn(t, experts[4]!.username);
    expect((await e5.request('PUT', sheetUrl(id, candD!), sheet(60, 20, 18))).json().error.code).toBe(
      'PANEL_MEMBER_ABSENT',
    );
    const done = await chair.post(`/api/panels/${id}/confirm`);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().results[0]).toMatchObject({ applicationId: candD, memberCount: 2 });
  });
});
