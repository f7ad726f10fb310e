/**
 * Item analysis (试题分析, issue 17 part 5), for 题库管理员 only: after a sitting, the statistics of every item version
 * a campaign subject's papers held (domain/item-analysis.ts), computed as a background job from the finished
 * subjects' saved answers and their papers, stored, listed, exported; a flagged item is retired (through the banks
 * service) or marked reviewed with a note. A module of its own, not part of banks: it reads exam day's attempts and
 * the papers, and writes tables of its own; banks keep the items and their life cycle, which this module asks for.
 */
import ExcelJS from 'exceljs';
import {
  FEW_ATTEMPTS,
  ITEM_FLAG_LABELS,
  ItemAnalysis,
  type ItemFlag,
  itemAnalysisBounds,
} from '../../../domain/item-analysis.js';
import { ITEM_STATUS_LABELS, ITEM_TYPE_LABELS, SUBJECT_LABELS, SUBJECTS, type Subject } from '../../../domain/items.js';
import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { recordAudit } from '../../platform/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { hasPermission } from '../../platform/permissions.js';
import { inScopedTx, inSystemTx } from '../../platform/tx.js';
import { writeXlsx } from '../../platform/xlsx.js';
import { assertPermission, auditPlace, contentKeyOf, decideItem } from '../banks/banks.service.js';
import { findCampaignRow } from '../campaigns/campaigns.service.js';
import { copyPapersForScoring, paperItemsForAnalysis, readPapersForScoring } from '../papers/papers.service.js';
import * as repo from './item-analysis.repository.js';
import type { ItemListQuery, ItemStatView } from './item-analysis.schemas.js';

/** Finished subjects whose papers and answers are read per round trip. */
const BATCH = 2000;

async function campaignOf(tx: Tx, campaignId: number) {
  const campaign = await findCampaignRow(tx, campaignId);
  if (!campaign) throw new AppError('NOT_FOUND', '考核年度不存在');
  return campaign;
}

function presentStat(ctx: ServiceContext, row: repo.StatRow): ItemStatView {
  const manage = hasPermission(ctx.actor.role, 'bank.manage');
  return {
    itemId: row.itemId,
    version: row.version,
    bankName: row.bankName,
    type: row.type,
    knowledgePoint: row.knowledgePoint,
    status: row.status,
    attempts: row.attempts,
    correct: row.correct,
    p: row.p,
    discrimination: row.discrimination,
    optionRates: row.optionRates,
    blankRate: row.blankRate,
    flags: row.flags,
    reviewedAt: row.reviewedAt?.toISOString() ?? null,
    reviewerName: row.reviewerName,
    reviewNote: row.reviewNote,
    abilities: {
      retire: manage && row.status !== null && row.status !== 'retired',
      review: manage,
    },
  };
}

// ─── Reads ──────────────────────────────────────────────────────────────────────────────────────────────

/** Per subject of the campaign: how many subjects were handed in, and the last analysis, if any. */
export async function itemAnalysisSummary(deps: AppDeps, ctx: ServiceContext, campaignId: number) {
  assertPermission(ctx.actor, 'bank.read');
  const campaign = await inScopedTx(deps.db, ctx.actor, (tx) => campaignOf(tx, campaignId));
  // Exam day's rows are read by no bank manager's role: the counts come from a system transaction.
  const finished = await inSystemTx(deps.db, (tx) => repo.subjectsWithAttempts(tx, campaignId));
  const runs = await inScopedTx(deps.db, ctx.actor, (tx) => repo.listRuns(tx, campaignId));
  const subjects = new Set<Subject>([...finished.map((f) => f.subject), ...runs.map((r) => r.subject)]);
  return {
    campaignName: campaign.name,
    fewAttempts: FEW_ATTEMPTS,
    subjects: SUBJECTS.filter((s) => subjects.has(s)).map((subject) => {
      const run = runs.find((r) => r.subject === subject);
      return {
        subject,
        finished: finished.find((f) => f.subject === subject)?.count ?? 0,
        analysis: run
          ? {
              attempts: run.attempts,
              itemsPerPaper: run.itemsPerPaper,
              maxScore: run.maxScore,
              mean: run.mean,
              sd: run.sd,
              kr20: run.kr20,
              histogram: run.histogram,
              bounds: run.bounds,
              flagged: run.flagged,
              computedAt: run.computedAt.toISOString(),
            }
          : null,
      };
    }),
  };
}

export async function listItemStatistics(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
  subject: Subject,
  query: ItemListQuery,
) {
  assertPermission(ctx.actor, 'bank.read');
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    await campaignOf(tx, campaignId);
    const { total, items } = await repo.listStatistics(tx, campaignId, subject, {
      flaggedOnly: query.flagged === true,
      page,
      pageSize,
    });
    return { total, page, pageSize, items: items.map((row) => presentStat(ctx, row)) };
  });
}

const pct = (x: number | null) => (x === null ? '' : Math.round(x * 1000) / 10);

/** The statistics of a campaign subject as a workbook (summary sheet and one row per item version). */
export async function exportItemStatistics(deps: AppDeps, ctx: ServiceContext, campaignId: number, subject: Subject) {
  assertPermission(ctx.actor, 'bank.read');
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const campaign = await campaignOf(tx, campaignId);
    const run = (await repo.listRuns(tx, campaignId)).find((r) => r.subject === subject);
    if (!run) throw new AppError('ITEM_ANALYSIS_MISSING', '该科目尚未进行试题分析');
    const { items } = await repo.listStatistics(tx, campaignId, subject, null);
    const book = new ExcelJS.Workbook();
    const summary = book.addWorksheet('概况');
    summary.columns = [{ width: 22 }, { width: 40 }];
    summary.addRows([
      ['考核年度', campaign.name],
      ['科目', SUBJECT_LABELS[subject]],
      ['答卷数', run.attempts],
      ['每卷题数', run.itemsPerPaper],
      ['平均分', run.mean ?? ''],
      ['标准差', run.sd ?? ''],
      ['KR-20 信度', run.kr20 ?? '无法计算'],
      ['计算时间', run.computedAt.toISOString()],
      ['过难界限（答对率低于）', run.bounds.minP],
      ['过易界限（答对率高于）', run.bounds.maxP],
      ['区分度界限（低于）', run.bounds.minDiscrimination],
    ]);
    if (run.attempts < FEW_ATTEMPTS) summary.addRow(['提示', `答卷少于 ${FEW_ATTEMPTS} 份，统计结果不稳定，仅供参考`]);
    summary.addRow([]);
    summary.addRow(['分数段', '人数']);
    for (const bin of run.histogram) summary.addRow([`${bin.from}–${bin.to}`, bin.count]);
    const sheet = book.addWorksheet('试题');
    sheet.columns = [
      { header: '试题编号', width: 10 },
      { header: '版本', width: 6 },
      { header: '题库', width: 24 },
      { header: '题型', width: 8 },
      { header: '知识点', width: 20 },
      { header: '状态', width: 8 },
      { header: '作答人数', width: 10 },
      { header: '答对人数', width: 10 },
      { header: '难度（答对率%）', width: 14 },
      { header: '区分度', width: 10 },
      ...['A', 'B', 'C', 'D', 'E', 'F'].map((l) => ({ header: `选${l}%`, width: 8 })),
      { header: '选“对”%', width: 9 },
      { header: '选“错”%', width: 9 },
      { header: '未答%', width: 8 },
      { header: '标记', width: 18 },
      { header: '复核', width: 30 },
    ];
    for (const i of items) {
      const rate = (l: string) => (l in i.optionRates ? pct(i.optionRates[l]!) : '');
      sheet.addRow([
        i.itemId,
        i.version,
        i.bankName ?? '',
        i.type ? (ITEM_TYPE_LABELS as Record<string, string>)[i.type] : '',
        i.knowledgePoint ?? '',
        i.status ? (ITEM_STATUS_LABELS as Record<string, string>)[i.status] : '',
        i.attempts,
        i.correct,
        pct(i.p),
        i.discrimination ?? '无法计算',
        ...['A', 'B', 'C', 'D', 'E', 'F', 'T'].map(rate),
        i.type === 'true_false' ? rate('F') : '',
        pct(i.blankRate),
        i.flags.map((f: ItemFlag) => ITEM_FLAG_LABELS[f]).join('、'),
        i.reviewedAt ? `${i.reviewerName ?? ''}：${i.reviewNote ?? ''}` : '',
      ]);
    }
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    const file = await writeXlsx(book);
    return { file, fileName: `试题分析-${campaign.name}-${SUBJECT_LABELS[subject]}.xlsx`, count: items.length };
  });
}

// ─── The computation ────────────────────────────────────────────────────────────────────────────────────

/**
 * Computes a campaign subject's item analysis from every finished subject (handed in, not stopped) and stores it;
 * one audit row. Reads in a system transaction (attempts are no bank manager's to read row by row: only the
 * statistics leave), after the permission check.
 */
export async function computeItemAnalysis(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
  subject: Subject,
  onProgress: (done: number, total: number) => void = () => undefined,
) {
  assertPermission(ctx.actor, 'bank.manage');
  contentKeyOf(deps);
  return inSystemTx(deps.db, async (tx) => {
    const campaign = await campaignOf(tx, campaignId);
    const bounds = itemAnalysisBounds((campaign.examSettings as { itemAnalysis?: unknown } | null)?.itemAnalysis);
    const subjects = await repo.finishedSubjects(tx, campaignId, subject);
    const analysis = new ItemAnalysis();
    // On PostgreSQL the next batch's papers (by binary COPY, the sealed bytes as stored) and answers are read on two
    // other connections (neither changes once handed in) while this batch is unsealed and accumulated; the embedded database has one connection: there they
    // are read in the transaction, in turn.
    const read = (from: number) => {
      const batch = subjects.slice(from, from + BATCH);
      const paperIds = batch.map((s) => s.paperId);
      const subjectIds = batch.map((s) => s.id);
      if (deps.dbKind !== 'postgres') return null;
      const loaded = Promise.all([
        copyPapersForScoring(deps.db, paperIds),
        inSystemTx(deps.db, (other) => repo.answersOfSubjects(other, subjectIds)),
      ]);
      // A rejection is taken where the batch awaits it; this keeps it from counting as unhandled meanwhile.
      loaded.catch(() => undefined);
      return loaded;
    };
    let next = subjects.length > 0 ? read(0) : null;
    const none = new Map<number, string>();
    for (let i = 0; i < subjects.length; i += BATCH) {
      const batch = subjects.slice(i, i + BATCH);
      const [rows, answers] = (await next) ?? [
        await readPapersForScoring(
          tx,
          batch.map((s) => s.paperId),
        ),
        await repo.answersOfSubjects(
          tx,
          batch.map((s) => s.id),
        ),
      ];
      next = i + BATCH < subjects.length ? read(i + BATCH) : null;
      const papers = await paperItemsForAnalysis(deps, tx, rows);
      for (const s of batch) {
        const paper = papers.get(s.paperId);
        if (!paper) throw new AppError('NOT_FOUND', `试卷 #${s.paperId} 不存在`);
        analysis.add(paper, answers.get(s.id) ?? none);
      }
      onProgress(Math.min(i + BATCH, subjects.length), subjects.length);
    }
    const summary = analysis.subjectStatistics();
    const items = analysis.itemStatistics(bounds);
    const now = deps.clock.now();
    await repo.writeResults(
      tx,
      { campaignId, subject, ...summary, bounds, computedAt: now, computedBy: ctx.actor.accountId },
      items,
    );
    const flagged = items.filter((i) => i.flags.length > 0).length;
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...auditPlace(ctx.actor),
        entityType: 'item_analysis',
        entityId: campaignId,
        action: 'item_analysis.compute',
        summary: `试题分析「${campaign.name}」${SUBJECT_LABELS[subject]}：${summary.attempts} 份答卷，${items.length} 道试题，${flagged} 道超出界限`,
        after: { subject, attempts: summary.attempts, items: items.length, flagged },
      },
      now,
    );
    return { attempts: summary.attempts, items: items.length, flagged };
  });
}

// ─── Decisions on a flagged item ────────────────────────────────────────────────────────────────────────

async function loadStat(
  deps: AppDeps,
  ctx: ServiceContext,
  key: { campaignId: number; subject: Subject; itemId: number; version: number },
) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const row = await repo.findStatistic(tx, key.campaignId, key.subject, key.itemId, key.version);
    if (!row) throw new AppError('NOT_FOUND', '该试题不在此科目的试题分析中');
    return row;
  });
}

/** Retires the item version (the banks' own use case and audit row), then answers with its statistics. */
export async function retireAnalysedItem(
  deps: AppDeps,
  ctx: ServiceContext,
  key: { campaignId: number; subject: Subject; itemId: number; version: number },
) {
  assertPermission(ctx.actor, 'bank.manage');
  await loadStat(deps, ctx, key);
  await decideItem(deps, ctx, key.itemId, key.version, 'retire');
  return presentStat(ctx, await loadStat(deps, ctx, key));
}

/** Marks the item reviewed with a note (kept over recomputes); one audit row. */
export async function reviewAnalysedItem(
  deps: AppDeps,
  ctx: ServiceContext,
  key: { campaignId: number; subject: Subject; itemId: number; version: number },
  note: string,
) {
  assertPermission(ctx.actor, 'bank.manage');
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const row = await repo.findStatistic(tx, key.campaignId, key.subject, key.itemId, key.version);
    if (!row) throw new AppError('NOT_FOUND', '该试题不在此科目的试题分析中');
    const now = deps.clock.now();
    const text = note.trim();
    await repo.markReviewed(tx, key, { at: now, by: ctx.actor.accountId, name: ctx.actor.displayName, note: text });
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...auditPlace(ctx.actor),
        entityType: 'bank_item',
        entityId: key.itemId,
        action: 'bank_item.analysis_review',
        summary: `试题 #${key.itemId} 第${key.version}版的试题分析标为已复核（${SUBJECT_LABELS[key.subject]}）`,
        before: { reviewNote: row.reviewNote },
        after: { version: key.version, subject: key.subject, flags: row.flags, reviewNote: text },
      },
      now,
    );
    return presentStat(ctx, {
      ...row,
      reviewedAt: now,
      reviewerName: ctx.actor.displayName,
      reviewNote: text,
    });
  });
}
