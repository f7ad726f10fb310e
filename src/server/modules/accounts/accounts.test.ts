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
    for (let i = 0; i < 5; i++) await new Client(t.app).login(officer.username, 'Wrong#1234');
    const locked = (await c.get(`/api/accounts?q=${officer.username}`)).json().items[0];
    expect(locked.lockedUntil).not.toBeNull();
    expect(locked.abilities.unlock).toBe(true);
    await c.post(`/api/accounts/${officer.id}/unlock`);
    expect((await new Client(t.app).login(officer.username)).statusCode).toBe(200);
    const reset = await c.post(`/api/accounts/${officer.id}/reset-password`);
    const fresh = await new Client(t.app).login(officer.username, reset.json().initialPassword);
    expect(fresh.json().mustChangePassword).toBe(true);
  });

  it('gives unit officers no account management at all', async () => {
    const { zzUnit } = await setting();
    const officer = await buildAccount(t, zzUnit, 'unit_officer');
    const c = await signIn(t, officer.username);
    expect((await c.get('/api/accounts')).statusCode).toBe(403);
    expect((await c.post('/api/accounts', {})).statusCode).toBe(403);
  });
});
