/**
 * The proctor's console and inspection (监考与巡视, issue 15; docs/api-exam-day.md).
 *
 * Who acts where: a 监考员 (`proctor`) only in the rooms × sessions assigned to them (proctor_assignments); a
 * jurisdiction admin and a 考点管理员 in their centres' rooms; the province admin in the province's own centres.
 * Row-level security on centre_path / gk_centre_id() is the backstop (a room another jurisdiction owns is not found);
 * the assignment is checked here. Every action takes a reason, runs in one transaction and writes one audit row.
 *
 * Reads go through the caller's scoped transaction; names, photos, accounts and saved answers (which no official's
 * role reads) are then loaded in a system transaction for exactly the ids that scoped read returned, as the printed
 * papers do (ARCHITECTURE.md "Printed papers cross two scopes").
 */
import {
  examDaySettings,
  giveTime,
  INCIDENT_TYPE_LABELS,
  type IncidentType,
  isGivableTime,
  lateEntryEndsAt,
  MAX_GIVEN_MINUTES,
  mayStopForOutage,
  remainingMs,
  subjectState,
  subjectWindows,
  VIOLATION_TIER_LABELS,
  VIOLATION_TYPE_LABELS,
  type ViolationTier,
  type ViolationType,
} from '../../../domain/exam.js';
import { SUBJECT_LABELS, type Subject } from '../../../domain/items.js';
import {
  countStates,
  disconnectedSeconds,
  durationText,
  LIVE_STATE_LABELS,
  type LiveState,
  liveState,
  openSubjectOf,
} from '../../../domain/proctoring.js';
import { labelOfSeatNumber, seatNumberOfLabel } from '../../../domain/seat-map.js';
import { MAX_SEATS_PER_ROOM, spareSeats } from '../../../domain/seating.js';
import type { SessionSubject } from '../../../domain/sessions.js';
import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { recordAudit } from '../../platform/audit.js';
import { chinaDate } from '../../platform/clock.js';
import type { Actor, ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { hasPermission, type Permission } from '../../platform/permissions.js';
import { inScopedTx, inSystemTx } from '../../platform/tx.js';
import * as delivery from '../delivery/delivery.service.js';
import { renderSessionReport } from './proctoring.pdf.js';
import * as repo from './proctoring.repository.js';
import type {
  ActionResponse,
  AssignableProctors,
  AssignResponse,
  ExamEventView,
  Inspection,
  LiveSeat,
  MyRooms,
  ProctoringSessions,
  ProctorRoomItem,
  RoomView,
  SessionRooms,
} from './proctoring.schemas.js';

function assertPermission(actor: Actor, permission: Permission, message: string): void {
  if (!hasPermission(actor.role, permission)) throw new AppError('FORBIDDEN', message);
}

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);
const roomNotFound = () => new AppError('NOT_FOUND', '考场不存在或不在您的管理范围内');
const sessionNotFound = () => new AppError('NOT_FOUND', '场次不存在');

/** The last id of a materialised path (`/1/2/35/` → 35). */
function nodeIdOf(path: string): number | null {
  const parts = path.split('/').filter(Boolean);
  const last = Number(parts[parts.length - 1]);
  return Number.isInteger(last) && last > 0 ? last : null;
}

function presentSession(s: repo.SessionRow) {
  return { id: s.id, name: s.name, sessionDate: s.sessionDate, startTime: s.startTime };
}

/**
 * The session's subject windows in this room: the plan with what the room was given (pauses given back, extra
 * time) given as `giveTime` gives it during the first subject: its opening stays, its end moves, later subjects move
 * whole. (Each candidate's own clocks are on their attempt; this is the room's headline and the report's.)
 */
function roomWindows(session: repo.SessionRow, state: repo.RoomStateRow) {
  const planned = subjectWindows({
    date: session.sessionDate,
    startTime: session.startTime,
    subjects: session.subjects as SessionSubject[],
  });
  const given = state.pausedSeconds + state.extraSeconds;
  const first = planned[0];
  if (given <= 0 || !first) return planned;
  return giveTime(
    planned.map((w) => ({ ...w, submittedAt: null })),
    given,
    first.opensAt,
  ).map(({ submittedAt: _, ...w }) => w);
}

function lateEntryLimit(session: repo.SessionRow, state: repo.RoomStateRow): Date {
  const first = roomWindows(session, state)[0];
  const opens = first?.opensAt ?? new Date(`${session.sessionDate}T${session.startTime}:00+08:00`);
  return lateEntryEndsAt(opens, session.lateEntryMinutes);
}

function spareLabels(room: repo.RoomRow): string[] {
  const map = { rows: room.seatRows, columns: room.seatColumns };
  if (room.seatRows * room.seatColumns > MAX_SEATS_PER_ROOM) return [];
  const outOfUse = room.outOfUse.map((l) => seatNumberOfLabel(map, l)).filter((n): n is number => n !== null);
  return spareSeats({ rows: room.seatRows, cols: room.seatColumns, outOfUse, spareShare: room.sparePerMille / 1000 })
    .map((n) => labelOfSeatNumber(map, n))
    .filter((l): l is string => l !== null);
}

// ─── Who may act where ──────────────────────────────────────────────────────────────────────────────────

/** The province acts only in its own centres (centre path = its own node); jurisdictions' it inspects. */
function ownsCentre(actor: Actor, centrePath: string): boolean {
  if (actor.role === 'province_admin') return centrePath === actor.orgPath;
  return true;
}

interface OpenedRoom {
  room: repo.RoomRow;
  session: repo.SessionRow;
}

/**
 * The room and session, if the caller may proctor there: the room is found under row-level security (another
 * jurisdiction's is NOT_FOUND), a 监考员 must be assigned to it for the session, the province acts in its own
 * centres only.
 */
async function openRoom(tx: Tx, actor: Actor, sessionId: number, roomId: number): Promise<OpenedRoom> {
  assertPermission(actor, 'exam.proctor', '您没有监考权限');
  const room = await repo.findRoom(tx, roomId);
  if (!room) throw roomNotFound();
  const session = await repo.findSession(tx, sessionId);
  if (!session) throw sessionNotFound();
  if (actor.role === 'proctor') {
    const mine = await repo.assignments(tx, { sessionIds: [sessionId], roomId, accountId: actor.accountId });
    if (mine.length === 0) throw new AppError('EXAM_NOT_ASSIGNED');
  } else if (!ownsCentre(actor, room.centrePath)) {
    throw new AppError('EXAM_NOT_ASSIGNED', '只能在本单位的考点监考');
  }
  return { room, session };
}

function mayAssign(actor: Actor): boolean {
  return hasPermission(actor.role, 'exam.assign');
}

// ─── Sessions and rooms to pick ─────────────────────────────────────────────────────────────────────────

export async function listSessions(deps: AppDeps, ctx: ServiceContext): Promise<ProctoringSessions> {
  const today = chinaDate(deps.clock.now());
  const sessions = await inScopedTx(deps.db, ctx.actor, (tx) => repo.openCampaignSessions(tx));
  return { today, sessions: sessions.map(presentSession) };
}

async function proctorNames(deps: AppDeps, ids: readonly number[]): Promise<Map<number, repo.AccountRow>> {
  if (ids.length === 0) return new Map();
  return inSystemTx(deps.db, (tx) => repo.accounts(tx, [...new Set(ids)]));
}

function presentRooms(
  rows: readonly repo.RoomSessionRow[],
  sessions: ReadonlyMap<number, repo.SessionRow>,
  assignments: readonly repo.AssignmentRow[],
  names: ReadonlyMap<number, repo.AccountRow>,
  today: string,
): ProctorRoomItem[] {
  return rows.map((r) => {
    const session = sessions.get(r.sessionId)!;
    return {
      session: presentSession(session),
      roomId: r.roomId,
      roomName: r.roomName,
      roomCode: r.roomCode,
      examRoomNumber: r.examRoomNumber,
      centreId: r.centreId,
      centreName: r.centreName,
      seated: r.seated,
      proctors: assignments
        .filter((a) => a.sessionId === r.sessionId && a.roomId === r.roomId)
        .map((a) => ({ accountId: a.accountId, displayName: names.get(a.accountId)?.displayName ?? '' })),
      today: session.sessionDate === today,
    };
  });
}

/** A proctor's rooms (anyone's own assignments): today's first, then the upcoming ones; past sessions left out. */
export async function myRooms(deps: AppDeps, ctx: ServiceContext): Promise<MyRooms> {
  assertPermission(ctx.actor, 'exam.proctor', '您没有监考权限');
  const today = chinaDate(deps.clock.now());
  const data = await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const mine = await repo.assignments(tx, { accountId: ctx.actor.accountId });
    const sessions = new Map<number, repo.SessionRow>();
    for (const id of new Set(mine.map((a) => a.sessionId))) {
      const s = await repo.findSession(tx, id);
      if (s && s.sessionDate >= today) sessions.set(id, s);
    }
    const ids = [...sessions.keys()];
    const rows = (await repo.roomSessions(tx, { sessionIds: ids })).filter((r) =>
      mine.some((a) => a.sessionId === r.sessionId && a.roomId === r.roomId),
    );
    const all = await repo.assignments(tx, { sessionIds: ids });
    return { rows, sessions, all };
  });
  const names = await proctorNames(
    deps,
    data.all.map((a) => a.accountId),
  );
  const items = presentRooms(data.rows, data.sessions, data.all, names, today).sort(
    (a, b) =>
      a.session.sessionDate.localeCompare(b.session.sessionDate) ||
      a.session.startTime.localeCompare(b.session.startTime) ||
      a.centreName.localeCompare(b.centreName) ||
      (a.examRoomNumber ?? a.roomCode).localeCompare(b.examRoomNumber ?? b.roomCode),
  );
  return { today, items };
}

/** The rooms of one session the caller proctors in (a 监考员: the ones assigned to them), with their proctors. */
export async function sessionRooms(deps: AppDeps, ctx: ServiceContext, sessionId: number): Promise<SessionRooms> {
  if (!hasPermission(ctx.actor.role, 'exam.proctor') && !mayAssign(ctx.actor)) {
    throw new AppError('FORBIDDEN', '您没有监考权限');
  }
  const today = chinaDate(deps.clock.now());
  const data = await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const session = await repo.findSession(tx, sessionId);
    if (!session) throw sessionNotFound();
    const all = await repo.assignments(tx, { sessionIds: [sessionId] });
    const rows = (await repo.roomSessions(tx, { sessionId })).filter((r) =>
      ctx.actor.role === 'proctor'
        ? all.some((a) => a.roomId === r.roomId && a.accountId === ctx.actor.accountId)
        : ownsCentre(ctx.actor, r.centrePath),
    );
    return { session, all, rows };
  });
  const names = await proctorNames(
    deps,
    data.all.map((a) => a.accountId),
  );
  return {
    session: presentSession(data.session),
    items: presentRooms(data.rows, new Map([[sessionId, data.session]]), data.all, names, today),
    abilities: { assign: mayAssign(ctx.actor) },
  };
}

// ─── Assignments ────────────────────────────────────────────────────────────────────────────────────────

/** The room for an assignment: reached under row-level security, and (for the province) one of its own centres. */
async function roomForAssignment(tx: Tx, actor: Actor, sessionId: number, roomId: number) {
  assertPermission(actor, 'exam.assign', '只有市/县工考办和考点管理员可以安排监考员');
  const room = await repo.findRoom(tx, roomId);
  if (!room || !ownsCentre(actor, room.centrePath)) throw roomNotFound();
  const session = await repo.findSession(tx, sessionId);
  if (!session) throw sessionNotFound();
  return { room, session };
}

/** Proctor accounts one may assign to the room: role 监考员, active, in one's subtree, on the room's centre path. */
export async function assignableProctors(
  deps: AppDeps,
  ctx: ServiceContext,
  sessionId: number,
  roomId: number,
): Promise<AssignableProctors> {
  const { room } = await inScopedTx(deps.db, ctx.actor, (tx) => roomForAssignment(tx, ctx.actor, sessionId, roomId));
  const subtree = ctx.actor.orgPath ?? '';
  if (!subtree) return { items: [] };
  // A 考点管理员 reads no accounts under row-level security: the accounts are read for the room just found.
  const rows = await inSystemTx(deps.db, (tx) => repo.assignableProctors(tx, subtree, room.centrePath));
  return { items: rows.map((r) => ({ accountId: r.id, displayName: r.displayName, username: r.username })) };
}

async function presentProctors(deps: AppDeps, ctx: ServiceContext, sessionId: number, roomId: number) {
  const rows = await inScopedTx(deps.db, ctx.actor, (tx) => repo.assignments(tx, { sessionIds: [sessionId], roomId }));
  const names = await proctorNames(
    deps,
    rows.map((r) => r.accountId),
  );
  return rows.map((r) => ({ accountId: r.accountId, displayName: names.get(r.accountId)?.displayName ?? '' }));
}

export async function assignProctor(
  deps: AppDeps,
  ctx: ServiceContext,
  sessionId: number,
  roomId: number,
  accountId: number,
): Promise<AssignResponse> {
  const subtree = ctx.actor.orgPath ?? '';
  // The account is checked first (its role, subtree and centre path), in a system read: a 考点管理员 reads none.
  const account = (await proctorNames(deps, [accountId])).get(accountId);
  await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const { room, session } = await roomForAssignment(tx, ctx.actor, sessionId, roomId);
    if (
      account?.role !== 'proctor' ||
      !account.active ||
      !subtree ||
      !account.orgPath?.startsWith(subtree) ||
      !room.centrePath.startsWith(account.orgPath)
    ) {
      throw new AppError('EXAM_PROCTOR_INVALID');
    }
    const now = deps.clock.now();
    const added = await repo.insertAssignment(tx, {
      sessionId,
      roomId,
      accountId,
      centreId: room.centreId,
      centrePath: room.centrePath,
      assignedBy: ctx.actor.accountId,
      now,
    });
    if (!added) throw new AppError('EXAM_PROCTOR_ASSIGNED');
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'exam_room',
        entityId: roomId,
        action: 'proctor.assign',
        summary: `安排监考员：${account.displayName}（${account.username}）→ ${room.centreName} ${room.name}（${session.name}）`,
        orgNodeId: room.centreNodeId,
        orgPath: room.centrePath,
        after: { sessionId, roomId, accountId },
      },
      now,
    );
  });
  return { proctors: await presentProctors(deps, ctx, sessionId, roomId) };
}

export async function unassignProctor(
  deps: AppDeps,
  ctx: ServiceContext,
  sessionId: number,
  roomId: number,
  accountId: number,
): Promise<AssignResponse> {
  const account = (await proctorNames(deps, [accountId])).get(accountId);
  await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const { room, session } = await roomForAssignment(tx, ctx.actor, sessionId, roomId);
    if (!(await repo.deleteAssignment(tx, { sessionId, roomId, accountId }))) {
      throw new AppError('NOT_FOUND', '该监考员未安排在此考场');
    }
    const now = deps.clock.now();
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'exam_room',
        entityId: roomId,
        action: 'proctor.unassign',
        summary: `取消监考安排：${account?.displayName ?? accountId} ← ${room.centreName} ${room.name}（${session.name}）`,
        orgNodeId: room.centreNodeId,
        orgPath: room.centrePath,
        before: { sessionId, roomId, accountId },
      },
      now,
    );
  });
  return { proctors: await presentProctors(deps, ctx, sessionId, roomId) };
}

// ─── One room live ──────────────────────────────────────────────────────────────────────────────────────

interface RoomData extends OpenedRoom {
  number: string | null;
  state: repo.RoomStateRow;
  planned: repo.PlannedSeatRow[];
  attempts: repo.AttemptRow[];
  subjects: repo.AttemptSubjectRow[];
  events: repo.EventRow[];
  assignments: repo.AssignmentRow[];
  /** Rooms of the centre by id (names of where moved candidates sit now or came from). */
  roomNames: Map<number, string>;
  plannedElsewhere: repo.PlannedSeatRow[];
}

/** Everything the live view and the report read, in one scoped transaction (a dozen statements). */
async function loadRoom(tx: Tx, actor: Actor, sessionId: number, roomId: number): Promise<RoomData> {
  const opened = await openRoom(tx, actor, sessionId, roomId);
  const number = await repo.examRoomNumber(tx, sessionId, roomId);
  const state = await repo.roomState(tx, sessionId, roomId);
  const planned = await repo.plannedSeats(tx, sessionId, { roomId });
  const attempts = await repo.attempts(tx, sessionId, {
    roomId,
    applicationIds: planned.map((p) => p.applicationId),
  });
  const subjects = await repo.attemptSubjects(
    tx,
    attempts.map((a) => a.id),
  );
  const events = await repo.events(tx, sessionId, roomId);
  const assignments = await repo.assignments(tx, { sessionIds: [sessionId], roomId });
  // Moved in from another room: where their plan put them.
  const plannedHere = new Set(planned.map((p) => p.applicationId));
  const movedIn = attempts.filter((a) => a.roomId === roomId && !plannedHere.has(a.applicationId));
  const plannedElsewhere = movedIn.length
    ? await repo.plannedSeats(tx, sessionId, { applicationIds: movedIn.map((a) => a.applicationId) })
    : [];
  const otherRooms = new Set<number>([
    ...attempts.filter((a) => a.roomId !== roomId).map((a) => a.roomId),
    ...plannedElsewhere.map((p) => p.roomId),
  ]);
  const roomNames = new Map<number, string>([[roomId, opened.room.name]]);
  for (const id of otherRooms) {
    const other = await repo.findRoom(tx, id);
    if (other) roomNames.set(id, other.name);
  }
  return { ...opened, number, state, planned, attempts, subjects, events, assignments, roomNames, plannedElsewhere };
}

interface SystemData {
  people: Map<number, repo.PersonRow>;
  accounts: Map<number, repo.AccountRow>;
  answered: Map<number, number>;
  photos: Set<number>;
}

async function loadSystem(deps: AppDeps, data: RoomData, openSubjectIds: readonly number[]): Promise<SystemData> {
  const ids = [
    ...new Set([
      ...data.planned.map((p) => p.applicationId),
      ...data.attempts.map((a) => a.applicationId),
      ...data.events.map((e) => e.applicationId).filter((id): id is number => id !== null),
    ]),
  ];
  const accountIds = [
    ...new Set([...data.assignments.map((a) => a.accountId), ...data.events.map((e) => e.recordedBy)]),
  ];
  return inSystemTx(deps.db, async (tx) => ({
    people: await repo.people(tx, ids),
    accounts: await repo.accounts(tx, accountIds),
    answered: await repo.answeredCounts(tx, openSubjectIds),
    photos: await repo.withPhotos(tx, ids),
  }));
}

interface SeatEntry {
  applicationId: number;
  seat: number;
  seatLabel: string;
  ticketNumber: string;
  planned: repo.PlannedSeatRow | null;
  attempt: repo.AttemptRow | null;
  subjects: repo.AttemptSubjectRow[];
  state: LiveState;
  open: repo.AttemptSubjectRow | null;
}

/** Who sits in the room now: the attempts seated here, and the planned candidates who have no attempt yet. */
function seatEntries(data: RoomData, now: Date): SeatEntry[] {
  const pausedAt = data.state.pausedAt;
  const byAttempt = new Map<number, repo.AttemptSubjectRow[]>();
  for (const s of data.subjects) {
    const list = byAttempt.get(s.attemptId) ?? [];
    list.push(s);
    byAttempt.set(s.attemptId, list);
  }
  const attemptOf = new Map(data.attempts.map((a) => [a.applicationId, a]));
  const plannedOf = new Map(data.planned.map((p) => [p.applicationId, p]));
  const entries: SeatEntry[] = [];
  for (const a of data.attempts) {
    if (a.roomId !== data.room.id) continue;
    const subjects = byAttempt.get(a.id) ?? [];
    entries.push({
      applicationId: a.applicationId,
      seat: a.seat,
      seatLabel: a.seatLabel,
      ticketNumber: a.ticketNumber,
      planned: plannedOf.get(a.applicationId) ?? null,
      attempt: a,
      subjects,
      state: liveState(a.status, subjects, now, pausedAt),
      open: a.status === 'admitted' ? openSubjectOf(subjects, now, pausedAt) : null,
    });
  }
  for (const p of data.planned) {
    if (attemptOf.has(p.applicationId)) continue;
    entries.push({
      applicationId: p.applicationId,
      seat: p.seat,
      seatLabel: p.seatLabel,
      ticketNumber: p.ticketNumber,
      planned: p,
      attempt: null,
      subjects: [],
      state: 'not_signed_in',
      open: null,
    });
  }
  return entries.sort((x, y) => x.seat - y.seat);
}

const subjectLabel = (s: string) => SUBJECT_LABELS[s as Subject] ?? s;

function presentEvent(e: repo.EventRow, sys: SystemData): ExamEventView {
  const typeLabel =
    e.kind === 'violation'
      ? (VIOLATION_TYPE_LABELS[e.type as ViolationType] ?? e.type)
      : (INCIDENT_TYPE_LABELS[e.type as IncidentType] ?? e.type);
  return {
    id: e.id,
    kind: e.kind,
    type: e.type,
    typeLabel,
    tier: e.tier,
    tierLabel: e.tier === null ? null : (VIOLATION_TIER_LABELS[e.tier as ViolationTier] ?? null),
    applicationId: e.applicationId,
    name: e.applicationId === null ? null : (sys.people.get(e.applicationId)?.name ?? null),
    seatLabel: e.seatLabel,
    note: e.note,
    startedAt: iso(e.startedAt),
    endedAt: isoOrNull(e.endedAt),
    recordedBy: sys.accounts.get(e.recordedBy)?.displayName ?? '',
  };
}

export async function roomView(
  deps: AppDeps,
  ctx: ServiceContext,
  sessionId: number,
  roomId: number,
): Promise<RoomView> {
  const data = await inScopedTx(deps.db, ctx.actor, (tx) => loadRoom(tx, ctx.actor, sessionId, roomId));
  const now = deps.clock.now();
  const entries = seatEntries(data, now);
  const sys = await loadSystem(
    deps,
    data,
    entries.flatMap((e) => (e.open ? [e.open.id] : [])),
  );
  const settings = examDaySettings(data.session.examSettings);
  const pausedAt = data.state.pausedAt;
  const lateEnds = lateEntryLimit(data.session, data.state);
  const windows = roomWindows(data.session, data.state);
  const violationsOf = new Map<number, number>();
  for (const e of data.events) {
    if (e.kind === 'violation' && e.applicationId !== null) {
      violationsOf.set(e.applicationId, (violationsOf.get(e.applicationId) ?? 0) + 1);
    }
  }
  const seats: LiveSeat[] = entries.map((e) => {
    const person = sys.people.get(e.applicationId);
    const a = e.attempt;
    const movedFrom =
      a && !e.planned
        ? (data.roomNames.get(data.plannedElsewhere.find((p) => p.applicationId === e.applicationId)?.roomId ?? 0) ??
          '其他考场')
        : null;
    const next = e.subjects.find((s) => !s.submittedAt && subjectState(s, now, pausedAt) === 'upcoming');
    return {
      seat: e.seat,
      seatLabel: e.seatLabel,
      applicationId: e.applicationId,
      name: person?.name ?? '',
      ticketNumber: e.ticketNumber,
      jobTypeName: person?.jobTypeName ?? '',
      grade: person?.grade ?? 0,
      hasPhoto: sys.photos.has(e.applicationId),
      plannedSeatLabel: e.planned && e.planned.seatLabel !== e.seatLabel ? e.planned.seatLabel : null,
      movedFrom,
      attemptId: a?.id ?? null,
      state: e.state,
      stateLabel: LIVE_STATE_LABELS[e.state],
      openSubject: (e.open?.subject as Subject | undefined) ?? null,
      openSubjectLabel: e.open ? subjectLabel(e.open.subject) : null,
      answered: e.open ? (sys.answered.get(e.open.id) ?? 0) : null,
      itemCount: e.open ? e.open.itemCount : null,
      remainingMs: e.open ? remainingMs(e.open, now, pausedAt) : null,
      nextOpensAt: next ? iso(next.opensAt) : null,
      unsaved: a?.unsavedCount ?? 0,
      lastSeenAt: a ? isoOrNull(a.lastSeenAt) : null,
      disconnectedSeconds: a ? disconnectedSeconds(a.lastSeenAt, e.state, now) : null,
      pendingTakeover: a?.pendingTokenHash != null,
      pendingSince: a ? isoOrNull(a.pendingSince) : null,
      signedInAt: a ? isoOrNull(a.signedInAt) : null,
      admittedAt: a ? isoOrNull(a.admittedAt) : null,
      extraSeconds: a?.extraSeconds ?? 0,
      subjects: e.subjects.map((s) => ({
        subject: s.subject as Subject,
        label: subjectLabel(s.subject),
        opensAt: iso(s.opensAt),
        deadlineAt: iso(s.deadlineAt),
        submittedAt: isoOrNull(s.submittedAt),
        submitKind: s.submitKind,
      })),
      violations: violationsOf.get(e.applicationId) ?? 0,
    };
  });
  const movedOut = data.attempts
    .filter((a) => a.roomId !== data.room.id)
    .map((a) => ({
      applicationId: a.applicationId,
      name: sys.people.get(a.applicationId)?.name ?? '',
      ticketNumber: a.ticketNumber,
      plannedSeatLabel: data.planned.find((p) => p.applicationId === a.applicationId)?.seatLabel ?? '',
      roomName: data.roomNames.get(a.roomId) ?? '',
      seatLabel: a.seatLabel,
    }));
  return {
    room: {
      id: data.room.id,
      name: data.room.name,
      code: data.room.code,
      rows: data.room.seatRows,
      columns: data.room.seatColumns,
      outOfUse: data.room.outOfUse,
      spare: spareLabels(data.room),
      centre: { id: data.room.centreId, name: data.room.centreName, code: data.room.centreCode },
    },
    session: {
      ...presentSession(data.session),
      lateEntryEndsAt: iso(lateEnds),
      subjects: windows.map((w) => ({
        subject: w.subject,
        label: subjectLabel(w.subject),
        opensAt: iso(w.opensAt),
        deadlineAt: iso(w.deadlineAt),
      })),
    },
    examRoomNumber: data.number,
    state: {
      pausedAt: isoOrNull(pausedAt),
      pauseReason: data.state.pauseReason,
      pausedSeconds: data.state.pausedSeconds,
      extraSeconds: data.state.extraSeconds,
      stoppedAt: isoOrNull(data.state.stoppedAt),
      stopReason: data.state.stopReason,
      outageLimitMinutes: settings.outageLimitMinutes,
      mayStop: data.state.stoppedAt === null && mayStopForOutage(pausedAt, now, settings.outageLimitMinutes),
      mayMarkAbsent: now.getTime() >= lateEnds.getTime(),
    },
    seats,
    movedOut,
    counts: countStates(seats.map((s) => s.state)),
    events: data.events.map((e) => presentEvent(e, sys)),
    proctors: data.assignments.map((a) => ({
      accountId: a.accountId,
      displayName: sys.accounts.get(a.accountId)?.displayName ?? '',
    })),
    abilities: { assign: mayAssign(ctx.actor) && ownsCentre(ctx.actor, data.room.centrePath), act: true },
    serverTime: iso(now),
  };
}

/** The registration photo of a candidate seated (or planned) in the room, for the proctor's side panel. */
export async function candidatePhoto(
  deps: AppDeps,
  ctx: ServiceContext,
  sessionId: number,
  roomId: number,
  applicationId: number,
): Promise<Buffer> {
  await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const { room } = await openRoom(tx, ctx.actor, sessionId, roomId);
    await candidateIn(tx, sessionId, room, applicationId);
  });
  const photo = await inSystemTx(deps.db, (tx) => repo.photo(tx, applicationId));
  if (!photo) throw new AppError('NOT_FOUND', '该考生没有报名照片');
  return photo;
}

// ─── Actions ────────────────────────────────────────────────────────────────────────────────────────────

interface Candidate {
  planned: repo.PlannedSeatRow | null;
  attempt: repo.AttemptRow | null;
  /** How the audit rows name the candidate (no name: the candidate's application may be out of the caller's scope). */
  label: string;
}

/** The candidate, if they sit in the room now (their attempt's seat, or the plan's while they have no attempt). */
async function candidateIn(tx: Tx, sessionId: number, room: repo.RoomRow, applicationId: number): Promise<Candidate> {
  const [planned] = await repo.plannedSeats(tx, sessionId, { applicationId });
  const [attempt] = await repo.attempts(tx, sessionId, { applicationIds: [applicationId], lock: true });
  const here = attempt ? attempt.roomId === room.id : planned?.roomId === room.id;
  if (!here) throw new AppError('EXAM_NOT_IN_ROOM');
  const seat = attempt?.seatLabel ?? planned!.seatLabel;
  const ticket = attempt?.ticketNumber ?? planned!.ticketNumber;
  return { planned: planned ?? null, attempt: attempt ?? null, label: `准考证号 ${ticket}（${seat}）` };
}

function requireAttempt(c: Candidate): repo.AttemptRow {
  if (!c.attempt) throw new AppError('EXAM_NOT_SIGNED_IN');
  return c.attempt;
}

function requireSitting(a: repo.AttemptRow): void {
  if (a.status === 'absent') throw new AppError('EXAM_ALREADY_ABSENT');
  if (a.status === 'finished' || a.status === 'stopped') throw new AppError('EXAM_ATTEMPT_CLOSED');
}

interface ActionContext extends OpenedRoom {
  tx: Tx;
  state: repo.RoomStateRow;
  now: Date;
  audit: (entry: {
    entityType: 'exam_attempt' | 'exam_room' | 'exam_event';
    entityId: number;
    action: string;
    summary: string;
    before?: unknown;
    after?: unknown;
  }) => Promise<void>;
}

/**
 * One action on a room × session: opens the room for the caller, locks its state row, runs `fn`, and answers
 * `{ok, message}`. `fn` writes its own audit row through `audit` (one per action). With `system`, the room is opened
 * under the caller's scope first and the action then runs in a system transaction: submitting and merging read the
 * saved answers and the papers' keys, which no official's role reads (the delivery service's functions).
 */
async function act(
  deps: AppDeps,
  ctx: ServiceContext,
  sessionId: number,
  roomId: number,
  fn: (c: ActionContext) => Promise<string>,
  options: { system?: boolean } = {},
): Promise<ActionResponse> {
  const run = async (tx: Tx, opened: OpenedRoom): Promise<string> => {
    const now = deps.clock.now();
    const state = await repo.roomState(tx, sessionId, roomId, {
      centreId: opened.room.centreId,
      centrePath: opened.room.centrePath,
      now,
    });
    const where = `${opened.room.centreName} ${opened.room.name}（${opened.session.name}）`;
    return fn({
      ...opened,
      tx,
      state,
      now,
      audit: (entry) =>
        recordAudit(
          tx,
          ctx.actor,
          ctx.meta,
          {
            ...entry,
            summary: `${entry.summary}｜${where}`,
            orgNodeId: opened.room.centreNodeId ?? nodeIdOf(opened.room.centrePath),
            orgPath: opened.room.centrePath,
            after: { sessionId, roomId, ...(entry.after as object | undefined) },
          },
          now,
        ),
    });
  };
  if (options.system) {
    // Two transactions, one after the other (never nested: the embedded database has one connection).
    const opened = await inScopedTx(deps.db, ctx.actor, (tx) => openRoom(tx, ctx.actor, sessionId, roomId));
    return { ok: true, message: await inSystemTx(deps.db, (tx) => run(tx, opened)) };
  }
  const message = await inScopedTx(deps.db, ctx.actor, async (tx) =>
    run(tx, await openRoom(tx, ctx.actor, sessionId, roomId)),
  );
  return { ok: true, message };
}

function refuseIfStopped(state: repo.RoomStateRow): void {
  if (state.stoppedAt) throw new AppError('EXAM_ROOM_STOPPED');
}

/**
 * Gives time to attempts (their subjects' clocks, domain `giveTime`). Only time given to the candidates themselves
 * (`personal`: 延长时间 for one candidate, time given back with a move) counts in their extra_seconds; a room's time
 * and a pause given back are the room's (exam_room_states), so the report does not count them twice.
 */
async function giveToAttempts(
  tx: Tx,
  attempts: readonly repo.AttemptRow[],
  seconds: number,
  at: Date,
  now: Date,
  personal: boolean,
): Promise<number> {
  if (attempts.length === 0 || seconds <= 0) return 0;
  const subjects = await repo.attemptSubjects(
    tx,
    attempts.map((a) => a.id),
    true,
  );
  const byAttempt = new Map<number, repo.AttemptSubjectRow[]>();
  for (const s of subjects) byAttempt.set(s.attemptId, [...(byAttempt.get(s.attemptId) ?? []), s]);
  const changed: { id: number; opensAt: Date; deadlineAt: Date }[] = [];
  for (const list of byAttempt.values()) {
    const given = giveTime(list, seconds, at);
    given.forEach((g, i) => {
      const before = list[i]!;
      if (g.opensAt !== before.opensAt || g.deadlineAt !== before.deadlineAt) {
        changed.push({ id: g.id, opensAt: g.opensAt, deadlineAt: g.deadlineAt });
      }
    });
  }
  await repo.updateSubjectClocks(tx, changed);
  if (personal) {
    await repo.addExtraSeconds(
      tx,
      attempts.map((a) => a.id),
      seconds,
      now,
    );
  }
  return attempts.length;
}

const minutesText = (seconds: number) => (seconds % 60 === 0 ? `${seconds / 60} 分钟` : durationText(seconds));

export function admit(
  deps: AppDeps,
  ctx: ServiceContext,
  sessionId: number,
  roomId: number,
  body: { applicationId: number; reason: string; ticketVerified?: boolean },
): Promise<ActionResponse> {
  return act(deps, ctx, sessionId, roomId, async (c) => {
    refuseIfStopped(c.state);
    const who = await candidateIn(c.tx, sessionId, c.room, body.applicationId);
    const a = requireAttempt(who);
    if (a.status === 'admitted') throw new AppError('EXAM_ALREADY_ADMITTED');
    requireSitting(a);
    await repo.updateAttempt(
      c.tx,
      a.id,
      { status: 'admitted', admittedAt: c.now, admittedBy: ctx.actor.accountId },
      c.now,
    );
    await c.audit({
      entityType: 'exam_attempt',
      entityId: a.id,
      action: 'proctor.admit',
      summary: `准许入场：${who.label}${body.ticketVerified ? '，已核验准考证二维码' : ''}（${body.reason}）`,
      before: { status: a.status },
      after: {
        applicationId: body.applicationId,
        status: 'admitted',
        ticketVerified: body.ticketVerified === true,
        reason: body.reason,
      },
    });
    return '已准许入场';
  });
}

export function takeover(
  deps: AppDeps,
  ctx: ServiceContext,
  sessionId: number,
  roomId: number,
  body: { applicationId: number; reason: string },
): Promise<ActionResponse> {
  return act(deps, ctx, sessionId, roomId, async (c) => {
    const who = await candidateIn(c.tx, sessionId, c.room, body.applicationId);
    const a = requireAttempt(who);
    requireSitting(a);
    if (!a.pendingTokenHash) throw new AppError('EXAM_NO_PENDING_CLIENT');
    // The waiting client's token becomes the active one; the old client's token matches nothing from now on.
    await repo.updateAttempt(
      c.tx,
      a.id,
      { clientTokenHash: a.pendingTokenHash, pendingTokenHash: null, pendingSince: null },
      c.now,
    );
    await c.audit({
      entityType: 'exam_attempt',
      entityId: a.id,
      action: 'proctor.takeover',
      summary: `确认换机：${who.label}（${body.reason}）`,
      before: { pendingSince: isoOrNull(a.pendingSince) },
      after: { applicationId: body.applicationId, reason: body.reason },
    });
    return '已确认换机，新考试机可以继续作答';
  });
}

export function moveCandidate(
  deps: AppDeps,
  ctx: ServiceContext,
  sessionId: number,
  roomId: number,
  body: { applicationId: number; reason: string; toRoomId?: number; seatLabel: string; giveSeconds?: number },
): Promise<ActionResponse> {
  return act(deps, ctx, sessionId, roomId, async (c) => {
    refuseIfStopped(c.state);
    const who = await candidateIn(c.tx, sessionId, c.room, body.applicationId);
    const a = requireAttempt(who);
    requireSitting(a);
    const give = body.giveSeconds ?? 0;
    if (give !== 0 && !isGivableTime(give)) throw new AppError('EXAM_TIME_INVALID');
    let target = c.room;
    if (body.toRoomId !== undefined && body.toRoomId !== roomId) {
      const other = await repo.findRoom(c.tx, body.toRoomId);
      if (!other || other.centreId !== c.room.centreId) throw new AppError('EXAM_MOVE_OTHER_CENTRE');
      target = other;
    }
    const map = { rows: target.seatRows, columns: target.seatColumns };
    const seat = seatNumberOfLabel(map, body.seatLabel);
    if (seat === null) throw new AppError('EXAM_SEAT_UNKNOWN');
    const label = labelOfSeatNumber(map, seat)!;
    if (target.outOfUse.includes(label)) throw new AppError('EXAM_SEAT_OUT_OF_USE');
    // Taken: an attempt sitting there (absent ones are not), or the plan's candidate with no attempt yet.
    const planned = await repo.plannedSeats(c.tx, sessionId, { roomId: target.id });
    const there = await repo.attempts(c.tx, sessionId, {
      roomId: target.id,
      applicationIds: planned.map((p) => p.applicationId),
    });
    const withAttempt = new Set(there.map((t) => t.applicationId));
    const taken =
      there.some((t) => t.roomId === target.id && t.seat === seat && t.status !== 'absent' && t.id !== a.id) ||
      planned.some((p) => p.seat === seat && !withAttempt.has(p.applicationId) && p.applicationId !== a.applicationId);
    if (taken) throw new AppError('EXAM_SEAT_TAKEN');
    if (target.id === a.roomId && seat === a.seat) throw new AppError('EXAM_SEAT_TAKEN', '考生已在该座位');
    await repo.updateAttempt(c.tx, a.id, { roomId: target.id, seat, seatLabel: label }, c.now);
    if (give > 0) await giveToAttempts(c.tx, [a], give, c.state.pausedAt ?? c.now, c.now, true);
    const spare = spareLabels(target).includes(label);
    await c.audit({
      entityType: 'exam_attempt',
      entityId: a.id,
      action: 'proctor.move',
      summary:
        `调换座位：${who.label} → ${target.id === c.room.id ? '' : `${target.name} `}${label}${spare ? '（备用机位）' : ''}` +
        `${give > 0 ? `，补时 ${minutesText(give)}` : ''}（${body.reason}）`,
      before: { roomId: a.roomId, seat: a.seat, seatLabel: a.seatLabel },
      after: {
        applicationId: body.applicationId,
        roomId: target.id,
        seat,
        seatLabel: label,
        giveSeconds: give,
        reason: body.reason,
      },
    });
    return `已调到 ${target.id === c.room.id ? '' : `${target.name} `}${label}`;
  });
}

export function addTime(
  deps: AppDeps,
  ctx: ServiceContext,
  sessionId: number,
  roomId: number,
  body: { applicationId?: number; seconds: number; reason: string },
): Promise<ActionResponse> {
  if (!isGivableTime(body.seconds)) {
    throw new AppError('EXAM_TIME_INVALID', `延长时间须为 1 秒至 ${MAX_GIVEN_MINUTES} 分钟之间的整秒数`);
  }
  return act(deps, ctx, sessionId, roomId, async (c) => {
    refuseIfStopped(c.state);
    const at = c.state.pausedAt ?? c.now;
    if (body.applicationId !== undefined) {
      const who = await candidateIn(c.tx, sessionId, c.room, body.applicationId);
      const a = requireAttempt(who);
      requireSitting(a);
      await giveToAttempts(c.tx, [a], body.seconds, at, c.now, true);
      await c.audit({
        entityType: 'exam_attempt',
        entityId: a.id,
        action: 'proctor.give_time',
        summary: `延长时间：${who.label} ${minutesText(body.seconds)}（${body.reason}）`,
        before: { extraSeconds: a.extraSeconds },
        after: { applicationId: body.applicationId, seconds: body.seconds, reason: body.reason },
      });
      return `已为该考生延长 ${minutesText(body.seconds)}`;
    }
    const sitting = (await repo.attempts(c.tx, sessionId, { roomId, lock: true })).filter(
      (a) => a.roomId === roomId && (a.status === 'waiting' || a.status === 'admitted'),
    );
    const count = await giveToAttempts(c.tx, sitting, body.seconds, at, c.now, false);
    // Candidates who sign in later start from the room's windows, which carry this too.
    await repo.updateRoomState(
      c.tx,
      sessionId,
      roomId,
      { ...c.state, extraSeconds: c.state.extraSeconds + body.seconds },
      c.now,
    );
    await c.audit({
      entityType: 'exam_room',
      entityId: roomId,
      action: 'proctor.give_time_room',
      summary: `全考场延长时间 ${minutesText(body.seconds)}，${count} 人（${body.reason}）`,
      before: { extraSeconds: c.state.extraSeconds },
      after: { seconds: body.seconds, attempts: count, reason: body.reason },
    });
    return `已为全考场延长 ${minutesText(body.seconds)}（${count} 人）`;
  });
}

export function pauseRoom(
  deps: AppDeps,
  ctx: ServiceContext,
  sessionId: number,
  roomId: number,
  body: { reason: string },
): Promise<ActionResponse> {
  return act(deps, ctx, sessionId, roomId, async (c) => {
    refuseIfStopped(c.state);
    if (c.state.pausedAt) throw new AppError('EXAM_ROOM_PAUSED');
    await repo.updateRoomState(
      c.tx,
      sessionId,
      roomId,
      { ...c.state, pausedAt: c.now, pauseReason: body.reason },
      c.now,
    );
    await c.audit({
      entityType: 'exam_room',
      entityId: roomId,
      action: 'proctor.pause',
      summary: `暂停考试（${body.reason}）`,
      after: { pausedAt: iso(c.now), reason: body.reason },
    });
    return '考场已暂停，所有考生的计时已停止';
  });
}

export function resumeRoom(
  deps: AppDeps,
  ctx: ServiceContext,
  sessionId: number,
  roomId: number,
  body: { reason: string },
): Promise<ActionResponse> {
  return act(deps, ctx, sessionId, roomId, async (c) => {
    refuseIfStopped(c.state);
    const pausedAt = c.state.pausedAt;
    if (!pausedAt) throw new AppError('EXAM_ROOM_NOT_PAUSED');
    const seconds = Math.max(0, Math.ceil((c.now.getTime() - pausedAt.getTime()) / 1000));
    const sitting = (await repo.attempts(c.tx, sessionId, { roomId, lock: true })).filter(
      (a) => a.roomId === roomId && (a.status === 'waiting' || a.status === 'admitted'),
    );
    // The clock stood at the pause: what was open then gets the paused time, what was upcoming opens that much later.
    const count = await giveToAttempts(c.tx, sitting, seconds, pausedAt, c.now, false);
    await repo.updateRoomState(
      c.tx,
      sessionId,
      roomId,
      { ...c.state, pausedAt: null, pauseReason: null, pausedSeconds: c.state.pausedSeconds + seconds },
      c.now,
    );
    await c.audit({
      entityType: 'exam_room',
      entityId: roomId,
      action: 'proctor.resume',
      summary: `恢复考试：暂停 ${durationText(seconds)}，已补给 ${count} 人（${body.reason}）`,
      before: { pausedAt: iso(pausedAt), pauseReason: c.state.pauseReason },
      after: { pausedSeconds: seconds, attempts: count, reason: body.reason },
    });
    return `考场已恢复，暂停的 ${durationText(seconds)} 已补给 ${count} 名考生`;
  });
}

export function markAbsent(
  deps: AppDeps,
  ctx: ServiceContext,
  sessionId: number,
  roomId: number,
  body: { applicationId: number; reason: string },
): Promise<ActionResponse> {
  return act(deps, ctx, sessionId, roomId, async (c) => {
    const limit = lateEntryLimit(c.session, c.state);
    if (c.now.getTime() < limit.getTime()) {
      throw new AppError(
        'EXAM_ABSENT_TOO_EARLY',
        `迟到入场截止前不能标记缺考（截止时间 ${limit.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}）`,
      );
    }
    const who = await candidateIn(c.tx, sessionId, c.room, body.applicationId);
    let attemptId: number;
    if (!who.attempt) {
      attemptId = (await repo.insertAbsentAttempt(c.tx, sessionId, who.planned!, c.now)).id;
    } else {
      const a = who.attempt;
      if (a.status === 'admitted') throw new AppError('EXAM_ALREADY_ADMITTED', '该考生已入场，不能标记缺考');
      requireSitting(a);
      await repo.updateAttempt(c.tx, a.id, { status: 'absent', absentAt: c.now }, c.now);
      attemptId = a.id;
    }
    await c.audit({
      entityType: 'exam_attempt',
      entityId: attemptId,
      action: 'proctor.absent',
      summary: `标记缺考：${who.label}（${body.reason}）`,
      before: { status: who.attempt?.status ?? null },
      after: { applicationId: body.applicationId, status: 'absent', reason: body.reason },
    });
    return '已标记缺考';
  });
}

export function recordViolation(
  deps: AppDeps,
  ctx: ServiceContext,
  sessionId: number,
  roomId: number,
  body: { applicationId: number; tier: ViolationTier; type: ViolationType; note: string },
): Promise<ActionResponse> {
  return act(deps, ctx, sessionId, roomId, async (c) => {
    const who = await candidateIn(c.tx, sessionId, c.room, body.applicationId);
    const a = requireAttempt(who);
    const id = await repo.insertEvent(c.tx, {
      sessionId,
      roomId,
      centreId: c.room.centreId,
      centrePath: c.room.centrePath,
      kind: 'violation',
      type: body.type,
      tier: body.tier,
      attemptId: a.id,
      note: body.note,
      startedAt: c.now,
      endedAt: null,
      recordedBy: ctx.actor.accountId,
      now: c.now,
    });
    await c.audit({
      entityType: 'exam_event',
      entityId: id,
      action: 'proctor.violation',
      summary: `记录违纪：${who.label}，${VIOLATION_TYPE_LABELS[body.type]}，${VIOLATION_TIER_LABELS[body.tier]}（${body.note}）`,
      after: { applicationId: body.applicationId, attemptId: a.id, tier: body.tier, type: body.type, note: body.note },
    });
    return '已记录违纪';
  });
}

/** Clock skew a proctor's PC may have when typing a time: an incident may not start later than this ahead of now. */
const INCIDENT_FUTURE_MS = 5 * 60_000;

export function recordIncident(
  deps: AppDeps,
  ctx: ServiceContext,
  sessionId: number,
  roomId: number,
  body: { type: IncidentType; startedAt: string; endedAt?: string; note: string },
): Promise<ActionResponse> {
  const startedAt = new Date(body.startedAt);
  const endedAt = body.endedAt ? new Date(body.endedAt) : null;
  return act(deps, ctx, sessionId, roomId, async (c) => {
    if (startedAt.getTime() > c.now.getTime() + INCIDENT_FUTURE_MS) throw new AppError('EXAM_INCIDENT_TIMES');
    if (endedAt && endedAt.getTime() < startedAt.getTime()) throw new AppError('EXAM_INCIDENT_TIMES');
    const id = await repo.insertEvent(c.tx, {
      sessionId,
      roomId,
      centreId: c.room.centreId,
      centrePath: c.room.centrePath,
      kind: 'incident',
      type: body.type,
      tier: null,
      attemptId: null,
      note: body.note,
      startedAt,
      endedAt,
      recordedBy: ctx.actor.accountId,
      now: c.now,
    });
    await c.audit({
      entityType: 'exam_event',
      entityId: id,
      action: 'proctor.incident',
      summary: `记录异常情况：${INCIDENT_TYPE_LABELS[body.type]}（${body.note}）`,
      after: { type: body.type, startedAt: iso(startedAt), endedAt: isoOrNull(endedAt), note: body.note },
    });
    return '已记录异常情况';
  });
}

export function endIncident(
  deps: AppDeps,
  ctx: ServiceContext,
  sessionId: number,
  roomId: number,
  eventId: number,
  body: { endedAt?: string; reason: string },
): Promise<ActionResponse> {
  return act(deps, ctx, sessionId, roomId, async (c) => {
    const [event] = await repo.events(c.tx, sessionId, roomId, eventId);
    if (event?.kind !== 'incident') throw new AppError('NOT_FOUND', '该异常情况记录不存在');
    if (event.endedAt) throw new AppError('EXAM_INCIDENT_ENDED');
    const endedAt = body.endedAt ? new Date(body.endedAt) : c.now;
    if (endedAt.getTime() < event.startedAt.getTime() || endedAt.getTime() > c.now.getTime() + INCIDENT_FUTURE_MS) {
      throw new AppError('EXAM_INCIDENT_TIMES');
    }
    await repo.endEvent(c.tx, eventId, endedAt, c.now);
    await c.audit({
      entityType: 'exam_event',
      entityId: eventId,
      action: 'proctor.incident_end',
      summary: `异常情况结束：${INCIDENT_TYPE_LABELS[event.type as IncidentType] ?? event.type}（${body.reason}）`,
      before: { endedAt: null },
      after: { eventId, endedAt: iso(endedAt), reason: body.reason },
    });
    return '已记录异常情况结束时间';
  });
}

// ─── Inspection ─────────────────────────────────────────────────────────────────────────────────────────

export async function inspectSession(deps: AppDeps, ctx: ServiceContext, sessionId: number): Promise<Inspection> {
  assertPermission(ctx.actor, 'exam.inspect', '您没有巡视权限');
  const data = await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const session = await repo.findSession(tx, sessionId);
    if (!session) throw sessionNotFound();
    const rooms = await repo.roomSessions(tx, { sessionId });
    const attempts = await repo.sessionAttempts(tx, sessionId);
    const planned = await repo.plannedPairs(tx, sessionId);
    const subjects = await repo.attemptSubjects(
      tx,
      attempts.map((a) => a.id),
    );
    const states = await repo.roomStates(tx, sessionId);
    const events = await repo.eventCounts(tx, sessionId);
    const assignments = await repo.assignments(tx, { sessionIds: [sessionId] });
    return { session, rooms, attempts, planned, subjects, states, events, assignments };
  });
  const names = await proctorNames(
    deps,
    data.assignments.map((a) => a.accountId),
  );
  const now = deps.clock.now();
  const subjectsOf = new Map<number, repo.AttemptSubjectRow[]>();
  for (const s of data.subjects) subjectsOf.set(s.attemptId, [...(subjectsOf.get(s.attemptId) ?? []), s]);
  return {
    session: presentSession(data.session),
    rooms: data.rooms.map((r) => {
      const state = data.states.find((s) => s.roomId === r.roomId) ?? repo.EMPTY_ROOM_STATE;
      const here = data.attempts.filter((a) => a.roomId === r.roomId);
      const states = here.map((a) => liveState(a.status, subjectsOf.get(a.id) ?? [], now, state.pausedAt));
      const counts = countStates(states);
      const signedIn = new Set(data.attempts.map((a) => a.applicationId));
      counts.not_signed_in = data.planned.filter((p) => p.roomId === r.roomId && !signedIn.has(p.applicationId)).length;
      const lastSeen = here.reduce<Date | null>(
        (m, a) => (a.lastSeenAt && (!m || a.lastSeenAt > m) ? a.lastSeenAt : m),
        null,
      );
      const ev = data.events.find((e) => e.roomId === r.roomId);
      return {
        roomId: r.roomId,
        roomName: r.roomName,
        roomCode: r.roomCode,
        examRoomNumber: r.examRoomNumber,
        centreId: r.centreId,
        centreName: r.centreName,
        seated: r.seated,
        counts,
        disconnected: here.filter((a, i) => disconnectedSeconds(a.lastSeenAt, states[i]!, now) !== null).length,
        pausedAt: isoOrNull(state.pausedAt),
        stoppedAt: isoOrNull(state.stoppedAt),
        openIncidents: ev?.openIncidents ?? 0,
        violations: ev?.violations ?? 0,
        lastActivityAt: isoOrNull(lastSeen),
        proctors: data.assignments
          .filter((a) => a.roomId === r.roomId)
          .map((a) => ({ accountId: a.accountId, displayName: names.get(a.accountId)?.displayName ?? '' })),
      };
    }),
    serverTime: iso(now),
  };
}

// ─── Stop, force submit, recovery (through the delivery service) ────────────────────────────────────────

export function stopRoom(
  deps: AppDeps,
  ctx: ServiceContext,
  sessionId: number,
  roomId: number,
  body: { reason: string },
): Promise<ActionResponse> {
  return act(
    deps,
    ctx,
    sessionId,
    roomId,
    async (c) => {
      refuseIfStopped(c.state);
      const limit = examDaySettings(c.session.examSettings).outageLimitMinutes;
      if (!mayStopForOutage(c.state.pausedAt, c.now, limit)) {
        const paused = c.state.pausedAt
          ? `已暂停 ${durationText((c.now.getTime() - c.state.pausedAt.getTime()) / 1000)}`
          : '考场未暂停';
        throw new AppError('EXAM_STOP_TOO_EARLY', `故障暂停满 ${limit} 分钟后才能终止考试（${paused}）`);
      }
      const sitting = (await repo.attempts(c.tx, sessionId, { roomId, lock: true })).filter(
        (a) => a.roomId === roomId && (a.status === 'waiting' || a.status === 'admitted'),
      );
      const open = (
        await repo.attemptSubjects(
          c.tx,
          sitting.map((a) => a.id),
          true,
        )
      ).filter((s) => !s.submittedAt);
      await delivery.submitAttemptSubjects(
        deps,
        c.tx,
        open.map((s) => s.id),
        'stopped',
        c.now,
      );
      for (const a of sitting) await repo.updateAttempt(c.tx, a.id, { status: 'stopped' }, c.now);
      await repo.updateRoomState(
        c.tx,
        sessionId,
        roomId,
        { ...c.state, stoppedAt: c.now, stopReason: body.reason },
        c.now,
      );
      await c.audit({
        entityType: 'exam_room',
        entityId: roomId,
        action: 'proctor.stop',
        summary: `终止考试，另行安排：${sitting.length} 名考生（${body.reason}）`,
        before: { pausedAt: isoOrNull(c.state.pausedAt) },
        after: { stoppedAt: iso(c.now), attempts: sitting.length, subjects: open.length, reason: body.reason },
      });
      return `本场考试已终止（${sitting.length} 名考生），另行安排考试`;
    },
    { system: true },
  );
}

export function forceSubmit(
  deps: AppDeps,
  ctx: ServiceContext,
  sessionId: number,
  roomId: number,
  body: { applicationId: number; reason: string; all?: boolean },
): Promise<ActionResponse> {
  return act(
    deps,
    ctx,
    sessionId,
    roomId,
    async (c) => {
      const who = await candidateIn(c.tx, sessionId, c.room, body.applicationId);
      const a = requireAttempt(who);
      requireSitting(a);
      if (a.status !== 'admitted') throw new AppError('EXAM_NOTHING_TO_SUBMIT', '该考生尚未入场，没有可收取的科目');
      const subjects = await repo.attemptSubjects(c.tx, [a.id], true);
      const due = body.all
        ? subjects.filter((s) => !s.submittedAt)
        : subjects.filter((s) => subjectState(s, c.now, c.state.pausedAt) === 'open');
      if (due.length === 0) throw new AppError('EXAM_NOTHING_TO_SUBMIT');
      const submitted = await delivery.submitAttemptSubjects(
        deps,
        c.tx,
        due.map((s) => s.id),
        'proctor',
        c.now,
      );
      const words = submitted
        .map((s) => `${subjectLabel(s.subject)}（答 ${s.answeredCount}/${s.itemCount}）`)
        .join('、');
      await c.audit({
        entityType: 'exam_attempt',
        entityId: a.id,
        action: 'proctor.force_submit',
        summary: `收卷：${who.label}，${words}（${body.reason}）`,
        after: {
          applicationId: body.applicationId,
          subjects: submitted.map((s) => ({ subject: s.subject, answered: s.answeredCount, score: s.score })),
          reason: body.reason,
        },
      });
      return `已收卷：${words}`;
    },
    { system: true },
  );
}

/** Largest recovery file taken (a journal of three 100-item subjects, every change, is far smaller). */
export const RECOVERY_MAX_BYTES = 5 * 1024 * 1024;

export function uploadRecovery(
  deps: AppDeps,
  ctx: ServiceContext,
  sessionId: number,
  roomId: number,
  upload: { reason: string; data: Buffer; fileName: string },
): Promise<ActionResponse> {
  return act(
    deps,
    ctx,
    sessionId,
    roomId,
    async (c) => {
      const merge = await delivery.mergeRecovery(deps, c.tx, upload.data, c.now, (target) => {
        // The file names its attempt; only one of this room's (sitting here now) may be merged from here.
        if (target.sessionId !== sessionId || target.roomId !== roomId) throw new AppError('EXAM_RECOVERY_OTHER_ROOM');
      });
      await c.audit({
        entityType: 'exam_attempt',
        entityId: merge.attemptId,
        action: 'proctor.recovery',
        summary:
          `导入恢复文件：准考证号 ${merge.ticketNumber}，${merge.entries} 条记录，合并 ${merge.merged} 条` +
          `${merge.ignored > 0 ? `，忽略 ${merge.ignored} 条` : ''}${merge.rescored.length > 0 ? `，重新计分 ${merge.rescored.length} 科` : ''}（${upload.reason}）`,
        after: {
          fileName: upload.fileName,
          createdAt: merge.createdAt,
          entries: merge.entries,
          merged: merge.merged,
          ignored: merge.ignored,
          rescored: merge.rescored,
          reason: upload.reason,
        },
      });
      return `已导入恢复文件：合并 ${merge.merged} 条答案${merge.ignored > 0 ? `，${merge.ignored} 条不符合试卷已忽略` : ''}`;
    },
    { system: true },
  );
}

// ─── 场次报告 ────────────────────────────────────────────────────────────────────────────────────────────

export async function printReport(
  deps: AppDeps,
  ctx: ServiceContext,
  sessionId: number,
  roomId: number,
): Promise<{ pdf: Buffer; fileName: string }> {
  const data = await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const d = await loadRoom(tx, ctx.actor, sessionId, roomId);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'exam_room',
        entityId: roomId,
        action: 'proctor.report',
        summary: `打印场次报告：${d.room.centreName} ${d.room.name}（${d.session.name}）`,
        orgNodeId: d.room.centreNodeId,
        orgPath: d.room.centrePath,
        after: { sessionId, roomId },
      },
      deps.clock.now(),
    );
    return d;
  });
  const now = deps.clock.now();
  const entries = seatEntries(data, now);
  const sys = await loadSystem(deps, data, []);
  const person = (applicationId: number) => sys.people.get(applicationId)?.name ?? '';
  const row = (e: SeatEntry) => ({
    seatLabel: e.seatLabel,
    ticketNumber: e.ticketNumber,
    name: person(e.applicationId),
  });
  const windows = roomWindows(data.session, data.state);
  const start = windows[0]?.opensAt ?? new Date(`${data.session.sessionDate}T${data.session.startTime}:00+08:00`);
  const end = windows[windows.length - 1]?.deadlineAt ?? start;
  const roomTitle = data.number ? `第${data.number}考场（${data.room.name}）` : data.room.name;
  const bySeat = new Map(entries.map((e) => [e.applicationId, e]));
  const pdf = await renderSessionReport({
    title: '河南省机关事业单位工勤技能岗位等级考核',
    centreName: data.room.centreName,
    roomTitle,
    sessionName: data.session.name,
    start,
    end,
    counts: {
      seated: entries.length,
      signedIn: entries.filter((e) => e.attempt?.signedInAt).length,
      admitted: entries.filter((e) => e.attempt?.admittedAt).length,
      absent: entries.filter((e) => e.state === 'absent').length,
      finished: entries.filter((e) => e.state === 'finished').length,
      stopped: entries.filter((e) => e.state === 'stopped').length,
      notSignedIn: entries.filter((e) => e.state === 'not_signed_in').length,
    },
    pausedSeconds: data.state.pausedSeconds,
    pausedNow: data.state.pausedAt,
    roomExtraSeconds: data.state.extraSeconds,
    stoppedAt: data.state.stoppedAt,
    stopReason: data.state.stopReason,
    timeGiven: entries
      .filter((e) => (e.attempt?.extraSeconds ?? 0) > 0)
      .map((e) => ({ ...row(e), seconds: e.attempt!.extraSeconds })),
    absentees: entries.filter((e) => e.state === 'absent').map(row),
    violations: data.events
      .filter((e) => e.kind === 'violation')
      .reverse()
      .map((e) => {
        const seat = e.applicationId !== null ? bySeat.get(e.applicationId) : undefined;
        return {
          seatLabel: seat?.seatLabel ?? e.seatLabel ?? '',
          ticketNumber: seat?.ticketNumber ?? '',
          name: e.applicationId !== null ? person(e.applicationId) : '',
          type: VIOLATION_TYPE_LABELS[e.type as ViolationType] ?? e.type,
          tier: e.tier !== null ? (VIOLATION_TIER_LABELS[e.tier as ViolationTier] ?? String(e.tier)) : '',
          at: e.startedAt,
          note: e.note,
        };
      }),
    incidents: data.events
      .filter((e) => e.kind === 'incident')
      .reverse()
      .map((e) => ({
        type: INCIDENT_TYPE_LABELS[e.type as IncidentType] ?? e.type,
        startedAt: e.startedAt,
        endedAt: e.endedAt,
        note: e.note,
      })),
    proctors: data.assignments.map((a) => sys.accounts.get(a.accountId)?.displayName ?? ''),
    printedAt: now,
  });
  return { pdf, fileName: `场次报告-${data.room.centreName}-${roomTitle}-${data.session.name}.pdf` };
}
