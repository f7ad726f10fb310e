// The proctoring's SQL (proctor_assignments, exam_room_states, exam_events, and the attempts' proctor-side columns;
// migration 0025). Scoped reads and writes run in the caller's transaction: row-level security admits the centre's
// jurisdiction chain and its manager (centre_path / gk_centre_id()). The *system* reads at the end (names, photos,
// accounts, saved answers) run in inSystemTx for exactly the ids a scoped read returned (see the service).
import { sql } from 'drizzle-orm';
import { resultRows, type Tx } from '../../db/client.js';

const intArray = (values: readonly number[]) => `{${values.join(',')}}`;
const num = (v: unknown) => Number(v);
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const dateOrNull = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

// ─── Rooms, sessions, campaigns ─────────────────────────────────────────────────────────────────────────

export interface RoomRow {
  id: number;
  code: string;
  name: string;
  seatRows: number;
  seatColumns: number;
  outOfUse: string[];
  sparePerMille: number;
  centreId: number;
  centreCode: string;
  centreName: string;
  centreNodeId: number;
  centrePath: string;
}

function presentRoom(r: Record<string, unknown>): RoomRow {
  return {
    id: num(r.id),
    code: r.code as string,
    name: r.name as string,
    seatRows: num(r.seat_rows),
    seatColumns: num(r.seat_columns),
    outOfUse: (r.out_of_use as string[]) ?? [],
    sparePerMille: num(r.spare_per_mille),
    centreId: num(r.centre_id),
    centreCode: r.centre_code as string,
    centreName: r.centre_name as string,
    centreNodeId: num(r.centre_node_id),
    centrePath: r.centre_path as string,
  };
}

const roomColumns = sql`
  r.id, r.code, r.name, r.seat_rows, r.seat_columns, r.out_of_use, r.spare_per_mille,
  c.id as centre_id, c.code as centre_code, c.name as centre_name, c.org_node_id as centre_node_id,
  c.org_path as centre_path`;

/** One room with its centre, if the caller's scope reaches it. */
export async function findRoom(tx: Tx, roomId: number): Promise<RoomRow | null> {
  const rows = resultRows<Record<string, unknown>>(
    await tx.execute(sql`
      select ${roomColumns} from exam_rooms r join test_centres c on c.id = r.centre_id where r.id = ${roomId}`),
  );
  return rows[0] ? presentRoom(rows[0]) : null;
}

export interface SessionRow {
  id: number;
  campaignId: number;
  name: string;
  sessionDate: string;
  startTime: string;
  subjects: { subject: string; durationMinutes: number; breakAfterMinutes: number }[];
  lateEntryMinutes: number;
  earliestHandInMinutes: number;
  examSettings: Record<string, unknown>;
}

function presentSession(r: Record<string, unknown>): SessionRow {
  return {
    id: num(r.id),
    campaignId: num(r.campaign_id),
    name: r.name as string,
    sessionDate: r.session_date as string,
    startTime: r.start_time as string,
    subjects: r.subjects as SessionRow['subjects'],
    lateEntryMinutes: num(r.late_entry_minutes),
    earliestHandInMinutes: num(r.earliest_hand_in_minutes),
    examSettings: (r.exam_settings as Record<string, unknown>) ?? {},
  };
}

const sessionColumns = sql`
  s.id, s.campaign_id, s.name, s.session_date::text as session_date, s.start_time, s.subjects,
  s.late_entry_minutes, s.earliest_hand_in_minutes, k.exam_settings`;

export async function findSession(tx: Tx, sessionId: number): Promise<SessionRow | null> {
  const rows = resultRows<Record<string, unknown>>(
    await tx.execute(sql`
      select ${sessionColumns} from exam_sessions s join campaigns k on k.id = s.campaign_id where s.id = ${sessionId}`),
  );
  return rows[0] ? presentSession(rows[0]) : null;
}

/** The sessions of the open campaign (the latest open one), in date and time order. */
export async function openCampaignSessions(tx: Tx): Promise<SessionRow[]> {
  const rows = resultRows<Record<string, unknown>>(
    await tx.execute(sql`
      select ${sessionColumns} from exam_sessions s join campaigns k on k.id = s.campaign_id
      where k.id = (select id from campaigns where status = 'open' order by year desc, id desc limit 1)
      order by s.session_date, s.start_time, s.id`),
  );
  return rows.map(presentSession);
}

export async function examRoomNumber(tx: Tx, sessionId: number, roomId: number): Promise<string | null> {
  const rows = resultRows<{ number: string }>(
    await tx.execute(sql`
      select number from exam_room_numbers where session_id = ${sessionId} and room_id = ${roomId}`),
  );
  return rows[0]?.number ?? null;
}

// ─── Room lists (my rooms, a session's rooms, inspection) ───────────────────────────────────────────────

export interface RoomSessionRow {
  sessionId: number;
  roomId: number;
  roomName: string;
  roomCode: string;
  centreId: number;
  centreName: string;
  centrePath: string;
  examRoomNumber: string | null;
  seated: number;
}

function presentRoomSession(r: Record<string, unknown>): RoomSessionRow {
  return {
    sessionId: num(r.session_id),
    roomId: num(r.room_id),
    roomName: r.room_name as string,
    roomCode: r.room_code as string,
    centreId: num(r.centre_id),
    centreName: r.centre_name as string,
    centrePath: r.centre_path as string,
    examRoomNumber: (r.number as string | null) ?? null,
    seated: num(r.seated ?? 0),
  };
}

/**
 * The rooms × sessions with seated candidates the caller reaches (their centres), one session or the given
 * pairs' sessions. Rooms with a proctor assigned or a candidate moved in, but nobody seated by the plan, are listed
 * too.
 */
export async function roomSessions(
  tx: Tx,
  filter: { sessionId?: number; sessionIds?: readonly number[] },
): Promise<RoomSessionRow[]> {
  const ids = filter.sessionId !== undefined ? [filter.sessionId] : (filter.sessionIds ?? []);
  if (ids.length === 0) return [];
  const rows = resultRows<Record<string, unknown>>(
    await tx.execute(sql`
      with pairs as (
        select session_id, room_id, count(*)::int as seated from seat_assignments
        where session_id = any(${intArray(ids)}::int[]) group by session_id, room_id
        union all
        select distinct session_id, room_id, 0 from proctor_assignments where session_id = any(${intArray(ids)}::int[])
        union all
        select distinct session_id, room_id, 0 from exam_attempts where session_id = any(${intArray(ids)}::int[])
      ), grouped as (select session_id, room_id, max(seated)::int as seated from pairs group by session_id, room_id)
      select g.session_id, g.room_id, g.seated, r.name as room_name, r.code as room_code, c.id as centre_id,
             c.name as centre_name, c.org_path as centre_path, n.number
      from grouped g
      join exam_rooms r on r.id = g.room_id
      join test_centres c on c.id = r.centre_id
      left join exam_room_numbers n on n.session_id = g.session_id and n.room_id = g.room_id
      order by c.code, coalesce(n.number, r.code), r.id`),
  );
  return rows.map(presentRoomSession);
}

export interface AssignmentRow {
  sessionId: number;
  roomId: number;
  accountId: number;
}

/** Proctor assignments of the given sessions (all rooms the caller reaches), or of one account. */
export async function assignments(
  tx: Tx,
  filter: { sessionIds?: readonly number[]; accountId?: number; roomId?: number },
): Promise<AssignmentRow[]> {
  const sessions = filter.sessionIds ? sql`and session_id = any(${intArray(filter.sessionIds)}::int[])` : sql``;
  const account = filter.accountId !== undefined ? sql`and account_id = ${filter.accountId}` : sql``;
  const room = filter.roomId !== undefined ? sql`and room_id = ${filter.roomId}` : sql``;
  const rows = resultRows<Record<string, unknown>>(
    await tx.execute(sql`
      select session_id, room_id, account_id from proctor_assignments where true ${sessions} ${account} ${room}
      order by created_at, account_id`),
  );
  return rows.map((r) => ({ sessionId: num(r.session_id), roomId: num(r.room_id), accountId: num(r.account_id) }));
}

export async function insertAssignment(
  tx: Tx,
  row: AssignmentRow & { centreId: number; centrePath: string; assignedBy: number; now: Date },
): Promise<boolean> {
  const rows = resultRows(
    await tx.execute(sql`
      insert into proctor_assignments (session_id, room_id, account_id, centre_id, centre_path, assigned_by, created_at)
      values (${row.sessionId}, ${row.roomId}, ${row.accountId}, ${row.centreId}, ${row.centrePath}, ${row.assignedBy},
              ${row.now.toISOString()})
      on conflict do nothing returning account_id`),
  );
  return rows.length > 0;
}

export async function deleteAssignment(tx: Tx, row: AssignmentRow): Promise<boolean> {
  const rows = resultRows(
    await tx.execute(sql`
      delete from proctor_assignments
      where session_id = ${row.sessionId} and room_id = ${row.roomId} and account_id = ${row.accountId}
      returning account_id`),
  );
  return rows.length > 0;
}

// ─── Room states ────────────────────────────────────────────────────────────────────────────────────────

export interface RoomStateRow {
  pausedAt: Date | null;
  pauseReason: string | null;
  pausedSeconds: number;
  extraSeconds: number;
  stoppedAt: Date | null;
  stopReason: string | null;
}

export const EMPTY_ROOM_STATE: RoomStateRow = {
  pausedAt: null,
  pauseReason: null,
  pausedSeconds: 0,
  extraSeconds: 0,
  stoppedAt: null,
  stopReason: null,
};

function presentState(r: Record<string, unknown>): RoomStateRow {
  return {
    pausedAt: dateOrNull(r.paused_at),
    pauseReason: (r.pause_reason as string | null) ?? null,
    pausedSeconds: num(r.paused_seconds),
    extraSeconds: num(r.extra_seconds),
    stoppedAt: dateOrNull(r.stopped_at),
    stopReason: (r.stop_reason as string | null) ?? null,
  };
}

/** The room's state in the session; `lock` takes the row (created first if missing) for an update. */
export async function roomState(
  tx: Tx,
  sessionId: number,
  roomId: number,
  lock?: { centreId: number; centrePath: string; now: Date },
): Promise<RoomStateRow> {
  if (lock) {
    await tx.execute(sql`
      insert into exam_room_states (session_id, room_id, centre_id, centre_path, created_at, updated_at)
      values (${sessionId}, ${roomId}, ${lock.centreId}, ${lock.centrePath}, ${lock.now.toISOString()},
              ${lock.now.toISOString()})
      on conflict do nothing`);
  }
  const rows = resultRows<Record<string, unknown>>(
    await tx.execute(sql`
      select paused_at, pause_reason, paused_seconds, extra_seconds, stopped_at, stop_reason from exam_room_states
      where session_id = ${sessionId} and room_id = ${roomId} ${lock ? sql`for update` : sql``}`),
  );
  return rows[0] ? presentState(rows[0]) : { ...EMPTY_ROOM_STATE };
}

export async function updateRoomState(
  tx: Tx,
  sessionId: number,
  roomId: number,
  next: RoomStateRow,
  now: Date,
): Promise<void> {
  await tx.execute(sql`
    update exam_room_states set paused_at = ${next.pausedAt?.toISOString() ?? null},
      pause_reason = ${next.pauseReason}, paused_seconds = ${next.pausedSeconds}, extra_seconds = ${next.extraSeconds},
      stopped_at = ${next.stoppedAt?.toISOString() ?? null}, stop_reason = ${next.stopReason},
      updated_at = ${now.toISOString()}
    where session_id = ${sessionId} and room_id = ${roomId}`);
}

export interface RoomStateListRow extends RoomStateRow {
  roomId: number;
}

export async function roomStates(tx: Tx, sessionId: number): Promise<RoomStateListRow[]> {
  const rows = resultRows<Record<string, unknown>>(
    await tx.execute(sql`
      select room_id, paused_at, pause_reason, paused_seconds, extra_seconds, stopped_at, stop_reason
      from exam_room_states where session_id = ${sessionId}`),
  );
  return rows.map((r) => ({ roomId: num(r.room_id), ...presentState(r) }));
}

// ─── Seats and attempts ─────────────────────────────────────────────────────────────────────────────────

export interface PlannedSeatRow {
  applicationId: number;
  campaignId: number;
  roomId: number;
  centreId: number;
  seat: number;
  seatLabel: string;
  ticketNumber: string;
  orgPath: string;
  applicantAccountId: number | null;
  centrePath: string;
}

function presentPlanned(r: Record<string, unknown>): PlannedSeatRow {
  return {
    applicationId: num(r.application_id),
    campaignId: num(r.campaign_id),
    roomId: num(r.room_id),
    centreId: num(r.centre_id),
    seat: num(r.seat),
    seatLabel: r.seat_label as string,
    ticketNumber: r.ticket_number as string,
    orgPath: r.org_path as string,
    applicantAccountId: numOrNull(r.applicant_account_id),
    centrePath: r.centre_path as string,
  };
}

const plannedColumns = sql`
  application_id, campaign_id, room_id, centre_id, seat, seat_label, ticket_number, org_path, applicant_account_id,
  centre_path`;

/** The published plan's seats of one room in one session (or one candidate's seat in the session). */
export async function plannedSeats(
  tx: Tx,
  sessionId: number,
  filter: { roomId?: number; applicationId?: number; applicationIds?: readonly number[] },
): Promise<PlannedSeatRow[]> {
  const room = filter.roomId !== undefined ? sql`and room_id = ${filter.roomId}` : sql``;
  const ids = filter.applicationIds ?? (filter.applicationId !== undefined ? [filter.applicationId] : null);
  const app = ids ? sql`and application_id = any(${intArray(ids)}::int[])` : sql``;
  const rows = resultRows<Record<string, unknown>>(
    await tx.execute(sql`
      select ${plannedColumns} from seat_assignments where session_id = ${sessionId} ${room} ${app} order by seat`),
  );
  return rows.map(presentPlanned);
}

export type AttemptStatus = 'waiting' | 'admitted' | 'finished' | 'absent' | 'stopped';

export interface AttemptRow {
  id: number;
  applicationId: number;
  campaignId: number;
  roomId: number;
  centreId: number;
  seat: number;
  seatLabel: string;
  ticketNumber: string;
  centrePath: string;
  status: AttemptStatus;
  signedInAt: Date | null;
  admittedAt: Date | null;
  clientTokenHash: string | null;
  pendingTokenHash: string | null;
  pendingSince: Date | null;
  lastSeenAt: Date | null;
  unsavedCount: number;
  extraSeconds: number;
  absentAt: Date | null;
}

function presentAttempt(r: Record<string, unknown>): AttemptRow {
  return {
    id: num(r.id),
    applicationId: num(r.application_id),
    campaignId: num(r.campaign_id),
    roomId: num(r.room_id),
    centreId: num(r.centre_id),
    seat: num(r.seat),
    seatLabel: r.seat_label as string,
    ticketNumber: r.ticket_number as string,
    centrePath: r.centre_path as string,
    status: r.status as AttemptStatus,
    signedInAt: dateOrNull(r.signed_in_at),
    admittedAt: dateOrNull(r.admitted_at),
    clientTokenHash: (r.client_token_hash as string | null) ?? null,
    pendingTokenHash: (r.pending_token_hash as string | null) ?? null,
    pendingSince: dateOrNull(r.pending_since),
    lastSeenAt: dateOrNull(r.last_seen_at),
    unsavedCount: num(r.unsaved_count),
    extraSeconds: num(r.extra_seconds),
    absentAt: dateOrNull(r.absent_at),
  };
}

const attemptColumns = sql`
  id, application_id, campaign_id, room_id, centre_id, seat, seat_label, ticket_number, centre_path, status,
  signed_in_at, admitted_at, client_token_hash, pending_token_hash, pending_since, last_seen_at, unsaved_count,
  extra_seconds, absent_at`;

/**
 * The session's attempts sitting in the room now, or planned for it (moved elsewhere since), or of the given
 * candidates; `lock` takes them for an update.
 */
export async function attempts(
  tx: Tx,
  sessionId: number,
  filter: { roomId?: number; applicationIds?: readonly number[]; lock?: boolean },
): Promise<AttemptRow[]> {
  const room = filter.roomId !== undefined ? sql`room_id = ${filter.roomId}` : sql`false`;
  const apps =
    filter.applicationIds && filter.applicationIds.length > 0
      ? sql`application_id = any(${intArray(filter.applicationIds)}::int[])`
      : sql`false`;
  const rows = resultRows<Record<string, unknown>>(
    await tx.execute(sql`
      select ${attemptColumns} from exam_attempts where session_id = ${sessionId} and (${room} or ${apps})
      order by id ${filter.lock ? sql`for update` : sql``}`),
  );
  return rows.map(presentAttempt);
}

export async function insertAbsentAttempt(
  tx: Tx,
  sessionId: number,
  seat: PlannedSeatRow,
  now: Date,
): Promise<AttemptRow> {
  const rows = resultRows<Record<string, unknown>>(
    await tx.execute(sql`
      insert into exam_attempts (application_id, campaign_id, session_id, room_id, centre_id, seat, seat_label,
        ticket_number, org_path, applicant_account_id, centre_path, status, absent_at, created_at, updated_at)
      values (${seat.applicationId}, ${seat.campaignId}, ${sessionId}, ${seat.roomId}, ${seat.centreId}, ${seat.seat},
        ${seat.seatLabel}, ${seat.ticketNumber}, ${seat.orgPath}, ${seat.applicantAccountId}, ${seat.centrePath},
        'absent', ${now.toISOString()}, ${now.toISOString()}, ${now.toISOString()})
      returning ${attemptColumns}`),
  );
  return presentAttempt(rows[0]!);
}

/** Sets the attempt's proctor-side columns that the action changes (the others stay). */
export async function updateAttempt(
  tx: Tx,
  id: number,
  set: {
    status?: AttemptStatus;
    admittedAt?: Date;
    admittedBy?: number;
    clientTokenHash?: string | null;
    pendingTokenHash?: null;
    pendingSince?: null;
    roomId?: number;
    centreId?: number;
    centrePath?: string;
    seat?: number;
    seatLabel?: string;
    extraSeconds?: number;
    absentAt?: Date;
  },
  now: Date,
): Promise<void> {
  const parts = [sql`updated_at = ${now.toISOString()}`];
  if (set.status !== undefined) parts.push(sql`status = ${set.status}`);
  if (set.admittedAt !== undefined) parts.push(sql`admitted_at = ${set.admittedAt.toISOString()}`);
  if (set.admittedBy !== undefined) parts.push(sql`admitted_by = ${set.admittedBy}`);
  if (set.clientTokenHash !== undefined) parts.push(sql`client_token_hash = ${set.clientTokenHash}`);
  if (set.pendingTokenHash !== undefined) parts.push(sql`pending_token_hash = null`);
  if (set.pendingSince !== undefined) parts.push(sql`pending_since = null`);
  if (set.roomId !== undefined) parts.push(sql`room_id = ${set.roomId}`);
  if (set.centreId !== undefined) parts.push(sql`centre_id = ${set.centreId}`);
  if (set.centrePath !== undefined) parts.push(sql`centre_path = ${set.centrePath}`);
  if (set.seat !== undefined) parts.push(sql`seat = ${set.seat}`);
  if (set.seatLabel !== undefined) parts.push(sql`seat_label = ${set.seatLabel}`);
  if (set.extraSeconds !== undefined) parts.push(sql`extra_seconds = ${set.extraSeconds}`);
  if (set.absentAt !== undefined) parts.push(sql`absent_at = ${set.absentAt.toISOString()}`);
  await tx.execute(sql`update exam_attempts set ${sql.join(parts, sql`, `)} where id = ${id}`);
}

export interface AttemptSubjectRow {
  id: number;
  attemptId: number;
  subject: string;
  position: number;
  itemCount: number;
  opensAt: Date;
  deadlineAt: Date;
  submittedAt: Date | null;
  submitKind: 'candidate' | 'deadline' | 'proctor' | 'stopped' | null;
  answeredCount: number;
}

export async function attemptSubjects(
  tx: Tx,
  attemptIds: readonly number[],
  lock = false,
): Promise<AttemptSubjectRow[]> {
  if (attemptIds.length === 0) return [];
  const rows = resultRows<Record<string, unknown>>(
    await tx.execute(sql`
      select id, attempt_id, subject, position, item_count, opens_at, deadline_at, submitted_at, submit_kind,
             answered_count
      from attempt_subjects where attempt_id = any(${intArray(attemptIds)}::int[]) order by attempt_id, position
      ${lock ? sql`for update` : sql``}`),
  );
  return rows.map((r) => ({
    id: num(r.id),
    attemptId: num(r.attempt_id),
    subject: r.subject as string,
    position: num(r.position),
    itemCount: num(r.item_count),
    opensAt: new Date(r.opens_at as string),
    deadlineAt: new Date(r.deadline_at as string),
    submittedAt: dateOrNull(r.submitted_at),
    submitKind: (r.submit_kind as AttemptSubjectRow['submitKind']) ?? null,
    answeredCount: num(r.answered_count),
  }));
}

/** Writes new clocks (time given) for the subjects that changed, in one statement. */
export async function updateSubjectClocks(
  tx: Tx,
  rows: readonly { id: number; opensAt: Date; deadlineAt: Date }[],
): Promise<void> {
  if (rows.length === 0) return;
  const ids = intArray(rows.map((r) => r.id));
  const opens = `{${rows.map((r) => r.opensAt.toISOString()).join(',')}}`;
  const deadlines = `{${rows.map((r) => r.deadlineAt.toISOString()).join(',')}}`;
  await tx.execute(sql`
    update attempt_subjects s set opens_at = v.opens_at, deadline_at = v.deadline_at
    from unnest(${ids}::int[], ${opens}::timestamptz[], ${deadlines}::timestamptz[]) as v(id, opens_at, deadline_at)
    where s.id = v.id`);
}

/** Adds seconds to each attempt's extra_seconds. */
export async function addExtraSeconds(tx: Tx, attemptIds: readonly number[], seconds: number, now: Date) {
  if (attemptIds.length === 0) return;
  await tx.execute(sql`
    update exam_attempts set extra_seconds = extra_seconds + ${seconds}, updated_at = ${now.toISOString()}
    where id = any(${intArray(attemptIds)}::int[])`);
}

// ─── Events ─────────────────────────────────────────────────────────────────────────────────────────────

export interface EventRow {
  id: number;
  kind: 'violation' | 'incident';
  type: string;
  tier: number | null;
  attemptId: number | null;
  applicationId: number | null;
  seatLabel: string | null;
  note: string;
  startedAt: Date;
  endedAt: Date | null;
  recordedBy: number;
}

function presentEvent(r: Record<string, unknown>): EventRow {
  return {
    id: num(r.id),
    kind: r.kind as EventRow['kind'],
    type: r.type as string,
    tier: numOrNull(r.tier),
    attemptId: numOrNull(r.attempt_id),
    applicationId: numOrNull(r.application_id),
    seatLabel: (r.seat_label as string | null) ?? null,
    note: r.note as string,
    startedAt: new Date(r.started_at as string),
    endedAt: dateOrNull(r.ended_at),
    recordedBy: num(r.recorded_by),
  };
}

export async function events(tx: Tx, sessionId: number, roomId: number, eventId?: number): Promise<EventRow[]> {
  const one = eventId !== undefined ? sql`and e.id = ${eventId}` : sql``;
  const rows = resultRows<Record<string, unknown>>(
    await tx.execute(sql`
      select e.id, e.kind, e.type, e.tier, e.attempt_id, a.application_id, a.seat_label, e.note, e.started_at,
             e.ended_at, e.recorded_by
      from exam_events e left join exam_attempts a on a.id = e.attempt_id
      where e.session_id = ${sessionId} and e.room_id = ${roomId} ${one}
      order by e.started_at desc, e.id desc`),
  );
  return rows.map(presentEvent);
}

export async function insertEvent(
  tx: Tx,
  row: {
    sessionId: number;
    roomId: number;
    centreId: number;
    centrePath: string;
    kind: 'violation' | 'incident';
    type: string;
    tier: number | null;
    attemptId: number | null;
    note: string;
    startedAt: Date;
    endedAt: Date | null;
    recordedBy: number;
    now: Date;
  },
): Promise<number> {
  const rows = resultRows<{ id: number }>(
    await tx.execute(sql`
      insert into exam_events (session_id, room_id, centre_id, centre_path, kind, type, tier, attempt_id, note,
        started_at, ended_at, recorded_by, created_at, updated_at)
      values (${row.sessionId}, ${row.roomId}, ${row.centreId}, ${row.centrePath}, ${row.kind}, ${row.type},
        ${row.tier}, ${row.attemptId}, ${row.note}, ${row.startedAt.toISOString()},
        ${row.endedAt?.toISOString() ?? null}, ${row.recordedBy}, ${row.now.toISOString()}, ${row.now.toISOString()})
      returning id`),
  );
  return num(rows[0]!.id);
}

export async function endEvent(tx: Tx, eventId: number, endedAt: Date, now: Date): Promise<void> {
  await tx.execute(sql`
    update exam_events set ended_at = ${endedAt.toISOString()}, updated_at = ${now.toISOString()}
    where id = ${eventId}`);
}

// ─── Inspection ─────────────────────────────────────────────────────────────────────────────────────────

export interface EventCountRow {
  roomId: number;
  openIncidents: number;
  violations: number;
}

export async function eventCounts(tx: Tx, sessionId: number): Promise<EventCountRow[]> {
  const rows = resultRows<Record<string, unknown>>(
    await tx.execute(sql`
      select room_id, count(*) filter (where kind = 'incident' and ended_at is null)::int as open_incidents,
             count(*) filter (where kind = 'violation')::int as violations
      from exam_events where session_id = ${sessionId} group by room_id`),
  );
  return rows.map((r) => ({
    roomId: num(r.room_id),
    openIncidents: num(r.open_incidents),
    violations: num(r.violations),
  }));
}

/** Who the plan seats where in the session (the caller's rooms): application and room ids only. */
export async function plannedPairs(tx: Tx, sessionId: number): Promise<{ applicationId: number; roomId: number }[]> {
  const rows = resultRows<Record<string, unknown>>(
    await tx.execute(sql`select application_id, room_id from seat_assignments where session_id = ${sessionId}`),
  );
  return rows.map((r) => ({ applicationId: num(r.application_id), roomId: num(r.room_id) }));
}

/** Every attempt of the session the caller reaches, with its subjects' clocks (aggregated per attempt). */
export async function sessionAttempts(tx: Tx, sessionId: number): Promise<AttemptRow[]> {
  const rows = resultRows<Record<string, unknown>>(
    await tx.execute(sql`select ${attemptColumns} from exam_attempts where session_id = ${sessionId}`),
  );
  return rows.map(presentAttempt);
}

// ─── System reads (for ids a scoped read returned) ──────────────────────────────────────────────────────

export interface PersonRow {
  applicationId: number;
  name: string;
  jobTypeName: string;
  grade: number;
}

export async function people(tx: Tx, applicationIds: readonly number[]): Promise<Map<number, PersonRow>> {
  if (applicationIds.length === 0) return new Map();
  const rows = resultRows<Record<string, unknown>>(
    await tx.execute(sql`
      select a.id, a.name, j.name as job_type_name, a.applied_grade
      from applications a join job_types j on j.id = a.applied_job_type_id
      where a.id = any(${intArray(applicationIds)}::int[])`),
  );
  return new Map(
    rows.map((r) => [
      num(r.id),
      {
        applicationId: num(r.id),
        name: r.name as string,
        jobTypeName: r.job_type_name as string,
        grade: num(r.applied_grade),
      },
    ]),
  );
}

/** Which of the applications have a registration photo. */
export async function withPhotos(tx: Tx, applicationIds: readonly number[]): Promise<Set<number>> {
  if (applicationIds.length === 0) return new Set();
  const rows = resultRows<{ application_id: number }>(
    await tx.execute(sql`
      select distinct application_id from application_files
      where application_id = any(${intArray(applicationIds)}::int[]) and kind = 'photo'`),
  );
  return new Set(rows.map((r) => num(r.application_id)));
}

/** The application's registration photo (the newest), if any. */
export async function photo(tx: Tx, applicationId: number): Promise<Buffer | null> {
  const rows = resultRows<{ data: Buffer | Uint8Array }>(
    await tx.execute(sql`
      select data from application_files where application_id = ${applicationId} and kind = 'photo'
      order by id desc limit 1`),
  );
  const data = rows[0]?.data;
  return data ? Buffer.from(data) : null;
}

export interface AccountRow {
  id: number;
  username: string;
  displayName: string;
  role: string;
  orgPath: string | null;
  active: boolean;
}

export async function accounts(tx: Tx, ids: readonly number[]): Promise<Map<number, AccountRow>> {
  if (ids.length === 0) return new Map();
  const rows = resultRows<Record<string, unknown>>(
    await tx.execute(sql`
      select id, username, display_name, role, org_path, active from accounts
      where id = any(${intArray(ids)}::int[])`),
  );
  return new Map(
    rows.map((r) => [
      num(r.id),
      {
        id: num(r.id),
        username: r.username as string,
        displayName: r.display_name as string,
        role: r.role as string,
        orgPath: (r.org_path as string | null) ?? null,
        active: r.active === true,
      },
    ]),
  );
}

/** Active proctor accounts bound under `subtree` whose node lies on the room's centre path (so they reach it). */
export async function assignableProctors(tx: Tx, subtree: string, centrePath: string): Promise<AccountRow[]> {
  const rows = resultRows<Record<string, unknown>>(
    await tx.execute(sql`
      select id, username, display_name, role, org_path, active from accounts
      where role = 'proctor' and active and starts_with(org_path, ${subtree}) and starts_with(${centrePath}, org_path)
      order by display_name, id limit 500`),
  );
  return rows.map((r) => ({
    id: num(r.id),
    username: r.username as string,
    displayName: r.display_name as string,
    role: r.role as string,
    orgPath: (r.org_path as string | null) ?? null,
    active: true,
  }));
}

/** Saved non-empty answers per attempt subject (attempt_answers is read by no official's role). */
export async function answeredCounts(tx: Tx, subjectIds: readonly number[]): Promise<Map<number, number>> {
  if (subjectIds.length === 0) return new Map();
  const rows = resultRows<{ attempt_subject_id: number; n: number }>(
    await tx.execute(sql`
      select attempt_subject_id, count(*)::int as n from attempt_answers
      where attempt_subject_id = any(${intArray(subjectIds)}::int[]) and answer <> ''
      group by attempt_subject_id`),
  );
  return new Map(rows.map((r) => [num(r.attempt_subject_id), num(r.n)]));
}
