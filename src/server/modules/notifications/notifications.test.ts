import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildNode,
  buildTestApp,
  type Client,
  findJurisdiction,
  signIn,
  type TestApp,
} from '../../../../test/setup/harness.js';
import { auditLog, notifications } from '../../db/schema.js';
import type { Actor } from '../../platform/context.js';
import { inScopedTx, inSystemTx } from '../../platform/tx.js';
import type { Notification } from './notifications.schemas.js';
import { type NewNotification, notify } from './notifications.service.js';

let t: TestApp;
type NodeRow = Awaited<ReturnType<typeof findJurisdiction>>;
let zz: NodeRow;
let ly: NodeRow;
let zzDepartment: NodeRow;
let zzAdmin: { id: number; username: string };
let zzColleague: { id: number; username: string };
let lyAdmin: { id: number; username: string };
let zzClient: Client;
let colleagueClient: Client;
let lyClient: Client;
const ids: Record<string, number> = {};

async function write(key: string, item: NewNotification, at: string) {
  t.clock.set(at);
  await inSystemTx(t.database.db, (tx) => notify(tx, t.clock.now(), [item]));
  const rows = await inSystemTx(t.database.db, (tx) => tx.select().from(notifications));
  ids[key] = Math.max(...rows.map((r) => r.id));
}

const toNode = (node: NodeRow) => ({ recipientNodeId: node.id, recipientPath: node.path });

beforeAll(async () => {
  t = await buildTestApp();
  zz = await findJurisdiction(t, '郑州市');
  ly = await findJurisdiction(t, '洛阳市');
  zzDepartment = await buildNode(t, zz, 'department');
  zzAdmin = await buildAccount(t, zz, 'jurisdiction_admin');
  zzColleague = await buildAccount(t, zz, 'jurisdiction_admin');
  lyAdmin = await buildAccount(t, ly, 'jurisdiction_admin');
  await write(
    'zz1',
    {
      ...toNode(zz),
      kind: 'batch_received',
      title: '收到汇总上报',
      body: '甲部门上报 3 份',
      link: '/review/batches/1',
    },
    '2017-03-02T09:00:00+08:00',
  );
  await write(
    'zz2',
    { ...toNode(zz), kind: 'review_pending', title: '有新的待审核申请', body: '2 份' },
    '2017-03-03T09:00:00+08:00',
  );
  await write(
    'zz3',
    {
      ...toNode(zz),
      kind: 'batch_received',
      title: '收到汇总上报',
      body: '乙部门上报 1 份',
      link: '/review/batches/2',
    },
    '2017-03-04T09:00:00+08:00',
  );
  await write(
    'dept',
    { ...toNode(zzDepartment), kind: 'batch_returned', title: '批次被退回', body: '请补正' },
    '2017-03-04T10:00:00+08:00',
  );
  await write(
    'ly',
    { ...toNode(ly), kind: 'batch_received', title: '洛阳的消息', body: '洛阳' },
    '2017-03-04T11:00:00+08:00',
  );
  await write(
    'personal',
    { recipientAccountId: zzAdmin.id, kind: 'application_confirmed', title: '只给本人', body: '个人' },
    '2017-03-05T09:00:00+08:00',
  );
  t.clock.set('2017-03-06T09:00:00+08:00');
  zzClient = await signIn(t, zzAdmin.username);
  colleagueClient = await signIn(t, zzColleague.username);
  lyClient = await signIn(t, lyAdmin.username);
});
afterAll(async () => {
  await t.close();
});

interface ListBody {
  items: Notification[];
  total: number;
  unread: number;
}

describe('notifications', () => {
  it('lists the node’s notices and one’s own, newest first, not the subtree’s nor another city’s', async () => {
    const res = await zzClient.get('/api/notifications');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<ListBody>();
    expect(body.items.map((n) => n.id)).toEqual([ids.personal, ids.zz3, ids.zz2, ids.zz1]);
    expect(body).toMatchObject({ total: 4, unread: 4 });
    expect(body.items[1]).toEqual({
      id: ids.zz3,
      kind: 'batch_received',
      title: '收到汇总上报',
      body: '乙部门上报 1 份',
      link: '/review/batches/2',
      createdAt: '2017-03-04T01:00:00.000Z',
      readAt: null,
    });
    // A colleague at the same node reads the node's notices, not the personal one.
    const colleague = await colleagueClient.get('/api/notifications');
    expect(colleague.json<ListBody>().items.map((n) => n.id)).toEqual([ids.zz3, ids.zz2, ids.zz1]);
  });

  it('pages the list', async () => {
    const res = await zzClient.get('/api/notifications?page=2&pageSize=3');
    expect(res.json<ListBody>()).toMatchObject({ total: 4, items: [{ id: ids.zz1 }] });
  });

  it('counts unread, marks one read (once), filters by read state', async () => {
    expect((await zzClient.get('/api/notifications/unread-count')).json()).toEqual({ unread: 4 });
    const read = await zzClient.post(`/api/notifications/${ids.zz2}/read`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toEqual({ unread: 3 });

    t.clock.set('2017-03-06T09:10:00+08:00');
    const again = await zzClient.post(`/api/notifications/${ids.zz2}/read`);
    expect(again.json()).toEqual({ unread: 3 });
    const [row] = await inSystemTx(t.database.db, (tx) =>
      tx.select().from(notifications).where(eq(notifications.id, ids.zz2!)),
    );
    expect(row!.readAt?.toISOString()).toBe('2017-03-06T01:00:00.000Z');

    const unread = await zzClient.get('/api/notifications?unread=true');
    expect(unread.json<ListBody>().items.map((n) => n.id)).toEqual([ids.personal, ids.zz3, ids.zz1]);
    const done = await zzClient.get('/api/notifications?unread=false');
    expect(done.json<ListBody>()).toMatchObject({ total: 1, unread: 3, items: [{ id: ids.zz2 }] });
    expect(done.json<ListBody>().items[0]!.readAt).toBe('2017-03-06T01:00:00.000Z');
    // Read for the whole node: the colleague sees it read too.
    expect((await colleagueClient.get('/api/notifications/unread-count')).json()).toEqual({ unread: 2 });
  });

  it('a 洛阳 account never sees or marks a 郑州 notification', async () => {
    const list = await lyClient.get('/api/notifications');
    expect(list.json<ListBody>().items.map((n) => n.id)).toEqual([ids.ly]);
    const mark = await lyClient.post(`/api/notifications/${ids.zz1}/read`);
    expect(mark.statusCode).toBe(404);
    const personal = await colleagueClient.post(`/api/notifications/${ids.personal}/read`);
    expect(personal.statusCode).toBe(404);
    const [row] = await inSystemTx(t.database.db, (tx) =>
      tx.select().from(notifications).where(eq(notifications.id, ids.zz1!)),
    );
    expect(row!.readAt).toBeNull();
    // The database is the backstop: a scoped read with no filter returns only 洛阳's own notice.
    const lyActor: Actor = {
      accountId: lyAdmin.id,
      username: lyAdmin.username,
      displayName: '洛阳',
      role: 'jurisdiction_admin',
      orgNodeId: ly.id,
      orgPath: ly.path,
      orgNodeName: ly.name,
    };
    const seen = await inScopedTx(t.database.db, lyActor, (tx) => tx.select().from(notifications));
    expect(seen.map((n) => n.id)).toEqual([ids.ly]);
    const updated = await inScopedTx(t.database.db, lyActor, (tx) =>
      tx.update(notifications).set({ readAt: t.clock.now() }).returning({ id: notifications.id }),
    );
    expect(updated.map((n) => n.id)).toEqual([ids.ly]);
  });

  it('marks all read for the recipient only, without audit rows', async () => {
    const auditBefore = await inSystemTx(t.database.db, (tx) => tx.select({ id: auditLog.id }).from(auditLog));
    const res = await zzClient.post('/api/notifications/read-all');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ unread: 0 });
    const department = await inSystemTx(t.database.db, (tx) =>
      tx.select().from(notifications).where(eq(notifications.id, ids.dept!)),
    );
    expect(department[0]!.readAt).toBeNull();
    const auditAfter = await inSystemTx(t.database.db, (tx) => tx.select({ id: auditLog.id }).from(auditLog));
    expect(auditAfter.length).toBe(auditBefore.length);
  });

  it('is for the roles that can act on it: a proctor at the same node neither sees nor clears it', async () => {
    const proctor = await buildAccount(t, zz, 'proctor');
    const proctorClient = await signIn(t, proctor.username);
    await write(
      'forProctorTest',
      { ...toNode(zz), kind: 'review_pending', title: '有新的待审核申请', body: '1 份' },
      '2017-03-06T09:00:00+08:00',
    );
    const list = await proctorClient.get('/api/notifications');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json<ListBody>().items).toEqual([]);
    expect((await proctorClient.get('/api/notifications/unread-count')).json()).toEqual({ unread: 0 });
    expect((await proctorClient.post(`/api/notifications/${ids.forProctorTest}/read`)).statusCode).toBe(404);
    expect((await proctorClient.post('/api/notifications/read-all')).json()).toEqual({ unread: 0 });
    const [row] = await inSystemTx(t.database.db, (tx) =>
      tx.select().from(notifications).where(eq(notifications.id, ids.forProctorTest!)),
    );
    expect(row!.readAt).toBeNull();
    expect(row!.recipientRoles).toEqual([
      'province_admin',
      'jurisdiction_admin',
      'department_reviewer',
      'unit_officer',
    ]);
    // The database is the backstop: the proctor's scoped transaction, with no filter, sees and updates nothing.
    const proctorActor: Actor = {
      accountId: proctor.id,
      username: proctor.username,
      displayName: '监考员',
      role: 'proctor',
      orgNodeId: zz.id,
      orgPath: zz.path,
      orgNodeName: zz.name,
    };
    expect(await inScopedTx(t.database.db, proctorActor, (tx) => tx.select().from(notifications))).toEqual([]);
    const updated = await inScopedTx(t.database.db, proctorActor, (tx) =>
      tx.update(notifications).set({ readAt: t.clock.now() }).returning({ id: notifications.id }),
    );
    expect(updated).toEqual([]);
    // The office's administrator still has it, unread.
    const adminList = await zzClient.get('/api/notifications?unread=true');
    expect(adminList.json<ListBody>().items.map((n) => n.id)).toContain(ids.forProctorTest);
  });

  it('requires a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/notifications/unread-count' });
    expect(res.statusCode).toBe(401);
  });
});
