import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Client, signIn, type TestApp } from '../../../../test/setup/harness.js';
import { auditLog, jobTypes, trainingClasses, trainingEnrolments } from '../../db/schema.js';
import { ensureSampleCatalogue } from '../../db/seed-campaign.js';
import type { Actor } from '../../platform/context.js';
import { inScopedTx, inSystemTx } from '../../platform/tx.js';
import { buildChain, type Chain, insertApplications } from '../review/review.test-support.js';
import { trainingStatusesForSeating } from './training.service.js';

let t: TestApp;
let zz: Chain;
let ly: Chain;
let p: Client;
let zzAdmin: Client;
let lyAdmin: Client;
let unitOfficer: Client;
let campaignId: number;
const year = 2060;
let jobA: number;
let jobB: number;
/** Confirmed candidates of 郑州市: A 四级 ×4, A 三级 ×1, B 四级 ×2; one not yet confirmed; 洛阳市's A 四级 ×2. */
const c = { a4: [] as number[], a3: [] as number[], b4: [] as number[], pending: 0, lyA4: [] as number[] };

async function confirmed(chain: Chain, jobTypeId: number, count: number, grade = 4, status = 'province_confirmed') {
  const ids = await insertApplications(t, {
    campaignId,
    unit: chain.unit,
    departmentId: chain.department.id,
    jurisdictionId: chain.jurisdiction.id,
    jobTypeId,
    count,
    status: status as 'province_confirmed',
  });
  await inSystemTx(t.database.db, (tx) =>
    tx.execute(sql`update applications set applied_grade = ${grade} where id = any(${`{${ids.join(',')}}`}::int[])`),
  );
  return ids;
}

const classBody = (over: Record<string, unknown> = {}) => ({
  name: '汽车驾驶员四级培训班',
  startsOn: `${year}-04-10`,
  endsOn: `${year}-05-20`,
  place: '郑州市职业技能培训中心三楼',
  teacher: '王老师',
  jobTypeIds: [jobA],
  grades: [4],
  capacity: 5,
  ...over,
});

beforeAll(async () => {
  t = await buildTestApp({ loginRatePerMinute: 10_000 });
  zz = await buildChain(t, '郑州市');
  ly = await buildChain(t, '洛阳市');
  p = await signIn(t, zz.accounts.province);
  zzAdmin = await signIn(t, zz.accounts.jurisdiction);
  lyAdmin = await signIn(t, ly.accounts.jurisdiction);
  unitOfficer = await signIn(t, zz.accounts.unit);
  const catalogVersionId = (await inSystemTx(t.database.db, (tx) => ensureSampleCatalogue(tx, t.clock.now()))).id;
  const res = await p.post('/api/campaigns', {
    year,
    name: `${year}年全省机关事业单位工勤技能岗位等级考核`,
    noticeNumber: `豫人社办函〔${year}〕11号`,
    noticeDate: `${year}-01-20`,
    catalogVersionId,
  });
  expect(res.statusCode, res.body).toBe(201);
  campaignId = res.json().id;
  const types = await inSystemTx(t.database.db, (tx) => tx.select().from(jobTypes).orderBy(jobTypes.id));
  jobA = types[0]!.id;
  jobB = types[1]!.id;
  c.a4 = await confirmed(zz, jobA, 4);
  c.a3 = await confirmed(zz, jobA, 1, 3);
  c.b4 = await confirmed(zz, jobB, 2);
  c.pending = (await confirmed(zz, jobA, 1, 4, 'jurisdiction_approved'))[0]!;
  c.lyA4 = await confirmed(ly, jobA, 2);
});
afterAll(async () => {
  await t.close();
});

async function createClass(client: Client, over: Record<string, unknown> = {}) {
  const res = await client.post(`/api/campaigns/${campaignId}/training/classes`, classBody(over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const actorOf = (chain: Chain, accountId: number): Actor => ({
  accountId,
  username: 'x',
  displayName: '',
  role: 'jurisdiction_admin',
  orgNodeId: chain.jurisdiction.id,
  orgPath: chain.jurisdiction.path,
  orgNodeName: chain.jurisdiction.name,
});

describe('training classes', () => {
  let zzClass: { id: number };

  it('lets a jurisdiction create a class in its own jurisdiction, within the training phase, audited', async () => {
    zzClass = await createClass(zzAdmin);
    expect(zzClass).toMatchObject({ jurisdictionName: '郑州市', enrolled: 0, sittings: 0, requiredShare: 0.8 });
    const outside = await zzAdmin.post(
      `/api/campaigns/${campaignId}/training/classes`,
      classBody({ name: '八月班', startsOn: `${year}-08-01`, endsOn: `${year}-08-10` }),
    );
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.code).toBe('TRAINING_CLASS_INVALID');
    const dup = await zzAdmin.post(`/api/campaigns/${campaignId}/training/classes`, classBody());
    expect(dup.json().error.code).toBe('TRAINING_CLASS_NAME_TAKEN');
    const other = await zzAdmin.post(
      `/api/campaigns/${campaignId}/training/classes`,
      classBody({ jurisdictionId: ly.jurisdiction.id, name: '越权班' }),
    );
    expect(other.statusCode).toBe(403);
    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'training_class'), eq(auditLog.entityId, String(zzClass.id))));
    expect(audits.map((a) => a.action)).toEqual(['training_class.create']);
  });

  it('keeps each jurisdiction to its own classes; the province sees all; units see none', async () => {
    const lyClass = await createClass(lyAdmin, { name: '洛阳班', place: '洛阳' });
    const zzList = (await zzAdmin.get(`/api/campaigns/${campaignId}/training/classes`)).json();
    expect(zzList.items.map((i: { name: string }) => i.name)).toEqual(['汽车驾驶员四级培训班']);
    const lyList = (await lyAdmin.get(`/api/campaigns/${campaignId}/training/classes`)).json();
    expect(lyList.items.map((i: { name: string }) => i.name)).toEqual(['洛阳班']);
    expect((await p.get(`/api/campaigns/${campaignId}/training/classes`)).json().total).toBe(2);
    expect((await zzAdmin.get(`/api/training/classes/${lyClass.id}`)).statusCode).toBe(404);
    expect(
      (await zzAdmin.post(`/api/training/classes/${lyClass.id}/sittings`, { date: `${year}-04-12` })).statusCode,
    ).toBe(404);
    expect((await unitOfficer.get(`/api/campaigns/${campaignId}/training/classes`)).statusCode).toBe(403);
    // The database agrees: 郑州市's scope neither reads nor writes 洛阳市's rows.
    const zzActor = actorOf(zz, 1);
    const seen = await inScopedTx(t.database.db, zzActor, (tx) =>
      tx.select().from(trainingClasses).where(eq(trainingClasses.id, lyClass.id)),
    );
    expect(seen).toEqual([]);
    const moved = await inScopedTx(t.database.db, zzActor, (tx) =>
      tx.update(trainingClasses).set({ teacher: '越权' }).where(eq(trainingClasses.id, lyClass.id)).returning(),
    );
    expect(moved).toEqual([]);
    // The province creates a class for a jurisdiction it names.
    const provinceClass = await createClass(p, {
      jurisdictionId: ly.jurisdiction.id,
      name: '省定洛阳班',
      jobTypeIds: [jobB],
    });
    expect(provinceClass.jurisdictionName).toBe('洛阳市');
    const missing = await p.post(`/api/campaigns/${campaignId}/training/classes`, classBody({ name: '无辖区班' }));
    expect(missing.json().error.code).toBe('TRAINING_CLASS_INVALID');
  });

  it('offers the jurisdiction’s confirmed candidates the class serves, and adds them by filter within capacity', async () => {
    const available = (await zzAdmin.get(`/api/training/classes/${zzClass.id}/candidates?pageSize=2`)).json();
    expect(available.total).toBe(4); // A 四级 only: not 三级, not B, not the unconfirmed, not 洛阳市's
    expect(available.items).toHaveLength(2);
    expect(available.items[0].idNumberMasked).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    const byFilter = await zzAdmin.post(`/api/training/classes/${zzClass.id}/roster`, {
      filter: { jobTypeId: jobA, grade: 4 },
    });
    expect(byFilter.statusCode, byFilter.body).toBe(200);
    expect(byFilter.json()).toEqual({ added: 4 });
    expect((await zzAdmin.get(`/api/training/classes/${zzClass.id}/candidates`)).json().total).toBe(0);
  });

  it('refuses candidates outside the rules: unconfirmed, another jurisdiction’s, not served, over capacity, twice', async () => {
    const roster = `/api/training/classes/${zzClass.id}/roster`;
    for (const id of [c.pending, c.lyA4[0]!, c.a3[0]!]) {
      const res = await zzAdmin.post(roster, { applicationIds: [id] });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('TRAINING_CANDIDATE_INVALID');
    }
    const again = await zzAdmin.post(roster, { applicationIds: [c.a4[0]!] });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('TRAINING_ALREADY_ENROLLED');
    // A second class for A 三级 and 四级: the 四级 already in the first class cannot join it (one class per campaign).
    const second = await createClass(zzAdmin, { name: '第二期', grades: [3, 4], capacity: 1 });
    const twice = await zzAdmin.post(`/api/training/classes/${second.id}/roster`, { applicationIds: [c.a4[1]!] });
    expect(twice.json().error.code).toBe('TRAINING_ALREADY_ENROLLED');
    const full = await zzAdmin.post(`/api/training/classes/${second.id}/roster`, { applicationIds: [c.a3[0]!] });
    expect(full.statusCode, full.body).toBe(200);
    // Two 四级 B candidates, one place: the whole addition is refused, nobody added.
    const small = await createClass(zzAdmin, { name: 'B班', jobTypeIds: [jobB], capacity: 1 });
    const over = await zzAdmin.post(`/api/training/classes/${small.id}/roster`, { filter: {} });
    expect(over.statusCode).toBe(409);
    expect(over.json().error.code).toBe('TRAINING_CLASS_FULL');
    const none = await inSystemTx(t.database.db, (tx) =>
      tx.select().from(trainingEnrolments).where(eq(trainingEnrolments.classId, small.id)),
    );
    expect(none).toEqual([]);
    const bad = await zzAdmin.post(roster, { applicationIds: [c.a4[0]!], filter: {} });
    expect(bad.statusCode).toBe(400);
  });

  it('records attendance per sitting in bulk and computes completion at the required share', async () => {
    const sittings = [];
    for (const day of ['04-11', '04-18', '04-25', '05-02', '05-09']) {
      const res = await zzAdmin.post(`/api/training/classes/${zzClass.id}/sittings`, {
        date: `${year}-${day}`,
        topic: '安全行车',
      });
      expect(res.statusCode, res.body).toBe(201);
      sittings.push(res.json().id as number);
    }
    const outside = await zzAdmin.post(`/api/training/classes/${zzClass.id}/sittings`, { date: `${year}-06-01` });
    expect(outside.json().error.code).toBe('TRAINING_SITTING_INVALID');
    const same = await zzAdmin.post(`/api/training/classes/${zzClass.id}/sittings`, { date: `${year}-04-11` });
    expect(same.json().error.code).toBe('TRAINING_SITTING_TAKEN');

    const [a, b, cc, d] = c.a4 as [number, number, number, number];
    // a: 5/5; b: 4/5 (one excused); cc: 3/5; d: none recorded.
    const plan: Record<number, string[]> = {
      [a]: ['present', 'present', 'present', 'present', 'present'],
      [b]: ['present', 'present', 'present', 'present', 'excused'],
      [cc]: ['present', 'absent', 'present', 'absent', 'present'],
    };
    for (const [i, sittingId] of sittings.entries()) {
      const records = Object.entries(plan).map(([id, statuses]) => ({
        applicationId: Number(id),
        status: statuses[i],
      }));
      const res = await zzAdmin.request('PUT', `/api/training/classes/${zzClass.id}/sittings/${sittingId}/attendance`, {
        records,
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const stranger = await zzAdmin.request(
      'PUT',
      `/api/training/classes/${zzClass.id}/sittings/${sittings[0]}/attendance`,
      {
        records: [{ applicationId: c.b4[0], status: 'present' }],
      },
    );
    expect(stranger.json().error.code).toBe('TRAINING_CANDIDATE_INVALID');

    const roster = (await zzAdmin.get(`/api/training/classes/${zzClass.id}/roster?pageSize=50`)).json();
    const byId = new Map(roster.items.map((r: { applicationId: number }) => [r.applicationId, r]));
    expect(byId.get(a)).toMatchObject({ completed: true, attended: 5, required: 4 });
    expect(byId.get(b)).toMatchObject({ completed: true, attended: 4 });
    expect(byId.get(cc)).toMatchObject({
      completed: false,
      attended: 3,
      reasonText: '培训出勤 3/5 次，未达到要求的 4 次',
    });
    expect(byId.get(d)).toMatchObject({ completed: false, attended: 0 });
    expect((byId.get(b) as { attendance: Record<string, string> }).attendance[String(sittings[4])]).toBe('excused');

    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'training_class'), eq(auditLog.action, 'training_class.attendance')));
    expect(audits.length).toBe(5);
  });

  it('has the campaign switch: off by default, set by the province only, read by seating', async () => {
    const settings = `/api/campaigns/${campaignId}/training/settings`;
    expect((await zzAdmin.get(settings)).json()).toEqual({
      trainingRequiredForSeating: false,
      requiredShare: 0.8,
      abilities: { update: false },
    });
    expect(await inSystemTx(t.database.db, (tx) => trainingStatusesForSeating(tx, campaignId))).toBeNull();
    expect(
      (await zzAdmin.request('PUT', settings, { trainingRequiredForSeating: true, requiredShare: 0.6 })).statusCode,
    ).toBe(403);
    const set = await p.request('PUT', settings, { trainingRequiredForSeating: true, requiredShare: 0.6 });
    expect(set.statusCode, set.body).toBe(200);
    const statuses = await inSystemTx(t.database.db, (tx) => trainingStatusesForSeating(tx, campaignId));
    const [a, , cc, d] = c.a4 as [number, number, number, number];
    expect(statuses?.get(a)?.completed).toBe(true);
    expect(statuses?.get(cc)).toMatchObject({ completed: true, required: 3 }); // 3/5 at 60 %
    expect(statuses?.get(d)).toMatchObject({ completed: false, reason: 'TOO_FEW_ATTENDED' });
    expect(statuses?.has(c.b4[0]!)).toBe(false); // in no class: seating names them 未参加培训班
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'campaign'), eq(auditLog.action, 'campaign.training_settings')));
    expect(audit).toHaveLength(1);
  });

  it('removes a candidate with their attendance, and deletes only an empty class', async () => {
    const d = c.a4[3]!;
    const cc = c.a4[2]!;
    expect((await zzAdmin.request('DELETE', `/api/training/classes/${zzClass.id}/roster/${cc}`)).statusCode).toBe(200);
    expect((await zzAdmin.request('DELETE', `/api/training/classes/${zzClass.id}/roster/${cc}`)).statusCode).toBe(404);
    const left = await inSystemTx(t.database.db, (tx) =>
      tx.execute(sql`select count(*)::int as n from training_attendance where application_id = ${cc}`),
    );
    expect(JSON.stringify(left)).toContain('"n":0');
    const refused = await zzAdmin.request('DELETE', `/api/training/classes/${zzClass.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('TRAINING_CLASS_NOT_EMPTY');
    const empty = await createClass(zzAdmin, { name: '空班' });
    expect((await zzAdmin.request('DELETE', `/api/training/classes/${empty.id}`)).statusCode).toBe(200);
    expect(d).toBeGreaterThan(0);
  });
});
