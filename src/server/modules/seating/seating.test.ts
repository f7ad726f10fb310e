import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildNode,
  buildTestApp,
  type Client,
  randomCreditCode,
  signIn,
  type TestApp,
} from '../../../../test/setup/harness.js';
import { decodeTicketNumber } from '../../../domain/ticket-number.js';
import {
  auditLog,
  examRoomNumbers,
  examSessions,
  jobTypes,
  orgNodes,
  seatAssignments,
  trainingAttendance,
  trainingClasses,
  trainingEnrolments,
  trainingSittings,
} from '../../db/schema.js';
import { ensureSampleCatalogue } from '../../db/seed-campaign.js';
import type { Actor } from '../../platform/context.js';
import { inScopedTx, inSystemTx } from '../../platform/tx.js';
import { buildChain, type Chain, insertApplications } from '../review/review.test-support.js';

let t: TestApp;
let zz: Chain;
let ly: Chain;
let kf: Chain;
let sz: Chain;
let p: Client;
let zzAdmin: Client;
let lyAdmin: Client;
let kfAdmin: Client;
let unitOfficer: Client;
let manager: Client;
let campaignId: number;
const year = 2062;
let jobA: number;
let jobLocal: number;
let s1: number;
let s2: number;
const centre = { zz: 0, ly: 0, kf: 0, province: 0 };
const room = { zz: 0, ly: 0, kf: 0, province: 0 };
const c = { zz: [] as number[], ly: [] as number[], kf: [] as number[], sz: [] as number[], local: 0 };

async function confirmed(chain: Chain, jobTypeId: number, count: number, unit = chain.unit) {
  return insertApplications(t, {
    campaignId,
    unit,
    departmentId: chain.department.id,
    jurisdictionId: chain.jurisdiction.id,
    jobTypeId,
    count,
    status: 'province_confirmed',
  });
}

async function insertSession(name: string, startTime: string) {
  return inSystemTx(t.database.db, async (tx) => {
    const now = t.clock.now();
    const [row] = await tx
      .insert(examSessions)
      .values({
        campaignId,
        name,
        sessionDate: `${year}-07-01`,
        startTime,
        subjects: [{ subject: 'skill', durationMinutes: 60, breakAfterMinutes: 0 }],
        lateEntryMinutes: 15,
        earliestHandInMinutes: 30,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    return row!.id;
  });
}

async function centreWithRoom(client: Client, code: string, seatMap: Record<string, unknown>) {
  const res = await client.post('/api/centres', { name: `考点${code}-${Math.random()}`, code, address: '某路 1 号' });
  expect(res.statusCode, res.body).toBe(201);
  const r = await client.post(`/api/centres/${res.json().id}/rooms`, { code: '01', name: '第一机房', seatMap });
  expect(r.statusCode, r.body).toBe(201);
  return { centreId: res.json().id as number, roomId: r.json().id as number };
}

async function waitForJob(client: Client, jobId: string) {
  for (let i = 0; i < 400; i++) {
    const res = await client.get(`/api/jobs/${jobId}`);
    expect(res.statusCode, res.body).toBe(200);
    const job = res.json();
    if (job.status === 'done' || job.status === 'failed') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('job did not finish');
}

async function run(body: Record<string, unknown> = {}) {
  const res = await p.post(`/api/campaigns/${campaignId}/seating/runs`, body);
  expect(res.statusCode, res.body).toBe(202);
  const job = await waitForJob(p, res.json().jobId);
  expect(job.status, JSON.stringify(job)).toBe('done');
  expect(job.kind).toBe('seating');
  return job.result as { kind: string; runId: number; counts: Record<string, number> };
}

async function seats() {
  const rows = await inSystemTx(t.database.db, (tx) =>
    tx.select().from(seatAssignments).where(eq(seatAssignments.campaignId, campaignId)),
  );
  return new Map(rows.map((r) => [r.applicationId, r]));
}

async function auditCount(action: string) {
  const rows = await inSystemTx(t.database.db, (tx) =>
    tx.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(eq(auditLog.action, action)),
  );
  return Number(rows[0]!.n);
}

const actorOf = (role: Actor['role'], node: { id: number; path: string }): Actor => ({
  accountId: 1,
  username: 'x',
  displayName: 'x',
  role,
  orgNodeId: node.id,
  orgPath: node.path,
  orgNodeName: 'x',
});

beforeAll(async () => {
  t = await buildTestApp({ loginRatePerMinute: 10_000 });
  zz = await buildChain(t, '郑州市');
  ly = await buildChain(t, '洛阳市');
  kf = await buildChain(t, '开封市');
  sz = await buildChain(t, '省直单位');
  p = await signIn(t, zz.accounts.province);
  zzAdmin = await signIn(t, zz.accounts.jurisdiction);
  lyAdmin = await signIn(t, ly.accounts.jurisdiction);
  kfAdmin = await signIn(t, kf.accounts.jurisdiction);
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
  const types = await inSystemTx(t.database.db, (tx) =>
    tx.select().from(jobTypes).where(eq(jobTypes.versionId, catalogVersionId)).orderBy(jobTypes.id),
  );
  jobA = types.find((x) => !x.localExam)!.id;
  jobLocal = types.find((x) => x.category === '技术监督类')!.id;
  s1 = await insertSession('第一场', '08:30');
  s2 = await insertSession('第二场', '14:00');

  // 郑州: 2 × 5 seats, 10 % spare → 1 spare, 9 a session. 洛阳: 2 × 6, no spare. 开封: 1 × 3. The province: 1 × 5.
  ({ centreId: centre.zz, roomId: room.zz } = await centreWithRoom(zzAdmin, '01', {
    rows: 2,
    columns: 5,
    outOfUse: [],
    spareShare: 0.1,
  }));
  ({ centreId: centre.ly, roomId: room.ly } = await centreWithRoom(lyAdmin, '02', {
    rows: 2,
    columns: 6,
    outOfUse: [],
    spareShare: 0,
  }));
  ({ centreId: centre.kf, roomId: room.kf } = await centreWithRoom(kfAdmin, '01', {
    rows: 1,
    columns: 3,
    outOfUse: [],
    spareShare: 0,
  }));
  ({ centreId: centre.province, roomId: room.province } = await centreWithRoom(p, '01', {
    rows: 1,
    columns: 5,
    outOfUse: [],
    spareShare: 0,
  }));
  manager = await signIn(
    t,
    (await buildAccount(t, zz.jurisdiction, 'centre_manager', { centreId: centre.zz })).username,
  );

  c.zz = await confirmed(zz, jobA, 12);
  c.ly = await confirmed(ly, jobA, 10);
  c.kf = await confirmed(kf, jobA, 8);
  c.sz = await confirmed(sz, jobA, 2);
  // A 省直 unit registered in 洛阳 (credit code 12410300…): its 技术监督 candidate sits in 洛阳.
  const lyUnit = await buildNode(t, sz.department, 'unit');
  await inSystemTx(t.database.db, (tx) =>
    tx
      .update(orgNodes)
      .set({ code: `12410300${randomCreditCode().slice(8)}` })
      .where(eq(orgNodes.id, lyUnit.id)),
  );
  [c.local] = (await confirmed(sz, jobLocal, 1, lyUnit)) as [number];
  // Not confirmed: never seated.
  await insertApplications(t, {
    campaignId,
    unit: zz.unit,
    departmentId: zz.department.id,
    jurisdictionId: zz.jurisdiction.id,
    jobTypeId: jobA,
    count: 1,
    status: 'jurisdiction_approved',
  });
});
afterAll(async () => {
  await t.close();
});

describe('the seating run', () => {
  it('seats everyone it can: sessions in order, never on spare seats, where they sit, with ticket numbers', async () => {
    const result = await run();
    expect(result.kind).toBe('seating');
    expect(result.counts).toMatchObject({ candidates: 33, eligible: 33, seated: 31, unseated: 2, placed: 31 });
    expect(await auditCount('seating.run')).toBe(1);
    const all = await seats();
    expect(all.size).toBe(31);

    // 郑州: 9 in the first session (one spare seat kept), 3 in the second.
    const zzSeats = c.zz.map((id) => all.get(id)!);
    expect(zzSeats.filter((s) => s.sessionId === s1)).toHaveLength(9);
    expect(zzSeats.filter((s) => s.sessionId === s2)).toHaveLength(3);
    const view = (await zzAdmin.get(`/api/seating/rooms/${room.zz}/sessions/${s1}`)).json();
    expect(view.room.spare).toHaveLength(1);
    expect(view.seats).toHaveLength(9);
    expect(view.seats.map((s: { seatLabel: string }) => s.seatLabel)).not.toContain(view.room.spare[0]);
    expect(view.examRoomNumber).toBe('01');
    expect((await zzAdmin.get(`/api/seating/rooms/${room.zz}/sessions/${s2}`)).json().examRoomNumber).toBe('02');

    // Ticket numbers: year, region, centre, 考场号, seat, check character; labels match the row-major number.
    for (const s of zzSeats) {
      const decoded = decodeTicketNumber(s.ticketNumber);
      expect(decoded.ok).toBe(true);
      expect(s.ticketNumber.startsWith(`${year}41010001`)).toBe(true);
      expect(s.ticketNumber.slice(14, 17)).toBe(String(s.seat).padStart(3, '0'));
      const row = String.fromCharCode(64 + Math.floor((s.seat - 1) / 5) + 1);
      expect(s.seatLabel).toBe(`${row}${String(((s.seat - 1) % 5) + 1).padStart(2, '0')}`);
      expect(s.source).toBe('auto');
      expect(s.notifiedAt).toBeNull();
    }
    // 省直 candidates at the province's centre (410000); the 技术监督 one where the unit is located (洛阳).
    for (const id of c.sz) {
      expect(all.get(id)!.centreId).toBe(centre.province);
      expect(all.get(id)!.ticketNumber.startsWith(`${year}410000`)).toBe(true);
    }
    expect(all.get(c.local)!.centreId).toBe(centre.ly);
    expect(all.get(c.local)!.ticketNumber.startsWith(`${year}41030002`)).toBe(true);

    // 开封 has 6 seats for 8: the report names the two left out and the shortfall.
    const report = (await p.get(`/api/campaigns/${campaignId}/seating/runs/latest`)).json();
    expect(report.run.counts.unseated).toBe(2);
    expect(report.run.options).toEqual({ moveNotified: false, fresh: false });
    const kfCapacity = report.capacity.find((x: { jurisdictionName: string }) => x.jurisdictionName === '开封市');
    expect(kfCapacity).toMatchObject({ needed: 8, available: 6, seated: 6, shortfall: 2 });
    expect(kfCapacity.sessions).toHaveLength(2);
    expect(report.unseated).toHaveLength(2);
    expect(report.unseated[0]).toMatchObject({ code: 'NO_CAPACITY', jurisdictionName: '开封市' });
    expect(report.unseated[0].name).toMatch(/^申报人/);
    expect(report.unseated[0].idNumberMasked).toContain('*');
    expect(report.capacity.map((x: { jurisdictionName: string }) => x.jurisdictionName)).toContain(
      '省本级（省直、中央驻豫单位）',
    );

    const rooms = (await p.get(`/api/campaigns/${campaignId}/seating/rooms`)).json();
    expect(rooms.totals).toEqual({ confirmed: 33, seated: 31, notified: 0, unseated: 2 });
    expect(rooms.sessions.map((s: { id: number }) => s.id)).toEqual([s1, s2]);
    expect(
      rooms.rooms.find((r: { roomId: number; sessionId: number }) => r.roomId === room.zz && r.sessionId === s1),
    ).toMatchObject({ seated: 9, capacity: 9, spare: 1, notified: 0, examRoomNumber: '01' });
  });

  it('publishes with the count the province saw, then keeps notified and earlier seats on a re-run', async () => {
    const before = await seats();
    const stale = await p.post(`/api/campaigns/${campaignId}/seating/publish`, { expectedCount: 30 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('SEATING_COUNT_CHANGED');
    expect((await zzAdmin.post(`/api/campaigns/${campaignId}/seating/publish`, { expectedCount: 31 })).statusCode).toBe(
      403,
    );
    const published = await p.post(`/api/campaigns/${campaignId}/seating/publish`, { expectedCount: 31 });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toEqual({ notified: 31 });
    expect(await auditCount('seating.publish')).toBe(1);

    // Two more confirmed in 郑州: the re-run seats them and moves nobody.
    const more = await confirmed(zz, jobA, 2);
    c.zz.push(...more);
    const again = await run();
    expect(again.counts).toMatchObject({ seated: 33, pinnedKept: 31, placed: 2 });
    const after = await seats();
    for (const [id, s] of before) {
      expect(after.get(id)!.ticketNumber).toBe(s.ticketNumber);
      expect(after.get(id)!.notifiedAt).not.toBeNull();
    }
    for (const id of more) expect(after.get(id)!.notifiedAt).toBeNull();

    // A fresh layout still keeps the notified; moveNotified lets them count as previous ones (kept where they fit).
    expect((await run({ fresh: true })).counts).toMatchObject({ pinnedKept: 31 });
    expect((await run({ moveNotified: true })).counts).toMatchObject({ pinnedKept: 0, previousKept: 33 });
    expect(await auditCount('seating.run')).toBe(4);

    // A notified seat switched off: that candidate is seated anew, reported, and due a new notice.
    const victim = c.zz[0]!;
    const label = after.get(victim)!.seatLabel;
    const edited = await zzAdmin.patch(`/api/rooms/${room.zz}`, {
      seatMap: { rows: 2, columns: 5, outOfUse: [label], spareShare: 0.1 },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    await run();
    const report = (await p.get(`/api/campaigns/${campaignId}/seating/runs/latest`)).json();
    // (The room's spare seat may move with the change too, and a notified candidate on it is seated anew as well.)
    expect(report.pinnedProblems).toContainEqual(
      expect.objectContaining({ applicationId: victim, code: 'PINNED_SEAT_GONE', reseated: true }),
    );
    for (const problem of report.pinnedProblems) expect(problem).toMatchObject({ code: 'PINNED_SEAT_GONE' });
    const moved = (await seats()).get(victim)!;
    expect(moved.seatLabel === label && moved.sessionId === after.get(victim)!.sessionId).toBe(false);
    expect(moved.notifiedAt).toBeNull();
  });
});

describe('moves and swaps', () => {
  it('moves a candidate to a free seat with a new ticket number, refusing taken, spare and other seats', async () => {
    const all = await seats();
    const mover = c.zz.find((id) => all.get(id)!.notifiedAt === null && all.get(id)!.sessionId === s2)!;
    const taken = new Set(
      [...all.values()].filter((s) => s.roomId === room.zz && s.sessionId === s2).map((s) => s.seatLabel),
    );
    const view = (await zzAdmin.get(`/api/seating/rooms/${room.zz}/sessions/${s2}`)).json();
    const spare = view.room.spare[0] as string;
    const out = view.room.outOfUse[0] as string;
    const free = ['A01', 'A02', 'A03', 'A04', 'A05', 'B01', 'B02', 'B03', 'B04', 'B05'].find(
      (l) => !taken.has(l) && l !== spare && l !== out,
    )!;
    const move = (client: Client, body: Record<string, unknown>) =>
      client.post('/api/seating/move', {
        applicationId: mover,
        sessionId: s2,
        roomId: room.zz,
        seatLabel: free,
        reason: '考生视力原因，调至前排',
        ...body,
      });
    const codeOf = async (res: Promise<{ statusCode: number; json(): { error: { code: string } } }>) =>
      (await res).json().error?.code;
    const other = [...taken].find((l) => l !== all.get(mover)!.seatLabel)!;
    expect(await codeOf(move(zzAdmin, { seatLabel: other }))).toBe('SEATING_SEAT_TAKEN');
    expect(await codeOf(move(zzAdmin, { seatLabel: spare }))).toBe('SEATING_SEAT_SPARE');
    expect(await codeOf(move(zzAdmin, { seatLabel: out }))).toBe('SEATING_SEAT_OUT_OF_USE');
    expect(await codeOf(move(zzAdmin, { seatLabel: 'Z99' }))).toBe('SEATING_NO_SEAT');
    expect(await codeOf(move(zzAdmin, { roomId: room.ly, seatLabel: 'A01' }))).toBe('SEATING_NO_ROOM');
    expect(await codeOf(move(p, { roomId: room.ly, seatLabel: 'A01' }))).toBe('SEATING_OTHER_JURISDICTION');
    expect(await codeOf(move(lyAdmin, {}))).toBe('SEATING_UNKNOWN_CANDIDATE');
    // A room added after the run has no 考场号 yet: nobody moves there before the province runs again.
    const added = await zzAdmin.post(`/api/centres/${centre.zz}/rooms`, {
      code: '02',
      name: '第二机房',
      seatMap: { rows: 2, columns: 5, outOfUse: [], spareShare: 0 },
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(await codeOf(move(zzAdmin, { roomId: added.json().id, seatLabel: 'A01' }))).toBe(
      'SEATING_ROOM_NOT_NUMBERED',
    );
    expect((await move(unitOfficer, {})).statusCode).toBe(403);
    expect((await move(manager, {})).statusCode).toBe(403);

    const ok = await move(zzAdmin, {});
    expect(ok.statusCode, ok.body).toBe(200);
    const { assignment } = ok.json();
    expect(assignment).toMatchObject({ applicationId: mover, seatLabel: free, source: 'manual', notifiedAt: null });
    expect(assignment.ticketNumber).not.toBe(all.get(mover)!.ticketNumber);
    expect(decodeTicketNumber(assignment.ticketNumber).ok).toBe(true);
    expect(await auditCount('seating.move')).toBe(1);

    // A notified candidate moves only when the official confirms a new notice is due; the notice is then cleared.
    const notified = c.zz.find((id) => all.get(id)!.notifiedAt !== null && all.get(id)!.sessionId === s1)!;
    const target = { applicationId: notified, sessionId: s2, roomId: room.zz, seatLabel: all.get(mover)!.seatLabel };
    const refused = await zzAdmin.post('/api/seating/move', { ...target, reason: '调整' });
    expect(refused.json().error.code).toBe('SEATING_NOTIFIED_UNCONFIRMED');
    const confirmedMove = await zzAdmin.post('/api/seating/move', { ...target, reason: '调整', confirmNotified: true });
    expect(confirmedMove.statusCode, confirmedMove.body).toBe(200);
    expect(confirmedMove.json().assignment.notifiedAt).toBeNull();
  });

  it('swaps two candidates: their ticket numbers change places, nobody shares a seat', async () => {
    const all = await seats();
    const [a, b] = c.zz.filter((id) => all.get(id)!.sessionId === s1 && all.get(id)!.notifiedAt === null);
    const pair = a && b ? [a, b] : c.zz.filter((id) => all.get(id)!.sessionId === s1).slice(0, 2);
    const [ida, idb] = pair as [number, number];
    const body = { applicationIdA: ida, applicationIdB: idb, reason: '同单位相邻，调开', confirmNotified: true };
    expect((await lyAdmin.post('/api/seating/swap', body)).json().error.code).toBe('SEATING_UNKNOWN_CANDIDATE');
    expect((await zzAdmin.post('/api/seating/swap', { ...body, applicationIdB: ida })).statusCode).toBe(400);
    const res = await zzAdmin.post('/api/seating/swap', body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().a.ticketNumber).toBe(all.get(idb)!.ticketNumber);
    expect(res.json().b.ticketNumber).toBe(all.get(ida)!.ticketNumber);
    expect(await auditCount('seating.swap')).toBe(1);
    const after = [...(await seats()).values()];
    expect(new Set(after.map((s) => `${s.sessionId}:${s.roomId}:${s.seat}`)).size).toBe(after.length);
    expect(new Set(after.map((s) => s.ticketNumber)).size).toBe(after.length);
  });
});

describe('who sees and changes which seats', () => {
  it('keeps a jurisdiction, a centre manager and a unit to their own seats', async () => {
    const list = async (client: Client) => {
      const res = await client.get(`/api/campaigns/${campaignId}/seating/assignments?pageSize=200`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { total: number; items: { centreId: number; name: string; applicationId: number }[] };
    };
    const everyone = await list(p);
    expect(everyone.total).toBe(33);
    const lyList = await list(lyAdmin);
    expect(lyList.items.every((i) => i.centreId === centre.ly)).toBe(true);
    expect(lyList.total).toBe(11);
    // The 省直 candidate in 洛阳's room is one 洛阳 does not review, yet sits in its centre: 洛阳 sees who sits there
    // (name, unit, masked ID number, as the door list prints them), though not the application itself.
    const outsider = lyList.items.find((i) => i.applicationId === c.local)!;
    expect(outsider.name).toBe(everyone.items.find((i) => i.applicationId === c.local)!.name);
    expect(outsider.name).not.toBe('（其他地区考生）');
    expect((await lyAdmin.get(`/api/applications/${c.local}`)).statusCode).toBe(404);
    const mine = await list(manager);
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((i) => i.centreId === centre.zz)).toBe(true);
    // A 考点管理员 reads no application at all, but sees who sits in their centre.
    expect(mine.items.every((i) => i.name !== '（其他地区考生）' && i.name.length > 0)).toBe(true);
    expect((await manager.get(`/api/seating/rooms/${room.ly}/sessions/${s1}`)).statusCode).toBe(404);
    const ownRoom = await manager.get(`/api/seating/rooms/${room.zz}/sessions/${s1}`);
    expect(ownRoom.statusCode).toBe(200);
    expect(ownRoom.json().seats.length).toBeGreaterThan(0);
    expect(ownRoom.json().seats.every((s: { name: string }) => s.name !== '（其他地区考生）')).toBe(true);
    expect((await lyAdmin.get(`/api/seating/rooms/${room.zz}/sessions/${s1}`)).statusCode).toBe(404);
    const lyRooms = (await lyAdmin.get(`/api/campaigns/${campaignId}/seating/rooms`)).json();
    expect(lyRooms.rooms.every((r: { centreId: number }) => r.centreId === centre.ly)).toBe(true);
    expect((await manager.post(`/api/campaigns/${campaignId}/seating/runs`, {})).statusCode).toBe(403);
    expect((await unitOfficer.get(`/api/campaigns/${campaignId}/seating/assignments`)).statusCode).toBe(403);
    const search = await p.get(
      `/api/campaigns/${campaignId}/seating/assignments?q=${everyone.items[0]!.name}&pageSize=5`,
    );
    expect(
      search.json().items.some((i: { applicationId: number }) => i.applicationId === everyone.items[0]!.applicationId),
    ).toBe(true);

    // The report, cut to each scope.
    const zzReport = (await zzAdmin.get(`/api/campaigns/${campaignId}/seating/runs/latest`)).json();
    expect(zzReport.capacity.map((x: { jurisdictionName: string }) => x.jurisdictionName)).toEqual(['郑州市']);
    expect(zzReport.unseated).toEqual([]);
    const kfReport = (await kfAdmin.get(`/api/campaigns/${campaignId}/seating/runs/latest`)).json();
    expect(kfReport.unseated).toHaveLength(2);

    // Below the services: a unit reads its staff's seats only; 洛阳 can neither read nor change 郑州's.
    const db = t.database.db;
    const unitRows = await inScopedTx(db, actorOf('unit_officer', zz.unit), (tx) =>
      tx.select().from(seatAssignments).where(eq(seatAssignments.campaignId, campaignId)),
    );
    expect(unitRows.length).toBe(c.zz.length);
    expect(unitRows.every((r) => r.orgPath === zz.unit.path)).toBe(true);
    const lyActor = actorOf('jurisdiction_admin', ly.jurisdiction);
    const zzSeen = await inScopedTx(db, lyActor, (tx) =>
      tx.select().from(seatAssignments).where(eq(seatAssignments.centreId, centre.zz)),
    );
    expect(zzSeen).toHaveLength(0);
    const changed = await inScopedTx(db, lyActor, (tx) =>
      tx
        .update(seatAssignments)
        .set({ notifiedAt: null })
        .where(eq(seatAssignments.centreId, centre.zz))
        .returning({ id: seatAssignments.applicationId }),
    );
    expect(changed).toHaveLength(0);
  });

  it('refuses to delete a session that has seats; one without goes with its 考场号', async () => {
    const res = await p.request('DELETE', `/api/campaigns/${campaignId}/sessions/${s2}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('SESSION_IN_USE');
    expect(res.json().error.message).toContain('考生座位');
    // A third session, numbered by a run but seating nobody (郑州, 洛阳 and the province have room enough), is
    // deleted with its 考场号.
    const s3 = await insertSession('第三场', '18:00');
    await run();
    const numbered = await inSystemTx(t.database.db, (tx) =>
      tx.select().from(examRoomNumbers).where(eq(examRoomNumbers.sessionId, s3)),
    );
    expect(numbered.length).toBeGreaterThan(0);
    const held = [...(await seats()).values()].filter((s) => s.sessionId === s3);
    if (held.length > 0) {
      // 开封's overflow sits in the third session: deleting it is refused too.
      expect((await p.request('DELETE', `/api/campaigns/${campaignId}/sessions/${s3}`)).statusCode).toBe(409);
    }
    const s4 = await insertSession('第四场', '20:00');
    const gone = await p.request('DELETE', `/api/campaigns/${campaignId}/sessions/${s4}`);
    expect(gone.statusCode, gone.body).toBe(200);
  });
});

describe('the training switch', () => {
  it('leaves out candidates who did not complete training and names them in the report', async () => {
    // 郑州's class: all of 郑州's candidates but two, each present at its one sitting.
    const now = t.clock.now();
    const trained = c.zz.slice(2);
    await inSystemTx(t.database.db, async (tx) => {
      const [cls] = await tx
        .insert(trainingClasses)
        .values({
          campaignId,
          jurisdictionId: zz.jurisdiction.id,
          orgPath: zz.jurisdiction.path,
          name: '培训班',
          startsOn: `${year}-04-10`,
          endsOn: `${year}-05-20`,
          place: '郑州',
          teacher: '王老师',
          jobTypeIds: [jobA],
          grades: [4],
          capacity: 100,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      const [sitting] = await tx
        .insert(trainingSittings)
        .values({ classId: cls!.id, orgPath: zz.jurisdiction.path, sittingDate: `${year}-04-11`, createdAt: now })
        .returning();
      await tx.insert(trainingEnrolments).values(
        trained.map((applicationId) => ({
          classId: cls!.id,
          campaignId,
          applicationId,
          orgPath: zz.jurisdiction.path,
          createdAt: now,
        })),
      );
      await tx.insert(trainingAttendance).values(
        trained.map((applicationId) => ({
          sittingId: sitting!.id,
          applicationId,
          orgPath: zz.jurisdiction.path,
          status: 'present' as const,
          recordedAt: now,
        })),
      );
    });
    const set = await p.request('PUT', `/api/campaigns/${campaignId}/training/settings`, {
      trainingRequiredForSeating: true,
      requiredShare: 0.8,
    });
    expect(set.statusCode, set.body).toBe(200);
    await run();
    const all = await seats();
    for (const id of trained) expect(all.has(id)).toBe(true);
    for (const id of c.zz.slice(0, 2)) expect(all.has(id)).toBe(false);
    const report = (await zzAdmin.get(`/api/campaigns/${campaignId}/seating/runs/latest`)).json();
    const left = report.unseated.filter((u: { applicationId: number }) => c.zz.slice(0, 2).includes(u.applicationId));
    expect(left).toHaveLength(2);
    for (const u of left) {
      expect(u).toMatchObject({ code: 'NOT_ELIGIBLE', ineligibleReason: 'TRAINING_NOT_COMPLETED' });
      expect(u.message).toContain('未参加培训班');
      expect(u.name).toMatch(/^申报人/);
    }
    // Notified candidates who lost the condition lose the seat, reported as such.
    // (洛阳's candidates, in no class, are among them: the province's report lists them, 郑州's does not.)
    const full = (await p.get(`/api/campaigns/${campaignId}/seating/runs/latest`)).json();
    const lost = full.pinnedProblems.filter((x: { code: string }) => x.code === 'PINNED_NOT_ELIGIBLE');
    expect(lost.map((x: { applicationId: number }) => x.applicationId)).toEqual(expect.arrayContaining(c.ly));
    expect(report.pinnedProblems.some((x: { applicationId: number }) => c.ly.includes(x.applicationId))).toBe(false);
    for (const id of c.ly) expect(all.has(id)).toBe(false);
    const audit = await inSystemTx(t.database.db, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'seating.run'), eq(auditLog.entityId, String(campaignId)))),
    );
    expect(audit.length).toBeGreaterThanOrEqual(6);
  });
});
