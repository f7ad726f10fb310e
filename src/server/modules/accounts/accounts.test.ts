import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildNode,
  buildTestApp,
  Client,
  findJurisdiction,
  signIn,
  type TestApp,
} from '../../../../test/setup/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

async function setting() {
  const zz = await findJurisdiction(t, '郑州市');
  const ly = await findJurisdiction(t, '洛阳市');
  const zzDept = await buildNode(t, zz, 'department');
  const zzUnit = await buildNode(t, zzDept, 'unit');
  const lyDept = await buildNode(t, ly, 'department');
  const lyUnit = await buildNode(t, lyDept, 'unit');
  const zzAdmin = await buildAccount(t, zz, 'jurisdiction_admin');
  const lyOfficer = await buildAccount(t, lyUnit, 'unit_officer');
  return { zz, ly, zzDept, zzUnit, lyDept, lyUnit, zzAdmin, lyOfficer };
}

/** Fifty wrong passwords from ten addresses: a distributed guess, which locks the name. */
async function lockByGuessing(username: string) {
  for (let address = 0; address < 10; address++) {
    for (let i = 0; i < 5; i++) {
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: `Wrong#${i}` },
        remoteAddress: `10.8.${address}.1`,
      });
    }
  }
}

describe('accounts', () => {
  it('creates an account below with a one-time initial password that must be changed', async () => {
    const { zzUnit, zzAdmin } = await setting();
    const c = await signIn(t, zzAdmin.username);
    const res = await c.post('/api/accounts', {
      username: `hr${Date.now()}`,
      displayName: '人事干事',
      role: 'unit_officer',
      orgNodeId: zzUnit.id,
    });
    expect(res.statusCode).toBe(201);
    const { account, initialPassword } = res.json();
    expect(account).toMatchObject({ role: 'unit_officer', orgNodeId: zzUnit.id, mustChangePassword: true });
    expect(initialPassword).toMatch(/^.{12}$/);
    const newcomer = new Client(t.app);
    expect((await newcomer.login(account.username, initialPassword)).json().mustChangePassword).toBe(true);
  });

  it('refuses a role that does not fit the node, and duplicate usernames', async () => {
    const { zzUnit, zzDept, zzAdmin } = await setting();
    const c = await signIn(t, zzAdmin.username);
    const wrongRole = await c.post('/api/accounts', {
      username: 'abc123x',
      displayName: 'x',
      role: 'department_reviewer',
      orgNodeId: zzUnit.id,
    });
    expect(wrongRole.json().error.code).toBe('ACCOUNT_ROLE_NOT_ALLOWED');
    const name = `dup${Date.now()}`;
    expect(
      (
        await c.post('/api/accounts', {
          username: name,
          displayName: 'x',
          role: 'department_reviewer',
          orgNodeId: zzDept.id,
        })
      ).statusCode,
    ).toBe(201);
    const dup = await c.post('/api/accounts', {
      username: name.toUpperCase(),
      displayName: 'y',
      role: 'department_reviewer',
      orgNodeId: zzDept.id,
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('ACCOUNT_USERNAME_TAKEN');
    const badName = await c.post('/api/accounts', {
      username: '中文名',
      displayName: 'y',
      role: 'department_reviewer',
      orgNodeId: zzDept.id,
    });
    expect(badName.statusCode).toBe(400);
    expect(badName.json().error.message).toContain('username');
  });

  it('lets a jurisdiction admin create a proctor at its own node but not another admin there', async () => {
    const { zz, zzAdmin } = await setting();
    const c = await signIn(t, zzAdmin.username);
    expect(
      (
        await c.post('/api/accounts', {
          username: `pr${Date.now()}`,
          displayName: '监考',
          role: 'proctor',
          orgNodeId: zz.id,
        })
      ).statusCode,
    ).toBe(201);
    const peer = await c.post('/api/accounts', {
      username: `ad${Date.now()}`,
      displayName: '管理员',
      role: 'jurisdiction_admin',
      orgNodeId: zz.id,
    });
    expect(peer.statusCode).toBe(403);
  });

  it('keeps 郑州 from listing, creating in, or changing 洛阳 accounts', async () => {
    const { lyUnit, lyOfficer, zzAdmin } = await setting();
    const c = await signIn(t, zzAdmin.username);
    const list = await c.get('/api/accounts?pageSize=200');
    expect(list.json().items.some((a: { username: string }) => a.username === lyOfficer.username)).toBe(false);
    expect((await c.get(`/api/accounts?orgNodeId=${lyUnit.id}`)).statusCode).toBe(404);
    expect(
      (
        await c.post('/api/accounts', {
          username: `x${Date.now()}`,
          displayName: 'x',
          role: 'unit_officer',
          orgNodeId: lyUnit.id,
        })
      ).statusCode,
    ).toBe(404);
    expect((await c.patch(`/api/accounts/${lyOfficer.id}`, { active: false })).statusCode).toBe(404);
    expect((await c.post(`/api/accounts/${lyOfficer.id}/reset-password`)).statusCode).toBe(404);
    expect((await new Client(t.app).login(lyOfficer.username)).statusCode).toBe(200);
  });

  it('deactivates, resets and unlocks; a deactivated account loses its session', async () => {
    const { zzUnit, zzAdmin } = await setting();
    const officer = await buildAccount(t, zzUnit, 'unit_officer');
    const officerClient = await signIn(t, officer.username);
    const c = await signIn(t, zzAdmin.username);
    expect((await c.patch(`/api/accounts/${officer.id}`, { active: false })).json().active).toBe(false);
    expect((await officerClient.get('/api/auth/me')).statusCode).toBe(401);
    expect((await new Client(t.app).login(officer.username)).json().error.code).toBe('AUTH_ACCOUNT_DISABLED');
    await c.patch(`/api/accounts/${officer.id}`, { active: true });
    await lockByGuessing(officer.username);
    const locked = (await c.get(`/api/accounts?q=${officer.username}`)).json().items[0];
    expect(locked.lockedUntil).not.toBeNull();
    expect(locked.abilities.unlock).toBe(true);
    await c.post(`/api/accounts/${officer.id}/unlock`);
    const again = await signIn(t, officer.username);
    const reset = await c.post(`/api/accounts/${officer.id}/reset-password`);
    expect(reset.json()).toEqual({ kind: 'initial_password', initialPassword: expect.any(String) });
    // The reset signs the account out everywhere.
    expect((await again.get('/api/auth/me')).statusCode).toBe(401);
    const fresh = await new Client(t.app).login(officer.username, reset.json().initialPassword);
    expect(fresh.json().mustChangePassword).toBe(true);
  });

  it("lets the applicant's jurisdiction unlock them and issue a one-time reset code, never a password", async () => {
    const { zzUnit, zzAdmin, lyUnit } = await setting();
    const applicant = await buildAccount(t, zzUnit, 'applicant', { username: `4101021985${Date.now() % 100_000_000}` });
    const lyApplicant = await buildAccount(t, lyUnit, 'applicant');
    const applicantClient = await signIn(t, applicant.username);
    const admin = await signIn(t, zzAdmin.username);
    const listed = (await admin.get(`/api/accounts?q=${applicant.username}`)).json().items[0];
    expect(listed.abilities).toEqual({ update: true, editDetails: false, resetPassword: true, unlock: false });
    // Name and phone are the applicant's own.
    const rename = await admin.patch(`/api/accounts/${applicant.id}`, { displayName: '冒名' });
    expect(rename.statusCode).toBe(403);
    expect(rename.json().error.code).toBe('FORBIDDEN');

    await lockByGuessing(applicant.username);
    expect((await admin.post(`/api/accounts/${applicant.id}/unlock`)).statusCode).toBe(200);

    const reset = await admin.post(`/api/accounts/${applicant.id}/reset-password`);
    expect(reset.statusCode, reset.body).toBe(200);
    const body = reset.json();
    expect(Object.keys(body).sort()).toEqual(['expiresAt', 'kind', 'resetCode']);
    expect(body.kind).toBe('reset_code');
    expect(body.resetCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(body.expiresAt).toBe(new Date(t.clock.now().getTime() + 24 * 3600_000).toISOString());
    // The applicant is signed out, the old password still works (nothing was set), and the code is no password.
    expect((await applicantClient.get('/api/auth/me')).statusCode).toBe(401);
    expect((await new Client(t.app).login(applicant.username, body.resetCode)).statusCode).toBe(401);

    const redeem = (code: string, newPassword = 'Xin#Mima2017') =>
      new Client(t.app).post('/api/auth/reset-password', { username: applicant.username, code, newPassword });
    const wrong = await redeem('AAAA-AAAA');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('RESET_CODE_INVALID');
    const unknownName = await new Client(t.app).post('/api/auth/reset-password', {
      username: '410102199001011234',
      code: body.resetCode,
      newPassword: 'Xin#Mima2017',
    });
    expect(unknownName.json().error).toEqual(wrong.json().error);
    expect((await redeem(body.resetCode.toLowerCase().replace('-', ' '))).statusCode).toBe(204);
    expect((await new Client(t.app).login(applicant.username, 'Xin#Mima2017')).statusCode).toBe(200);
    expect((await new Client(t.app).login(applicant.username)).statusCode).toBe(401);
    // Once only.
    expect((await redeem(body.resetCode, 'Zai#Mima2017')).json().error.code).toBe('RESET_CODE_INVALID');

    // A code not redeemed within 24 hours lapses.
    const late = (await admin.post(`/api/accounts/${applicant.id}/reset-password`)).json();
    t.clock.advance(24 * 3600_000 + 1000);
    expect((await redeem(late.resetCode, 'Wan#Mima2017')).json().error.code).toBe('RESET_CODE_INVALID');

    // Only the applicant's own jurisdiction (or the province) can; not another city, not a unit officer.
    const adminNow = await signIn(t, zzAdmin.username);
    expect((await adminNow.post(`/api/accounts/${lyApplicant.id}/reset-password`)).statusCode).toBe(404);
    const officer = await signIn(t, (await buildAccount(t, zzUnit, 'unit_officer')).username);
    expect((await officer.post(`/api/accounts/${applicant.id}/reset-password`)).statusCode).toBe(403);
  });

  it('gives unit officers no account management at all', async () => {
    const { zzUnit } = await setting();
    const officer = await buildAccount(t, zzUnit, 'unit_officer');
    const c = await signIn(t, officer.username);
    expect((await c.get('/api/accounts')).statusCode).toBe(403);
    expect((await c.post('/api/accounts', {})).statusCode).toBe(403);
  });
});
