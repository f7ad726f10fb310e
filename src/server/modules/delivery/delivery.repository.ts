// The candidate's side of exam day: every statement runs as the owner (system transactions), bound to the attempt
// by the SHA-256 of the client's bearer token in the statement itself (docs/api-exam-day.md).
import { and, asc, eq, getTableColumns, inArray, isNull, sql } from 'drizzle-orm';
import type { Subject } from '../../../domain/items.js';
import type { SessionSubject } from '../../../domain/sessions.js';
import { type Db, queryPrepared, resultRows, type Tx } from '../../db/client.js';
import {
  applications,
  attemptAnswers,
  attemptSubjects,
  campaigns,
  examAttempts,
  examRoomStates,
  examSessions,
  seatAssignments,
} from '../../db/schema.js';

export type AttemptRow = typeof examAttempts.$inferSelect;
export type AttemptSubjectRow = typeof attemptSubjects.$inferSelect;
export type AttemptSubjectInsert = typeof attemptSubjects.$inferInsert;
export type RoomStateRow = typeof examRoomStates.$inferSelect;

// ─── Sign-in ──────────────────────────────────────────────────────────────────────────────────────────

export interface PublishedSeat {
  applicationId: number;
  campaignId: number;
  sessionId: number;
  roomId: number;
  centreId: number;
  seat: number;
  seatLabel: string;
  ticketNumber: string;
  orgPath: string;
  applicantAccountId: number | null;
  centrePath: string;
  sessionDate: string;
  startTime: string;
  subjects: SessionSubject[];
  lateEntryMinutes: number;
  examSettings: unknown;
  /** The room's state in the session (pause, time given, stop), when a proctor acted on it. */
  room: { pausedSeconds: number; extraSeconds: number; stoppedAt: Date | null } | null;
}

/** The published seat with this 准考证号 whose application carries this ID number (compared upper-case). */
export async function findPublishedSeat(tx: Tx, ticketNumber: string, idNumber: string): Promise<PublishedSeat | null> {
  const rows = await tx
    .select({
      applicationId: seatAssignments.applicationId,
      campaignId: seatAssignments.campaignId,
      sessionId: seatAssignments.sessionId,
      roomId: seatAssignments.roomId,
      centreId: seatAssignments.centreId,
      seat: seatAssignments.seat,
      seatLabel: seatAssignments.seatLabel,
      ticketNumber: seatAssignments.ticketNumber,
      orgPath: seatAssignments.orgPath,
      applicantAccountId: seatAssignments.applicantAccountId,
      centrePath: seatAssignments.centrePath,
      sessionDate: examSessions.sessionDate,
      startTime: examSessions.startTime,
      subjects: examSessions.subjects,
      lateEntryMinutes: examSessions.lateEntryMinutes,
      examSettings: campaigns.examSettings,
      roomPausedSeconds: examRoomStates.pausedSeconds,
      roomExtraSeconds: examRoomStates.extraSeconds,
      roomStoppedAt: examRoomStates.stoppedAt,
      roomStateId: examRoomStates.sessionId,
    })
    .from(seatAssignments)
    .innerJoin(applications, eq(applications.id, seatAssignments.applicationId))
    .innerJoin(examSessions, eq(examSessions.id, seatAssignments.sessionId))
    .innerJoin(campaigns, eq(campaigns.id, seatAssignments.campaignId))
    .leftJoin(
      examRoomStates,
      and(eq(examRoomStates.sessionId, seatAssignments.sessionId), eq(examRoomStates.roomId, seatAssignments.roomId)),
    )
    .where(
      and(
        eq(seatAssignments.ticketNumber, ticketNumber),
        sql`${seatAssignments.notifiedAt} is not null`,
        sql`upper(${applications.idNumber}) = ${idNumber}`,
      ),
    );
  const row = rows[0];
  if (!row) return null;
  const { roomPausedSeconds, roomExtraSeconds, roomStoppedAt, roomStateId, ...seat } = row;
  return {
    ...seat,
    subjects: seat.subjects as SessionSubject[],
    room:
      roomStateId === null
        ? null
        : { pausedSeconds: roomPausedSeconds ?? 0, extraSeconds: roomExtraSeconds ?? 0, stoppedAt: roomStoppedAt },
  };
}

/**
 * The attempt of an application in a session, created when there is none, and locked either way: concurrent
 * sign-ins of one candidate meet at the unique key, the second waits for the first and gets its row.
 */
export async function insertOrLockAttempt(
  tx: Tx,
  values: typeof examAttempts.$inferInsert,
): Promise<{ attempt: AttemptRow; created: boolean }> {
  // One statement: the row comes back whether inserted or found (the no-op update locks it and returns it).
  const [row] = await tx
    .insert(examAttempts)
    .values({ ...values, status: 'waiting' })
    .onConflictDoUpdate({
      target: [examAttempts.applicationId, examAttempts.sessionId],
      set: { updatedAt: sql`${examAttempts.updatedAt}` },
    })
    .returning({ ...getTableColumns(examAttempts), created: sql<boolean | string>`(xmax = 0)` });
  const { created, ...attempt } = row!;
  return { attempt, created: created === true || created === 't' };
}

export async function insertAttemptSubjects(tx: Tx, rows: readonly AttemptSubjectInsert[]): Promise<void> {
  if (rows.length > 0) await tx.insert(attemptSubjects).values([...rows]);
}

/**
 * Binds a client token: the first client becomes the active one; while one is active another token waits as
 * pending (the proctor lets it take over); the active or pending token signing in again (a retried sign-in) stays
 * as it is. Admits at once when the campaign admits automatically.
 */
export async function bindClientToken(
  tx: Tx,
  attemptId: number,
  tokenHash: string,
  now: Date,
  autoAdmit: boolean,
): Promise<'active' | 'pending'> {
  const rows = resultRows<{ active: boolean | string }>(
    await tx.execute(sql`
      update exam_attempts set
        pending_token_hash = case
          when client_token_hash is null or client_token_hash = ${tokenHash} then pending_token_hash
          else ${tokenHash} end,
        pending_since = case
          when client_token_hash is null or client_token_hash = ${tokenHash} then pending_since
          when pending_token_hash = ${tokenHash} then pending_since
          else ${now}::timestamptz end,
        client_token_hash = coalesce(client_token_hash, ${tokenHash}),
        signed_in_at = coalesce(signed_in_at, ${now}::timestamptz),
        status = case when ${autoAdmit} and status = 'waiting' then 'admitted'::attempt_status else status end,
        admitted_at = case when ${autoAdmit} and status = 'waiting' then ${now}::timestamptz else admitted_at end,
        updated_at = ${now}::timestamptz
      where id = ${attemptId}
      returning client_token_hash = ${tokenHash} as active`),
  );
  const active = rows[0]?.active;
  return active === true || active === 't' ? 'active' : 'pending';
}

// ─── The attempt of a token ───────────────────────────────────────────────────────────────────────────

export interface BoundAttempt {
  attempt: AttemptRow;
  /** The token is the active client's (false: it waits as pending). */
  active: boolean;
  sessionName: string;
  sessionDate: string;
  startTime: string;
  lateEntryMinutes: number;
  earliestHandInMinutes: number;
  examSettings: unknown;
  pausedAt: Date | null;
  stoppedAt: Date | null;
}

/** The attempt whose active or pending client carries this token, with its session, settings and room state. */
export async function findAttemptByToken(tx: Tx, tokenHash: string): Promise<BoundAttempt | null> {
  return (await findBoundWithSubjects(tx, tokenHash))?.bound ?? null;
}

/**
 * The attempt of a token with its subjects in the session's order, in one statement outside any transaction (the
 * read paths of the exam client: state, paper, heartbeat). Null when no client holds the token.
 */
export async function findBoundWithSubjects(
  db: Db | Tx,
  tokenHash: string,
): Promise<{ bound: BoundAttempt; subjects: AttemptSubjectRow[] } | null> {
  const rows = await db
    .select({
      attempt: examAttempts,
      sessionName: examSessions.name,
      sessionDate: examSessions.sessionDate,
      startTime: examSessions.startTime,
      lateEntryMinutes: examSessions.lateEntryMinutes,
      earliestHandInMinutes: examSessions.earliestHandInMinutes,
      examSettings: campaigns.examSettings,
      pausedAt: examRoomStates.pausedAt,
      stoppedAt: examRoomStates.stoppedAt,
      subject: attemptSubjects,
    })
    .from(examAttempts)
    .innerJoin(examSessions, eq(examSessions.id, examAttempts.sessionId))
    .innerJoin(campaigns, eq(campaigns.id, examAttempts.campaignId))
    .leftJoin(
      examRoomStates,
      and(eq(examRoomStates.sessionId, examAttempts.sessionId), eq(examRoomStates.roomId, examAttempts.roomId)),
    )
    .leftJoin(attemptSubjects, eq(attemptSubjects.attemptId, examAttempts.id))
    .where(sql`${examAttempts.clientTokenHash} = ${tokenHash} or ${examAttempts.pendingTokenHash} = ${tokenHash}`)
    .orderBy(asc(attemptSubjects.position));
  const first = rows[0];
  if (!first) return null;
  const { subject: _subject, ...row } = first;
  return {
    bound: { ...row, active: row.attempt.clientTokenHash === tokenHash },
    subjects: rows.flatMap((r) => (r.subject ? [r.subject] : [])),
  };
}

export async function listAttemptSubjects(tx: Tx, attemptId: number): Promise<AttemptSubjectRow[]> {
  return tx
    .select()
    .from(attemptSubjects)
    .where(eq(attemptSubjects.attemptId, attemptId))
    .orderBy(asc(attemptSubjects.position));
}

/** Non-empty saved answers per subject of an attempt (the live "answered N"). */
export interface CandidateCard {
  name: string;
  idNumber: string;
  jobTypeName: string | null;
  grade: number;
  centreName: string;
  centreAddress: string;
  roomName: string;
}

/** What the state adds to the bound attempt: the candidate's card, the photo and the live answered counts. */
export interface StateExtras {
  card: CandidateCard;
  photo: { mime: string; data: Buffer } | null;
  /** Non-empty answers by attempt subject id, for the subjects asked for. */
  answered: Map<number, number>;
}

const STATE_STATEMENT = `
  select ap.name, ap.id_number, jt.name as job_type_name, ap.applied_grade as grade, c.name as centre_name,
    c.address as centre_address, r.name as room_name, f.mime as photo_mime, f.data as photo_data,
    (select coalesce(json_object_agg(n.id, n.count), '{}'::json)
       from (select attempt_subject_id as id, count(*)::int as count from attempt_answers
             where attempt_subject_id = any($4::int[]) and answer <> '' group by attempt_subject_id) n) as answered
  from applications ap
    join test_centres c on c.id = $2
    join exam_rooms r on r.id = $3
    left join job_types jt on jt.id = ap.applied_job_type_id
    left join lateral (select mime, data from application_files
                       where application_id = ap.id and kind = 'photo' order by id desc limit 1) f on true
  where ap.id = $1`;

/**
 * The state's card, photo and live counts in one prepared statement (the state is read by every seat before the
 * opening; four statements were four round trips of the app's CPU each). Null when the application is gone.
 */
export async function findStateExtras(
  db: Db,
  attempt: Pick<AttemptRow, 'applicationId' | 'centreId' | 'roomId'>,
  openSubjectIds: readonly number[],
): Promise<StateExtras | null> {
  const rows = await queryPrepared<{
    name: string;
    id_number: string;
    job_type_name: string | null;
    grade: number;
    centre_name: string;
    centre_address: string;
    room_name: string;
    photo_mime: string | null;
    photo_data: Buffer | Uint8Array | null;
    answered: Record<string, number> | string;
  }>(db, 'gk_exam_state', STATE_STATEMENT, [
    attempt.applicationId,
    attempt.centreId,
    attempt.roomId,
    `{${openSubjectIds.join(',')}}`,
  ]);
  const row = rows[0];
  if (!row) return null;
  const answered = typeof row.answered === 'string' ? JSON.parse(row.answered) : row.answered;
  return {
    card: {
      name: row.name,
      idNumber: row.id_number,
      jobTypeName: row.job_type_name,
      grade: Number(row.grade),
      centreName: row.centre_name,
      centreAddress: row.centre_address,
      roomName: row.room_name,
    },
    photo:
      row.photo_mime && row.photo_data
        ? {
            mime: row.photo_mime,
            data: Buffer.isBuffer(row.photo_data) ? row.photo_data : Buffer.from(row.photo_data),
          }
        : null,
    answered: new Map(Object.entries(answered as Record<string, number>).map(([id, n]) => [Number(id), Number(n)])),
  };
}

/** A paper as stored: sealed, with what its seal is bound to (papers.service unseals it). */
export interface SealedPaperRow {
  applicationId: number;
  subject: Subject;
  sitting: number;
  content: Buffer;
}

const START_PAPER_STATEMENT = `
  with started as (
    update attempt_subjects set started_at = $3::timestamptz
    where id = $1 and started_at is null
  )
  select p.application_id, p.subject, p.sitting, p.content,
    (select coalesce(json_agg(json_build_array(a.position, a.answer, a.flagged, a.seq) order by a.position), '[]'::json)
       from attempt_answers a where a.attempt_subject_id = $1) as answers
  from papers p where p.id = $2`;

/**
 * The fetch of a subject's paper in one prepared statement: marks the subject started (the first fetch), and reads
 * the sealed paper and the saved answers (a resume). At a session's opening every seat sends this in the same
 * second. Null when the paper is gone.
 */
export async function startPaper(
  db: Db,
  subjectId: number,
  paperId: number,
  now: Date,
): Promise<{ paper: SealedPaperRow; answers: SavedAnswerRow[] } | null> {
  const rows = await queryPrepared<{
    application_id: number;
    subject: Subject;
    sitting: number;
    content: Buffer | Uint8Array;
    answers: [number, string, boolean, number | string][] | string;
  }>(db, 'gk_exam_start_paper', START_PAPER_STATEMENT, [subjectId, paperId, now.toISOString()]);
  const row = rows[0];
  if (!row) return null;
  const answers = typeof row.answers === 'string' ? JSON.parse(row.answers) : row.answers;
  return {
    paper: {
      applicationId: Number(row.application_id),
      subject: row.subject,
      sitting: Number(row.sitting),
      content: Buffer.isBuffer(row.content) ? row.content : Buffer.from(row.content),
    },
    answers: (answers as [number, string, boolean, number | string][]).map(([position, answer, flagged, seq]) => ({
      position: Number(position),
      answer,
      flagged,
      seq: Number(seq),
    })),
  };
}

/** The first fetch of the paper marks the subject started. */
export async function markStarted(tx: Tx, subjectId: number, now: Date): Promise<void> {
  await tx
    .update(attemptSubjects)
    .set({ startedAt: now })
    .where(and(eq(attemptSubjects.id, subjectId), isNull(attemptSubjects.startedAt)));
}

export interface SavedAnswerRow {
  position: number;
  answer: string;
  flagged: boolean;
  seq: number;
}

export async function listAnswers(tx: Tx, subjectId: number): Promise<SavedAnswerRow[]> {
  return tx
    .select({
      position: attemptAnswers.position,
      answer: attemptAnswers.answer,
      flagged: attemptAnswers.flagged,
      seq: attemptAnswers.seq,
    })
    .from(attemptAnswers)
    .where(eq(attemptAnswers.attemptSubjectId, subjectId))
    .orderBy(asc(attemptAnswers.position));
}

// ─── Saves ────────────────────────────────────────────────────────────────────────────────────────────

export interface Change {
  position: number;
  answer: string;
  flagged: boolean;
  seq: number;
}

export type SaveOutcome =
  | 'unknown'
  | 'pending'
  | 'not_admitted'
  | 'not_found'
  | 'not_open'
  | 'closed'
  | 'invalid'
  | 'ok';

/** What a save answers: the outcome, and the subject's deadline and the room's pause as they stand. */
export interface SaveResult {
  outcome: SaveOutcome;
  deadlineAt: Date | null;
  pausedAt: Date | null;
}

/** A save records the client's last contact when the record is this old (the proctor calls 45 s disconnected). */
export const SEEN_REFRESH_SECONDS = 10;

/**
 * The save path, one statement: finds the attempt subject by the token's hash and the subject, locks it FOR SHARE
 * (a submit's FOR UPDATE waits for saves in flight and the other way round), checks that it takes saves now (the
 * client active, the attempt admitted, opened, not submitted, before the deadline plus the campaign's grace; a
 * paused room's clock stands at the pause) and that every change fits the paper (answer_shapes), then upserts the
 * changes keeping, per position, the row with the highest seq. Nothing is written unless every check passes.
 *
 * A save is also the client's sign of life (the heartbeat is only sent when no save was acknowledged for a beat):
 * an accepted save records last_seen_at and the client's unsaved count, but writes the attempt only when the last
 * record is SEEN_REFRESH_SECONDS old or the count changed, and never waits for the attempt's row (SKIP LOCKED: a
 * proctor's action holding it is not waited for, nor can the two deadlock; the next save records it). It answers
 * the subject's deadline and the room's pause as they are now, so that a client that no longer beats still learns
 * of time given or a pause at its next save.
 */
export async function saveAnswers(
  db: Db,
  tokenHash: string,
  subject: Subject,
  changes: readonly Change[],
  now: Date,
  unsaved = 0,
): Promise<SaveResult> {
  const rows = await queryPrepared<{
    outcome: SaveOutcome | null;
    deadline_at: Date | string | null;
    paused_at: Date | string | null;
  }>(db, 'gk_exam_save', SAVE_STATEMENT, [
    tokenHash,
    subject,
    JSON.stringify(changes),
    now.toISOString(),
    unsaved,
    SEEN_REFRESH_SECONDS,
  ]);
  const row = rows[0];
  return {
    outcome: row?.outcome ?? 'unknown',
    deadlineAt: row?.deadline_at ? new Date(row.deadline_at) : null,
    pausedAt: row?.paused_at ? new Date(row.paused_at) : null,
  };
}

/** $1 token hash, $2 subject, $3 changes (JSON), $4 now, $5 unsaved count, $6 SEEN_REFRESH_SECONDS. */
const SAVE_STATEMENT = `
  with bound as (
    select a.id, a.status, a.client_token_hash = $1::text as active, a.session_id, a.room_id, a.campaign_id
    from exam_attempts a
    where a.client_token_hash = $1::text or a.pending_token_hash = $1::text
  ),
  target as (
    select s.id, s.item_count, s.answer_shapes, s.opens_at, s.deadline_at, s.submitted_at,
      least($4::timestamptz, coalesce(rs.paused_at, $4::timestamptz)) as at, rs.paused_at,
      coalesce((c.exam_settings ->> 'submitGraceSeconds')::int, 30) as grace
    from bound b
    join attempt_subjects s on s.attempt_id = b.id and s.subject = $2::text::item_subject
    join campaigns c on c.id = b.campaign_id
    left join exam_room_states rs on rs.session_id = b.session_id and rs.room_id = b.room_id
    for share of s
  ),
  changes as (
    select distinct on (c.position) c.position, c.answer, c.flagged, c.seq
    from jsonb_to_recordset($3::text::jsonb) as c(position int, answer text, flagged boolean, seq int)
    order by c.position, c.seq desc
  ),
  verdict as (
    select t.id,
      case
        when not b.active then 'pending'
        when b.status = 'waiting' then 'not_admitted'
        when t.id is null then 'not_found'
        when t.submitted_at is not null or b.status <> 'admitted' then 'closed'
        when t.at < t.opens_at then 'not_open'
        when t.at >= t.deadline_at + make_interval(secs => t.grace) then 'closed'
        when exists (
          select 1 from changes ch
          where ch.position > t.item_count or not (ch.answer ~ coalesce(t.answer_shapes[ch.position], '^$'))
        ) then 'invalid'
        else 'ok'
      end as outcome
    from bound b left join target t on true
  ),
  written as (
    insert into attempt_answers (attempt_subject_id, position, answer, flagged, seq, saved_at, source)
    select v.id, ch.position, ch.answer, ch.flagged, ch.seq, $4::timestamptz, 'client'
    from verdict v cross join changes ch
    where v.outcome = 'ok'
    on conflict (attempt_subject_id, position) do update
      set answer = excluded.answer, flagged = excluded.flagged, seq = excluded.seq,
        saved_at = excluded.saved_at, source = excluded.source
      where attempt_answers.seq < excluded.seq
    returning 1
  ),
  seen as (
    update exam_attempts a set last_seen_at = $4::timestamptz, unsaved_count = $5::int
    where a.id = (
      select x.id from exam_attempts x join bound b on b.id = x.id
      where (select outcome from verdict) = 'ok'
        and (x.last_seen_at is null
          or x.last_seen_at < $4::timestamptz - make_interval(secs => $6::int)
          or x.unsaved_count <> $5::int)
      for update of x skip locked
    )
    returning 1
  )
  select (select outcome from verdict) as outcome, (select count(*) from written) as written,
    (select t.deadline_at from target t) as deadline_at, (select t.paused_at from target t) as paused_at`;

/**
 * Upserts changes into one attempt subject (inside a submit's or a merge's transaction, which holds the subject's
 * lock): per position the highest seq wins. Answers how many rows were written.
 */
export async function upsertAnswers(
  tx: Tx,
  subjectId: number,
  changes: readonly Change[],
  now: Date,
  source: 'client' | 'recovery',
): Promise<number> {
  if (changes.length === 0) return 0;
  const rows = resultRows<{ n: number | string }>(
    await tx.execute(sql`
      with changes as (
        select distinct on (c.position) c.position, c.answer, c.flagged, c.seq
        from jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) as c(position int, answer text, flagged boolean, seq int)
        order by c.position, c.seq desc
      ),
      written as (
        insert into attempt_answers (attempt_subject_id, position, answer, flagged, seq, saved_at, source)
        select ${subjectId}, ch.position, ch.answer, ch.flagged, ch.seq, ${now}::timestamptz, ${source}
        from changes ch
        on conflict (attempt_subject_id, position) do update
          set answer = excluded.answer, flagged = excluded.flagged, seq = excluded.seq,
            saved_at = excluded.saved_at, source = excluded.source
          where attempt_answers.seq < excluded.seq
        returning 1
      )
      select count(*) as n from written`),
  );
  return Number(rows[0]?.n ?? 0);
}

// ─── Heartbeat ────────────────────────────────────────────────────────────────────────────────────────

/** The client's heartbeat: last seen and its unsaved journal entries (the active client only). */
export async function recordHeartbeat(db: Db | Tx, tokenHash: string, unsaved: number, now: Date): Promise<void> {
  // Not worth a WAL flush: a sign of life lost in a crash is the next beat's (synchronous_commit off for this
  // statement's own transaction only, so the row lock goes as soon as it is written).
  await db.execute(sql`
    update exam_attempts set last_seen_at = ${now}::timestamptz, unsaved_count = ${unsaved}
    from (select set_config('synchronous_commit', 'off', true)) as volatile
    where client_token_hash = ${tokenHash}`);
}

// ─── Submits ──────────────────────────────────────────────────────────────────────────────────────────

export interface LockedSubject {
  subject: AttemptSubjectRow;
  attempt: AttemptRow;
  earliestHandInMinutes: number;
  examSettings: unknown;
  pausedAt: Date | null;
}

/** Attempt subjects by id, locked FOR UPDATE (in id order, so two lockers never deadlock), with what a submit needs. */
export async function lockSubjects(tx: Tx, subjectIds: readonly number[]): Promise<LockedSubject[]> {
  if (subjectIds.length === 0) return [];
  const rows = await tx
    .select({
      subject: attemptSubjects,
      attempt: examAttempts,
      earliestHandInMinutes: examSessions.earliestHandInMinutes,
      examSettings: campaigns.examSettings,
      pausedAt: examRoomStates.pausedAt,
    })
    .from(attemptSubjects)
    .innerJoin(examAttempts, eq(examAttempts.id, attemptSubjects.attemptId))
    .innerJoin(examSessions, eq(examSessions.id, examAttempts.sessionId))
    .innerJoin(campaigns, eq(campaigns.id, examAttempts.campaignId))
    .leftJoin(
      examRoomStates,
      and(eq(examRoomStates.sessionId, examAttempts.sessionId), eq(examRoomStates.roomId, examAttempts.roomId)),
    )
    .where(inArray(attemptSubjects.id, [...subjectIds]))
    .orderBy(asc(attemptSubjects.id))
    .for('update', { of: attemptSubjects });
  return rows;
}

/** The attempt subject of a token and subject, locked FOR UPDATE (a candidate's submit). */
export async function lockSubjectByToken(
  tx: Tx,
  tokenHash: string,
  subject: Subject,
): Promise<{ id: number; active: boolean } | null> {
  const rows = await tx
    .select({ id: attemptSubjects.id, clientTokenHash: examAttempts.clientTokenHash })
    .from(attemptSubjects)
    .innerJoin(examAttempts, eq(examAttempts.id, attemptSubjects.attemptId))
    .where(
      and(
        eq(attemptSubjects.subject, subject),
        sql`(${examAttempts.clientTokenHash} = ${tokenHash} or ${examAttempts.pendingTokenHash} = ${tokenHash})`,
      ),
    )
    .for('update', { of: attemptSubjects });
  const row = rows[0];
  return row ? { id: row.id, active: row.clientTokenHash === tokenHash } : null;
}

export async function answersOf(tx: Tx, subjectId: number): Promise<Map<number, string>> {
  const rows = await tx
    .select({ position: attemptAnswers.position, answer: attemptAnswers.answer })
    .from(attemptAnswers)
    .where(eq(attemptAnswers.attemptSubjectId, subjectId));
  return new Map(rows.map((r) => [r.position, r.answer]));
}

export async function setSubmitted(
  tx: Tx,
  subjectId: number,
  values: {
    submittedAt: Date;
    submitKind: AttemptSubjectRow['submitKind'];
    score: number | null;
    answeredCount: number;
  },
): Promise<AttemptSubjectRow> {
  const [row] = await tx.update(attemptSubjects).set(values).where(eq(attemptSubjects.id, subjectId)).returning();
  return row!;
}

export async function setScore(tx: Tx, subjectId: number, score: number | null, answeredCount: number): Promise<void> {
  await tx.update(attemptSubjects).set({ score, answeredCount }).where(eq(attemptSubjects.id, subjectId));
}

/** An attempt whose every subject is submitted becomes finished (an admitted or waiting one; not absent, stopped). */
export async function finishIfComplete(tx: Tx, attemptId: number, now: Date): Promise<boolean> {
  const rows = await tx
    .update(examAttempts)
    .set({ status: 'finished', updatedAt: now })
    .where(
      and(
        eq(examAttempts.id, attemptId),
        inArray(examAttempts.status, ['waiting', 'admitted']),
        sql`not exists (select 1 from attempt_subjects s where s.attempt_id = ${examAttempts.id} and s.submitted_at is null)`,
      ),
    )
    .returning({ id: examAttempts.id });
  return rows.length > 0;
}

/**
 * Attempt subjects due for the server's submit: open, past deadline plus the campaign's grace, the room not paused.
 * Locked FOR UPDATE SKIP LOCKED, so several app processes sweep at once without waiting on each other (a row locked
 * by a submit in flight is skipped now and found submitted, or due, on the next sweep).
 */
export async function lockDueSubjects(tx: Tx, now: Date, limit: number): Promise<number[]> {
  const rows = resultRows<{ id: number }>(
    await tx.execute(sql`
      select s.id from attempt_subjects s
      join exam_attempts a on a.id = s.attempt_id
      join campaigns c on c.id = a.campaign_id
      left join exam_room_states rs on rs.session_id = a.session_id and rs.room_id = a.room_id
      where s.submitted_at is null
        and s.deadline_at <= ${now}::timestamptz
        and s.deadline_at + make_interval(secs => coalesce((c.exam_settings ->> 'submitGraceSeconds')::int, 30)) <= ${now}::timestamptz
        and rs.paused_at is null
      order by s.deadline_at, s.id
      limit ${limit}
      for update of s skip locked`),
  );
  return rows.map((r) => Number(r.id));
}

// ─── Recovery ─────────────────────────────────────────────────────────────────────────────────────────

/** The attempt of a 准考证号 in a session, locked (a recovery merge). */
export async function lockAttemptByTicket(tx: Tx, ticketNumber: string, sessionId: number): Promise<AttemptRow | null> {
  const rows = await tx
    .select()
    .from(examAttempts)
    .where(and(eq(examAttempts.ticketNumber, ticketNumber), eq(examAttempts.sessionId, sessionId)))
    .for('update');
  return rows[0] ?? null;
}
