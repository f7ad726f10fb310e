import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLarge } from '../../../../bench/seed-large.js';
import {
  buildAccount,
  buildNode,
  buildTestApp,
  type Client,
  findJurisdiction,
  signIn,
  type TestApp,
} from '../../../../test/setup/harness.js';
import { parseIdCard } from '../../../domain/index.js';
import { APPLICATION_STATUSES, STATUS_LABELS } from '../../../domain/review.js';
import { resultRows } from '../../db/client.js';
import { applicationReviews, applications, orgNodes, reviewBatches } from '../../db/schema.js';
import { inSystemTx } from '../../platform/tx.js';
import { type CampaignFixture, form, openCampaign2017 } from '../applications/applications.test-support.js';
import type { ReviewStatistics } from './statistics.schemas.js';
import { HEADER_ROW, SHEET_NAMES, TOTAL_LABEL } from './statistics.xlsx.js';

type NodeRow = typeof orgNodes.$inferSelect;

let t: TestApp;
let c: CampaignFixture;
let zz: NodeRow;
let ly: NodeRow;
let deptA: NodeRow;
let deptB: NodeRow;
let unitA1: NodeRow;
let unitA2: NodeRow;
let province: Client;
let zhengzhou: Client;
let departmentA: Client;
let unitOfficerA1: Client;

async function createApplications(unit: NodeRow, n: number): Promise<number[]> {
  const officer = await buildAccount(t, unit, 'unit_officer');
  const client = await signIn(t, officer.username);
  const created: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await client.post('/api/applications', {
      campaignId: c.campaignId,
      unitId: unit.id,
      submit: true,
      ...form(c, {
        appliedJobTypeId: i % 3 === 2 ? c.electricianId : c.driverId,
        appliedGrade: i % 2 === 0 ? 4 : 5,
      }),
    });
    expect(res.statusCode, res.body).toBe(201);
    created.push(res.json<{ id: number }>().id);
  }
  return created;
}

/** Moves an application (as the system), optionally with the return or rejection decision that put it there. */
async function move(
  id: number,
  values: Partial<typeof applications.$inferInsert>,
  decision?: {
    level: 'unit' | 'department' | 'jurisdiction' | 'province';
    action: 'return' | 'reject';
    reasonCode: string;
    returnedTo?: 'unit' | 'department' | 'jurisdiction';
  },
) {
  await inSystemTx(t.database.db, async (tx) => {
    const [row] = await tx.update(applications).set(values).where(eq(applications.id, id)).returning();
    if (!decision) return;
    await tx.insert(applicationReviews).values({
      applicationId: id,
      campaignId: row!.campaignId,
      orgPath: row!.orgPath,
      level: decision.level,
      action: decision.action,
      fromStatus: 'submitted',
      toStatus: decision.action === 'return' ? 'returned' : 'rejected',
      returnedTo: decision.returnedTo ?? null,
      reasonCode: decision.reasonCode,
      opinion: '测试',
      verdict: row!.verdict,
      reviewerAccountId: 1,
      reviewerName: '测试审核员',
      orgNodeId: row!.unitId,
      orgName: '测试机构',
      sealName: '测试机构',
      decidedOn: '2017-03-01',
      createdAt: t.clock.now(),
    });
  });
}

async function direct<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return inSystemTx(t.database.db, async (tx) => resultRows<T>(await tx.execute(query)));
}

beforeAll(async () => {
  t = await buildTestApp();
  c = await openCampaign2017(t);
  zz = await findJurisdiction(t, '郑州市');
  ly = await findJurisdiction(t, '洛阳市');
  const zhixia = await findJurisdiction(t, '省直单位');
  deptA = await buildNode(t, zz, 'department');
  deptB = await buildNode(t, zz, 'department');
  const deptC = await buildNode(t, ly, 'department');
  const deptD = await buildNode(t, zhixia, 'department');
  unitA1 = await buildNode(t, deptA, 'unit');
  unitA2 = await buildNode(t, deptA, 'unit');
  const unitB1 = await buildNode(t, deptB, 'unit');
  const unitC1 = await buildNode(t, deptC, 'unit');
  const unitD1 = await buildNode(t, deptD, 'unit');
  const a1 = await createApplications(unitA1, 6);
  const a2 = await createApplications(unitA2, 4);
  const b1 = await createApplications(unitB1, 3);
  const c1 = await createApplications(unitC1, 3);
  const d1 = await createApplications(unitD1, 2);

  // The chain at work: approvals, batches, returns (two alike), rejections, overrules, an earlier return.
  await move(a1[0]!, { status: 'unit_approved' });
  await move(a1[1]!, {
    status: 'department_approved',
    departmentBatchId: 901,
    verdict: 'needs_review',
    overruledVerdict: 'needs_review',
  });
  await move(
    a1[2]!,
    { status: 'returned', returnedTo: 'unit', returnCount: 1 },
    { level: 'department', action: 'return', reasonCode: 'PHOTO', returnedTo: 'unit' },
  );
  await move(
    a1[3]!,
    { status: 'returned', returnedTo: 'unit', returnCount: 2 },
    { level: 'department', action: 'return', reasonCode: 'PHOTO', returnedTo: 'unit' },
  );
  await move(
    a1[4]!,
    { status: 'rejected', rejectReason: 'DUPLICATE', verdict: 'ineligible' },
    { level: 'unit', action: 'reject', reasonCode: 'DUPLICATE' },
  );
  await move(a2[0]!, { status: 'jurisdiction_approved', verdict: 'ineligible', overruledVerdict: 'ineligible' });
  await move(a2[1]!, { status: 'province_confirmed', departmentBatchId: 901, jurisdictionBatchId: 902 });
  await move(
    a2[2]!,
    { status: 'unit_approved', returnCount: 1 },
    { level: 'unit', action: 'return', reasonCode: 'INFO_ERROR', returnedTo: 'unit' },
  );
  await move(
    b1[0]!,
    { status: 'returned', returnedTo: 'department', returnCount: 1, departmentBatchId: null },
    { level: 'jurisdiction', action: 'return', reasonCode: 'INFO_ERROR', returnedTo: 'department' },
  );
  await move(b1[1]!, { status: 'draft', submittedAt: null });
  await move(
    c1[0]!,
    { status: 'rejected', rejectReason: 'WORK_YEARS' },
    { level: 'department', action: 'reject', reasonCode: 'WORK_YEARS' },
  );
  await move(c1[1]!, { status: 'department_approved', verdict: 'needs_review' });
  await move(d1[0]!, { status: 'province_confirmed', departmentBatchId: 903 });
  // An applicant's own draft, not yet sent: not an application the unit has (the list hides it too).
  await move(d1[1]!, { source: 'online', status: 'draft', submittedAt: null });

  const provinceNode = (
    await inSystemTx(t.database.db, (tx) => tx.select().from(orgNodes).where(eq(orgNodes.id, t.provinceId)))
  )[0]!;
  province = await signIn(t, (await buildAccount(t, provinceNode, 'province_admin')).username);
  zhengzhou = await signIn(t, (await buildAccount(t, zz, 'jurisdiction_admin')).username);
  departmentA = await signIn(t, (await buildAccount(t, deptA, 'department_reviewer')).username);
  unitOfficerA1 = await signIn(t, (await buildAccount(t, unitA1, 'unit_officer')).username);
});
afterAll(async () => {
  await t?.close();
});

async function stats(client: Client, query = ''): Promise<ReviewStatistics> {
  const res = await client.get(`/api/statistics/review?campaignId=${c.campaignId}${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<ReviewStatistics>();
}

/** The same figures counted straight from the table, for applications whose path starts with `path`. */
async function expected(path: string) {
  const byStatus = await direct<{ status: string; n: number }>(
    sql`select status, count(*)::int as n from applications where campaign_id = ${c.campaignId} and starts_with(org_path, ${path}) and not (source = 'online' and status = 'draft') group by status`,
  );
  const byVerdict = await direct<{ verdict: string; n: number }>(
    sql`select verdict, count(*)::int as n from applications where campaign_id = ${c.campaignId} and starts_with(org_path, ${path}) and not (source = 'online' and status = 'draft') group by verdict`,
  );
  const [other] = await direct<{ total: number; nr: number; inel: number; returned: number }>(
    sql`select count(*)::int as total,
          (count(*) filter (where overruled_verdict = 'needs_review'))::int as nr,
          (count(*) filter (where overruled_verdict = 'ineligible'))::int as inel,
          (count(*) filter (where return_count > 0))::int as returned
        from applications where campaign_id = ${c.campaignId} and starts_with(org_path, ${path})
          and not (source = 'online' and status = 'draft')`,
  );
  const statusMap = Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, 0]));
  for (const r of byStatus) statusMap[r.status] = Number(r.n);
  const verdictMap: Record<string, number> = { eligible: 0, needs_review: 0, ineligible: 0 };
  for (const r of byVerdict) verdictMap[r.verdict] = Number(r.n);
  return {
    applications: Number(other!.total),
    byStatus: statusMap,
    byVerdict: verdictMap,
    overruled: { needs_review: Number(other!.nr), ineligible: Number(other!.inel) },
    everReturned: Number(other!.returned),
    rejected: statusMap.rejected,
  };
}

describe('GET /api/statistics/review', () => {
  it('gives the province the figures counted directly from the table, by jurisdiction, category and job type', async () => {
    const s = await stats(province);
    const provincePath = `/${t.provinceId}/`;
    expect(s.totals).toEqual(await expected(provincePath));
    // 18 in the table, one of them an applicant's unsent online draft.
    expect(s.totals.applications).toBe(17);
    expect(s).toMatchObject({
      campaign: { id: c.campaignId },
      node: { id: t.provinceId, kind: 'province' },
      childKind: 'jurisdiction',
      generatedAt: t.clock.now().toISOString(),
    });
    // Every jurisdiction is listed (zeros too), each with its own count.
    expect(s.byChild).toHaveLength(30);
    const zzRow = s.byChild.find((x) => x.id === zz.id)!;
    expect(zzRow.total).toBe(13);
    expect(zzRow.byStatus).toEqual((await expected(zz.path)).byStatus);
    expect(zzRow.byVerdict).toEqual((await expected(zz.path)).byVerdict);
    expect(s.byChild.find((x) => x.id === ly.id)!.total).toBe(3);
    expect(s.byChild.reduce((n, x) => n + x.total, 0)).toBe(17);

    const byType = await direct<{ id: number; grade: number; n: number }>(
      sql`select applied_job_type_id as id, applied_grade as grade, count(*)::int as n from applications
          where campaign_id = ${c.campaignId} and not (source = 'online' and status = 'draft') group by 1, 2`,
    );
    for (const row of byType) {
      const jt = s.byJobType.find((x) => x.jobTypeId === Number(row.id))!;
      expect(jt.byGrade[String(row.grade) as '4' | '5']).toBe(Number(row.n));
    }
    expect(s.byJobType.map((x) => [x.jobType, x.category]).sort()).toEqual([
      ['汽车驾驶员', '交通运输类'],
      ['电工', '电力类'],
    ]);
    for (const jt of s.byJobType) expect(jt.total).toBe(jt.byGrade['4'] + jt.byGrade['5']);
    const transport = s.byCategory.find((x) => x.category === '交通运输类')!;
    expect(transport.total).toBe(s.byJobType.find((x) => x.jobType === '汽车驾驶员')!.total);
    expect(transport.total).toBe(12);
    expect(Object.values(transport.byStatus).reduce((a, b) => a + b, 0)).toBe(transport.total);
    expect(s.byCategory.reduce((n, x) => n + x.total, 0)).toBe(17);
  });

  it('groups the returns and rejections by level and reason, including decisions on applications that moved on', async () => {
    const s = await stats(province);
    expect(s.returnsByReason).toEqual([
      {
        level: 'unit',
        reasonCode: 'INFO_ERROR',
        label: '个人信息填写有误（出生年月、工作时间、文化程度等与档案不符）',
        count: 1,
      },
      { level: 'department', reasonCode: 'PHOTO', label: '照片不符合要求', count: 2 },
      {
        level: 'jurisdiction',
        reasonCode: 'INFO_ERROR',
        label: '个人信息填写有误（出生年月、工作时间、文化程度等与档案不符）',
        count: 1,
      },
    ]);
    expect(s.rejectionsByReason).toEqual([
      { level: 'unit', reasonCode: 'DUPLICATE', label: '重复申报', count: 1 },
      { level: 'department', reasonCode: 'WORK_YEARS', label: '工作年限不符合申报条件', count: 1 },
    ]);
    // 郑州市 sees only its own: the 洛阳 rejection is not there.
    const z = await stats(zhengzhou);
    expect(z.rejectionsByReason).toEqual([{ level: 'unit', reasonCode: 'DUPLICATE', label: '重复申报', count: 1 }]);
    expect(z.returnsByReason.reduce((n, r) => n + r.count, 0)).toBe(4);
  });

  it('scopes a jurisdiction to its subtree, by department; another subtree or an ancestor is 404', async () => {
    const s = await stats(zhengzhou);
    expect(s.node).toEqual({ id: zz.id, name: '郑州市', kind: 'jurisdiction' });
    expect(s.childKind).toBe('department');
    expect(s.totals).toEqual(await expected(zz.path));
    expect(s.totals.applications).toBe(13);
    expect(s.byChild.map((x) => [x.id, x.total])).toEqual([
      [deptA.id, 10],
      [deptB.id, 3],
    ]);
    for (const nodeId of [ly.id, t.provinceId, 999_999]) {
      const res = await zhengzhou.get(`/api/statistics/review?campaignId=${c.campaignId}&nodeId=${nodeId}`);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: { code: 'NOT_FOUND', message: '机构不存在或不在您的管辖范围内' } });
    }
    // A node within the subtree: the department, by unit.
    const d = await stats(zhengzhou, `&nodeId=${deptA.id}`);
    expect(d.childKind).toBe('unit');
    expect(d.byChild.map((x) => [x.id, x.total])).toEqual([
      [unitA1.id, 6],
      [unitA2.id, 4],
    ]);
  });

  it('gives a department its units and a unit itself; refuses roles without statistics.read', async () => {
    const d = await stats(departmentA);
    expect(d).toMatchObject({ node: { id: deptA.id, kind: 'department' }, childKind: 'unit' });
    expect(d.totals).toEqual(await expected(deptA.path));
    expect(d.byChild.map((x) => x.id)).toEqual([unitA1.id, unitA2.id]);
    expect(d.byChild[0]!.byStatus).toMatchObject({
      unit_approved: 1,
      department_approved: 1,
      returned: 2,
      rejected: 1,
      submitted: 1,
    });

    const u = await stats(unitOfficerA1);
    expect(u).toMatchObject({ node: { id: unitA1.id, kind: 'unit' }, childKind: 'unit' });
    expect(u.byChild).toEqual([d.byChild[0]]);
    expect(u.byChild[0]).toMatchObject({ id: unitA1.id, name: unitA1.name, total: 6 });
    expect(u.totals.applications).toBe(6);
    expect(u.totals.overruled).toEqual({ needs_review: 1, ineligible: 0 });

    const proctor = await signIn(t, (await buildAccount(t, zz, 'proctor')).username);
    expect((await proctor.get(`/api/statistics/review?campaignId=${c.campaignId}`)).statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/statistics/review' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('defaults to the open campaign and answers 404 for an unknown one', async () => {
    const res = await province.get('/api/statistics/review');
    expect(res.statusCode).toBe(200);
    expect(res.json<ReviewStatistics>().campaign.id).toBe(c.campaignId);
    const unknown = await province.get('/api/statistics/review?campaignId=999999');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('NOT_FOUND');
  });
});

describe('GET /api/statistics/review.xlsx', () => {
  it('opens with ExcelJS: 汇总全省报名信息数据, six sheets, totals that match the figures', async () => {
    const s = await stats(province);
    const res = await province.get(`/api/statistics/review.xlsx?campaignId=${c.campaignId}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('汇总全省报名信息数据.xlsx'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(book.title).toBe('汇总全省报名信息数据');
    expect(book.worksheets.map((w) => w.name)).toEqual(Object.values(SHEET_NAMES));

    const rows = (name: string) => {
      const ws = book.getWorksheet(name)!;
      const out: (string | number | null)[][] = [];
      ws.eachRow((row) => {
        out.push((row.values as (string | number | null)[]).slice(1));
      });
      return out;
    };
    const byChild = rows(SHEET_NAMES.byChild);
    expect(byChild[HEADER_ROW - 1]!.slice(0, 3)).toEqual(['地区', '申请总数', STATUS_LABELS.draft]);
    expect(byChild).toHaveLength(HEADER_ROW + 30 + 1);
    const total = byChild.at(-1)!;
    expect(total[0]).toBe(TOTAL_LABEL);
    expect(total[1]).toBe(s.totals.applications);
    expect(total.slice(2, 11)).toEqual(APPLICATION_STATUSES.map((st) => s.totals.byStatus[st]));
    expect(total.slice(11, 14)).toEqual([
      s.totals.byVerdict.eligible,
      s.totals.byVerdict.needs_review,
      s.totals.byVerdict.ineligible,
    ]);
    expect(byChild.find((r) => r[0] === '郑州市')![1]).toBe(13);

    const categories = rows(SHEET_NAMES.byCategory);
    expect(categories.at(-1)).toEqual([
      TOTAL_LABEL,
      ...(['5', '4', '3', '2', '1'] as const).map((g) => s.byCategory.reduce((n, x) => n + x.byGrade[g], 0)),
      17,
    ]);
    expect(rows(SHEET_NAMES.byJobType).at(-1)!.at(-1)).toBe(17);
    const statuses = rows(SHEET_NAMES.byStatus);
    expect(statuses.find((r) => r[0] === TOTAL_LABEL)![1]).toBe(17);
    expect(statuses.find((r) => r[0] === STATUS_LABELS.returned)![1]).toBe(s.totals.byStatus.returned);
    expect(rows(SHEET_NAMES.byVerdict).at(-1)).toEqual([TOTAL_LABEL, 17, 2]);
    const reasons = rows(SHEET_NAMES.reasons);
    expect(reasons.find((r) => r[0] === '退回修改' && r[1] === TOTAL_LABEL)![3]).toBe(4);
    expect(reasons.find((r) => r[0] === '审核不通过' && r[1] === TOTAL_LABEL)![3]).toBe(2);
  });

  it('is scoped like the figures (郑州市 by department, another subtree 404)', async () => {
    const res = await zhengzhou.get(`/api/statistics/review.xlsx?campaignId=${c.campaignId}`);
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = book.getWorksheet(SHEET_NAMES.byChild)!;
    expect(ws.getRow(HEADER_ROW).getCell(1).value).toBe('主管部门');
    expect(ws.getRow(ws.rowCount).getCell(2).value).toBe(13);
    const other = await zhengzhou.get(`/api/statistics/review.xlsx?campaignId=${c.campaignId}&nodeId=${ly.id}`);
    expect(other.statusCode).toBe(404);
  });

  it('writes an organisation named like a formula as neutralised text', async () => {
    const name = '=HYPERLINK("http://x","y")';
    await buildNode(t, ly, 'department', name);
    const res = await province.get(`/api/statistics/review.xlsx?campaignId=${c.campaignId}&nodeId=${ly.id}`);
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const column = book.getWorksheet(SHEET_NAMES.byChild)!.getColumn(1);
    const cells: ExcelJS.Cell[] = [];
    column.eachCell((cell) => {
      if (String(cell.value).includes('HYPERLINK')) cells.push(cell);
    });
    expect(cells).toHaveLength(1);
    expect(cells[0]!.type).toBe(ExcelJS.ValueType.String);
    expect(cells[0]!.value).toBe(`'${name}`);
  });
});

describe('seedLarge (small)', () => {
  let s: TestApp;
  let result: Awaited<ReturnType<typeof seedLarge>>;
  beforeAll(async () => {
    s = await buildTestApp();
    result = await seedLarge(s.database.db, {
      applications: 500,
      campaignYear: 2017,
      now: s.clock.now(),
      departmentsPerJurisdiction: 3,
      unitsPerDepartment: 3,
    });
  }, 240_000);
  afterAll(async () => {
    await s?.close();
  });

  it('builds every review state with a consistent history, valid ID numbers and matching batches', async () => {
    const rows = await inSystemTx(s.database.db, (tx) =>
      tx.select().from(applications).where(eq(applications.campaignId, result.campaignId)),
    );
    expect(rows).toHaveLength(500);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(APPLICATION_STATUSES));
    expect(new Set(rows.filter((r) => r.status === 'returned').map((r) => r.returnedTo))).toEqual(
      new Set(['applicant', 'unit', 'department', 'jurisdiction']),
    );
    expect(new Set(rows.map((r) => r.verdict))).toEqual(new Set(['eligible', 'needs_review', 'ineligible']));
    expect(new Set(rows.map((r) => r.overruledVerdict))).toEqual(new Set([null, 'needs_review', 'ineligible']));
    expect(rows.filter((r) => r.status !== 'returned' && r.returnCount > 0).length).toBeGreaterThan(0);
    for (const r of rows) {
      const card = parseIdCard(r.idNumber, '2017-03-01');
      expect(card.ok, r.idNumber).toBe(true);
      if (card.ok) {
        expect(card.sex).toBe(r.sex);
        expect(card.birthDate).toBe(r.birthDate);
      }
      expect(r.rejectReason !== null).toBe(r.status === 'rejected');
      expect(r.returnedTo !== null).toBe(r.status === 'returned');
      expect(r.source === 'online').toBe(r.applicantAccountId !== null);
      if (['awaiting_unit'].includes(r.status) || r.returnedTo === 'applicant') expect(r.source).toBe('online');
      if (r.status === 'province_confirmed' || r.status === 'jurisdiction_approved')
        expect(r.departmentBatchId).not.toBeNull();
      if (r.overruledVerdict !== null) expect(r.overruledVerdict).toBe(r.verdict);
    }
    expect(new Set(rows.map((r) => r.idNumber)).size).toBe(500);

    // Each application's decisions: approvals for every level passed, the last non-approval explains the state.
    const reviews = await inSystemTx(s.database.db, (tx) =>
      tx.select().from(applicationReviews).where(eq(applicationReviews.campaignId, result.campaignId)),
    );
    const byApp = new Map<number, (typeof reviews)[number][]>();
    for (const r of reviews) byApp.set(r.applicationId, [...(byApp.get(r.applicationId) ?? []), r]);
    const rbpJurisdictions = new Set(
      (
        await inSystemTx(s.database.db, (tx) => tx.select().from(orgNodes).where(eq(orgNodes.reviewedByProvince, true)))
      ).map((n) => n.id),
    );
    for (const a of rows) {
      const history = (byApp.get(a.id) ?? []).sort(
        (x, y) => x.createdAt.getTime() - y.createdAt.getTime() || x.id - y.id,
      );
      const approvals = history.filter((h) => h.action === 'approve').map((h) => h.level);
      const rbp = rbpJurisdictions.has(a.jurisdictionId);
      if (a.status === 'province_confirmed') {
        expect(approvals).toEqual(
          rbp ? ['unit', 'department', 'province'] : ['unit', 'department', 'jurisdiction', 'province'],
        );
      }
      if (a.status === 'department_approved') expect(approvals).toEqual(['unit', 'department']);
      if (['draft', 'submitted', 'awaiting_unit'].includes(a.status)) expect(history).toEqual([]);
      const last = history.at(-1);
      if (a.status === 'returned') expect(last).toMatchObject({ action: 'return', returnedTo: a.returnedTo });
      if (a.status === 'rejected') expect(last).toMatchObject({ action: 'reject', reasonCode: a.rejectReason });
      expect(history.filter((h) => h.action === 'return')).toHaveLength(a.returnCount);
    }

    // Every batch an application names exists with its level and its count.
    const batches = await inSystemTx(s.database.db, (tx) => tx.select().from(reviewBatches));
    const batchById = new Map(batches.map((b) => [b.id, b]));
    for (const b of batches) {
      const members = rows.filter((r) =>
        b.level === 'department' ? r.departmentBatchId === b.id : r.jurisdictionBatchId === b.id,
      );
      expect(members.length).toBe(b.applicationCount);
      expect((b.summary as { total: number }).total).toBe(b.applicationCount);
    }
    for (const r of rows) {
      if (r.departmentBatchId !== null) expect(batchById.get(r.departmentBatchId)?.level).toBe('department');
      if (r.jurisdictionBatchId !== null) expect(batchById.get(r.jurisdictionBatchId)?.level).toBe('jurisdiction');
    }
  });

  it('is what the province statistics count', async () => {
    const provinceNode = (
      await inSystemTx(s.database.db, (tx) => tx.select().from(orgNodes).where(eq(orgNodes.id, s.provinceId)))
    )[0]!;
    const admin = await signIn(s, (await buildAccount(s, provinceNode, 'province_admin')).username);
    const res = await admin.get(`/api/statistics/review?campaignId=${result.campaignId}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<ReviewStatistics>();
    expect(body.totals.applications).toBe(500);
    expect(body.byChild).toHaveLength(30);
    const [returns] = await inSystemTx(s.database.db, async (tx) =>
      tx
        .select({ n: sql<number>`count(*)::int` })
        .from(applicationReviews)
        .where(and(eq(applicationReviews.campaignId, result.campaignId), eq(applicationReviews.action, 'return'))),
    );
    expect(body.returnsByReason.reduce((n, r) => n + r.count, 0)).toBe(Number(returns!.n));
    expect(APPLICATION_STATUSES.every((st) => body.totals.byStatus[st] > 0)).toBe(true);
  });
});
