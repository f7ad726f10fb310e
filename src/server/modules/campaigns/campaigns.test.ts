import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildNode,
  buildTestApp,
  type Client,
  expectPermissionDenied,
  findJurisdiction,
  signIn,
  type TestApp,
} from '../../../../test/setup/harness.js';
import { resultRows } from '../../db/client.js';
import { auditLog, campaigns, orgNodes } from '../../db/schema.js';
import { ensureSampleCatalogue, seedDemoCampaign } from '../../db/seed-campaign.js';
import type { Actor } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { inScopedTx, inSystemTx } from '../../platform/tx.js';
import * as repo from './campaigns.repository.js';
import {
  assertRegistrationOpen,
  createCampaign,
  findTimetable,
  getOpenCampaign,
  registrationWindowFor,
} from './campaigns.service.js';

type NodeRow = typeof orgNodes.$inferSelect;

let t: TestApp;
let provinceRow: NodeRow;
let zz: NodeRow;
let ly: NodeRow;
let catalogVersionId: number;
let p: Client;
let zzAdminClient: Client;
let zzAdmin: { id: number; username: string };
let province: { id: number; username: string };

beforeAll(async () => {
  t = await buildTestApp({ loginRatePerMinute: 10_000 });
  provinceRow = (await t.database.db.select().from(orgNodes).where(eq(orgNodes.id, t.provinceId)))[0]!;
  zz = await findJurisdiction(t, '郑州市');
  ly = await findJurisdiction(t, '洛阳市');
  catalogVersionId = (await inSystemTx(t.database.db, (tx) => ensureSampleCatalogue(tx, t.clock.now()))).id;
  province = await buildAccount(t, provinceRow, 'province_admin');
  zzAdmin = await buildAccount(t, zz, 'jurisdiction_admin');
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  // One campaign may be open at a time; each test starts with none open and the default clock. Back to draft, not
  // closed: a closed campaign is read-only for good (the database's guard, migration 0028), and tests reopen them.
  await inSystemTx(t.database.db, (tx) =>
    tx.update(campaigns).set({ status: 'draft' }).where(eq(campaigns.status, 'open')),
  );
  if (!p || t.clock.now().getTime() !== DEFAULT_NOW.getTime()) await setClock(DEFAULT_NOW.toISOString());
});

const DEFAULT_NOW = new Date('2017-02-10T09:00:00+08:00');

/** Moves the clock and signs in again (a session left idle across the jump would have expired). */
async function setClock(at: string) {
  t.clock.set(at);
  p = await signIn(t, province.username);
  zzAdminClient = await signIn(t, zzAdmin.username);
}

let nextYear = 2030;
const baseBody = (year = nextYear++) => ({
  year,
  name: `${year}年全省机关事业单位工勤技能岗位等级考核`,
  noticeNumber: `豫人社办函〔${year}〕11号`,
  noticeDate: `${year}-01-20`,
  catalogVersionId,
});

function put(c: Client, url: string, payload: unknown) {
  return t.app.inject({
    method: 'PUT',
    url,
    payload: payload as never,
    headers: { cookie: c.cookie, 'x-csrf-token': c.csrf },
  });
}

async function create(body: Record<string, unknown> = baseBody()) {
  const res = await p.post('/api/campaigns', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function auditsOf(id: number) {
  return t.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'campaign'), eq(auditLog.entityId, String(id))))
    .orderBy(auditLog.id);
}

const actorOf = (account: { id: number; username: string }, node: NodeRow, role: Actor['role']): Actor => ({
  accountId: account.id,
  username: account.username,
  displayName: '',
  role,
  orgNodeId: node.id,
  orgPath: node.path,
  orgNodeName: node.name,
});

describe('template and creation', () => {
  it('offers the 2017 defaults moved to year Y', async () => {
    const res = await p.get('/api/campaigns/template?year=2018');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      id: null,
      year: 2018,
      name: '2018年全省机关事业单位工勤技能岗位等级考核',
      noticeDate: '2018-01-20',
      status: 'draft',
      catalogVersionId,
      eligibilitySettings: { workYearsCutoffYear: 2018, gradeObtainedByYear: 2013, regularizedBy: '2018-09-30' },
    });
    expect(body.phases[0]).toEqual({
      phase: 'registration',
      label: '单位报名和资格初审',
      startsOn: '2018-02-06',
      endsOn: '2018-02-28',
    });
    // 岗位技能, 职业道德, 职业能力 and 一级's 专业基础知识.
    expect(body.examSettings.subjects).toHaveLength(4);
    expect(body.jurisdictions).toHaveLength(30);
    expect((await p.get('/api/campaigns/template?year=abc')).statusCode).toBe(400);
    expect((await zzAdminClient.get('/api/campaigns/template?year=2018')).statusCode).toBe(403);
  });

  it('creates a campaign with the template’s missing parts, audited once', async () => {
    const body = baseBody();
    const c = await create({
      ...body,
      eligibilitySettings: { regularizedBy: `${body.year}-06-30` },
      phases: [{ phase: 'registration', startsOn: `${body.year}-02-01`, endsOn: `${body.year}-02-27` }],
    });
    expect(c).toMatchObject({
      year: body.year,
      status: 'draft',
      catalogVersionName: '示例目录（据公开资料整理，非正式目录）',
      eligibilitySettings: {
        workYearsCutoffYear: body.year,
        gradeObtainedByYear: body.year - 5,
        regularizedBy: `${body.year}-06-30`,
      },
      today: '2017-02-10',
      abilities: { update: true, open: true, close: false },
    });
    expect(c.phases.map((ph: { phase: string }) => ph.phase)).toEqual([
      'registration',
      'jurisdiction_review',
      'province_review',
      'training',
      'ticket_printing',
      'exam',
      'grade1_registration',
      'grade1_review',
      'grade1_evaluation',
    ]);
    expect(c.phases[0]).toMatchObject({ startsOn: `${body.year}-02-01`, endsOn: `${body.year}-02-27` });
    expect(c.phases[1]).toMatchObject({ startsOn: `${body.year}-03-01` });
    expect(c.examSettings).toMatchObject({ lateEntryMinutes: 15, earliestHandInMinutes: 30 });
    const audits = await auditsOf(c.id);
    expect(audits.map((a) => a.action)).toEqual(['campaign.create']);

    const list = await p.get('/api/campaigns');
    const years = list.json().items.map((i: { year: number }) => i.year);
    expect(years).toEqual([...years].sort((a: number, b: number) => b - a));
    expect((await p.get(`/api/campaigns/${c.id}`)).json()).toEqual(c);

    const again = await p.post('/api/campaigns', baseBody(body.year));
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('CAMPAIGN_YEAR_TAKEN');
  });

  it('reads a campaign created before 准考证打印 existed with the template window of its year', async () => {
    const body = baseBody();
    const c = await create(body);
    // A campaign from before migration 0024: no row for the phase.
    await inSystemTx(t.database.db, (tx) =>
      tx.execute(sql`delete from campaign_phases where campaign_id = ${c.id} and phase = 'ticket_printing'`),
    );
    const read = (await p.get(`/api/campaigns/${c.id}`)).json();
    expect(read.phases.find((ph: { phase: string }) => ph.phase === 'ticket_printing')).toEqual({
      phase: 'ticket_printing',
      label: '准考证打印',
      startsOn: `${body.year}-05-20`,
      endsOn: `${body.year}-09-30`,
    });
    const timetable = await inScopedTx(t.database.db, actorOf(province, provinceRow, 'province_admin'), (tx) =>
      findTimetable(tx, c.id),
    );
    expect(timetable.phases.find((ph) => ph.phase === 'ticket_printing')).toMatchObject({
      startsOn: `${body.year}-05-20`,
    });
    // Editing the timetable writes the row.
    const edited = await p.patch(`/api/campaigns/${c.id}`, {
      phases: [{ phase: 'ticket_printing', startsOn: `${body.year}-05-25`, endsOn: `${body.year}-09-20` }],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const rows = resultRows<{ starts_on: string }>(
      await inSystemTx(t.database.db, (tx) =>
        tx.execute(
          sql`select starts_on::text as starts_on from campaign_phases where campaign_id = ${c.id} and phase = 'ticket_printing'`,
        ),
      ),
    );
    expect(rows).toEqual([{ starts_on: `${body.year}-05-25` }]);
  });

  it('refuses a bad timetable and malformed input with Chinese messages, never a 500', async () => {
    const body = baseBody();
    const badTimetable = await p.post('/api/campaigns', {
      ...body,
      phases: [{ phase: 'registration', startsOn: `${body.year}-02-06`, endsOn: `${body.year}-03-05` }],
    });
    expect(badTimetable.statusCode).toBe(400);
    expect(badTimetable.json().error).toMatchObject({ code: 'TIMETABLE_INVALID' });
    expect(badTimetable.json().error.message).toContain('「单位报名和资格初审」须在「市县资格审查」开始');

    const cases: Array<[unknown, string, RegExp]> = [
      [{ ...body, year: '二〇一七' }, 'VALIDATION_FAILED', /year/],
      [{ ...body, noticeDate: `${body.year}-02-30` }, 'VALIDATION_FAILED', /noticeDate/],
      [{ ...body, noticeDate: '2001-01-20' }, 'VALIDATION_FAILED', /noticeDate.*通知日期/],
      [{ ...body, name: '' }, 'VALIDATION_FAILED', /name/],
      [{ ...body, catalogVersionId: 999999 }, 'VALIDATION_FAILED', /catalogVersionId.*不存在/],
      [
        { ...body, phases: [{ phase: 'party', startsOn: '2030-01-01', endsOn: '2030-01-02' }] },
        'VALIDATION_FAILED',
        /phases/,
      ],
      [
        {
          ...body,
          phases: [
            { phase: 'training', startsOn: `${body.year}-04-01`, endsOn: `${body.year}-07-31` },
            { phase: 'training', startsOn: `${body.year}-04-02`, endsOn: `${body.year}-07-31` },
          ],
        },
        'TIMETABLE_INVALID',
        /重复/,
      ],
      [
        { ...body, examSettings: { subjects: [], lateEntryMinutes: 15, earliestHandInMinutes: 30 } },
        'VALIDATION_FAILED',
        /examSettings/,
      ],
      [
        {
          ...body,
          examSettings: {
            subjects: [
              {
                code: 'skill',
                name: '岗位技能',
                fullScore: 100,
                passScore: 160,
                durationMinutes: 60,
                singleChoice: 50,
                multipleChoice: 50,
              },
            ],
            lateEntryMinutes: 15,
            earliestHandInMinutes: 30,
          },
        },
        'VALIDATION_FAILED',
        /合格分数不能高于满分/,
      ],
      [{ ...body, eligibilitySettings: { regularizedBy: 'soon' } }, 'VALIDATION_FAILED', /regularizedBy/],
    ];
    for (const [payload, code, message] of cases) {
      const res = await p.post('/api/campaigns', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe(code);
      expect(res.json().error.message).toMatch(message);
    }
    const notJson = await p.request('POST', '/api/campaigns', '{"year":', { 'content-type': 'application/json' });
    expect(notJson.statusCode).toBe(400);
    expect((await p.get('/api/campaigns/abc')).statusCode).toBe(400);
    expect((await p.get('/api/campaigns/999999')).statusCode).toBe(404);
  });
});

describe('changes', () => {
  it('patches parts of a draft, moving the year’s defaults along with the year', async () => {
    const body = baseBody();
    const c = await create(body);
    const moved = await p.patch(`/api/campaigns/${c.id}`, { year: body.year + 50 });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({
      year: body.year + 50,
      name: `${body.year + 50}年全省机关事业单位工勤技能岗位等级考核`,
      eligibilitySettings: { workYearsCutoffYear: body.year + 50 },
    });
    // The notice date was the template's, so it moved too; a typed one outside Y−1…Y is refused.
    expect(moved.json().noticeDate).toBe(`${body.year + 50}-01-20`);
    const badNotice = await p.patch(`/api/campaigns/${c.id}`, { noticeDate: body.noticeDate });
    expect(badNotice.statusCode).toBe(400);
    expect(badNotice.json().error.message).toContain('noticeDate');
    const fixed = await p.patch(`/api/campaigns/${c.id}`, {
      noticeNumber: '豫人社办函〔2080〕12号',
      noticeDate: `${body.year + 50}-01-18`,
      phases: [{ phase: 'training', startsOn: `${body.year + 50}-04-03`, endsOn: `${body.year + 50}-07-30` }],
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json().phases[3]).toMatchObject({ startsOn: `${body.year + 50}-04-03` });
    expect(fixed.json().phases[0]).toMatchObject({ startsOn: `${body.year + 50}-02-06` });
    const audits = await auditsOf(c.id);
    expect(audits.map((a) => a.action)).toEqual(['campaign.create', 'campaign.update', 'campaign.update']);
    expect(audits[2]!.before).toMatchObject({ noticeDate: `${body.year + 50}-01-20` });
    expect(audits[2]!.after).toMatchObject({
      noticeDate: `${body.year + 50}-01-18`,
      noticeNumber: '豫人社办函〔2080〕12号',
    });
  });

  it('keeps the exam settings a form leaves out when it saves the ones it shows', async () => {
    const c = await create(baseBody());
    // Settings written elsewhere: item-analysis bounds (试题分析) and the panel's pass line (综合评审).
    await inSystemTx(t.database.db, (tx) =>
      tx.execute(sql`update campaigns set exam_settings = exam_settings
        || '{"itemAnalysis": {"minP": 0.1}, "publicityDays": 7, "passLines": {"panel": 70}}'::jsonb
        where id = ${c.id}`),
    );
    const form = (await p.get(`/api/campaigns/${c.id}`)).json().examSettings;
    const saved = await p.patch(`/api/campaigns/${c.id}`, {
      examSettings: {
        subjects: form.subjects,
        lateEntryMinutes: 20,
        earliestHandInMinutes: 30,
        passLines: { skill: 65 },
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const [row] = await inSystemTx(t.database.db, (tx) =>
      tx.select({ examSettings: campaigns.examSettings }).from(campaigns).where(eq(campaigns.id, c.id)),
    );
    expect(row!.examSettings).toMatchObject({
      lateEntryMinutes: 20,
      itemAnalysis: { minP: 0.1 },
      publicityDays: 7,
      passLines: { panel: 70, skill: 65 },
    });
  });

  it('opens one campaign at a time, and a closed one stays read-only', async () => {
    const none = await p.get('/api/campaigns/current');
    expect(none.statusCode).toBe(200);
    expect(none.json()).toBeNull();
    const a = await create();
    const b = await create();
    const opened = await p.post(`/api/campaigns/${a.id}/open`);
    expect(opened.statusCode).toBe(200);
    expect(opened.json()).toMatchObject({ status: 'open', abilities: { update: true, open: false, close: true } });
    expect((await p.get('/api/campaigns/current')).json().id).toBe(a.id);
    expect((await zzAdminClient.get('/api/campaigns/current')).json().id).toBe(a.id);

    const second = await p.post(`/api/campaigns/${b.id}/open`);
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('CAMPAIGN_ALREADY_OPEN');
    expect(second.json().error.message).toContain(a.name);

    const catalogueChange = await p.patch(`/api/campaigns/${a.id}`, { year: a.year + 1 });
    expect(catalogueChange.statusCode).toBe(409);
    expect((await p.post(`/api/campaigns/${b.id}/close`)).statusCode).toBe(409);

    // Closing waits for the scores' release (成绩发布).
    const early = await p.post(`/api/campaigns/${a.id}/close`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('CAMPAIGN_NOT_FINISHED');
    await inSystemTx(t.database.db, (tx) =>
      tx.execute(sql`insert into score_states (campaign_id, compiled_at, released_at) values (${a.id}, now(), now())`),
    );
    const closed = await p.post(`/api/campaigns/${a.id}/close`);
    expect(closed.json()).toMatchObject({ status: 'closed', abilities: { update: false, open: false, close: false } });
    for (const res of [
      await p.patch(`/api/campaigns/${a.id}`, { name: '改名' }),
      await p.post(`/api/campaigns/${a.id}/open`),
      await put(p, `/api/campaigns/${a.id}/jurisdictions/${ly.id}`, { onlineRegistration: true }),
    ]) {
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('CAMPAIGN_CLOSED');
    }
    // The database refuses too, whoever asks (here the owner, outside any service): SQLSTATE GKC01.
    await expect(
      inSystemTx(t.database.db, (tx) =>
        tx.execute(sql`update campaign_phases set ends_on = ends_on where campaign_id = ${a.id}`),
      ),
    ).rejects.toMatchObject({ cause: { code: 'GKC01' } });
    await expect(
      inSystemTx(t.database.db, (tx) => tx.execute(sql`update campaigns set name = name where id = ${a.id}`)),
    ).rejects.toMatchObject({ cause: { code: 'GKC01' } });
    expect((await p.post(`/api/campaigns/${b.id}/open`)).statusCode).toBe(200);
    expect((await auditsOf(a.id)).map((x) => x.action)).toEqual(['campaign.create', 'campaign.open', 'campaign.close']);
  });

  it('switches online registration per jurisdiction, audited under the jurisdiction', async () => {
    const c = await create();
    const on = await put(p, `/api/campaigns/${c.id}/jurisdictions/${ly.id}`, { onlineRegistration: true });
    expect(on.statusCode, on.body).toBe(200);
    const byName = Object.fromEntries(
      on.json().jurisdictions.map((j: { name: string; onlineRegistration: boolean }) => [j.name, j.onlineRegistration]),
    );
    expect(byName).toMatchObject({ 洛阳市: true, 郑州市: false });
    // Setting the same value again changes and audits nothing.
    await put(p, `/api/campaigns/${c.id}/jurisdictions/${ly.id}`, { onlineRegistration: true });
    const audits = (await auditsOf(c.id)).filter((a) => a.action === 'campaign.online_registration');
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      orgNodeId: ly.id,
      orgPath: ly.path,
      before: { jurisdictionId: ly.id, onlineRegistration: false },
      after: { jurisdictionId: ly.id, onlineRegistration: true },
    });
    const dept = await buildNode(t, ly, 'department');
    const notJurisdiction = await put(p, `/api/campaigns/${c.id}/jurisdictions/${dept.id}`, {
      onlineRegistration: true,
    });
    expect(notJurisdiction.statusCode).toBe(404);
    const malformed = await put(p, `/api/campaigns/${c.id}/jurisdictions/${ly.id}`, { onlineRegistration: 'yes' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.message).toContain('onlineRegistration');
  });
});

describe('registration window', () => {
  async function openCampaign2017() {
    const existing = await inSystemTx(t.database.db, (tx) => repo.findCampaignByYear(tx, 2017));
    const c = existing ? { id: existing.id } : await create(baseBody(2017));
    await inSystemTx(t.database.db, (tx) => tx.update(campaigns).set({ status: 'open' }).where(eq(campaigns.id, c.id)));
    return c.id;
  }

  async function check(jurisdictionId: number, at: string) {
    t.clock.set(at);
    return inSystemTx(t.database.db, async (tx) => {
      const campaign = await getOpenCampaign(tx);
      return assertRegistrationOpen(t.deps, tx, campaign!, jurisdictionId, 4);
    });
  }

  it('is open from the first to the last day, and an extension helps only its jurisdiction', async () => {
    const id = await openCampaign2017();
    const extend = (endsOn: string, reason: string) =>
      p.post(`/api/campaigns/${id}/extensions`, { jurisdictionId: ly.id, phase: 'registration', endsOn, reason });
    const tooEarly = await extend('2017-02-28', '洛阳市网上报名试点');
    expect(tooEarly.statusCode).toBe(400);
    expect(tooEarly.json().error.code).toBe('TIMETABLE_INVALID');
    expect(tooEarly.json().error.message).toContain('须晚于');
    const extended = await extend('2017-03-05', '洛阳市网上报名试点');
    expect(extended.statusCode, extended.body).toBe(200);
    const luoyang = extended.json().jurisdictions.find((j: { name: string }) => j.name === '洛阳市');
    expect(luoyang.extensions).toEqual([{ phase: 'registration', endsOn: '2017-03-05', reason: '洛阳市网上报名试点' }]);

    await expect(check(zz.id, '2017-02-05T23:59:00+08:00')).rejects.toMatchObject({
      code: 'WINDOW_CLOSED',
      message: '单位报名和资格初审的时间为2017年2月6日至2017年2月28日，尚未开始（今天是2017年2月5日）',
    });
    await expect(check(zz.id, '2017-02-06T00:00:00+08:00')).resolves.toEqual({
      startsOn: '2017-02-06',
      endsOn: '2017-02-28',
    });
    await expect(check(zz.id, '2017-02-28T23:59:00+08:00')).resolves.toBeTruthy();
    // 2017-02-28T16:30Z is already 1 March in Beijing.
    await expect(check(zz.id, '2017-02-28T16:30:00Z')).rejects.toMatchObject({ code: 'WINDOW_CLOSED' });
    await expect(check(ly.id, '2017-03-05T12:00:00+08:00')).resolves.toEqual({
      startsOn: '2017-02-06',
      endsOn: '2017-03-05',
    });
    await expect(check(ly.id, '2017-03-06T00:00:00+08:00')).rejects.toMatchObject({
      code: 'WINDOW_CLOSED',
      message: expect.stringContaining('2017年2月6日至2017年3月5日，已经结束'),
    });
    await expect(check(zz.id, '2017-03-01T12:00:00+08:00')).rejects.toMatchObject({ code: 'WINDOW_CLOSED' });
    const window = await inSystemTx(t.database.db, (tx) => registrationWindowFor(tx, id, ly.id, 4));
    expect(window.endsOn).toBe('2017-03-05');

    // Moving the extension is audited with the old and the new end.
    await setClock('2017-02-10T09:00:00+08:00');
    expect((await extend('2017-03-08', '再次延期')).statusCode).toBe(200);
    const audits = (await auditsOf(id)).filter((a) => a.action === 'campaign.extend_window');
    expect(audits.map((a) => [a.orgPath, a.before, a.after])).toEqual([
      [
        ly.path,
        { jurisdictionId: ly.id, phase: 'registration', endsOn: '2017-02-28', reason: null },
        { jurisdictionId: ly.id, phase: 'registration', endsOn: '2017-03-05', reason: '洛阳市网上报名试点' },
      ],
      [
        ly.path,
        { jurisdictionId: ly.id, phase: 'registration', endsOn: '2017-03-05', reason: '洛阳市网上报名试点' },
        { jurisdictionId: ly.id, phase: 'registration', endsOn: '2017-03-08', reason: '再次延期' },
      ],
    ]);
    const dept = await buildNode(t, zz, 'department');
    const forDepartment = await p.post(`/api/campaigns/${id}/extensions`, {
      jurisdictionId: dept.id,
      phase: 'registration',
      endsOn: '2017-03-05',
      reason: '不是辖区',
    });
    expect(forDepartment.statusCode).toBe(404);
  });

  it('refuses registration in a campaign that is not open', async () => {
    const c = await create();
    await expect(
      inSystemTx(t.database.db, async (tx) => {
        const row = await repo.findCampaign(tx, c.id);
        return assertRegistrationOpen(t.deps, tx, row!, zz.id, 4);
      }),
    ).rejects.toMatchObject({ code: 'CAMPAIGN_NOT_OPEN' });
  });
});

describe('province only', () => {
  it('lets a jurisdiction admin read but not change, through the API and the service', async () => {
    const c = await create();
    const read = await zzAdminClient.get(`/api/campaigns/${c.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().abilities).toEqual({ update: false, open: false, close: false });
    // Row-level security on org_nodes: a jurisdiction sees its own settings only.
    expect(read.json().jurisdictions.map((j: { name: string }) => j.name)).toEqual(['郑州市']);
    expect((await zzAdminClient.get('/api/campaigns')).statusCode).toBe(200);

    for (const res of [
      await zzAdminClient.post('/api/campaigns', baseBody()),
      await zzAdminClient.patch(`/api/campaigns/${c.id}`, { name: '改名' }),
      await zzAdminClient.post(`/api/campaigns/${c.id}/open`),
      await zzAdminClient.post(`/api/campaigns/${c.id}/extensions`, {
        jurisdictionId: zz.id,
        phase: 'registration',
        endsOn: '2030-03-05',
        reason: '自己延期',
      }),
      await put(zzAdminClient, `/api/campaigns/${c.id}/jurisdictions/${zz.id}`, { onlineRegistration: true }),
    ]) {
      expect(res.statusCode).toBe(403);
    }
    const actor = actorOf(zzAdmin, zz, 'jurisdiction_admin');
    const refused = await createCampaign(
      t.deps,
      { actor, meta: { ip: null, userAgent: null, requestId: null } },
      {
        ...baseBody(),
      },
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });

  it('refuses direct writes from a jurisdiction’s scope at the database (row-level security)', async () => {
    const c = await create();
    const actor = actorOf(zzAdmin, zz, 'jurisdiction_admin');
    const year = nextYear++;
    await expectPermissionDenied(
      inScopedTx(t.database.db, actor, (tx) =>
        tx.insert(campaigns).values({
          year,
          name: '越权',
          noticeNumber: 'x',
          noticeDate: `${year}-01-20`,
          catalogVersionId,
          eligibilitySettings: {},
          examSettings: {},
          createdAt: new Date(),
          updatedAt: new Date(),
        }),
      ),
    );
    await expectPermissionDenied(
      inScopedTx(t.database.db, actor, (tx) =>
        tx.execute(
          sql`insert into campaign_window_extensions (campaign_id, jurisdiction_id, phase, ends_on, reason, created_at) values (${c.id}, ${zz.id}, 'registration', '2099-01-01', 'x', now())`,
        ),
      ),
    );
    const updated = await inScopedTx(t.database.db, actor, async (tx) =>
      resultRows<{ id: number }>(
        await tx.execute(sql`update campaigns set name = '改名' where id = ${c.id} returning id`),
      ),
    );
    expect(updated).toEqual([]);
    // The same insert from the province's scope is allowed (and rolled back here).
    const provinceActor = actorOf({ id: 0, username: 'p' }, provinceRow, 'province_admin');
    const rolledBack = await inScopedTx(t.database.db, provinceActor, async (tx) => {
      const rows = resultRows<{ id: number }>(
        await tx.execute(sql`update campaigns set name = name where id = ${c.id} returning id`),
      );
      return rows.length;
    });
    expect(rolledBack).toBe(1);
  });
});

describe('demo campaign', () => {
  it('creates a draft for the current Beijing year, registration open today, 洛阳市 online, once', async () => {
    await setClock('2026-12-31T20:00:00+08:00');
    const first = await seedDemoCampaign(t.database.db, t.clock);
    expect(first.created).toBe(true);
    const again = await seedDemoCampaign(t.database.db, t.clock);
    expect(again).toEqual({ created: false, campaignId: first.campaignId });
    const res = await p.get(`/api/campaigns/${first.campaignId}`);
    const c = res.json();
    expect(c).toMatchObject({
      year: 2026,
      name: '2026年全省机关事业单位工勤技能岗位等级考核（演示）',
      noticeNumber: '豫人社办函〔2026〕11号（演示）',
      noticeDate: '2026-01-20',
      status: 'draft',
      catalogVersionName: '示例目录（据公开资料整理，非正式目录）',
      today: '2026-12-31',
    });
    expect(c.phases[0]).toMatchObject({ startsOn: '2026-12-24', endsOn: '2027-03-01' });
    const online = c.jurisdictions.filter((j: { onlineRegistration: boolean }) => j.onlineRegistration);
    expect(online.map((j: { name: string }) => j.name)).toEqual(['洛阳市']);
    // The province admin opens it, and registration is open today.
    expect((await p.post(`/api/campaigns/${first.campaignId}/open`)).statusCode).toBe(200);
    const window = await inSystemTx(t.database.db, async (tx) => {
      const open = await getOpenCampaign(tx);
      return assertRegistrationOpen(t.deps, tx, open!, ly.id, 4);
    });
    expect(window).toEqual({ startsOn: '2026-12-24', endsOn: '2027-03-01' });
  });
});
