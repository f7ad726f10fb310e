import { and, asc, eq, inArray, isNotNull, type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import {
  applicationFiles,
  applications,
  campaigns,
  examRoomNumbers,
  examRooms,
  examSessions,
  jobTypes,
  seatAssignments,
  testCentres,
} from '../../db/schema.js';

/**
 * Two kinds of read. The *scoped* ones (seat rows, rooms, centres) run in the caller's `inScopedTx`, so row-level
 * security decides which seats, rooms and centres the caller reaches. The *details* (`loadTicketDetails`) run in a
 * system transaction for exactly the application ids a scoped read returned: a candidate sees the name and address
 * of the centre their seat names (the centre tables admit no applicant), a centre manager the names and photos of
 * the candidates seated in their rooms (the applications admit no centre manager). The service never passes an id
 * it did not read under the caller's scope first.
 */

export type SeatRow = typeof seatAssignments.$inferSelect;

/** A seat with what the caller's own transaction may read beside it (sessions are readable by everyone). */
export interface SeatWithSession extends SeatRow {
  jurisdictionId: number | null;
  applicantName: string | null;
  sessionName: string;
  sessionDate: string;
  startTime: string;
  campaignName: string;
  campaignYear: number;
}

const seatWithSession = {
  seat: seatAssignments,
  // The application is readable by its applicant and the unit's chain, not by a centre's staff: left join.
  jurisdictionId: applications.jurisdictionId,
  applicantName: applications.name,
  sessionName: examSessions.name,
  sessionDate: examSessions.sessionDate,
  startTime: examSessions.startTime,
  campaignName: campaigns.name,
  campaignYear: campaigns.year,
};

async function selectSeats(tx: Tx, where: SQL | undefined): Promise<SeatWithSession[]> {
  const rows = await tx
    .select(seatWithSession)
    .from(seatAssignments)
    .innerJoin(examSessions, eq(examSessions.id, seatAssignments.sessionId))
    .innerJoin(campaigns, eq(campaigns.id, seatAssignments.campaignId))
    .leftJoin(applications, eq(applications.id, seatAssignments.applicationId))
    .where(where)
    .orderBy(asc(examSessions.sessionDate), asc(examSessions.startTime), asc(seatAssignments.ticketNumber));
  return rows.map((r) => ({
    ...r.seat,
    jurisdictionId: r.jurisdictionId,
    applicantName: r.applicantName,
    sessionName: r.sessionName,
    sessionDate: r.sessionDate,
    startTime: r.startTime,
    campaignName: r.campaignName,
    campaignYear: r.campaignYear,
  }));
}

/** One application's seat, if the caller's transaction reaches it. */
export async function findSeat(tx: Tx, applicationId: number): Promise<SeatWithSession | null> {
  const [row] = await selectSeats(tx, eq(seatAssignments.applicationId, applicationId));
  return row ?? null;
}

/** The seats of these applications that the caller's transaction reaches (the archive). */
export function listSeatsOf(tx: Tx, applicationIds: readonly number[]): Promise<SeatWithSession[]> {
  if (applicationIds.length === 0) return Promise.resolve([]);
  return selectSeats(tx, inArray(seatAssignments.applicationId, [...applicationIds]));
}

/** The applicant's own seats, every campaign (row-level security: applicant_account_id = the account). */
export function listOwnSeats(tx: Tx, accountId: number): Promise<SeatWithSession[]> {
  return selectSeats(tx, eq(seatAssignments.applicantAccountId, accountId));
}

/** The notified seats of a campaign's candidates from units under `unitPath`. */
export function listUnitSeats(tx: Tx, campaignId: number, unitPath: string): Promise<SeatWithSession[]> {
  return selectSeats(
    tx,
    and(
      eq(seatAssignments.campaignId, campaignId),
      sql`starts_with(${seatAssignments.orgPath}, ${unitPath})`,
      isNotNull(seatAssignments.notifiedAt),
    ),
  );
}

/** The seats of one room in one session, in seat order (for the 门贴 and 签到表). */
export async function listRoomSeats(tx: Tx, roomId: number, sessionId: number): Promise<SeatRow[]> {
  return tx
    .select()
    .from(seatAssignments)
    .where(and(eq(seatAssignments.roomId, roomId), eq(seatAssignments.sessionId, sessionId)))
    .orderBy(asc(seatAssignments.seat));
}

export interface RoomRef {
  id: number;
  name: string;
  code: string;
  centreId: number;
  centreName: string;
  centreCode: string;
  centreAddress: string;
  centrePath: string;
}

const roomRef = {
  id: examRooms.id,
  name: examRooms.name,
  code: examRooms.code,
  centreId: testCentres.id,
  centreName: testCentres.name,
  centreCode: testCentres.code,
  centreAddress: testCentres.address,
  centrePath: testCentres.orgPath,
};

/** A room with its centre, if the caller reaches it (the centre's jurisdiction chain, its manager). */
export async function findRoom(tx: Tx, roomId: number): Promise<RoomRef | null> {
  const [row] = await tx
    .select(roomRef)
    .from(examRooms)
    .innerJoin(testCentres, eq(testCentres.id, examRooms.centreId))
    .where(eq(examRooms.id, roomId));
  return row ?? null;
}

export type CentreRef = Pick<
  typeof testCentres.$inferSelect,
  'id' | 'name' | 'code' | 'address' | 'orgPath' | 'orgNodeId'
>;

/** A centre, if the caller reaches it. */
export async function findCentre(tx: Tx, centreId: number): Promise<CentreRef | null> {
  const [row] = await tx
    .select({
      id: testCentres.id,
      name: testCentres.name,
      code: testCentres.code,
      address: testCentres.address,
      orgPath: testCentres.orgPath,
      orgNodeId: testCentres.orgNodeId,
    })
    .from(testCentres)
    .where(eq(testCentres.id, centreId));
  return row ?? null;
}

export interface SessionRef {
  id: number;
  campaignId: number;
  name: string;
  sessionDate: string;
  startTime: string;
  subjects: unknown;
  lateEntryMinutes: number;
  earliestHandInMinutes: number;
}

const sessionRef = {
  id: examSessions.id,
  campaignId: examSessions.campaignId,
  name: examSessions.name,
  sessionDate: examSessions.sessionDate,
  startTime: examSessions.startTime,
  subjects: examSessions.subjects,
  lateEntryMinutes: examSessions.lateEntryMinutes,
  earliestHandInMinutes: examSessions.earliestHandInMinutes,
};

export async function findSession(tx: Tx, sessionId: number): Promise<SessionRef | null> {
  const [row] = await tx.select(sessionRef).from(examSessions).where(eq(examSessions.id, sessionId));
  return row ?? null;
}

/** The 考场号 of a room in a session, or null before seating gave it one. */
export async function findExamRoomNumber(tx: Tx, sessionId: number, roomId: number): Promise<string | null> {
  const [row] = await tx
    .select({ number: examRoomNumbers.number })
    .from(examRoomNumbers)
    .where(and(eq(examRoomNumbers.sessionId, sessionId), eq(examRoomNumbers.roomId, roomId)));
  return row?.number ?? null;
}

export interface CentreRoomSession {
  roomId: number;
  sessionId: number;
  seated: number;
}

/**
 * The rooms × sessions of a centre in a campaign that hold seats, in print order (session date and time, then the
 * 考场号, then the room's code).
 */
export async function listCentreRoomSessions(
  tx: Tx,
  centreId: number,
  campaignId: number,
): Promise<CentreRoomSession[]> {
  const rows = await tx
    .select({
      roomId: seatAssignments.roomId,
      sessionId: seatAssignments.sessionId,
      seated: sql<number>`count(*)::int`,
    })
    .from(seatAssignments)
    .innerJoin(examSessions, eq(examSessions.id, seatAssignments.sessionId))
    .innerJoin(examRooms, eq(examRooms.id, seatAssignments.roomId))
    .leftJoin(
      examRoomNumbers,
      and(eq(examRoomNumbers.sessionId, seatAssignments.sessionId), eq(examRoomNumbers.roomId, seatAssignments.roomId)),
    )
    .where(and(eq(seatAssignments.centreId, centreId), eq(seatAssignments.campaignId, campaignId)))
    .groupBy(
      seatAssignments.roomId,
      seatAssignments.sessionId,
      examSessions.sessionDate,
      examSessions.startTime,
      examRoomNumbers.number,
      examRooms.code,
    )
    .orderBy(
      asc(examSessions.sessionDate),
      asc(examSessions.startTime),
      asc(examRoomNumbers.number),
      asc(examRooms.code),
    );
  return rows;
}

// ─── Details, read in a system transaction for ids the caller's scope returned ─────────────────────────

export interface TicketDetail {
  applicationId: number;
  name: string;
  idNumber: string;
  grade: number;
  jobType: string;
  orgPath: string;
  unitId: number;
  ticketNumber: string;
  seat: number;
  seatLabel: string;
  notifiedAt: Date | null;
  campaignId: number;
  campaignYear: number;
  session: SessionRef;
  roomId: number;
  roomName: string;
  roomCode: string;
  examRoomNumber: string | null;
  centreId: number;
  centreName: string;
  centreCode: string;
  centreAddress: string;
}

/** Everything a 准考证 prints, photos apart, for these applications (in the order given). */
export async function loadTicketDetails(tx: Tx, applicationIds: readonly number[]): Promise<TicketDetail[]> {
  if (applicationIds.length === 0) return [];
  const byId = new Map<number, TicketDetail>();
  for (let i = 0; i < applicationIds.length; i += 1000) {
    const rows = await tx
      .select({
        applicationId: seatAssignments.applicationId,
        name: applications.name,
        idNumber: applications.idNumber,
        grade: applications.appliedGrade,
        jobType: jobTypes.name,
        orgPath: applications.orgPath,
        unitId: applications.unitId,
        ticketNumber: seatAssignments.ticketNumber,
        seat: seatAssignments.seat,
        seatLabel: seatAssignments.seatLabel,
        notifiedAt: seatAssignments.notifiedAt,
        campaignId: seatAssignments.campaignId,
        campaignYear: campaigns.year,
        session: sessionRef,
        roomId: examRooms.id,
        roomName: examRooms.name,
        roomCode: examRooms.code,
        examRoomNumber: examRoomNumbers.number,
        centreId: testCentres.id,
        centreName: testCentres.name,
        centreCode: testCentres.code,
        centreAddress: testCentres.address,
      })
      .from(seatAssignments)
      .innerJoin(applications, eq(applications.id, seatAssignments.applicationId))
      .innerJoin(jobTypes, eq(jobTypes.id, applications.appliedJobTypeId))
      .innerJoin(campaigns, eq(campaigns.id, seatAssignments.campaignId))
      .innerJoin(examSessions, eq(examSessions.id, seatAssignments.sessionId))
      .innerJoin(examRooms, eq(examRooms.id, seatAssignments.roomId))
      .innerJoin(testCentres, eq(testCentres.id, seatAssignments.centreId))
      .leftJoin(
        examRoomNumbers,
        and(
          eq(examRoomNumbers.sessionId, seatAssignments.sessionId),
          eq(examRoomNumbers.roomId, seatAssignments.roomId),
        ),
      )
      .where(inArray(seatAssignments.applicationId, applicationIds.slice(i, i + 1000)));
    for (const r of rows) byId.set(r.applicationId, r);
  }
  return applicationIds.flatMap((id) => byId.get(id) ?? []);
}

/** The newest photo of each application (bytes). */
export async function loadPhotos(tx: Tx, applicationIds: readonly number[]): Promise<Map<number, Buffer>> {
  const photos = new Map<number, Buffer>();
  for (let i = 0; i < applicationIds.length; i += 500) {
    const rows = await tx
      .select({ applicationId: applicationFiles.applicationId, data: applicationFiles.data })
      .from(applicationFiles)
      .where(
        and(
          inArray(applicationFiles.applicationId, applicationIds.slice(i, i + 500)),
          eq(applicationFiles.kind, 'photo'),
        ),
      )
      .orderBy(asc(applicationFiles.id));
    for (const r of rows) photos.set(r.applicationId, r.data);
  }
  return photos;
}
