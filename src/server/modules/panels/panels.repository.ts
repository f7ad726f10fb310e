/**
 * The panel review's SQL. No scope filters: row-level security decides (the province reaches every row; an expert
 * only their own panels' rows, gk_panel_ids(); a chair their panel's sheets, gk_chair_panel_ids()).
 */
import { and, asc, count, eq, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '../../db/client.js';
import {
  accounts,
  applications,
  experts,
  jobTypes,
  orgNodes,
  panelCandidates,
  panelMembers,
  panelResults,
  panelSettings,
  panelSheets,
  panels,
} from '../../db/schema.js';

export type ExpertRow = typeof experts.$inferSelect;
export type PanelRow = typeof panels.$inferSelect;
export type MemberRow = typeof panelMembers.$inferSelect;
export type CandidateRow = typeof panelCandidates.$inferSelect;
export type SheetRow = typeof panelSheets.$inferSelect;
export type ResultRow = typeof panelResults.$inferSelect;
export type SettingsRow = typeof panelSettings.$inferSelect;

// ─── Experts ────────────────────────────────────────────────────────────────────────────────────────────

export interface ExpertListRow extends ExpertRow {
  workUnitName: string;
  username: string | null;
}

export async function listExperts(
  tx: Tx,
  filter: { q?: string; active?: boolean; ids?: number[]; offset: number; limit: number },
): Promise<{ total: number; items: ExpertListRow[] }> {
  const conditions: SQL[] = [];
  if (filter.active !== undefined) conditions.push(eq(experts.active, filter.active));
  if (filter.ids) conditions.push(inArray(experts.id, filter.ids.length ? filter.ids : [0]));
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
    conditions.push(
      or(
        ilike(experts.name, like),
        ilike(orgNodes.name, like),
        ilike(experts.specialty, like),
        ilike(experts.title, like),
      )!,
    );
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const [total] = await tx
    .select({ n: count() })
    .from(experts)
    .innerJoin(orgNodes, eq(orgNodes.id, experts.workUnitId))
    .where(where);
  const rows = await tx
    .select({ expert: experts, workUnitName: orgNodes.name, username: accounts.username })
    .from(experts)
    .innerJoin(orgNodes, eq(orgNodes.id, experts.workUnitId))
    .leftJoin(accounts, eq(accounts.id, experts.accountId))
    .where(where)
    .orderBy(asc(experts.id))
    .offset(filter.offset)
    .limit(filter.limit);
  return {
    total: Number(total?.n ?? 0),
    items: rows.map((r) => ({ ...r.expert, workUnitName: r.workUnitName, username: r.username })),
  };
}

export async function findExpert(tx: Tx, id: number, forUpdate = false): Promise<ExpertRow | null> {
  const q = tx.select().from(experts).where(eq(experts.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row ?? null;
}

/** The signed-in expert's own row (experts_select admits it). */
export async function findExpertByAccount(tx: Tx, accountId: number): Promise<ExpertRow | null> {
  const [row] = await tx.select().from(experts).where(eq(experts.accountId, accountId));
  return row ?? null;
}

export async function insertExpert(tx: Tx, values: typeof experts.$inferInsert): Promise<number> {
  const [row] = await tx.insert(experts).values(values).returning({ id: experts.id });
  return row!.id;
}

export async function updateExpert(tx: Tx, id: number, patch: Partial<typeof experts.$inferInsert>): Promise<void> {
  await tx.update(experts).set(patch).where(eq(experts.id, id));
}

export async function jobTypeNames(tx: Tx, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: jobTypes.id, name: jobTypes.name })
    .from(jobTypes)
    .where(inArray(jobTypes.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function findOrgNode(tx: Tx, id: number) {
  const [row] = await tx.select().from(orgNodes).where(eq(orgNodes.id, id));
  return row ?? null;
}

// ─── Settings ───────────────────────────────────────────────────────────────────────────────────────────

export async function findSettings(tx: Tx, campaignId: number): Promise<SettingsRow | null> {
  const [row] = await tx.select().from(panelSettings).where(eq(panelSettings.campaignId, campaignId));
  return row ?? null;
}

export async function upsertSettings(tx: Tx, values: typeof panelSettings.$inferInsert): Promise<void> {
  await tx
    .insert(panelSettings)
    .values(values)
    .onConflictDoUpdate({
      target: panelSettings.campaignId,
      set: {
        criteria: values.criteria,
        passLine: values.passLine,
        updatedBy: values.updatedBy,
        updatedAt: values.updatedAt,
      },
    });
}

/** The campaign's 综合评审 pass line, `examSettings.passLines.panel` (the grade verdict's line), other settings kept. */
export async function setCampaignPanelPassLine(tx: Tx, campaignId: number, passLine: number): Promise<void> {
  await tx.execute(sql`
    update campaigns set exam_settings = coalesce(exam_settings, '{}'::jsonb) || jsonb_build_object('passLines',
      coalesce(exam_settings->'passLines', '{}'::jsonb) || jsonb_build_object('panel', ${passLine}::float8))
    where id = ${campaignId}`);
}

// ─── Panels ─────────────────────────────────────────────────────────────────────────────────────────────

export async function listPanels(tx: Tx, campaignId: number): Promise<PanelRow[]> {
  return tx.select().from(panels).where(eq(panels.campaignId, campaignId)).orderBy(asc(panels.id));
}

export async function findPanel(tx: Tx, id: number, forUpdate = false): Promise<PanelRow | null> {
  const q = tx.select().from(panels).where(eq(panels.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row ?? null;
}

export async function insertPanel(tx: Tx, values: typeof panels.$inferInsert): Promise<number> {
  const [row] = await tx.insert(panels).values(values).returning({ id: panels.id });
  return row!.id;
}

export async function updatePanel(tx: Tx, id: number, patch: Partial<typeof panels.$inferInsert>): Promise<void> {
  await tx.update(panels).set(patch).where(eq(panels.id, id));
}

/** The members of some panels, with the expert's work unit where the reader may see the expert (the province). */
export async function membersOf(
  tx: Tx,
  panelIds: number[],
): Promise<Array<MemberRow & { workUnitId: number | null; workUnitName: string | null }>> {
  if (panelIds.length === 0) return [];
  const rows = await tx
    .select({ member: panelMembers, workUnitId: experts.workUnitId, workUnitName: orgNodes.name })
    .from(panelMembers)
    .leftJoin(experts, eq(experts.id, panelMembers.expertId))
    .leftJoin(orgNodes, eq(orgNodes.id, experts.workUnitId))
    .where(inArray(panelMembers.panelId, panelIds))
    .orderBy(asc(panelMembers.panelId), sql`${panelMembers.isChair} desc`, asc(panelMembers.expertId));
  return rows.map((r) => ({ ...r.member, workUnitId: r.workUnitId, workUnitName: r.workUnitName }));
}

export async function deleteMembers(tx: Tx, panelId: number, expertIds: number[]): Promise<void> {
  if (expertIds.length === 0) return;
  await tx
    .delete(panelMembers)
    .where(and(eq(panelMembers.panelId, panelId), inArray(panelMembers.expertId, expertIds)));
}

export async function insertMembers(tx: Tx, rows: Array<typeof panelMembers.$inferInsert>): Promise<void> {
  if (rows.length) await tx.insert(panelMembers).values(rows);
}

/** Sets the chair (and only them) among a panel's members: two statements, so the unique chair index holds. */
export async function setChair(tx: Tx, panelId: number, expertId: number): Promise<void> {
  await tx
    .update(panelMembers)
    .set({ isChair: false })
    .where(and(eq(panelMembers.panelId, panelId), eq(panelMembers.isChair, true)));
  await tx
    .update(panelMembers)
    .set({ isChair: true })
    .where(and(eq(panelMembers.panelId, panelId), eq(panelMembers.expertId, expertId)));
}

export async function markAbsent(tx: Tx, panelId: number, expertId: number, reason: string | null): Promise<number> {
  const rows = await tx
    .update(panelMembers)
    .set({ absent: reason !== null, absentReason: reason })
    .where(and(eq(panelMembers.panelId, panelId), eq(panelMembers.expertId, expertId)))
    .returning({ id: panelMembers.expertId });
  return rows.length;
}

export async function candidatesOf(tx: Tx, panelIds: number[]): Promise<CandidateRow[]> {
  if (panelIds.length === 0) return [];
  return tx
    .select()
    .from(panelCandidates)
    .where(inArray(panelCandidates.panelId, panelIds))
    .orderBy(asc(panelCandidates.jobTypeName), asc(panelCandidates.name), asc(panelCandidates.applicationId));
}

export async function findCandidate(tx: Tx, applicationId: number): Promise<CandidateRow | null> {
  const [row] = await tx.select().from(panelCandidates).where(eq(panelCandidates.applicationId, applicationId));
  return row ?? null;
}

export async function insertCandidates(tx: Tx, rows: Array<typeof panelCandidates.$inferInsert>): Promise<void> {
  if (rows.length) await tx.insert(panelCandidates).values(rows);
}

export async function deleteCandidate(tx: Tx, applicationId: number): Promise<void> {
  await tx.delete(panelCandidates).where(eq(panelCandidates.applicationId, applicationId));
}

/** Sheets of some panels (what the reader may see: their own, or a chair's whole panel, or the province's). */
export async function sheetsOf(tx: Tx, panelIds: number[]): Promise<SheetRow[]> {
  if (panelIds.length === 0) return [];
  return tx.select().from(panelSheets).where(inArray(panelSheets.panelId, panelIds));
}

export async function findSheet(
  tx: Tx,
  applicationId: number,
  expertId: number,
  forUpdate = false,
): Promise<SheetRow | null> {
  const q = tx
    .select()
    .from(panelSheets)
    .where(and(eq(panelSheets.applicationId, applicationId), eq(panelSheets.expertId, expertId)));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row ?? null;
}

export async function insertSheet(tx: Tx, values: typeof panelSheets.$inferInsert): Promise<void> {
  await tx.insert(panelSheets).values(values);
}

export async function updateSheet(
  tx: Tx,
  applicationId: number,
  expertId: number,
  patch: Partial<typeof panelSheets.$inferInsert>,
): Promise<void> {
  await tx
    .update(panelSheets)
    .set(patch)
    .where(and(eq(panelSheets.applicationId, applicationId), eq(panelSheets.expertId, expertId)));
}

export async function resultsOf(tx: Tx, panelIds: number[]): Promise<ResultRow[]> {
  if (panelIds.length === 0) return [];
  return tx.select().from(panelResults).where(inArray(panelResults.panelId, panelIds));
}

export async function insertResults(tx: Tx, rows: Array<typeof panelResults.$inferInsert>): Promise<void> {
  if (rows.length) await tx.insert(panelResults).values(rows);
}

export async function deleteResults(tx: Tx, panelId: number): Promise<number> {
  const rows = await tx
    .delete(panelResults)
    .where(eq(panelResults.panelId, panelId))
    .returning({ id: panelResults.applicationId });
  return rows.length;
}

// ─── The campaign's approved 一级 applications (read as the province) ──────────────────────────────────────

/** 省级已确认 (domain/review.ts): the end of the review chain, what the panels take. */
const APPROVED = 'province_confirmed';

export interface EligibleRow {
  applicationId: number;
  name: string;
  idNumber: string;
  sex: string;
  unitId: number;
  unitName: string;
  orgPath: string;
  jurisdictionId: number;
  jurisdictionName: string;
  jobTypeId: number;
  jobTypeName: string;
  education: string;
  workStartMonth: string;
  workYears: number;
  currentGradeMonth: string | null;
  appointedToGrade2Post: boolean;
  appraisals: unknown;
  waiverAward: boolean;
  evidenceNote: string | null;
  panelId: number | null;
  panelName: string | null;
}

export async function eligibleCandidates(
  tx: Tx,
  campaignId: number,
  filter: { jurisdictionId?: number; jobTypeId?: number; applicationIds?: number[]; unassigned?: boolean },
): Promise<EligibleRow[]> {
  const unit = alias(orgNodes, 'unit');
  const jurisdiction = alias(orgNodes, 'jurisdiction');
  const conditions: SQL[] = [
    eq(applications.campaignId, campaignId),
    eq(applications.appliedGrade, 1),
    eq(applications.status, APPROVED),
  ];
  if (filter.jurisdictionId) conditions.push(eq(applications.jurisdictionId, filter.jurisdictionId));
  if (filter.jobTypeId) conditions.push(eq(applications.appliedJobTypeId, filter.jobTypeId));
  if (filter.applicationIds) {
    conditions.push(inArray(applications.id, filter.applicationIds.length ? filter.applicationIds : [0]));
  }
  if (filter.unassigned) conditions.push(isNull(panelCandidates.applicationId));
  return tx
    .select({
      applicationId: applications.id,
      name: applications.name,
      idNumber: applications.idNumber,
      sex: applications.sex,
      unitId: applications.unitId,
      unitName: unit.name,
      orgPath: applications.orgPath,
      jurisdictionId: applications.jurisdictionId,
      jurisdictionName: jurisdiction.name,
      jobTypeId: applications.appliedJobTypeId,
      jobTypeName: jobTypes.name,
      education: applications.education,
      workStartMonth: applications.workStartMonth,
      workYears: applications.workYears,
      currentGradeMonth: applications.currentGradeMonth,
      appointedToGrade2Post: applications.appointedToGrade2Post,
      appraisals: applications.appraisals,
      waiverAward: applications.waiverAward,
      evidenceNote: applications.evidenceNote,
      panelId: panelCandidates.panelId,
      panelName: panels.name,
    })
    .from(applications)
    .innerJoin(unit, eq(unit.id, applications.unitId))
    .innerJoin(jurisdiction, eq(jurisdiction.id, applications.jurisdictionId))
    .innerJoin(jobTypes, eq(jobTypes.id, applications.appliedJobTypeId))
    .leftJoin(panelCandidates, eq(panelCandidates.applicationId, applications.id))
    .leftJoin(panels, eq(panels.id, panelCandidates.panelId))
    .where(and(...conditions))
    .orderBy(asc(jurisdiction.sortOrder), asc(jobTypes.name), asc(applications.name), asc(applications.id));
}

/** The panels the signed-in expert is a member of (through their membership rows). */
export async function myPanels(tx: Tx): Promise<PanelRow[]> {
  return tx
    .select()
    .from(panels)
    .where(sql`${panels.id} in (select m.panel_id from ${panelMembers} m where m.account_id = gk_account_id())`)
    .orderBy(sql`${panels.startsAt} desc`, asc(panels.id));
}

/**
 * Keeps the members' copies of an expert's name and unit in step, in the panels still open (of campaigns not
 * closed): a confirmed panel keeps what it was confirmed with.
 */
export async function syncMembers(tx: Tx, expertId: number, values: { name: string; unitId: number }): Promise<void> {
  await tx
    .update(panelMembers)
    .set(values)
    .where(
      and(
        eq(panelMembers.expertId, expertId),
        sql`${panelMembers.panelId} in (select p.id from ${panels} p join campaigns c on c.id = p.campaign_id
          where p.status = 'open' and c.status <> 'closed')`,
      ),
    );
}

export async function campaignHasSheets(tx: Tx, campaignId: number): Promise<boolean> {
  const [row] = await tx.select({ n: count() }).from(panelSheets).where(eq(panelSheets.campaignId, campaignId));
  return Number(row?.n ?? 0) > 0;
}
