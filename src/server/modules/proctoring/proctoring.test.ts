import {
  createCipheriv,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
} from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildTestApp, type Client, signIn, type TestApp } from '../../../../test/setup/harness.js';
import { resultRows } from '../../db/client.js';
import { auditLog } from '../../db/schema.js';
import { inSystemTx } from '../../platform/tx.js';
import { flatText } from '../tickets/tickets.test-support.js';
import type { RoomView } from './proctoring.schemas.js';
import { buildExamDay, type ExamDay, type SeatedCandidate, signInCandidate } from './proctoring.test-support.js';

// The proctor's console through the API: assignments, the live room, every action and its refusals, the audit
// rows, the 场次报告 read back with pdftotext, and inspection. One exam day; the clock moves forward through it.
const DATE = '2027-06-14';
const at = (hhmm: string) => `${DATE}T${hhmm}:00+08:00`;
const dir = mkdtempSync(path.join(tmpdir(), 'gk-proctor-'));

let t: TestApp;
let day: ExamDay;
let zzAdmin: Client;
let lyAdmin: Client;
let proctor: Client;
let otherProctor: Client;
let manager: Client;
let officer: Client;
let proctorId: number;
let otherProctorId: number;
let zzAdminId: number;
const tokens = new Map<number, string>();
let c: SeatedCandidate[];

const roomUrl = () => `/api/proctoring/sessions/${day.sessionId}/rooms/${day.roomId}`;
const view = async (client: Client = proctor): Promise<RoomView> => {
  const res = await client.get(roomUrl());
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const seatOf = (v: RoomView, who: SeatedCandidate) => v.seats.find((s) => s.applicationId === who.applicationId)!;
const post = (path: string, body: unknown, client: Client = proctor) => client.post(`${roomUrl()}/${path}`, body);
const expectError = (res: { statusCode: number; body: string }, status: number, code: string) => {
  expect(res.statusCode, res.body).toBe(status);
  expect(JSON.parse(res.body).error.code).toBe(code);
};
async function auditRows(action: string) {
  return inSystemTx(t.database.db, (tx) => tx.select().from(auditLog).where(eq(auditLog.action, action)));
}
async function deadlines(who: SeatedCandidate) {
  return inSystemTx(t.database.db, async (tx) =>
    resultRows<{
      subject: string;
      opens_at: string;
      deadline_at: string;
      submitted_at: string | null;
      submit_kind: string | null;
    }>(
      await tx.execute(sql`
        select s.subject, s.opens_at, s.deadline_at, s.submitted_at, s.submit_kind from attempt_subjects s
        join exam_attempts a on a.id = s.attempt_id
        where a.application_id = ${who.applicationId} and a.session_id = ${day.sessionId} order by s.position`),
    ).map((r) => ({ ...r, opensAt: new Date(r.opens_at).getTime(), deadlineAt: new Date(r.deadline_at).getTime() })),
  );
}
const exam = (token: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url, payload: payload as never, headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  t = await buildTestApp({ loginRatePerMinute: 10_000, sessionIdleMinutes: 24 * 60 });
  t.clock.set(at('08:40'));
  day = await buildExamDay(t, DATE);
  c = day.candidates;
  const zzAdminAccount = await buildAccount(t, day.zz, 'jurisdiction_admin');
  zzAdminId = zzAdminAccount.id;
  const lyAdminAccount = await buildAccount(t, day.ly, 'jurisdiction_admin');
  const p1 = await buildAccount(t, day.zz, 'proctor');
  const p2 = await buildAccount(t, day.zz, 'proctor');
  const m = await buildAccount(t, day.zz, 'centre_manager', { centreId: day.centreId });
  const o = await buildAccount(t, day.unit, 'unit_officer');
  proctorId = p1.id;
  otherProctorId = p2.id;
  zzAdmin = await signIn(t, zzAdminAccount.username);
  lyAdmin = await signIn(t, lyAdminAccount.username);
  proctor = await signIn(t, p1.username);
  otherProctor = await signIn(t, p2.username);
  manager = await signIn(t, m.username);
  officer = await signIn(t, o.username);
}, 120_000);

afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('assignments (exam.assign)', () => {
  it('lets the jurisdiction assign its proctors to its rooms, and lists them as the proctor’s rooms', async () => {
    const list = await zzAdmin.get(`${roomUrl()}/assignable-proctors`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((p: { accountId: number }) => p.accountId)).toEqual(
      expect.arrayContaining([proctorId, otherProctorId]),
    );
    const res = await zzAdmin.post(`${roomUrl()}/proctors`, { accountId: proctorId });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().proctors.map((p: { accountId: number }) => p.accountId)).toEqual([proctorId]);
    expectError(await zzAdmin.post(`${roomUrl()}/proctors`, { accountId: proctorId }), 409, 'EXAM_PROCTOR_ASSIGNED');
    // Not a proctor account.
    expectError(await zzAdmin.post(`${roomUrl()}/proctors`, { accountId: zzAdminId }), 400, 'EXAM_PROCTOR_INVALID');
    // Another jurisdiction's room is not found; its proctors are not ours to assign.
    expectError(await lyAdmin.post(`${roomUrl()}/proctors`, { accountId: proctorId }), 404, 'NOT_FOUND');
    const lyRoom = `/api/proctoring/sessions/${day.sessionId}/rooms/${day.lyRoomId}/proctors`;
    expectError(await lyAdmin.post(lyRoom, { accountId: proctorId }), 400, 'EXAM_PROCTOR_INVALID');
    // A proctor assigns nobody.
    expect((await proctor.post(`${roomUrl()}/proctors`, { accountId: otherProctorId })).statusCode).toBe(403);
    // The centre manager assigns in their centre, and takes it back.
    const byManager = await manager.post(`/api/proctoring/sessions/${day.sessionId}/rooms/${day.room2Id}/proctors`, {
      accountId: otherProctorId,
    });
    expect(byManager.statusCode, byManager.body).toBe(200);
    const removed = await manager.request(
      'DELETE',
      `/api/proctoring/sessions/${day.sessionId}/rooms/${day.room2Id}/proctors/${otherProctorId}`,
    );
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().proctors).toEqual([]);
    expect((await auditRows('proctor.assign')).length).toBe(2);
    expect((await auditRows('proctor.unassign')).length).toBe(1);

    const mine = await proctor.get('/api/proctoring/my-rooms');
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().items).toEqual([
      expect.objectContaining({ roomId: day.roomId, today: true, seated: 6, examRoomNumber: '01' }),
    ]);
    expect((await otherProctor.get('/api/proctoring/my-rooms')).json().items).toEqual([]);
    const rooms = await zzAdmin.get(`/api/proctoring/sessions/${day.sessionId}/rooms`);
    expect(rooms.json().items.map((r: { roomId: number }) => r.roomId)).toEqual([day.roomId]);
    expect(rooms.json().abilities.assign).toBe(true);
    const sessions = await manager.get('/api/proctoring/sessions');
    expect(sessions.json().sessions.map((s: { id: number }) => s.id)).toContain(day.sessionId);
  });
});

describe('the live room', () => {
  it('refuses another jurisdiction, a proctor not assigned and a role without exam.proctor', async () => {
    expectError(await otherProctor.get(roomUrl()), 403, 'EXAM_NOT_ASSIGNED');
    expectError(await lyAdmin.get(roomUrl()), 404, 'NOT_FOUND');
    expect((await officer.get(roomUrl())).statusCode).toBe(403);
    expectError(await otherProctor.post(`${roomUrl()}/pause`, { reason: '停电' }), 403, 'EXAM_NOT_ASSIGNED');
    expectError(await lyAdmin.post(`${roomUrl()}/pause`, { reason: '停电' }), 404, 'NOT_FOUND');
    expect((await manager.get(roomUrl())).statusCode).toBe(200);
  });

  it('shows the seat map with who sits where and each candidate’s state', async () => {
    for (const who of c.slice(0, 4)) tokens.set(who.applicationId, (await signInCandidate(t, who)).token);
    const v = await view();
    expect(v.room).toMatchObject({ rows: 3, columns: 8, outOfUse: ['C08'] });
    expect(v.room.spare.length).toBeGreaterThan(0);
    expect(v.seats.map((s) => [s.seatLabel, s.state])).toEqual([
      ['A01', 'waiting'],
      ['A02', 'waiting'],
      ['A03', 'waiting'],
      ['A04', 'waiting'],
      ['A05', 'not_signed_in'],
      ['A06', 'not_signed_in'],
    ]);
    expect(seatOf(v, c[0]!)).toMatchObject({
      name: c[0]!.name,
      ticketNumber: c[0]!.ticketNumber,
      stateLabel: '待入场',
    });
    expect(v.counts).toMatchObject({ waiting: 4, not_signed_in: 2 });
    expect(v.proctors.map((p) => p.accountId)).toEqual([proctorId]);
    expect(v.state).toMatchObject({ pausedAt: null, stoppedAt: null, mayStop: false, mayMarkAbsent: false });
    const photo = await proctor.get(`${roomUrl()}/candidates/${c[0]!.applicationId}/photo`);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expectError(await proctor.get(`${roomUrl()}/candidates/${c[1]!.applicationId}/photo`), 404, 'NOT_FOUND');
    expectError(
      await proctor.get(`${roomUrl()}/candidates/${day.lyCandidate.applicationId}/photo`),
      404,
      'EXAM_NOT_IN_ROOM',
    );
  });
});

describe('actions', () => {
  it('admits a signed-in candidate once, and nobody who has not signed in or sits elsewhere', async () => {
    const res = await post('admit', { applicationId: c[0]!.applicationId, reason: '核验身份', ticketVerified: true });
    expect(res.statusCode, res.body).toBe(200);
    expectError(
      await post('admit', { applicationId: c[0]!.applicationId, reason: '再次' }),
      409,
      'EXAM_ALREADY_ADMITTED',
    );
    expectError(
      await post('admit', { applicationId: c[4]!.applicationId, reason: '核验身份' }),
      409,
      'EXAM_NOT_SIGNED_IN',
    );
    expectError(
      await post('admit', { applicationId: day.lyCandidate.applicationId, reason: 'x' }),
      404,
      'EXAM_NOT_IN_ROOM',
    );
    expect((await post('admit', { applicationId: c[0]!.applicationId, reason: '' })).statusCode).toBe(400);
    expect((await post('admit', { applicationId: c[1]!.applicationId, reason: '核验身份' })).statusCode).toBe(200);
    const [row] = await auditRows('proctor.admit');
    expect(row!.summary).toContain(c[0]!.ticketNumber);
    expect(row!.summary).toContain('已核验准考证二维码');
    expect((await auditRows('proctor.admit')).length).toBe(2);
    expect(seatOf(await view(), c[0]!).state).toBe('admitted');
  });

  it('shows the open subject, answers saved and the time left', async () => {
    t.clock.set(at('09:10'));
    const token = tokens.get(c[0]!.applicationId)!;
    const paper = await exam(token, 'GET', '/api/exam/subjects/skill/paper');
    expect(paper.statusCode, paper.body).toBe(200);
    const save = await exam(token, 'POST', '/api/exam/answers', {
      subject: 'skill',
      changes: [
        { position: 1, answer: 'A', flagged: false, seq: 1 },
        { position: 2, answer: 'B', flagged: false, seq: 2 },
      ],
    });
    expect(save.statusCode, save.body).toBe(200);
    const s = seatOf(await view(), c[0]!);
    expect(s).toMatchObject({ state: 'answering', openSubject: 'skill', answered: 2, itemCount: 20 });
    expect(s.remainingMs).toBe(50 * 60_000);
  });

  it('gives time to one candidate or the whole room, never zero, negative or too much', async () => {
    for (const seconds of [0, -60, 1.5, 240 * 60 + 1]) {
      expect((await post('time', { applicationId: c[0]!.applicationId, seconds, reason: '机器故障' })).statusCode).toBe(
        400,
      );
    }
    const before = await deadlines(c[0]!);
    expect(
      (await post('time', { applicationId: c[0]!.applicationId, seconds: 300, reason: '机器故障' })).statusCode,
    ).toBe(200);
    const after = await deadlines(c[0]!);
    expect(after[0]!.deadlineAt - before[0]!.deadlineAt).toBe(300_000);
    // The later subject moves as a whole (the break keeps its length).
    expect(after[1]!.opensAt - before[1]!.opensAt).toBe(300_000);
    const b2 = await deadlines(c[1]!);
    expect((await post('time', { seconds: 60, reason: '开考延误' })).statusCode).toBe(200);
    expect((await deadlines(c[1]!))[0]!.deadlineAt - b2[0]!.deadlineAt).toBe(60_000);
    expect((await view()).state.extraSeconds).toBe(60);
    expect((await auditRows('proctor.give_time')).length).toBe(1);
    expect((await auditRows('proctor.give_time_room')).length).toBe(1);
  });

  it('marks absent only after the late-entry limit and only who was not admitted', async () => {
    expectError(
      await post('absent', { applicationId: c[5]!.applicationId, reason: '未到' }),
      409,
      'EXAM_ABSENT_TOO_EARLY',
    );
    // The room's minute given moved the first subject, and the late-entry limit with it (09:16).
    t.clock.set(at('09:17'));
    expect((await post('absent', { applicationId: c[5]!.applicationId, reason: '未到' })).statusCode).toBe(200);
    expectError(
      await post('absent', { applicationId: c[5]!.applicationId, reason: '未到' }),
      409,
      'EXAM_ALREADY_ABSENT',
    );
    expectError(
      await post('absent', { applicationId: c[0]!.applicationId, reason: '未到' }),
      409,
      'EXAM_ALREADY_ADMITTED',
    );
    expect((await post('absent', { applicationId: c[2]!.applicationId, reason: '未入场' })).statusCode).toBe(200);
    const v = await view();
    expect(seatOf(v, c[5]!).state).toBe('absent');
    expect(seatOf(v, c[2]!).state).toBe('absent');
    expect(v.state.mayMarkAbsent).toBe(true);
    // The candidate marked absent cannot sign in any more (the delivery side reads the same attempt).
    const late = await t.app.inject({
      method: 'POST',
      url: '/api/exam/sign-in',
      payload: { ticketNumber: c[5]!.ticketNumber, idNumber: c[5]!.idNumber },
    });
    expectError(late, 409, 'EXAM_ABSENT');
    expect((await auditRows('proctor.absent')).length).toBe(2);
  });

  it('lets a second PC take over only when the proctor confirms, and refuses the old one after', async () => {
    const old = tokens.get(c[0]!.applicationId)!;
    expectError(
      await post('takeover', { applicationId: c[0]!.applicationId, reason: '换机' }),
      409,
      'EXAM_NO_PENDING_CLIENT',
    );
    const second = await signInCandidate(t, c[0]!);
    expect(second.status).toBe('pending');
    expect(seatOf(await view(), c[0]!).pendingTakeover).toBe(true);
    expect((await post('takeover', { applicationId: c[0]!.applicationId, reason: '原机死机' })).statusCode).toBe(200);
    expect(seatOf(await view(), c[0]!).pendingTakeover).toBe(false);
    expectError(await exam(old, 'GET', '/api/exam/state'), 401, 'EXAM_CLIENT_REPLACED');
    expect((await exam(second.token, 'GET', '/api/exam/state')).statusCode).toBe(200);
    tokens.set(c[0]!.applicationId, second.token);
    expect((await auditRows('proctor.takeover')).length).toBe(1);
  });

  it('moves a candidate to a free or spare seat, here or in another room of the centre, with time given back', async () => {
    const who = c[0]!.applicationId;
    expectError(
      await post('move', { applicationId: who, seatLabel: 'A02', reason: '机器故障' }),
      409,
      'EXAM_SEAT_TAKEN',
    );
    expectError(
      await post('move', { applicationId: who, seatLabel: 'C08', reason: '机器故障' }),
      409,
      'EXAM_SEAT_OUT_OF_USE',
    );
    expectError(
      await post('move', { applicationId: who, seatLabel: 'Z99', reason: '机器故障' }),
      400,
      'EXAM_SEAT_UNKNOWN',
    );
    expectError(
      await post('move', { applicationId: who, toRoomId: day.lyRoomId, seatLabel: 'B01', reason: '机器故障' }),
      409,
      'EXAM_MOVE_OTHER_CENTRE',
    );
    expectError(
      await post('move', { applicationId: c[4]!.applicationId, seatLabel: 'B01', reason: '换座' }),
      409,
      'EXAM_NOT_SIGNED_IN',
    );
    const spare = (await view()).room.spare[0]!;
    const before = await deadlines(c[0]!);
    const res = await post('move', { applicationId: who, seatLabel: spare, giveSeconds: 120, reason: '机器故障' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await deadlines(c[0]!))[0]!.deadlineAt - before[0]!.deadlineAt).toBe(120_000);
    // The seat of the absent candidate (A03) is free.
    expect(
      (await post('move', { applicationId: c[3]!.applicationId, seatLabel: 'A03', reason: '靠近讲台' })).statusCode,
    ).toBe(200);
    let v = await view();
    expect(seatOf(v, c[0]!)).toMatchObject({ seatLabel: spare, plannedSeatLabel: 'A01' });
    // Another room of the same centre: the candidate leaves this map and is listed as moved out.
    const out = await post('move', {
      applicationId: c[1]!.applicationId,
      toRoomId: day.room2Id,
      seatLabel: 'A01',
      reason: '空调故障',
    });
    expect(out.statusCode, out.body).toBe(200);
    v = await view();
    expect(v.seats.some((s) => s.applicationId === c[1]!.applicationId)).toBe(false);
    expect(v.movedOut).toEqual([
      expect.objectContaining({ applicationId: c[1]!.applicationId, roomName: '实训楼202', seatLabel: 'A01' }),
    ]);
    expect((await auditRows('proctor.move')).length).toBe(3);
  });

  it('pauses and resumes the room, giving the paused time back to every attempt', async () => {
    t.clock.set(at('09:30'));
    const before = await deadlines(c[0]!);
    const beforeFour = await deadlines(c[3]!);
    const ownTime = seatOf(await view(), c[0]!).extraSeconds;
    expect((await post('pause', { reason: '停电' })).statusCode).toBe(200);
    expectError(await post('pause', { reason: '停电' }), 409, 'EXAM_ROOM_PAUSED');
    const frozen = seatOf(await view(), c[0]!).remainingMs;
    t.clock.set(at('09:40'));
    const v = await view();
    expect(v.state.pausedAt).not.toBeNull();
    expect(seatOf(v, c[0]!).remainingMs).toBe(frozen);
    expectError(await post('stop', { reason: '停电' }), 409, 'EXAM_STOP_TOO_EARLY');
    expect((await post('resume', { reason: '来电' })).statusCode).toBe(200);
    expectError(await post('resume', { reason: '来电' }), 409, 'EXAM_ROOM_NOT_PAUSED');
    const after = await deadlines(c[0]!);
    expect(after[0]!.deadlineAt - before[0]!.deadlineAt).toBe(600_000);
    expect(after[1]!.opensAt - before[1]!.opensAt).toBe(600_000);
    // A waiting candidate's subjects move too.
    expect((await deadlines(c[3]!))[0]!.deadlineAt - beforeFour[0]!.deadlineAt).toBe(600_000);
    const resumed = await view();
    expect(resumed.state).toMatchObject({ pausedAt: null, pausedSeconds: 600 });
    expect(seatOf(resumed, c[0]!).remainingMs).toBe(frozen);
    // The pause given back is the room's (pausedSeconds), not the candidate's own extra time: the report counts it once.
    expect(seatOf(resumed, c[0]!).extraSeconds).toBe(ownTime);
    expect((await auditRows('proctor.pause')).length).toBe(1);
    expect((await auditRows('proctor.resume')).length).toBe(1);
  });

  it('records violations and incidents, and ends an incident later', async () => {
    const v1 = await post('violations', {
      applicationId: c[0]!.applicationId,
      tier: 1,
      type: 'communication',
      note: '交头接耳',
    });
    expect(v1.statusCode, v1.body).toBe(200);
    expect(
      (await post('violations', { applicationId: c[0]!.applicationId, tier: 4, type: 'communication', note: 'x' }))
        .statusCode,
    ).toBe(400);
    expect(
      (await post('violations', { applicationId: c[0]!.applicationId, tier: 1, type: 'nonsense', note: 'x' }))
        .statusCode,
    ).toBe(400);
    expectError(
      await post('incidents', { type: 'power', startedAt: at('09:30'), endedAt: at('09:20'), note: '停电' }),
      400,
      'EXAM_INCIDENT_TIMES',
    );
    const inc = await post('incidents', { type: 'network', startedAt: at('09:35'), note: '交换机断电' });
    expect(inc.statusCode, inc.body).toBe(200);
    const v = await view();
    const incident = v.events.find((e) => e.kind === 'incident')!;
    expect(incident).toMatchObject({ typeLabel: '网络中断', endedAt: null });
    expect(v.events.find((e) => e.kind === 'violation')).toMatchObject({
      name: c[0]!.name,
      tierLabel: '当科成绩无效',
      typeLabel: '交头接耳、传递信息',
    });
    const end = await proctor.post(`${roomUrl()}/incidents/${incident.id}/end`, { reason: '已恢复' });
    expect(end.statusCode, end.body).toBe(200);
    expectError(
      await proctor.post(`${roomUrl()}/incidents/${incident.id}/end`, { reason: '已恢复' }),
      409,
      'EXAM_INCIDENT_ENDED',
    );
    expect((await auditRows('proctor.violation')).length).toBe(1);
    expect((await auditRows('proctor.incident')).length).toBe(1);
    expect((await auditRows('proctor.incident_end')).length).toBe(1);
  });

  it('merges a recovery file of a candidate of the room', async () => {
    const key = await t.app.inject({ method: 'GET', url: '/api/exam/recovery-key' });
    expect(key.statusCode, key.body).toBe(200);
    const file = recoveryFile(key.json().publicKey, c[0]!.ticketNumber, day.sessionId, [
      { subject: 'skill', position: 3, answer: 'C', flagged: false, seq: 10 },
    ]);
    const res = await uploadRecovery(file, '断网后导出');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().message).toContain('合并 1 条');
    expect(seatOf(await view(), c[0]!).answered).toBe(3);
    expectError(await uploadRecovery(Buffer.from('not a file'), '断网后导出'), 400, 'RECOVERY_FILE_INVALID');
    const elsewhere = recoveryFile(key.json().publicKey, c[1]!.ticketNumber, day.sessionId, [
      { subject: 'skill', position: 1, answer: 'A', flagged: false, seq: 5 },
    ]);
    expectError(await uploadRecovery(elsewhere, '断网后导出'), 409, 'EXAM_RECOVERY_OTHER_ROOM');
    expect((await auditRows('proctor.recovery')).length).toBe(1);
  });

  it('collects a candidate’s paper (force submit), scored', async () => {
    expectError(
      await post('force-submit', { applicationId: c[4]!.applicationId, reason: '身体不适' }),
      409,
      'EXAM_NOT_SIGNED_IN',
    );
    const res = await post('force-submit', { applicationId: c[0]!.applicationId, reason: '身体不适，提前离场' });
    expect(res.statusCode, res.body).toBe(200);
    const [skill] = await deadlines(c[0]!);
    expect(skill).toMatchObject({ submit_kind: 'proctor' });
    expect(skill!.submitted_at).not.toBeNull();
    expect((await auditRows('proctor.force_submit')).length).toBe(1);
  });

  it('prints the 场次报告', async () => {
    const res = await proctor.get(`${roomUrl()}/report.pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const file = path.join(dir, 'report.pdf');
    writeFileSync(file, res.rawPayload);
    const text = flatText(file);
    for (const words of [
      '场次报告',
      '郑州监考测试考点',
      '第01考场（实训楼201）',
      '监考测试场',
      '缺考2人',
      '考场暂停累计10分钟',
      '全考场延长1分钟',
      '交头接耳、传递信息',
      '当科成绩无效',
      '网络中断',
      '测试proctor',
      '监考员签名',
    ]) {
      expect(text).toContain(words.replace(/\s+/g, ''));
    }
    expect(text).toContain(c[5]!.name);
    expect((await auditRows('proctor.report')).length).toBe(1);
  });

  it('stops the session only after the outage limit, then refuses further actions', async () => {
    t.clock.set(at('09:50'));
    expect((await post('pause', { reason: '停电' })).statusCode).toBe(200);
    t.clock.set(at('10:30'));
    expectError(await post('stop', { reason: '停电超时' }), 409, 'EXAM_STOP_TOO_EARLY');
    t.clock.set(at('10:36'));
    expect((await view()).state.mayStop).toBe(true);
    const res = await post('stop', { reason: '停电超过45分钟' });
    expect(res.statusCode, res.body).toBe(200);
    const v = await view();
    expect(v.state.stoppedAt).not.toBeNull();
    expect(seatOf(v, c[3]!).state).toBe('stopped');
    expect(seatOf(v, c[0]!).state).toBe('stopped');
    expectError(await post('time', { seconds: 60, reason: 'x' }), 409, 'EXAM_ROOM_STOPPED');
    expectError(await post('resume', { reason: 'x' }), 409, 'EXAM_ROOM_STOPPED');
    const [, ethics] = await deadlines(c[3]!);
    expect(ethics!.submit_kind).toBe('stopped');
    expect((await auditRows('proctor.stop')).length).toBe(1);
  });
});

describe('inspection (exam.inspect)', () => {
  it('shows every room of the session in the caller’s subtree, read only', async () => {
    const res = await zzAdmin.get(`/api/inspection/sessions/${day.sessionId}/rooms`);
    expect(res.statusCode, res.body).toBe(200);
    const rooms = res.json().rooms as {
      roomId: number;
      counts: Record<string, number>;
      stoppedAt: string | null;
      violations: number;
    }[];
    expect(rooms.map((r) => r.roomId).sort()).toEqual([day.roomId, day.room2Id].sort());
    const room1 = rooms.find((r) => r.roomId === day.roomId)!;
    expect(room1.stoppedAt).not.toBeNull();
    expect(room1.violations).toBe(1);
    expect(room1.counts).toMatchObject({ absent: 2, stopped: 2, not_signed_in: 1 });
    // The candidate moved into room 2 counts there (admitted, answering past the deadline until the sweep).
    const room2 = rooms.find((r) => r.roomId === day.room2Id)!.counts;
    expect((room2.admitted ?? 0) + (room2.answering ?? 0)).toBe(1);
    const ly = await lyAdmin.get(`/api/inspection/sessions/${day.sessionId}/rooms`);
    expect(ly.json().rooms.map((r: { roomId: number }) => r.roomId)).toEqual([day.lyRoomId]);
    expect((await proctor.get(`/api/inspection/sessions/${day.sessionId}/rooms`)).statusCode).toBe(403);
    expect((await manager.get(`/api/inspection/sessions/${day.sessionId}/rooms`)).statusCode).toBe(200);
  });
});

// ─── A recovery file as the client writes it (docs/api-exam-day.md) ──────────────────────────────────────

const X25519_SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

function recoveryFile(
  serverPublic: string,
  ticketNumber: string,
  sessionId: number,
  journal: { subject: string; position: number; answer: string; flagged: boolean; seq: number }[],
): Buffer {
  const server = createPublicKey({
    key: Buffer.concat([X25519_SPKI_PREFIX, Buffer.from(serverPublic, 'base64url')]),
    format: 'der',
    type: 'spki',
  });
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  const shared = diffieHellman({ privateKey, publicKey: server });
  const iv = randomBytes(12);
  const key = Buffer.from(hkdfSync('sha256', shared, iv, 'gongkao recovery v1', 32));
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const plain = Buffer.from(JSON.stringify({ ticketNumber, sessionId, createdAt: new Date().toISOString(), journal }));
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(X25519_SPKI_PREFIX.length);
  return Buffer.from(
    JSON.stringify({
      v: 1,
      ticketNumber,
      sessionId,
      ephemeralPublicKey: Buffer.from(raw).toString('base64url'),
      iv: iv.toString('base64url'),
      ciphertext: ciphertext.toString('base64url'),
    }),
  );
}

function uploadRecovery(file: Buffer, reason: string) {
  const boundary = '----gk-recovery';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="reason"\r\n\r\n${reason}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.gkr"\r\n`),
    Buffer.from('Content-Type: application/octet-stream\r\n\r\n'),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return proctor.request('POST', `${roomUrl()}/recovery`, body, {
    'content-type': `multipart/form-data; boundary=${boundary}`,
  });
}
