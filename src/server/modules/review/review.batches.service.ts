/**
 * 汇总上报 (docs/api-review.md, "汇总上报 batches"): a department sends its approved applications up to its
 * jurisdiction (the province for 省直单位 and 中央驻豫单位) in one batch with a summary sheet; a jurisdiction sends
 * its qualified ones to the province; the receiving level may return the whole batch while it still holds it.
 *
 * Every change runs in one scoped transaction (row-level security: an actor sees the batches sent from its
 * subtree, so a sender sees its own and every level above sees what was sent below it) and writes one audit row
 * for the batch plus one per application it moves, and a notification to the other side.
 */
import {
  type ApplicationStatus,
  batchNumber,
  defaultSealName,
  LEVEL_LABELS,
  levelOfRole,
  type ReviewLevel,
  type ReviewState,
  transition,
} from '../../../domain/review.js';
import { formatChineseDate, type ReviewTrack } from '../../../domain/timetable.js';
import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { type AuditEntry, recordAuditEntries } from '../../platform/audit.js';
import { chinaDate } from '../../platform/clock.js';
import type { Actor, ServiceContext } from '../../platform/context.js';
import { AppError, uniqueViolation } from '../../platform/errors.js';
import { inScopedTx } from '../../platform/tx.js';
import * as campaignsService from '../campaigns/campaigns.service.js';
import { notify } from '../notifications/notifications.service.js';
import type { BatchView, OrgNodeRow, SenderLevel, SummaryRow } from './review.batches.repository.js';
import * as repo from './review.batches.repository.js';
import type { Batch, BatchSummary, Deadline } from './review.batches.schemas.js';
import { type BatchSheetLine, buildBatchSheet } from './review.batches.sheet.js';
import { assertCampaignOpen, currentDeadline, deadlineFor as levelDeadline, loadTimetable } from './review.service.js';

type CampaignRow = campaignsService.CampaignRow;

// ─── Pure helpers ──────────────────────────────────────────────────────────────────────────────────────────

const GRADE_KEYS = ['5', '4', '3', '2', '1'] as const;
const VERDICTS = ['eligible', 'needs_review', 'ineligible'] as const;
const collator = new Intl.Collator('zh-Hans-CN');

export function emptySummary(): BatchSummary {
  return {
    total: 0,
    byJobType: [],
    byVerdict: { eligible: 0, needs_review: 0, ineligible: 0 },
    overruled: { needs_review: 0, ineligible: 0 },
    byUnit: [],
  };
}

/** Folds the grouping-sets rows of `summaryRows` into a BatchSummary. */
export function foldSummary(rows: readonly SummaryRow[]): BatchSummary {
  const summary = emptySummary();
  const jobs = new Map<number, BatchSummary['byJobType'][number]>();
  for (const r of rows) {
    switch (r.dim) {
      case 'total':
        summary.total = r.n;
        break;
      case 'job': {
        const id = r.jobTypeId ?? 0;
        let job = jobs.get(id);
        if (!job) {
          job = {
            jobType: r.jobType ?? '',
            category: r.category ?? '',
            grades: { '5': 0, '4': 0, '3': 0, '2': 0, '1': 0 },
            total: 0,
          };
          jobs.set(id, job);
        }
        const key = GRADE_KEYS.find((k) => Number(k) === r.grade);
        if (key) job.grades[key] += r.n;
        job.total += r.n;
        break;
      }
      case 'verdict':
        for (const v of VERDICTS) if (r.verdict === v) summary.byVerdict[v] += r.n;
        break;
      case 'overruled':
        if (r.overruled === 'needs_review' || r.overruled === 'ineligible') summary.overruled[r.overruled] += r.n;
        break;
      case 'unit':
        if (r.unitId !== null) summary.byUnit.push({ unitId: r.unitId, unitName: r.unitName ?? '', total: r.n });
        break;
    }
  }
  summary.byJobType = [...jobs.values()].sort(
    (a, b) => collator.compare(a.category, b.category) || collator.compare(a.jobType, b.jobType),
  );
  summary.byUnit.sort((a, b) => collator.compare(a.unitName, b.unitName) || a.unitId - b.unitId);
  return summary;
}

/** A stored summary (jsonb) read back defensively: any missing figure is zero. */
function readSummary(value: unknown): BatchSummary {
  const s = (value ?? {}) as Partial<BatchSummary>;
  const base = emptySummary();
  return {
    total: typeof s.total === 'number' ? s.total : 0,
    byJobType: Array.isArray(s.byJobType) ? s.byJobType : base.byJobType,
    byVerdict: { ...base.byVerdict, ...s.byVerdict },
    overruled: { ...base.overruled, ...s.overruled },
    byUnit: Array.isArray(s.byUnit) ? s.byUnit : base.byUnit,
  };
}

/** The level that receives a batch: the province when it is sent to the province node, else the jurisdiction. */
export function receiverLevel(toKind: OrgNodeRow['kind'] | null): ReviewLevel {
  return toKind === 'province' ? 'province' : 'jurisdiction';
}

// ─── Campaigns and deadlines ───────────────────────────────────────────────────────────────────────────────

async function campaignFor(tx: Tx, campaignId: number | undefined): Promise<CampaignRow> {
  if (campaignId === undefined) {
    const open = await campaignsService.getOpenCampaign(tx);
    if (!open) throw new AppError('CAMPAIGN_NOT_OPEN');
    return open;
  }
  const found = await campaignsService.findCampaign(tx, campaignId);
  if (!found) throw new AppError('NOT_FOUND', '考核年度不存在');
  return found;
}

/**
 * A level's deadline in a campaign for one jurisdiction (its extension applied) on each review track (五级–二级,
 * 一级: their own windows); a track without such a phase is left out.
 */
async function trackDeadlines(
  tx: Tx,
  campaignId: number,
  jurisdictionId: number,
  level: ReviewLevel,
  today: string,
  tracks: readonly ReviewTrack[] = ['regular', 'grade1'],
): Promise<{ track: ReviewTrack; deadline: Deadline }[]> {
  const timetable = await loadTimetable(tx, campaignId);
  return tracks.flatMap((track) => {
    const deadline = levelDeadline(timetable, level, jurisdictionId, false, today, track);
    return deadline ? [{ track, deadline }] : [];
  });
}

/**
 * What a sender may send now: the tracks (五级–二级, 一级) whose deadline has not passed (a batch carries only
 * those; a track without a deadline phase counts as open), each track's deadline, and the deadline to show
 * (review.service currentDeadline).
 */
async function senderWindow(tx: Tx, campaignId: number, sender: Pick<Sender, 'jurisdictionId' | 'level'>, day: string) {
  const timetable = await loadTimetable(tx, campaignId);
  const byTrack = {
    regular: levelDeadline(timetable, sender.level, sender.jurisdictionId, false, day, 'regular'),
    grade1: levelDeadline(timetable, sender.level, sender.jurisdictionId, false, day, 'grade1'),
  };
  const all: ReviewTrack[] = ['regular', 'grade1'];
  return {
    open: all.filter((track) => !byTrack[track]?.passed),
    closed: all.filter((track) => byTrack[track]?.passed),
    byTrack,
    shown: currentDeadline(timetable, sender.level, sender.jurisdictionId, day),
  };
}

/** The review tracks of a batch's applications, from the grades its summary counts. */
function batchTracks(view: BatchView): ReviewTrack[] {
  const rows = readSummary(view.summary).byJobType;
  const tracks: ReviewTrack[] = [];
  if (rows.some((j) => j.grades['2'] + j.grades['3'] + j.grades['4'] + j.grades['5'] > 0)) tracks.push('regular');
  if (rows.some((j) => j.grades['1'] > 0)) tracks.push('grade1');
  return tracks.length > 0 ? tracks : ['regular'];
}

function assertBeforeDeadline(deadline: Deadline | null, what: string): void {
  if (deadline?.passed) {
    throw new AppError(
      'REVIEW_DEADLINE_PASSED',
      `「${deadline.label}」已于${formatChineseDate(deadline.endsOn)}截止，不能再${what}`,
    );
  }
}

// ─── Who sends, to whom ────────────────────────────────────────────────────────────────────────────────────

interface Sender {
  level: SenderLevel;
  node: OrgNodeRow;
  receiver: OrgNodeRow;
  /** The jurisdiction whose timetable (and extensions) apply. */
  jurisdictionId: number;
  /** Its 行政区划代码 for the batch number; null for 省直单位 and 中央驻豫单位. */
  regionCode: string | null;
}

/** The actor's review level; REVIEW_LEVEL_NONE for roles without one. */
function actorLevel(actor: Actor): ReviewLevel {
  const level = levelOfRole(actor.role);
  if (!level || actor.orgNodeId === null) throw new AppError('REVIEW_LEVEL_NONE');
  return level;
}

/** The sender the actor acts for, or null for the unit and the province (they send no batches). */
async function senderOf(tx: Tx, actor: Actor): Promise<Sender | null> {
  const level = actorLevel(actor);
  if (level !== 'department' && level !== 'jurisdiction') return null;
  const node = await repo.findNode(tx, actor.orgNodeId!);
  if (!node || node.kind !== level || node.parentId === null) {
    throw new AppError('FORBIDDEN', '您的账号所属机构不能汇总上报');
  }
  const parent = await repo.findNode(tx, node.parentId);
  if (!parent) throw new AppError('NOT_FOUND', '上级机构不存在');
  if (level === 'jurisdiction')
    return { level, node, receiver: parent, jurisdictionId: node.id, regionCode: node.code };
  // 省直单位 and 中央驻豫单位: the province reviews their departments' applications itself.
  if (parent.reviewedByProvince) {
    const province = parent.parentId === null ? null : await repo.findNode(tx, parent.parentId);
    if (!province) throw new AppError('NOT_FOUND', '省工考办机构不存在');
    return { level, node, receiver: province, jurisdictionId: parent.id, regionCode: parent.code };
  }
  return { level, node, receiver: parent, jurisdictionId: parent.id, regionCode: parent.code };
}

function refuseNonSender(level: ReviewLevel): never {
  throw new AppError(
    'FORBIDDEN',
    level === 'unit' ? '单位审核通过的申请由主管部门审核，单位不汇总上报' : '省工考办是最后一级审查，不需要汇总上报',
  );
}

// ─── Presentation ──────────────────────────────────────────────────────────────────────────────────────────

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Decides abilities for several batches in one transaction, reading each campaign and receiver deadline once.
 */
class Presenter {
  private readonly campaigns = new Map<number, CampaignRow | null>();
  private readonly deadlines = new Map<string, Deadline | null>();
  constructor(
    private readonly tx: Tx,
    private readonly actor: Actor,
    private readonly today: string,
  ) {}

  private async campaign(id: number): Promise<CampaignRow | null> {
    if (!this.campaigns.has(id)) this.campaigns.set(id, await campaignsService.findCampaign(this.tx, id));
    return this.campaigns.get(id) ?? null;
  }

  /**
   * The receiving level's deadline for this batch: of its applications' tracks (一级 has its own windows), the
   * latest — a batch may be returned while any of its applications may still be decided.
   */
  async receiverDeadline(view: BatchView): Promise<Deadline | null> {
    const level = receiverLevel(view.toKind);
    const jurisdictionId = batchJurisdiction(view);
    const tracks = batchTracks(view);
    const key = `${view.row.campaignId}:${jurisdictionId}:${level}:${tracks.join(',')}`;
    if (!this.deadlines.has(key)) {
      const all = await trackDeadlines(this.tx, view.row.campaignId, jurisdictionId, level, this.today, tracks);
      const latest = all.map((d) => d.deadline).sort((x, y) => y.endsOn.localeCompare(x.endsOn))[0];
      this.deadlines.set(key, latest ?? null);
    }
    return this.deadlines.get(key) ?? null;
  }

  async canReturn(view: BatchView): Promise<boolean> {
    const level = levelOfRole(this.actor.role);
    if (level !== receiverLevel(view.toKind) || this.actor.orgNodeId !== view.row.toNodeId) return false;
    if (view.row.status !== 'submitted' || view.undecided === 0) return false;
    if ((await this.campaign(view.row.campaignId))?.status !== 'open') return false;
    return !(await this.receiverDeadline(view))?.passed;
  }

  async present(view: BatchView): Promise<Batch> {
    const r = view.row;
    return {
      id: r.id,
      campaignId: r.campaignId,
      batchNo: r.batchNo,
      level: r.level,
      fromNodeId: r.fromNodeId,
      fromName: view.fromName ?? '',
      toNodeId: r.toNodeId,
      toName: view.toName ?? '',
      status: r.status,
      applicationCount: r.applicationCount,
      summary: readSummary(view.summary),
      note: r.note,
      submittedByName: r.submittedByName,
      submittedAt: r.submittedAt.toISOString(),
      returnReason: r.returnReason,
      returnedByName: r.returnedByName,
      returnedAt: iso(r.returnedAt),
      undecidedCount: view.undecided,
      abilities: { return: await this.canReturn(view) },
    };
  }
}

/** The jurisdiction a batch belongs to: a department's parent, or the sending jurisdiction itself. */
function batchJurisdiction(view: BatchView): number {
  return view.row.level === 'department' ? (view.fromParentId ?? view.row.fromNodeId) : view.row.fromNodeId;
}

async function loadBatch(tx: Tx, id: number): Promise<BatchView> {
  const view = await repo.findBatchView(tx, id);
  if (!view) throw new AppError('NOT_FOUND', '批次不存在或不在您的管辖范围内');
  return view;
}

const today = (deps: AppDeps) => chinaDate(deps.clock.now());

// ─── Use cases ─────────────────────────────────────────────────────────────────────────────────────────────

/** What the actor's level would send now (GET /api/review/batches/pending). */
export async function getPending(deps: AppDeps, ctx: ServiceContext, campaignId: number | undefined) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const level = actorLevel(ctx.actor);
    const campaign = await campaignFor(tx, campaignId);
    const sender = await senderOf(tx, ctx.actor);
    if (!sender) return { level, toName: null, count: 0, summary: emptySummary(), deadline: null };
    const window = await senderWindow(tx, campaign.id, sender, today(deps));
    const summary = foldSummary(
      await repo.summaryRows(tx, repo.pendingWhere(sender.level, campaign.id, sender.node.id, window.open)),
    );
    return { level, toName: sender.receiver.name, count: summary.total, summary, deadline: window.shown };
  });
}

/** Sends everything pending in one batch (POST /api/review/batches). */
export async function submitBatch(deps: AppDeps, ctx: ServiceContext, input: { campaignId: number; note?: string }) {
  const { actor } = ctx;
  try {
    return await inScopedTx(deps.db, actor, async (tx) => {
      const sender = await senderOf(tx, actor);
      if (!sender) refuseNonSender(actorLevel(actor));
      const campaign = await campaignFor(tx, input.campaignId);
      assertCampaignOpen(campaign);
      const day = today(deps);
      // 五级–二级 and 一级 have their own deadlines: a batch carries the applications whose deadline has not passed.
      const window = await senderWindow(tx, campaign.id, sender, day);
      const where = repo.pendingWhere(sender.level, campaign.id, sender.node.id, window.open);
      const ids = await repo.lockApplications(tx, where);
      if (ids.length === 0) {
        // Nothing to send in time, but something too late: say so with the deadline that passed.
        for (const track of window.closed) {
          const late = await repo.lockApplications(
            tx,
            repo.pendingWhere(sender.level, campaign.id, sender.node.id, [track]),
          );
          if (late.length > 0) assertBeforeDeadline(window.byTrack[track], '汇总上报');
        }
        throw new AppError(
          'BATCH_EMPTY',
          sender.level === 'department'
            ? '没有可以汇总上报的申请：本部门审核通过的申请都已上报'
            : '没有可以汇总上报的申请：资格审查合格的申请都已上报',
        );
      }
      const summary = foldSummary(await repo.summaryRows(tx, where));
      const id = await repo.nextBatchId(tx);
      const batchNo = batchNumber(campaign.year, sender.regionCode, id);
      const now = deps.clock.now();
      const note = input.note?.trim() || null;
      const batch = await repo.insertBatch(tx, {
        id,
        campaignId: campaign.id,
        batchNo,
        level: sender.level,
        fromNodeId: sender.node.id,
        fromPath: sender.node.path,
        toNodeId: sender.receiver.id,
        status: 'submitted',
        applicationCount: ids.length,
        summary,
        note,
        submittedBy: actor.accountId,
        submittedByName: actor.displayName,
        submittedAt: now,
      });
      // The member list is kept apart from the applications' batch columns: the 汇总表 lists the batch as it
      // was sent, even after the receiver has decided (or returned) some of its applications.
      await repo.insertBatchMembers(tx, batch.id, ids);
      const changed = await repo.assignBatch(tx, sender.level, where, batch.id, now);
      if (changed.length !== ids.length) throw new AppError('CONFLICT');

      const column = sender.level === 'department' ? 'departmentBatchId' : 'jurisdictionBatchId';
      const entries: AuditEntry[] = [
        {
          entityType: 'review_batch',
          entityId: batch.id,
          action: 'review_batch.submit',
          orgNodeId: sender.node.id,
          orgPath: sender.node.path,
          summary: `「${sender.node.name}」将 ${ids.length} 人的申请汇总上报至「${sender.receiver.name}」（批次 ${batchNo}）`,
          after: {
            batchNo,
            level: sender.level,
            toNodeId: sender.receiver.id,
            applicationCount: ids.length,
            note,
            summary,
          },
        },
        ...changed.map(
          (a): AuditEntry => ({
            entityType: 'application',
            entityId: a.id,
            action: 'application.batch_submit',
            orgNodeId: a.unitId,
            orgPath: a.orgPath,
            summary: `「${a.name}」的申请随批次 ${batchNo} 汇总上报至「${sender.receiver.name}」`,
            before: { [column]: null },
            after: { [column]: batch.id },
          }),
        ),
      ];
      await recordAuditEntries(tx, actor, ctx.meta, entries, now);
      await notify(tx, now, [
        {
          recipientNodeId: sender.receiver.id,
          recipientPath: sender.receiver.path,
          kind: 'batch_received',
          title: `收到汇总上报：${sender.node.name}（${ids.length} 人）`,
          body: `「${sender.node.name}」汇总上报了 ${ids.length} 人的申请（批次 ${batchNo}），请进行${sender.receiver.kind === 'province' ? '省级审查' : '资格审查'}。`,
          link: `/review/batches/${batch.id}`,
          batchId: batch.id,
        },
      ]);
      return new Presenter(tx, actor, day).present(await loadBatch(tx, batch.id));
    });
  } catch (error) {
    if (uniqueViolation(error) === 'review_batches_no_key') {
      throw new AppError('CONFLICT', '同时有其他人在汇总上报，请刷新后重试');
    }
    throw error;
  }
}

export interface ListInput {
  campaignId?: number;
  direction?: 'sent' | 'received';
  status?: 'submitted' | 'returned';
  page: number;
  pageSize: number;
}

export async function listBatches(deps: AppDeps, ctx: ServiceContext, input: ListInput) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    actorLevel(ctx.actor);
    const node = ctx.actor.orgNodeId!;
    const result = await repo.listBatchViews(tx, {
      campaignId: input.campaignId,
      fromNodeId: input.direction === 'sent' ? node : undefined,
      toNodeId: input.direction === 'received' ? node : undefined,
      status: input.status,
      page: input.page,
      pageSize: input.pageSize,
    });
    const presenter = new Presenter(tx, ctx.actor, today(deps));
    const items: Batch[] = [];
    for (const view of result.items) items.push(await presenter.present(view));
    return { items, total: result.total };
  });
}

export async function getBatch(deps: AppDeps, ctx: ServiceContext, id: number): Promise<Batch> {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    actorLevel(ctx.actor);
    return new Presenter(tx, ctx.actor, today(deps)).present(await loadBatch(tx, id));
  });
}

/** Returns the whole batch to the sender level (POST /api/review/batches/:id/return). */
export async function returnBatch(deps: AppDeps, ctx: ServiceContext, id: number, reason: string): Promise<Batch> {
  const { actor } = ctx;
  return inScopedTx(deps.db, actor, async (tx) => {
    const level = actorLevel(actor);
    const view = await loadBatch(tx, id);
    const receiver = receiverLevel(view.toKind);
    if (level !== receiver || actor.orgNodeId !== view.row.toNodeId) {
      throw new AppError('FORBIDDEN', `只有接收该批次的「${view.toName ?? ''}」可以整批退回`);
    }
    const campaign = await campaignFor(tx, view.row.campaignId);
    assertCampaignOpen(campaign);
    const day = today(deps);
    const presenter = new Presenter(tx, actor, day);
    assertBeforeDeadline(await presenter.receiverDeadline(view), '退回');

    const batch = await repo.lockBatch(tx, id);
    if (!batch) throw new AppError('NOT_FOUND', '批次不存在或不在您的管辖范围内');
    if (batch.status !== 'submitted') {
      throw new AppError(
        'BATCH_NOT_RETURNABLE',
        `批次 ${batch.batchNo} 已于${batch.returnedAt ? formatChineseDate(chinaDate(batch.returnedAt)) : ''}被退回，不能再次退回`,
      );
    }
    const undecided = await repo.lockUndecided(tx, id, batch.level);
    if (undecided.length === 0) {
      throw new AppError('BATCH_NOT_RETURNABLE', `批次 ${batch.batchNo} 的申请都已审核，没有可以整批退回的申请`);
    }

    // The move is the state machine's: a return at the receiving level sends the application to the sender level.
    const state: ReviewState = {
      status: repo.APPROVED_STATUS[batch.level],
      returnedTo: null,
      source: 'unit',
      departmentBatchId: batch.level === 'department' ? batch.id : undecided[0]!.departmentBatchId,
      jurisdictionBatchId: batch.level === 'jurisdiction' ? batch.id : null,
      reviewedByProvince: batch.level === 'department' && receiver === 'province',
    };
    const move = transition(state, receiver, 'return');
    if (!move.ok || move.returnedTo !== batch.level) {
      throw new AppError('BATCH_NOT_RETURNABLE', move.ok ? undefined : move.message);
    }

    const now = deps.clock.now();
    const orgName = actor.orgNodeName ?? view.toName ?? '';
    await repo.insertReturnReviews(tx, {
      batchId: batch.id,
      senderLevel: batch.level,
      level: receiver,
      returnedTo: move.returnedTo,
      opinion: reason,
      reviewerAccountId: actor.accountId,
      reviewerName: actor.displayName,
      orgNodeId: batch.toNodeId,
      orgName,
      sealName: defaultSealName(receiver, orgName),
      decidedOn: day,
      now,
    });
    const changed = await repo.returnUndecided(tx, batch.id, batch.level, move.returnedTo, now);
    if (changed.length !== undecided.length) throw new AppError('CONFLICT');
    await repo.markBatchReturned(tx, batch.id, {
      returnReason: reason,
      returnedBy: actor.accountId,
      returnedByName: actor.displayName,
      returnedAt: now,
    });

    const fromName = view.fromName ?? '';
    const before = new Map(undecided.map((a) => [a.id, a]));
    const entries: AuditEntry[] = [
      {
        entityType: 'review_batch',
        entityId: batch.id,
        action: 'review_batch.return',
        orgNodeId: batch.fromNodeId,
        orgPath: batch.fromPath,
        summary: `「${orgName}」将「${fromName}」的批次 ${batch.batchNo} 整批退回（${changed.length} 人的申请）：${reason}`,
        before: { status: 'submitted' },
        after: { status: 'returned', returnReason: reason, returnedApplications: changed.length },
      },
      ...changed.map((a): AuditEntry => {
        const old = before.get(a.id);
        return {
          entityType: 'application',
          entityId: a.id,
          action: 'application.batch_return',
          orgNodeId: a.unitId,
          orgPath: a.orgPath,
          summary: `「${a.name}」的申请随批次 ${batch.batchNo} 被「${orgName}」退回${LEVEL_LABELS[batch.level]}：${reason}`,
          before: {
            status: old?.status ?? repo.APPROVED_STATUS[batch.level],
            returnedTo: null,
            departmentBatchId: old?.departmentBatchId ?? null,
            jurisdictionBatchId: old?.jurisdictionBatchId ?? null,
            returnCount: old?.returnCount ?? 0,
          },
          after: {
            status: 'returned' satisfies ApplicationStatus,
            returnedTo: move.returnedTo,
            departmentBatchId: batch.level === 'department' ? null : (old?.departmentBatchId ?? null),
            jurisdictionBatchId: null,
            returnCount: (old?.returnCount ?? 0) + 1,
          },
        };
      }),
    ];
    await recordAuditEntries(tx, actor, ctx.meta, entries, now);
    await notify(tx, now, [
      {
        recipientNodeId: batch.fromNodeId,
        recipientPath: batch.fromPath,
        kind: 'batch_returned',
        title: `汇总上报批次 ${batch.batchNo} 被退回`,
        body: `「${orgName}」退回了批次 ${batch.batchNo} 中的 ${changed.length} 人的申请，退回原因：${reason}。请处理后重新汇总上报。`,
        link: `/review/batches/${batch.id}`,
        batchId: batch.id,
      },
    ]);
    return presenter.present(await loadBatch(tx, id));
  });
}

/** The 汇总表 of a batch (GET /api/review/batches/:id/sheet.xlsx). */
export async function batchSheet(
  deps: AppDeps,
  ctx: ServiceContext,
  id: number,
): Promise<{ fileName: string; data: Buffer }> {
  const { batch, lines } = await inScopedTx(deps.db, ctx.actor, async (tx) => {
    actorLevel(ctx.actor);
    const view = await loadBatch(tx, id);
    const presented = await new Presenter(tx, ctx.actor, today(deps)).present(view);
    const members = await repo.findMembers(tx, await repo.batchMemberIds(tx, id));
    const lines: BatchSheetLine[] = members.map((m) => ({
      name: m.name,
      sex: m.sex,
      idNumber: m.idNumber,
      departmentName: m.departmentName ?? '',
      unitName: m.unitName ?? '',
      category: m.category ?? '',
      jobType: m.jobType ?? '',
      grade: m.grade,
      verdict: m.verdict,
      overruledVerdict: m.overruledVerdict,
      status: m.status,
      returnedTo: m.returnedTo,
    }));
    return { batch: presented, lines };
  });
  const data = await buildBatchSheet(batch, lines);
  return { fileName: `汇总表-${batch.batchNo}.xlsx`, data };
}
