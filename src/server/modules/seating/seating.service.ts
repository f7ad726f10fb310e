// Seating (编排考场, issue 14): the province's run over a campaign (a background job), the report, the rooms and
// seats, manual moves and swaps (a jurisdiction within its own centres), and publishing (通知考生). The rules are
// the domain's (domain/seating.ts); this file loads, asks and writes. docs/api-seating.md.
import { maskIdNumber } from '../../../domain/masking.js';
import { labelOfSeatNumber, seatNumberOfLabel } from '../../../domain/seat-map.js';
import {
  type ExamRoomNumber,
  examRoomNumbers,
  locatedJurisdictionCode,
  MAX_SEATS_PER_ROOM,
  type MoveRefusalCode,
  moveCandidate,
  type SeatAssignment,
  type SeatingCandidate,
  type SeatingCounts,
  type SeatingResult,
  type SeatingRoom,
  type SeatingSession,
  type SeatMap,
  seatCandidates,
  seatCapacity,
  seatingJurisdiction,
  spareSeats,
  swapCandidates,
} from '../../../domain/seating.js';
import { sessionGrades } from '../../../domain/sessions.js';
import { encodeTicketNumber } from '../../../domain/ticket-number.js';
import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { recordAudit } from '../../platform/audit.js';
import type { Actor, ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { type ProgressReporter, yieldToRequests } from '../../platform/jobs.js';
import { hasPermission, type Permission } from '../../platform/permissions.js';
import { inScopedTx, inSystemTx } from '../../platform/tx.js';
import { trainingStatusesForSeating } from '../training/training.service.js';
import * as repo from './seating.repository.js';
import type {
  AssignmentItem,
  AssignmentsPage,
  LatestRun,
  RoomSeats,
  SeatingRooms,
  SeatingRunResult,
} from './seating.schemas.js';

function assertPermission(actor: Actor, permission: Permission, message = '您没有该操作的权限'): void {
  if (!hasPermission(actor.role, permission)) throw new AppError('FORBIDDEN', message);
}

function refuse(code: MoveRefusalCode): never {
  throw new AppError(code);
}

// ─── Loading a campaign into the domain's terms ─────────────────────────────────────────────────────────

/** A place candidates sit in (the province or a jurisdiction) is keyed by its org node id, as a string. */
const placeKey = (id: number) => String(id);

export interface SeatingWorld {
  campaignId: number;
  year: number;
  province: repo.PlaceRow;
  placeById: Map<number, repo.PlaceRow>;
  candidates: repo.CandidateRow[];
  domainCandidates: SeatingCandidate[];
  /** Training's reason per candidate left out (the report's words). */
  trainingReasons: Map<number, string>;
  sessions: repo.SessionRow[];
  domainSessions: SeatingSession[];
  rooms: repo.RoomRow[];
  roomById: Map<number, repo.RoomRow>;
  domainRooms: SeatingRoom[];
}

function seatMapOf(room: repo.RoomRow): SeatMap {
  const map = { rows: room.seat_rows, columns: room.seat_columns };
  const outOfUse: number[] = [];
  for (const label of room.out_of_use) {
    const n = seatNumberOfLabel(map, label);
    if (n !== null) outOfUse.push(n);
  }
  return { rows: room.seat_rows, cols: room.seat_columns, outOfUse, spareShare: room.spare_per_mille / 1000 };
}

/** The 行政区划代码 a ticket carries for a place: the jurisdiction's, or the province's for its own centres. */
function regionOf(world: Pick<SeatingWorld, 'placeById'>, placeId: number): string | null {
  return world.placeById.get(placeId)?.code ?? null;
}

async function loadWorld(
  tx: Tx,
  campaignId: number,
  options: { applicationIds?: readonly number[] } = {},
): Promise<SeatingWorld> {
  const year = await repo.campaignYear(tx, campaignId);
  if (year === null) throw new AppError('NOT_FOUND', '考核年度不存在');
  const placeRows = await repo.places(tx);
  const province = placeRows.find((p) => p.kind === 'province');
  if (!province) throw new AppError('NOT_FOUND', '省级机构不存在');
  const placeById = new Map(placeRows.map((p) => [p.id, p]));
  const codeToPlace = new Map<string, number>();
  for (const p of placeRows) if (p.kind === 'jurisdiction' && p.code) codeToPlace.set(p.code, p.id);
  const codes = new Set(codeToPlace.keys());

  const candidates = await repo.confirmedCandidates(tx, campaignId, options.applicationIds);
  const training = await trainingStatusesForSeating(tx, campaignId);
  const trainingReasons = new Map<number, string>();
  const domainCandidates = candidates.map((c): SeatingCandidate => {
    // 省直 and 中央驻豫 candidates sit at the province; where they are located (for 技术监督 and 测绘) is read from the
    // unit's credit code. Everyone else is located in the jurisdiction that reviews them.
    const byProvince = placeById.get(c.jurisdiction_id)?.reviewed_by_province === true;
    const review = byProvince ? province.id : c.jurisdiction_id;
    const locatedCode = byProvince ? locatedJurisdictionCode(c.unit_code, codes) : null;
    const located = locatedCode ? codeToPlace.get(locatedCode) : undefined;
    const site = seatingJurisdiction(
      { reviewJurisdiction: placeKey(review), locatedJurisdiction: located ? placeKey(located) : null },
      { category: c.category, localExam: c.local_exam },
    );
    const status = training?.get(c.application_id);
    const eligible = training === null || status?.completed === true;
    if (!eligible) trainingReasons.set(c.application_id, status?.reasonText ?? '未参加培训班');
    return {
      applicationId: c.application_id,
      siteJurisdiction: site,
      unitId: c.unit_id,
      jobTypeId: c.job_type_id,
      grade: c.grade,
      eligible,
      ...(eligible ? {} : { ineligibleReason: 'TRAINING_NOT_COMPLETED' as const }),
      personKey: c.id_number,
    };
  });

  const sessions = await repo.sessions(tx, campaignId);
  // 一级 candidates sit the 一级 sessions (职业道德 + 专业基础知识), the others theirs: each session serves its grades.
  const domainSessions = sessions.map((s, order) => ({ id: s.id, order, grades: sessionGrades(s.subjects) }));
  // Rooms a ticket can name: a place with a 行政区划代码, a centre code 01–99, at most 999 seats (three digits).
  const rooms = (await repo.activeRooms(tx)).filter(
    (r) =>
      regionOf({ placeById }, r.centre_node_id) !== null &&
      Number(r.centre_code) >= 1 &&
      r.seat_rows * r.seat_columns <= MAX_SEATS_PER_ROOM,
  );
  const domainRooms = rooms.map(
    (r): SeatingRoom => ({
      id: r.id,
      jurisdiction: placeKey(r.centre_node_id),
      centreCode: r.centre_code,
      roomCode: r.code,
      seatMap: seatMapOf(r),
    }),
  );
  return {
    campaignId,
    year,
    province,
    placeById,
    candidates,
    domainCandidates,
    trainingReasons,
    sessions,
    domainSessions,
    rooms,
    roomById: new Map(rooms.map((r) => [r.id, r])),
    domainRooms,
  };
}

function ticketOf(world: SeatingWorld, room: repo.RoomRow, examRoom: string, seat: number): string {
  return encodeTicketNumber({
    year: world.year,
    regionCode: regionOf(world, room.centre_node_id)!,
    centre: Number(room.centre_code),
    room: Number(examRoom),
    seat,
  });
}

const numberText = (n: number) => String(n).padStart(2, '0');

// ─── The run ────────────────────────────────────────────────────────────────────────────────────────────

export interface RunOptions {
  moveNotified?: boolean;
  fresh?: boolean;
}

/** The check before the job starts: the permission and the campaign (a 404 rather than a failed job). */
export async function checkSeatingRun(deps: AppDeps, ctx: ServiceContext, campaignId: number): Promise<void> {
  assertPermission(ctx.actor, 'seating.run', '只有省工考办可以编排考场');
  await inScopedTx(deps.db, ctx.actor, async (tx) => {
    if ((await repo.campaignYear(tx, campaignId)) === null) throw new AppError('NOT_FOUND', '考核年度不存在');
  });
}

/**
 * Seats the campaign's confirmed candidates (domain/seating.ts `seatCandidates`) in ONE transaction under a
 * per-campaign lock: loads candidates, training, rooms, sessions and the seats there are (notified ones pinned,
 * the others previous), numbers the 考场 (keeping every number given), writes only the seats that changed
 * (deleted, then inserted in multi-row statements, so the seat and ticket uniqueness holds at every step), stores
 * the run and ONE audit row with its counts. The background job and `npm run bench:seating` both run this.
 */
export async function runSeating(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
  options: RunOptions = {},
  job: { progress?: ProgressReporter } = {},
): Promise<SeatingRunResult> {
  assertPermission(ctx.actor, 'seating.run', '只有省工考办可以编排考场');
  const moveNotified = options.moveNotified === true;
  const fresh = options.fresh === true;
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    if (!(await repo.tryLockCampaignSeating(tx, campaignId))) throw new AppError('SEATING_BUSY');
    const startedAt = deps.clock.now();
    const world = await loadWorld(tx, campaignId);
    const total = world.candidates.length;
    job.progress?.report({ processed: 0, total });
    const existing = await repo.assignments(tx, campaignId);
    const pinned: SeatAssignment[] = [];
    const previous: SeatAssignment[] = [];
    for (const a of existing) {
      const seat = { applicationId: a.application_id, sessionId: a.session_id, roomId: a.room_id, seat: a.seat };
      (a.notified ? pinned : previous).push(seat);
    }
    await yieldToRequests();
    const result = seatCandidates({
      candidates: world.domainCandidates,
      sessions: world.domainSessions,
      rooms: world.domainRooms,
      pinned,
      previous,
      moveNotified,
      fresh,
    });
    job.progress?.report({ processed: Math.floor(total / 3) });
    await yieldToRequests();

    // 考场号: every (session, room) of the run gets one; those given before are kept.
    const storedNumbers = await repo.examRoomNumbers(tx, campaignId);
    let numbers: ExamRoomNumber[];
    try {
      numbers = examRoomNumbers(
        world.domainSessions,
        world.domainRooms,
        storedNumbers.map((n) => ({ sessionId: n.session_id, roomId: n.room_id, examRoom: Number(n.number) })),
      );
    } catch (error) {
      if (error instanceof RangeError) throw new AppError('SEATING_TOO_MANY_ROOMS');
      throw error;
    }
    const numberOf = new Map(numbers.map((n) => [`${n.sessionId}:${n.roomId}`, numberText(n.examRoom)]));

    // What changed: seats whose place or ticket differ are deleted and written anew (never notified).
    const before = new Map(existing.map((a) => [a.application_id, a]));
    const candidateById = new Map(world.candidates.map((c) => [c.application_id, c]));
    const writes: repo.AssignmentWrite[] = [];
    const kept = new Set<number>();
    for (const a of result.assignments) {
      const room = world.roomById.get(a.roomId)!;
      const examRoom = numberOf.get(`${a.sessionId}:${a.roomId}`)!;
      const ticketNumber = ticketOf(world, room, examRoom, a.seat);
      const old = before.get(a.applicationId);
      if (
        old &&
        old.session_id === a.sessionId &&
        old.room_id === a.roomId &&
        old.seat === a.seat &&
        old.ticket_number === ticketNumber
      ) {
        kept.add(a.applicationId);
        continue;
      }
      const c = candidateById.get(a.applicationId)!;
      writes.push({
        applicationId: a.applicationId,
        sessionId: a.sessionId,
        roomId: a.roomId,
        centreId: room.centre_id,
        seat: a.seat,
        seatLabel: labelOfSeatNumber({ rows: room.seat_rows, columns: room.seat_columns }, a.seat)!,
        ticketNumber,
        orgPath: c.org_path,
        applicantAccountId: c.applicant_account_id,
        centrePath: room.centre_path,
        source: a.source === 'new' ? 'auto' : (old?.source ?? 'auto'),
      });
    }
    const removed = existing.filter((a) => !kept.has(a.application_id)).map((a) => a.application_id);
    await repo.deleteAssignments(tx, removed);
    // Numbers of pairs that no longer exist (a room switched off) are free again: no seat points at them now.
    const current = new Set(numberOf.keys());
    const stale = storedNumbers.filter((n) => !current.has(`${n.session_id}:${n.room_id}`));
    await repo.deleteExamRoomNumbers(tx, campaignId, stale);
    const storedKeys = new Set(storedNumbers.map((n) => `${n.session_id}:${n.room_id}`));
    await repo.insertExamRoomNumbers(
      tx,
      campaignId,
      numbers
        .filter((n) => !storedKeys.has(`${n.sessionId}:${n.roomId}`))
        .map((n) => ({
          session_id: n.sessionId,
          room_id: n.roomId,
          centre_id: world.roomById.get(n.roomId)!.centre_id,
          number: numberText(n.examRoom),
        })),
      startedAt,
    );
    const base = Math.floor(total / 3);
    await repo.insertAssignments(tx, campaignId, writes, startedAt, async (written) => {
      job.progress?.report({ processed: base + Math.floor(((total - base) * written) / Math.max(1, writes.length)) });
      await yieldToRequests();
    });

    const report = {
      unseated: result.unseated.map((u) => ({
        applicationId: u.applicationId,
        jurisdictionId: Number(u.jurisdiction),
        code: u.code,
        message:
          u.ineligibleReason === 'TRAINING_NOT_COMPLETED' && world.trainingReasons.has(u.applicationId)
            ? `${u.message}（${world.trainingReasons.get(u.applicationId)}）`
            : u.message,
        ...(u.ineligibleReason ? { ineligibleReason: u.ineligibleReason } : {}),
      })),
      pinnedProblems: result.pinnedProblems.map((p) => ({
        applicationId: p.applicationId,
        code: p.code,
        message: p.message,
        reseated: p.reseated,
      })),
      capacity: result.capacity.map((c) => ({ ...c, jurisdictionId: Number(c.jurisdiction) })),
    };
    const finishedAt = deps.clock.now();
    const runId = await repo.insertRun(tx, {
      campaignId,
      options: { moveNotified, fresh },
      counts: result.counts,
      report,
      startedBy: ctx.actor.accountId,
      startedAt,
      finishedAt,
    });
    const counts = result.counts;
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'campaign',
        entityId: campaignId,
        action: 'seating.run',
        summary:
          `编排考场：确认考生 ${counts.candidates} 人，安排座位 ${counts.seated} 人（新安排 ${counts.placed}，` +
          `保留 ${counts.previousKept + counts.pinnedKept}），未安排 ${counts.unseated} 人`,
        orgNodeId: ctx.actor.orgNodeId,
        orgPath: ctx.actor.orgPath,
        after: { runId, options: { moveNotified, fresh }, counts, written: writes.length, removed: removed.length },
      },
      finishedAt,
    );
    job.progress?.report({ processed: total });
    return { kind: 'seating', runId, counts } satisfies SeatingRunResult;
  });
}

/** How reports name the province as a place candidates sit in. */
export const PROVINCE_PLACE_NAME = '省本级（省直、中央驻豫单位）';

// ─── The report ─────────────────────────────────────────────────────────────────────────────────────────

interface StoredReport {
  unseated: {
    applicationId: number;
    jurisdictionId: number;
    code: string;
    message: string;
    ineligibleReason?: string;
  }[];
  pinnedProblems: { applicationId: number; code: string; message: string; reseated: boolean }[];
  capacity: (SeatingResult['capacity'][number] & { jurisdictionId: number })[];
}

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

/** The latest run with its report, cut to what the caller's scope may see. */
export async function latestRun(deps: AppDeps, ctx: ServiceContext, campaignId: number): Promise<LatestRun> {
  assertPermission(ctx.actor, 'seating.read');
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    if ((await repo.campaignYear(tx, campaignId)) === null) throw new AppError('NOT_FOUND', '考核年度不存在');
    const run = await repo.latestRun(tx, campaignId);
    if (!run) return { run: null };
    const report = run.report as StoredReport;
    const placeIds = [
      ...new Set([...report.capacity.map((c) => c.jurisdictionId), ...report.unseated.map((u) => u.jurisdictionId)]),
    ];
    const places = await repo.places(tx);
    const pathOf = new Map(places.map((p) => [p.id, p.path]));
    const names = await repo.placeNames(tx, placeIds);
    // The province's own centres seat the 省直 and 中央驻豫 candidates: named so, not by the department's name.
    const provinceId = places.find((p) => p.kind === 'province')?.id;
    if (provinceId !== undefined && names.has(provinceId)) names.set(provinceId, PROVINCE_PLACE_NAME);
    const sessionNames = new Map((await repo.sessions(tx, campaignId)).map((s) => [s.id, s.name]));
    const scope = ctx.actor.role === 'centre_manager' ? null : ctx.actor.orgPath;
    const capacity = report.capacity
      .filter((c) => scope !== null && (pathOf.get(c.jurisdictionId) ?? '').startsWith(scope))
      .map((c) => ({
        jurisdictionId: c.jurisdictionId,
        jurisdictionName: names.get(c.jurisdictionId) ?? '',
        needed: c.needed,
        available: c.available,
        seated: c.seated,
        shortfall: c.shortfall,
        sessions: c.sessions.map((s) => ({
          sessionId: s.sessionId,
          sessionName: sessionNames.get(s.sessionId) ?? '（已删除的场次）',
          available: s.available,
          seated: s.seated,
        })),
      }));
    const who = await repo.people(tx, [
      ...report.unseated.map((u) => u.applicationId),
      ...report.pinnedProblems.map((p) => p.applicationId),
    ]);
    const unseated = report.unseated.flatMap((u) => {
      const p = who.get(u.applicationId);
      if (!p) return [];
      return [
        {
          applicationId: u.applicationId,
          name: p.name,
          idNumberMasked: maskIdNumber(p.id_number),
          unitName: p.unit_name ?? '',
          jobTypeName: p.job_type_name,
          grade: Number(p.grade),
          jurisdictionName: names.get(u.jurisdictionId) ?? '',
          code: u.code,
          message: u.message,
          ...(u.ineligibleReason ? { ineligibleReason: u.ineligibleReason } : {}),
        },
      ];
    });
    const pinnedProblems = report.pinnedProblems.flatMap((x) => {
      const p = who.get(x.applicationId);
      return p
        ? [
            {
              applicationId: x.applicationId,
              name: p.name,
              unitName: p.unit_name ?? '',
              code: x.code,
              message: x.message,
              reseated: x.reseated,
            },
          ]
        : [];
    });
    return {
      run: {
        id: run.id,
        startedAt: iso(run.started_at),
        finishedAt: iso(run.finished_at),
        startedByName: run.started_by_name,
        options: { moveNotified: run.options.moveNotified === true, fresh: run.options.fresh === true },
        counts: run.counts as unknown as SeatingCounts,
      },
      capacity,
      unseated,
      pinnedProblems,
    };
  });
}

// ─── Rooms, assignments, one room's seats ───────────────────────────────────────────────────────────────

export async function seatingRooms(deps: AppDeps, ctx: ServiceContext, campaignId: number): Promise<SeatingRooms> {
  assertPermission(ctx.actor, 'seating.read');
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    if ((await repo.campaignYear(tx, campaignId)) === null) throw new AppError('NOT_FOUND', '考核年度不存在');
    const totals = await repo.totals(tx, campaignId);
    const sessions = await repo.sessions(tx, campaignId);
    const use = await repo.roomUse(tx, campaignId);
    const rooms = new Map((await repo.visibleRooms(tx)).map((r) => [r.id, r]));
    const names = await repo.placeNames(tx, [...new Set([...rooms.values()].map((r) => r.centre_node_id))]);
    const provinceId = (await repo.places(tx)).find((p) => p.kind === 'province')?.id;
    if (provinceId !== undefined && names.has(provinceId)) names.set(provinceId, PROVINCE_PLACE_NAME);
    const sessionOrder = new Map(sessions.map((s, i) => [s.id, i]));
    const rows = use.flatMap((u) => {
      const room = rooms.get(u.room_id);
      if (!room) return [];
      const map = seatMapOf(room);
      const fits = map.rows * map.cols <= MAX_SEATS_PER_ROOM;
      return [
        {
          sessionId: u.session_id,
          roomId: room.id,
          roomName: room.name,
          roomCode: room.code,
          centreId: room.centre_id,
          centreName: room.centre_name,
          centreCode: room.centre_code,
          jurisdictionName: names.get(room.centre_node_id) ?? '',
          examRoomNumber: u.number,
          seated: u.seated,
          capacity: fits ? seatCapacity(map) : 0,
          spare: fits ? spareSeats(map).length : 0,
          notified: u.notified,
        },
      ];
    });
    rows.sort(
      (a, b) =>
        (sessionOrder.get(a.sessionId) ?? 0) - (sessionOrder.get(b.sessionId) ?? 0) ||
        a.jurisdictionName.localeCompare(b.jurisdictionName, 'zh-CN') ||
        a.centreCode.localeCompare(b.centreCode) ||
        a.examRoomNumber.localeCompare(b.examRoomNumber),
    );
    return {
      totals,
      sessions: sessions.map((s) => ({ id: s.id, name: s.name, sessionDate: s.session_date, startTime: s.start_time })),
      rooms: rows,
    };
  });
}

function presentListed(r: repo.ListedAssignmentRow): AssignmentItem {
  return {
    applicationId: r.application_id,
    // A seat in one's centre of a candidate one may not read (another jurisdiction's unit) shows no person.
    name: r.name ?? '（其他地区考生）',
    idNumberMasked: r.id_number ? maskIdNumber(r.id_number) : '',
    unitName: r.unit_name ?? '',
    jobTypeName: r.job_type_name ?? '',
    grade: r.grade ?? 0,
    sessionId: r.session_id,
    sessionName: r.session_name,
    centreId: r.centre_id,
    centreName: r.centre_name,
    roomId: r.room_id,
    roomName: r.room_name,
    examRoomNumber: r.number ?? '',
    seat: r.seat,
    seatLabel: r.seat_label,
    ticketNumber: r.ticket_number,
    source: r.source,
    notifiedAt: r.notified_at === null ? null : iso(r.notified_at),
  };
}

export async function listAssignments(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
  query: {
    page: number;
    pageSize: number;
    q?: string;
    sessionId?: number;
    centreId?: number;
    roomId?: number;
    notified?: boolean;
  },
): Promise<AssignmentsPage> {
  assertPermission(ctx.actor, 'seating.read');
  const { total, rows } = await inScopedTx(deps.db, ctx.actor, (tx) => repo.listAssignments(tx, campaignId, query));
  // Seats in one's centres of candidates whose applications one may not read (another jurisdiction's units; every
  // candidate for a 考点管理员): their names, units and masked ID numbers come from exactly the seats the scoped read
  // returned, as the door list and sign-in sheet print them (tickets.service.ts).
  const hidden = rows.filter((r) => r.name === null).map((r) => r.application_id);
  const who = await seatedPeople(deps, hidden);
  return {
    total,
    items: rows.map((r) => {
      const p = r.name === null ? who.get(r.application_id) : undefined;
      return presentListed(
        p
          ? {
              ...r,
              name: p.name,
              id_number: p.id_number,
              unit_name: p.unit_name,
              job_type_name: p.job_type_name,
              grade: Number(p.grade),
            }
          : r,
      );
    }),
  };
}

/** Names, units and job types of seated candidates, for ids a scoped read of seat_assignments returned. */
async function seatedPeople(deps: AppDeps, applicationIds: readonly number[]): Promise<Map<number, repo.PersonRow>> {
  if (applicationIds.length === 0) return new Map();
  return inSystemTx(deps.db, (tx) => repo.people(tx, applicationIds));
}

export async function roomSeats(
  deps: AppDeps,
  ctx: ServiceContext,
  roomId: number,
  sessionId: number,
): Promise<RoomSeats> {
  assertPermission(ctx.actor, 'seating.read');
  const view = await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const room = await repo.findRoom(tx, roomId);
    if (!room) throw new AppError('NOT_FOUND', '考场不存在或不在您的管理范围内');
    const session = await repo.findSession(tx, sessionId);
    if (!session) throw new AppError('NOT_FOUND', '场次不存在');
    const map = { rows: room.seat_rows, columns: room.seat_columns };
    const domainMap = seatMapOf(room);
    const spare =
      domainMap.rows * domainMap.cols <= MAX_SEATS_PER_ROOM
        ? spareSeats(domainMap).map((n) => labelOfSeatNumber(map, n)!)
        : [];
    const number = (await repo.examRoomNumbers(tx, session.campaign_id)).find(
      (n) => n.session_id === sessionId && n.room_id === roomId,
    );
    const seats = await repo.assignments(tx, session.campaign_id, { sessionId, roomId });
    return { room, session, spare, number, seats };
  });
  const { room, session, spare, number, seats } = view;
  // The seats came through the caller's row-level security (their centres); who sits on them is read for exactly
  // those seats, also where the caller may not read the applications themselves (see listAssignments).
  const who = await seatedPeople(
    deps,
    seats.map((s) => s.application_id),
  );
  return {
    room: {
      id: room.id,
      name: room.name,
      code: room.code,
      rows: room.seat_rows,
      columns: room.seat_columns,
      outOfUse: room.out_of_use,
      spare,
      centre: { id: room.centre_id, name: room.centre_name, code: room.centre_code, address: room.centre_address },
    },
    session: { id: session.id, name: session.name, sessionDate: session.session_date, startTime: session.start_time },
    examRoomNumber: number?.number ?? null,
    seats: seats
      .sort((a, b) => a.seat - b.seat)
      .map((s) => {
        const p = who.get(s.application_id);
        return {
          seat: s.seat,
          seatLabel: s.seat_label,
          applicationId: s.application_id,
          name: p?.name ?? '（其他地区考生）',
          unitName: p?.unit_name ?? '',
          jobTypeName: p?.job_type_name ?? '',
          grade: p ? Number(p.grade) : 0,
          ticketNumber: s.ticket_number,
          notified: s.notified,
        };
      }),
  };
}

// ─── Moves and swaps ────────────────────────────────────────────────────────────────────────────────────

interface ManualOptions {
  reason: string;
  confirmNotified?: boolean;
  allowSpare?: boolean;
}

/** A jurisdiction admin moves only within centres of its jurisdiction (the database says the same). */
function assertInScope(actor: Actor, centrePath: string): void {
  if (actor.role === 'province_admin') return;
  if (!actor.orgPath || !centrePath.startsWith(actor.orgPath)) throw new AppError('SEATING_OUT_OF_SCOPE');
}

/** The candidate's campaign, if the caller may see the candidate and the province confirmed them. */
async function campaignOfCandidate(tx: Tx, applicationId: number): Promise<number> {
  const campaignId = await repo.confirmedCampaignOf(tx, applicationId);
  if (campaignId === null) refuse('SEATING_UNKNOWN_CANDIDATE');
  return campaignId!;
}

async function writeManual(tx: Tx, world: SeatingWorld, moved: readonly SeatAssignment[], now: Date): Promise<void> {
  const numbers = await repo.examRoomNumbers(tx, world.campaignId);
  const numberOf = new Map(numbers.map((n) => [`${n.session_id}:${n.room_id}`, n.number]));
  const byId = new Map(world.candidates.map((c) => [c.application_id, c]));
  const writes = moved.map((a): repo.AssignmentWrite => {
    const room = world.roomById.get(a.roomId)!;
    const examRoom = numberOf.get(`${a.sessionId}:${a.roomId}`);
    if (!examRoom) throw new AppError('SEATING_ROOM_NOT_NUMBERED');
    const c = byId.get(a.applicationId)!;
    return {
      applicationId: a.applicationId,
      sessionId: a.sessionId,
      roomId: a.roomId,
      centreId: room.centre_id,
      seat: a.seat,
      seatLabel: labelOfSeatNumber({ rows: room.seat_rows, columns: room.seat_columns }, a.seat)!,
      ticketNumber: ticketOf(world, room, examRoom, a.seat),
      orgPath: c.org_path,
      applicantAccountId: c.applicant_account_id,
      centrePath: room.centre_path,
      source: 'manual',
    };
  });
  await repo.deleteAssignments(
    tx,
    moved.map((a) => a.applicationId),
  );
  await repo.insertAssignments(tx, world.campaignId, writes, now);
}

async function presentOne(tx: Tx, campaignId: number, applicationId: number): Promise<AssignmentItem> {
  const { rows } = await repo.listAssignments(tx, campaignId, {
    page: 1,
    pageSize: 1,
    applicationIds: [applicationId],
  });
  return presentListed(rows[0]!);
}

const describeSeat = (a: repo.AssignmentRow | undefined) =>
  a
    ? {
        sessionId: a.session_id,
        roomId: a.room_id,
        seat: a.seat,
        seatLabel: a.seat_label,
        ticketNumber: a.ticket_number,
        notified: a.notified,
      }
    : null;

export async function moveSeat(
  deps: AppDeps,
  ctx: ServiceContext,
  input: ManualOptions & { applicationId: number; sessionId: number; roomId: number; seatLabel: string },
): Promise<{ assignment: AssignmentItem }> {
  assertPermission(ctx.actor, 'seating.move', '只有省、市工考办可以调整座位');
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const campaignId = await campaignOfCandidate(tx, input.applicationId);
    await repo.lockCampaignSeating(tx, campaignId);
    const world = await loadWorld(tx, campaignId, { applicationIds: [input.applicationId] });
    const [current] = await repo.assignments(tx, campaignId, { applicationIds: [input.applicationId] });
    if (current) assertInScope(ctx.actor, current.centre_path);
    const room = world.roomById.get(input.roomId);
    if (!room) refuse('SEATING_NO_ROOM');
    assertInScope(ctx.actor, room!.centre_path);
    if (current?.notified && !input.confirmNotified) throw new AppError('SEATING_NOTIFIED_UNCONFIRMED');
    const seat = seatNumberOfLabel({ rows: room!.seat_rows, columns: room!.seat_columns }, input.seatLabel);
    if (seat === null) refuse('SEATING_NO_SEAT');
    const occupants = await repo.assignments(tx, campaignId, { sessionId: input.sessionId, roomId: input.roomId });
    const state = {
      candidates: world.domainCandidates,
      sessions: world.domainSessions,
      rooms: world.domainRooms,
      assignments: [
        ...occupants.filter((o) => o.application_id !== input.applicationId),
        ...(current ? [current] : []),
      ].map((a) => ({
        applicationId: a.application_id,
        sessionId: a.session_id,
        roomId: a.room_id,
        seat: a.seat,
      })),
    };
    const target = { sessionId: input.sessionId, roomId: input.roomId, seat: seat! };
    const result = moveCandidate(state, input.applicationId, target, { allowSpare: input.allowSpare === true });
    if (!result.ok) refuse(result.code);
    const now = deps.clock.now();
    await writeManual(tx, world, [{ applicationId: input.applicationId, ...target }], now);
    const assignment = await presentOne(tx, campaignId, input.applicationId);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'seat_assignment',
        entityId: input.applicationId,
        action: 'seating.move',
        summary: `调整座位：${assignment.name} → ${assignment.centreName} ${assignment.roomName} ${assignment.seatLabel}（${input.reason}）`,
        orgNodeId: room!.centre_node_id,
        orgPath: room!.centre_path,
        before: describeSeat(current),
        after: {
          ...target,
          seatLabel: assignment.seatLabel,
          ticketNumber: assignment.ticketNumber,
          reason: input.reason,
        },
      },
      now,
    );
    return { assignment };
  });
}

export async function swapSeats(
  deps: AppDeps,
  ctx: ServiceContext,
  input: ManualOptions & { applicationIdA: number; applicationIdB: number },
): Promise<{ a: AssignmentItem; b: AssignmentItem }> {
  assertPermission(ctx.actor, 'seating.move', '只有省、市工考办可以调整座位');
  const { applicationIdA: idA, applicationIdB: idB } = input;
  if (idA === idB) refuse('SEATING_SAME_CANDIDATE');
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const campaignId = await campaignOfCandidate(tx, idA);
    if ((await campaignOfCandidate(tx, idB)) !== campaignId) refuse('SEATING_UNKNOWN_CANDIDATE');
    await repo.lockCampaignSeating(tx, campaignId);
    const world = await loadWorld(tx, campaignId, { applicationIds: [idA, idB] });
    const seats = await repo.assignments(tx, campaignId, { applicationIds: [idA, idB] });
    const sa = seats.find((s) => s.application_id === idA);
    const sb = seats.find((s) => s.application_id === idB);
    if (!sa || !sb) refuse('SEATING_NOT_SEATED');
    assertInScope(ctx.actor, sa!.centre_path);
    assertInScope(ctx.actor, sb!.centre_path);
    if ((sa!.notified || sb!.notified) && !input.confirmNotified) throw new AppError('SEATING_NOTIFIED_UNCONFIRMED');
    const state = {
      candidates: world.domainCandidates,
      sessions: world.domainSessions,
      rooms: world.domainRooms,
      assignments: seats.map((a) => ({
        applicationId: a.application_id,
        sessionId: a.session_id,
        roomId: a.room_id,
        seat: a.seat,
      })),
    };
    const result = swapCandidates(state, idA, idB, { allowSpare: input.allowSpare === true });
    if (!result.ok) refuse(result.code);
    const now = deps.clock.now();
    const moved = result.state.assignments.filter((a) => a.applicationId === idA || a.applicationId === idB);
    await writeManual(tx, world, moved, now);
    const a = await presentOne(tx, campaignId, idA);
    const b = await presentOne(tx, campaignId, idB);
    const room = world.roomById.get(sa!.room_id);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'seat_assignment',
        entityId: idA,
        action: 'seating.swap',
        summary: `调换座位：${a.name}（${a.roomName} ${a.seatLabel}）与 ${b.name}（${b.roomName} ${b.seatLabel}）（${input.reason}）`,
        orgNodeId: room?.centre_node_id ?? ctx.actor.orgNodeId,
        orgPath: room?.centre_path ?? ctx.actor.orgPath,
        before: { a: describeSeat(sa), b: describeSeat(sb) },
        after: {
          a: { applicationId: idA, seatLabel: a.seatLabel, ticketNumber: a.ticketNumber },
          b: { applicationId: idB, seatLabel: b.seatLabel, ticketNumber: b.ticketNumber },
          reason: input.reason,
        },
      },
      now,
    );
    return { a, b };
  });
}

// ─── Publishing ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * Marks every seated, not yet notified candidate notified (their tickets can be printed, and a re-run keeps them
 * where they are). `expectedCount` is what the province saw: if the count moved meanwhile, nothing is published.
 */
export async function publishSeating(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
  expectedCount: number,
): Promise<{ notified: number }> {
  assertPermission(ctx.actor, 'seating.run', '只有省工考办可以发布编排结果');
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    if ((await repo.campaignYear(tx, campaignId)) === null) throw new AppError('NOT_FOUND', '考核年度不存在');
    await repo.lockCampaignSeating(tx, campaignId);
    const waiting = await repo.countUnnotified(tx, campaignId);
    if (waiting !== expectedCount) {
      throw new AppError(
        'SEATING_COUNT_CHANGED',
        `待通知的座位数已变化（现为 ${waiting} 人，页面上为 ${expectedCount} 人），请刷新后重新确认`,
      );
    }
    const now = deps.clock.now();
    const notified = await repo.markNotified(tx, campaignId, now);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'campaign',
        entityId: campaignId,
        action: 'seating.publish',
        summary: `发布编排结果：通知考生 ${notified} 人`,
        orgNodeId: ctx.actor.orgNodeId,
        orgPath: ctx.actor.orgPath,
        after: { notified },
      },
      now,
    );
    return { notified };
  });
}
