import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildTestApp,
  type Client,
  expectPermissionDenied,
  findJurisdiction,
  signIn,
  type TestApp,
} from '../../../../test/setup/harness.js';
import { auditLog, examSessions, orgNodes } from '../../db/schema.js';
import { ensureSampleCatalogue } from '../../db/seed-campaign.js';
import type { Actor } from '../../platform/context.js';
import { inScopedTx, inSystemTx } from '../../platform/tx.js';

let t: TestApp;
let p: Client;
let zzAdmin: Client;
let zzActor: Actor;
let campaignId: number;
let year = 2050;

const subjects = [
  { subject: 'skill', durationMinutes: 60, breakAfterMinutes: 20 },
  { subject: 'ethics', durationMinutes: 60, breakAfterMinutes: 20 },
  { subject: 'ability', durationMinutes: 60, breakAfterMinutes: 0 },
];
const body = (over: Record<string, unknown> = {}) => ({
  name: '第一场',
  date: `${year}-06-10`,
  startTime: '08:30',
  subjects,
  lateEntryMinutes: 15,
  earliestHandInMinutes: 30,
  capacityNote: '每场约 2000 人',
  ...over,
});

async function newCampaign(): Promise<number> {
  year++;
  const catalogVersionId = (await inSystemTx(t.database.db, (tx) => ensureSampleCatalogue(tx, t.clock.now()))).id;
  const res = await p.post('/api/campaigns', {
    year,
    name: `${year}年全省机关事业单位工勤技能岗位等级考核`,
    noticeNumber: `豫人社办函〔${year}〕11号`,
    noticeDate: `${year}-01-20`,
    catalogVersionId,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

beforeAll(async () => {
  t = await buildTestApp({ loginRatePerMinute: 10_000 });
  const province = (await t.database.db.select().from(orgNodes).where(eq(orgNodes.id, t.provinceId)))[0]!;
  const zz = await findJurisdiction(t, '郑州市');
  p = await signIn(t, (await buildAccount(t, province, 'province_admin')).username);
  const zzAccount = await buildAccount(t, zz, 'jurisdiction_admin');
  zzAdmin = await signIn(t, zzAccount.username);
  zzActor = {
    accountId: zzAccount.id,
    username: zzAccount.username,
    displayName: '',
    role: 'jurisdiction_admin',
    orgNodeId: zz.id,
    orgPath: zz.path,
    orgNodeName: zz.name,
  };
  campaignId = await newCampaign();
});
afterAll(async () => {
  await t.close();
});

describe('exam sessions', () => {
  it('lists none at first, with the exam window and default subjects', async () => {
    const res = await p.get(`/api/campaigns/${campaignId}/sessions`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      items: [],
      examWindow: { startsOn: `${year}-06-01`, endsOn: `${year}-09-30` },
      defaults: {
        subjects: [
          { subject: 'skill', durationMinutes: 60, breakAfterMinutes: 30 },
          { subject: 'ethics', durationMinutes: 60, breakAfterMinutes: 30 },
          { subject: 'ability', durationMinutes: 60, breakAfterMinutes: 0 },
        ],
        lateEntryMinutes: 15,
        earliestHandInMinutes: 30,
      },
      abilities: { create: true },
    });
  });

  it('creates a session with its timeline, audited, and lists it for every reader', async () => {
    const res = await p.post(`/api/campaigns/${campaignId}/sessions`, body());
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json();
    expect(s.timeline).toEqual({
      startsAt: '08:30',
      endsAt: '12:10',
      subjects: [
        { subject: 'skill', label: '岗位技能', startsAt: '08:30', endsAt: '09:30', breakAfterMinutes: 20 },
        { subject: 'ethics', label: '职业道德', startsAt: '09:50', endsAt: '10:50', breakAfterMinutes: 20 },
        { subject: 'ability', label: '职业能力', startsAt: '11:10', endsAt: '12:10', breakAfterMinutes: 0 },
      ],
    });
    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'exam_session'), eq(auditLog.entityId, String(s.id))));
    expect(audits.map((a) => a.action)).toEqual(['exam_session.create']);
    const list = await zzAdmin.get(`/api/campaigns/${campaignId}/sessions`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((i: { name: string }) => i.name)).toEqual(['第一场']);
    expect(list.json().abilities.create).toBe(false);
  });

  it('refuses an overlap on the same day, a date outside the exam phase and bad limits, writing nothing', async () => {
    const overlap = await p.post(`/api/campaigns/${campaignId}/sessions`, body({ name: '重叠场', startTime: '12:00' }));
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().error.code).toBe('SESSION_OVERLAP');
    expect(overlap.json().error.message).toContain('第一场');
    const outside = await p.post(
      `/api/campaigns/${campaignId}/sessions`,
      body({ name: '五月场', date: `${year}-05-20` }),
    );
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.code).toBe('SESSION_OUTSIDE_EXAM_PHASE');
    const limits = await p.post(
      `/api/campaigns/${campaignId}/sessions`,
      body({ name: '限时场', date: `${year}-06-11`, lateEntryMinutes: 60 }),
    );
    expect(limits.statusCode).toBe(400);
    expect(limits.json().error.code).toBe('SESSION_LIMITS_INVALID');
    const time = await p.post(`/api/campaigns/${campaignId}/sessions`, body({ name: '时间场', startTime: '8点半' }));
    expect(time.json().error.code).toBe('SESSION_TIME_INVALID');
    const name = await p.post(`/api/campaigns/${campaignId}/sessions`, body({ startTime: '14:00' }));
    expect(name.statusCode).toBe(409);
    expect(name.json().error.code).toBe('SESSION_NAME_TAKEN');
    const rows = await t.database.db.select().from(examSessions).where(eq(examSessions.campaignId, campaignId));
    expect(rows).toHaveLength(1);
  });

  it('checks a plan without saving (the planner’s live validation)', async () => {
    const res = await p.post(
      `/api/campaigns/${campaignId}/sessions/check`,
      body({ name: '下午场', startTime: '12:00' }),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().problems.map((x: { code: string }) => x.code)).toEqual(['SESSION_OVERLAP']);
    expect(res.json().timeline.startsAt).toBe('12:00');
    const ok = await p.post(
      `/api/campaigns/${campaignId}/sessions/check`,
      body({ name: '下午场', startTime: '14:00' }),
    );
    expect(ok.json().problems).toEqual([]);
  });

  it('edits a session (not overlapping itself) and deletes one, audited', async () => {
    const second = (
      await p.post(`/api/campaigns/${campaignId}/sessions`, body({ name: '第二场', startTime: '14:00' }))
    ).json();
    const listed = (await p.get(`/api/campaigns/${campaignId}/sessions`)).json().items;
    const first = listed.find((s: { name: string }) => s.name === '第一场');
    const edit = await p.request(
      'PUT',
      `/api/campaigns/${campaignId}/sessions/${first.id}`,
      body({ startTime: '08:00' }),
    );
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json().timeline.endsAt).toBe('11:40');
    const clash = await p.request(
      'PUT',
      `/api/campaigns/${campaignId}/sessions/${first.id}`,
      body({ startTime: '13:00' }),
    );
    expect(clash.json().error.code).toBe('SESSION_OVERLAP');
    const del = await p.request('DELETE', `/api/campaigns/${campaignId}/sessions/${second.id}`);
    expect(del.statusCode, del.body).toBe(200);
    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityType, 'exam_session'))
      .orderBy(auditLog.id);
    expect(audits.map((a) => a.action)).toEqual([
      'exam_session.create',
      'exam_session.create',
      'exam_session.update',
      'exam_session.delete',
    ]);
    expect((await p.request('DELETE', `/api/campaigns/${campaignId}/sessions/${second.id}`)).statusCode).toBe(404);
  });

  it('lets only the province plan sessions: 403 for a jurisdiction, and the database refuses it too', async () => {
    const res = await zzAdmin.post(
      `/api/campaigns/${campaignId}/sessions`,
      body({ name: '市里场', date: `${year}-07-01` }),
    );
    expect(res.statusCode).toBe(403);
    const now = t.clock.now();
    await expectPermissionDenied(
      inScopedTx(t.database.db, zzActor, (tx) =>
        tx.insert(examSessions).values({
          campaignId,
          name: '越权场',
          sessionDate: `${year}-07-01`,
          startTime: '08:00',
          subjects,
          lateEntryMinutes: 15,
          earliestHandInMinutes: 30,
          createdAt: now,
          updatedAt: now,
        }),
      ),
    );
  });

  it('takes default durations from the campaign’s exam settings', async () => {
    const id = await newCampaign();
    const c = (await p.get(`/api/campaigns/${id}`)).json();
    const examSettings = {
      ...c.examSettings,
      subjects: c.examSettings.subjects.map((s: { code: string }) =>
        s.code === 'ethics' ? { ...s, durationMinutes: 90 } : s,
      ),
    };
    const patched = await p.patch(`/api/campaigns/${id}`, { examSettings });
    expect(patched.statusCode, patched.body).toBe(200);
    const res = await p.get(`/api/campaigns/${id}/sessions`);
    expect(res.json().defaults.subjects[1]).toEqual({ subject: 'ethics', durationMinutes: 90, breakAfterMinutes: 30 });
  });
});
