import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, Client, signIn, type TestApp } from '../../../../test/setup/harness.js';
import { resultRows } from '../../db/client.js';
import {
  accounts,
  applicationFiles,
  applicationReviews,
  applications,
  auditLog,
  backgroundJobs,
  notifications,
  orgNodes,
  reviewBatches,
} from '../../db/schema.js';
import type { Actor } from '../../platform/context.js';
import { inScopedTx, inSystemTx } from '../../platform/tx.js';
import {
  type CampaignFixture,
  form,
  idNumber,
  jpegBytes,
  openCampaign2017,
  unitWithOfficer,
  upload,
} from '../applications/applications.test-support.js';
import { notify } from '../notifications/notifications.service.js';

let t: TestApp;
let c: CampaignFixture;
beforeAll(async () => {
  t = await buildTestApp();
  c = await openCampaign2017(t);
});
afterAll(async () => {
  await t.close();
});

const PASSWORD = 'Shenbao#2017ok';

async function signUpAndIn(name = '刘洋') {
  const id = idNumber('19750610');
  const res = await new Client(t.app).post('/api/public/registration/sign-up', {
    idNumber: id,
    name,
    phone: '13700000000',
    password: PASSWORD,
  });
  expect(res.statusCode, res.body).toBe(201);
  expect(res.json()).toEqual({ username: id });
  return { id, client: await signIn(t, id, PASSWORD) };
}

/** The applicant's form: no ID number or name (they come from the account). */
function ownForm(unitId: number, overrides: Record<string, unknown> = {}) {
  const { idNumber: _id, name: _name, ...rest } = form(c, { workStartMonth: '1995-07', appliedGrade: 3 });
  return { unitId, ...rest, ...overrides };
}

describe('online registration', () => {
  it('signs an applicant up with their ID number, once, with the password rules and an audit row', async () => {
    const { id } = await signUpAndIn();
    const anonymous = new Client(t.app);
    const again = await anonymous.post('/api/public/registration/sign-up', {
      idNumber: id.toLowerCase(),
      name: '刘洋',
      phone: '13700000000',
      password: PASSWORD,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ACCOUNT_EXISTS');
    const badId = await anonymous.post('/api/public/registration/sign-up', {
      idNumber: `${id.slice(0, 17)}${id.endsWith('1') ? '2' : '1'}`,
      name: '刘洋',
      phone: '137',
      password: PASSWORD,
    });
    expect(badId.json().error.code).toBe('ID_NUMBER_INVALID');
    const weak = await anonymous.post('/api/public/registration/sign-up', {
      idNumber: idNumber(),
      name: '刘洋',
      phone: '137',
      password: '12345678',
    });
    expect(weak.json().error.code).toBe('PASSWORD_POLICY');
    const noName = await anonymous.post('/api/public/registration/sign-up', {
      idNumber: idNumber(),
      name: ' ',
      phone: '137',
      password: PASSWORD,
    });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().error.message).toContain('name');

    const [account] = await inSystemTx(t.database.db, (tx) =>
      tx.select().from(accounts).where(eq(accounts.username, id)),
    );
    expect(account).toMatchObject({ role: 'applicant', orgNodeId: null, orgPath: null, mustChangePassword: false });
    const audit = await inSystemTx(t.database.db, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'account.sign_up'), eq(auditLog.entityId, String(account!.id)))),
    );
    expect(audit).toHaveLength(1);
  });

  it('lists units only where the switch is on', async () => {
    const zz = await unitWithOfficer(t, '郑州市', `郑州市测试网报单位${idNumber().slice(-5)}`);
    const ly = await unitWithOfficer(t, '洛阳市', `洛阳市测试网报单位${idNumber().slice(-5)}`);
    const anonymous = new Client(t.app);
    const res = await anonymous.get(`/api/public/registration/units?q=${encodeURIComponent('测试网报单位')}`);
    expect(res.statusCode).toBe(200);
    const ids = res.json().items.map((i: { id: number }) => i.id);
    expect(ids).toContain(zz.unit.id);
    expect(ids).not.toContain(ly.unit.id);
    expect(res.json().items.find((i: { id: number }) => i.id === zz.unit.id)).toEqual({
      id: zz.unit.id,
      name: zz.unit.name,
      departmentName: zz.department.name,
      jurisdictionName: '郑州市',
    });
  });

  it('says at the door which regions register online this year', async () => {
    const res = await new Client(t.app).get('/api/public/registration/regions');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ campaign: { year: number } | null; jurisdictions: { name: string }[] }>();
    expect(body.campaign?.year).toBe(2017);
    const names = body.jurisdictions.map((j) => j.name);
    expect(names).toContain('郑州市');
    expect(names).not.toContain('洛阳市');
  });

  it('takes an applicant through their own application to the unit, which confirms it', async () => {
    const zz = await unitWithOfficer(t, '郑州市');
    const ly = await unitWithOfficer(t, '洛阳市');
    const { id, client } = await signUpAndIn('陈静');
    const nothingYet = await client.get('/api/my/application');
    expect(nothingYet.statusCode).toBe(200);
    expect(nothingYet.json()).toBeNull();

    const off = await client.post('/api/my/application', ownForm(ly.unit.id));
    expect(off.statusCode).toBe(403);
    expect(off.json().error.code).toBe('ONLINE_REGISTRATION_OFF');

    const draft = await client.post('/api/my/application', ownForm(zz.unit.id));
    expect(draft.statusCode, draft.body).toBe(201);
    expect(draft.json()).toMatchObject({
      source: 'online',
      status: 'draft',
      idNumber: id,
      name: '陈静',
      unitName: zz.unit.name,
      departmentName: zz.department.name,
      jurisdictionName: '郑州市',
      abilities: { edit: true, submit: true, confirm: false, delete: false },
    });
    const applicationId = draft.json().id as number;

    // The unit does not see the applicant's draft.
    const officer = await signIn(t, zz.officer.username);
    expect((await officer.get(`/api/applications/${applicationId}`)).statusCode).toBe(404);
    expect((await officer.get('/api/applications')).json().items).toHaveLength(0);

    const photo = await upload(t, client, applicationId, { kind: 'photo', data: jpegBytes(413, 579) });
    expect(photo.statusCode, photo.body).toBe(201);
    const submitted = await client.patch('/api/my/application', { version: 1, submit: true, phone: '13711112222' });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'awaiting_unit', phone: '13711112222', version: 2 });
    expect((await client.get('/api/my/application')).json()).toMatchObject({
      id: applicationId,
      status: 'awaiting_unit',
    });
    expect((await client.get(`/api/applications/${applicationId}`)).statusCode).toBe(200);
    expect((await client.get('/api/applications')).statusCode).toBe(403);
    expect((await client.patch(`/api/applications/${applicationId}`, { version: 2 })).statusCode).toBe(403);

    const list = (await officer.get('/api/applications?status=awaiting_unit')).json();
    expect(list.items).toEqual([expect.objectContaining({ id: applicationId, idNumber: id, source: 'online' })]);
    const view = (await officer.get(`/api/applications/${applicationId}`)).json();
    expect(view.abilities).toMatchObject({ confirm: true });
    expect(view.files).toHaveLength(1);
    const confirmed = await officer.post(`/api/applications/${applicationId}/confirm`, { version: 2 });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'submitted', version: 3 });
    expect((await officer.post(`/api/applications/${applicationId}/confirm`)).json().error.code).toBe(
      'APPLICATION_NOT_EDITABLE',
    );

    const late = await client.patch('/api/my/application', { version: 3, phone: '1' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('APPLICATION_NOT_EDITABLE');
    const twice = await client.post('/api/my/application', ownForm(zz.unit.id));
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toContain(zz.unit.name);
  });

  it('keeps applicants to their own application', async () => {
    const zz = await unitWithOfficer(t, '郑州市');
    const first = await signUpAndIn('周一');
    const second = await signUpAndIn('吴二');
    const created = await first.client.post('/api/my/application', ownForm(zz.unit.id, { submit: true }));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().status).toBe('awaiting_unit');
    const id = created.json().id;
    expect((await second.client.get(`/api/applications/${id}`)).statusCode).toBe(404);
    expect((await upload(t, second.client, id, { kind: 'photo', data: jpegBytes(413, 579) })).statusCode).toBe(404);
    expect((await second.client.get('/api/my/application')).json()).toBeNull();
    // Officials have no application.self.
    const officer = await signIn(t, zz.officer.username);
    expect((await officer.get('/api/my/application')).statusCode).toBe(403);
  });
});

describe('an applicant bound to an org node (as the demo applicants are)', () => {
  it('sees only their own application, files, form, review trail, notifications and account', async () => {
    const zz = await unitWithOfficer(t, '郑州市');
    const officer = await signIn(t, zz.officer.username);
    // A colleague registered by the unit, submitted and approved by the unit (so there is a review trail).
    const colleague = await officer.post('/api/applications', {
      campaignId: c.campaignId,
      unitId: zz.unit.id,
      ...form(c, { idNumber: idNumber('19760304'), name: '钱同事' }),
    });
    expect(colleague.statusCode, colleague.body).toBe(201);
    const colleagueId = colleague.json().id as number;
    expect((await upload(t, officer, colleagueId, { kind: 'photo', data: jpegBytes(413, 579) })).statusCode).toBe(201);
    expect((await officer.post(`/api/applications/${colleagueId}/submit`)).statusCode).toBe(200);
    const approved = await officer.post(`/api/review/applications/${colleagueId}/decide`, { action: 'approve' });
    expect(approved.statusCode, approved.body).toBe(200);

    // The applicant signs up and is then bound to the same unit, as the demo's applicants are.
    const { id: applicantId, client } = await signUpAndIn('孙本人');
    await inSystemTx(t.database.db, (tx) =>
      tx
        .update(accounts)
        .set({ orgNodeId: zz.unit.id, orgPath: zz.unit.path })
        .where(eq(accounts.username, applicantId)),
    );
    const own = await client.post('/api/my/application', ownForm(zz.unit.id));
    expect(own.statusCode, own.body).toBe(201);
    const ownId = own.json().id as number;
    expect((await upload(t, client, ownId, { kind: 'photo', data: jpegBytes(413, 579) })).statusCode).toBe(201);
    await inSystemTx(t.database.db, (tx) =>
      notify(tx, t.clock.now(), [
        {
          recipientNodeId: zz.unit.id,
          recipientPath: zz.unit.path,
          kind: 'review_pending',
          title: '有新的待审核申请',
          body: '给单位的消息',
        },
      ]),
    );

    // Through the API: the colleague's records are as if they did not exist.
    const colleagueView = await officer.get(`/api/applications/${colleagueId}`);
    const fileId = colleagueView.json().files[0].id as number;
    for (const url of [
      `/api/applications/${colleagueId}`,
      `/api/applications/${colleagueId}/files/${fileId}`,
      `/api/applications/${colleagueId}/print.pdf`,
      `/api/applications/${colleagueId}/review`,
    ]) {
      const res = await client.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('钱同事');
    }
    expect((await client.get(`/api/applications/${ownId}`)).statusCode).toBe(200);
    expect((await client.get('/api/notifications')).json().items).toEqual([]);
    expect((await client.get('/api/auth/me')).json()).toMatchObject({ username: applicantId, role: 'applicant' });

    // The database is the backstop: even a transaction that carries the unit's path (a service passing the bound
    // node by mistake) reads, with no filter at all, only the applicant's own rows.
    const [account] = await inSystemTx(t.database.db, (tx) =>
      tx.select().from(accounts).where(eq(accounts.username, applicantId)),
    );
    const careless: Actor = {
      accountId: account!.id,
      username: applicantId,
      displayName: '孙本人',
      role: 'applicant',
      orgNodeId: zz.unit.id,
      orgPath: zz.unit.path,
      orgNodeName: zz.unit.name,
    };
    const seen = await inScopedTx(t.database.db, careless, async (tx) => ({
      applications: (await tx.select({ id: applications.id }).from(applications)).map((r) => r.id),
      files: (await tx.select({ a: applicationFiles.applicationId }).from(applicationFiles)).map((r) => r.a),
      reviews: (await tx.select({ a: applicationReviews.applicationId }).from(applicationReviews)).map((r) => r.a),
      notifications: await tx.select().from(notifications),
      accounts: (await tx.select({ id: accounts.id }).from(accounts)).map((r) => r.id),
      orgNodes: await tx.select().from(orgNodes),
      batches: await tx.select().from(reviewBatches),
      audit: await tx.select().from(auditLog),
      jobs: await tx.select().from(backgroundJobs),
    }));
    expect(seen).toEqual({
      applications: [ownId],
      files: [ownId],
      reviews: [],
      notifications: [],
      accounts: [account!.id],
      orgNodes: [],
      batches: [],
      audit: [],
      jobs: [],
    });
    // Nor can it change the colleague's application.
    const changed = await inScopedTx(t.database.db, careless, (tx) =>
      tx.update(applications).set({ phone: '1' }).where(eq(applications.id, colleagueId)).returning(),
    );
    expect(changed).toEqual([]);

    // And the role decides, not only the setting: gk_applicant with the unit's path set by hand sees no subtree.
    const raw = await inSystemTx(t.database.db, async (tx) => {
      await tx.execute(
        sql`SELECT set_config('role', 'gk_applicant', true), set_config('gk.scope_path', ${zz.unit.path}, true), set_config('gk.account_id', ${String(account!.id)}, true)`,
      );
      return resultRows<{ n: number }>(await tx.execute(sql`select count(*)::int as n from applications`));
    });
    expect(raw).toEqual([{ n: 1 }]);
  });
});
