/**
 * 综合评审 (issue 17 part 3): the panel review of 一级 candidates. The province keeps the expert list and their
 * accounts, a campaign's criteria and pass line, the panels (members, a 组长, the schedule) and the candidates
 * assigned (approved 一级 applications; never a member and a candidate of one unit). Members score their own
 * panel's candidates within the schedule (drafts, then submit); the chair returns sheets, marks members absent and
 * confirms, which stores each candidate's panel score (domain panelScore: 去掉一个最高分和一个最低分 from five on)
 * in panel_results; the province may reopen with a reason. Every change is one transaction with one audit row.
 */

import { parseIdCard } from '../../../domain/id-card.js';
import { maskIdNumber, maskIdNumberPublic } from '../../../domain/masking.js';
import {
  confirmRefusal,
  isOwnUnit,
  type PanelCriterion,
  type PanelSettings,
  panelPassed,
  panelScore,
  panelSettingsOf,
  SCHEDULE_LABELS,
  type ScheduleState,
  type SheetScores,
  scheduleState,
  sheetTotal,
  validateCriteria,
  validateSheet,
} from '../../../domain/panel-review.js';
import { passLinesOf } from '../../../domain/scores.js';
import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { recordAudit } from '../../platform/audit.js';
import { chinaDate } from '../../platform/clock.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError, uniqueViolation } from '../../platform/errors.js';
import { generateInitialPassword, hashPassword } from '../../platform/passwords.js';
import { hasPermission } from '../../platform/permissions.js';
import { inScopedTx } from '../../platform/tx.js';
import { insertExpertAccount } from '../accounts/accounts.service.js';
import { findCampaignRow } from '../campaigns/campaigns.service.js';
import { assertProvinceManager, isProvinceManager } from '../catalog/catalog.service.js';
import { type RecordInput, renderPanelRecord } from './panels.pdf.js';
import * as repo from './panels.repository.js';
import type {
  AbsentBody,
  AssignBody,
  EligibleQuery,
  ExpertAccountBody,
  ExpertBody,
  ExpertsQuery,
  ExpertUpdateBody,
  PanelBody,
  PanelConflict,
  ReasonBody,
  ReturnBody,
  SettingsBody,
  SheetBody,
} from './panels.schemas.js';

const REFUSAL = '只有省级管理员可以管理评审专家和评审组';
const auditPlace = (ctx: ServiceContext) => ({ orgNodeId: ctx.actor.orgNodeId, orgPath: ctx.actor.orgPath });

function notFound(): never {
  throw new AppError('PANEL_NOT_FOUND');
}

async function campaignOf(tx: Tx, id: number, forWrite = false) {
  const campaign = await findCampaignRow(tx, id);
  if (!campaign) throw new AppError('NOT_FOUND', '考核年度不存在');
  if (forWrite && campaign.status === 'closed') {
    throw new AppError('CAMPAIGN_CLOSED', `「${campaign.name}」已结束，不能再修改`);
  }
  return campaign;
}

/**
 * The campaign's criteria, and the panel's pass line: the campaign's `examSettings.passLines.panel` (domain/scores.ts
 * passLinesOf), the one line the grade verdict of 一级 reads too, so a confirmed result and the score table agree.
 * Saving the panel's settings writes it there (panel_settings keeps a copy of what was saved with the criteria).
 */
async function settingsOf(tx: Tx, campaignId: number): Promise<PanelSettings & { saved: boolean }> {
  const row = await repo.findSettings(tx, campaignId);
  const campaign = await findCampaignRow(tx, campaignId);
  const stored = panelSettingsOf(row ? { criteria: row.criteria, passLine: row.passLine } : null);
  const passLine = campaign ? passLinesOf(campaign.examSettings).panel : stored.passLine;
  return { ...stored, passLine, saved: row !== null };
}

// ─── Experts (专家库) ──────────────────────────────────────────────────────────────────────────────────────

function presentExpert(row: repo.ExpertListRow, names: Map<number, string>) {
  return {
    id: row.id,
    name: row.name,
    idNumberMasked: maskIdNumber(row.idNumber),
    workUnitId: row.workUnitId,
    workUnitName: row.workUnitName,
    title: row.title,
    specialty: row.specialty,
    jobTypeIds: row.jobTypeIds,
    jobTypeNames: row.jobTypeIds.map((id) => names.get(id) ?? `#${id}`),
    phone: row.phone,
    active: row.active,
    accountId: row.accountId,
    username: row.username,
  };
}

async function presentExperts(tx: Tx, rows: repo.ExpertListRow[]) {
  const names = await repo.jobTypeNames(tx, [...new Set(rows.flatMap((r) => r.jobTypeIds))]);
  return rows.map((r) => presentExpert(r, names));
}

export async function listExperts(deps: AppDeps, ctx: ServiceContext, query: ExpertsQuery) {
  assertProvinceManager(ctx.actor, 'panel.manage', REFUSAL);
  const pageSize = query.pageSize ?? 50;
  const page = query.page ?? 1;
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const result = await repo.listExperts(tx, {
      q: query.q?.trim() || undefined,
      active: query.active === undefined ? undefined : query.active === 'yes',
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    return { total: result.total, items: await presentExperts(tx, result.items) };
  });
}

async function loadExpert(tx: Tx, id: number) {
  const { items } = await repo.listExperts(tx, { ids: [id], offset: 0, limit: 1 });
  if (!items[0]) throw new AppError('EXPERT_NOT_FOUND');
  return (await presentExperts(tx, items))[0]!;
}

async function checkedUnit(tx: Tx, unitId: number) {
  const node = await repo.findOrgNode(tx, unitId);
  if (!node || (node.kind !== 'unit' && node.kind !== 'department')) throw new AppError('EXPERT_UNIT_INVALID');
  return node;
}

function checkedIdNumber(raw: string, today: string): string {
  const parsed = parseIdCard(raw, today);
  if (!parsed.ok) throw new AppError('EXPERT_ID_INVALID', parsed.error.message, { field: 'idNumber' });
  return parsed.idNumber;
}

async function checkedJobTypes(tx: Tx, ids: readonly number[] | undefined): Promise<number[]> {
  const unique = [...new Set(ids ?? [])];
  const names = await repo.jobTypeNames(tx, unique);
  const missing = unique.filter((id) => !names.has(id));
  if (missing.length)
    throw new AppError('VALIDATION_FAILED', `工种不存在：${missing.join('、')}`, { field: 'jobTypeIds' });
  return unique;
}

function mapExpertConflict(error: unknown): never {
  if (uniqueViolation(error) === 'experts_id_number_key') throw new AppError('EXPERT_ID_TAKEN');
  throw error;
}

export async function createExpert(deps: AppDeps, ctx: ServiceContext, body: ExpertBody) {
  assertProvinceManager(ctx.actor, 'panel.manage', REFUSAL);
  const now = deps.clock.now();
  const idNumber = checkedIdNumber(body.idNumber, chinaDate(now));
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const unit = await checkedUnit(tx, body.workUnitId);
    const jobTypeIds = await checkedJobTypes(tx, body.jobTypeIds);
    const id = await repo.insertExpert(tx, {
      name: body.name.trim(),
      idNumber,
      workUnitId: unit.id,
      title: body.title?.trim() || null,
      specialty: body.specialty?.trim() || null,
      jobTypeIds,
      phone: body.phone?.trim() || null,
      active: body.active ?? true,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...auditPlace(ctx),
        entityType: 'expert',
        entityId: id,
        action: 'expert.create',
        summary: `专家库新增评审专家「${body.name.trim()}」（${unit.name}）`,
        after: { name: body.name.trim(), workUnitId: unit.id, title: body.title ?? null, jobTypeIds },
      },
      now,
    );
    return loadExpert(tx, id);
  }).catch(mapExpertConflict);
}

export async function updateExpert(deps: AppDeps, ctx: ServiceContext, id: number, body: ExpertUpdateBody) {
  assertProvinceManager(ctx.actor, 'panel.manage', REFUSAL);
  const now = deps.clock.now();
  const idNumber = body.idNumber === undefined ? undefined : checkedIdNumber(body.idNumber, chinaDate(now));
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const before = await repo.findExpert(tx, id, true);
    if (!before) throw new AppError('EXPERT_NOT_FOUND');
    const patch: Partial<repo.ExpertRow> = {};
    if (body.name !== undefined) patch.name = body.name.trim();
    if (idNumber !== undefined) patch.idNumber = idNumber;
    if (body.workUnitId !== undefined) patch.workUnitId = (await checkedUnit(tx, body.workUnitId)).id;
    if (body.title !== undefined) patch.title = body.title?.trim() || null;
    if (body.specialty !== undefined) patch.specialty = body.specialty?.trim() || null;
    if (body.jobTypeIds !== undefined) patch.jobTypeIds = await checkedJobTypes(tx, body.jobTypeIds);
    if (body.phone !== undefined) patch.phone = body.phone?.trim() || null;
    if (body.active !== undefined) patch.active = body.active;
    const changed = Object.fromEntries(
      Object.entries(patch).filter(([k, v]) => JSON.stringify(before[k as keyof repo.ExpertRow]) !== JSON.stringify(v)),
    );
    if (Object.keys(changed).length === 0) return loadExpert(tx, id);
    await repo.updateExpert(tx, id, { ...changed, updatedAt: now });
    // The panels keep the member's name and unit (what the own-unit rule and the chair read) in step.
    if (changed.workUnitId !== undefined || changed.name !== undefined) {
      await repo.syncMembers(tx, id, {
        name: patch.name ?? before.name,
        unitId: patch.workUnitId ?? before.workUnitId,
      });
    }
    const mask = (v: Record<string, unknown>) =>
      'idNumber' in v ? { ...v, idNumber: maskIdNumber(String(v.idNumber)) } : v;
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...auditPlace(ctx),
        entityType: 'expert',
        entityId: id,
        action: 'expert.update',
        summary: `修改评审专家「${patch.name ?? before.name}」的信息`,
        before: mask(Object.fromEntries(Object.keys(changed).map((k) => [k, before[k as keyof repo.ExpertRow]]))),
        after: mask(changed),
      },
      now,
    );
    return loadExpert(tx, id);
  }).catch(mapExpertConflict);
}

/** 建立账号: the expert's 评审专家 account at the province, with an initial password shown once. */
export async function createExpertAccount(deps: AppDeps, ctx: ServiceContext, id: number, body: ExpertAccountBody) {
  assertProvinceManager(ctx.actor, 'panel.manage', REFUSAL);
  const initialPassword = generateInitialPassword();
  const passwordHash = await hashPassword(initialPassword);
  const username = body.username.trim();
  try {
    return await inScopedTx(deps.db, ctx.actor, async (tx) => {
      const expert = await repo.findExpert(tx, id, true);
      if (!expert) throw new AppError('EXPERT_NOT_FOUND');
      if (expert.accountId) throw new AppError('EXPERT_HAS_ACCOUNT');
      if (!expert.active) throw new AppError('EXPERT_INACTIVE');
      const now = deps.clock.now();
      const accountId = await insertExpertAccount(tx, ctx.actor, {
        username,
        displayName: expert.name,
        phone: expert.phone,
        passwordHash,
        now,
      });
      await repo.updateExpert(tx, id, { accountId, updatedAt: now });
      await recordAudit(
        tx,
        ctx.actor,
        ctx.meta,
        {
          ...auditPlace(ctx),
          entityType: 'expert',
          entityId: id,
          action: 'expert.account',
          summary: `为评审专家「${expert.name}」建立评审专家账号「${username}」`,
          after: { accountId, username, role: 'panel_expert' },
        },
        now,
      );
      return { expert: await loadExpert(tx, id), initialPassword };
    });
  } catch (error) {
    if (uniqueViolation(error) === 'accounts_username_key') {
      throw new AppError('ACCOUNT_USERNAME_TAKEN', `用户名「${username}」已被使用，请换一个`);
    }
    throw error;
  }
}

// ─── Criteria (评审项目) ──────────────────────────────────────────────────────────────────────────────────

export async function getSettings(deps: AppDeps, ctx: ServiceContext, campaignId: number) {
  assertProvinceManager(ctx.actor, 'panel.manage', REFUSAL);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const campaign = await campaignOf(tx, campaignId);
    const settings = await settingsOf(tx, campaignId);
    const used = await repo.campaignHasSheets(tx, campaignId);
    return {
      campaign: { id: campaign.id, name: campaign.name, year: campaign.year },
      criteria: settings.criteria,
      passLine: settings.passLine,
      saved: settings.saved,
      abilities: { edit: campaign.status !== 'closed' && !used },
    };
  });
}

export async function saveSettings(deps: AppDeps, ctx: ServiceContext, campaignId: number, body: SettingsBody) {
  assertProvinceManager(ctx.actor, 'panel.manage', REFUSAL);
  const criteria: PanelCriterion[] = body.criteria.map((c) => ({
    key: c.key.trim(),
    name: c.name.trim(),
    weight: c.weight,
    max: c.max,
  }));
  const problems = validateCriteria(criteria);
  if (problems.length) throw new AppError('PANEL_CRITERIA_INVALID', problems[0]!.message, { problems });
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    await campaignOf(tx, campaignId, true);
    if (await repo.campaignHasSheets(tx, campaignId)) throw new AppError('PANEL_CRITERIA_IN_USE');
    const before = await settingsOf(tx, campaignId);
    const now = deps.clock.now();
    await repo.upsertSettings(tx, {
      campaignId,
      criteria,
      passLine: body.passLine,
      updatedBy: ctx.actor.accountId,
      updatedAt: now,
    });
    await repo.setCampaignPanelPassLine(tx, campaignId, body.passLine);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...auditPlace(ctx),
        entityType: 'campaign',
        entityId: campaignId,
        action: 'panel.settings',
        summary: `设置综合评审的评审项目（${criteria.length} 项）和合格线 ${body.passLine} 分`,
        before: { criteria: before.criteria, passLine: before.passLine },
        after: { criteria, passLine: body.passLine },
      },
      now,
    );
    return getSettingsIn(tx, campaignId);
  });
}

async function getSettingsIn(tx: Tx, campaignId: number) {
  const campaign = await campaignOf(tx, campaignId);
  const settings = await settingsOf(tx, campaignId);
  return {
    campaign: { id: campaign.id, name: campaign.name, year: campaign.year },
    criteria: settings.criteria,
    passLine: settings.passLine,
    saved: settings.saved,
    abilities: { edit: campaign.status !== 'closed' && !(await repo.campaignHasSheets(tx, campaignId)) },
  };
}

// ─── A panel's state, as the province and the chair see it ───────────────────────────────────────────────

interface PanelState {
  panel: repo.PanelRow;
  members: Awaited<ReturnType<typeof repo.membersOf>>;
  candidates: repo.CandidateRow[];
  sheets: repo.SheetRow[];
  results: repo.ResultRow[];
  schedule: ScheduleState;
}

async function loadStates(tx: Tx, panelRows: repo.PanelRow[], now: Date): Promise<PanelState[]> {
  const ids = panelRows.map((p) => p.id);
  const [members, candidates, sheets, results] = await Promise.all([
    repo.membersOf(tx, ids),
    repo.candidatesOf(tx, ids),
    repo.sheetsOf(tx, ids),
    repo.resultsOf(tx, ids),
  ]);
  return panelRows.map((panel) => ({
    panel,
    members: members.filter((m) => m.panelId === panel.id),
    candidates: candidates.filter((c) => c.panelId === panel.id),
    sheets: sheets.filter((s) => s.panelId === panel.id),
    results: results.filter((r) => r.panelId === panel.id),
    schedule: scheduleState(panel, now),
  }));
}

const sheetKey = (applicationId: number, expertId: number) => `${applicationId}:${expertId}`;

/** Which sheets a panel expects: every member not absent × every candidate not of the member's own unit. */
function expectations(state: PanelState) {
  const sheets = new Map(state.sheets.map((s) => [sheetKey(s.applicationId, s.expertId), s]));
  const expected: Array<{ applicationId: number; expertId: number; sheet: repo.SheetRow | undefined }> = [];
  for (const c of state.candidates) {
    for (const m of state.members) {
      if (m.absent || isOwnUnit(m.unitId, c.unitId)) continue;
      expected.push({
        applicationId: c.applicationId,
        expertId: m.expertId,
        sheet: sheets.get(sheetKey(c.applicationId, m.expertId)),
      });
    }
  }
  return { sheets, expected };
}

function conflictsOf(state: PanelState): PanelConflict[] {
  const out: PanelConflict[] = [];
  for (const c of state.candidates) {
    for (const m of state.members) {
      if (isOwnUnit(m.unitId, c.unitId)) {
        out.push({
          expertId: m.expertId,
          expertName: m.name,
          applicationId: c.applicationId,
          candidateName: c.name,
          unitName: c.unitName,
        });
      }
    }
  }
  return out;
}

function summarize(state: PanelState) {
  const { expected } = expectations(state);
  const chair = state.members.find((m) => m.isChair);
  return {
    id: state.panel.id,
    campaignId: state.panel.campaignId,
    name: state.panel.name,
    startsAt: state.panel.startsAt.toISOString(),
    endsAt: state.panel.endsAt.toISOString(),
    schedule: state.schedule,
    status: state.panel.status as 'open' | 'confirmed',
    confirmedAt: state.panel.confirmedAt?.toISOString() ?? null,
    reopenReason: state.panel.reopenReason,
    chairName: chair?.name ?? null,
    members: state.members.length,
    candidates: state.candidates.length,
    submittedSheets: expected.filter((e) => e.sheet?.status === 'submitted').length,
    expectedSheets: expected.length,
    passed: state.results.filter((r) => r.passed).length,
  };
}

/**
 * Each candidate's panel score from the submitted sheets of members not absent (own-unit pairs have no sheet), the
 * totals in member order (the chair first, then by expert id): the order ties are broken in.
 */
function computeScores(state: PanelState, passLine: number) {
  const { sheets } = expectations(state);
  return state.candidates.map((c) => {
    const totals = state.members
      .filter((m) => !m.absent && !isOwnUnit(m.unitId, c.unitId))
      .map((m) => sheets.get(sheetKey(c.applicationId, m.expertId)))
      .filter((s): s is repo.SheetRow => s?.status === 'submitted' && s.total !== null)
      .map((s) => ({ memberId: s.expertId, total: s.total! }));
    const result = panelScore(totals);
    return { candidate: c, ...result, passed: result.score === null ? null : panelPassed(result.score, passLine) };
  });
}

// ─── The province: panels ────────────────────────────────────────────────────────────────────────────────

export async function listPanels(deps: AppDeps, ctx: ServiceContext, campaignId: number) {
  assertProvinceManager(ctx.actor, 'panel.manage', REFUSAL);
  const now = deps.clock.now();
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const campaign = await campaignOf(tx, campaignId);
    const states = await loadStates(tx, await repo.listPanels(tx, campaignId), now);
    const eligible = await repo.eligibleCandidates(tx, campaignId, {});
    return {
      campaign: { id: campaign.id, name: campaign.name, year: campaign.year },
      items: states.map(summarize),
      candidates: eligible.length,
      unassigned: eligible.filter((e) => e.panelId === null).length,
    };
  });
}

async function panelDetailIn(tx: Tx, ctx: ServiceContext, panelId: number, now: Date) {
  const panel = await repo.findPanel(tx, panelId);
  if (!panel) notFound();
  const campaign = await campaignOf(tx, panel.campaignId);
  const [state] = await loadStates(tx, [panel], now);
  const { expected } = expectations(state!);
  const results = new Map(state!.results.map((r) => [r.applicationId, r]));
  const manage = isProvinceManager(ctx.actor, 'panel.manage') && campaign.status !== 'closed';
  return {
    ...summarize(state!),
    memberList: state!.members.map((m) => ({
      expertId: m.expertId,
      name: m.name,
      workUnitName: m.workUnitName,
      isChair: m.isChair,
      absent: m.absent,
      absentReason: m.absentReason,
      submitted: expected.filter((e) => e.expertId === m.expertId && e.sheet?.status === 'submitted').length,
      expected: m.absent ? 0 : state!.candidates.filter((c) => !isOwnUnit(m.unitId, c.unitId)).length,
    })),
    candidateList: state!.candidates.map((c) => {
      const r = results.get(c.applicationId);
      const mine = expected.filter((e) => e.applicationId === c.applicationId);
      return {
        applicationId: c.applicationId,
        name: c.name,
        idNumberMasked: c.idNumberMasked,
        unitName: c.unitName,
        jurisdictionName: c.jurisdictionName,
        jobTypeName: c.jobTypeName,
        submitted: mine.filter((e) => e.sheet?.status === 'submitted').length,
        expected: mine.length,
        result: r ? { score: r.score, passed: r.passed, memberCount: r.memberCount } : null,
      };
    }),
    conflicts: conflictsOf(state!),
    abilities: {
      edit: manage && panel.status === 'open',
      reopen: manage && panel.status === 'confirmed',
      record: isProvinceManager(ctx.actor, 'panel.manage'),
    },
  };
}

export async function getPanel(deps: AppDeps, ctx: ServiceContext, panelId: number) {
  assertProvinceManager(ctx.actor, 'panel.manage', REFUSAL);
  return inScopedTx(deps.db, ctx.actor, (tx) => panelDetailIn(tx, ctx, panelId, deps.clock.now()));
}

function checkedSchedule(body: Pick<PanelBody, 'startsAt' | 'endsAt'>) {
  const startsAt = new Date(body.startsAt);
  const endsAt = new Date(body.endsAt);
  if (!(startsAt < endsAt)) throw new AppError('PANEL_SCHEDULE_INVALID');
  return { startsAt, endsAt };
}

/** The members as rows: every expert active and with an account; the chair one of them. */
async function memberRows(tx: Tx, panelId: number, campaignId: number, body: Pick<PanelBody, 'memberIds' | 'chairId'>) {
  const ids = [...new Set(body.memberIds)];
  if (!ids.includes(body.chairId)) throw new AppError('PANEL_CHAIR_REQUIRED');
  const rows = [];
  for (const id of ids) {
    const expert = await repo.findExpert(tx, id);
    if (!expert) throw new AppError('EXPERT_NOT_FOUND', `评审专家（编号 ${id}）不存在`);
    if (!expert.active) throw new AppError('EXPERT_INACTIVE', `评审专家「${expert.name}」已停用`);
    if (!expert.accountId)
      throw new AppError('EXPERT_NO_ACCOUNT', `评审专家「${expert.name}」还没有账号，请先建立账号`);
    rows.push({
      panelId,
      expertId: expert.id,
      campaignId,
      accountId: expert.accountId,
      name: expert.name,
      unitId: expert.workUnitId,
      isChair: false,
    });
  }
  return rows;
}

function refuseConflicts(conflicts: PanelConflict[]): void {
  if (conflicts.length === 0) return;
  const named = conflicts
    .slice(0, 5)
    .map((c) => `${c.expertName}—${c.candidateName}（${c.unitName}）`)
    .join('；');
  throw new AppError(
    'PANEL_CONFLICTS',
    `评审专家不评本单位的考生，以下 ${conflicts.length} 对须回避：${named}${conflicts.length > 5 ? ' 等' : ''}。请调换成员或考生`,
    // Every pair, coded, so that the page can list them and the province swap members.
    {
      problems: conflicts.map((c) => ({
        code: 'PANEL_OWN_UNIT',
        message: `${c.expertName}与${c.candidateName}同为「${c.unitName}」`,
        ...c,
      })),
    },
  );
}

function mapPanelConflict(error: unknown): never {
  if (uniqueViolation(error) === 'panels_campaign_name_key') throw new AppError('PANEL_NAME_TAKEN');
  throw error;
}

export async function createPanel(deps: AppDeps, ctx: ServiceContext, campaignId: number, body: PanelBody) {
  assertProvinceManager(ctx.actor, 'panel.manage', REFUSAL);
  const { startsAt, endsAt } = checkedSchedule(body);
  const now = deps.clock.now();
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    await campaignOf(tx, campaignId, true);
    const id = await repo.insertPanel(tx, {
      campaignId,
      name: body.name.trim(),
      startsAt,
      endsAt,
      createdBy: ctx.actor.accountId,
      createdAt: now,
      updatedAt: now,
    });
    const members = await memberRows(tx, id, campaignId, body);
    await repo.insertMembers(tx, members);
    await repo.setChair(tx, id, body.chairId);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...auditPlace(ctx),
        entityType: 'panel',
        entityId: id,
        action: 'panel.create',
        summary: `新建评审组「${body.name.trim()}」（${members.length} 名成员）`,
        after: {
          name: body.name.trim(),
          startsAt,
          endsAt,
          memberIds: members.map((m) => m.expertId),
          chairId: body.chairId,
        },
      },
      now,
    );
    return panelDetailIn(tx, ctx, id, now);
  }).catch(mapPanelConflict);
}

/** Name, schedule, members and chair, while open. A member who scored stays; a new one is checked for conflicts. */
export async function updatePanel(deps: AppDeps, ctx: ServiceContext, panelId: number, body: PanelBody) {
  assertProvinceManager(ctx.actor, 'panel.manage', REFUSAL);
  const { startsAt, endsAt } = checkedSchedule(body);
  const now = deps.clock.now();
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const panel = await repo.findPanel(tx, panelId, true);
    if (!panel) notFound();
    await campaignOf(tx, panel.campaignId, true);
    if (panel.status !== 'open') throw new AppError('PANEL_CONFIRMED');
    const [state] = await loadStates(tx, [panel], now);
    const wanted = await memberRows(tx, panelId, panel.campaignId, body);
    const wantedIds = new Set(wanted.map((m) => m.expertId));
    const leaving = state!.members.filter((m) => !wantedIds.has(m.expertId)).map((m) => m.expertId);
    const scored = state!.sheets.find((s) => leaving.includes(s.expertId));
    if (scored) {
      const name = state!.members.find((m) => m.expertId === scored.expertId)!.name;
      throw new AppError('PANEL_MEMBER_BUSY', `「${name}」已有评分，不能移出评审组`);
    }
    const present = new Set(state!.members.map((m) => m.expertId));
    const joining = wanted.filter((m) => !present.has(m.expertId));
    refuseConflicts(
      conflictsOf({
        ...state!,
        members: joining.map((m) => ({
          ...m,
          absent: false,
          absentReason: null,
          workUnitId: m.unitId,
          workUnitName: null,
        })),
      }),
    );
    await repo.updatePanel(tx, panelId, { name: body.name.trim(), startsAt, endsAt, updatedAt: now });
    await repo.deleteMembers(tx, panelId, leaving);
    await repo.insertMembers(tx, joining);
    await repo.setChair(tx, panelId, body.chairId);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...auditPlace(ctx),
        entityType: 'panel',
        entityId: panelId,
        action: 'panel.update',
        summary: `修改评审组「${body.name.trim()}」（成员 ${wanted.length} 名${joining.length ? `，新增 ${joining.length} 名` : ''}${leaving.length ? `，移出 ${leaving.length} 名` : ''}）`,
        before: {
          name: panel.name,
          startsAt: panel.startsAt,
          endsAt: panel.endsAt,
          memberIds: state!.members.map((m) => m.expertId),
          chairId: state!.members.find((m) => m.isChair)?.expertId ?? null,
        },
        after: { name: body.name.trim(), startsAt, endsAt, memberIds: [...wantedIds], chairId: body.chairId },
      },
      now,
    );
    return panelDetailIn(tx, ctx, panelId, now);
  }).catch(mapPanelConflict);
}

export async function listEligible(deps: AppDeps, ctx: ServiceContext, campaignId: number, query: EligibleQuery) {
  assertProvinceManager(ctx.actor, 'panel.manage', REFUSAL);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    await campaignOf(tx, campaignId);
    const rows = await repo.eligibleCandidates(tx, campaignId, {
      jurisdictionId: query.jurisdictionId,
      jobTypeId: query.jobTypeId,
      unassigned: query.unassigned === 'yes',
    });
    return {
      items: rows.map((r) => ({
        applicationId: r.applicationId,
        name: r.name,
        idNumberMasked: maskIdNumberPublic(r.idNumber),
        unitName: r.unitName,
        jurisdictionId: r.jurisdictionId,
        jurisdictionName: r.jurisdictionName,
        jobTypeId: r.jobTypeId,
        jobTypeName: r.jobTypeName,
        panelId: r.panelId,
        panelName: r.panelName,
      })),
    };
  });
}

/**
 * 分配考生 in bulk: a list, or every unassigned approved 一级 candidate of a jurisdiction and/or job type. Refuses
 * the whole assignment when a member and a candidate are of one unit (PANEL_CONFLICTS, every pair listed) or a
 * listed candidate is in another panel or not an approved 一级 application of the campaign.
 */
export async function assignCandidates(deps: AppDeps, ctx: ServiceContext, panelId: number, body: AssignBody) {
  assertProvinceManager(ctx.actor, 'panel.manage', REFUSAL);
  const now = deps.clock.now();
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const panel = await repo.findPanel(tx, panelId, true);
    if (!panel) notFound();
    await campaignOf(tx, panel.campaignId, true);
    if (panel.status !== 'open') throw new AppError('PANEL_CONFIRMED');
    const listed = body.applicationIds?.length ? [...new Set(body.applicationIds)] : undefined;
    const rows = await repo.eligibleCandidates(tx, panel.campaignId, {
      applicationIds: listed,
      jurisdictionId: body.jurisdictionId,
      jobTypeId: body.jobTypeId,
      unassigned: listed === undefined,
    });
    if (listed) {
      const found = new Set(rows.map((r) => r.applicationId));
      const missing = listed.filter((id) => !found.has(id));
      if (missing.length) {
        throw new AppError('PANEL_CANDIDATE_NOT_ELIGIBLE', undefined, { applicationIds: missing });
      }
      const elsewhere = rows.filter((r) => r.panelId !== null && r.panelId !== panelId);
      if (elsewhere.length) {
        throw new AppError(
          'PANEL_CANDIDATE_ASSIGNED',
          `${elsewhere.map((r) => `${r.name}（${r.panelName}）`).join('、')} 已分在其他评审组`,
          { applicationIds: elsewhere.map((r) => r.applicationId) },
        );
      }
    }
    const fresh = rows.filter((r) => r.panelId === null);
    const [state] = await loadStates(tx, [panel], now);
    refuseConflicts(
      conflictsOf({
        ...state!,
        candidates: fresh.map((r) => ({ ...toCandidate(r, panel, now) })),
      }),
    );
    await repo.insertCandidates(
      tx,
      fresh.map((r) => toCandidate(r, panel, now)),
    );
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...auditPlace(ctx),
        entityType: 'panel',
        entityId: panelId,
        action: 'panel.assign',
        summary: `为评审组「${panel.name}」分配考生 ${fresh.length} 人`,
        after: {
          applicationIds: fresh.map((r) => r.applicationId),
          by: listed ? 'list' : { jurisdictionId: body.jurisdictionId ?? null, jobTypeId: body.jobTypeId ?? null },
        },
      },
      now,
    );
    return { assigned: fresh.length };
  });
}

function toCandidate(r: repo.EligibleRow, panel: repo.PanelRow, now: Date): repo.CandidateRow {
  return {
    applicationId: r.applicationId,
    panelId: panel.id,
    campaignId: panel.campaignId,
    name: r.name,
    idNumberMasked: maskIdNumberPublic(r.idNumber),
    sex: r.sex,
    unitId: r.unitId,
    unitName: r.unitName,
    jurisdictionName: r.jurisdictionName,
    orgPath: r.orgPath,
    jobTypeId: r.jobTypeId,
    jobTypeName: r.jobTypeName,
    education: r.education,
    workStartMonth: r.workStartMonth,
    workYears: r.workYears,
    currentGradeMonth: r.currentGradeMonth,
    appointedToGrade2Post: r.appointedToGrade2Post,
    appraisals: Array.isArray(r.appraisals) ? r.appraisals : null,
    waiverAward: r.waiverAward,
    evidenceNote: r.evidenceNote,
    assignedAt: now,
  };
}

export async function unassignCandidate(deps: AppDeps, ctx: ServiceContext, panelId: number, applicationId: number) {
  assertProvinceManager(ctx.actor, 'panel.manage', REFUSAL);
  const now = deps.clock.now();
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const panel = await repo.findPanel(tx, panelId, true);
    if (!panel) notFound();
    await campaignOf(tx, panel.campaignId, true);
    if (panel.status !== 'open') throw new AppError('PANEL_CONFIRMED');
    const candidate = await repo.findCandidate(tx, applicationId);
    if (!candidate || candidate.panelId !== panelId)
      throw new AppError('PANEL_CANDIDATE_NOT_ASSIGNED', '该考生不在本评审组');
    const [state] = await loadStates(tx, [panel], now);
    if (state!.sheets.some((s) => s.applicationId === applicationId)) throw new AppError('PANEL_CANDIDATE_SCORED');
    await repo.deleteCandidate(tx, applicationId);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...auditPlace(ctx),
        entityType: 'panel',
        entityId: panelId,
        action: 'panel.unassign',
        summary: `将考生「${candidate.name}」移出评审组「${panel.name}」`,
        before: { applicationId },
      },
      now,
    );
    return { ok: true as const };
  });
}

/** 重新开启: the province reopens a confirmed panel with a reason; its results are deleted (the audit keeps them). */
export async function reopenPanel(deps: AppDeps, ctx: ServiceContext, panelId: number, body: ReasonBody) {
  assertProvinceManager(ctx.actor, 'panel.manage', REFUSAL);
  const now = deps.clock.now();
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const panel = await repo.findPanel(tx, panelId, true);
    if (!panel) notFound();
    await campaignOf(tx, panel.campaignId, true);
    if (panel.status !== 'confirmed') throw new AppError('PANEL_NOT_CONFIRMED');
    const [state] = await loadStates(tx, [panel], now);
    await repo.deleteResults(tx, panelId);
    await repo.updatePanel(tx, panelId, {
      status: 'open',
      confirmedAt: null,
      confirmedBy: null,
      reopenReason: body.reason.trim(),
      updatedAt: now,
    });
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...auditPlace(ctx),
        entityType: 'panel',
        entityId: panelId,
        action: 'panel.reopen',
        summary: `重新开启评审组「${panel.name}」：${body.reason.trim()}`,
        before: {
          status: 'confirmed',
          confirmedAt: panel.confirmedAt,
          results: state!.results.map((r) => ({ applicationId: r.applicationId, score: r.score, passed: r.passed })),
        },
        after: { status: 'open', reason: body.reason.trim() },
      },
      now,
    );
    return panelDetailIn(tx, ctx, panelId, now);
  });
}

// ─── The expert's side (我的评审) ─────────────────────────────────────────────────────────────────────────

function assertExpert(ctx: ServiceContext): void {
  if (!hasPermission(ctx.actor.role, 'panel.score')) throw new AppError('FORBIDDEN', '只有评审专家可以评分');
}

/** The signed-in member of a panel (RLS shows an expert only their own panels: anything else is not found). */
async function membership(tx: Tx, ctx: ServiceContext, panelId: number) {
  const panel = await repo.findPanel(tx, panelId);
  if (!panel) notFound();
  const members = await repo.membersOf(tx, [panelId]);
  const me = members.find((m) => m.accountId === ctx.actor.accountId);
  if (!me) notFound();
  return { panel, members, me };
}

export async function myPanels(deps: AppDeps, ctx: ServiceContext) {
  assertExpert(ctx);
  const now = deps.clock.now();
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const panelRows = await repo.myPanels(tx);
    const ids = panelRows.map((p) => p.id);
    const [members, candidates, sheets] = await Promise.all([
      repo.membersOf(tx, ids),
      repo.candidatesOf(tx, ids),
      repo.sheetsOf(tx, ids),
    ]);
    const items = [];
    for (const panel of panelRows) {
      const me = members.find((m) => m.panelId === panel.id && m.accountId === ctx.actor.accountId);
      if (!me) continue;
      const campaign = await campaignOf(tx, panel.campaignId);
      const settings = await settingsOf(tx, panel.campaignId);
      items.push({
        id: panel.id,
        name: panel.name,
        campaignName: campaign.name,
        startsAt: panel.startsAt.toISOString(),
        endsAt: panel.endsAt.toISOString(),
        schedule: scheduleState(panel, now),
        status: panel.status as 'open' | 'confirmed',
        isChair: me.isChair,
        absent: me.absent,
        criteria: settings.criteria,
        passLine: settings.passLine,
        candidates: candidates
          .filter((c) => c.panelId === panel.id)
          .map((c) => {
            const sheet = sheets.find((s) => s.applicationId === c.applicationId && s.expertId === me.expertId);
            return {
              applicationId: c.applicationId,
              name: c.name,
              unitName: c.unitName,
              jobTypeName: c.jobTypeName,
              ownUnit: isOwnUnit(me.unitId, c.unitId),
              sheetStatus: (sheet?.status ?? 'none') as 'none' | 'draft' | 'submitted',
              total: sheet?.total ?? null,
              returnedReason: sheet?.status === 'draft' ? (sheet.returnedReason ?? null) : null,
            };
          }),
      });
    }
    return { items };
  });
}

/** The candidate as the member scores them: NOT_ASSIGNED when not in the member's panel, OWN_UNIT when theirs. */
async function scoringTarget(tx: Tx, ctx: ServiceContext, panelId: number, applicationId: number) {
  const { panel, me } = await membership(tx, ctx, panelId);
  const candidate = await repo.findCandidate(tx, applicationId);
  if (!candidate || candidate.panelId !== panelId) throw new AppError('PANEL_CANDIDATE_NOT_ASSIGNED');
  // The expert's current unit (their own row), whatever the copy says.
  const self = await repo.findExpertByAccount(tx, ctx.actor.accountId);
  if (isOwnUnit(self?.workUnitId ?? me.unitId, candidate.unitId) || isOwnUnit(me.unitId, candidate.unitId)) {
    throw new AppError(
      'PANEL_OWN_UNIT',
      `「${candidate.name}」是您本单位（${candidate.unitName}）的考生，须回避，不能评分`,
    );
  }
  return { panel, me, candidate };
}

function presentSheet(sheet: repo.SheetRow | null) {
  return {
    status: (sheet?.status ?? 'none') as 'none' | 'draft' | 'submitted',
    scores: (sheet?.scores ?? {}) as Record<string, number | null>,
    comment: sheet?.comment ?? null,
    total: sheet?.total ?? null,
    submittedAt: sheet?.submittedAt?.toISOString() ?? null,
    returnedReason: sheet?.returnedReason ?? null,
  };
}

function sheetRefusal(panel: repo.PanelRow, me: { absent: boolean }, now: Date): AppError | null {
  if (panel.status !== 'open') return new AppError('PANEL_CONFIRMED');
  if (me.absent) return new AppError('PANEL_MEMBER_ABSENT');
  const state = scheduleState(panel, now);
  if (state !== 'open') {
    return new AppError(
      'PANEL_OUTSIDE_SCHEDULE',
      `${SCHEDULE_LABELS[state]}（评审时间 ${fmt(panel.startsAt)} 至 ${fmt(panel.endsAt)}），不能评分`,
    );
  }
  return null;
}

const fmt = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

export async function getSheet(deps: AppDeps, ctx: ServiceContext, panelId: number, applicationId: number) {
  assertExpert(ctx);
  const now = deps.clock.now();
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const { panel, me, candidate } = await scoringTarget(tx, ctx, panelId, applicationId);
    const settings = await settingsOf(tx, panel.campaignId);
    const sheet = await repo.findSheet(tx, applicationId, me.expertId);
    return {
      panel: {
        id: panel.id,
        name: panel.name,
        schedule: scheduleState(panel, now),
        status: panel.status as 'open' | 'confirmed',
        startsAt: panel.startsAt.toISOString(),
        endsAt: panel.endsAt.toISOString(),
      },
      criteria: settings.criteria,
      candidate: {
        applicationId: candidate.applicationId,
        name: candidate.name,
        sex: candidate.sex,
        idNumberMasked: candidate.idNumberMasked,
        unitName: candidate.unitName,
        jurisdictionName: candidate.jurisdictionName,
        jobTypeName: candidate.jobTypeName,
        education: candidate.education,
        workStartMonth: candidate.workStartMonth,
        workYears: candidate.workYears,
        currentGradeMonth: candidate.currentGradeMonth,
        appointedToGrade2Post: candidate.appointedToGrade2Post,
        appraisals: Array.isArray(candidate.appraisals) ? (candidate.appraisals as string[]) : null,
        waiverAward: candidate.waiverAward,
        evidenceNote: candidate.evidenceNote,
      },
      sheet: presentSheet(sheet),
      abilities: { save: sheetRefusal(panel, me, now) === null && sheet?.status !== 'submitted' },
    };
  });
}

/** 保存 / 提交 a sheet: within the schedule, while the panel is open, never once submitted (the chair returns it). */
export async function saveSheet(
  deps: AppDeps,
  ctx: ServiceContext,
  panelId: number,
  applicationId: number,
  body: SheetBody,
) {
  assertExpert(ctx);
  const now = deps.clock.now();
  await inScopedTx(deps.db, ctx.actor, async (tx) => {
    // A member may not lock the panel's row (only its chair may update it): the sheet's row is locked instead.
    const { panel, me, candidate } = await scoringTarget(tx, ctx, panelId, applicationId);
    const refusal = sheetRefusal(panel, me, now);
    if (refusal) throw refusal;
    const { criteria } = await settingsOf(tx, panel.campaignId);
    const submit = body.submit === true;
    const problems = validateSheet(criteria, body.scores as SheetScores, submit);
    if (problems.length) throw new AppError('PANEL_SHEET_INVALID', problems[0]!.message, { problems });
    const scores = Object.fromEntries(criteria.map((c) => [c.key, body.scores[c.key] ?? null]));
    const total = sheetTotal(criteria, scores);
    const before = await repo.findSheet(tx, applicationId, me.expertId, true);
    if (before?.status === 'submitted') throw new AppError('PANEL_SHEET_SUBMITTED');
    const values = {
      scores,
      comment: body.comment?.trim() || null,
      total,
      status: submit ? 'submitted' : 'draft',
      submittedAt: submit ? now : null,
      updatedAt: now,
    };
    if (before) await repo.updateSheet(tx, applicationId, me.expertId, values);
    else {
      await repo.insertSheet(tx, {
        applicationId,
        expertId: me.expertId,
        panelId,
        campaignId: panel.campaignId,
        accountId: ctx.actor.accountId,
        ...values,
      });
    }
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...auditPlace(ctx),
        entityType: 'panel_sheet',
        entityId: applicationId,
        action: submit ? 'panel_sheet.submit' : 'panel_sheet.save',
        summary: `${submit ? '提交' : '保存'}对「${candidate.name}」的评分${total === null ? '' : `（加权总分 ${total}）`}（${panel.name}）`,
        before: before
          ? { scores: before.scores, comment: before.comment, total: before.total, status: before.status }
          : null,
        after: { panelId, expertId: me.expertId, scores, comment: values.comment, total, status: values.status },
      },
      now,
    );
  });
  return getSheet(deps, ctx, panelId, applicationId);
}

// ─── The chair (组长) and the province: the scores, returns, absence, confirmation ──────────────────────

async function chairOf(tx: Tx, ctx: ServiceContext, panelId: number) {
  const m = await membership(tx, ctx, panelId);
  if (!m.me.isChair) throw new AppError('PANEL_NOT_CHAIR');
  // The chair may update the panel's row, so they lock it: one confirmation, return or absence at a time.
  const panel = await repo.findPanel(tx, panelId, true);
  if (!panel) notFound();
  return { ...m, panel };
}

/** The members' totals per candidate (组长 or the province): what is missing, the dropped marks, the scores. */
export async function panelScores(deps: AppDeps, ctx: ServiceContext, panelId: number) {
  const province = isProvinceManager(ctx.actor, 'panel.manage');
  if (!province) assertExpert(ctx);
  const now = deps.clock.now();
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const panel = await repo.findPanel(tx, panelId);
    if (!panel) notFound();
    let isChair = false;
    if (!province) {
      const { me } = await membership(tx, ctx, panelId);
      if (!me.isChair) throw new AppError('PANEL_NOT_CHAIR');
      isChair = true;
    }
    return scoresIn(tx, panel, now, isChair);
  });
}

async function scoresIn(tx: Tx, panel: repo.PanelRow, now: Date, isChair: boolean) {
  const [state] = await loadStates(tx, [panel], now);
  const settings = await settingsOf(tx, panel.campaignId);
  const { sheets, expected } = expectations(state!);
  const confirmed = panel.status === 'confirmed';
  const stored = new Map(state!.results.map((r) => [r.applicationId, r]));
  const computed = computeScores(state!, settings.passLine);
  const missing = expected.filter((e) => e.sheet?.status !== 'submitted').length;
  const unscored = computed.filter((c) => c.score === null).length;
  return {
    panel: summarize(state!),
    criteria: settings.criteria,
    passLine: settings.passLine,
    members: state!.members.map((m) => ({ expertId: m.expertId, name: m.name, isChair: m.isChair, absent: m.absent })),
    rows: computed.map((c) => {
      const r = confirmed ? stored.get(c.candidate.applicationId) : undefined;
      const high = r ? r.droppedHighExpertId : c.droppedHigh;
      const low = r ? r.droppedLowExpertId : c.droppedLow;
      return {
        applicationId: c.candidate.applicationId,
        name: c.candidate.name,
        unitName: c.candidate.unitName,
        jobTypeName: c.candidate.jobTypeName,
        cells: state!.members.map((m) => {
          const own = isOwnUnit(m.unitId, c.candidate.unitId);
          const sheet = sheets.get(sheetKey(c.candidate.applicationId, m.expertId));
          const counted = !own && !m.absent && sheet?.status === 'submitted';
          return {
            expertId: m.expertId,
            status: own ? ('own_unit' as const) : ((sheet?.status ?? 'none') as 'none' | 'draft' | 'submitted'),
            total: counted || sheet?.status === 'submitted' ? (sheet?.total ?? null) : null,
            comment: sheet?.status === 'submitted' ? sheet.comment : null,
            dropped:
              counted && high === m.expertId
                ? ('high' as const)
                : counted && low === m.expertId
                  ? ('low' as const)
                  : null,
          };
        }),
        score: r ? r.score : c.score,
        passed: r ? r.passed : c.passed,
        memberCount: r ? r.memberCount : c.count,
      };
    }),
    missing,
    abilities: {
      confirm:
        isChair &&
        !confirmed &&
        state!.candidates.length > 0 &&
        confirmRefusal({ state: state!.schedule, missing, unscoredCandidates: unscored }) === null,
      returnSheet: isChair && !confirmed,
      markAbsent: isChair && !confirmed,
    },
  };
}

/** 退回: the chair sends a member's submitted sheet back to draft with a reason (the member edits it again). */
export async function returnSheet(deps: AppDeps, ctx: ServiceContext, panelId: number, body: ReturnBody) {
  assertExpert(ctx);
  const now = deps.clock.now();
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const { panel, members } = await chairOf(tx, ctx, panelId);
    if (panel.status !== 'open') throw new AppError('PANEL_CONFIRMED');
    const member = members.find((m) => m.expertId === body.expertId);
    const sheet = member ? await repo.findSheet(tx, body.applicationId, body.expertId, true) : null;
    if (!member || !sheet || sheet.panelId !== panelId)
      throw new AppError('PANEL_SHEET_NOT_SUBMITTED', '没有该成员对该考生的评分表');
    if (sheet.status !== 'submitted') throw new AppError('PANEL_SHEET_NOT_SUBMITTED');
    const candidate = await repo.findCandidate(tx, body.applicationId);
    await repo.updateSheet(tx, body.applicationId, body.expertId, {
      status: 'draft',
      submittedAt: null,
      returnedReason: body.reason.trim(),
      updatedAt: now,
    });
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...auditPlace(ctx),
        entityType: 'panel_sheet',
        entityId: body.applicationId,
        action: 'panel_sheet.return',
        summary: `组长退回「${member.name}」对「${candidate?.name ?? body.applicationId}」的评分表：${body.reason.trim()}`,
        before: { status: 'submitted', total: sheet.total },
        after: { status: 'draft', expertId: body.expertId, reason: body.reason.trim() },
      },
      now,
    );
    return scoresIn(tx, panel, now, true);
  });
}

/** 登记缺席: the chair marks a member absent (their sheets are left out); never themselves. */
export async function markAbsent(deps: AppDeps, ctx: ServiceContext, panelId: number, body: AbsentBody) {
  assertExpert(ctx);
  const now = deps.clock.now();
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const { panel, members, me } = await chairOf(tx, ctx, panelId);
    if (panel.status !== 'open') throw new AppError('PANEL_CONFIRMED');
    const member = members.find((m) => m.expertId === body.expertId);
    if (!member) throw new AppError('NOT_FOUND', '该专家不是本组成员');
    if (member.expertId === me.expertId) throw new AppError('VALIDATION_FAILED', '组长不能登记自己缺席');
    await repo.markAbsent(tx, panelId, body.expertId, body.reason.trim());
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...auditPlace(ctx),
        entityType: 'panel',
        entityId: panelId,
        action: 'panel.absent',
        summary: `组长登记「${member.name}」缺席（${panel.name}）：${body.reason.trim()}`,
        before: { expertId: body.expertId, absent: member.absent },
        after: { expertId: body.expertId, absent: true, reason: body.reason.trim() },
      },
      now,
    );
    return scoresIn(tx, panel, now, true);
  });
}

/**
 * 确认: the chair confirms the panel once every expected sheet is submitted (or the schedule has ended): each
 * candidate's panel score (domain panelScore) and pass are stored in panel_results.
 */
export async function confirmPanel(deps: AppDeps, ctx: ServiceContext, panelId: number) {
  assertExpert(ctx);
  const now = deps.clock.now();
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const { panel } = await chairOf(tx, ctx, panelId);
    if (panel.status !== 'open') throw new AppError('PANEL_CONFIRMED');
    await campaignOf(tx, panel.campaignId, true);
    const [state] = await loadStates(tx, [panel], now);
    if (state!.candidates.length === 0) throw new AppError('PANEL_CANDIDATE_UNSCORED', '评审组还没有考生');
    const settings = await settingsOf(tx, panel.campaignId);
    const { expected } = expectations(state!);
    const computed = computeScores(state!, settings.passLine);
    const refusal = confirmRefusal({
      state: state!.schedule,
      missing: expected.filter((e) => e.sheet?.status !== 'submitted').length,
      unscoredCandidates: computed.filter((c) => c.score === null).length,
    });
    if (refusal) throw new AppError(refusal);
    const results = computed.map((c) => ({
      applicationId: c.candidate.applicationId,
      campaignId: panel.campaignId,
      panelId,
      score: c.score!,
      passed: c.passed!,
      passLine: settings.passLine,
      memberCount: c.count,
      droppedHighExpertId: c.droppedHigh,
      droppedLowExpertId: c.droppedLow,
      orgPath: c.candidate.orgPath,
      confirmedAt: now,
      confirmedBy: ctx.actor.accountId,
    }));
    await repo.insertResults(tx, results);
    await repo.updatePanel(tx, panelId, {
      status: 'confirmed',
      confirmedAt: now,
      confirmedBy: ctx.actor.accountId,
      updatedAt: now,
    });
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...auditPlace(ctx),
        entityType: 'panel',
        entityId: panelId,
        action: 'panel.confirm',
        summary: `组长确认评审组「${panel.name}」的评审结果：${results.length} 人，合格 ${results.filter((r) => r.passed).length} 人`,
        after: {
          passLine: settings.passLine,
          results: results.map((r) => ({
            applicationId: r.applicationId,
            score: r.score,
            passed: r.passed,
            memberCount: r.memberCount,
          })),
        },
      },
      now,
    );
    return {
      confirmedAt: now.toISOString(),
      results: results.map((r) => ({
        applicationId: r.applicationId,
        score: r.score,
        passed: r.passed,
        memberCount: r.memberCount,
      })),
    };
  });
}

// ─── The record (评审记录) ────────────────────────────────────────────────────────────────────────────────

/** The panel's record as a PDF (the province, or the panel's chair): audited as printed. */
export async function panelRecord(deps: AppDeps, ctx: ServiceContext, panelId: number) {
  const province = isProvinceManager(ctx.actor, 'panel.manage');
  if (!province) assertExpert(ctx);
  const now = deps.clock.now();
  const input = await inScopedTx(deps.db, ctx.actor, async (tx): Promise<RecordInput> => {
    const panel = await repo.findPanel(tx, panelId);
    if (!panel) notFound();
    if (!province) {
      const { me } = await membership(tx, ctx, panelId);
      if (!me.isChair) throw new AppError('PANEL_NOT_CHAIR');
    }
    const campaign = await campaignOf(tx, panel.campaignId);
    const scores = await scoresIn(tx, panel, now, false);
    const confirmer = panel.confirmedBy
      ? ((await repo.membersOf(tx, [panelId])).find((m) => m.accountId === panel.confirmedBy)?.name ?? null)
      : null;
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...auditPlace(ctx),
        entityType: 'panel',
        entityId: panelId,
        action: 'panel.record',
        summary: `打印评审组「${panel.name}」的评审记录`,
      },
      now,
    );
    return {
      campaignName: campaign.name,
      panelName: panel.name,
      startsAt: panel.startsAt,
      endsAt: panel.endsAt,
      criteria: scores.criteria,
      passLine: scores.passLine,
      members: scores.members,
      rows: scores.rows,
      confirmed: panel.status === 'confirmed',
      confirmedAt: panel.confirmedAt,
      confirmedBy: confirmer,
      printedAt: now,
    };
  });
  const pdf = await renderPanelRecord(input);
  return { pdf, fileName: `评审记录-${input.panelName}.pdf` };
}
