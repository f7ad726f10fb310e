// One exam day for the proctoring tests: an open campaign whose confirmed candidates have real papers (three small
// banks and published blueprints, drawn by the papers service), a 郑州 centre with two rooms and a 洛阳 centre with
// one, a session today at 09:00 (岗位技能 60 min, a 20-minute break, 职业道德 60 min), and published seats. The
// candidates sign in through the delivery API (`signInCandidate`), exactly as their PCs do.
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { buildAccount, buildNode, findJurisdiction, type TestApp } from '../../../../test/setup/harness.js';
import { type Blueprint, defaultBlueprint } from '../../../domain/blueprint.js';
import type { Subject } from '../../../domain/items.js';
import { encodeTicketNumber } from '../../../domain/ticket-number.js';
import { resultRows } from '../../db/client.js';
import {
  applicationFiles,
  campaigns,
  examRoomNumbers,
  examRooms,
  examSessions,
  jobTypes,
  orgNodes,
  seatAssignments,
  testCentres,
} from '../../db/schema.js';
import { seedDemoCampaign } from '../../db/seed-campaign.js';
import { SYSTEM_META } from '../../platform/context.js';
import { inSystemTx } from '../../platform/tx.js';
import { jpegBytes } from '../applications/applications.test-support.js';
import { generatePapers } from '../papers/papers.service.js';
import { insertBankWithItems, insertBlueprint, spreadItems } from '../papers/papers.test-support.js';
import { insertApplications } from '../review/review.test-support.js';

type NodeRow = typeof orgNodes.$inferSelect;

export interface SeatedCandidate {
  applicationId: number;
  idNumber: string;
  ticketNumber: string;
  seatLabel: string;
  name: string;
}

export interface ExamDay {
  campaignId: number;
  sessionId: number;
  date: string;
  zz: NodeRow;
  ly: NodeRow;
  /** The 郑州 candidates' unit. */
  unit: NodeRow;
  centreId: number;
  lyCentreId: number;
  roomId: number;
  room2Id: number;
  lyRoomId: number;
  /** Seated in room 1, seats A01…A06 (A01 has a registration photo). */
  candidates: SeatedCandidate[];
  /** Seated in the 洛阳 room. */
  lyCandidate: SeatedCandidate;
}

/** 10 single × 4 points + 10 multiple × 6 points = 100. */
function smallBlueprint(subject: Subject, jobTypeId: number | null, grade: 4 | null): Blueprint {
  return {
    ...defaultBlueprint(subject, jobTypeId, grade),
    difficultyTolerance: 0.6,
    cells: [
      { type: 'single', knowledgePoint: null, difficulty: { min: 1, max: 5 }, count: 10, points: 4 },
      { type: 'multiple', knowledgePoint: null, difficulty: { min: 1, max: 5 }, count: 10, points: 6 },
    ],
  };
}

/** Builds the exam day; the clock must already stand on `date` (Beijing). */
export async function buildExamDay(t: TestApp, date: string): Promise<ExamDay> {
  const db = t.database.db;
  const now = t.clock.now();
  const { campaignId } = await seedDemoCampaign(db, t.clock);
  await inSystemTx(db, (tx) => tx.update(campaigns).set({ status: 'open' }).where(eq(campaigns.id, campaignId)));
  const zz = await findJurisdiction(t, '郑州市');
  const ly = await findJurisdiction(t, '洛阳市');
  const department = await buildNode(t, zz, 'department');
  const unit = await buildNode(t, department, 'unit');
  const lyDepartment = await buildNode(t, ly, 'department');
  const lyUnit = await buildNode(t, lyDepartment, 'unit');
  const types = await inSystemTx(db, (tx) => tx.select().from(jobTypes).orderBy(jobTypes.id));
  const job = types.find((j) => j.grades.includes(4))!.id;

  const zzIds = await insertApplications(t, {
    campaignId,
    unit,
    departmentId: department.id,
    jurisdictionId: zz.id,
    jobTypeId: job,
    count: 6,
    status: 'province_confirmed',
    namePrefix: '郑州考生',
  });
  const lyIds = await insertApplications(t, {
    campaignId,
    unit: lyUnit,
    departmentId: lyDepartment.id,
    jurisdictionId: ly.id,
    jobTypeId: job,
    count: 1,
    status: 'province_confirmed',
    namePrefix: '洛阳考生',
  });

  const [province] = await inSystemTx(db, (tx) => tx.select().from(orgNodes).where(eq(orgNodes.id, t.provinceId)));
  const bankA = await buildAccount(t, province!, 'bank_manager');
  const bankB = await buildAccount(t, province!, 'bank_manager');
  const common = { authorId: bankA.id, approverId: bankB.id, now };
  const pool = () => spreadItems({ single: 25, multiple: 25 });
  const key = t.deps.contentKey!;
  await insertBankWithItems(db, key, {
    ...common,
    subject: 'skill',
    name: '岗位技能',
    jobTypeId: job,
    grade: 4,
    items: pool(),
  });
  await insertBankWithItems(db, key, { ...common, subject: 'ethics', name: '职业道德', items: pool() });
  await insertBankWithItems(db, key, { ...common, subject: 'ability', name: '职业能力', items: pool() });
  for (const [subject, jobTypeId, grade] of [
    ['skill', job, 4],
    ['ethics', null, null],
    ['ability', null, null],
  ] as const) {
    await insertBlueprint(db, {
      campaignId,
      blueprint: smallBlueprint(subject, jobTypeId, grade),
      createdBy: bankA.id,
      now,
    });
  }
  const bankActor = {
    accountId: bankA.id,
    username: bankA.username,
    displayName: '题库管理员',
    role: 'bank_manager' as const,
    orgNodeId: t.provinceId,
    orgPath: province!.path,
    orgNodeName: '河南省',
  };
  await generatePapers(t.deps, { actor: bankActor, meta: SYSTEM_META }, campaignId);

  const built = await inSystemTx(db, async (tx) => {
    const centre = async (node: NodeRow, code: string, name: string) => {
      const [row] = await tx
        .insert(testCentres)
        .values({
          orgNodeId: node.id,
          orgPath: node.path,
          name,
          code,
          address: `${name}地址`,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      return row!;
    };
    const room = async (c: typeof testCentres.$inferSelect, code: string, name: string) => {
      const [row] = await tx
        .insert(examRooms)
        .values({
          centreId: c.id,
          orgPath: c.orgPath,
          code,
          name,
          seatRows: 3,
          seatColumns: 8,
          outOfUse: ['C08'],
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      return row!;
    };
    const zzCentre = await centre(zz, '07', '郑州监考测试考点');
    const lyCentre = await centre(ly, '03', '洛阳监考测试考点');
    const room1 = await room(zzCentre, '11', '实训楼201');
    const room2 = await room(zzCentre, '12', '实训楼202');
    const lyRoom = await room(lyCentre, '01', '教学楼101');
    const [session] = await tx
      .insert(examSessions)
      .values({
        campaignId,
        name: '监考测试场',
        sessionDate: date,
        startTime: '09:00',
        subjects: [
          { subject: 'skill', durationMinutes: 60, breakAfterMinutes: 20 },
          { subject: 'ethics', durationMinutes: 60, breakAfterMinutes: 0 },
        ],
        lateEntryMinutes: 15,
        earliestHandInMinutes: 30,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    for (const [r, c, n] of [
      [room1, zzCentre, '01'],
      [room2, zzCentre, '02'],
      [lyRoom, lyCentre, '01'],
    ] as const) {
      await tx
        .insert(examRoomNumbers)
        .values({ campaignId, sessionId: session!.id, roomId: r.id, centreId: c.id, number: n, createdAt: now });
    }
    const year = Number(date.slice(0, 4));
    const seat = async (
      applicationId: number,
      unitNode: NodeRow,
      r: typeof room1,
      c: typeof zzCentre,
      region: string,
      examRoom: number,
      n: number,
    ) => {
      const ticketNumber = encodeTicketNumber({
        year,
        regionCode: region,
        centre: Number(c.code),
        room: examRoom,
        seat: n,
      });
      const seatLabel = `A${String(n).padStart(2, '0')}`;
      await tx.insert(seatAssignments).values({
        applicationId,
        campaignId,
        sessionId: session!.id,
        roomId: r.id,
        centreId: c.id,
        seat: n,
        seatLabel,
        ticketNumber,
        orgPath: unitNode.path,
        applicantAccountId: null,
        centrePath: c.orgPath,
        source: 'auto',
        notifiedAt: now,
        createdAt: now,
        updatedAt: now,
      });
      return { ticketNumber, seatLabel };
    };
    const seats = [];
    for (const [i, id] of zzIds.entries())
      seats.push({ id, ...(await seat(id, unit, room1, zzCentre, '410100', 1, i + 1)) });
    const lySeat = { id: lyIds[0]!, ...(await seat(lyIds[0]!, lyUnit, lyRoom, lyCentre, '410300', 1, 1)) };
    const photo = jpegBytes(295, 413, 4000);
    await tx.insert(applicationFiles).values({
      applicationId: zzIds[0]!,
      kind: 'photo',
      fileName: 'photo.jpg',
      mime: 'image/jpeg',
      size: photo.length,
      width: 295,
      height: 413,
      sha256: createHash('sha256').update(photo).digest('hex'),
      data: photo,
      createdAt: now,
    });
    return { zzCentre, lyCentre, room1, room2, lyRoom, session: session!, seats, lySeat };
  });
  const people = await inSystemTx(db, async (tx) =>
    resultRows<{ id: number; id_number: string; name: string }>(
      (await tx.execute(
        sql`select id, id_number, name from applications where id = any(${`{${[...zzIds, ...lyIds].join(',')}}`}::int[])`,
      )) as never,
    ),
  );
  const person = (id: number) => people.find((p) => Number(p.id) === id)!;
  const candidate = (s: { id: number; ticketNumber: string; seatLabel: string }): SeatedCandidate => ({
    applicationId: s.id,
    idNumber: person(s.id).id_number,
    name: person(s.id).name,
    ticketNumber: s.ticketNumber,
    seatLabel: s.seatLabel,
  });
  return {
    campaignId,
    sessionId: built.session.id,
    date,
    zz,
    ly,
    unit,
    centreId: built.zzCentre.id,
    lyCentreId: built.lyCentre.id,
    roomId: built.room1.id,
    room2Id: built.room2.id,
    lyRoomId: built.lyRoom.id,
    candidates: built.seats.map(candidate),
    lyCandidate: candidate(built.lySeat),
  };
}

/** Signs a candidate in through the delivery API, as the PC at the seat does; answers the bearer token. */
export async function signInCandidate(t: TestApp, c: SeatedCandidate): Promise<{ token: string; status: string }> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/exam/sign-in',
    payload: { ticketNumber: c.ticketNumber, idNumber: c.idNumber },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
