import { SUBJECTS, type Subject } from '../../../domain/items.js';
import {
  DEFAULT_EARLIEST_HAND_IN_MINUTES,
  DEFAULT_LATE_ENTRY_MINUTES,
  defaultSessionSubjects,
  type SessionPlan,
  type SessionProblem,
  type SessionSubject,
  sessionGrades,
  sessionTimeline,
  validateSession,
} from '../../../domain/sessions.js';
import type { ExamSettings, PhaseWindow } from '../../../domain/timetable.js';
import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { recordAudit } from '../../platform/audit.js';
import type { Actor, ServiceContext } from '../../platform/context.js';
import { AppError, uniqueViolation } from '../../platform/errors.js';
import { inScopedTx } from '../../platform/tx.js';
import * as campaignsService from '../campaigns/campaigns.service.js';
import { assertProvinceManager, isProvinceManager } from '../catalog/catalog.service.js';
import type { SessionRow } from './sessions.repository.js';
import * as repo from './sessions.repository.js';

export interface SessionInput {
  name: string;
  date: string;
  startTime: string;
  subjects: SessionSubject[];
  lateEntryMinutes: number;
  earliestHandInMinutes: number;
  capacityNote?: string | null;
}

const REFUSAL = '只有省工考办可以安排场次';

function planOf(row: SessionRow): SessionPlan {
  return {
    date: row.sessionDate,
    startTime: row.startTime,
    subjects: row.subjects as SessionSubject[],
    lateEntryMinutes: row.lateEntryMinutes,
    earliestHandInMinutes: row.earliestHandInMinutes,
  };
}

function present(row: SessionRow, actor: Actor) {
  const plan = planOf(row);
  const manage = isProvinceManager(actor, 'campaign.manage');
  return {
    id: row.id,
    campaignId: row.campaignId,
    name: row.name,
    ...plan,
    capacityNote: row.capacityNote,
    timeline: sessionTimeline(plan),
    grades: sessionGrades(plan.subjects),
    // deleteSession still checks what points at the session (seating, next): the button may meet a refusal.
    abilities: { update: manage, delete: manage },
  };
}

function snapshot(row: SessionRow) {
  return {
    name: row.name,
    sessionDate: row.sessionDate,
    startTime: row.startTime,
    subjects: row.subjects,
    lateEntryMinutes: row.lateEntryMinutes,
    earliestHandInMinutes: row.earliestHandInMinutes,
    capacityNote: row.capacityNote,
  };
}

/** The campaign, its 人机对话考试 window and its 一级考评 window (where 一级 sessions fall), if it has one. */
async function campaignContext(tx: Tx, campaignId: number) {
  const campaign = await campaignsService.findCampaignRow(tx, campaignId);
  if (!campaign) throw new AppError('NOT_FOUND', '考核年度不存在');
  const { phases } = await campaignsService.findTimetable(tx, campaignId);
  const exam = phases.find((p) => p.phase === 'exam');
  if (!exam) throw new AppError('TIMETABLE_INVALID', '考核年度没有人机对话考试阶段');
  const examWindow: PhaseWindow = { startsOn: exam.startsOn, endsOn: exam.endsOn };
  const grade1 = phases.find((p) => p.phase === 'grade1_evaluation');
  const grade1Window: PhaseWindow | null = grade1 ? { startsOn: grade1.startsOn, endsOn: grade1.endsOn } : null;
  return { campaign, examWindow, grade1Window };
}

/** Published blueprint durations first, then the campaign's exam settings, then 60 minutes (domain default). */
async function defaultSubjects(
  tx: Tx,
  campaignId: number,
  examSettings: ExamSettings,
  grade = 2,
): Promise<SessionSubject[]> {
  const published = await repo.publishedDurations(tx, campaignId);
  const durations: Partial<Record<Subject, number>> = {};
  for (const subject of SUBJECTS) {
    const fromSettings = examSettings.subjects?.find((s) => s.code === subject)?.durationMinutes;
    const value = published.get(subject) ?? fromSettings;
    if (value !== undefined) durations[subject] = value;
  }
  return defaultSessionSubjects(durations, 30, grade);
}

async function problemsOf(tx: Tx, campaignId: number, plan: SessionPlan, exceptId: number | null) {
  const { examWindow, grade1Window } = await campaignContext(tx, campaignId);
  const others = (await repo.sessionsOnDate(tx, campaignId, plan.date, exceptId)).map((r) => ({
    name: r.name,
    ...planOf(r),
  }));
  return validateSession(plan, { examWindow, ...(grade1Window ? { grade1Window } : {}), others });
}

function refuse(problems: readonly SessionProblem[]): void {
  const first = problems[0];
  if (first) throw new AppError(first.code, problems.map((p) => p.message).join('；'), { problems });
}

function planFrom(input: SessionInput): SessionPlan {
  return {
    date: input.date,
    startTime: input.startTime,
    subjects: input.subjects,
    lateEntryMinutes: input.lateEntryMinutes,
    earliestHandInMinutes: input.earliestHandInMinutes,
  };
}

function mapUnique(error: unknown, name: string): never {
  if (uniqueViolation(error) === 'exam_sessions_campaign_name_key') {
    throw new AppError('SESSION_NAME_TAKEN', `本考核年度已有名为「${name}」的场次`);
  }
  throw error;
}

async function assertWritable(tx: Tx, campaignId: number) {
  const campaign = await repo.lockCampaign(tx, campaignId);
  if (!campaign) throw new AppError('NOT_FOUND', '考核年度不存在');
  if (campaign.status === 'closed') throw new AppError('CAMPAIGN_CLOSED', `「${campaign.name}」已结束，不能再修改`);
  return campaign;
}

const audit = (ctx: ServiceContext) => ({
  orgNodeId: ctx.actor.orgNodeId,
  orgPath: ctx.actor.orgPath,
  entityType: 'exam_session',
});

// ─── Reads ───────────────────────────────────────────────────────────────────────────────────────────────

export async function listSessions(deps: AppDeps, ctx: ServiceContext, campaignId: number) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const { campaign, examWindow, grade1Window } = await campaignContext(tx, campaignId);
    const rows = await repo.listSessions(tx, campaignId);
    const settings = campaign.examSettings as ExamSettings;
    return {
      items: rows.map((r) => present(r, ctx.actor)),
      examWindow,
      grade1Window,
      defaults: {
        subjects: await defaultSubjects(tx, campaignId, settings),
        grade1Subjects: await defaultSubjects(tx, campaignId, settings, 1),
        lateEntryMinutes: settings.lateEntryMinutes ?? DEFAULT_LATE_ENTRY_MINUTES,
        earliestHandInMinutes: settings.earliestHandInMinutes ?? DEFAULT_EARLIEST_HAND_IN_MINUTES,
      },
      abilities: { create: isProvinceManager(ctx.actor, 'campaign.manage') && campaign.status !== 'closed' },
    };
  });
}

/** The checks a save would make, without saving: the planner's live validation. */
export async function checkSession(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
  input: SessionInput,
  exceptId: number | null,
) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const plan = planFrom(input);
    const problems = await problemsOf(tx, campaignId, plan, exceptId);
    const fatal = problems.some((p) => p.code !== 'SESSION_OVERLAP' && p.code !== 'SESSION_OUTSIDE_EXAM_PHASE');
    return { problems, timeline: fatal ? null : sessionTimeline(plan) };
  });
}

// ─── Changes ─────────────────────────────────────────────────────────────────────────────────────────────

export async function createSession(deps: AppDeps, ctx: ServiceContext, campaignId: number, input: SessionInput) {
  assertProvinceManager(ctx.actor, 'campaign.manage', REFUSAL);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    await assertWritable(tx, campaignId);
    const plan = planFrom(input);
    refuse(await problemsOf(tx, campaignId, plan, null));
    const now = deps.clock.now();
    const row = await repo
      .insertSession(tx, {
        campaignId,
        name: input.name,
        sessionDate: plan.date,
        startTime: plan.startTime,
        subjects: plan.subjects,
        lateEntryMinutes: plan.lateEntryMinutes,
        earliestHandInMinutes: plan.earliestHandInMinutes,
        capacityNote: input.capacityNote ?? null,
        createdBy: ctx.actor.accountId,
        createdAt: now,
        updatedAt: now,
      })
      .catch((e: unknown) => mapUnique(e, input.name));
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...audit(ctx),
        entityId: row.id,
        action: 'exam_session.create',
        summary: `新增场次「${row.name}」（${row.sessionDate} ${row.startTime}）`,
        after: snapshot(row),
      },
      now,
    );
    return present(row, ctx.actor);
  });
}

export async function updateSession(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
  id: number,
  input: SessionInput,
) {
  assertProvinceManager(ctx.actor, 'campaign.manage', REFUSAL);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    await assertWritable(tx, campaignId);
    const before = await repo.findSession(tx, campaignId, id);
    if (!before) throw new AppError('NOT_FOUND', '场次不存在');
    const plan = planFrom(input);
    // Once candidates signed in, their subjects' clocks (attempt_subjects) were set from these times: a change now
    // would leave them behind. Only the name and the note may change then.
    if (timesChanged(before, plan) && (await repo.attemptCount(tx, id)) > 0) throw new AppError('SESSION_STARTED');
    refuse(await problemsOf(tx, campaignId, plan, id));
    const now = deps.clock.now();
    const row = await repo
      .updateSession(tx, id, {
        name: input.name,
        sessionDate: plan.date,
        startTime: plan.startTime,
        subjects: plan.subjects,
        lateEntryMinutes: plan.lateEntryMinutes,
        earliestHandInMinutes: plan.earliestHandInMinutes,
        capacityNote: input.capacityNote ?? null,
        updatedAt: now,
      })
      .catch((e: unknown) => mapUnique(e, input.name));
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...audit(ctx),
        entityId: row.id,
        action: 'exam_session.update',
        summary: `修改场次「${row.name}」`,
        before: snapshot(before),
        after: snapshot(row),
      },
      now,
    );
    return present(row, ctx.actor);
  });
}

function timesChanged(row: repo.SessionRow, plan: SessionPlan): boolean {
  return (
    row.sessionDate !== plan.date ||
    row.startTime !== plan.startTime ||
    row.lateEntryMinutes !== plan.lateEntryMinutes ||
    row.earliestHandInMinutes !== plan.earliestHandInMinutes ||
    JSON.stringify(row.subjects) !== JSON.stringify(plan.subjects)
  );
}

export async function deleteSession(deps: AppDeps, ctx: ServiceContext, campaignId: number, id: number) {
  assertProvinceManager(ctx.actor, 'campaign.manage', REFUSAL);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    await assertWritable(tx, campaignId);
    const row = await repo.findSession(tx, campaignId, id);
    if (!row) throw new AppError('NOT_FOUND', '场次不存在');
    const used = (await repo.sessionReferences(tx, id)).filter((r) => r.count > 0);
    if (used.length > 0) {
      throw new AppError(
        'SESSION_IN_USE',
        `场次「${row.name}」已有${used.map((u) => `${u.label} ${u.count} 条`).join('、')}，不能删除`,
      );
    }
    await repo.deleteSession(tx, id);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...audit(ctx),
        entityId: id,
        action: 'exam_session.delete',
        summary: `删除场次「${row.name}」`,
        before: snapshot(row),
      },
      deps.clock.now(),
    );
    return { ok: true as const };
  });
}
