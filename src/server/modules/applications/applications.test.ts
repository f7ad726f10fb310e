import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildTestApp, signIn, type TestApp } from '../../../../test/setup/harness.js';
import { applications, auditLog } from '../../db/schema.js';
import { inScopedTx, inSystemTx } from '../../platform/tx.js';
import {
  at,
  type CampaignFixture,
  draftCampaign,
  extendRegistration,
  form,
  idNumber,
  openCampaign2017,
  unitWithOfficer,
} from './applications.test-support.js';

let t: TestApp;
let c: CampaignFixture;
beforeAll(async () => {
  t = await buildTestApp();
  c = await openCampaign2017(t);
});
afterAll(async () => {
  await t.close();
});

async function zhengzhouUnit(unitName?: string) {
  const fixture = await unitWithOfficer(t, '郑州市', unitName);
  return { ...fixture, client: await signIn(t, fixture.officer.username) };
}

async function auditRows(applicationId: number) {
  return inSystemTx(t.database.db, (tx) =>
    tx
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'application'), eq(auditLog.entityId, String(applicationId)))),
  );
}

describe('applications: create, save, submit', () => {
  it('saves a draft with derived fields and the stored verdict, then submits it', async () => {
    const { unit, client, department, jurisdiction } = await zhengzhouUnit();
    const id = idNumber('19800315', 'female');
    const created = await client.post('/api/applications', {
      campaignId: c.campaignId,
      unitId: unit.id,
      ...form(c, { idNumber: ` ${id.slice(0, 6)} ${id.slice(6)} `, name: '李娜' }),
    });
    expect(created.statusCode, created.body).toBe(201);
    const app = created.json();
    expect(app).toMatchObject({
      status: 'draft',
      source: 'unit',
      idNumber: id,
      name: '李娜',
      sex: 'female',
      birthDate: '1980-03-15',
      birthMonth: '1980-03',
      workYears: 13,
      verdict: 'eligible',
      appliedJobType: '汽车驾驶员',
      appliedJobTypeCategory: '交通运输类',
      unitName: unit.name,
      departmentName: department.name,
      jurisdictionName: jurisdiction.name,
      version: 1,
      submittedAt: null,
      files: [],
      abilities: { edit: true, submit: true, confirm: false, delete: true },
    });
    // Women workers: base 50, delayed 32 months for a birth in 1980-03 (2024 decision) → 2032-11.
    expect(app.statutoryRetirementDate).toMatch(/^2032-11/);

    const stored = await inSystemTx(t.database.db, (tx) =>
      tx.select().from(applications).where(eq(applications.id, app.id)),
    );
    expect(stored[0]).toMatchObject({ verdict: 'eligible', sex: 'female', workYears: 13, orgPath: unit.path });

    const submitted = await client.post(`/api/applications/${app.id}/submit`, { version: 1 });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'submitted', version: 2 });
    expect(submitted.json().submittedAt).not.toBeNull();
    expect(submitted.json().abilities).toEqual({ edit: false, submit: false, confirm: false, delete: false });

    const locked = await client.patch(`/api/applications/${app.id}`, { version: 2, phone: '13900000000' });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error.code).toBe('APPLICATION_NOT_EDITABLE');

    const audit = await auditRows(app.id);
    expect(audit.map((a) => a.action)).toEqual(['application.create', 'application.submit']);
    expect(JSON.stringify(audit[0]!.after)).not.toContain(id);
  });

  it('saves and submits in one step, and stores an ineligible verdict without refusing', async () => {
    const { unit, client } = await zhengzhouUnit();
    const res = await client.post('/api/applications', {
      campaignId: c.campaignId,
      unitId: unit.id,
      submit: true,
      ...form(c, { appliedGrade: 3 }),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'submitted', verdict: 'ineligible' });
    expect(res.json().findings.map((f: { code: string }) => f.code)).toContain('GRADE3_NOT_QUALIFIED');
  });

  it('refuses an invalid ID card, a job type outside the catalogue and a grade the job type does not offer', async () => {
    const { unit, client } = await zhengzhouUnit();
    const good = idNumber();
    const badCheck = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
    const bad = await client.post('/api/applications', {
      campaignId: c.campaignId,
      unitId: unit.id,
      ...form(c, { idNumber: badCheck }),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('ID_NUMBER_INVALID');
    expect(bad.json().error.message).toMatch(/校验/);
    const fifteen = await client.post('/api/applications', {
      campaignId: c.campaignId,
      unitId: unit.id,
      ...form(c, { idNumber: '410105800315123' }),
    });
    expect(fifteen.json().error.code).toBe('ID_NUMBER_INVALID');

    const foreign = await client.post('/api/applications', {
      campaignId: c.campaignId,
      unitId: unit.id,
      ...form(c, { appliedJobTypeId: c.foreignJobTypeId }),
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.code).toBe('JOB_TYPE_INVALID');
    const noGrade = await client.post('/api/applications', {
      campaignId: c.campaignId,
      unitId: unit.id,
      ...form(c, { appliedJobTypeId: c.electricianId, appliedGrade: 2, currentGrade: 3, currentGradeMonth: '2010-01' }),
    });
    expect(noGrade.json().error.code).toBe('JOB_TYPE_INVALID');
    expect(noGrade.json().error.message).toContain('电工');
  });

  it('answers malformed input with 400 naming the field, never 500', async () => {
    const { unit, client } = await zhengzhouUnit();
    const cases: Array<[string, unknown, string]> = [
      ['workStartMonth', form(c, { workStartMonth: '2005/07' }), 'workStartMonth'],
      ['appliedGrade', form(c, { appliedGrade: 7 }), 'appliedGrade'],
      ['education', form(c, { education: '大学' }), 'education'],
      ['currentGrade', form(c, { currentGrade: undefined }), 'currentGrade'],
      ['appraisals', form(c, { appraisals: ['great'] }), 'appraisals'],
      ['yearsInCurrentJobType', form(c, { yearsInCurrentJobType: -1 }), 'yearsInCurrentJobType'],
    ];
    for (const [label, body, field] of cases) {
      const res = await client.post('/api/applications', {
        campaignId: c.campaignId,
        unitId: unit.id,
        ...(body as object),
      });
      expect(res.statusCode, label).toBe(400);
      expect(res.json().error.code, label).toBe('VALIDATION_FAILED');
      expect(res.json().error.message, label).toContain(field);
    }
    const noCampaign = await client.post('/api/applications', { unitId: unit.id, ...form(c) });
    expect(noCampaign.json().error.message).toContain('campaignId');
    const junk = await client.request('POST', '/api/applications', '{not json', { 'content-type': 'application/json' });
    expect(junk.statusCode).toBe(400);
    expect((await client.get('/api/applications/abc')).statusCode).toBe(400);
    expect((await client.get('/api/applications?sort=password')).statusCode).toBe(400);
    expect((await client.get('/api/applications?pageSize=100000')).statusCode).toBe(400);
    const noVersion = await client.patch('/api/applications/1', { phone: '1' });
    expect(noVersion.statusCode).toBe(400);
    expect(noVersion.json().error.message).toContain('version');
    const unknownCampaign = await client.post('/api/applications', { campaignId: 999999, unitId: unit.id, ...form(c) });
    expect(unknownCampaign.statusCode).toBe(404);
  });

  it('keeps one per campaign, naming the registering unit only within the caller’s own jurisdiction', async () => {
    const luoyang = await unitWithOfficer(t, '洛阳市', `洛阳市测试第一中学${idNumber().slice(-6)}`);
    const ly = await signIn(t, luoyang.officer.username);
    const { unit, client } = await zhengzhouUnit();
    const person = idNumber();
    const first = await ly.post('/api/applications', {
      campaignId: c.campaignId,
      unitId: luoyang.unit.id,
      ...form(c, { idNumber: person }),
    });
    expect(first.statusCode, first.body).toBe(201);
    const elsewhere = {
      code: 'APPLICATION_DUPLICATE',
      message: '该申报人本考核年度已在其他地区报名，同一考核年度只能报名一次；如确属本单位人员，请与本地工考办联系核实',
    };
    // Another city learns only that the person is registered elsewhere, and whom to ask — not which unit.
    const again = await client.post('/api/applications', {
      campaignId: c.campaignId,
      unitId: unit.id,
      ...form(c, { idNumber: person.toLowerCase() }),
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toEqual(elsewhere);
    // Changing an ID number to one registered elsewhere trips the unique index: the same answer.
    const other = await client.post('/api/applications', { campaignId: c.campaignId, unitId: unit.id, ...form(c) });
    const clash = await client.patch(`/api/applications/${other.json().id}`, { version: 1, idNumber: person });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error).toEqual(elsewhere);
    // Within 洛阳 the unit is named (the city's office sees it anyway).
    const sibling = await unitWithOfficer(t, '洛阳市');
    const siblingClient = await signIn(t, sibling.officer.username);
    const inCity = await siblingClient.post('/api/applications', {
      campaignId: c.campaignId,
      unitId: sibling.unit.id,
      ...form(c, { idNumber: person }),
    });
    expect(inCity.json().error).toEqual({
      code: 'APPLICATION_DUPLICATE',
      message: `该申报人已由「${luoyang.unit.name}」报名，同一考核年度只能报名一次`,
    });
    // Rights come first: registering into a unit that is not one's own says nothing about the person.
    const notMine = await client.post('/api/applications', {
      campaignId: c.campaignId,
      unitId: luoyang.unit.id,
      ...form(c, { idNumber: person }),
    });
    expect(notMine.statusCode).toBe(404);
    expect(notMine.json().error.code).toBe('NOT_FOUND');
  });

  it('refuses a second save of a stale version', async () => {
    const { unit, client } = await zhengzhouUnit();
    const created = (
      await client.post('/api/applications', { campaignId: c.campaignId, unitId: unit.id, ...form(c) })
    ).json();
    const first = await client.patch(`/api/applications/${created.id}`, { version: 1, remarks: '第一次' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ version: 2, remarks: '第一次' });
    const second = await client.patch(`/api/applications/${created.id}`, { version: 1, remarks: '第二次' });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('STALE_VERSION');
    // A patch re-derives: a new ID number changes sex and birth date; null clears an optional field.
    const changed = await client.patch(`/api/applications/${created.id}`, {
      version: 2,
      idNumber: idNumber('19700101', 'female'),
      remarks: null,
    });
    expect(changed.json()).toMatchObject({ sex: 'female', birthDate: '1970-01-01', remarks: null, version: 3 });
  });

  it('deletes drafts only', async () => {
    const { unit, client } = await zhengzhouUnit();
    const draft = (
      await client.post('/api/applications', { campaignId: c.campaignId, unitId: unit.id, ...form(c) })
    ).json();
    const deleted = await client.request('DELETE', `/api/applications/${draft.id}`);
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect((await client.get(`/api/applications/${draft.id}`)).statusCode).toBe(404);
    expect((await auditRows(draft.id)).map((a) => a.action)).toEqual(['application.create', 'application.delete']);
    const submitted = (
      await client.post('/api/applications', { campaignId: c.campaignId, unitId: unit.id, submit: true, ...form(c) })
    ).json();
    const refused = await client.request('DELETE', `/api/applications/${submitted.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('APPLICATION_NOT_EDITABLE');
  });

  it('evaluates a partly filled form without writing anything', async () => {
    const { client } = await zhengzhouUnit();
    const before = await inSystemTx(t.database.db, (tx) => tx.select().from(applications));
    const res = await client.post('/api/applications/evaluate', {
      campaignId: c.campaignId,
      idNumber: '410105196001011234',
      name: '王强',
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    // Incomplete is not ineligible: the empty fields are named, none of them carries a finding.
    expect(body.verdict).toBe('incomplete');
    expect(body.eligible).toBe(false);
    expect(body.missing).toEqual(['education', 'workStartMonth', 'appliedJobTypeId', 'appliedGrade']);
    const onMissing = body.findings.filter((f: { field?: string }) => body.missing.includes(f.field));
    expect(onMissing).toEqual([]);
    const nothing = await client.post('/api/applications/evaluate', { campaignId: c.campaignId });
    expect(nothing.json()).toMatchObject({ verdict: 'incomplete', findings: [] });
    expect(nothing.json().missing).toContain('name');
    const full = await client.post('/api/applications/evaluate', { campaignId: c.campaignId, ...form(c) });
    expect(full.json()).toMatchObject({ verdict: 'eligible', eligible: true, missing: [], workYears: 13, sex: 'male' });
    const wrongGrade = await client.post('/api/applications/evaluate', {
      campaignId: c.campaignId,
      ...form(c, { appliedJobTypeId: c.electricianId, appliedGrade: 1 }),
    });
    expect(wrongGrade.json().findings.map((f: { code: string }) => f.code)).toContain('JOB_TYPE_INVALID');
    const after = await inSystemTx(t.database.db, (tx) => tx.select().from(applications));
    expect(after).toHaveLength(before.length);
  });
});

describe('applications: registration window and campaign', () => {
  it('refuses changes before and after the window, honours a jurisdiction extension', async () => {
    const zz = await zhengzhouUnit();
    const ly = await unitWithOfficer(t, '洛阳市');
    const draft = (
      await zz.client.post('/api/applications', { campaignId: c.campaignId, unitId: zz.unit.id, ...form(c) })
    ).json();

    // Sessions time out while the clock jumps, so each moment signs in afresh.
    const zzAt = () => signIn(t, zz.officer.username);
    await at(t, '2017-02-05T12:00:00+08:00', async () => {
      const client = await zzAt();
      const early = await client.post('/api/applications', {
        campaignId: c.campaignId,
        unitId: zz.unit.id,
        ...form(c),
      });
      expect(early.statusCode).toBe(409);
      expect(early.json().error.code).toBe('WINDOW_CLOSED');
      expect(early.json().error.message).toMatch(/2017年2月6日至2017年2月28日.*尚未开始/);
      const view = await client.get(`/api/applications/${draft.id}`);
      expect(view.json().abilities).toEqual({ edit: false, submit: false, confirm: false, delete: false });
    });
    // 2017-02-28 23:59 Beijing is still inside; 2017-03-01 00:00 Beijing is after (the clock is UTC underneath).
    await at(t, '2017-02-28T23:59:00+08:00', async () => {
      const last = await (await zzAt()).patch(`/api/applications/${draft.id}`, { version: 1, remarks: '最后一天' });
      expect(last.statusCode, last.body).toBe(200);
    });
    await at(t, '2017-03-01T00:00:00+08:00', async () => {
      const client = await zzAt();
      const late = await client.patch(`/api/applications/${draft.id}`, { version: 2, remarks: '晚了' });
      expect(late.statusCode).toBe(409);
      expect(late.json().error.message).toMatch(/已经结束/);
      expect((await client.post(`/api/applications/${draft.id}/submit`)).json().error.code).toBe('WINDOW_CLOSED');
      expect((await client.request('DELETE', `/api/applications/${draft.id}`)).json().error.code).toBe('WINDOW_CLOSED');
    });

    await extendRegistration(t, c.campaignId, zz.jurisdiction.id, '2017-03-10');
    await at(t, '2017-03-05T10:00:00+08:00', async () => {
      const extended = await (await zzAt()).post(`/api/applications/${draft.id}/submit`, { version: 2 });
      expect(extended.statusCode, extended.body).toBe(200);
      const lyClient = await signIn(t, ly.officer.username);
      const notExtended = await lyClient.post('/api/applications', {
        campaignId: c.campaignId,
        unitId: ly.unit.id,
        ...form(c),
      });
      expect(notExtended.json().error.code).toBe('WINDOW_CLOSED');
    });
  });

  it('accepts changes only in the open campaign', async () => {
    const { unit, client } = await zhengzhouUnit();
    const draftId = await draftCampaign(t, 2018, c.catalogVersionId);
    const res = await client.post('/api/applications', { campaignId: draftId, unitId: unit.id, ...form(c) });
    expect(res.json().error.code).toBe('CAMPAIGN_NOT_OPEN');
  });
});

describe('applications: isolation, reading and masking', () => {
  it('keeps a 洛阳 unit officer away from a 郑州 application, lets the department read but not edit', async () => {
    const zz = await zhengzhouUnit();
    const person = idNumber();
    const created = (
      await zz.client.post('/api/applications', {
        campaignId: c.campaignId,
        unitId: zz.unit.id,
        ...form(c, { idNumber: person }),
      })
    ).json();

    const ly = await unitWithOfficer(t, '洛阳市');
    const lyClient = await signIn(t, ly.officer.username);
    expect((await lyClient.get(`/api/applications/${created.id}`)).statusCode).toBe(404);
    expect((await lyClient.patch(`/api/applications/${created.id}`, { version: 1, remarks: 'x' })).statusCode).toBe(
      404,
    );
    expect((await lyClient.post(`/api/applications/${created.id}/submit`)).statusCode).toBe(404);
    expect((await lyClient.request('DELETE', `/api/applications/${created.id}`)).statusCode).toBe(404);
    const lyCreate = await lyClient.post('/api/applications', {
      campaignId: c.campaignId,
      unitId: zz.unit.id,
      ...form(c),
    });
    expect(lyCreate.statusCode).toBe(404);
    const lyList = (await lyClient.get(`/api/applications?campaignId=${c.campaignId}&pageSize=200`)).json();
    expect(lyList.items.map((i: { id: number }) => i.id)).not.toContain(created.id);
    expect((await lyClient.get(`/api/applications?unitId=${zz.unit.id}`)).statusCode).toBe(404);

    // The database is the backstop: a scoped query without any filter sees none of 郑州's rows.
    const lyActor = {
      accountId: ly.officer.id,
      username: ly.officer.username,
      displayName: '洛阳',
      role: 'unit_officer' as const,
      orgNodeId: ly.unit.id,
      orgPath: ly.unit.path,
      orgNodeName: ly.unit.name,
    };
    const own = (
      await lyClient.post('/api/applications', { campaignId: c.campaignId, unitId: ly.unit.id, ...form(c) })
    ).json();
    const seen = await inScopedTx(t.database.db, lyActor, (tx) => tx.select().from(applications));
    expect(seen.map((row) => row.id)).toEqual([own.id]);

    const reviewer = await buildAccount(t, zz.department, 'department_reviewer');
    const dept = await signIn(t, reviewer.username);
    const read = await dept.get(`/api/applications/${created.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().abilities).toEqual({ edit: false, submit: false, confirm: false, delete: false });
    expect((await dept.patch(`/api/applications/${created.id}`, { version: 1, remarks: 'x' })).statusCode).toBe(403);
    expect((await dept.post(`/api/applications/${created.id}/submit`)).statusCode).toBe(403);
    expect(
      (await dept.post('/api/applications', { campaignId: c.campaignId, unitId: zz.unit.id, ...form(c) })).statusCode,
    ).toBe(403);

    // Masking: the department sees 4101**********xxxx in lists, the unit sees the number.
    const deptList = (await dept.get(`/api/applications?unitId=${zz.unit.id}`)).json();
    expect(deptList.items).toHaveLength(1);
    expect(deptList.items[0].idNumber).toBe(`${person.slice(0, 4)}**********${person.slice(-4)}`);
    const unitList = (await zz.client.get(`/api/applications?unitId=${zz.unit.id}`)).json();
    expect(unitList.items[0].idNumber).toBe(person);
    const admin = await buildAccount(t, zz.jurisdiction, 'jurisdiction_admin');
    const adminList = (await (await signIn(t, admin.username)).get(`/api/applications?q=${person}`)).json();
    expect(adminList.total).toBe(1);
    expect(adminList.items[0].idNumber).toContain('**********');
  });

  it('lists with filters, sorting and paging', async () => {
    const zz = await zhengzhouUnit();
    const post = (overrides: Record<string, unknown>) =>
      zz.client.post('/api/applications', { campaignId: c.campaignId, unitId: zz.unit.id, ...form(c, overrides) });
    await post({ name: '赵一' });
    await post({ name: '钱二', appliedGrade: 3 });
    await post({ name: '孙三', appliedJobTypeId: c.electricianId, currentJobType: '电工', submit: true });
    const base = `/api/applications?unitId=${zz.unit.id}`;
    const all = (await zz.client.get(`${base}&sort=name&order=asc&pageSize=2`)).json();
    expect(all.total).toBe(3);
    expect(all.items).toHaveLength(2);
    const page2 = (await zz.client.get(`${base}&sort=name&order=asc&pageSize=2&page=2`)).json();
    expect(page2.items).toHaveLength(1);
    const names = [...all.items, ...page2.items].map((i: { name: string }) => i.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(
      (await zz.client.get(`${base}&verdict=ineligible`)).json().items.map((i: { name: string }) => i.name),
    ).toEqual(['钱二']);
    expect((await zz.client.get(`${base}&grade=3`)).json().total).toBe(1);
    expect((await zz.client.get(`${base}&jobTypeId=${c.electricianId}`)).json().items[0]).toMatchObject({
      name: '孙三',
      appliedJobType: '电工',
      unitName: zz.unit.name,
    });
    expect((await zz.client.get(`${base}&status=submitted`)).json().total).toBe(1);
    expect((await zz.client.get(`${base}&q=钱`)).json().total).toBe(1);
    expect((await zz.client.get(`${base}&campaignId=${c.campaignId}&sort=unitName`)).json().total).toBe(3);
    expect((await zz.client.get(`/api/applications?unitId=${zz.department.id}`)).statusCode).toBe(404);
  });

  it('refuses the list to roles without application.read', async () => {
    const zz = await zhengzhouUnit();
    const proctor = await buildAccount(t, zz.jurisdiction, 'proctor');
    const p = await signIn(t, proctor.username);
    expect((await p.get('/api/applications')).statusCode).toBe(403);
    expect((await p.post('/api/applications/evaluate', { campaignId: c.campaignId })).statusCode).toBe(403);
  });
});
