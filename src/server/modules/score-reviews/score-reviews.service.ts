/**
 * 成绩复核 (issue 16 part 4): within the campaign's window (N working days after the release, rules.md §7) the
 * candidate or their unit files a request for a subject; the province, or the candidate's jurisdiction, processes
 * it: the paper rebuilt from its seed (the papers module's rebuild), the stored answers scored again (the scoring
 * exam day uses), the outcome recorded (维持, or 更正 with the new score written to the score table in the same
 * transaction), audited. The working days taken count against the limit (default 7).
 */
import { compareIso } from '../../../domain/calendar.js';
import { SUBJECT_LABELS } from '../../../domain/items.js';
import {
  type ReviewFiler,
  resultPeriodsOf,
  type ScoreReviewOutcome,
  type ScoreReviewStatus,
  suggestedOutcome,
} from '../../../domain/publicity.js';
import { type ResultTrack, trackOfGrade } from '../../../domain/result-tracks.js';
import { isValidScore } from '../../../domain/scores.js';
import { addWorkingDays, type WorkCalendar, workingDayLimit } from '../../../domain/working-days.js';
import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { recordAudit } from '../../platform/audit.js';
import { chinaDate } from '../../platform/clock.js';
import type { Actor, ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { hasPermission } from '../../platform/permissions.js';
import { inScopedTx, inSystemTx } from '../../platform/tx.js';
import { workCalendarOf } from '../calendar/calendar.service.js';
import {
  findResultsState,
  findSubjectResult,
  listScores,
  rescoreSubjectForReview,
  writeReviewedScore,
} from '../scores/scores.service.js';
import * as repo from './score-reviews.repository.js';
import type { DecideBody, FileBody, ReviewsQuery } from './score-reviews.schemas.js';

function assertPermission(actor: Actor, permission: 'score_review.file' | 'score_review.process', message: string) {
  if (!hasPermission(actor.role, permission)) throw new AppError('FORBIDDEN', message);
}

const releaseDate = (releasedAt: Date) => chinaDate(releasedAt);

/** The window for filing: the release day's next working days, `days` of them. */
function windowOf(releasedAt: Date | null, examSettings: unknown, calendar: WorkCalendar, today: string) {
  if (!releasedAt) return null;
  const from = releaseDate(releasedAt);
  const days = resultPeriodsOf(examSettings).reviewWindowDays;
  const until = addWorkingDays(from, days, calendar);
  return { from, until, days, open: compareIso(today, from) >= 0 && compareIso(today, until) <= 0 };
}

function present(
  r: repo.ReviewRow,
  names: { name: string; unitName: string },
  calendar: WorkCalendar,
  limitDays: number,
  today: string,
  actor: Actor,
) {
  const limit = workingDayLimit(r.filedOn, r.decidedOn ?? today, limitDays, calendar);
  return {
    id: r.id,
    campaignId: r.campaignId,
    applicationId: r.applicationId,
    name: names.name ?? '',
    unitName: names.unitName ?? '',
    subject: r.subject,
    reason: r.reason,
    filedByKind: r.filedByKind as ReviewFiler,
    filedOn: r.filedOn,
    status: r.status as ScoreReviewStatus,
    outcome: (r.outcome as ScoreReviewOutcome | null) ?? null,
    originalScore: r.originalScore,
    rescoredScore: r.rescoredScore,
    newScore: r.newScore,
    rebuildMatches: r.rebuildMatches,
    rebuildMessage: r.rebuildMessage,
    note: r.note,
    decidedOn: r.decidedOn,
    limit: {
      days: limitDays,
      used: limit.used,
      remaining: limit.remaining,
      dueOn: limit.dueOn,
      overdue: r.status === 'pending' ? limit.overdue : limit.used > limitDays,
    },
    abilities: { process: r.status === 'pending' && hasPermission(actor.role, 'score_review.process') },
  };
}

async function limitDaysOf(tx: Tx, campaignId: number, known: Map<number, number>): Promise<number> {
  let days = known.get(campaignId);
  if (days === undefined) {
    const { campaign } = await findResultsState(tx, campaignId);
    days = resultPeriodsOf(campaign.examSettings).reviewLimitDays;
    known.set(campaignId, days);
  }
  return days;
}

// ─── The candidate's and the unit's side ───────────────────────────────────────────────────────────────

/**
 * What the viewer may file for: their own results (a candidate) or their unit's (searched by name or ID), of the
 * result tracks released (each track's window runs from its own release). The head shows 五级至二级's release and
 * window, or 一级's while only that one is released.
 */
export async function reviewOptions(deps: AppDeps, ctx: ServiceContext, campaignId: number, q?: string) {
  assertPermission(ctx.actor, 'score_review.file', '只有考生本人或其所在单位可以申请成绩复核');
  const today = chinaDate(deps.clock.now());
  const head = await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const regular = await findResultsState(tx, campaignId, 'regular');
    const grade1 = await findResultsState(tx, campaignId, 'grade1');
    const shown = regular.releasedAt || !grade1.releasedAt ? regular : grade1;
    return {
      campaign: { id: shown.campaign.id, name: shown.campaign.name },
      releasedAt: shown.releasedAt,
      window: windowOf(shown.releasedAt, shown.campaign.examSettings, await workCalendarOf(tx), today),
      released: new Set<ResultTrack>(
        (['regular', 'grade1'] as const).filter((t) => (t === 'regular' ? regular : grade1).releasedAt !== null),
      ),
    };
  });
  const { released, ...shownHead } = head;
  if (!head.releasedAt) return { ...shownHead, releasedAt: null, candidates: [] };
  const scores = await listScores(deps, ctx, campaignId, {
    q: q?.trim() || undefined,
    page: 1,
    pageSize: 20,
    track: released.size === 1 ? [...released][0] : undefined,
  });
  const reviews = await inScopedTx(deps.db, ctx.actor, (tx) =>
    repo.reviewsOfApplications(
      tx,
      scores.items.map((i) => i.applicationId),
    ),
  );
  const byKey = new Map(reviews.map((r) => [`${r.applicationId}:${r.subject}`, r.id]));
  return {
    ...shownHead,
    releasedAt: head.releasedAt.toISOString(),
    candidates: scores.items.map((c) => ({
      applicationId: c.applicationId,
      name: c.name,
      subjects: c.subjects.map((s) => {
        const reviewId = byKey.get(`${c.applicationId}:${s.subject}`) ?? null;
        return {
          subject: s.subject,
          status: s.status,
          score: s.score,
          reviewable: s.status === 'scored' && s.source === 'exam' && s.subject !== 'panel' && reviewId === null,
          reviewId,
        };
      }),
    })),
  };
}

/** 申请复核: one request per subject, within the window, for a scored exam subject the viewer may see. */
export async function fileReview(deps: AppDeps, ctx: ServiceContext, body: FileBody) {
  assertPermission(ctx.actor, 'score_review.file', '只有考生本人或其所在单位可以申请成绩复核');
  const kind: ReviewFiler = ctx.actor.role === 'applicant' ? 'applicant' : 'unit';
  // 综合评审 is the panel's judgement (rules.md §6), not a paper: this path rebuilds papers, so it refuses it.
  if (body.subject === 'panel') throw new AppError('REVIEW_PANEL_NOT_REVIEWABLE');
  const subject = body.subject;
  const now = deps.clock.now();
  const today = chinaDate(now);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    // Row-level security: a candidate sees only their own result, a unit its own candidates'.
    const result = await findSubjectResult(tx, body.applicationId, subject);
    if (!result) throw new AppError('NOT_FOUND', '没有该考生该科目的成绩');
    // The window of the candidate's own result track (五级至二级 or 一级), released on its own.
    const { campaign, releasedAt } = await findResultsState(tx, result.campaignId, trackOfGrade(result.grade));
    const calendar = await workCalendarOf(tx);
    const window = windowOf(releasedAt, campaign.examSettings, calendar, today);
    if (!window) throw new AppError('SCORES_NOT_RELEASED', '成绩尚未发布，发布后方可申请复核');
    if (!window.open) {
      throw new AppError(
        'REVIEW_WINDOW_CLOSED',
        `「${campaign.name}」受理复核申请至 ${window.until}（成绩发布后 ${window.days} 个工作日），今天是 ${today}`,
      );
    }
    if (result.status !== 'scored' || result.source !== 'exam' || result.attemptSubjectId === null) {
      throw new AppError(
        'REVIEW_NOT_REVIEWABLE',
        '只有本系统考试的有效成绩可以申请复核（缺考、成绩无效和属地考试成绩除外）',
      );
    }
    if (await repo.findBySubject(tx, body.applicationId, subject)) {
      throw new AppError('REVIEW_DUPLICATE', `${SUBJECT_LABELS[subject]}已申请复核`);
    }
    const row = await repo.insertReview(tx, {
      campaignId: result.campaignId,
      applicationId: result.applicationId,
      subject,
      reason: body.reason.trim(),
      filedByKind: kind,
      filedBy: ctx.actor.accountId,
      filedOn: today,
      status: 'pending',
      originalScore: result.score,
      orgPath: result.orgPath,
      applicantAccountId: result.applicantAccountId,
      jurisdictionId: result.jurisdictionId,
      createdAt: now,
    });
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        orgNodeId: result.unitId,
        orgPath: result.orgPath,
        entityType: 'score_review',
        entityId: row.id,
        action: 'score_review.file',
        summary: `申请复核「${result.name}」的${SUBJECT_LABELS[result.subject]}成绩（${result.score} 分）`,
        after: { applicationId: result.applicationId, subject: result.subject, filedByKind: kind },
      },
      now,
    );
    const limitDays = resultPeriodsOf(campaign.examSettings).reviewLimitDays;
    return present(row, { name: result.name, unitName: '' }, calendar, limitDays, today, ctx.actor);
  });
}

// ─── Lists (everyone with either permission: RLS decides whose) ────────────────────────────────────────

export async function listReviews(deps: AppDeps, ctx: ServiceContext, query: ReviewsQuery) {
  if (!hasPermission(ctx.actor.role, 'score_review.file') && !hasPermission(ctx.actor.role, 'score_review.process')) {
    throw new AppError('FORBIDDEN', '没有查看成绩复核的权限');
  }
  const today = chinaDate(deps.clock.now());
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const calendar = await workCalendarOf(tx);
    const rows = await repo.listReviews(tx, {
      campaignId: query.campaignId,
      status: query.status,
      q: query.q?.trim() || undefined,
    });
    const presented = [];
    const limits = new Map<number, number>();
    for (const r of rows) {
      const days = await limitDaysOf(tx, r.review.campaignId, limits);
      presented.push(present(r.review, r, calendar, days, today, ctx.actor));
    }
    const shown = query.overdue === 'yes' ? presented.filter((r) => r.limit.overdue) : presented;
    return { total: shown.length, page, pageSize, items: shown.slice((page - 1) * pageSize, page * pageSize) };
  });
}

export async function getReview(deps: AppDeps, ctx: ServiceContext, id: number) {
  const list = await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const row = await repo.findReview(tx, id);
    if (!row) throw new AppError('NOT_FOUND', '复核申请不存在');
    return row;
  });
  const { items } = await listReviews(deps, ctx, { campaignId: list.campaignId, page: 1, pageSize: 5000 });
  const found = items.find((i) => i.id === id);
  if (!found) throw new AppError('NOT_FOUND', '复核申请不存在');
  return found;
}

// ─── Processing (the province; a jurisdiction for its subtree) ──────────────────────────────────────────

/** The review as the processor's scope sees it: another jurisdiction's is not found. */
async function visibleReview(deps: AppDeps, ctx: ServiceContext, id: number): Promise<repo.ReviewRow> {
  assertPermission(ctx.actor, 'score_review.process', '只有省级或所属地区的管理员可以办理成绩复核');
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const row = await repo.findReview(tx, id);
    if (!row) throw new AppError('NOT_FOUND', '复核申请不存在');
    return row;
  });
}

/** 复核计算 without deciding: the paper rebuilt from its seed and the stored answers scored (no change). */
export async function checkReview(deps: AppDeps, ctx: ServiceContext, id: number) {
  const review = await visibleReview(deps, ctx, id);
  return inSystemTx(deps.db, async (tx) => {
    const result = await findSubjectResult(tx, review.applicationId, review.subject);
    if (!result?.attemptSubjectId) throw new AppError('REVIEW_NOT_REVIEWABLE', '该科目没有可复核的考试作答');
    const r = await rescoreSubjectForReview(deps, tx, result.attemptSubjectId);
    return {
      originalScore: result.score,
      rescoredScore: r.rescored,
      rebuildMatches: r.rebuildMatches,
      rebuildMessage: r.rebuildMessage,
      suggested: suggestedOutcome(result.score, r.rescored),
    };
  });
}

/**
 * 答复: re-scores (rebuild from the seed, stored answers), records 维持 or 更正; a correction writes the new score to
 * the exam's record and the score table in the same transaction. One audit row.
 */
export async function decideReview(deps: AppDeps, ctx: ServiceContext, id: number, body: DecideBody) {
  const visible = await visibleReview(deps, ctx, id);
  const now = deps.clock.now();
  const today = chinaDate(now);
  return inSystemTx(deps.db, async (tx) => {
    const review = (await repo.findReview(tx, visible.id, true))!;
    if (review.status !== 'pending') throw new AppError('REVIEW_DECIDED', '该复核申请已答复');
    const result = await findSubjectResult(tx, review.applicationId, review.subject, true);
    if (!result?.attemptSubjectId || result.status !== 'scored') {
      throw new AppError('REVIEW_NOT_REVIEWABLE', '该科目没有可复核的考试作答');
    }
    const r = await rescoreSubjectForReview(deps, tx, result.attemptSubjectId);
    const outcome = body.outcome ?? suggestedOutcome(result.score, r.rescored);
    let newScore: number | null = null;
    if (outcome === 'corrected') {
      newScore = body.newScore ?? r.rescored;
      if (!isValidScore(newScore)) {
        throw new AppError('VALIDATION_FAILED', '字段「newScore」：成绩须为 0–100，最多两位小数', {
          field: 'newScore',
        });
      }
      if (result.score !== null && Math.round(newScore * 100) === Math.round(result.score * 100)) {
        throw new AppError('VALIDATION_FAILED', '字段「newScore」：更正后的成绩与原成绩相同，请选择维持', {
          field: 'newScore',
        });
      }
      await writeReviewedScore(tx, {
        applicationId: result.applicationId,
        subject: review.subject,
        attemptSubjectId: result.attemptSubjectId,
        score: newScore,
        by: ctx.actor.accountId,
        now,
      });
    }
    const row = await repo.decide(tx, review.id, {
      outcome,
      originalScore: result.score,
      rescoredScore: r.rescored,
      newScore,
      rebuildMatches: r.rebuildMatches,
      rebuildMessage: r.rebuildMessage,
      note: body.note.trim(),
      decidedBy: ctx.actor.accountId,
      decidedAt: now,
      decidedOn: today,
    });
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        orgNodeId: ctx.actor.orgNodeId,
        orgPath: result.orgPath,
        entityType: 'score_review',
        entityId: review.id,
        action: 'score_review.decide',
        summary:
          outcome === 'corrected'
            ? `复核「${result.name}」的${SUBJECT_LABELS[result.subject]}：更正 ${result.score} → ${newScore} 分`
            : `复核「${result.name}」的${SUBJECT_LABELS[result.subject]}：维持 ${result.score} 分`,
        before: { score: result.score },
        after: { outcome, score: newScore ?? result.score, rescored: r.rescored, rebuildMatches: r.rebuildMatches },
      },
      now,
    );
    const { campaign } = await findResultsState(tx, review.campaignId);
    return present(
      row,
      { name: result.name, unitName: '' },
      await workCalendarOf(tx),
      resultPeriodsOf(campaign.examSettings).reviewLimitDays,
      today,
      ctx.actor,
    );
  });
}
