/**
 * Results (成绩), issue 16: the score table of a campaign (compiled from exam day, plus imported subjects sat
 * elsewhere), its lists, aggregates and export for officials' subtrees, the province's re-score and release, and
 * the public lookup by ID number and ticket number once released. See ARCHITECTURE.md "Results".
 */
import ExcelJS from 'exceljs';
import { GRADE_LABELS } from '../../../domain/eligibility.js';
import { scoreAnswers } from '../../../domain/exam.js';
import {
  examSubjectsOfGrade,
  RESULT_SUBJECTS,
  type ResultSubject,
  SUBJECT_LABELS,
  SUBJECTS,
  type Subject,
} from '../../../domain/items.js';
import { RESULT_TRACK_LABELS, RESULT_TRACKS, type ResultTrack, trackOfGrade } from '../../../domain/result-tracks.js';
import {
  type Grouping,
  gradePasses,
  isValidScore,
  type PassLines,
  passLinesOf,
  passRate,
  RESULT_STATUS_LABELS,
  type ResultStatus,
  resultSubjectsOfGrade,
  type SubjectResult,
} from '../../../domain/scores.js';
import { normalizeTicketNumber } from '../../../domain/ticket-number.js';
import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { recordAudit } from '../../platform/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { hasPermission } from '../../platform/permissions.js';
import { inScopedTx, inSystemTx } from '../../platform/tx.js';
import { writeXlsx } from '../../platform/xlsx.js';
import { readSheetRows, tooManyRows } from '../../platform/xlsx-read.js';
import { assertProvinceManager, isProvinceManager } from '../catalog/catalog.service.js';
import {
  copyPapersForScoring,
  paperKeysForScoring,
  readPapersForScoring,
  rebuildPaperForReview,
  type ScoringKeyCache,
} from '../papers/papers.service.js';
import * as repo from './scores.repository.js';
import type { ScoreListQuery } from './scores.schemas.js';

const REFUSAL = '只有省级管理员可以汇总、重新评分、导入和发布成绩';
/** Papers unsealed, and their keys written, per batch of a re-score. */
const RESCORE_BATCH = 2000;
export const MAX_IMPORT_ROWS = 5000;
export const MAX_EXPORT_ROWS = 200_000;

const auditOf = (ctx: ServiceContext, campaignId: number) => ({
  orgNodeId: ctx.actor.orgNodeId,
  orgPath: ctx.actor.orgPath,
  entityType: 'score',
  entityId: campaignId,
});

async function campaignOf(tx: Tx, campaignId: number): Promise<repo.CampaignRef> {
  const campaign = await repo.findCampaign(tx, campaignId);
  if (!campaign) throw new AppError('NOT_FOUND', '考核年度不存在');
  return campaign;
}

/** A released track refuses changes to its rows; the other track stays changeable. */
function assertChangeable(campaign: repo.CampaignRef, state: repo.ScoreState, track: ResultTrack) {
  if (campaign.status === 'closed') throw new AppError('CAMPAIGN_CLOSED', `「${campaign.name}」已结束，不能再修改`);
  if (state.releasedAt) {
    throw new AppError('SCORES_RELEASED', `「${campaign.name}」${RESULT_TRACK_LABELS[track]}的成绩已发布，不能再修改`);
  }
}

function subjectResultOf(s: { status: string; score: number | null; tier: number | null }): SubjectResult {
  switch (s.status as ResultStatus) {
    case 'scored':
      return { status: 'scored', score: Number(s.score) };
    case 'absent':
      return { status: 'absent' };
    case 'voided':
      return { status: 'voided', tier: Number(s.tier) };
    default:
      return { status: 'pending' };
  }
}

// ─── Reads ──────────────────────────────────────────────────────────────────────────────────────────────

/** The overview of one result track (default 五级至二级), with both tracks' states for the switch. */
export async function scoreOverview(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
  track: ResultTrack = 'regular',
) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const campaign = await campaignOf(tx, campaignId);
    const states = await repo.findTrackStates(tx, campaignId);
    const state = states[track];
    const manage = isProvinceManager(ctx.actor, 'scores.manage') && campaign.status !== 'closed';
    return {
      campaign: { id: campaign.id, name: campaign.name },
      passLines: passLinesOf(campaign.examSettings),
      track,
      tracks: RESULT_TRACKS.map((t) => ({
        track: t,
        label: RESULT_TRACK_LABELS[t],
        candidates: states[t].candidates,
        compiledAt: states[t].compiledAt?.toISOString() ?? null,
        releasedAt: states[t].releasedAt?.toISOString() ?? null,
      })),
      compiledAt: state.compiledAt?.toISOString() ?? null,
      releasedAt: state.releasedAt?.toISOString() ?? null,
      abilities: {
        compile: manage && !state.releasedAt,
        rescore: manage && !state.releasedAt,
        import: manage && !state.releasedAt,
        release: manage && !state.releasedAt && state.compiledAt !== null,
        export: hasPermission(ctx.actor.role, 'scores.read'),
      },
    };
  });
}

function presentCandidate(row: repo.CandidateScoreRow, lines: PassLines) {
  return {
    applicationId: row.applicationId,
    name: row.name,
    idNumber: row.idNumber,
    ticketNumber: row.ticketNumber,
    jurisdictionId: row.jurisdictionId,
    unitId: row.unitId,
    jobTypeId: row.jobTypeId,
    grade: row.grade,
    subjects: RESULT_SUBJECTS.filter((s) => row.subjects[s]).map((subject) => {
      const s = row.subjects[subject]!;
      return {
        subject,
        status: s.status as ResultStatus,
        score: s.status === 'scored' ? Number(s.score) : null,
        voidTier: s.tier === null ? null : Number(s.tier),
        source: s.source,
        passed: subjectResultOf(s).status === 'scored' && Number(s.score) * 100 >= Math.round(lines[subject] * 100),
      };
    }),
    passed: row.passed,
  };
}

const filterOf = (q: ScoreListQuery): repo.ScoreFilter => ({
  jurisdictionId: q.jurisdictionId,
  unitId: q.unitId,
  jobTypeId: q.jobTypeId,
  grade: q.grade,
  track: q.track,
  outcome: q.outcome,
  q: q.q?.trim() || undefined,
});

export async function listScores(deps: AppDeps, ctx: ServiceContext, campaignId: number, query: ScoreListQuery) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const campaign = await campaignOf(tx, campaignId);
    const lines = passLinesOf(campaign.examSettings);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { total, rows } = await repo.listCandidates(tx, campaignId, filterOf(query), lines, {
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    const names = new Map<number, string>([
      ...(await repo.namesOf(tx, 'unit', [...new Set(rows.flatMap((r) => [r.unitId, r.jurisdictionId]))])),
    ]);
    const jobTypes = await repo.namesOf(tx, 'job_type', [...new Set(rows.map((r) => r.jobTypeId))]);
    return {
      total,
      page,
      pageSize,
      items: rows.map((r) => ({
        ...presentCandidate(r, lines),
        unitName: names.get(r.unitId) ?? '',
        jurisdictionName: names.get(r.jurisdictionId) ?? '',
        jobTypeName: jobTypes.get(r.jobTypeId) ?? '',
      })),
    };
  });
}

export async function scoreAggregates(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
  by: Grouping,
  query: ScoreListQuery,
) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const campaign = await campaignOf(tx, campaignId);
    const lines = passLinesOf(campaign.examSettings);
    const rows = await repo.aggregate(tx, campaignId, filterOf(query), lines, by);
    const names = await repo.namesOf(
      tx,
      by,
      rows.map((r) => r.key),
    );
    const label = (key: number) =>
      by === 'grade'
        ? (GRADE_LABELS[key as keyof typeof GRADE_LABELS] ?? String(key))
        : (names.get(key) ?? String(key));
    const total = rows.reduce(
      (t, r) => ({
        candidates: t.candidates + r.candidates,
        complete: t.complete + r.complete,
        passed: t.passed + r.passed,
        absent: t.absent + r.absent,
        voided: t.voided + r.voided,
      }),
      { candidates: 0, complete: 0, passed: 0, absent: 0, voided: 0 },
    );
    return {
      by,
      rows: rows.map((r) => ({ ...r, label: label(r.key), passRate: passRate(r.passed, r.candidates) })),
      total: { ...total, passRate: passRate(total.passed, total.candidates) },
    };
  });
}

// ─── The province's changes ──────────────────────────────────────────────────────────────────────────────

/**
 * The end of a compile and of a re-score: exam day's results compiled into the score table, the table marked
 * compiled, and the change's audit row.
 */
async function compileAndAudit(
  deps: AppDeps,
  tx: Tx,
  ctx: ServiceContext,
  campaignId: number,
  track: ResultTrack,
  change: (compiled: number) => { action: 'score.compile' | 'score.rescore'; summary: string; after: object },
): Promise<{ compiled: number; now: Date }> {
  const now = deps.clock.now();
  let compiled = await repo.compileExamResults(tx, campaignId, track, now, ctx.actor.accountId);
  // 一级: the panel's confirmed 综合评审 scores join the theory papers' (modules/panels writes panel_results).
  if (track === 'grade1') compiled += await repo.compilePanelResults(tx, campaignId, now, ctx.actor.accountId);
  await repo.markCompiled(tx, campaignId, track, now);
  await recordAudit(tx, ctx.actor, ctx.meta, { ...auditOf(ctx, campaignId), ...change(compiled) }, now);
  return { compiled, now };
}

/**
 * 成绩汇总 of one result track: compiles exam day's results of the track's candidates into the score table (system
 * transaction; one audit row). The other track's rows are not touched.
 */
export async function compileScores(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
  track: ResultTrack = 'regular',
) {
  assertProvinceManager(ctx.actor, 'scores.manage', REFUSAL);
  return inSystemTx(deps.db, async (tx) => {
    const campaign = await campaignOf(tx, campaignId);
    assertChangeable(campaign, await repo.findState(tx, campaignId, track, true), track);
    const { compiled, now } = await compileAndAudit(deps, tx, ctx, campaignId, track, (compiled) => ({
      action: 'score.compile',
      summary: `汇总「${campaign.name}」${RESULT_TRACK_LABELS[track]}的考试成绩：${compiled} 个科目成绩`,
      after: { track, compiled },
    }));
    return { track, compiled, compiledAt: now.toISOString() };
  });
}

/**
 * 重新评分 of the whole campaign (the province): every handed-in subject's score recomputed by domain/exam.ts
 * scoreAnswers (the scoring exam day uses) from its saved answers and its paper's keys, the changed scores written,
 * then the score table compiled again; one system transaction, one audit row.
 *
 * In batches of subjects, overlapped: the next batch's papers are read while this one is worked on (on PostgreSQL
 * by COPY on a connection of their own: papers never change once drawn); this batch's answers are asked for (one
 * string per subject) before its papers are unsealed, so the database gathers them meanwhile; the last batch's
 * changed scores are written while this one is unsealed. Each distinct key is worked out once per re-score
 * (paperKeysForScoring's cache). The embedded database has one connection: there everything runs in turn.
 * (Comparing the answers in the database instead, against keys written to a temporary table, measured the same
 * in all and put a quarter more of it on the database server: see ARCHITECTURE.md "Results".)
 */
export async function rescoreCampaign(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
  onProgress: (done: number, total: number) => void = () => undefined,
  track: ResultTrack = 'regular',
) {
  assertProvinceManager(ctx.actor, 'scores.manage', REFUSAL);
  return inSystemTx(deps.db, async (tx) => {
    const campaign = await campaignOf(tx, campaignId);
    assertChangeable(campaign, await repo.findState(tx, campaignId, track, true), track);
    if (deps.dbKind === 'postgres') await repo.settingsForRescore(tx);
    const subjects = await repo.subjectsToRescore(tx, campaignId, track);
    const readPapers = (ids: number[]) =>
      deps.dbKind === 'postgres' ? copyPapersForScoring(deps.db, ids) : Promise.resolve(null);
    // A rejection is taken where it is awaited; this keeps it from counting as unhandled meanwhile.
    const pending = <T>(promise: Promise<T>) => {
      promise.catch(() => undefined);
      return promise;
    };
    const prefetch = (from: number) =>
      pending(readPapers(subjects.slice(from, from + RESCORE_BATCH).map((s) => s.paperId)));
    const keyCache: ScoringKeyCache = new Map();
    let next = subjects.length > 0 ? prefetch(0) : null;
    let writing: Promise<void> | null = null;
    let changed = 0;
    for (let i = 0; i < subjects.length; i += RESCORE_BATCH) {
      const batch = subjects.slice(i, i + RESCORE_BATCH);
      const rows =
        (await next) ??
        (await readPapersForScoring(
          tx,
          batch.map((s) => s.paperId),
        ));
      next = i + RESCORE_BATCH < subjects.length ? prefetch(i + RESCORE_BATCH) : null;
      const asked = pending(
        repo.answersOfSubjects(
          tx,
          batch.map((s) => s.id),
        ),
      );
      const keys = await paperKeysForScoring(deps, tx, rows, keyCache);
      const answers = await asked;
      const updates: { id: number; score: number }[] = [];
      for (const s of batch) {
        const paperKeys = keys.get(s.paperId);
        if (!paperKeys) throw new AppError('NOT_FOUND', `试卷 #${s.paperId} 不存在`);
        const score = scoreAnswers(paperKeys, answers.get(s.id) ?? new Map()).score;
        if (score !== s.score) updates.push({ id: s.id, score });
      }
      await writing;
      changed += updates.length;
      onProgress(i, subjects.length);
      writing = pending(repo.writeScores(tx, updates));
    }
    await writing;
    onProgress(subjects.length, subjects.length);
    const scored = subjects.length;
    const { compiled } = await compileAndAudit(deps, tx, ctx, campaignId, track, (compiled) => ({
      action: 'score.rescore',
      summary: `重新评分「${campaign.name}」${RESULT_TRACK_LABELS[track]}：${scored} 个科目，${changed} 个成绩有变化`,
      after: { track, scored, changed, compiled },
    }));
    return { scored, changed, compiled };
  });
}

/**
 * 成绩发布 of one result track: from now on the public lookup answers the track's candidates (the province; once per
 * track). The other track stays changeable.
 */
export async function releaseScores(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
  track: ResultTrack = 'regular',
) {
  assertProvinceManager(ctx.actor, 'scores.manage', REFUSAL);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const campaign = await campaignOf(tx, campaignId);
    const state = await repo.findState(tx, campaignId, track, true);
    assertChangeable(campaign, state, track);
    if (!state.compiledAt) {
      throw new AppError('SCORES_NOT_COMPILED', `尚未汇总${RESULT_TRACK_LABELS[track]}的成绩，请先汇总再发布`);
    }
    const now = deps.clock.now();
    await repo.markReleased(tx, campaignId, track, now, ctx.actor.accountId);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...auditOf(ctx, campaignId),
        action: 'score.release',
        summary: `发布「${campaign.name}」${RESULT_TRACK_LABELS[track]}的成绩（公众可凭身份证号和准考证号查询）`,
        after: { track, releasedAt: now.toISOString() },
      },
      now,
    );
    return { track, releasedAt: now.toISOString() };
  });
}

// ─── Import of subjects sat elsewhere (技术监督, 测绘: rules.md §7) ─────────────────────────────────────────

export const IMPORT_COLUMNS = ['身份证号', '准考证号', '科目', '成绩'] as const;
export type ScoreImportMode = 'all_or_nothing' | 'good_rows';
export interface ImportRowError {
  row: number;
  column: string | null;
  message: string;
}

const SUBJECT_BY_LABEL = new Map<string, Subject>(SUBJECTS.map((s) => [SUBJECT_LABELS[s], s]));

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v)
    return v.richText
      .map((t) => t.text)
      .join('')
      .trim();
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '').trim();
  if (typeof v === 'object' && 'text' in v) return String(v.text).trim();
  return String(v).trim();
}

export async function scoreImportTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('成绩');
  ws.columns = [{ width: 22 }, { width: 22 }, { width: 12 }, { width: 10 }];
  ws.addRow([...IMPORT_COLUMNS]).font = { bold: true };
  ws.addRow(['（示例）410105198001011234', '202641010101010101', '岗位技能', 78.5]);
  ws.addRow([
    '（成绩填数字，0–100，最多两位小数；缺考填“缺考”。科目：岗位技能、职业道德、职业能力；一级：职业道德、专业基础知识）',
  ]);
  return writeXlsx(workbook);
}

/**
 * Imports scores of subjects sat elsewhere from Excel (columns 身份证号, 准考证号, 科目, 成绩): each row must name a
 * confirmed candidate of the campaign whose job type sits locally (job_types.local_exam), a subject, and a score of
 * 0–100 in hundredths or 缺考. Every bad row is reported with its number and reason; all_or_nothing imports nothing
 * when any row is bad, good_rows imports the good ones. One transaction, one audit row. The import belongs to one
 * result track: a row of a candidate of the other track is reported, never written.
 */
export async function importScores(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
  mode: ScoreImportMode,
  file: Buffer,
  track: ResultTrack = 'regular',
) {
  assertProvinceManager(ctx.actor, 'scores.manage', REFUSAL);
  const raw: { row: number; idNumber: string; ticket: string; subject: string; score: string }[] = [];
  let header: string[] | null = null;
  for await (const { number, row } of readSheetRows(file)) {
    const cells = [1, 2, 3, 4].map((c) => cellText(row.getCell(c).value));
    if (number === 1) {
      header = cells;
      continue;
    }
    if (cells.every((c) => c === '') || cells[0]!.startsWith('（')) continue;
    if (raw.length >= MAX_IMPORT_ROWS) throw tooManyRows(MAX_IMPORT_ROWS);
    raw.push({
      row: number,
      idNumber: cells[0]!.toUpperCase(),
      ticket: normalizeTicketNumber(cells[1]!),
      subject: cells[2]!,
      score: cells[3]!,
    });
  }
  if (!header || IMPORT_COLUMNS.some((c, i) => header![i] !== c)) {
    throw new AppError('IMPORT_FILE_INVALID', `请使用成绩导入模板：第一行须为 ${IMPORT_COLUMNS.join('、')}`);
  }
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const campaign = await campaignOf(tx, campaignId);
    assertChangeable(campaign, await repo.findState(tx, campaignId, track, true), track);
    const candidates = await repo.findCandidatesByIdNumber(tx, campaignId, [
      ...new Set(raw.map((r) => r.idNumber).filter((id) => /^[0-9]{17}[0-9X]$/.test(id))),
    ]);
    const errors: ImportRowError[] = [];
    const good: repo.ImportedResult[] = [];
    const seen = new Map<string, number>();
    for (const r of raw) {
      const bad = (column: string | null, message: string) => errors.push({ row: r.row, column, message });
      const candidate = candidates.get(r.idNumber);
      const subject = SUBJECT_BY_LABEL.get(r.subject);
      const absent = r.score === '缺考';
      const score = absent ? null : Number(r.score);
      const before = errors.length;
      if (!candidate) bad('身份证号', '本考核年度没有该身份证号的已确认考生');
      else if (!candidate.localExam)
        bad('身份证号', '该考生的工种不在属地考试之列（技术监督、测绘），成绩以本系统考试为准');
      else if (trackOfGrade(candidate.grade ?? 0) !== track) {
        const theirs = RESULT_TRACK_LABELS[trackOfGrade(candidate.grade ?? 0)];
        bad('身份证号', `该考生属于「${theirs}」结果批次，请在该批次导入`);
      }
      if (!/^[0-9A-Z]{6,30}$/.test(r.ticket)) bad('准考证号', '准考证号须为 6–30 位数字或字母（属地考试的准考证号）');
      else if (candidate?.ticketNumber && candidate.ticketNumber !== r.ticket) {
        bad('准考证号', '准考证号与该考生的准考证号不一致');
      }
      if (!subject) bad('科目', '科目须为 岗位技能、职业道德、职业能力 或 专业基础知识');
      else if (candidate?.grade != null && !examSubjectsOfGrade(candidate.grade).includes(subject)) {
        bad('科目', `该考生的申报等级不考「${r.subject}」`);
      }
      if (!absent && (r.score === '' || score === null || !isValidScore(score))) {
        bad('成绩', '成绩须为 0–100 的数字（最多两位小数），或填“缺考”');
      }
      const key = `${r.idNumber}:${r.subject}`;
      const first = seen.get(key);
      if (first !== undefined) bad(null, `与第${first}行重复（同一考生同一科目）`);
      else seen.set(key, r.row);
      if (errors.length === before && candidate && subject) {
        good.push({ candidate, subject, status: absent ? 'absent' : 'scored', score, ticketNumber: r.ticket });
      }
    }
    const imported = mode === 'all_or_nothing' && errors.length > 0 ? 0 : good.length;
    if (imported > 0) {
      const now = deps.clock.now();
      await repo.upsertImported(tx, campaignId, good, now, ctx.actor.accountId);
      await recordAudit(
        tx,
        ctx.actor,
        ctx.meta,
        {
          ...auditOf(ctx, campaignId),
          action: 'score.import',
          summary: `导入「${campaign.name}」${RESULT_TRACK_LABELS[track]}属地考试成绩 ${imported} 条（共 ${raw.length} 行，${errors.length} 行有误）`,
          after: { track, total: raw.length, imported, errors: errors.length, mode },
        },
        now,
      );
    }
    return { total: raw.length, imported, errors };
  });
}

// ─── Export ─────────────────────────────────────────────────────────────────────────────────────────────

/** The filtered score table as a workbook (the viewer's subtree), for the export job. */
export async function exportScores(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
  query: ScoreListQuery,
  progress: (done: number) => void = () => undefined,
) {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('成绩');
  const subjectColumns = RESULT_SUBJECTS.flatMap((s) => [`${SUBJECT_LABELS[s]}成绩`, `${SUBJECT_LABELS[s]}状态`]);
  ws.columns = [12, 20, 22, 24, 24, 20, 8, ...subjectColumns.map(() => 12), 10].map((width) => ({ width }));
  ws.addRow(['姓名', '身份证号', '准考证号', '地区', '单位', '工种', '等级', ...subjectColumns, '是否合格']).font = {
    bold: true,
  };
  let page = 1;
  let count = 0;
  let name = '';
  for (;;) {
    const result = await listScores(deps, ctx, campaignId, { ...query, page, pageSize: 1000 });
    if (page === 1) name = (await scoreOverview(deps, ctx, campaignId)).campaign.name;
    for (const r of result.items) {
      const bySubject = new Map(r.subjects.map((s) => [s.subject, s]));
      ws.addRow([
        r.name,
        r.idNumber,
        r.ticketNumber ?? '',
        r.jurisdictionName,
        r.unitName,
        r.jobTypeName,
        GRADE_LABELS[r.grade as keyof typeof GRADE_LABELS] ?? String(r.grade),
        ...RESULT_SUBJECTS.flatMap((s) => {
          const x = bySubject.get(s);
          return [x?.score ?? '', x ? RESULT_STATUS_LABELS[x.status] : '无'];
        }),
        r.passed ? '合格' : '不合格',
      ]);
    }
    count += result.items.length;
    progress(count);
    if (result.items.length < 1000 || count >= MAX_EXPORT_ROWS) break;
    page++;
  }
  return { file: await writeXlsx(workbook), fileName: `${name || '成绩'}成绩.xlsx`, count };
}

export async function countScores(deps: AppDeps, ctx: ServiceContext, campaignId: number, query: ScoreListQuery) {
  return (await listScores(deps, ctx, campaignId, { ...query, page: 1, pageSize: 1 })).total;
}

// ─── Public lookup ──────────────────────────────────────────────────────────────────────────────────────

/**
 * 成绩查询 (public): the released results of the candidate with this ID number and ticket number. A wrong pair and
 * a campaign not yet released answer the same SCORE_LOOKUP_NO_MATCH, so the lookup tells nothing else.
 */
export async function lookupScore(deps: AppDeps, body: { idNumber: string; ticketNumber: string }) {
  const idNumber = body.idNumber.trim().toUpperCase();
  const ticketNumber = normalizeTicketNumber(body.ticketNumber);
  const rows = await inSystemTx(deps.db, (tx) => repo.lookupReleased(tx, idNumber, ticketNumber));
  if (rows.length === 0) throw new AppError('SCORE_LOOKUP_NO_MATCH', '没有查到匹配的成绩');
  const first = rows[0]!;
  const lines = passLinesOf(first.examSettings);
  const results = new Map<ResultSubject, SubjectResult>(
    rows.map((r) => [
      r.subject,
      subjectResultOf({ status: r.status, score: r.score, tier: r.status === 'voided' ? 1 : null }),
    ]),
  );
  // A subject the grade needs with no row yet (一级's 综合评审 before the panel's score is in) reads 暂无成绩.
  const missing = resultSubjectsOfGrade(first.grade).filter((s) => !results.has(s));
  return {
    name: first.name,
    subjects: [
      ...rows.map((r) => ({
        subject: SUBJECT_LABELS[r.subject],
        score: r.status === 'scored' ? r.score : null,
        status: RESULT_STATUS_LABELS[r.status as ResultStatus] ?? r.status,
      })),
      ...missing.map((s) => ({ subject: SUBJECT_LABELS[s], score: null, status: RESULT_STATUS_LABELS.pending })),
    ],
    passed: gradePasses(first.grade, results, lines),
  };
}

// ─── For other modules (archives), in the caller's transaction ──────────────────────────────────────────────

export type CandidateScores = ReturnType<typeof presentCandidate>;

/**
 * The score table's rows of these applications (each subject's status, score, void tier and pass; the grade's
 * verdict) with the campaign's pass lines and when each result track was released (a candidate's is the one of
 * their grade: domain/result-tracks.ts trackOfGrade); an application without results is absent from the map.
 */
export async function candidateScoresOf(tx: Tx, campaignId: number, applicationIds: readonly number[]) {
  const campaign = await campaignOf(tx, campaignId);
  const lines = passLinesOf(campaign.examSettings);
  const states = await repo.findTrackStates(tx, campaignId);
  const rows = await repo.candidatesByIds(tx, campaignId, applicationIds, lines);
  return {
    passLines: lines,
    releasedAt: {
      regular: states.regular.releasedAt?.toISOString() ?? null,
      grade1: states.grade1.releasedAt?.toISOString() ?? null,
    } satisfies Record<ResultTrack, string | null>,
    byApplication: new Map(rows.map((r) => [r.applicationId, presentCandidate(r, lines)])),
  };
}

// ─── For other modules (publicity 公示, score review 复核, certificates) ───────────────────────────────────────

export type SubjectResultRow = repo.SubjectResultRow;

/** The campaign and one result track's state (default 五级至二级), in the caller's transaction. */
export async function findResultsState(tx: Tx, campaignId: number, track: ResultTrack = 'regular', lock = false) {
  const campaign = await campaignOf(tx, campaignId);
  const state = await repo.findState(tx, campaignId, track, lock);
  return { campaign, releasedAt: state.releasedAt, compiledAt: state.compiledAt };
}

/** Both result tracks' states and candidate counts (campaign close, certificates), in the caller's transaction. */
export function findTrackStates(tx: Tx, campaignId: number) {
  return repo.findTrackStates(tx, campaignId);
}

/** A person who passed the grade (all subjects at or above the lines), with the names the publicity prints. */
export interface QualifiedCandidate {
  applicationId: number;
  name: string;
  idNumber: string;
  orgPath: string;
  jurisdictionId: number;
  jurisdictionName: string;
  unitName: string;
  jobTypeName: string;
  grade: number;
}

/**
 * Every candidate of one result track who passed the grade (the track's grades only), in the caller's transaction
 * (ordered by org path).
 */
export async function qualifiedCandidates(
  tx: Tx,
  campaignId: number,
  track: ResultTrack,
): Promise<QualifiedCandidate[]> {
  const campaign = await campaignOf(tx, campaignId);
  const lines = passLinesOf(campaign.examSettings);
  const { rows } = await repo.listCandidates(tx, campaignId, { outcome: 'passed', track }, lines, {
    offset: 0,
    limit: 1_000_000,
  });
  const places = await repo.namesOf(tx, 'unit', [...new Set(rows.flatMap((r) => [r.unitId, r.jurisdictionId]))]);
  const jobTypes = await repo.namesOf(tx, 'job_type', [...new Set(rows.map((r) => r.jobTypeId))]);
  return rows.map((r) => ({
    applicationId: r.applicationId,
    name: r.name,
    idNumber: r.idNumber,
    orgPath: r.orgPath,
    jurisdictionId: r.jurisdictionId,
    jurisdictionName: places.get(r.jurisdictionId) ?? '',
    unitName: places.get(r.unitId) ?? '',
    jobTypeName: jobTypes.get(r.jobTypeId) ?? '',
    grade: r.grade,
  }));
}

/** One subject's result as the caller's transaction sees it (row-level security: own, or the subtree's). */
export function findSubjectResult(tx: Tx, applicationId: number, subject: ResultSubject, lock = false) {
  return repo.findSubjectResult(tx, applicationId, subject, lock);
}

/**
 * 复核's re-score of one exam subject (the caller's system transaction): the paper rebuilt from its seed (the papers
 * module's rebuild check) and the stored answers scored against it with the scoring exam day uses.
 */
export async function rescoreSubjectForReview(deps: AppDeps, tx: Tx, attemptSubjectId: number) {
  const paperId = await repo.paperOfAttemptSubject(tx, attemptSubjectId);
  if (paperId === null) throw new AppError('REVIEW_NOT_REVIEWABLE', '该科目没有可复核的考试作答');
  const rebuild = await rebuildPaperForReview(deps, tx, paperId);
  const answers = (await repo.answersOfSubjects(tx, [attemptSubjectId])).get(attemptSubjectId) ?? new Map();
  const rescored = scoreAnswers(rebuild.keys, answers).score;
  return { paperId, rebuildMatches: rebuild.matches, rebuildMessage: rebuild.message, rescored };
}

/** A corrected score after a review, in the exam's record and the score table (the caller's transaction). */
export function writeReviewedScore(
  tx: Tx,
  input: { applicationId: number; subject: Subject; attemptSubjectId: number; score: number; by: number; now: Date },
) {
  return repo.writeReviewedScore(tx, input);
}
