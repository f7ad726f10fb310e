import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildTestApp, type Client, signIn, type TestApp } from '../../../../test/setup/harness.js';
import { applications, auditLog, jobTypes } from '../../db/schema.js';
import { inSystemTx } from '../../platform/tx.js';
import { at, type CampaignFixture, form, openCampaign2017, unitWithOfficer } from './applications.test-support.js';

let t: TestApp;
let c: CampaignFixture;
beforeAll(async () => {
  t = await buildTestApp();
  c = await openCampaign2017(t);
});
afterAll(async () => t?.close());

async function draft(client: Client, unitId: number, overrides: Record<string, unknown> = {}): Promise<number> {
  const res = await client.post('/api/applications', { campaignId: c.campaignId, unitId, ...form(c, overrides) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: number }>().id;
}

const statusOf = async (id: number) =>
  (await inSystemTx(t.database.db, (tx) => tx.select().from(applications).where(eq(applications.id, id))))[0]!.status;

interface BulkBody {
  matched: number;
  succeeded: number;
  skipped: { id: number; name: string; code: string; message: string }[];
}

describe('批量提交', () => {
  it('submits the ticked drafts and skips, with reasons, what a single submission would refuse', async () => {
    const { unit, officer } = await unitWithOfficer(t, '郑州市');
    const client = await signIn(t, officer.username);
    const good = [await draft(client, unit.id, { name: '赵一' }), await draft(client, unit.id, { name: '钱二' })];
    // A draft whose job type no longer offers the grade (the catalogue changed since it was saved).
    const stale = await draft(client, unit.id, { name: '孙三', appliedJobTypeId: c.electricianId, appliedGrade: 4 });
    await inSystemTx(t.database.db, (tx) =>
      tx
        .update(jobTypes)
        .set({ grades: [5, 3] })
        .where(eq(jobTypes.id, c.electricianId)),
    );
    // Already submitted, and another unit's.
    const submitted = await draft(client, unit.id, { name: '李四' });
    expect((await client.post(`/api/applications/${submitted}/submit`)).statusCode).toBe(200);
    const other = await unitWithOfficer(t, '郑州市');
    const foreign = await draft(await signIn(t, other.officer.username), other.unit.id, { name: '周五' });

    const res = await client.post('/api/applications/bulk-submit', {
      campaignId: c.campaignId,
      ids: [...good, stale, submitted, foreign],
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<BulkBody>();
    expect(body).toMatchObject({ matched: 5, succeeded: 2 });
    const byId = Object.fromEntries(body.skipped.map((s) => [s.id, s]));
    expect(Object.keys(byId).map(Number).sort()).toEqual([stale, submitted, foreign].sort());
    expect(byId[stale]).toMatchObject({ name: '孙三', code: 'JOB_TYPE_INVALID' });
    expect(byId[stale]!.message).toContain('请打开申请修改后再提交');
    expect(byId[submitted]).toMatchObject({
      name: '李四',
      code: 'APPLICATION_NOT_EDITABLE',
      message: '申请已提交，不能再修改',
    });
    expect(byId[foreign]).toMatchObject({ name: '', code: 'NOT_FOUND' });

    for (const id of good) expect(await statusOf(id)).toBe('submitted');
    expect(await statusOf(stale)).toBe('draft');
    expect(await statusOf(foreign)).toBe('draft');
    // One audit row per submission, as a single submission writes.
    const audits = await inSystemTx(t.database.db, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'application.submit'), eq(auditLog.actorAccountId, officer.id))),
    );
    expect(audits.map((a) => Number(a.entityId)).sort()).toEqual([...good, submitted].sort());
    expect(audits.find((a) => Number(a.entityId) === good[0])?.summary).toBe('批量提交「赵一」的申请');
  });

  it('submits all the unit’s drafts matching the filter, and nothing outside the registration window', async () => {
    const { unit, officer, department } = await unitWithOfficer(t, '郑州市');
    const client = await signIn(t, officer.username);
    const drafts = [await draft(client, unit.id), await draft(client, unit.id), await draft(client, unit.id)];
    const fourth = await draft(client, unit.id, {
      appliedGrade: 5,
      workStartMonth: '2012-07',
      regularizedMonth: '2013-07',
    });

    // After the window: every one is skipped with the window's reason.
    const late = await at(t, '2017-03-05T10:00:00+08:00', async () =>
      (await signIn(t, officer.username)).post('/api/applications/bulk-submit', {
        campaignId: c.campaignId,
        filter: { unitId: unit.id },
      }),
    );
    expect(late.statusCode, late.body).toBe(200);
    expect(late.json<BulkBody>()).toMatchObject({ matched: 4, succeeded: 0 });
    expect(late.json<BulkBody>().skipped.every((s) => s.code === 'WINDOW_CLOSED')).toBe(true);

    // The filter narrows (grade 4 only), then the rest.
    const some = await client.post('/api/applications/bulk-submit', {
      campaignId: c.campaignId,
      filter: { unitId: unit.id, grade: 4 },
    });
    expect(some.json<BulkBody>()).toMatchObject({ matched: 3, succeeded: 3, skipped: [] });
    for (const id of drafts) expect(await statusOf(id)).toBe('submitted');
    expect(await statusOf(fourth)).toBe('draft');
    const rest = await client.post('/api/applications/bulk-submit', { campaignId: c.campaignId, filter: {} });
    expect(rest.json<BulkBody>()).toMatchObject({ matched: 1, succeeded: 1 });

    // Reviewers do not submit; neither ids and filter together nor none.
    const reviewer = await signIn(t, (await buildAccount(t, department, 'department_reviewer')).username);
    expect(
      (await reviewer.post('/api/applications/bulk-submit', { campaignId: c.campaignId, filter: {} })).statusCode,
    ).toBe(403);
    const both = await client.post('/api/applications/bulk-submit', { campaignId: c.campaignId, ids: [1], filter: {} });
    expect(both.statusCode).toBe(400);
    expect((await client.post('/api/applications/bulk-submit', { campaignId: c.campaignId })).statusCode).toBe(400);
    const foreignUnit = (await unitWithOfficer(t, '郑州市')).unit;
    expect(
      (
        await client.post('/api/applications/bulk-submit', {
          campaignId: c.campaignId,
          filter: { unitId: foreignUnit.id },
        })
      ).statusCode,
    ).toBe(404);
  });
});
