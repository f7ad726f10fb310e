/**
 * The review chain (资格审查, docs/api-review.md): overview, queue, one application's review detail, and the
 * decisions (approve, return, reject) of one application or of many at once. The rules are the domain's
 * (src/domain/review.ts); this service adds the guards that need the database (visibility under row-level
 * security, the campaign, deadlines with per-jurisdiction extensions) and writes each decision set-based:
 * one UPDATE per chunk, one INSERT of review rows per chunk, the audit rows in one chain append, and one
 * notification per recipient.
 */

import type { AppliedGrade } from '../../../domain/index.js';
import { VERDICT_LONG_LABELS } from '../../../domain/labels.js';
import { maskIdNumber } from '../../../domain/masking.js';
import {
  ACTION_LABELS,
  deadlinePhase,
  defaultOpinion,
  defaultSealName,
  describePosition,
  holderOf,
  LEVEL_LABELS,
  LEVEL_REVIEW_NAMES,
  levelOfRole,
  overruleRefusal,
  REJECT_REASONS,
  RETURN_REASONS,
  type ReviewAction,
  type ReviewLevel,
  type ReviewState,
  reasonsFor,
  STATUS_LABELS,
  type Stage,
  strongerOverrule,
  transition,
  type Verdict,
} from '../../../domain/review.js';
import {
  daysBetween,
  formatChineseDate,
  PHASE_LABELS,
  type Phase,
  phaseWindow,
  type ReviewTrack,
  reviewTrackOf,
  type TimetablePhase,
  type WindowExtension,
} from '../../../domain/timetable.js';
import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { type AuditEntry, recordAuditEntries } from '../../platform/audit.js';
import { chinaDate } from '../../platform/clock.js';
import type { Actor, ServiceContext } from '../../platform/context.js';
import { AppError, type ErrorCode } from '../../platform/errors.js';
import { hasPermission } from '../../platform/permissions.js';
import { inScopedTx, inSystemTx } from '../../platform/tx.js';
import {
  findApplicationView,
  type PrintedOpinions,
  requireAnyPermission,
} from '../applications/applications.service.js';
import { type CampaignRow, findCampaign, findOpenCampaign } from '../applications/registration-window.js';
import { findTimetable } from '../campaigns/campaigns.service.js';
import {
  type NewNotification,
  type NotificationKind,
  notify,
  settleNotificationsFor,
} from '../notifications/notifications.service.js';
import { findNode } from '../org/org.service.js';
import type {
  QueueFilter,
  QueueSort,
  QueueViewer,
  ReviewRow,
  ReviewTarget,
  TargetChange,
} from './review.repository.js';
import * as repo from './review.repository.js';
import { MAX_BULK } from './review.schemas.js';

// ─── Shapes ────────────────────────────────────────────────────────────────────────────────────────────────

export interface Deadline {
  phase: Phase;
  /** The window's first day: a level may decide earlier, as applications reach it (see the review page). */
  startsOn: string;
  label: string;
  endsOn: string;
  daysLeft: number;
  passed: boolean;
}

export interface ReviewAbilities {
  approve: boolean;
  return: boolean;
  reject: boolean;
}

export interface DecisionInput {
  action: ReviewAction;
  reasonCode?: string | null;
  opinion?: string | null;
  overruleReason?: string | null;
  sealName?: string | null;
}

export interface BulkInput extends DecisionInput {
  campaignId: number;
  ids?: number[];
  filter?: Omit<QueueFilter, 'view'> & { view?: QueueFilter['view'] };
  /** Required with `filter`: the count the reviewer confirmed, checked under the row locks. */
  expectedCount?: number;
}

export interface SkippedItem {
  id: number;
  name: string;
  code: string;
  message: string;
}

const NOT_FOUND_MESSAGE = '申请不存在或不在您的管辖范围内';

// ─── Guards ────────────────────────────────────────────────────────────────────────────────────────────────

export function requireLevel(actor: Actor): ReviewLevel {
  const level = levelOfRole(actor.role);
  if (!level || actor.orgNodeId === null || actor.orgPath === null) throw new AppError('REVIEW_LEVEL_NONE');
  return level;
}

/** The reason code and opinion of a decision, checked: returns and rejections name a reason; OTHER explains it. */
export function checkReason(input: DecisionInput): { reasonCode: string | null; opinion: string | null } {
  const opinion = input.opinion?.trim() || null;
  const reasons = reasonsFor(input.action);
  if (!reasons) return { reasonCode: null, opinion };
  const code = input.reasonCode?.trim() ?? '';
  if (!code || !Object.hasOwn(reasons, code)) {
    throw new AppError(
      'REVIEW_REASON_REQUIRED',
      input.action === 'return' ? '退回修改须选择退回原因' : '审核不通过须选择不通过的原因',
    );
  }
  if (code === 'OTHER' && !opinion) {
    throw new AppError('REVIEW_REASON_REQUIRED', '选择“其他原因”时须在审核意见中写明具体原因');
  }
  return { reasonCode: code, opinion };
}

export function assertCampaignOpen(campaign: Pick<CampaignRow, 'name' | 'status'>): void {
  if (campaign.status === 'closed') throw new AppError('CAMPAIGN_CLOSED', `「${campaign.name}」已结束，不能再审核`);
  if (campaign.status !== 'open') throw new AppError('CAMPAIGN_NOT_OPEN', `「${campaign.name}」尚未开放`);
}

// ─── Deadlines ─────────────────────────────────────────────────────────────────────────────────────────────

export interface Timetable {
  phases: TimetablePhase[];
  extensions: WindowExtension[];
}

export function loadTimetable(tx: Tx, campaignId: number): Promise<Timetable> {
  return findTimetable(tx, campaignId);
}

/**
 * A level's deadline for an application of `jurisdictionId` (null: the province's own, without extensions) on
 * a track (一级 applications follow their own windows).
 */
export function deadlineFor(
  timetable: Timetable,
  level: ReviewLevel,
  jurisdictionId: number | null,
  hasBeenReturned: boolean,
  today: string,
  track: ReviewTrack = 'regular',
): Deadline | null {
  const phase = deadlinePhase(level, hasBeenReturned, track);
  if (!timetable.phases.some((p) => p.phase === phase)) return null;
  const window = phaseWindow(timetable.phases, timetable.extensions, jurisdictionId, phase);
  const daysLeft = daysBetween(today, window.endsOn);
  return {
    phase,
    label: PHASE_LABELS[phase],
    startsOn: window.startsOn,
    endsOn: window.endsOn,
    daysLeft,
    passed: daysLeft < 0,
  };
}

/**
 * The deadline a level works to now, for its overview: the 一级 one from the day 一级申报 opens until it has passed
 * (rules.md §8: September), the 五级–二级 one otherwise.
 */
export function currentDeadline(
  timetable: Timetable,
  level: ReviewLevel,
  jurisdictionId: number | null,
  today: string,
): Deadline | null {
  const grade1 = deadlineFor(timetable, level, jurisdictionId, false, today, 'grade1');
  const opened = timetable.phases.find((p) => p.phase === 'grade1_registration');
  if (grade1 && !grade1.passed && opened && opened.startsOn <= today) {
    const regular = deadlineFor(timetable, level, jurisdictionId, false, today, 'regular');
    // Both open at once (the demo's timetable): the nearer one.
    return regular && !regular.passed && regular.endsOn < grade1.endsOn ? regular : grade1;
  }
  return deadlineFor(timetable, level, jurisdictionId, false, today, 'regular');
}

function deadlineMessage(level: ReviewLevel, deadline: Deadline, today: string): string {
  return `${LEVEL_REVIEW_NAMES[level]}的截止日期为${formatChineseDate(deadline.endsOn)}（${deadline.label}），已经截止（今天是${formatChineseDate(today)}）`;
}

// ─── The state the domain reads ────────────────────────────────────────────────────────────────────────────

type StateColumns = Pick<
  ReviewTarget,
  'status' | 'returnedTo' | 'source' | 'departmentBatchId' | 'jurisdictionBatchId' | 'jurisdictionId'
>;

function stateOf(row: StateColumns, provinceReviewed: ReadonlySet<number>): ReviewState {
  return {
    status: row.status,
    returnedTo: row.returnedTo,
    source: row.source,
    departmentBatchId: row.departmentBatchId,
    jurisdictionBatchId: row.jurisdictionBatchId,
    reviewedByProvince: provinceReviewed.has(row.jurisdictionId),
  };
}

/** What `level` may do with the application now: the domain's move, an open campaign, a deadline not passed. */
export function abilitiesFor(
  state: ReviewState,
  level: ReviewLevel | null,
  campaignOpen: boolean,
  deadline: Deadline | null,
): ReviewAbilities {
  if (!level || !campaignOpen || deadline?.passed) return { approve: false, return: false, reject: false };
  return {
    approve: transition(state, level, 'approve').ok,
    return: transition(state, level, 'return').ok,
    reject: transition(state, level, 'reject').ok,
  };
}

/** The viewer's jurisdiction (for its extensions): the second id of its path; null for the province. */
function viewerJurisdiction(actor: Actor): number | null {
  const ids = (actor.orgPath ?? '').split('/').filter(Boolean);
  return ids.length >= 2 ? Number(ids[1]) : null;
}

// ─── Presenting ────────────────────────────────────────────────────────────────────────────────────────────

export function presentEntry(row: ReviewRow) {
  const reasons = reasonsFor(row.action);
  return {
    id: row.id,
    level: row.level,
    levelLabel: LEVEL_LABELS[row.level],
    action: row.action,
    actionLabel: ACTION_LABELS[row.action],
    fromStatus: row.fromStatus,
    toStatus: row.toStatus,
    returnedTo: row.returnedTo,
    reasonCode: row.reasonCode,
    reasonLabel: row.reasonCode && reasons ? (reasons[row.reasonCode] ?? null) : null,
    opinion: row.opinion,
    verdict: row.verdict as Verdict,
    overruleReason: row.overruleReason,
    batchId: row.batchId,
    reviewerName: row.reviewerName,
    orgName: row.orgName,
    sealName: row.sealName,
    decidedOn: row.decidedOn,
    createdAt: row.createdAt.toISOString(),
  };
}

export type ReviewEntry = ReturnType<typeof presentEntry>;

interface DetailSource {
  row: Pick<
    ReviewTarget,
    | 'id'
    | 'status'
    | 'returnedTo'
    | 'source'
    | 'returnCount'
    | 'rejectReason'
    | 'overruledVerdict'
    | 'departmentBatchId'
    | 'jurisdictionBatchId'
    | 'jurisdictionId'
  >;
  reviewedByProvince: boolean;
  reviews: ReviewRow[];
  opinions: PrintedOpinions;
  viewerLevel: ReviewLevel | null;
  deadline: Deadline | null;
  campaignOpen: boolean;
}

export function presentDetail(source: DetailSource) {
  const { row } = source;
  const state: ReviewState = {
    status: row.status,
    returnedTo: row.returnedTo,
    source: row.source,
    departmentBatchId: row.departmentBatchId,
    jurisdictionBatchId: row.jurisdictionBatchId,
    reviewedByProvince: source.reviewedByProvince,
  };
  const holder = holderOf(state);
  const history = source.reviews.map(presentEntry);
  const lastReturn = [...history].reverse().find((e) => e.action === 'return') ?? null;
  return {
    applicationId: row.id,
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    holder,
    holderLabel: holder ? LEVEL_LABELS[holder] : null,
    position: describePosition(state),
    reviewedByProvince: source.reviewedByProvince,
    returnedTo: row.returnedTo,
    returnCount: row.returnCount,
    rejectReason: row.rejectReason,
    rejectReasonLabel: row.rejectReason
      ? (REJECT_REASONS[row.rejectReason as keyof typeof REJECT_REASONS] ?? null)
      : null,
    overruledVerdict: row.overruledVerdict as Exclude<Verdict, 'eligible'> | null,
    departmentBatchId: row.departmentBatchId,
    jurisdictionBatchId: row.jurisdictionBatchId,
    lastReturn,
    history,
    opinions: source.opinions,
    viewerLevel: source.viewerLevel,
    deadline: source.deadline,
    abilities: abilitiesFor(state, source.viewerLevel, source.campaignOpen, source.deadline),
  };
}

export type ReviewDetail = ReturnType<typeof presentDetail>;

/** Everything the detail needs, read in the caller's transaction (the 省直 flag is given by the caller). */
async function loadDetail(
  deps: AppDeps,
  tx: Tx,
  actor: Actor,
  row: DetailSource['row'] & { campaignId: number; appliedGrade: number },
  reviewedByProvince: boolean,
  loaded?: { campaign: Pick<CampaignRow, 'id' | 'status'>; timetable: Timetable },
) {
  const viewerLevel = levelOfRole(actor.role);
  const campaign = loaded?.campaign ?? (await findCampaign(tx, row.campaignId));
  const today = chinaDate(deps.clock.now());
  const deadline =
    viewerLevel && campaign
      ? deadlineFor(
          loaded?.timetable ?? (await loadTimetable(tx, campaign.id)),
          viewerLevel,
          row.jurisdictionId,
          row.returnCount > 0,
          today,
          reviewTrackOf(row.appliedGrade),
        )
      : null;
  const reviews = await repo.listReviews(tx, row.id);
  return presentDetail({
    row,
    reviewedByProvince,
    reviews,
    opinions: latestApprovals(reviews),
    viewerLevel,
    deadline,
    campaignOpen: campaign?.status === 'open',
  });
}

/** The opinion printed for each level: its latest approval (reviews arrive oldest first). */
function latestApprovals(reviews: readonly ReviewRow[]): PrintedOpinions {
  const out: PrintedOpinions = { unit: null, department: null, jurisdiction: null, province: null };
  for (const r of reviews) {
    if (r.action !== 'approve' || r.level === 'applicant') continue;
    out[r.level] = { opinion: r.opinion, reviewerName: r.reviewerName, sealName: r.sealName, date: r.decidedOn };
  }
  return out;
}

// ─── Reads ─────────────────────────────────────────────────────────────────────────────────────────────────

async function campaignOrOpen(tx: Tx, campaignId: number | undefined): Promise<CampaignRow> {
  if (campaignId === undefined) {
    const open = await findOpenCampaign(tx);
    if (!open) throw new AppError('CAMPAIGN_NOT_OPEN');
    return open;
  }
  const found = await findCampaign(tx, campaignId);
  if (!found) throw new AppError('NOT_FOUND', '考核年度不存在');
  return found;
}

function viewerOf(actor: Actor, level: ReviewLevel, provinceReviewed: readonly number[]): QueueViewer {
  return { level, nodeId: actor.orgNodeId!, provinceReviewed };
}

export async function getOverview(deps: AppDeps, ctx: ServiceContext, campaignId: number | undefined) {
  const level = requireLevel(ctx.actor);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const campaign = await campaignOrOpen(tx, campaignId);
    const viewer = viewerOf(ctx.actor, level, await repo.provinceReviewedJurisdictions(tx));
    const counts = await repo.countQueue(tx, campaign.id, viewer);
    const today = chinaDate(deps.clock.now());
    const deadline = currentDeadline(await loadTimetable(tx, campaign.id), level, viewerJurisdiction(ctx.actor), today);
    const orgName = ctx.actor.orgNodeName ?? '';
    return {
      level,
      levelLabel: LEVEL_LABELS[level],
      orgNodeId: ctx.actor.orgNodeId!,
      orgName,
      sealName: defaultSealName(level, orgName),
      campaign: { id: campaign.id, name: campaign.name, status: campaign.status },
      deadline,
      counts,
    };
  });
}

/** A node id of a filter must lie within the viewer's subtree. */
async function assertNodesInScope(tx: Tx, actor: Actor, filter: Partial<QueueFilter>): Promise<void> {
  for (const id of [filter.jurisdictionId, filter.departmentId, filter.unitId]) {
    if (id === undefined) continue;
    const node = await findNode(tx, id);
    if (!node || actor.orgPath === null || !node.path.startsWith(actor.orgPath)) {
      throw new AppError('NOT_FOUND', '机构不存在或不在您的管辖范围内');
    }
  }
}

export interface QueueInput extends QueueFilter {
  campaignId: number;
  sort: QueueSort;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export async function getQueue(deps: AppDeps, ctx: ServiceContext, input: QueueInput) {
  const level = requireLevel(ctx.actor);
  const { campaignId, sort, order, page, pageSize, ...filter } = input;
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const campaign = await campaignOrOpen(tx, campaignId);
    await assertNodesInScope(tx, ctx.actor, filter);
    const provinceReviewed = await repo.provinceReviewedJurisdictions(tx);
    const flags = new Set(provinceReviewed);
    const where = repo.queueWhere(
      campaign.id,
      { ...filter, q: filter.q?.trim() || undefined },
      viewerOf(ctx.actor, level, provinceReviewed),
    );
    const result = await repo.listQueue(tx, where, { sort, order, page, pageSize });
    const timetable = await loadTimetable(tx, campaign.id);
    const today = chinaDate(deps.clock.now());
    const fullIds = ctx.actor.role === 'unit_officer';
    return {
      items: result.items.map((item) => {
        const state = stateOf(item, flags);
        const deadline = deadlineFor(
          timetable,
          level,
          item.jurisdictionId,
          item.returnCount > 0,
          today,
          reviewTrackOf(item.appliedGrade),
        );
        return {
          id: item.id,
          name: item.name,
          idNumber: fullIds ? item.idNumber : maskIdNumber(item.idNumber),
          sex: item.sex as 'male' | 'female',
          unitName: item.unitName ?? '',
          departmentName: item.departmentName ?? '',
          jurisdictionName: item.jurisdictionName ?? '',
          appliedJobType: item.appliedJobType ?? '',
          appliedJobTypeCategory: item.appliedJobTypeCategory ?? '',
          appliedGrade: item.appliedGrade as AppliedGrade,
          verdict: item.verdict as Verdict,
          findingCount: item.findingCount,
          status: item.status,
          holder: holderOf(state),
          returnedTo: item.returnedTo,
          returnCount: item.returnCount,
          rejectReason: item.rejectReason,
          overruledVerdict: item.overruledVerdict as Exclude<Verdict, 'eligible'> | null,
          departmentBatchId: item.departmentBatchId,
          jurisdictionBatchId: item.jurisdictionBatchId,
          submittedAt: item.submittedAt ? item.submittedAt.toISOString() : null,
          updatedAt: item.updatedAt.toISOString(),
          abilities: abilitiesFor(state, level, campaign.status === 'open', deadline),
        };
      }),
      total: result.total,
    };
  });
}

/** GET /api/applications/:id/review: officials who read the application, and the applicant (own only). */
export async function getReviewDetail(deps: AppDeps, ctx: ServiceContext, id: number): Promise<ReviewDetail> {
  requireAnyPermission(ctx.actor, ['application.read', 'application.self']);
  const official = ctx.actor.orgPath !== null;
  const loaded = await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const view = await findApplicationView(tx, id, {
      hideOnlineDrafts: !hasPermission(ctx.actor.role, 'application.self'),
    });
    if (!view) throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
    if (!official) return { row: view.row, detail: null };
    const flag = (await repo.provinceReviewedAmong(tx, [view.row.jurisdictionId])).size > 0;
    return { row: view.row, detail: await loadDetail(deps, tx, ctx.actor, view.row, flag) };
  });
  if (loaded.detail) return loaded.detail;
  // Applicants cannot read org_nodes: the one flag of their application's jurisdiction is read as the system.
  const flags = await inSystemTx(deps.db, (tx) => repo.provinceReviewedAmong(tx, [loaded.row.jurisdictionId]));
  return inScopedTx(deps.db, ctx.actor, (tx) =>
    loadDetail(deps, tx, ctx.actor, loaded.row, flags.has(loaded.row.jurisdictionId)),
  );
}

// ─── Deciding ──────────────────────────────────────────────────────────────────────────────────────────────

interface Plan {
  level: ReviewLevel;
  action: ReviewAction;
  reasonCode: string | null;
  opinion: string;
  overruleReason: string | null;
  sealName: string;
}

interface Move {
  target: ReviewTarget;
  change: TargetChange;
  overruled: boolean;
}

/** The jurisdictions among the targets' that the province reviews itself (read with the targets' lock). */
function provinceReviewedOf(targets: readonly ReviewTarget[]): Set<number> {
  return new Set(targets.filter((t) => t.reviewedByProvince).map((t) => t.jurisdictionId));
}

/** Each target's move, or why it is skipped: the domain's transition, the deadline, the overrule reason. */
function planMoves(
  targets: readonly ReviewTarget[],
  plan: Plan,
  flags: ReadonlySet<number>,
  timetable: Timetable,
  today: string,
): { moves: Move[]; skipped: SkippedItem[] } {
  const moves: Move[] = [];
  const skipped: SkippedItem[] = [];
  for (const target of targets) {
    const skip = (code: ErrorCode | string, message: string) =>
      skipped.push({ id: target.id, name: target.name, code, message });
    const result = transition(stateOf(target, flags), plan.level, plan.action);
    if (!result.ok) {
      skip(result.code, result.message);
      continue;
    }
    const deadline = deadlineFor(
      timetable,
      plan.level,
      target.jurisdictionId,
      target.returnCount > 0,
      today,
      reviewTrackOf(target.appliedGrade),
    );
    if (deadline?.passed) {
      skip('REVIEW_DEADLINE_PASSED', deadlineMessage(plan.level, deadline, today));
      continue;
    }
    const verdict = target.verdict as Verdict;
    let overruled = false;
    if (plan.action === 'approve') {
      const refusal = overruleRefusal(verdict, plan.overruleReason);
      if (refusal) {
        skip('REVIEW_OVERRULE_REASON_REQUIRED', refusal);
        continue;
      }
      overruled = verdict !== 'eligible';
    }
    moves.push({
      target,
      overruled,
      change: {
        id: target.id,
        status: result.status,
        returnedTo: result.returnedTo,
        returnCount: target.returnCount + (plan.action === 'return' ? 1 : 0),
        rejectReason: plan.action === 'reject' ? plan.reasonCode : null,
        overruledVerdict: overruled ? strongerOverrule(target.overruledVerdict, verdict) : target.overruledVerdict,
        departmentBatchId: result.departmentBatchId,
        jurisdictionBatchId: result.jurisdictionBatchId,
      },
    });
  }
  return { moves, skipped };
}

const VERDICT_LABELS = VERDICT_LONG_LABELS;

function auditSummary(plan: Plan, move: Move): string {
  const name = `「${move.target.name}」`;
  switch (plan.action) {
    case 'approve': {
      const over = move.overruled
        ? `（系统判定「${VERDICT_LABELS[move.target.verdict as Verdict]}」，理由：${plan.overruleReason?.trim()}）`
        : '';
      return `${LEVEL_REVIEW_NAMES[plan.level]}通过${name}的申请${over}`;
    }
    case 'return':
      return `${LEVEL_LABELS[plan.level]}将${name}的申请退回${LEVEL_LABELS[move.change.returnedTo ?? 'unit']}修改：${RETURN_REASONS[plan.reasonCode as keyof typeof RETURN_REASONS]}`;
    case 'reject':
      return `${LEVEL_REVIEW_NAMES[plan.level]}不通过${name}的申请：${REJECT_REASONS[plan.reasonCode as keyof typeof REJECT_REASONS]}`;
  }
}

const reviewColumns = (row: Pick<TargetChange, Exclude<keyof TargetChange, 'id'>>) => ({
  status: row.status,
  returnedTo: row.returnedTo,
  returnCount: row.returnCount,
  rejectReason: row.rejectReason,
  overruledVerdict: row.overruledVerdict,
  departmentBatchId: row.departmentBatchId,
  jurisdictionBatchId: row.jurisdictionBatchId,
});

/** The path of the node with `id` on an application's path ('/1/5/23/40/' → '/1/5/' for 5). */
function pathOf(orgPath: string, id: number): string {
  const marker = `/${id}/`;
  const at = orgPath.indexOf(marker);
  return at < 0 ? orgPath : orgPath.slice(0, at + marker.length);
}

interface Recipient {
  key: string;
  nodeId: number | null;
  path: string | null;
  accountId: number | null;
}

function levelNode(target: ReviewTarget, level: ReviewLevel): Recipient {
  const provinceId = Number(target.orgPath.split('/').filter(Boolean)[0]);
  const id =
    level === 'unit'
      ? target.unitId
      : level === 'department'
        ? target.departmentId
        : level === 'jurisdiction'
          ? target.jurisdictionId
          : provinceId;
  return { key: `node:${id}`, nodeId: id, path: pathOf(target.orgPath, id), accountId: null };
}

function applicantOf(target: ReviewTarget): Recipient | null {
  return target.applicantAccountId === null
    ? null
    : { key: `account:${target.applicantAccountId}`, nodeId: null, path: null, accountId: target.applicantAccountId };
}

/** Who hears of a move, and as what. */
function recipientsOf(plan: Plan, move: Move, flags: ReadonlySet<number>): Array<[Recipient, NotificationKind]> {
  const { target, change } = move;
  const out: Array<[Recipient, NotificationKind]> = [];
  const add = (r: Recipient | null, kind: NotificationKind) => {
    if (r) out.push([r, kind]);
  };
  if (plan.action === 'approve') {
    if (change.status === 'province_confirmed') {
      add(levelNode(target, 'unit'), 'application_confirmed');
      add(applicantOf(target), 'application_confirmed');
      return out;
    }
    const holder = holderOf({ ...stateOf(target, flags), ...change });
    if (holder && holder !== 'applicant' && holder !== plan.level) add(levelNode(target, holder), 'review_pending');
    return out;
  }
  if (plan.action === 'return') {
    const to = change.returnedTo as Stage;
    add(to === 'applicant' ? applicantOf(target) : levelNode(target, to), 'application_returned');
    add(levelNode(target, 'unit'), 'application_returned');
    return out;
  }
  add(levelNode(target, 'unit'), 'application_rejected');
  add(applicantOf(target), 'application_rejected');
  return out;
}

const TITLES: Record<NotificationKind, string> = {
  review_pending: '有新的申请待审核',
  application_returned: '申请被退回修改',
  application_rejected: '申请审核不通过',
  application_confirmed: '申请已经省工考办确认',
  batch_received: '收到汇总上报',
  batch_returned: '汇总上报被退回',
};

function notificationText(plan: Plan, kind: NotificationKind, moves: readonly Move[], toLevel: Stage | null): string {
  const reason =
    plan.reasonCode === null
      ? ''
      : `：${(plan.action === 'return' ? RETURN_REASONS : REJECT_REASONS)[plan.reasonCode as 'OTHER']}`;
  const one = moves.length === 1 ? `「${moves[0]!.target.name}」的申请` : `${moves.length} 人的申请`;
  switch (kind) {
    case 'review_pending':
      return `${one}已由${LEVEL_LABELS[plan.level]}审核通过，待${toLevel ? LEVEL_LABELS[toLevel] : ''}审核`;
    case 'application_returned':
      return `${one}被${LEVEL_LABELS[plan.level]}退回修改${reason}`;
    case 'application_rejected':
      return `${one}${LEVEL_REVIEW_NAMES[plan.level]}未通过${reason}`;
    default:
      return `${one}已经省工考办审查确认`;
  }
}

function notificationLink(kind: NotificationKind, recipient: Recipient, moves: readonly Move[], toLevel: Stage | null) {
  if (recipient.accountId !== null) return '/my-application';
  if (moves.length === 1) return `/applications/${moves[0]!.target.id}`;
  if (kind === 'review_pending') return '/review';
  if (kind === 'application_returned' && toLevel !== 'unit' && toLevel !== 'applicant') return '/review?view=returned';
  return '/applications';
}

/** One notification per recipient and kind (bulk work: "12 人的申请被退回修改"); the actor's own node hears nothing. */
function buildNotifications(plan: Plan, moves: readonly Move[], flags: ReadonlySet<number>, actor: Actor) {
  const groups = new Map<
    string,
    { recipient: Recipient; kind: NotificationKind; moves: Move[]; toLevel: Stage | null }
  >();
  for (const move of moves) {
    for (const [recipient, kind] of recipientsOf(plan, move, flags)) {
      if (recipient.nodeId !== null && recipient.nodeId === actor.orgNodeId) continue;
      const toLevel =
        kind === 'review_pending'
          ? holderOf({ ...stateOf(move.target, flags), ...move.change })
          : (move.change.returnedTo as Stage | null);
      const key = `${recipient.key}|${kind}`;
      const group = groups.get(key) ?? { recipient, kind, moves: [], toLevel };
      // The unit may be both the holder and the unit of a return: one notice each.
      if (group.moves.at(-1) !== move) group.moves.push(move);
      groups.set(key, group);
    }
  }
  return [...groups.values()].map(
    (g): NewNotification => ({
      recipientNodeId: g.recipient.nodeId,
      recipientPath: g.recipient.path,
      recipientAccountId: g.recipient.accountId,
      kind: g.kind,
      title: TITLES[g.kind],
      body: notificationText(plan, g.kind, g.moves, g.toLevel),
      link: notificationLink(g.kind, g.recipient, g.moves, g.toLevel),
      applicationId: g.moves.length === 1 ? g.moves[0]!.target.id : null,
    }),
  );
}

/** Writes the moves: applications, review rows, audit rows, notifications (all set-based, one transaction). */
async function writeMoves(
  deps: AppDeps,
  tx: Tx,
  ctx: ServiceContext,
  plan: Plan,
  moves: readonly Move[],
  flags: ReadonlySet<number>,
): Promise<void> {
  if (moves.length === 0) return;
  const now = deps.clock.now();
  const decidedOn = chinaDate(now);
  const actor = ctx.actor;
  await repo.writeDecisions(
    tx,
    moves.map((m) => m.change),
    moves.map((m) => ({
      applicationId: m.target.id,
      campaignId: m.target.campaignId,
      orgPath: m.target.orgPath,
      applicantAccountId: m.target.applicantAccountId,
      level: plan.level,
      action: plan.action,
      fromStatus: m.target.status,
      toStatus: m.change.status,
      returnedTo: m.change.returnedTo,
      reasonCode: plan.reasonCode,
      opinion: plan.opinion,
      verdict: m.target.verdict,
      overruleReason: m.overruled ? plan.overruleReason : null,
      batchId: null,
      reviewerAccountId: actor.accountId,
      reviewerName: actor.displayName,
      orgNodeId: actor.orgNodeId!,
      orgName: actor.orgNodeName ?? '',
      sealName: plan.sealName,
      decidedOn,
    })),
    now,
  );
  const entries: AuditEntry[] = moves.map((m) => ({
    entityType: 'application',
    entityId: m.target.id,
    orgNodeId: m.target.unitId,
    orgPath: m.target.orgPath,
    action: `review.${plan.action}`,
    summary: auditSummary(plan, m),
    before: { ...reviewColumns(m.target), version: m.target.version },
    after: {
      ...reviewColumns(m.change),
      version: m.target.version + 1,
      level: plan.level,
      reasonCode: plan.reasonCode,
      opinion: plan.opinion,
      overruleReason: m.overruled ? plan.overruleReason : null,
    },
  }));
  await recordAuditEntries(tx, actor, ctx.meta, entries, now);
  await notify(tx, now, buildNotifications(plan, moves, flags, actor));
  await settleNotificationsFor(
    tx,
    actor,
    moves.map((m) => m.target.id),
    now,
  );
}

function planOf(actor: Actor, level: ReviewLevel, input: DecisionInput): Plan {
  const { reasonCode, opinion } = checkReason(input);
  return {
    level,
    action: input.action,
    reasonCode,
    opinion: opinion ?? defaultOpinion(level, input.action),
    overruleReason: input.overruleReason?.trim() || null,
    sealName: input.sealName?.trim() || defaultSealName(level, actor.orgNodeName ?? ''),
  };
}

/** POST /api/review/applications/:id/decide → the application's review detail after the decision. */
export async function decide(
  deps: AppDeps,
  ctx: ServiceContext,
  id: number,
  input: DecisionInput,
): Promise<ReviewDetail> {
  const level = requireLevel(ctx.actor);
  const plan = planOf(ctx.actor, level, input);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const [target] = await repo.lockTargets(tx, repo.byIds(null, [id]), 1);
    if (!target) throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
    const campaign = await findCampaign(tx, target.campaignId);
    if (!campaign) throw new AppError('NOT_FOUND', '考核年度不存在');
    assertCampaignOpen(campaign);
    const flags = provinceReviewedOf([target]);
    const timetable = await loadTimetable(tx, campaign.id);
    const { moves, skipped } = planMoves([target], plan, flags, timetable, chinaDate(deps.clock.now()));
    const refusal = skipped[0];
    if (refusal) throw new AppError(refusal.code as ErrorCode, refusal.message);
    await writeMoves(deps, tx, ctx, plan, moves, flags);
    // The answer is built from what this transaction already holds; only the history is read again.
    const after = { ...target, ...moves[0]!.change };
    return loadDetail(deps, tx, ctx.actor, after, target.reviewedByProvince, { campaign, timetable });
  });
}

/** POST /api/review/bulk: every matched application the level may decide moves; the others are listed. */
export async function bulkDecide(deps: AppDeps, ctx: ServiceContext, input: BulkInput) {
  const level = requireLevel(ctx.actor);
  const plan = planOf(ctx.actor, level, input);
  if ((input.ids === undefined) === (input.filter === undefined)) {
    throw new AppError('VALIDATION_FAILED', '请给出 ids 或 filter 其中之一');
  }
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const campaign = await findCampaign(tx, input.campaignId);
    if (!campaign) throw new AppError('NOT_FOUND', '考核年度不存在');
    assertCampaignOpen(campaign);
    let targets: ReviewTarget[];
    const skipped: SkippedItem[] = [];
    let matched: number;
    if (input.ids !== undefined) {
      const ids = [...new Set(input.ids)];
      if (ids.length > MAX_BULK) throw new AppError('REVIEW_BULK_TOO_LARGE', `一次最多处理 ${MAX_BULK} 人的申请`);
      targets = await repo.lockTargets(tx, repo.byIds(campaign.id, ids), ids.length);
      const found = new Set(targets.map((t) => t.id));
      for (const id of ids) {
        if (!found.has(id)) skipped.push({ id, name: '', code: 'NOT_FOUND', message: NOT_FOUND_MESSAGE });
      }
      matched = ids.length;
    } else {
      const filter = {
        ...input.filter!,
        view: input.filter?.view ?? 'pending',
        q: input.filter?.q?.trim() || undefined,
      };
      await assertNodesInScope(tx, ctx.actor, filter);
      const viewer = viewerOf(ctx.actor, level, await repo.provinceReviewedJurisdictions(tx));
      targets = await repo.lockTargets(tx, repo.queueWhere(campaign.id, filter, viewer), MAX_BULK + 1);
      if (targets.length > MAX_BULK) {
        throw new AppError('REVIEW_BULK_TOO_LARGE', `筛选出的申请超过 ${MAX_BULK} 人，请缩小范围后分批处理`);
      }
      // Counted under the row locks: what another reviewer moved meanwhile is seen, and the decision covers exactly
      // the people the reviewer confirmed, or none.
      if (input.expectedCount === undefined) {
        throw new AppError('VALIDATION_FAILED', '按筛选条件处理时须给出 expectedCount（列表显示的总数）');
      }
      if (targets.length !== input.expectedCount) {
        throw new AppError(
          'REVIEW_COUNT_CHANGED',
          `待处理的申请已有变化：筛选条件下现有 ${targets.length} 人，您确认的是 ${input.expectedCount} 人，请刷新列表后重新操作`,
        );
      }
      matched = targets.length;
    }
    const flags = provinceReviewedOf(targets);
    const timetable = await loadTimetable(tx, campaign.id);
    const planned = planMoves(targets, plan, flags, timetable, chinaDate(deps.clock.now()));
    await writeMoves(deps, tx, ctx, plan, planned.moves, flags);
    return {
      action: plan.action,
      matched,
      succeeded: planned.moves.length,
      skipped: [...skipped, ...planned.skipped].sort((x, y) => x.id - y.id),
    };
  });
}

// ─── For other modules (archives), in the caller's transaction ──────────────────────────────────────────────

/** Every decision on these applications (level, action, opinion, seal, who, when), per application oldest first. */
export async function listDecisionsOf(tx: Tx, applicationIds: readonly number[]): Promise<Map<number, ReviewEntry[]>> {
  const byApplication = new Map<number, ReviewEntry[]>();
  for (const row of await repo.listReviewsOf(tx, applicationIds)) {
    const list = byApplication.get(row.applicationId) ?? [];
    list.push(presentEntry(row));
    byApplication.set(row.applicationId, list);
  }
  return byApplication;
}
