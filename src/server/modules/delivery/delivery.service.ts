// The candidate's side of exam day (考试作答, issue 15; docs/api-exam-day.md): sign-in with 准考证号 and ID number,
// the attempt's state, the paper, saves, heartbeat, hand-in, the deadline sweeper, and what the proctoring module
// needs (submits from its own transactions, recovery files).
//
// The candidate is no account: every request is bound to its attempt by the SHA-256 of the client's bearer token,
// in system transactions (the rows are the candidate's own by construction). Saves write no audit row, switch no
// role and touch no session: they are the hot path of exam day (thousands a second at a big centre's start), and
// the answers table is its own record (one row per item, the newest seq kept, its saved_at and source). Hand-ins
// are audited.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  acceptsSaves,
  answerPattern,
  beijingDate,
  candidateSubmitRefusal,
  earliestHandInAt,
  examDaySettings,
  lateEntryEndsAt,
  scoreAnswers,
  subjectState,
  subjectWindows,
} from '../../../domain/exam.js';
import { SUBJECT_LABELS, type Subject } from '../../../domain/items.js';
import { maskIdNumber } from '../../../domain/masking.js';
import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { recordAudit } from '../../platform/audit.js';
import type { RequestMeta } from '../../platform/context.js';
import { SYSTEM_META } from '../../platform/context.js';
import { AppError, uniqueViolation } from '../../platform/errors.js';
import { openRecoveryCiphertext, requireRecoveryKey } from '../../platform/recovery-key.js';
import { inSystemTx } from '../../platform/tx.js';
import { openPaperForDelivery, paperKeysForDelivery, paperOutlinesForDelivery } from '../papers/papers.service.js';
import * as repo from './delivery.repository.js';
import {
  type AnswerChange,
  type AnswersResponse,
  type CompactState,
  type PaperResponse,
  RECOVERY_ALGORITHM,
  type RecoveryKeyResponse,
  recoveryFile,
  recoveryPlaintext,
  type SignInBody,
  type SignInResponse,
  type StateResponse,
  type SubjectView,
  type SubmitKind,
  type SubmitResponse,
} from './delivery.schemas.js';

/** The SHA-256 (hex) of a bearer token: what exam_attempts stores. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** 'HH:MM' Beijing time of an instant, for messages. */
function beijingClock(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(11, 16);
}

/** Upper-case X, no spaces: how 准考证号 and ID numbers are compared. */
function normalised(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

export function serverTime(deps: AppDeps): { serverTime: string } {
  return { serverTime: deps.clock.now().toISOString() };
}

// ─── Sign-in ──────────────────────────────────────────────────────────────────────────────────────────

/**
 * `POST /api/exam/sign-in`: the published seat of this 准考证号 whose application has this ID number, on the
 * session's day; creates the attempt with its subjects (windows, papers, answer shapes) once, binds a new token (the
 * first client active, a later one pending until the proctor lets it take over). No audit row: the attempt records
 * signed_in_at, and the start of a session is thousands of sign-ins in a minute (the audit chain is one lock).
 */
export async function signIn(deps: AppDeps, body: SignInBody): Promise<SignInResponse> {
  const ticketNumber = normalised(body.ticketNumber);
  const idNumber = normalised(body.idNumber);
  // A client that made its own token sends the same one when it retries (its first answer may have been lost): the
  // retry is then the same client, not a second PC waiting for the proctor.
  const token = body.clientToken ?? randomBytes(32).toString('base64url');
  const hash = tokenHash(token);
  return inSystemTx(deps.db, async (tx) => {
    const now = deps.clock.now();
    const seat = await repo.findPublishedSeat(tx, ticketNumber, idNumber);
    if (!seat) throw new AppError('EXAM_CREDENTIALS');
    if (seat.sessionDate !== beijingDate(now)) throw new AppError('EXAM_NO_SESSION_TODAY');
    const settings = examDaySettings(seat.examSettings);
    const { attempt, created } = await repo.insertOrLockAttempt(tx, {
      applicationId: seat.applicationId,
      campaignId: seat.campaignId,
      sessionId: seat.sessionId,
      roomId: seat.roomId,
      centreId: seat.centreId,
      seat: seat.seat,
      seatLabel: seat.seatLabel,
      ticketNumber: seat.ticketNumber,
      orgPath: seat.orgPath,
      applicantAccountId: seat.applicantAccountId,
      centrePath: seat.centrePath,
      createdAt: now,
      updatedAt: now,
    });
    if (attempt.status === 'finished') throw new AppError('EXAM_FINISHED');
    if (attempt.status === 'absent') throw new AppError('EXAM_ABSENT');
    if (attempt.status === 'stopped') throw new AppError('EXAM_STOPPED');
    const room = seat.room;
    if (room?.stoppedAt) throw new AppError('EXAM_STOPPED');

    let firstOpensAt: Date;
    if (created) {
      const session = { date: seat.sessionDate, startTime: seat.startTime, subjects: seat.subjects };
      const windows = subjectWindows(session, room ? room.pausedSeconds + room.extraSeconds : 0);
      firstOpensAt = windows[0]?.opensAt ?? now;
      // Too late is checked before the papers are opened (and the attempt then rolls back with the refusal).
      if (now.getTime() > lateEntryEndsAt(firstOpensAt, seat.lateEntryMinutes).getTime()) {
        throw new AppError('EXAM_TOO_LATE');
      }
      const outlines = await paperOutlinesForDelivery(
        deps,
        tx,
        seat.applicationId,
        windows.map((w) => w.subject),
      );
      const rows = windows.map((w): repo.AttemptSubjectInsert => {
        const outline = outlines.get(w.subject);
        if (!outline) {
          throw new AppError('EXAM_PAPER_MISSING', `未找到您「${SUBJECT_LABELS[w.subject]}」科目的试卷，请联系监考员`);
        }
        return {
          attemptId: attempt.id,
          subject: w.subject,
          position: w.position,
          paperId: outline.paperId,
          itemCount: outline.itemCount,
          maxScore: outline.maxScore,
          answerShapes: outline.items.map((i) => answerPattern(i.type, i.optionCount)),
          opensAt: w.opensAt,
          deadlineAt: w.deadlineAt,
          orgPath: attempt.orgPath,
          applicantAccountId: attempt.applicantAccountId,
          centrePath: attempt.centrePath,
          centreId: attempt.centreId,
        };
      });
      await repo.insertAttemptSubjects(tx, rows);
    } else {
      const subjects = await repo.listAttemptSubjects(tx, attempt.id);
      firstOpensAt = subjects[0]?.opensAt ?? now;
    }
    if (
      attempt.status === 'waiting' &&
      now.getTime() > lateEntryEndsAt(firstOpensAt, seat.lateEntryMinutes).getTime()
    ) {
      throw new AppError('EXAM_TOO_LATE');
    }
    const status = await repo.bindClientToken(tx, attempt.id, hash, now, settings.autoAdmit).catch((e: unknown) => {
      // Another attempt carries this client token (a PC reused for another candidate without a new token).
      if (uniqueViolation(e)?.includes('token')) throw new AppError('EXAM_CLIENT_TOKEN_TAKEN');
      throw e;
    });
    return { token, status };
  });
}

// ─── State ────────────────────────────────────────────────────────────────────────────────────────────

async function bound(tx: Tx, token: string): Promise<repo.BoundAttempt> {
  const found = await repo.findAttemptByToken(tx, tokenHash(token));
  if (!found) throw new AppError('EXAM_CLIENT_REPLACED');
  return found;
}

function subjectViews(
  b: repo.BoundAttempt,
  subjects: readonly repo.AttemptSubjectRow[],
  live: ReadonlyMap<number, number>,
  now: Date,
): SubjectView[] {
  const settings = examDaySettings(b.examSettings);
  return subjects.map((s) => ({
    subject: s.subject,
    label: SUBJECT_LABELS[s.subject],
    position: s.position,
    opensAt: s.opensAt.toISOString(),
    deadlineAt: s.deadlineAt.toISOString(),
    earliestHandInAt: earliestHandInAt(s, b.earliestHandInMinutes).toISOString(),
    state: subjectState(s, now, b.pausedAt),
    itemCount: s.itemCount,
    answeredCount: s.submittedAt ? s.answeredCount : (live.get(s.id) ?? 0),
    submittedAt: iso(s.submittedAt),
    submitKind: s.submitKind,
    score: s.submittedAt && settings.showScoreOnSubmit ? s.score : null,
  }));
}

/**
 * The attempt of a token with its subjects, read outside any transaction: the client's read paths run at the
 * start of a session for thousands at once, and a BEGIN and a COMMIT are two more round trips each.
 */
async function boundWithSubjects(
  deps: AppDeps,
  token: string,
): Promise<{ bound: repo.BoundAttempt; subjects: repo.AttemptSubjectRow[] }> {
  const found = await repo.findBoundWithSubjects(deps.db, tokenHash(token));
  if (!found) throw new AppError('EXAM_CLIENT_REPLACED');
  return found;
}

/**
 * `GET /api/exam/state`: the attempt as the client shows it (the pending client too: it waits for takeover). Two
 * statements: the bound attempt with its subjects, then the card, photo and live counts.
 */
export async function attemptState(deps: AppDeps, token: string): Promise<StateResponse> {
  const now = deps.clock.now();
  const { bound: b, subjects } = await boundWithSubjects(deps, token);
  const a = b.attempt;
  const extras = await repo.findStateExtras(
    deps.db,
    a,
    subjects.filter((s) => !s.submittedAt).map((s) => s.id),
  );
  if (!extras) throw new AppError('EXAM_CLIENT_REPLACED');
  const { card, photo, answered: live } = extras;
  const firstOpensAt = subjects[0]?.opensAt ?? now;
  return {
    attemptId: a.id,
    status: a.status,
    clientStatus: b.active ? 'active' : 'pending',
    candidate: {
      name: card.name,
      idNumberMasked: maskIdNumber(card.idNumber),
      ticketNumber: a.ticketNumber,
      photo: photo ? `data:${photo.mime};base64,${photo.data.toString('base64')}` : null,
      jobTypeName: card.jobTypeName,
      grade: card.grade,
    },
    centre: { name: card.centreName, address: card.centreAddress },
    room: { id: a.roomId, name: card.roomName },
    seat: { number: a.seat, label: a.seatLabel },
    session: {
      id: a.sessionId,
      name: b.sessionName,
      date: b.sessionDate,
      startTime: b.startTime,
      lateEntryEndsAt: lateEntryEndsAt(firstOpensAt, b.lateEntryMinutes).toISOString(),
    },
    pausedAt: iso(b.pausedAt),
    stoppedAt: iso(b.stoppedAt),
    subjects: subjectViews(b, subjects, live, now),
    serverTime: now.toISOString(),
  };
}

function compact(b: repo.BoundAttempt, subjects: readonly repo.AttemptSubjectRow[], now: Date): CompactState {
  return {
    status: b.attempt.status,
    clientStatus: b.active ? 'active' : 'pending',
    pausedAt: iso(b.pausedAt),
    stoppedAt: iso(b.stoppedAt),
    subjects: subjects.map((s) => ({
      subject: s.subject,
      position: s.position,
      opensAt: s.opensAt.toISOString(),
      deadlineAt: s.deadlineAt.toISOString(),
      state: subjectState(s, now, b.pausedAt),
    })),
    serverTime: now.toISOString(),
  };
}

/**
 * `POST /api/exam/heartbeat`: records the active client's last contact and unsaved journal entries (one statement)
 * and answers the compact state, so that time given and a pause reach the client within a beat.
 */
export async function heartbeat(deps: AppDeps, token: string, unsaved: number): Promise<CompactState> {
  const now = deps.clock.now();
  const [, { bound: b, subjects }] = await Promise.all([
    repo.recordHeartbeat(deps.db, tokenHash(token), unsaved, now),
    boundWithSubjects(deps, token),
  ]);
  return compact(b, subjects, now);
}

// ─── Paper ────────────────────────────────────────────────────────────────────────────────────────────

function refuseInactive(b: repo.BoundAttempt): void {
  if (!b.active) throw new AppError('EXAM_CLIENT_PENDING');
  if (b.attempt.status === 'waiting') throw new AppError('EXAM_NOT_ADMITTED');
  if (b.attempt.status === 'absent') throw new AppError('EXAM_ABSENT');
  if (b.attempt.status === 'stopped') throw new AppError('EXAM_STOPPED');
}

/**
 * `GET /api/exam/subjects/:subject/paper`: the items as shown and the saved answers (a resume), from the subject's
 * opening until it is submitted or its grace has passed; a paused room still reads. Never the key.
 */
export async function subjectPaper(deps: AppDeps, token: string, subject: Subject): Promise<PaperResponse> {
  const now = deps.clock.now();
  const { bound: b, subjects } = await boundWithSubjects(deps, token);
  refuseInactive(b);
  const s = subjects.find((x) => x.subject === subject);
  if (!s) throw new AppError('EXAM_SUBJECT_NOT_FOUND');
  const state = subjectState(s, now, b.pausedAt);
  if (state === 'upcoming') {
    throw new AppError('EXAM_SUBJECT_NOT_OPEN', `本科目尚未开考（${beijingClock(s.opensAt)} 开考）`);
  }
  const grace = examDaySettings(b.examSettings).submitGraceSeconds;
  const at = b.pausedAt && b.pausedAt < now ? b.pausedAt : now;
  if (state === 'submitted' || !acceptsSaves(s, at, grace)) throw new AppError('EXAM_SUBJECT_CLOSED');
  // The start of a session: every seat asks in the same second. Two statements: the bound attempt, then the paper
  // with the saved answers (marking the subject started); the item versions come from the process's cache.
  const started = await repo.startPaper(deps.db, s.id, s.paperId, now);
  if (!started) throw new AppError('NOT_FOUND', '试卷不存在');
  const { items, keys } = await openPaperForDelivery(deps, deps.db, started.paper);
  const { answers } = started;
  return {
    subject: s.subject,
    label: SUBJECT_LABELS[s.subject],
    itemCount: s.itemCount,
    totalPoints: Math.round(keys.reduce((sum, k) => sum + k.points * 100, 0)) / 100,
    opensAt: s.opensAt.toISOString(),
    deadlineAt: s.deadlineAt.toISOString(),
    items,
    answers,
    serverTime: now.toISOString(),
  };
}

// ─── Saves ────────────────────────────────────────────────────────────────────────────────────────────

const SAVE_REFUSALS = {
  unknown: 'EXAM_CLIENT_REPLACED',
  pending: 'EXAM_CLIENT_PENDING',
  not_admitted: 'EXAM_NOT_ADMITTED',
  not_found: 'EXAM_SUBJECT_NOT_FOUND',
  not_open: 'EXAM_SUBJECT_NOT_OPEN',
  closed: 'EXAM_SUBJECT_CLOSED',
  invalid: 'EXAM_ANSWER_INVALID',
} as const;

/**
 * `POST /api/exam/answers`: one statement (repository saveAnswers), outside any explicit transaction. Every change
 * is stored or superseded by a newer one when it answers, so ackSeq is the highest seq of the request.
 */
export async function saveAnswers(
  deps: AppDeps,
  token: string,
  subject: Subject,
  changes: readonly AnswerChange[],
  unsaved = 0,
): Promise<AnswersResponse> {
  const now = deps.clock.now();
  const saved = await repo.saveAnswers(deps.db, tokenHash(token), subject, changes, now, unsaved);
  if (saved.outcome !== 'ok') throw new AppError(SAVE_REFUSALS[saved.outcome]);
  return {
    ackSeq: Math.max(...changes.map((c) => c.seq)),
    deadlineAt: iso(saved.deadlineAt),
    pausedAt: iso(saved.pausedAt),
    serverTime: now.toISOString(),
  };
}

// ─── Submits ──────────────────────────────────────────────────────────────────────────────────────────

function submitResult(row: repo.AttemptSubjectRow, showScore: boolean): SubmitResponse {
  return {
    subject: row.subject,
    submittedAt: (row.submittedAt ?? new Date(0)).toISOString(),
    submitKind: row.submitKind ?? 'candidate',
    answeredCount: row.answeredCount,
    itemCount: row.itemCount,
    score: showScore ? row.score : null,
  };
}

/** Do the changes fit the paper (positions within it, answers its items take)? */
function changesFit(subject: repo.AttemptSubjectRow, changes: readonly { position: number; answer: string }[]) {
  return changes.every((c) => {
    const shape = c.position <= subject.itemCount ? subject.answerShapes[c.position - 1] : undefined;
    return shape !== undefined && new RegExp(shape).test(c.answer);
  });
}

/**
 * Submits locked attempt subjects that are still open: scores them (not when stopped), stores kind, score and
 * answered count, and finishes an attempt whose last subject this was. Answers the subjects as they are now.
 */
async function submitLocked(
  deps: AppDeps,
  tx: Tx,
  rows: readonly repo.LockedSubject[],
  kind: SubmitKind,
  now: Date,
): Promise<repo.AttemptSubjectRow[]> {
  const out: repo.AttemptSubjectRow[] = [];
  const attempts = new Set<number>();
  for (const row of rows) {
    if (row.subject.submittedAt) {
      out.push(row.subject);
      continue;
    }
    const answers = await repo.answersOf(tx, row.subject.id);
    const answered = [...answers.values()].filter((a) => a !== '').length;
    const score =
      kind === 'stopped'
        ? null
        : scoreAnswers(await paperKeysForDelivery(deps, tx, row.subject.paperId), answers).score;
    out.push(
      await repo.setSubmitted(tx, row.subject.id, {
        submittedAt: now,
        submitKind: kind,
        score,
        answeredCount: answered,
      }),
    );
    attempts.add(row.subject.attemptId);
  }
  for (const attemptId of attempts) await repo.finishIfComplete(tx, attemptId, now);
  return out;
}

/**
 * `POST /api/exam/subjects/:subject/submit`: one transaction: locks the subject FOR UPDATE (saves in flight finish
 * first), stores the journal's last changes, checks the hand-in rules, scores and submits, audits. Idempotent: a
 * subject already submitted answers its first result. Past the grace (the sweeper has not come by yet) the hand-in
 * is the server's: kind `deadline`, the late changes not stored.
 */
export async function submitSubject(
  deps: AppDeps,
  token: string,
  subject: Subject,
  changes: readonly AnswerChange[],
  meta: RequestMeta,
): Promise<SubmitResponse> {
  const hash = tokenHash(token);
  return inSystemTx(deps.db, async (tx) => {
    const now = deps.clock.now();
    const target = await repo.lockSubjectByToken(tx, hash, subject);
    if (!target) {
      await bound(tx, token);
      throw new AppError('EXAM_SUBJECT_NOT_FOUND');
    }
    if (!target.active) throw new AppError('EXAM_CLIENT_PENDING');
    const [row] = await repo.lockSubjects(tx, [target.id]);
    if (!row) throw new AppError('EXAM_SUBJECT_NOT_FOUND');
    const settings = examDaySettings(row.examSettings);
    if (row.subject.submittedAt) return submitResult(row.subject, settings.showScoreOnSubmit);
    if (row.attempt.status === 'waiting') throw new AppError('EXAM_NOT_ADMITTED');
    if (row.attempt.status === 'absent') throw new AppError('EXAM_ABSENT');
    if (row.attempt.status === 'stopped') throw new AppError('EXAM_STOPPED');
    const refusal = candidateSubmitRefusal(row.subject, now, row.earliestHandInMinutes, row.pausedAt);
    if (refusal === 'EXAM_TOO_EARLY') {
      const from = earliestHandInAt(row.subject, row.earliestHandInMinutes);
      throw new AppError('EXAM_TOO_EARLY', `未到允许交卷的时间（${beijingClock(from)} 后可交卷）`);
    }
    if (refusal) throw new AppError(refusal);
    const inTime = acceptsSaves(row.subject, now, settings.submitGraceSeconds);
    if (inTime && changes.length > 0) {
      if (!changesFit(row.subject, changes)) throw new AppError('EXAM_ANSWER_INVALID');
      await repo.upsertAnswers(tx, row.subject.id, changes, now, 'client');
    }
    const kind: SubmitKind = inTime ? 'candidate' : 'deadline';
    const [done] = await submitLocked(deps, tx, [row], kind, now);
    await recordAudit(
      tx,
      null,
      meta,
      {
        entityType: 'attempt_subject',
        entityId: row.subject.id,
        action: 'exam.submit',
        summary: `考生 ${row.attempt.ticketNumber} 交卷：${SUBJECT_LABELS[row.subject.subject]}（答 ${done!.answeredCount}/${done!.itemCount} 题）`,
        orgNodeId: null,
        orgPath: row.attempt.centrePath,
        after: {
          attemptId: row.attempt.id,
          subject: row.subject.subject,
          submitKind: kind,
          answeredCount: done!.answeredCount,
          score: done!.score,
        },
      },
      now,
    );
    return submitResult(done!, settings.showScoreOnSubmit);
  });
}

// ─── The deadline sweeper ─────────────────────────────────────────────────────────────────────────────

/** Subjects submitted per transaction by the sweeper. */
const SWEEP_BATCH = 200;

/**
 * Submits every subject due at `now` (past its deadline plus the campaign's grace, its room not paused), with or
 * without a client, kind `deadline`, counting every answer saved by then (later saves were refused by the save
 * statement). Batches of FOR UPDATE SKIP LOCKED, so every app process may run it at once. One audit row per batch.
 * Answers how many subjects it submitted.
 */
export async function sweepDeadlines(deps: AppDeps, now: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const count = await inSystemTx(deps.db, async (tx) => {
      const ids = await repo.lockDueSubjects(tx, now, SWEEP_BATCH);
      if (ids.length === 0) return 0;
      const rows = await repo.lockSubjects(tx, ids);
      const done = await submitLocked(deps, tx, rows, 'deadline', now);
      await recordAudit(
        tx,
        null,
        SYSTEM_META,
        {
          entityType: 'attempt_subject',
          entityId: null,
          action: 'exam.submit_deadline',
          summary: `到时自动交卷：${done.length} 个考生科目`,
          orgNodeId: null,
          orgPath: null,
          after: { subjects: done.map((d) => d.id) },
        },
        now,
      );
      return ids.length;
    });
    total += count;
    if (count < SWEEP_BATCH) return total;
  }
}

/**
 * Runs the sweeper every intervalMs while the app is up (unref'd; never two runs at once in one process; stopped on
 * close). Every app process may run it: SKIP LOCKED shares the work.
 */
export function scheduleDeadlineSweeps(app: FastifyInstance, deps: AppDeps, intervalMs: number): void {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  app.addHook('onReady', async () => {
    timer = setInterval(() => {
      if (running) return;
      running = sweepDeadlines(deps, deps.clock.now())
        .catch((error: unknown) => app.log.warn({ err: error }, 'exam deadline sweep failed'))
        .finally(() => {
          running = null;
        });
    }, intervalMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await running;
  });
}

// ─── For other modules (the proctoring module) ────────────────────────────────────────────────────────

/** A subject as submitted (or as it was, when already submitted). */
export interface SubmittedSubject {
  id: number;
  attemptId: number;
  subject: Subject;
  submittedAt: Date | null;
  submitKind: SubmitKind | null;
  answeredCount: number;
  itemCount: number;
  score: number | null;
}

const submittedOf = (row: repo.AttemptSubjectRow): SubmittedSubject => ({
  id: row.id,
  attemptId: row.attemptId,
  subject: row.subject,
  submittedAt: row.submittedAt,
  submitKind: row.submitKind,
  answeredCount: row.answeredCount,
  itemCount: row.itemCount,
  score: row.score,
});

/**
 * Submits attempt subjects from the caller's transaction (the proctor's 收卷, kind `proctor`, scored; a stopped
 * session, kind `stopped`, not scored): locks them FOR UPDATE in id order, submits those still open (an already
 * submitted one is left as it is and answered as it is), finishes attempts whose last subject this was. Writes no
 * audit row: the caller's action (with its reason) is the audit row. Scope checks are the caller's.
 */
export async function submitAttemptSubjects(
  deps: AppDeps,
  tx: Tx,
  subjectIds: readonly number[],
  kind: 'proctor' | 'stopped',
  now: Date,
): Promise<SubmittedSubject[]> {
  const rows = await repo.lockSubjects(tx, subjectIds);
  return (await submitLocked(deps, tx, rows, kind, now)).map(submittedOf);
}

/** What a merged recovery file did. */
export interface RecoveryMerge {
  attemptId: number;
  ticketNumber: string;
  sessionId: number;
  roomId: number;
  centreId: number;
  centrePath: string;
  /** When the client wrote the file (its own clock: for the record only). */
  createdAt: string;
  /** Journal entries in the file. */
  entries: number;
  /** Answers stored (their seq above the stored one). */
  merged: number;
  /** Entries that do not fit the paper (or name a subject the attempt has not): left out. */
  ignored: number;
  /** Submitted subjects scored again with the merged answers. */
  rescored: { subject: Subject; score: number | null; answeredCount: number }[];
}

/** The attempt a recovery file names, before anything is written: the caller checks its scope here. */
export interface RecoveryTarget {
  attemptId: number;
  sessionId: number;
  roomId: number;
  centreId: number;
  centrePath: string;
}

/**
 * Decrypts a recovery file (.gkr, docs/api-exam-day.md) and merges its journal into the attempt it names, in the
 * caller's transaction: per subject and position the entry with the highest seq above the stored one is stored
 * (source `recovery`); a submitted subject is scored again (a stopped one stays unscored). `check` sees the attempt
 * before anything is written (the proctor's scope). Writes no audit row: the caller's action is the audit row.
 * A file that does not decrypt or parse is RECOVERY_FILE_INVALID; an attempt that does not exist NOT_FOUND.
 */
export async function mergeRecovery(
  deps: AppDeps,
  tx: Tx,
  fileBytes: Buffer,
  now: Date,
  check?: (target: RecoveryTarget) => void | Promise<void>,
): Promise<RecoveryMerge> {
  const key = requireRecoveryKey(deps.recoveryKey);
  let outer: ReturnType<typeof recoveryFile.parse>;
  try {
    outer = recoveryFile.parse(JSON.parse(fileBytes.toString('utf8')));
  } catch {
    throw new AppError('RECOVERY_FILE_INVALID');
  }
  const plaintext = openRecoveryCiphertext(
    key,
    Buffer.from(outer.ephemeralPublicKey, 'base64url'),
    Buffer.from(outer.iv, 'base64url'),
    Buffer.from(outer.ciphertext, 'base64url'),
  );
  let inner: ReturnType<typeof recoveryPlaintext.parse>;
  try {
    inner = recoveryPlaintext.parse(JSON.parse(plaintext.toString('utf8')));
  } catch {
    throw new AppError('RECOVERY_FILE_INVALID');
  }
  // The readable outside must say what the sealed inside says (the outside only helps find the attempt).
  if (normalised(inner.ticketNumber) !== normalised(outer.ticketNumber) || inner.sessionId !== outer.sessionId) {
    throw new AppError('RECOVERY_FILE_INVALID');
  }
  const attempt = await repo.lockAttemptByTicket(tx, normalised(inner.ticketNumber), inner.sessionId);
  if (!attempt) throw new AppError('NOT_FOUND', '恢复文件中的考生在该场次没有作答记录');
  await check?.({
    attemptId: attempt.id,
    sessionId: attempt.sessionId,
    roomId: attempt.roomId,
    centreId: attempt.centreId,
    centrePath: attempt.centrePath,
  });
  const subjects = await repo.listAttemptSubjects(tx, attempt.id);
  const locked = await repo.lockSubjects(
    tx,
    subjects.map((s) => s.id),
  );
  let merged = 0;
  let ignored = 0;
  const rescored: RecoveryMerge['rescored'] = [];
  const known = new Set(locked.map((l) => l.subject.subject));
  ignored += inner.journal.filter((e) => !known.has(e.subject)).length;
  for (const { subject: s } of locked) {
    const entries = inner.journal.filter((e) => e.subject === s.subject);
    const fitting = entries.filter((e) => changesFit(s, [e]));
    ignored += entries.length - fitting.length;
    if (fitting.length === 0) continue;
    const written = await repo.upsertAnswers(tx, s.id, fitting, now, 'recovery');
    merged += written;
    if (written > 0 && s.submittedAt) {
      const answers = await repo.answersOf(tx, s.id);
      const answeredCount = [...answers.values()].filter((a) => a !== '').length;
      const score =
        s.submitKind === 'stopped'
          ? null
          : scoreAnswers(await paperKeysForDelivery(deps, tx, s.paperId), answers).score;
      await repo.setScore(tx, s.id, score, answeredCount);
      rescored.push({ subject: s.subject, score, answeredCount });
    }
  }
  return {
    attemptId: attempt.id,
    ticketNumber: attempt.ticketNumber,
    sessionId: attempt.sessionId,
    roomId: attempt.roomId,
    centreId: attempt.centreId,
    centrePath: attempt.centrePath,
    createdAt: inner.createdAt,
    entries: inner.journal.length,
    merged,
    ignored,
    rescored,
  };
}

/** `GET /api/exam/recovery-key`: the public half the client encrypts recovery files to. */
export function recoveryPublicKey(deps: AppDeps): RecoveryKeyResponse {
  const key = requireRecoveryKey(deps.recoveryKey);
  return { algorithm: RECOVERY_ALGORITHM, publicKey: key.publicRaw.toString('base64url') };
}
