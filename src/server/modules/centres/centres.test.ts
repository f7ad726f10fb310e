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
import { auditLog, examRooms, seatChecks, testCentres } from '../../db/schema.js';
import type { Actor } from '../../platform/context.js';
import { inScopedTx, inSystemTx } from '../../platform/tx.js';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

let t: TestApp;
let counter = 10;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

function centreInput(overrides: Record<string, unknown> = {}) {
  counter++;
  return {
    name: `测试考点${counter}`,
    code: String(counter % 100).padStart(2, '0'),
    address: '某路 1 号',
    ...overrides,
  };
}
const room = (code = '01', outOfUse: string[] = ['A01', 'C05']) => ({
  code,
  name: `第${code}考场`,
  seatMap: { rows: 6, columns: 8, outOfUse },
});

async function auditRows(action: string, entityId: number) {
  return inSystemTx(t.database.db, (tx) =>
    tx
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, action), eq(auditLog.entityId, String(entityId)))),
  );
}

let cached: Awaited<ReturnType<typeof buildSetting>> | null = null;
/** Signed in once for the file (sign-ins are rate-limited per address). */
async function setting() {
  cached ??= await buildSetting();
  return cached;
}

async function buildSetting() {
  const zz = await findJurisdiction(t, '郑州市');
  const ly = await findJurisdiction(t, '洛阳市');
  const province = await inSystemTx(t.database.db, async (tx) => {
    const { orgNodes } = await import('../../db/schema.js');
    return (await tx.select().from(orgNodes).where(eq(orgNodes.kind, 'province')))[0]!;
  });
  const zzAdmin = await signIn(t, (await buildAccount(t, zz, 'jurisdiction_admin')).username);
  const lyAdmin = await signIn(t, (await buildAccount(t, ly, 'jurisdiction_admin')).username);
  const provinceAdmin = await signIn(t, (await buildAccount(t, province, 'province_admin')).username);
  return { zz, ly, province, zzAdmin, lyAdmin, provinceAdmin };
}

async function centreWithRoom(admin: Client) {
  const centre = await admin.post('/api/centres', centreInput());
  expect(centre.statusCode, centre.body).toBe(201);
  const created = await admin.post(`/api/centres/${centre.json().id}/rooms`, room());
  expect(created.statusCode, created.body).toBe(201);
  return { centreId: centre.json().id as number, roomId: created.json().id as number };
}

function check(c: Client, roomId: number, overrides: Record<string, unknown> = {}, ua = CHROME) {
  return c.request(
    'POST',
    `/api/rooms/${roomId}/seat-checks`,
    { seatLabel: 'A02', screenWidth: 1366, screenHeight: 768, clockOffsetMs: 40, roundTripMs: 12, ...overrides },
    { 'user-agent': ua },
  );
}

describe('test centres and rooms', () => {
  it('lets a jurisdiction create a centre and a room with its seat map, audited', async () => {
    const { zzAdmin } = await setting();
    const res = await zzAdmin.post(
      '/api/centres',
      centreInput({ contactName: '王老师', contactPhone: '0371-1234567' }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const centre = res.json();
    expect(centre).toMatchObject({
      orgNodeName: '郑州市',
      roomCount: 0,
      abilities: { update: true, manageRooms: true },
    });
    expect(await auditRows('centre.create', centre.id)).toHaveLength(1);

    const created = await zzAdmin.post(`/api/centres/${centre.id}/rooms`, room('01', ['c5', '01-01']));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      seatMap: { rows: 6, columns: 8, outOfUse: ['A01', 'C05'], spareShare: 0.05 },
      usable: 46,
      spare: 3,
      capacity: 43,
      spareSeats: ['B08', 'D08', 'F08'], // the seating's own choice (seating.ts spareSeats)
      checks: { ok: 0, failed: 0, unchecked: 46 },
    });
    const roomId = created.json().id;
    const edited = await zzAdmin.patch(`/api/rooms/${roomId}`, {
      seatMap: { rows: 6, columns: 8, outOfUse: ['A01'], spareShare: 0 },
    });
    expect(edited.json()).toMatchObject({ capacity: 47, spare: 0 });
    expect(await auditRows('room.create', roomId)).toHaveLength(1);
    const [update] = await auditRows('room.update', roomId);
    expect(update!.before).toMatchObject({ outOfUse: ['A01', 'C05'] });
    expect(update!.after).toMatchObject({ outOfUse: ['A01'], spareShare: 0 });

    const detail = (await zzAdmin.get(`/api/centres/${centre.id}`)).json();
    expect(detail).toMatchObject({ roomCount: 1, capacity: 47 });
    expect(detail.rooms).toHaveLength(1);
    const list = (await zzAdmin.get('/api/centres?pageSize=200')).json();
    expect(list.items.some((c: { id: number }) => c.id === centre.id)).toBe(true);
  });

  it('refuses bad input with stable codes and writes nothing', async () => {
    const { zzAdmin } = await setting();
    const input = centreInput();
    expect((await zzAdmin.post('/api/centres', input)).statusCode).toBe(201);
    const dupCode = await zzAdmin.post('/api/centres', { ...input, name: `${input.name}乙` });
    expect(dupCode.statusCode).toBe(409);
    expect(dupCode.json().error.code).toBe('CENTRE_CODE_TAKEN');
    const dupName = await zzAdmin.post('/api/centres', { ...centreInput(), name: input.name });
    expect(dupName.json().error.code).toBe('CENTRE_NAME_TAKEN');
    const badCode = await zzAdmin.post('/api/centres', centreInput({ code: '1' }));
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json().error.code).toBe('VALIDATION_FAILED');

    const { centreId } = await centreWithRoom(zzAdmin);
    const dupRoom = await zzAdmin.post(`/api/centres/${centreId}/rooms`, room());
    expect(dupRoom.json().error.code).toBe('ROOM_CODE_TAKEN');
    const codes: Record<string, unknown> = {
      SEAT_MAP_SIZE: { rows: 27, columns: 8, outOfUse: [] },
      SEAT_LABEL_INVALID: { rows: 6, columns: 8, outOfUse: ['??'] },
      SEAT_OUTSIDE_ROOM: { rows: 6, columns: 8, outOfUse: ['G01'] },
      SPARE_SHARE_INVALID: { rows: 6, columns: 8, outOfUse: [], spareShare: 0.9 },
      ROOM_NO_CAPACITY: { rows: 1, columns: 1, outOfUse: ['A01'] },
    };
    for (const [code, seatMap] of Object.entries(codes)) {
      const res = await zzAdmin.post(`/api/centres/${centreId}/rooms`, { code: '02', name: '二', seatMap });
      expect(res.statusCode, code).toBe(400);
      expect(res.json().error.code).toBe(code);
    }
    expect((await zzAdmin.get(`/api/centres/${centreId}`)).json().rooms).toHaveLength(1);
  });

  it('keeps each jurisdiction to its own centres; the province reads all and changes only its own', async () => {
    const { zzAdmin, lyAdmin, provinceAdmin } = await setting();
    const { centreId, roomId } = await centreWithRoom(zzAdmin);
    expect((await lyAdmin.get(`/api/centres/${centreId}`)).statusCode).toBe(404);
    expect((await lyAdmin.get(`/api/rooms/${roomId}`)).statusCode).toBe(404);
    expect((await lyAdmin.patch(`/api/centres/${centreId}`, { name: '改名' })).statusCode).toBe(404);
    expect((await lyAdmin.patch(`/api/rooms/${roomId}`, { name: '改名' })).statusCode).toBe(404);
    expect((await lyAdmin.post(`/api/centres/${centreId}/rooms`, room('09'))).statusCode).toBe(404);
    expect((await check(lyAdmin, roomId)).statusCode).toBe(404);
    const lyList = (await lyAdmin.get('/api/centres?pageSize=200')).json();
    expect(lyList.items.some((c: { id: number }) => c.id === centreId)).toBe(false);

    const seen = await provinceAdmin.get(`/api/centres/${centreId}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().abilities).toEqual({ update: false, manageRooms: false, check: false });
    expect((await provinceAdmin.patch(`/api/rooms/${roomId}`, { name: 'x' })).statusCode).toBe(403);
    expect((await provinceAdmin.patch(`/api/centres/${centreId}`, { name: '改名考点' })).statusCode).toBe(403);
    // The province's own centre (省直 and 中央驻豫 candidates sit there): it manages that one, and nobody below reads it.
    const own = await provinceAdmin.post('/api/centres', centreInput());
    expect(own.statusCode).toBe(201);
    expect(own.json().abilities).toMatchObject({ update: true, manageRooms: true });
    expect((await provinceAdmin.post(`/api/centres/${own.json().id}/rooms`, room('01'))).statusCode).toBe(201);
    expect((await zzAdmin.get(`/api/centres/${own.json().id}`)).statusCode).toBe(404);
  });

  it('is enforced by the database below the services', async () => {
    const { zz, ly, zzAdmin } = await setting();
    const { centreId } = await centreWithRoom(zzAdmin);
    const lyActor: Actor = {
      accountId: 1,
      username: 'x',
      displayName: 'x',
      role: 'jurisdiction_admin',
      orgNodeId: ly.id,
      orgPath: ly.path,
      orgNodeName: '洛阳市',
    };
    const db = t.database.db;
    const rows = await inScopedTx(db, lyActor, (tx) =>
      tx.select().from(testCentres).where(eq(testCentres.id, centreId)),
    );
    expect(rows).toHaveLength(0);
    const rooms = await inScopedTx(db, lyActor, (tx) =>
      tx.select().from(examRooms).where(eq(examRooms.centreId, centreId)),
    );
    expect(rooms).toHaveLength(0);
    const now = new Date();
    await expectPermissionDenied(
      inScopedTx(db, lyActor, (tx) =>
        tx.insert(testCentres).values({
          orgNodeId: zz.id,
          orgPath: zz.path,
          name: '越权',
          code: '99',
          address: 'x',
          createdAt: now,
          updatedAt: now,
        }),
      ),
    );
    await expectPermissionDenied(
      inScopedTx(db, lyActor, (tx) =>
        tx.insert(examRooms).values({
          centreId,
          orgPath: zz.path,
          code: '98',
          name: '越权',
          seatRows: 1,
          seatColumns: 1,
          createdAt: now,
          updatedAt: now,
        }),
      ),
    );
  });
});

describe('centre managers', () => {
  it('are created by their jurisdiction for one of its centres, and reach only that centre', async () => {
    const { zz, zzAdmin, lyAdmin } = await setting();
    const { centreId, roomId } = await centreWithRoom(zzAdmin);
    const other = await centreWithRoom(zzAdmin);
    const ly = await centreWithRoom(lyAdmin);

    const missing = await zzAdmin.post('/api/accounts', {
      username: `kd${Date.now()}`,
      displayName: '考点管理员',
      role: 'centre_manager',
      orgNodeId: zz.id,
    });
    expect(missing.json().error.code).toBe('ACCOUNT_CENTRE_REQUIRED');
    const wrong = await zzAdmin.post('/api/accounts', {
      username: `kd${Date.now()}`,
      displayName: '考点管理员',
      role: 'centre_manager',
      orgNodeId: zz.id,
      centreId: ly.centreId,
    });
    expect(wrong.json().error.code).toBe('ACCOUNT_CENTRE_REQUIRED');
    const created = await zzAdmin.post('/api/accounts', {
      username: `kd${Date.now()}`,
      displayName: '考点管理员',
      role: 'centre_manager',
      orgNodeId: zz.id,
      centreId,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().account).toMatchObject({ role: 'centre_manager', centreId, abilities: { update: true } });

    const manager = await signIn(t, (await buildAccount(t, zz, 'centre_manager', { centreId })).username);
    const list = (await manager.get('/api/centres?pageSize=200')).json();
    expect(list.items.map((c: { id: number }) => c.id)).toEqual([centreId]);
    expect(list.items[0].abilities).toEqual({ update: false, manageRooms: true, check: true });
    expect((await manager.get(`/api/centres/${other.centreId}`)).statusCode).toBe(404);
    expect((await manager.get(`/api/rooms/${other.roomId}`)).statusCode).toBe(404);
    expect((await manager.patch(`/api/rooms/${other.roomId}`, { name: 'x' })).statusCode).toBe(404);
    expect((await check(manager, other.roomId)).statusCode).toBe(404);
    expect((await manager.patch(`/api/centres/${centreId}`, { name: '改名' })).statusCode).toBe(403);
    expect((await manager.post('/api/centres', centreInput())).statusCode).toBe(403);
    // Their own rooms: edit and add.
    expect((await manager.patch(`/api/rooms/${roomId}`, { name: '一号机房' })).json().name).toBe('一号机房');
    expect((await manager.post(`/api/centres/${centreId}/rooms`, room('05'))).statusCode).toBe(201);
    // Nothing else of the jurisdiction.
    expect((await manager.get('/api/accounts')).statusCode).toBe(403);
    expect((await manager.get('/api/applications')).statusCode).toBe(403);
  });
});

describe('seat readiness checks', () => {
  it('records a passed and a failed check against the seat, shown on the room, audited', async () => {
    const { zz, zzAdmin } = await setting();
    const { centreId, roomId } = await centreWithRoom(zzAdmin);
    const manager = await signIn(t, (await buildAccount(t, zz, 'centre_manager', { centreId })).username);

    const time = await manager.get('/api/seat-check/time');
    expect(time.json().serverTime).toBe(t.clock.now().getTime());
    expect((await manager.get('/api/seat-check/requirements')).json().minScreen).toEqual({ width: 1280, height: 720 });

    const ok = await check(manager, roomId, { seatLabel: '01-02' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ seatLabel: 'A02', result: 'ok', reasons: [], browser: 'Chrome 120' });

    const failed = await check(manager, roomId, { seatLabel: 'B03', screenWidth: 1024, clockOffsetMs: 90_000 });
    expect(failed.json().result).toBe('failed');
    expect(failed.json().reasons).toHaveLength(2);
    const oldBrowser = await check(zzAdmin, roomId, { seatLabel: 'B04' }, 'Mozilla/4.0 (compatible; MSIE 8.0)');
    expect(oldBrowser.json().reasons[0]).toContain('浏览器');

    // A later check replaces the seat's verdict.
    t.clock.advance(60_000);
    await check(manager, roomId, { seatLabel: 'B03' });

    const detail = (await manager.get(`/api/rooms/${roomId}`)).json();
    expect(detail.checks).toEqual({ ok: 2, failed: 1, unchecked: 43 });
    const byLabel = Object.fromEntries(detail.latestChecks.map((c: { seatLabel: string }) => [c.seatLabel, c]));
    expect(byLabel.B03.result).toBe('ok');
    expect(byLabel.B04.result).toBe('failed');
    expect(await auditRows('seat_check.record', roomId)).toHaveLength(4);

    expect((await check(manager, roomId, { seatLabel: 'A01' })).json().error.code).toBe('SEAT_OUT_OF_USE');
    expect((await check(manager, roomId, { seatLabel: 'Z01' })).json().error.code).toBe('SEAT_OUTSIDE_ROOM');
    expect((await check(manager, roomId, { seatLabel: 'A02', screenWidth: -1 })).statusCode).toBe(400);
    await zzAdmin.patch(`/api/rooms/${roomId}`, { active: false });
    expect((await check(manager, roomId)).json().error.code).toBe('ROOM_INACTIVE');
    const stored = await inSystemTx(t.database.db, (tx) =>
      tx.select().from(seatChecks).where(eq(seatChecks.roomId, roomId)),
    );
    expect(stored).toHaveLength(4);
  });

  it('refuses other roles', async () => {
    const { zz, zzAdmin, provinceAdmin } = await setting();
    const { roomId } = await centreWithRoom(zzAdmin);
    expect((await check(provinceAdmin, roomId)).statusCode).toBe(403);
    const proctor = await signIn(t, (await buildAccount(t, zz, 'proctor')).username);
    expect((await proctor.get('/api/centres')).statusCode).toBe(403);
    expect((await proctor.get('/api/seat-check/time')).statusCode).toBe(403);
    expect((await check(proctor, roomId)).statusCode).toBe(403);
  });
});
