import { isDeepStrictEqual } from 'node:util';
import { RESULT_TRACK_LABELS } from '../../../domain/result-tracks.js';
import {
  CAMPAIGN_STATUS_LABELS,
  type CampaignEligibilitySettings,
  campaignName,
  campaignTemplate,
  completeTimetable,
  defaultEligibilitySettings,
  describeWindow,
  type ExamSettings,
  formatChineseDate,
  isWithinWindow,
  PHASE_LABELS,
  PHASES,
  type Phase,
  type PhaseWindow,
  phaseWindow,
  registrationPhaseOf,
  type TimetablePhase,
  templatePhases,
  validateExamSettings,
  validateExtension,
  validateTimetable,
  windowState,
} from '../../../domain/timetable.js';
import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { recordAudit } from '../../platform/audit.js';
import { chinaDate } from '../../platform/clock.js';
import type { Actor, ServiceContext } from '../../platform/context.js';
import { AppError, uniqueViolation } from '../../platform/errors.js';
import { inScopedTx } from '../../platform/tx.js';
import {
  assertProvinceManager,
  findCatalogVersion,
  isProvinceManager,
  listCatalogVersions,
} from '../catalog/catalog.service.js';
import type { CampaignRow, CampaignWithCatalog, PhaseRow } from './campaigns.repository.js';
import * as repo from './campaigns.repository.js';

export const STATUS_LABELS: Readonly<Record<CampaignRow['status'], string>> = CAMPAIGN_STATUS_LABELS;

export interface CampaignInput {
  year: number;
  name: string;
  noticeNumber: string;
  noticeDate: string;
  catalogVersionId: number;
  eligibilitySettings?: Partial<CampaignEligibilitySettings>;
  examSettings?: ExamSettings;
  phases?: TimetablePhase[];
}

const REFUSAL = '只有省工考办可以设置考核年度';

function sortPhases<T extends { phase: Phase }>(phases: readonly T[]): T[] {
  return [...phases].sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase));
}

/** The stored phases, completed with the template's window for any phase the campaign has no row for. */
const toTimetable = (year: number, rows: readonly PhaseRow[]): TimetablePhase[] =>
  completeTimetable(
    year,
    rows.map((r) => ({ phase: r.phase, startsOn: r.startsOn, endsOn: r.endsOn })),
  );

export function presentSummary(row: CampaignWithCatalog) {
  return {
    id: row.id,
    year: row.year,
    name: row.name,
    noticeNumber: row.noticeNumber,
    noticeDate: row.noticeDate,
    status: row.status,
    catalogVersionId: row.catalogVersionId,
    catalogVersionName: row.catalogVersionName,
  };
}

async function presentCampaign(deps: AppDeps, tx: Tx, actor: Actor, id: number) {
  const row = await repo.findCampaign(tx, id);
  if (!row) throw new AppError('NOT_FOUND', '考核年度不存在');
  const phases = await repo.findPhases(tx, id);
  const extensions = await repo.findExtensions(tx, id);
  const jurisdictions = await repo.listJurisdictionSettings(tx, id);
  const manage = isProvinceManager(actor, 'campaign.manage');
  return {
    ...presentSummary(row),
    eligibilitySettings: row.eligibilitySettings as CampaignEligibilitySettings,
    examSettings: row.examSettings as ExamSettings,
    phases: toTimetable(row.year, phases).map((p) => ({ ...p, label: PHASE_LABELS[p.phase] })),
    jurisdictions: jurisdictions.map((j) => ({
      jurisdictionId: j.jurisdictionId,
      name: j.name,
      onlineRegistration: j.onlineRegistration,
      extensions: sortPhases(extensions.filter((e) => e.jurisdictionId === j.jurisdictionId)).map((e) => ({
        phase: e.phase,
        endsOn: e.endsOn,
        reason: e.reason,
      })),
    })),
    today: chinaDate(deps.clock.now()),
    abilities: {
      update: manage && row.status !== 'closed',
      open: manage && row.status === 'draft',
      close: manage && row.status === 'open',
    },
  };
}

export type Campaign = Awaited<ReturnType<typeof presentCampaign>>;

function snapshot(row: CampaignRow, phases: readonly TimetablePhase[]) {
  return {
    year: row.year,
    name: row.name,
    noticeNumber: row.noticeNumber,
    noticeDate: row.noticeDate,
    status: row.status,
    catalogVersionId: row.catalogVersionId,
    eligibilitySettings: row.eligibilitySettings,
    examSettings: row.examSettings,
    phases,
  };
}

function mapUniqueError(error: unknown): never {
  const constraint = uniqueViolation(error);
  if (constraint === 'campaigns_year_key') throw new AppError('CAMPAIGN_YEAR_TAKEN');
  if (constraint === 'campaigns_one_open_key') throw new AppError('CAMPAIGN_ALREADY_OPEN');
  throw error;
}

/** The given phases replace the base's windows of the same phase. */
function mergePhases(base: readonly TimetablePhase[], given: readonly TimetablePhase[] | undefined): TimetablePhase[] {
  if (!given) return sortPhases(base);
  const seen = new Set<Phase>();
  for (const p of given) {
    if (seen.has(p.phase)) throw new AppError('TIMETABLE_INVALID', `「${PHASE_LABELS[p.phase]}」重复填写`);
    seen.add(p.phase);
  }
  const merged = new Map(base.map((p) => [p.phase, p]));
  for (const p of given) merged.set(p.phase, { phase: p.phase, startsOn: p.startsOn, endsOn: p.endsOn });
  return sortPhases([...merged.values()]);
}

function checkSettings(year: number, noticeDate: string, exam: ExamSettings, phases: readonly TimetablePhase[]): void {
  const noticeYear = Number(noticeDate.slice(0, 4));
  if (noticeYear !== year && noticeYear !== year - 1) {
    throw new AppError('VALIDATION_FAILED', `字段「noticeDate」：通知日期须在${year - 1}年或${year}年内`);
  }
  const examErrors = validateExamSettings(exam);
  if (examErrors.length > 0) throw new AppError('VALIDATION_FAILED', `字段「examSettings」：${examErrors.join('；')}`);
  const errors = validateTimetable(year, phases);
  if (errors.length > 0) throw new AppError('TIMETABLE_INVALID', `考务日程安排不正确：${errors.join('；')}`);
}

async function assertCatalogVersion(tx: Tx, id: number): Promise<void> {
  if (!(await findCatalogVersion(tx, id))) {
    throw new AppError('VALIDATION_FAILED', '字段「catalogVersionId」：工种目录版本不存在');
  }
}

async function assertYearFree(tx: Tx, year: number): Promise<void> {
  const taken = await repo.findCampaignByYear(tx, year);
  if (taken) throw new AppError('CAMPAIGN_YEAR_TAKEN', `${year}年度的考核已经建立（「${taken.name}」）`);
}

/** The campaign, locked, and writable: not closed. */
async function lockWritable(tx: Tx, id: number): Promise<CampaignRow> {
  const row = await repo.lockCampaign(tx, id);
  if (!row) throw new AppError('NOT_FOUND', '考核年度不存在');
  if (row.status === 'closed') throw new AppError('CAMPAIGN_CLOSED', `「${row.name}」已结束，不能再修改`);
  return row;
}

const campaignAudit = (ctx: ServiceContext) => ({
  orgNodeId: ctx.actor.orgNodeId,
  orgPath: ctx.actor.orgPath,
  entityType: 'campaign',
});

// ─── Reads ───────────────────────────────────────────────────────────────────────────────────────────────

export async function listCampaigns(deps: AppDeps, ctx: ServiceContext) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => ({
    items: (await repo.listCampaigns(tx)).map(presentSummary),
  }));
}

export async function getCampaign(deps: AppDeps, ctx: ServiceContext, id: number) {
  return inScopedTx(deps.db, ctx.actor, (tx) => presentCampaign(deps, tx, ctx.actor, id));
}

/** The open campaign, or null: "none open" is a normal answer between years, not an error. */
export async function getCurrentCampaign(deps: AppDeps, ctx: ServiceContext) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const open = await repo.findOpenCampaign(tx);
    return open ? presentCampaign(deps, tx, ctx.actor, open.id) : null;
  });
}

/** A draft for year Y: the 2017 defaults moved to Y, with the newest catalogue version. */
export async function getCampaignTemplate(deps: AppDeps, ctx: ServiceContext, year: number) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const template = campaignTemplate(year);
    const [latest] = await listCatalogVersions(tx);
    const jurisdictions = await repo.listJurisdictionSettings(tx, 0);
    return {
      id: null,
      year,
      name: template.name,
      noticeNumber: template.noticeNumber,
      noticeDate: template.noticeDate,
      status: 'draft' as const,
      catalogVersionId: latest?.id ?? null,
      catalogVersionName: latest?.name ?? null,
      eligibilitySettings: template.eligibilitySettings,
      examSettings: template.examSettings,
      phases: template.phases.map((p) => ({ ...p, label: PHASE_LABELS[p.phase] })),
      jurisdictions: jurisdictions.map((j) => ({
        jurisdictionId: j.jurisdictionId,
        name: j.name,
        onlineRegistration: false,
        extensions: [],
      })),
      today: chinaDate(deps.clock.now()),
    };
  });
}

// ─── Changes ─────────────────────────────────────────────────────────────────────────────────────────────

export async function createCampaign(deps: AppDeps, ctx: ServiceContext, input: CampaignInput) {
  assertProvinceManager(ctx.actor, 'campaign.manage', REFUSAL);
  const template = campaignTemplate(input.year);
  const eligibilitySettings = { ...template.eligibilitySettings, ...input.eligibilitySettings };
  const examSettings = input.examSettings ?? template.examSettings;
  const phases = mergePhases(template.phases, input.phases);
  checkSettings(input.year, input.noticeDate, examSettings, phases);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    await assertCatalogVersion(tx, input.catalogVersionId);
    await assertYearFree(tx, input.year);
    const now = deps.clock.now();
    const row = await repo.insertCampaign(tx, {
      year: input.year,
      name: input.name,
      noticeNumber: input.noticeNumber,
      noticeDate: input.noticeDate,
      catalogVersionId: input.catalogVersionId,
      eligibilitySettings,
      examSettings,
      createdAt: now,
      updatedAt: now,
    });
    await repo.upsertPhases(tx, row.id, phases);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...campaignAudit(ctx),
        entityId: row.id,
        action: 'campaign.create',
        summary: `建立考核年度「${row.name}」（${row.year}年，${row.noticeNumber}）`,
        after: snapshot(row, phases),
      },
      now,
    );
    return presentCampaign(deps, tx, ctx.actor, row.id);
  }).catch(mapUniqueError);
}

export async function updateCampaign(deps: AppDeps, ctx: ServiceContext, id: number, input: Partial<CampaignInput>) {
  assertProvinceManager(ctx.actor, 'campaign.manage', REFUSAL);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const row = await lockWritable(tx, id);
    const year = input.year ?? row.year;
    const moved = year !== row.year;
    if (row.status === 'open' && (moved || (input.catalogVersionId ?? row.catalogVersionId) !== row.catalogVersionId)) {
      throw new AppError('CONFLICT', `「${row.name}」已开放，不能再修改考核年度或工种目录`);
    }
    const currentPhases = toTimetable(row.year, await repo.findPhases(tx, id));
    // Moving a draft to another year moves what was still the old year's default along with it.
    const movable = <T>(current: T, oldDefault: T, newDefault: T): T =>
      moved && isDeepStrictEqual(current, oldDefault) ? newDefault : current;
    const name = input.name ?? movable(row.name, campaignName(row.year), campaignName(year));
    const eligibilitySettings = {
      ...movable(
        row.eligibilitySettings as CampaignEligibilitySettings,
        defaultEligibilitySettings(row.year),
        defaultEligibilitySettings(year),
      ),
      ...input.eligibilitySettings,
    };
    // The form sends the settings it shows: what it leaves out (item-analysis bounds, exam-day switches, a pass line
    // the panel page set) is kept, not dropped. Top-level keys and the pass lines are merged over the stored ones.
    const stored = (row.examSettings ?? {}) as ExamSettings;
    const examSettings: ExamSettings = input.examSettings
      ? {
          ...stored,
          ...input.examSettings,
          ...(stored.passLines || input.examSettings.passLines
            ? { passLines: { ...stored.passLines, ...input.examSettings.passLines } }
            : {}),
        }
      : stored;
    const phases = mergePhases(movable(currentPhases, templatePhases(row.year), templatePhases(year)), input.phases);
    const noticeDate = input.noticeDate ?? movable(row.noticeDate, `${row.year}-01-20`, `${year}-01-20`);
    checkSettings(year, noticeDate, examSettings, phases);
    if (input.catalogVersionId !== undefined) await assertCatalogVersion(tx, input.catalogVersionId);
    if (moved) await assertYearFree(tx, year);
    const now = deps.clock.now();
    const updated = (await repo.updateCampaign(tx, id, {
      year,
      name,
      noticeNumber: input.noticeNumber ?? row.noticeNumber,
      noticeDate,
      catalogVersionId: input.catalogVersionId ?? row.catalogVersionId,
      eligibilitySettings,
      examSettings,
      updatedAt: now,
    }))!;
    await repo.upsertPhases(tx, id, phases);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...campaignAudit(ctx),
        entityId: id,
        action: 'campaign.update',
        summary: `修改考核年度「${updated.name}」的设置`,
        before: snapshot(row, currentPhases),
        after: snapshot(updated, phases),
      },
      now,
    );
    return presentCampaign(deps, tx, ctx.actor, id);
  }).catch(mapUniqueError);
}

async function jurisdictionNode(tx: Tx, jurisdictionId: number) {
  const jurisdiction = await repo.findJurisdiction(tx, jurisdictionId);
  if (!jurisdiction) {
    throw new AppError('NOT_FOUND', '辖区不存在（只能为省辖市、省直管县（市）、省直单位或中央驻豫单位设置）');
  }
  return jurisdiction;
}

/** Switches online registration (网上报名试点) on or off for one jurisdiction. */
export async function setOnlineRegistration(
  deps: AppDeps,
  ctx: ServiceContext,
  id: number,
  jurisdictionId: number,
  onlineRegistration: boolean,
) {
  assertProvinceManager(ctx.actor, 'campaign.manage', REFUSAL);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const row = await lockWritable(tx, id);
    const jurisdiction = await jurisdictionNode(tx, jurisdictionId);
    const before = await repo.findOnlineRegistration(tx, id, jurisdictionId);
    if (before !== onlineRegistration) {
      await repo.upsertOnlineRegistration(tx, id, jurisdictionId, onlineRegistration);
      await recordAudit(
        tx,
        ctx.actor,
        ctx.meta,
        {
          entityType: 'campaign',
          entityId: id,
          // Filed under the jurisdiction, so its own office can read it too.
          orgNodeId: jurisdiction.id,
          orgPath: jurisdiction.path,
          action: 'campaign.online_registration',
          summary: `${onlineRegistration ? '开通' : '关闭'}「${jurisdiction.name}」在「${row.name}」中的网上报名`,
          before: { jurisdictionId, onlineRegistration: before },
          after: { jurisdictionId, onlineRegistration },
        },
        deps.clock.now(),
      );
    }
    return presentCampaign(deps, tx, ctx.actor, id);
  });
}

/** Extends one phase's end for one jurisdiction (or moves an existing extension); audited with before/after. */
export async function extendWindow(
  deps: AppDeps,
  ctx: ServiceContext,
  id: number,
  input: { jurisdictionId: number; phase: Phase; endsOn: string; reason: string },
) {
  assertProvinceManager(ctx.actor, 'campaign.manage', REFUSAL);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const row = await lockWritable(tx, id);
    const jurisdiction = await jurisdictionNode(tx, input.jurisdictionId);
    const phases = toTimetable(row.year, await repo.findPhases(tx, id));
    const errors = validateExtension(row.year, phases, input.phase, input.endsOn);
    if (errors.length > 0) throw new AppError('TIMETABLE_INVALID', errors.join('；'));
    const [existing] = (await repo.findExtensions(tx, id, jurisdiction.id)).filter((e) => e.phase === input.phase);
    const now = deps.clock.now();
    await repo.upsertExtension(tx, {
      campaignId: id,
      jurisdictionId: jurisdiction.id,
      phase: input.phase,
      endsOn: input.endsOn,
      reason: input.reason,
      createdBy: ctx.actor.accountId,
      createdAt: now,
    });
    const base = phaseWindow(phases, [], null, input.phase);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'campaign',
        entityId: id,
        orgNodeId: jurisdiction.id,
        orgPath: jurisdiction.path,
        action: 'campaign.extend_window',
        summary: `将「${jurisdiction.name}」的「${PHASE_LABELS[input.phase]}」截止日期延长至${formatChineseDate(input.endsOn)}（原定${formatChineseDate(existing?.endsOn ?? base.endsOn)}）：${input.reason}`,
        before: {
          jurisdictionId: jurisdiction.id,
          phase: input.phase,
          endsOn: existing?.endsOn ?? base.endsOn,
          reason: existing?.reason ?? null,
        },
        after: { jurisdictionId: jurisdiction.id, phase: input.phase, endsOn: input.endsOn, reason: input.reason },
      },
      now,
    );
    return presentCampaign(deps, tx, ctx.actor, id);
  });
}

/** Opens a draft campaign; refused while another campaign is open. */
export async function openCampaign(deps: AppDeps, ctx: ServiceContext, id: number) {
  assertProvinceManager(ctx.actor, 'campaign.manage', REFUSAL);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const row = await lockWritable(tx, id);
    if (row.status === 'open') return presentCampaign(deps, tx, ctx.actor, id);
    const other = await repo.findOpenCampaign(tx);
    if (other) {
      throw new AppError(
        'CAMPAIGN_ALREADY_OPEN',
        `「${other.name}」正在开放中，同一时间只能开放一个考核年度，请先结束它`,
      );
    }
    const errors = validateTimetable(row.year, toTimetable(row.year, await repo.findPhases(tx, id)));
    if (errors.length > 0) throw new AppError('TIMETABLE_INVALID', `考务日程安排不正确：${errors.join('；')}`);
    const now = deps.clock.now();
    await repo.updateCampaign(tx, id, { status: 'open', openedAt: now, updatedAt: now });
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...campaignAudit(ctx),
        entityId: id,
        action: 'campaign.open',
        summary: `开放考核年度「${row.name}」`,
        before: { status: row.status },
        after: { status: 'open' },
      },
      now,
    );
    return presentCampaign(deps, tx, ctx.actor, id);
  }).catch(mapUniqueError);
}

/**
 * Closes a finished campaign (its scores released, no attempt still taking answers); a closed campaign is read-only
 * for good, and the database holds it so (migration 0028: a guard on every table of a campaign's data refuses any
 * change to a closed campaign's rows, whoever makes it). Archives are still built from it (modules/archives).
 * `confirmName` must repeat the campaign's name: the web's confirmation, kept by the server too.
 */
export async function closeCampaign(deps: AppDeps, ctx: ServiceContext, id: number, confirmName?: string) {
  assertProvinceManager(ctx.actor, 'campaign.manage', REFUSAL);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const row = await lockWritable(tx, id);
    if (row.status !== 'open') throw new AppError('CONFLICT', `「${row.name}」尚未开放，不能结束`);
    if (confirmName !== undefined && confirmName.trim() !== row.name) {
      throw new AppError('VALIDATION_FAILED', `字段「confirmName」：请输入考核年度名称「${row.name}」以确认结束`);
    }
    const readiness = await repo.closeReadiness(tx, id);
    // Every result track with candidates released; a campaign without 一级 candidates waits for 五级至二级 alone (and
    // one without any candidates still needs its regular release, as before tracks).
    const unreleased = readiness.tracks.filter((t) => !t.releasedAt && (t.candidates > 0 || t.track === 'regular'));
    if (unreleased.length > 0) {
      const names = unreleased.map((t) => RESULT_TRACK_LABELS[t.track]).join('、');
      throw new AppError('CAMPAIGN_NOT_FINISHED', `「${row.name}」${names}的成绩尚未发布，发布成绩后才能结束考核年度`);
    }
    if (readiness.openAttempts > 0) {
      throw new AppError(
        'CAMPAIGN_NOT_FINISHED',
        `「${row.name}」仍有 ${readiness.openAttempts} 名考生的作答未结束（未交卷），请先处理（交卷或记缺考）后再结束`,
      );
    }
    const now = deps.clock.now();
    await repo.updateCampaign(tx, id, { status: 'closed', closedAt: now, updatedAt: now });
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...campaignAudit(ctx),
        entityId: id,
        action: 'campaign.close',
        summary: `结束考核年度「${row.name}」（此后该年度的数据只读）`,
        before: { status: row.status },
        after: {
          status: 'closed',
          scoresReleasedAt: Object.fromEntries(
            readiness.tracks.map((t) => [t.track, t.releasedAt?.toISOString() ?? null]),
          ),
        },
      },
      now,
    );
    return presentCampaign(deps, tx, ctx.actor, id);
  });
}

// ─── For other modules (applications, registration, review), in the caller's transaction ───────────────────

export type { CampaignRow, CampaignWithCatalog, ExtensionRow, PhaseRow } from './campaigns.repository.js';

/** A campaign's own row, or null. */
export async function findCampaignRow(tx: Tx, id: number): Promise<CampaignRow | null> {
  return repo.findCampaignRow(tx, id);
}

/** A campaign with its catalogue's name, or null. */
export async function findCampaign(tx: Tx, id: number): Promise<CampaignWithCatalog | null> {
  return repo.findCampaign(tx, id);
}

/** A campaign's phase windows and per-jurisdiction extensions, in one statement (the review chain's deadlines). */
/**
 * A campaign's timetable and extensions; a phase it has no row for (准考证打印 in campaigns created before it
 * existed) reads as the template's window of the campaign's year.
 */
export async function findTimetable(tx: Tx, campaignId: number): ReturnType<typeof repo.findTimetable> {
  const timetable = await repo.findTimetable(tx, campaignId);
  if (PHASES.every((phase) => timetable.phases.some((p) => p.phase === phase))) return timetable;
  const campaign = await repo.findCampaign(tx, campaignId);
  if (!campaign) return timetable;
  return { ...timetable, phases: completeTimetable(campaign.year, timetable.phases) };
}

/** One phase's window of a campaign for a jurisdiction (its extension applied), the template's when unset. */
export async function phaseWindowFor(
  tx: Tx,
  campaignId: number,
  phase: Phase,
  jurisdictionId: number | null,
): Promise<PhaseWindow> {
  const { phases, extensions } = await findTimetable(tx, campaignId);
  return phaseWindow(phases, extensions, jurisdictionId, phase);
}

/** A campaign's phases. */
export async function findPhases(tx: Tx, campaignId: number): Promise<PhaseRow[]> {
  return repo.findPhases(tx, campaignId);
}

/** A campaign's window extensions (of one jurisdiction, if given). */
export function findExtensions(
  tx: Tx,
  campaignId: number,
  jurisdictionId?: number,
): ReturnType<typeof repo.findExtensions> {
  return repo.findExtensions(tx, campaignId, jurisdictionId);
}

/** The open campaign, or null, in the caller's transaction. */
export async function getOpenCampaign(tx: Tx): Promise<CampaignRow | null> {
  return repo.findOpenCampaign(tx);
}

/**
 * The registration window of a campaign for one jurisdiction and applied grade, its extension applied: 一级 has its
 * own (一级申报和单位初审), every other grade the spring registration (domain/timetable.ts registrationPhaseOf).
 */
export async function registrationWindowFor(
  tx: Tx,
  campaignId: number,
  jurisdictionId: number,
  appliedGrade: number,
): Promise<PhaseWindow> {
  // Completed: campaigns created before the 一级 windows existed read the template's.
  const { phases, extensions } = await findTimetable(tx, campaignId);
  return phaseWindow(phases, extensions, jurisdictionId, registrationPhaseOf(appliedGrade));
}

/**
 * Refuses unless the campaign is open and today (Beijing, from the injected clock) lies in the registration
 * window of the jurisdiction for the applied grade: `WINDOW_CLOSED` with the window's dates, or for 一级
 * `GRADE1_WINDOW_CLOSED` naming its own window. Returns the window.
 */
export async function assertRegistrationOpen(
  deps: Pick<AppDeps, 'clock'>,
  tx: Tx,
  campaign: Pick<CampaignRow, 'id' | 'name' | 'status'>,
  jurisdictionId: number,
  appliedGrade: number,
): Promise<PhaseWindow> {
  if (campaign.status === 'closed') throw new AppError('CAMPAIGN_CLOSED', `「${campaign.name}」已结束`);
  if (campaign.status !== 'open') throw new AppError('CAMPAIGN_NOT_OPEN', `「${campaign.name}」尚未开放`);
  const window = await registrationWindowFor(tx, campaign.id, jurisdictionId, appliedGrade);
  const today = chinaDate(deps.clock.now());
  if (!isWithinWindow(window, today)) {
    const state = windowState(window, today) === 'upcoming' ? '尚未开始' : '已经结束';
    const phase = registrationPhaseOf(appliedGrade);
    throw new AppError(
      phase === 'grade1_registration' ? 'GRADE1_WINDOW_CLOSED' : 'WINDOW_CLOSED',
      `${PHASE_LABELS[phase]}的时间为${describeWindow(window)}，${state}（今天是${formatChineseDate(today)}）`,
    );
  }
  return window;
}

/** Whether applicants of this jurisdiction register themselves online in the campaign (the 2017 pilot). */
export async function onlineRegistrationFor(tx: Tx, campaignId: number, jurisdictionId: number): Promise<boolean> {
  return repo.findOnlineRegistration(tx, campaignId, jurisdictionId);
}
