/**
 * 合格人员公示 (issue 16 part 3): the province publishes a campaign's qualified persons (scores released; the grade
 * passed) for a period of working days (domain/working-days.ts over the maintained calendar); the public page lists
 * them masked while published (and after, marked ended); objections (异议) come online or are recorded by staff, are
 * investigated and resolved with a reason (upheld strikes the person); at the end, the notice of qualified persons
 * (合格人员通知) as a PDF. Every change is one transaction with one audit row. Each result track (五级至二级, 一级:
 * domain/result-tracks.ts) has its own list, period, objections and notice; a person's track is their grade's.
 */

import { compareIso } from '../../../domain/calendar.js';
import { maskIdNumberPublic } from '../../../domain/masking.js';
import { isObjectionOpen, type ObjectionStatus, publicityState, resultPeriodsOf } from '../../../domain/publicity.js';
import { RESULT_TRACK_LABELS, RESULT_TRACKS, type ResultTrack, trackOfGrade } from '../../../domain/result-tracks.js';
import { periodEnd } from '../../../domain/working-days.js';
import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { recordAudit } from '../../platform/audit.js';
import { chinaDate } from '../../platform/clock.js';
import type { RequestMeta, ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { inScopedTx, inSystemTx } from '../../platform/tx.js';
import { workCalendarOf } from '../calendar/calendar.service.js';
import { assertProvinceManager, isProvinceManager } from '../catalog/catalog.service.js';
import { findResultsState, qualifiedCandidates } from '../scores/scores.service.js';
import { renderQualifiedNotice } from './publicity.pdf.js';
import * as repo from './publicity.repository.js';
import type { EntriesQuery, ObjectionBody, PublishBody, ResolveBody } from './publicity.schemas.js';

const REFUSAL = '只有省级管理员可以发布公示、处理异议和下发合格人员通知';

const auditPlace = (ctx: ServiceContext) => ({ orgNodeId: ctx.actor.orgNodeId, orgPath: ctx.actor.orgPath });

function presentPeriod(list: repo.ListRow) {
  return {
    startsOn: list.startsOn,
    endsOn: list.endsOn,
    workingDays: list.workingDays,
    contact: list.contact,
    publishedAt: list.publishedAt.toISOString(),
  };
}

function presentEntry(e: repo.EntryRow) {
  return {
    applicationId: e.applicationId,
    name: e.name,
    idNumberMasked: e.idNumberMasked,
    jurisdictionName: e.jurisdictionName,
    unitName: e.unitName,
    jobTypeName: e.jobTypeName,
    grade: e.grade,
    struck: e.struckAt !== null,
    struckReason: e.struckReason,
  };
}

function presentObjection(o: repo.ObjectionRow, person: { personName: string; unitName: string }) {
  return {
    id: o.id,
    applicationId: o.applicationId,
    personName: person.personName,
    unitName: person.unitName,
    source: o.source as 'online' | 'staff',
    objectorName: o.objectorName,
    objectorContact: o.objectorContact,
    content: o.content,
    status: o.status as ObjectionStatus,
    investigation: o.investigation,
    resolution: o.resolution,
    createdAt: o.createdAt.toISOString(),
    resolvedAt: o.resolvedAt?.toISOString() ?? null,
  };
}

// ─── The province's side ───────────────────────────────────────────────────────────────────────────────

export async function publicityOverview(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
  track: ResultTrack = 'regular',
) {
  const today = chinaDate(deps.clock.now());
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const { campaign, releasedAt } = await findResultsState(tx, campaignId, track);
    const list = await repo.findList(tx, campaignId, track);
    const state = publicityState(list, today);
    const c = await repo.counts(tx, campaignId, track);
    const manage = isProvinceManager(ctx.actor, 'publicity.manage') && campaign.status !== 'closed';
    const qualified = list ? c.listed : releasedAt ? (await qualifiedCandidates(tx, campaignId, track)).length : 0;
    const tracks = [];
    for (const t of RESULT_TRACKS) {
      const released = t === track ? releasedAt : (await findResultsState(tx, campaignId, t)).releasedAt;
      const tList = t === track ? list : await repo.findList(tx, campaignId, t);
      tracks.push({
        track: t,
        label: RESULT_TRACK_LABELS[t],
        releasedAt: released?.toISOString() ?? null,
        state: publicityState(tList, today),
      });
    }
    return {
      campaign: { id: campaign.id, name: campaign.name, year: campaign.year },
      today,
      track,
      trackLabel: RESULT_TRACK_LABELS[track],
      tracks,
      releasedAt: releasedAt?.toISOString() ?? null,
      state,
      period: list ? presentPeriod(list) : null,
      defaultWorkingDays: resultPeriodsOf(campaign.examSettings).publicityDays,
      qualified,
      struck: c.struck,
      openObjections: c.openObjections,
      abilities: {
        publish: manage && !list && releasedAt !== null,
        manage: manage && state === 'running',
        notice: isProvinceManager(ctx.actor, 'publicity.manage') && state === 'ended' && c.openObjections === 0,
      },
    };
  });
}

/**
 * 发布公示 of one result track: the qualified persons of the track (released; its grades passed), for N working days
 * from `startsOn` (default today).
 */
export async function publishPublicity(deps: AppDeps, ctx: ServiceContext, campaignId: number, body: PublishBody) {
  assertProvinceManager(ctx.actor, 'publicity.manage', REFUSAL);
  const today = chinaDate(deps.clock.now());
  const track = body.track ?? 'regular';
  const label = RESULT_TRACK_LABELS[track];
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const { campaign, releasedAt } = await findResultsState(tx, campaignId, track, true);
    if (campaign.status === 'closed') throw new AppError('CAMPAIGN_CLOSED', `「${campaign.name}」已结束，不能再修改`);
    if (!releasedAt) {
      throw new AppError('SCORES_NOT_RELEASED', `${label}的成绩尚未发布，发布成绩后方可公示合格人员`);
    }
    if (await repo.findList(tx, campaignId, track))
      throw new AppError('PUBLICITY_PUBLISHED', `「${campaign.name}」${label}的合格人员已公示`);
    const startsOn = body.startsOn ?? today;
    if (compareIso(startsOn, today) < 0) {
      throw new AppError('VALIDATION_FAILED', '字段「startsOn」：公示开始日期不能早于今天', { field: 'startsOn' });
    }
    const workingDays = body.workingDays ?? resultPeriodsOf(campaign.examSettings).publicityDays;
    let endsOn: string;
    try {
      endsOn = periodEnd(startsOn, workingDays, await workCalendarOf(tx));
    } catch (error) {
      throw new AppError('CALENDAR_INVALID', `无法按工作日历计算公示期：${(error as Error).message}，请检查工作日历`);
    }
    const people = await qualifiedCandidates(tx, campaignId, track);
    const now = deps.clock.now();
    await repo.insertList(tx, {
      campaignId,
      track,
      startsOn,
      endsOn,
      workingDays,
      contact: body.contact.trim(),
      publishedAt: now,
      publishedBy: ctx.actor.accountId,
    });
    await repo.insertEntries(
      tx,
      people.map((p) => ({
        applicationId: p.applicationId,
        campaignId,
        name: p.name,
        idNumberMasked: maskIdNumberPublic(p.idNumber),
        orgPath: p.orgPath,
        jurisdictionId: p.jurisdictionId,
        jurisdictionName: p.jurisdictionName,
        unitName: p.unitName,
        jobTypeName: p.jobTypeName,
        grade: p.grade,
      })),
    );
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...auditPlace(ctx),
        entityType: 'publicity',
        entityId: campaignId,
        action: 'publicity.publish',
        summary: `公示「${campaign.name}」${label}合格人员 ${people.length} 名：${startsOn} 至 ${endsOn}（${workingDays} 个工作日）`,
        after: { track, startsOn, endsOn, workingDays, listed: people.length },
      },
      now,
    );
    return { track, startsOn, endsOn, workingDays, listed: people.length };
  });
}

export async function listEntries(deps: AppDeps, ctx: ServiceContext, campaignId: number, query: EntriesQuery) {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const { total, rows } = await repo.pageEntries(
      tx,
      campaignId,
      {
        q: query.q?.trim() || undefined,
        struck: query.struck === undefined ? undefined : query.struck === 'yes',
        track: query.track,
      },
      { offset: (page - 1) * pageSize, limit: pageSize },
    );
    return { total, page, pageSize, items: rows.map(presentEntry) };
  });
}

export async function listObjections(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
  status?: ObjectionStatus,
  track?: ResultTrack,
) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => ({
    items: (await repo.listObjections(tx, campaignId, status, track)).map((r) => presentObjection(r.objection, r)),
  }));
}

/** The publicity an objection about this person goes to: their track's (their grade), while it runs. */
async function openList(tx: Tx, campaignId: number, track: ResultTrack, today: string): Promise<repo.ListRow> {
  const list = await repo.findList(tx, campaignId, track);
  if (!list || compareIso(today, list.startsOn) < 0)
    throw new AppError('PUBLICITY_NOT_PUBLISHED', `该考核年度尚未公示${RESULT_TRACK_LABELS[track]}合格人员`);
  if (compareIso(today, list.endsOn) > 0)
    throw new AppError('PUBLICITY_ENDED', `公示期已于 ${list.endsOn} 结束，不再受理异议`);
  return list;
}

async function listedPerson(tx: Tx, campaignId: number, applicationId: number): Promise<repo.EntryRow> {
  const entry = await repo.findEntry(tx, campaignId, applicationId);
  if (!entry || entry.struckAt) throw new AppError('PUBLICITY_PERSON_NOT_LISTED', '公示名单中没有该人员');
  return entry;
}

/** 登记异议 by staff (a letter, a call) during the period. */
export async function recordObjection(deps: AppDeps, ctx: ServiceContext, campaignId: number, body: ObjectionBody) {
  assertProvinceManager(ctx.actor, 'publicity.manage', REFUSAL);
  const now = deps.clock.now();
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const entry = await listedPerson(tx, campaignId, body.applicationId);
    await openList(tx, campaignId, trackOfGrade(entry.grade), chinaDate(now));
    const row = await repo.insertObjection(tx, {
      campaignId,
      applicationId: entry.applicationId,
      source: 'staff',
      objectorName: body.objectorName.trim(),
      objectorContact: body.objectorContact.trim(),
      content: body.content.trim(),
      orgPath: entry.orgPath,
      recordedBy: ctx.actor.accountId,
      now,
    });
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...auditPlace(ctx),
        entityType: 'publicity_objection',
        entityId: row.id,
        action: 'objection.create',
        summary: `登记对公示人员「${entry.name}」的异议（异议人 ${row.objectorName}）`,
        after: { applicationId: entry.applicationId, source: 'staff' },
      },
      now,
    );
    return presentObjection(row, { personName: entry.name, unitName: entry.unitName });
  });
}

async function changeObjection(
  deps: AppDeps,
  ctx: ServiceContext,
  id: number,
  change: (tx: Tx, o: repo.ObjectionRow, entry: repo.EntryRow, now: Date) => Promise<repo.ObjectionRow>,
) {
  assertProvinceManager(ctx.actor, 'publicity.manage', REFUSAL);
  const now = deps.clock.now();
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const o = await repo.findObjection(tx, id, true);
    if (!o) throw new AppError('NOT_FOUND', '异议不存在');
    if (!isObjectionOpen(o.status as ObjectionStatus)) throw new AppError('OBJECTION_RESOLVED', '该异议已处理完毕');
    const entry = (await repo.findEntry(tx, o.campaignId, o.applicationId))!;
    const row = await change(tx, o, entry, now);
    return presentObjection(row, { personName: entry.name, unitName: entry.unitName });
  });
}

/** 调查: the investigation's findings so far (the objection moves to 调查中). */
export async function investigateObjection(deps: AppDeps, ctx: ServiceContext, id: number, investigation: string) {
  return changeObjection(deps, ctx, id, async (tx, o, entry, now) => {
    const row = await repo.updateObjection(tx, id, {
      status: 'investigating',
      investigation: investigation.trim(),
      updatedAt: now,
    });
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...auditPlace(ctx),
        entityType: 'publicity_objection',
        entityId: id,
        action: 'objection.investigate',
        summary: `调查对「${entry.name}」的异议 #${id}`,
        before: { status: o.status, investigation: o.investigation },
        after: { status: 'investigating', investigation: row.investigation },
      },
      now,
    );
    return row;
  });
}

/**
 * 处理异议 with a reason: upheld strikes the person from the list (the notice and the certificates leave them out),
 * dismissed keeps them. Allowed after the period too (an objection filed in time is always answered).
 */
export async function resolveObjection(deps: AppDeps, ctx: ServiceContext, id: number, body: ResolveBody) {
  return changeObjection(deps, ctx, id, async (tx, o, entry, now) => {
    const reason = body.reason.trim();
    const investigation = body.investigation?.trim() || o.investigation;
    const row = await repo.updateObjection(tx, id, {
      status: body.outcome,
      investigation,
      resolution: reason,
      resolvedBy: ctx.actor.accountId,
      resolvedAt: now,
      updatedAt: now,
    });
    if (body.outcome === 'upheld' && !entry.struckAt) {
      await repo.strikeEntry(tx, entry.applicationId, `异议 #${id} 成立：${reason}`, now);
    }
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...auditPlace(ctx),
        entityType: 'publicity_objection',
        entityId: id,
        action: 'objection.resolve',
        summary:
          body.outcome === 'upheld'
            ? `异议 #${id} 成立，取消「${entry.name}」的合格资格：${reason}`
            : `异议 #${id} 不成立，「${entry.name}」保留在合格人员名单中：${reason}`,
        before: { status: o.status },
        after: { status: body.outcome, resolution: reason, struck: body.outcome === 'upheld' },
      },
      now,
    );
    return row;
  });
}

/**
 * 合格人员通知 (PDF) of one result track: after its period, with every objection about its persons answered; struck
 * persons left out. Audited.
 */
export async function qualifiedNotice(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
  documentNumber?: string,
  track: ResultTrack = 'regular',
): Promise<{ pdf: Buffer; fileName: string }> {
  assertProvinceManager(ctx.actor, 'publicity.manage', REFUSAL);
  const now = deps.clock.now();
  const today = chinaDate(now);
  const label = RESULT_TRACK_LABELS[track];
  const { campaign, list, entries } = await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const { campaign } = await findResultsState(tx, campaignId, track);
    const list = await repo.findList(tx, campaignId, track);
    if (!list) throw new AppError('PUBLICITY_NOT_PUBLISHED', `该考核年度尚未公示${label}合格人员`);
    if (publicityState(list, today) !== 'ended') {
      throw new AppError('PUBLICITY_RUNNING', `${label}公示期至 ${list.endsOn}，公示期满后方可下发合格人员通知`);
    }
    if ((await repo.counts(tx, campaignId, track)).openObjections > 0) {
      throw new AppError('OBJECTIONS_OPEN', `${label}公示还有未处理完的异议，处理完毕后方可下发合格人员通知`);
    }
    const entries = (await repo.allEntries(tx, campaignId, track)).filter((e) => !e.struckAt);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...auditPlace(ctx),
        entityType: 'publicity',
        entityId: campaignId,
        action: 'publicity.notice',
        summary: `下发「${campaign.name}」${label}合格人员通知（${entries.length} 名）`,
        after: { track, qualified: entries.length, documentNumber: documentNumber ?? null },
      },
      now,
    );
    return { campaign, list, entries };
  });
  const byJurisdiction = new Map<string, repo.EntryRow[]>();
  for (const e of entries) {
    const group = byJurisdiction.get(e.jurisdictionName) ?? [];
    group.push(e);
    byJurisdiction.set(e.jurisdictionName, group);
  }
  const pdf = await renderQualifiedNotice({
    year: campaign.year,
    campaignNoticeNumber: (await campaignNoticeNumber(deps, campaignId)) ?? '',
    documentNumber: documentNumber?.trim() || null,
    publicity: { startsOn: list.startsOn, endsOn: list.endsOn },
    issuedOn: today,
    track,
    jurisdictions: [...byJurisdiction].map(([name, persons]) => ({ name, persons })),
  });
  return { pdf, fileName: `${campaign.year}年${label}合格人员通知.pdf` };
}

async function campaignNoticeNumber(deps: AppDeps, campaignId: number): Promise<string | null> {
  return inSystemTx(deps.db, (tx) => repo.campaignNoticeNumber(tx, campaignId));
}

// ─── The public page (no account; system transactions; masked columns only) ─────────────────────────────

export async function publicPublicityList(deps: AppDeps) {
  const today = chinaDate(deps.clock.now());
  return inSystemTx(deps.db, async (tx) => ({
    items: (await repo.listPublished(tx))
      .filter((r) => compareIso(today, r.list.startsOn) >= 0)
      .map((r) => ({
        campaignId: r.list.campaignId,
        track: r.list.track as ResultTrack,
        // Both tracks of a campaign can be listed: the title says which.
        name: `${r.name}（${RESULT_TRACK_LABELS[r.list.track as ResultTrack]}）`,
        state: publicityState(r.list, today),
        startsOn: r.list.startsOn,
        endsOn: r.list.endsOn,
        contact: r.list.contact,
      })),
  }));
}

async function publishedList(tx: Tx, campaignId: number, track: ResultTrack, today: string) {
  const list = await repo.findList(tx, campaignId, track);
  if (!list || compareIso(today, list.startsOn) < 0)
    throw new AppError('PUBLICITY_NOT_PUBLISHED', `该考核年度尚未公示${RESULT_TRACK_LABELS[track]}合格人员`);
  return list;
}

/** The published list as the public sees it: persons not struck, ID numbers masked, paged, searched by name or unit. */
export async function publicEntries(deps: AppDeps, campaignId: number, query: EntriesQuery) {
  const today = chinaDate(deps.clock.now());
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  const track = query.track ?? 'regular';
  return inSystemTx(deps.db, async (tx) => {
    const list = await publishedList(tx, campaignId, track, today);
    const { campaign } = await findResultsState(tx, campaignId, track);
    const { total, rows } = await repo.pageEntries(
      tx,
      campaignId,
      { q: query.q?.trim() || undefined, struck: false, track },
      { offset: (page - 1) * pageSize, limit: pageSize },
    );
    return {
      campaign: { id: campaign.id, name: campaign.name },
      track,
      trackLabel: RESULT_TRACK_LABELS[track],
      state: publicityState(list, today),
      startsOn: list.startsOn,
      endsOn: list.endsOn,
      contact: list.contact,
      total,
      page,
      pageSize,
      items: rows.map((e) => {
        const { struck: _s, struckReason: _r, ...shown } = presentEntry(e);
        return shown;
      }),
    };
  });
}

/** 提出异议 on the public page (rate-limited by the route): during the period, about a listed person. Audited. */
export async function fileObjectionOnline(deps: AppDeps, meta: RequestMeta, campaignId: number, body: ObjectionBody) {
  const now = deps.clock.now();
  return inSystemTx(deps.db, async (tx) => {
    const entry = await listedPerson(tx, campaignId, body.applicationId);
    await openList(tx, campaignId, trackOfGrade(entry.grade), chinaDate(now));
    const row = await repo.insertObjection(tx, {
      campaignId,
      applicationId: entry.applicationId,
      source: 'online',
      objectorName: body.objectorName.trim(),
      objectorContact: body.objectorContact.trim(),
      content: body.content.trim(),
      orgPath: entry.orgPath,
      recordedBy: null,
      now,
    });
    await recordAudit(
      tx,
      null,
      meta,
      {
        orgNodeId: null,
        orgPath: entry.orgPath,
        entityType: 'publicity_objection',
        entityId: row.id,
        action: 'objection.create',
        summary: `收到对公示人员「${entry.name}」的网上异议（异议人 ${row.objectorName}）`,
        after: { applicationId: entry.applicationId, source: 'online' },
      },
      now,
    );
    return { id: row.id, message: `异议已收到（编号 ${row.id}），我们将调查核实并与您联系` };
  });
}

// ─── For other modules (certificates) ──────────────────────────────────────────────────────────────────────

/**
 * Was this person struck from the publicity after an upheld objection? Certificates must not be issued to them.
 * In the caller's transaction.
 */
export function isStruckFromPublicity(tx: Tx, applicationId: number): Promise<boolean> {
  return repo.isStruck(tx, applicationId);
}

/** The applications struck from a campaign's publicity (upheld objections), in the caller's transaction. */
export async function struckFromPublicity(tx: Tx, campaignId: number): Promise<Set<number>> {
  return new Set(await repo.struckIds(tx, campaignId));
}

/**
 * Why certificates of a result track cannot be issued yet, or null: while the track's published publicity runs (its
 * period not over, or an objection about one of its persons not yet resolved) the list may still change. A track never
 * published issues as before (the province's choice, e.g. a publicity held outside the system). The other track's
 * publicity holds nothing here. In the caller's transaction; `today` is the Beijing date.
 */
export async function publicityHoldsCertificates(
  tx: Tx,
  campaignId: number,
  track: ResultTrack,
  today: string,
): Promise<string | null> {
  const list = await repo.findList(tx, campaignId, track);
  if (!list) return null;
  const label = RESULT_TRACK_LABELS[track];
  if (publicityState(list, today) !== 'ended') return `${label}合格人员公示期至 ${list.endsOn}，公示期满后方可发证`;
  if ((await repo.counts(tx, campaignId, track)).openObjections > 0) {
    return `${label}公示还有未处理完的异议，处理完毕后方可发证`;
  }
  return null;
}
