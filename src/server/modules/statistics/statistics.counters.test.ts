// The statistics' counters (migration 0033): after every kind of change made through the API they equal a full
// recount, also under concurrent decisions; gk_app reads its subtree's counter rows and writes none; the recount
// names a corrupted counter and repairs it.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildNode,
  buildTestApp,
  type Client,
  expectPermissionDenied,
  signIn,
  type TestApp,
} from '../../../../test/setup/harness.js';
import { resultRows } from '../../db/client.js';
import { applications, auditLog, type orgNodes } from '../../db/schema.js';
import { inSystemTx } from '../../platform/tx.js';
import { type CampaignFixture, form, openCampaign2017 } from '../applications/applications.test-support.js';
import { buildChain, type Chain, insertApplications } from '../review/review.test-support.js';
import type { ReviewStatistics } from './statistics.schemas.js';
import { verifyCounters } from './statistics.verify.js';

let t: TestApp;
let c: CampaignFixture;
let zz: Chain;
let ly: Chain;
/** A second unit under zz's department (an application moves there). */
let zzUnit2: typeof orgNodes.$inferSelect;

beforeAll(async () => {
  t = await buildTestApp();
  c = await openCampaign2017(t);
  zz = await buildChain(t, '郑州市');
  ly = await buildChain(t, '洛阳市');
  zzUnit2 = await buildNode(t, zz.department, 'unit');
});
afterAll(async () => {
  await t.close();
});

const clients = new Map<string, Client>();
/** One session per account (signing in again and again would meet the login rate limit). */
async function as(chain: Chain, level: keyof Chain['accounts']): Promise<Client> {
  const username = chain.accounts[level];
  let client = clients.get(username);
  if (!client) {
    client = await signIn(t, username);
    clients.set(username, client);
  }
  return client;
}
const approve = { action: 'approve', overruleReason: '经核对档案，符合条件' };

async function decide(client: Client, id: number, body: Record<string, unknown>) {
  const res = await client.post(`/api/review/applications/${id}/decide`, body);
  expect(res.statusCode, res.body).toBe(200);
}

async function sendBatch(client: Client) {
  const res = await client.post('/api/review/batches', { campaignId: c.campaignId });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: number }>().id;
}

async function create(client: Client, unitId: number, submit: boolean, overrides: Record<string, unknown> = {}) {
  const res = await client.post('/api/applications', {
    campaignId: c.campaignId,
    unitId,
    submit,
    ...form(c, overrides),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: number; version: number }>();
}

/** The counters equal the full recount, and the province's figures equal a direct count of the rows. */
async function expectExact(label: string) {
  const report = await verifyCounters(t.database.db, { campaignId: c.campaignId });
  expect(report.differences, label).toEqual([]);
  const province = await as(zz, 'province');
  const res = await province.get(`/api/statistics/review?campaignId=${c.campaignId}`);
  expect(res.statusCode, res.body).toBe(200);
  const stats = res.json<ReviewStatistics>();
  const [direct] = await inSystemTx(t.database.db, async (tx) =>
    resultRows<{ n: number; returned: number; rejected: number }>(
      await tx.execute(sql`
        select count(*)::int as n, count(*) filter (where status = 'returned')::int as returned,
          count(*) filter (where status = 'rejected')::int as rejected
        from applications where campaign_id = ${c.campaignId} and not (source = 'online' and status = 'draft')`),
    ),
  );
  expect(stats.totals.applications, label).toBe(direct!.n);
  expect(stats.totals.byStatus.returned, label).toBe(direct!.returned);
  expect(stats.totals.rejected, label).toBe(direct!.rejected);
  expect(
    stats.byJobType.reduce((s, j) => s + j.total, 0),
    label,
  ).toBe(direct!.n);
  return stats;
}

describe('the statistics counters', () => {
  it('equal a full recount after creating, editing, deciding at every level, returning, rejecting, moving and deleting', async () => {
    const unit = await as(zz, 'unit');
    const department = await as(zz, 'department');
    const jurisdiction = await as(zz, 'jurisdiction');
    const province = await as(zz, 'province');
    const before = await expectExact('at the start');

    // Create: six submitted (two job types, two grades) and two drafts.
    const submitted: number[] = [];
    for (let i = 0; i < 6; i++) {
      const row = await create(unit, zz.unit.id, true, {
        appliedJobTypeId: i % 3 === 2 ? c.electricianId : c.driverId,
        appliedGrade: i % 2 === 0 ? 4 : 5,
      });
      submitted.push(row.id);
    }
    const draftA = await create(unit, zz.unit.id, false);
    const draftB = await create(unit, zz.unit.id, false);
    const created = await expectExact('after creating');
    expect(created.totals.applications).toBe(before.totals.applications + 8);

    // Edit a draft's job type and grade, submit it; delete the other draft.
    const edited = await unit.patch(`/api/applications/${draftA.id}`, {
      version: draftA.version,
      appliedJobTypeId: c.electricianId,
      appliedGrade: 5,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const submit = await unit.post(`/api/applications/${draftA.id}/submit`, {});
    expect(submit.statusCode, submit.body).toBe(200);
    submitted.push(draftA.id);
    const removed = await unit.request('DELETE', `/api/applications/${draftB.id}`);
    expect(removed.statusCode, removed.body).toBeLessThan(300);
    await expectExact('after editing, submitting and deleting');

    // The unit: approves four, returns one (to the unit itself, for correction), rejects one.
    const [a, b, d, e, f, g, h] = submitted as [number, number, number, number, number, number, number];
    for (const id of [a, b, d, e]) await decide(unit, id, approve);
    await decide(unit, f, { action: 'return', reasonCode: 'INFO_ERROR' });
    await decide(unit, g, { action: 'reject', reasonCode: 'DUPLICATE' });
    await expectExact('after the unit decided');

    // The department: approves three, returns one to the unit; sends its 汇总上报 batch.
    for (const id of [a, b, d]) await decide(department, id, approve);
    await decide(department, e, { action: 'return', reasonCode: 'PHOTO' });
    const departmentBatch = await sendBatch(department);
    expect(departmentBatch).toBeGreaterThan(0);
    await expectExact('after the department decided and sent its batch');

    // The jurisdiction: approves two, rejects one; sends its batch; the province confirms one, returns one.
    await decide(jurisdiction, a, approve);
    await decide(jurisdiction, b, approve);
    await decide(jurisdiction, d, { action: 'reject', reasonCode: 'WORK_YEARS' });
    await sendBatch(jurisdiction);
    await decide(province, a, approve);
    await decide(province, b, { action: 'return', reasonCode: 'MATERIALS_MISSING' });
    await expectExact('after the jurisdiction and the province decided');

    // A bulk decision, and the unit's last one approved.
    const bulk = await unit.post('/api/review/bulk', { campaignId: c.campaignId, ...approve, ids: [h] });
    expect(bulk.statusCode, bulk.body).toBe(200);
    await expectExact('after a bulk decision');

    // A move to another unit (a correction by the platform: no route moves applications).
    await inSystemTx(t.database.db, (tx) =>
      tx.update(applications).set({ unitId: zzUnit2.id, orgPath: zzUnit2.path }).where(eq(applications.id, h)),
    );
    const moved = await expectExact('after moving an application to another unit');
    const departmentStats = await (await as(zz, 'department')).get(`/api/statistics/review?campaignId=${c.campaignId}`);
    const byUnit = departmentStats.json<ReviewStatistics>().byChild;
    expect(byUnit.find((u) => u.id === zzUnit2.id)?.total).toBe(1);
    expect(moved.returnsByReason.map((r) => [r.level, r.reasonCode])).toEqual(
      expect.arrayContaining([
        ['unit', 'INFO_ERROR'],
        ['department', 'PHOTO'],
        ['province', 'MATERIALS_MISSING'],
      ]),
    );
    expect(moved.rejectionsByReason.map((r) => [r.level, r.reasonCode])).toEqual(
      expect.arrayContaining([
        ['unit', 'DUPLICATE'],
        ['jurisdiction', 'WORK_YEARS'],
      ]),
    );
  });

  it('stay exact under concurrent decisions from separate sessions on the same groups', async () => {
    const ids = await insertApplications(t, {
      campaignId: c.campaignId,
      unit: ly.unit,
      departmentId: ly.department.id,
      jurisdictionId: ly.jurisdiction.id,
      jobTypeId: c.driverId,
      count: 24,
    });
    await expectExact('before the concurrent decisions');
    // Four sessions of unit officers, each deciding six applications of the same job type and grade at once:
    // approvals, returns and rejections move counts between the same counter rows in opposite directions.
    const officers = await Promise.all([0, 1, 2, 3].map(() => buildAccount(t, ly.unit, 'unit_officer')));
    const sessions = await Promise.all(officers.map((o) => signIn(t, o.username)));
    const bodies = [
      approve,
      { action: 'return', reasonCode: 'INFO_ERROR' },
      { action: 'reject', reasonCode: 'DUPLICATE' },
    ];
    const results = await Promise.all(
      ids.map((id, i) =>
        sessions[i % sessions.length]!.post(`/api/review/applications/${id}/decide`, bodies[i % bodies.length]),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(ids.map(() => 200));
    // Then the department approves the approved ones while the unit decides the returned ones again.
    const department = await as(ly, 'department');
    const approved = ids.filter((_, i) => i % 3 === 0);
    const returned = ids.filter((_, i) => i % 3 === 1);
    const second = await Promise.all([
      ...approved.map((id) => department.post(`/api/review/applications/${id}/decide`, approve)),
      ...returned.map((id, i) =>
        sessions[i % sessions.length]!.post(`/api/review/applications/${id}/decide`, {
          action: 'reject',
          reasonCode: 'DUPLICATE',
        }),
      ),
    ]);
    expect(second.map((r) => r.statusCode)).toEqual(second.map(() => 200));
    const stats = await expectExact('after the concurrent decisions');
    const luoyang = stats.byChild.find((j) => j.id === ly.jurisdiction.id)!;
    expect(luoyang.byStatus.department_approved).toBe(8);
    expect(luoyang.byStatus.rejected).toBe(16);
  });

  it('show a jurisdiction only its own subtree, and gk_app cannot write them', async () => {
    const luoyang = await as(ly, 'jurisdiction');
    const res = await luoyang.get(`/api/statistics/review?campaignId=${c.campaignId}`);
    expect(res.statusCode, res.body).toBe(200);
    const stats = res.json<ReviewStatistics>();
    const [own] = await inSystemTx(t.database.db, async (tx) =>
      resultRows<{ n: number }>(
        await tx.execute(sql`select count(*)::int as n from applications
          where campaign_id = ${c.campaignId} and starts_with(org_path, ${ly.jurisdiction.path})
            and not (source = 'online' and status = 'draft')`),
      ),
    );
    expect(stats.totals.applications).toBe(own!.n);
    expect(stats.byChild.map((d) => d.id)).toContain(ly.department.id);
    const other = await luoyang.get(`/api/statistics/review?campaignId=${c.campaignId}&nodeId=${zz.jurisdiction.id}`);
    expect(other.statusCode).toBe(404);

    // As the database sees it: gk_app with 洛阳's scope reads only rows under 洛阳, and writes none.
    const asLuoyang = <T>(fn: (tx: Parameters<Parameters<typeof inSystemTx>[1]>[0]) => Promise<T>) =>
      inSystemTx(t.database.db, async (tx) => {
        await tx.execute(
          sql`select set_config('role', 'gk_app', true), set_config('gk.scope_path', ${ly.jurisdiction.path}, true)`,
        );
        return fn(tx);
      });
    const seen = await asLuoyang(async (tx) =>
      resultRows<{ path: string }>(
        await tx.execute(sql`
          select org_path as path from application_counts union all select org_path from application_type_counts
          union all select org_path from review_reason_counts`),
      ),
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((r) => !r.path.startsWith(ly.jurisdiction.path))).toEqual([]);
    await expectPermissionDenied(asLuoyang((tx) => tx.execute(sql`update application_type_counts set n = n + 1`)));
    await expectPermissionDenied(
      asLuoyang((tx) =>
        tx.execute(sql`insert into application_counts (campaign_id, depth, node_id, org_path, status, verdict,
          ever_returned, n) values (${c.campaignId}, 1, ${ly.jurisdiction.id}, ${ly.jurisdiction.path}, 'submitted',
          'eligible', false, 100)`),
      ),
    );
  });

  it('are checked by the recount, which names a wrong counter and repairs it', async () => {
    await inSystemTx(t.database.db, async (tx) => {
      await tx.execute(sql`update application_type_counts set n = n + 5
        where campaign_id = ${c.campaignId} and org_path = ${zz.unit.path} and n > 0`);
      await tx.execute(sql`delete from review_reason_counts where campaign_id = ${c.campaignId} and depth = 0`);
      // What a missing trigger would leave behind: an application the counters never saw.
      await tx.execute(sql`alter table applications disable trigger applications_counts_ins`);
    });
    await insertApplications(t, {
      campaignId: c.campaignId,
      unit: zz.unit,
      departmentId: zz.department.id,
      jurisdictionId: zz.jurisdiction.id,
      jobTypeId: c.driverId,
      count: 1,
    });
    await inSystemTx(t.database.db, (tx) =>
      tx.execute(sql`alter table applications enable trigger applications_counts_ins`),
    );
    const found = await verifyCounters(t.database.db, { campaignId: c.campaignId });
    expect(found.repaired).toBe(false);
    expect(found.byTable.application_counts).toBeGreaterThan(0);
    expect(found.byTable.application_type_counts).toBeGreaterThan(0);
    expect(found.byTable.review_reason_counts).toBeGreaterThan(0);
    expect(found.differences).toContainEqual(
      expect.objectContaining({ table: 'application_counts', orgPath: zz.jurisdiction.path }),
    );

    const repaired = await verifyCounters(t.database.db, { campaignId: c.campaignId, repair: true });
    expect(repaired.repaired).toBe(true);
    await expectExact('after the repair');
    const audit = await inSystemTx(t.database.db, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'campaign.statistics_rebuild'), eq(auditLog.entityId, String(c.campaignId)))),
    );
    expect(audit).toHaveLength(1);
  });
});
