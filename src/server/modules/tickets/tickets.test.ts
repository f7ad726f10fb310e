import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildTestApp, type Client, signIn, type TestApp } from '../../../../test/setup/harness.js';
import { encodeTicketNumber } from '../../../domain/ticket-number.js';
import {
  applicationFiles,
  applications,
  auditLog,
  campaignPhases,
  examRoomNumbers,
  examRooms,
  examSessions,
  type orgNodes,
  seatAssignments,
  testCentres,
} from '../../db/schema.js';
import { jobDiskFileDir, jobDiskFilePath, sweepJobDiskFiles } from '../../platform/job-disk-files.js';
import { inSystemTx } from '../../platform/tx.js';
import { type CampaignFixture, openCampaign2017, unitWithOfficer } from '../applications/applications.test-support.js';
import { verifyTicket } from './ticket-token.js';
import { flatText, pageCount, readQr, sampleIdNumber, samplePhoto } from './tickets.test-support.js';

type NodeRow = typeof orgNodes.$inferSelect;

// The 准考证, the 门贴 and 签到表 and a centre's set, through the API, read back as a reader sees them (poppler).
const dir = mkdtempSync(path.join(tmpdir(), 'gk-ticket-api-'));
const dataDir = path.join(dir, 'data');
let t: TestApp;
let fixture: CampaignFixture;
let zz: NodeRow;
let unitA: NodeRow;
let unitB: NodeRow;
let officerA: Client;
let officerB: Client;
let applicant1: Client;
let applicant2: Client;
let zzAdmin: Client;
let lyAdmin: Client;
let manager: Client;
let centreId: number;
let roomId: number;
let sessionId: number;
/** a1, a2: unit A (a1 has an applicant account and a photo); b1: unit B, not yet published. */
const ids = { a1: 0, a2: 0, b1: 0 };
const numbers = { a1: '', a2: '', b1: '' };
const idNumbers = { a1: sampleIdNumber(701), a2: sampleIdNumber(702), b1: sampleIdNumber(703) };

// The clock stands in the template's window (2017-05-20 … 2017-09-30); the window moves instead of the clock (a
// jump of months would end the sessions).
const TODAY = '2017-06-01T10:00:00+08:00';

/** Runs fn with the campaign's 准考证打印 window moved, then puts it back. */
async function withWindow<T>(startsOn: string, endsOn: string, fn: () => Promise<T>): Promise<T> {
  const move = (from: string, to: string) =>
    inSystemTx(t.database.db, (tx) =>
      tx
        .update(campaignPhases)
        .set({ startsOn: from, endsOn: to })
        .where(and(eq(campaignPhases.campaignId, fixture.campaignId), eq(campaignPhases.phase, 'ticket_printing'))),
    );
  await move(startsOn, endsOn);
  try {
    return await fn();
  } finally {
    await move('2017-05-20', '2017-09-30');
  }
}
const upcoming = <T>(fn: () => Promise<T>) => withWindow('2017-06-05', '2017-09-30', fn);
const ended = <T>(fn: () => Promise<T>) => withWindow('2017-05-20', '2017-05-31', fn);

afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(jobDiskFileDir(dataDir), { recursive: true, force: true });
});

let counter = 0;
function save(pdf: Buffer): string {
  const file = path.join(dir, `doc-${counter++}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

async function auditCount(action: string): Promise<number> {
  const rows = await t.database.db.select().from(auditLog).where(eq(auditLog.action, action));
  return rows.length;
}

async function application(unit: NodeRow, name: string, idNumber: string, applicantAccountId: number | null) {
  return inSystemTx(t.database.db, async (tx) => {
    const now = t.clock.now();
    const [row] = await tx
      .insert(applications)
      .values({
        campaignId: fixture.campaignId,
        unitId: unit.id,
        orgPath: unit.path,
        departmentId: unit.parentId!,
        jurisdictionId: zz.id,
        applicantAccountId,
        source: 'unit',
        status: 'province_confirmed',
        idNumber,
        name,
        sex: 'male',
        birthDate: '1980-01-01',
        education: 'senior_high',
        workStartMonth: '2000-01',
        workYears: 17,
        appliedJobTypeId: fixture.driverId,
        appliedGrade: 4,
        verdict: 'eligible',
        findings: [],
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: applications.id });
    return row!.id;
  });
}

async function seat(applicationId: number, unit: NodeRow, accountId: number | null, n: number, notified: boolean) {
  const ticketNumber = encodeTicketNumber({ year: 2017, regionCode: '410100', centre: 7, room: 3, seat: n });
  await inSystemTx(t.database.db, async (tx) => {
    const now = t.clock.now();
    await tx.insert(seatAssignments).values({
      applicationId,
      campaignId: fixture.campaignId,
      sessionId,
      roomId,
      centreId,
      seat: n,
      seatLabel: `A${String(n).padStart(2, '0')}`,
      ticketNumber,
      orgPath: unit.path,
      applicantAccountId: accountId,
      centrePath: zz.path,
      source: 'auto',
      notifiedAt: notified ? now : null,
      createdAt: now,
      updatedAt: now,
    });
  });
  return ticketNumber;
}

beforeAll(async () => {
  t = await buildTestApp({ loginRatePerMinute: 10_000, dataDir });
  t.clock.set(TODAY);
  fixture = await openCampaign2017(t);
  const a = await unitWithOfficer(t, '郑州市', '郑州市第七中学');
  const b = await unitWithOfficer(t, '郑州市', '郑州市第八中学');
  zz = a.jurisdiction;
  unitA = a.unit;
  unitB = b.unit;
  const ly = await unitWithOfficer(t, '洛阳市');
  const acct1 = await buildAccount(t, zz, 'applicant');
  const acct2 = await buildAccount(t, zz, 'applicant');
  const zzAdminAccount = await buildAccount(t, zz, 'jurisdiction_admin');
  const lyAdminAccount = await buildAccount(t, ly.jurisdiction, 'jurisdiction_admin');

  await inSystemTx(t.database.db, async (tx) => {
    const now = t.clock.now();
    const [centre] = await tx
      .insert(testCentres)
      .values({
        orgNodeId: zz.id,
        orgPath: zz.path,
        name: '郑州市第七职业中专考点',
        code: '07',
        address: '郑州市二七区大学路100号',
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    centreId = centre!.id;
    const [room] = await tx
      .insert(examRooms)
      .values({
        centreId,
        orgPath: zz.path,
        code: '11',
        name: '实训楼201',
        seatRows: 5,
        seatColumns: 6,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    roomId = room!.id;
    const [session] = await tx
      .insert(examSessions)
      .values({
        campaignId: fixture.campaignId,
        name: '第一场',
        sessionDate: '2017-06-10',
        startTime: '09:00',
        subjects: [
          { subject: 'skill', durationMinutes: 60, breakAfterMinutes: 20 },
          { subject: 'ethics', durationMinutes: 60, breakAfterMinutes: 20 },
          { subject: 'ability', durationMinutes: 60, breakAfterMinutes: 0 },
        ],
        lateEntryMinutes: 20,
        earliestHandInMinutes: 40,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    sessionId = session!.id;
    await tx.insert(examRoomNumbers).values({
      campaignId: fixture.campaignId,
      sessionId,
      roomId,
      centreId,
      number: '03',
      createdAt: now,
    });
  });
  const managerAccount = await buildAccount(t, zz, 'centre_manager', { centreId });

  ids.a1 = await application(unitA, '刘建军', idNumbers.a1, acct1.id);
  ids.a2 = await application(unitA, '陈秀英', idNumbers.a2, null);
  ids.b1 = await application(unitB, '赵卫东', idNumbers.b1, acct2.id);
  numbers.a1 = await seat(ids.a1, unitA, acct1.id, 1, true);
  numbers.a2 = await seat(ids.a2, unitA, null, 2, true);
  numbers.b1 = await seat(ids.b1, unitB, acct2.id, 3, false);
  const photo = samplePhoto();
  await inSystemTx(t.database.db, (tx) =>
    tx.insert(applicationFiles).values({
      applicationId: ids.a1,
      kind: 'photo',
      fileName: 'photo.jpg',
      mime: 'image/jpeg',
      size: photo.length,
      width: 295,
      height: 413,
      sha256: 'x'.repeat(64),
      data: photo,
      createdAt: t.clock.now(),
    }),
  );

  officerA = await signIn(t, a.officer.username);
  officerB = await signIn(t, b.officer.username);
  applicant1 = await signIn(t, acct1.username);
  applicant2 = await signIn(t, acct2.username);
  zzAdmin = await signIn(t, zzAdminAccount.username);
  lyAdmin = await signIn(t, lyAdminAccount.username);
  manager = await signIn(t, managerAccount.username);
});

describe('我的准考证', () => {
  it('tells the applicant whether and when the ticket prints', async () => {
    const before = await upcoming(() => applicant1.get('/api/tickets/mine'));
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json()).toMatchObject({
      today: '2017-06-01',
      items: [
        {
          applicationId: ids.a1,
          name: '刘建军',
          sessionName: '第一场',
          sessionDate: '2017-06-10',
          startTime: '09:00',
          ticketNumber: numbers.a1,
          seatLabel: 'A01',
          window: { startsOn: '2017-06-05', endsOn: '2017-09-30' },
          state: 'upcoming',
          printable: false,
          message: '准考证打印时间为2017年6月5日至2017年9月30日，尚未开始',
        },
      ],
    });
    const during = (await applicant1.get('/api/tickets/mine')).json();
    expect(during.items[0]).toMatchObject({ state: 'printable', printable: true });
    const unpublished = (await applicant2.get('/api/tickets/mine')).json();
    expect(unpublished.items).toEqual([
      expect.objectContaining({ applicationId: ids.b1, state: 'not_published', ticketNumber: null, seatLabel: null }),
    ]);
    expect((await officerA.get('/api/tickets/mine')).statusCode).toBe(403);
  });
});

describe('the 准考证 PDF', () => {
  it('holds every field and a QR code that verifies with the public key; one audit row per print', async () => {
    const audits = await auditCount('ticket.print');
    const res = await applicant1.get(`/api/tickets/${ids.a1}.pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const file = save(res.rawPayload);
    expect(pageCount(file)).toBe(1);
    const text = flatText(file);
    for (const expected of [
      '2017年度',
      '准考证',
      '刘建军',
      idNumbers.a1,
      numbers.a1,
      '汽车驾驶员',
      '四级',
      '郑州市第七职业中专考点',
      '郑州市二七区大学路100号',
      '第03考场（实训楼201）',
      'A01（1号）',
      '第一场',
      '岗位技能',
      '职业道德',
      '职业能力',
      '2017年6月10日09:00—10:00',
      '2017年6月10日10:20—11:20',
      '2017年6月10日11:40—12:40',
      '考生须知',
      '考试开始20分钟后，考生不得进入考场；考试开始40分钟内不得交卷离场。',
    ]) {
      expect(text, expected).toContain(expected);
    }
    const token = readQr(file);
    expect(token).toMatch(/^GKT1\./);
    const checked = verifyTicket(t.deps.signingKey!, token!);
    expect(checked).toMatchObject({
      ok: true,
      claims: {
        ticketNumber: numbers.a1,
        applicationId: ids.a1,
        name: '刘建军',
        sessionId,
        sessionStart: '2017-06-10T01:00:00.000Z',
        centreCode: '07',
        roomCode: '03',
        seatLabel: 'A01',
      },
    });
    // One character changed in the payload: refused.
    const [prefix, payload, signature] = token!.split('.');
    const altered = `${prefix}.${payload!.slice(0, 10)}${payload![10] === 'A' ? 'B' : 'A'}${payload!.slice(11)}.${signature}`;
    expect(verifyTicket(t.deps.signingKey!, altered)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(await auditCount('ticket.print')).toBe(audits + 1);
  });

  it('refuses outside the printing window (with its dates) and before publication, auditing nothing', async () => {
    const audits = await auditCount('ticket.print');
    const early = await upcoming(() => applicant1.get(`/api/tickets/${ids.a1}.pdf`));
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({
      code: 'TICKET_OUTSIDE_WINDOW',
      message: '准考证打印时间为2017年6月5日至2017年9月30日，现在尚未开始，不能打印准考证',
    });
    const late = await ended(() => applicant1.get(`/api/tickets/${ids.a1}.pdf`));
    expect(late.json().error.code).toBe('TICKET_OUTSIDE_WINDOW');
    expect(late.json().error.message).toContain('已经结束');
    const unpublished = await applicant2.get(`/api/tickets/${ids.b1}.pdf`);
    expect(unpublished.statusCode).toBe(409);
    expect(unpublished.json().error.code).toBe('TICKET_NOT_PUBLISHED');
    expect(await auditCount('ticket.print')).toBe(audits);
  });

  it('prints only for the applicant, their unit and its chain', async () => {
    await (async () => {
      // Another applicant's ticket, another unit's staff: as if there were none.
      for (const [client, id] of [
        [applicant1, ids.a2],
        [applicant2, ids.a1],
        [officerB, ids.a1],
        [lyAdmin, ids.a1],
      ] as const) {
        const res = await client.get(`/api/tickets/${id}.pdf`);
        expect(res.statusCode, res.body).toBe(404);
        expect(res.json().error.code).toBe('TICKET_NOT_SEATED');
      }
      expect((await officerA.get(`/api/tickets/${ids.a2}.pdf`)).statusCode).toBe(200);
      expect((await zzAdmin.get(`/api/tickets/${ids.a1}.pdf`)).statusCode).toBe(200);
      // A centre manager prints staff papers, not tickets.
      expect((await manager.get(`/api/tickets/${ids.a1}.pdf`)).statusCode).toBe(403);
    })();
  });

  it('prints a unit’s published staff in one PDF, one page each', async () => {
    const audits = await auditCount('ticket.print_unit');
    const res = await officerA.get(`/api/tickets/unit.pdf?campaignId=${fixture.campaignId}`);
    expect(res.statusCode, res.body).toBe(200);
    const file = save(res.rawPayload);
    expect(pageCount(file)).toBe(2);
    const text = flatText(file);
    for (const expected of ['刘建军', '陈秀英', numbers.a1, numbers.a2]) expect(text).toContain(expected);
    expect(text).not.toContain('赵卫东');
    expect(await auditCount('ticket.print_unit')).toBe(audits + 1);

    // Unit B has nobody published; unit B may not print unit A's staff; nor out of the window.
    const none = await officerB.get(`/api/tickets/unit.pdf?campaignId=${fixture.campaignId}`);
    expect(none.json().error.code).toBe('TICKET_NOT_PUBLISHED');
    const foreign = await officerB.get(`/api/tickets/unit.pdf?campaignId=${fixture.campaignId}&unitId=${unitA.id}`);
    expect(foreign.statusCode).toBe(404);
    const early = await upcoming(() => officerA.get(`/api/tickets/unit.pdf?campaignId=${fixture.campaignId}`));
    expect(early.json().error.code).toBe('TICKET_OUTSIDE_WINDOW');
    // The jurisdiction prints one of its units.
    const byJurisdiction = await zzAdmin.get(
      `/api/tickets/unit.pdf?campaignId=${fixture.campaignId}&unitId=${unitA.id}`,
    );
    expect(byJurisdiction.statusCode).toBe(200);
  });
});

describe('staff papers', () => {
  const base = () => `/api/seating/rooms/${roomId}/sessions/${sessionId}`;

  it('prints the door list and the sign-in sheet for the centre’s manager and jurisdiction', async () => {
    const door = await manager.get(`${base()}/door-list.pdf`);
    expect(door.statusCode, door.body).toBe(200);
    const doorText = flatText(save(door.rawPayload));
    for (const expected of ['考场门贴', '第03考场（实训楼201）', '刘建军', '陈秀英', '赵卫东', numbers.a1, 'A02']) {
      expect(doorText, expected).toContain(expected);
    }
    const sheet = await zzAdmin.get(`${base()}/sign-in-sheet.pdf`);
    expect(sheet.statusCode, sheet.body).toBe(200);
    const sheetText = flatText(save(sheet.rawPayload));
    for (const expected of ['考生签到表', idNumbers.a1, idNumbers.b1, numbers.b1, '监考员签名']) {
      expect(sheetText, expected).toContain(expected);
    }
    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'exam_room'), eq(auditLog.entityId, String(roomId))));
    expect(audits.map((a) => a.action).sort()).toEqual(['ticket.door_list', 'ticket.sign_in_sheet']);
  });

  it('refuses other jurisdictions and roles without seating.read', async () => {
    expect((await lyAdmin.get(`${base()}/door-list.pdf`)).statusCode).toBe(404);
    expect((await officerA.get(`${base()}/door-list.pdf`)).statusCode).toBe(403);
    expect((await applicant1.get(`${base()}/sign-in-sheet.pdf`)).statusCode).toBe(403);
  });
});

describe('a centre’s print set', () => {
  it('runs as a job with progress, writes the file to disk and streams it to its owner only', async () => {
    const started = await manager.post(`/api/centres/${centreId}/print-set`, { campaignId: fixture.campaignId });
    expect(started.statusCode, started.body).toBe(202);
    const { jobId } = started.json();
    let job = (await manager.get(`/api/jobs/${jobId}`)).json();
    for (let i = 0; i < 100 && job.status !== 'done' && job.status !== 'failed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = (await manager.get(`/api/jobs/${jobId}`)).json();
    }
    expect(job).toMatchObject({
      kind: 'ticket.print_set',
      status: 'done',
      total: 1,
      processed: 1,
      result: { rooms: 1, count: 3, downloadUrl: `/api/print-sets/${jobId}.pdf` },
    });
    expect(existsSync(jobDiskFilePath(dataDir, jobId))).toBe(true);

    const file = await manager.get(`/api/print-sets/${jobId}.pdf`);
    expect(file.statusCode, file.body).toBe(200);
    expect(Number(file.headers['content-length'])).toBe(job.result.size);
    const saved = save(file.rawPayload);
    // Door list, sign-in sheet, and the two published candidates' tickets.
    expect(pageCount(saved)).toBe(4);
    const text = flatText(saved);
    for (const expected of ['考场门贴', '考生签到表', '准考证', '郑州市二七区大学路100号', numbers.a2]) {
      expect(text).toContain(expected);
    }
    // Somebody else's job: as if it did not exist.
    expect((await zzAdmin.get(`/api/print-sets/${jobId}.pdf`)).statusCode).toBe(404);
    expect(
      (await lyAdmin.post(`/api/centres/${centreId}/print-set`, { campaignId: fixture.campaignId })).statusCode,
    ).toBe(404);
    expect(await auditCount('ticket.print_set')).toBe(1);
    // Without a campaign: the open one (a centre manager reads no campaign list).
    const byDefault = await zzAdmin.post(`/api/centres/${centreId}/print-set`, {});
    expect(byDefault.statusCode, byDefault.body).toBe(202);
    let other = (await zzAdmin.get(`/api/jobs/${byDefault.json().jobId}`)).json();
    for (let i = 0; i < 100 && other.status !== 'done' && other.status !== 'failed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      other = (await zzAdmin.get(`/api/jobs/${byDefault.json().jobId}`)).json();
    }
    expect(other).toMatchObject({ status: 'done', result: { rooms: 1, count: 3 } });

    // The sweep removes it after a day; the download then says so.
    const old = new Date(Date.now() - 25 * 3600_000);
    utimesSync(jobDiskFilePath(dataDir, jobId), old, old);
    expect(await sweepJobDiskFiles(dataDir, new Date())).toBe(1);
    const gone = await manager.get(`/api/print-sets/${jobId}.pdf`);
    expect(gone.statusCode).toBe(410);
    expect(gone.json().error.code).toBe('PRINT_SET_FILE_GONE');
  });
});
