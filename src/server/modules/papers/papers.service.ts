import { createHash, createHmac, hkdfSync } from 'node:crypto';
import type { Blueprint, PoolItem } from '../../../domain/blueprint.js';
import type { ScoringItem } from '../../../domain/exam.js';
import {
  examSubjectsOfGrade,
  isJobTypeSubject,
  OPTION_LETTERS,
  SUBJECT_LABELS,
  SUBJECTS,
  type Subject,
} from '../../../domain/items.js';
import {
  type DrawResult,
  drawPaper,
  drawPrepared,
  originalToDisplayed,
  type PaperItem,
  type PreparedDraw,
  paperSeedMessage,
  prepareDraw,
  seedFromDigest,
} from '../../../domain/paper.js';
import type { Db, Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { canonicalize, recordAudit } from '../../platform/audit.js';
import type { Actor, ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { type ProgressReporter, yieldToRequests } from '../../platform/jobs.js';
import { Lru } from '../../platform/lru.js';
import { hasPermission } from '../../platform/permissions.js';
import { type ContentKey, sealJson, unsealJson } from '../../platform/sealed.js';
import { inScopedTx } from '../../platform/tx.js';
import { loadImages } from '../banks/bank-images.service.js';
import {
  approvedPool,
  assertPermission,
  contentKeyOf,
  markVersionsUsed,
  openItemVersions,
  type VersionRef,
} from '../banks/banks.service.js';
import { findCampaign } from '../campaigns/campaigns.service.js';
import { findCatalogJobType, listVersionJobTypes } from '../catalog/catalog.service.js';
import * as repo from './papers.repository.js';
import type {
  GenerationScope,
  PaperGenerationProblem,
  PaperGenerationResult,
  PapersSummary,
  PaperVerification,
  PaperView,
} from './papers.schemas.js';

/** Papers written per INSERT statement (and between progress reports). */
const INSERT_BATCH = 500;
/** A generation's result lists at most this many refused candidates. */
export const MAX_LISTED_REFUSALS = 200;
/** Blueprints named in a refusal's message (the rest are counted). */
const MAX_NAMED = 10;
/** Sitting 1: the first paper of each candidate and subject (a re-sit's paper is a later issue's). */
const SITTING = 1;

const GRADE_SHORT: Readonly<Record<number, string>> = { 5: '五级', 4: '四级', 3: '三级', 2: '二级' };

// ─── Seeds ─────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The campaign's seed secret, derived from the content key (HKDF-SHA256), so that no new secret is stored: the
 * seeds themselves are stored with the papers, and a rebuild needs only them.
 */
export function paperSeedKey(key: ContentKey, campaignId: number): Buffer {
  return Buffer.from(hkdfSync('sha256', key.key, Buffer.alloc(0), `gongkao/paper-seed/v1/campaign=${campaignId}`, 32));
}

/** seed = seedFromDigest(HMAC-SHA256(k, paperSeedMessage(...))) (domain/paper.ts, Seeds). */
export function paperSeed(
  seedKey: Buffer,
  input: { campaignId: number; applicationId: number; subject: Subject; sitting?: number },
): number {
  return seedFromDigest(createHmac('sha256', seedKey).update(paperSeedMessage(input)).digest());
}

/** The context a paper's content is sealed under (db/schema.ts papers.content). */
export const paperContext = (applicationId: number, subject: Subject, sitting: number) =>
  `paper:${applicationId}:${subject}:${sitting}`;

// ─── Rebuild (复核) ────────────────────────────────────────────────────────────────────────────────────

/** What a rebuild needs of a pool: the blueprint and items as they were, and the algorithm version drawn with. */
export interface PoolSnapshot {
  blueprint: Blueprint;
  items: PoolItem[];
}

/**
 * A paper rebuilt from its pool snapshot, seed and algorithm version: the same items, order and option orders as
 * when it was drawn, whatever the banks hold by now (domain/paper.ts guarantees it per algorithm version).
 */
export function rebuildPaper(pool: PoolSnapshot, paper: { seed: number; algorithmVersion: number }): DrawResult {
  return drawPaper(pool.blueprint, pool.items, paper.seed, paper.algorithmVersion);
}

const describeItem = (item: PaperItem | undefined) =>
  item ? `${item.itemId}/v${item.version}/${item.optionOrder || '-'}` : null;

/** Item-for-item differences between a stored paper and its rebuild (every field of PaperItem). */
export function comparePaperItems(stored: readonly PaperItem[], rebuilt: readonly PaperItem[]) {
  const differences: { position: number; stored: string | null; rebuilt: string | null }[] = [];
  for (let i = 0; i < Math.max(stored.length, rebuilt.length); i++) {
    const a = stored[i];
    const b = rebuilt[i];
    const same =
      a !== undefined &&
      b !== undefined &&
      a.itemId === b.itemId &&
      a.version === b.version &&
      a.type === b.type &&
      a.cell === b.cell &&
      a.points === b.points &&
      a.difficulty === b.difficulty &&
      a.optionOrder === b.optionOrder;
    if (!same) differences.push({ position: i + 1, stored: describeItem(a), rebuilt: describeItem(b) });
  }
  return differences;
}

// ─── Planning: who lacks which paper, from which blueprint and pool ────────────────────────────────────

interface BlueprintDefinition {
  durationMinutes: number;
  passLine: number;
  shuffleItems: boolean;
  shuffleOptions: boolean;
  targetDifficulty: number | null;
  difficultyTolerance: number;
  cells: Blueprint['cells'];
}

/** The domain Blueprint of a row (definition + the scope columns), or null when the definition is not one. */
export function blueprintOf(row: repo.BlueprintRow): Blueprint | null {
  const d = row.definition as Partial<BlueprintDefinition> | null;
  if (!d || typeof d !== 'object' || !Array.isArray(d.cells)) return null;
  return {
    subject: row.subject,
    jobTypeId: isJobTypeSubject(row.subject) ? row.jobTypeId : null,
    grade: isJobTypeSubject(row.subject) ? (row.grade as Blueprint['grade']) : null,
    durationMinutes: d.durationMinutes as number,
    passLine: d.passLine as number,
    shuffleItems: d.shuffleItems === true,
    shuffleOptions: d.shuffleOptions === true,
    targetDifficulty: d.targetDifficulty ?? null,
    difficultyTolerance: d.difficultyTolerance as number,
    cells: d.cells,
  };
}

/** SHA-256 of the canonical JSON of what a pool row stores: a later run with the same inputs reuses the row. */
export function poolDigest(input: {
  algorithmVersion: number;
  grade: number;
  blueprint: Blueprint;
  items: readonly PoolItem[];
}): string {
  return createHash('sha256')
    .update(JSON.stringify(canonicalize(input)))
    .digest('hex');
}

/** One pool a generation draws from: a blueprint for one candidate grade, and the candidates lacking its paper. */
interface PoolPlan {
  subject: Subject;
  jobTypeId: number | null;
  grade: number;
  label: string;
  blueprintRow: repo.BlueprintRow;
  blueprint: Blueprint;
  pool: PoolItem[];
  draw: PreparedDraw;
  applicationIds: number[];
}

interface GenerationPlan {
  campaignId: number;
  candidates: number;
  existing: number;
  total: number;
  pools: PoolPlan[];
}

const scopeKey = (subject: Subject, jobTypeId: number | null, grade: number | null) =>
  `${subject}|${jobTypeId ?? ''}|${grade ?? ''}`;

async function jobTypeNames(tx: Tx, catalogVersionId: number): Promise<Map<number, string>> {
  const { items } = await listVersionJobTypes(tx, catalogVersionId, { page: 1, pageSize: 100_000 });
  return new Map(items.map((j) => [j.id, j.name]));
}

function scopeLabel(names: Map<number, string>, subject: Subject, jobTypeId: number | null, grade: number | null) {
  if (!isJobTypeSubject(subject))
    return grade === null ? SUBJECT_LABELS[subject] : `${SUBJECT_LABELS[subject]}·${GRADE_SHORT[grade]}`;
  const jobType = jobTypeId === null ? '' : (names.get(jobTypeId) ?? `工种#${jobTypeId}`);
  return `${SUBJECT_LABELS[subject]}·${jobType}·${grade === null ? '' : GRADE_SHORT[grade]}`;
}

/**
 * What a generation of the campaign would do, read in the caller's transaction: the candidates lacking a paper,
 * grouped by the pool they draw from (岗位技能 and 专业基础知识: job type × grade; 职业道德, 职业能力: the common blueprint
 * and the candidates' grade), each pool loaded and prepared. A candidate lacks the papers of the subjects their grade
 * sits (examSubjectsOfGrade: 一级 职业道德 and 专业基础知识). Problems (a blueprint missing, unpublished or unusable) are
 * returned, not thrown, so that the caller names them all at once.
 */
async function loadPlan(
  key: ContentKey,
  tx: Tx,
  campaignId: number,
  options: { lockBlueprints: boolean; scope?: GenerationScope | undefined },
): Promise<{ plan: GenerationPlan; problems: PaperGenerationProblem[] }> {
  const campaign = await findCampaign(tx, campaignId);
  if (!campaign) throw new AppError('NOT_FOUND', '考核年度不存在');
  const candidates = await repo.listCandidates(tx, campaignId);
  if (candidates.length === 0) throw new AppError('PAPERS_NO_CANDIDATES');
  const have = new Set((await repo.listPaperKeys(tx, campaignId)).map((k) => `${k.applicationId}|${k.subject}`));

  const groups = new Map<string, { subject: Subject; jobTypeId: number | null; grade: number; ids: number[] }>();
  let existing = 0;
  let inScope = 0;
  for (const c of candidates) {
    for (const subject of examSubjectsOfGrade(c.grade)) {
      if (!scopeCovers(options.scope, subject, c)) continue;
      inScope++;
      if (have.has(`${c.applicationId}|${subject}`)) {
        existing++;
        continue;
      }
      const jobTypeId = isJobTypeSubject(subject) ? c.jobTypeId : null;
      const k = scopeKey(subject, jobTypeId, c.grade);
      let group = groups.get(k);
      if (!group) {
        group = { subject, jobTypeId, grade: c.grade, ids: [] };
        groups.set(k, group);
      }
      group.ids.push(c.applicationId);
    }
  }
  if (inScope === 0) throw new AppError('PAPERS_NO_CANDIDATES', '所选范围内没有省级确认的考生');
  const ordered = [...groups.values()].sort(
    (a, b) =>
      SUBJECTS.indexOf(a.subject) - SUBJECTS.indexOf(b.subject) ||
      (a.jobTypeId ?? 0) - (b.jobTypeId ?? 0) ||
      b.grade - a.grade,
  );

  const rows = options.lockBlueprints
    ? await repo.lockBlueprints(
        tx,
        (await repo.listBlueprints(tx, campaignId)).map((b) => b.id),
      )
    : await repo.listBlueprints(tx, campaignId);
  const byScope = new Map(rows.map((b) => [scopeKey(b.subject, b.jobTypeId, b.grade), b]));
  const names = await jobTypeNames(tx, campaign.catalogVersionId);

  const problems: PaperGenerationProblem[] = [];
  const reported = new Set<string>();
  const found: { group: (typeof ordered)[number]; row: repo.BlueprintRow; blueprint: Blueprint }[] = [];
  for (const group of ordered) {
    const bpGrade = isJobTypeSubject(group.subject) ? group.grade : null;
    const k = scopeKey(group.subject, group.jobTypeId, bpGrade);
    const row = byScope.get(k);
    const blueprint = row ? blueprintOf(row) : null;
    if (row && row.status === 'published' && blueprint) {
      found.push({ group, row, blueprint });
      continue;
    }
    if (reported.has(k)) continue;
    reported.add(k);
    const label = scopeLabel(names, group.subject, group.jobTypeId, bpGrade);
    const reason = !row ? 'missing' : row.status !== 'published' ? 'draft' : 'invalid';
    const words = { missing: '未建立', draft: '未发布', invalid: '数据不完整，请重新保存' }[reason];
    problems.push({
      subject: group.subject,
      jobTypeId: group.jobTypeId,
      grade: bpGrade,
      reason,
      message: `${label}（${words}）`,
    });
  }
  const plan: GenerationPlan = {
    campaignId,
    candidates: candidates.length,
    existing,
    total: ordered.reduce((s, g) => s + g.ids.length, 0),
    pools: [],
  };
  if (problems.length > 0) return { plan, problems };

  for (const { group, row, blueprint } of found) {
    const label = scopeLabel(names, group.subject, group.jobTypeId, group.grade);
    const pool = await approvedPool(key, tx, {
      subject: group.subject,
      jobTypeId: group.jobTypeId,
      grade: group.grade,
    });
    const prepared = prepareDraw(blueprint, pool);
    if (!prepared.ok) {
      problems.push({
        subject: group.subject,
        jobTypeId: group.jobTypeId,
        grade: group.grade,
        reason: 'draw_refused',
        message: `${label}：${prepared.message}`,
      });
      continue;
    }
    plan.pools.push({
      subject: group.subject,
      jobTypeId: group.jobTypeId,
      grade: group.grade,
      label,
      blueprintRow: row,
      blueprint,
      pool,
      draw: prepared.draw,
      applicationIds: group.ids,
    });
  }
  return { plan, problems };
}

/**
 * Does a generation limited to `scope` cover this candidate's paper of `subject`? 岗位技能 and 专业基础知识 scopes are
 * one job type × grade; 职业道德 and 职业能力 cover every grade (or one, when the scope names it). No scope covers everything.
 */
function scopeCovers(scope: GenerationScope | undefined, subject: Subject, c: repo.CandidateRow): boolean {
  if (!scope) return true;
  if (scope.subject !== subject) return false;
  if (isJobTypeSubject(subject) && scope.jobTypeId != null && scope.jobTypeId !== c.jobTypeId) return false;
  return scope.grade == null || scope.grade === c.grade;
}

function namedList(messages: readonly string[], separator: string): string {
  const shown = messages.slice(0, MAX_NAMED).join(separator);
  return messages.length > MAX_NAMED ? `${shown}${separator}等共${messages.length}项` : shown;
}

function throwProblems(problems: readonly PaperGenerationProblem[]): void {
  if (problems.length === 0) return;
  const blueprints = problems.filter((p) => p.reason !== 'draw_refused');
  if (blueprints.length > 0) {
    throw new AppError(
      'PAPERS_BLUEPRINTS_NOT_READY',
      `以下组卷规则尚未就绪，不能生成试卷：${namedList(
        blueprints.map((p) => p.message),
        '、',
      )}`,
      { problems },
    );
  }
  throw new AppError(
    'PAPERS_DRAW_REFUSED',
    `以下组卷规则无法从当前题库抽出试卷，不能生成试卷：${namedList(
      problems.map((p) => p.message),
      '；',
    )}`,
    { problems },
  );
}

/** Audit rows of papers belong to the actor's node (the province), never carry content. */
function auditPlace(actor: Actor) {
  return { orgNodeId: actor.orgNodeId, orgPath: actor.orgPath };
}

// ─── Generation ────────────────────────────────────────────────────────────────────────────────────────

/**
 * The check before a generation job starts (the request answers 409 instead of starting a job that would fail):
 * the campaign has confirmed candidates, every blueprint they need is published, and every pool can serve it.
 * Answers how many papers the job will write.
 */
export async function checkPaperGeneration(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
  scope?: GenerationScope,
): Promise<{ total: number; existing: number }> {
  assertPermission(ctx.actor, 'bank.manage');
  const key = contentKeyOf(deps);
  const { plan, problems } = await inScopedTx(deps.db, ctx.actor, (tx) =>
    loadPlan(key, tx, campaignId, { lockBlueprints: false, scope }),
  );
  throwProblems(problems);
  return { total: plan.total, existing: plan.existing };
}

/**
 * Generates every missing paper of the campaign (sitting 1), in ONE transaction: nothing is written unless all of
 * it is (a refused candidate is reported, never half-written). Under a per-campaign advisory lock, the plan is
 * re-read (so a rerun, or a run that waited, writes only what is missing) with the blueprints locked against
 * change; each pool is stored once (reused by digest) and prepared once, each candidate's paper drawn from their
 * seed, sealed and written in batches; the drawn versions are marked used once per pool; one audit row counts
 * the papers per subject. The background job (papers.routes.ts) and `npm run bench:papers` both run this.
 */
export async function generatePapers(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
  job: { jobId?: string; progress?: ProgressReporter; scope?: GenerationScope | undefined } = {},
): Promise<PaperGenerationResult> {
  assertPermission(ctx.actor, 'bank.manage');
  const key = contentKeyOf(deps);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    if (!(await repo.tryLockCampaignGeneration(tx, campaignId))) throw new AppError('PAPERS_GENERATION_BUSY');
    const { plan, problems } = await loadPlan(key, tx, campaignId, { lockBlueprints: true, scope: job.scope });
    throwProblems(problems);
    const now = deps.clock.now();
    job.progress?.report({ processed: 0, total: plan.total });

    const seedKey = paperSeedKey(key, campaignId);
    const generated: Record<Subject, number> = { skill: 0, ethics: 0, ability: 0, basics: 0 };
    const refused: PaperGenerationResult['refused'] = [];
    let refusedCount = 0;
    let processed = 0;
    const poolIds = new Set<number>();
    for (const p of plan.pools) {
      if (p.applicationIds.length === 0) continue;
      const digest = poolDigest({
        algorithmVersion: p.draw.algorithmVersion,
        grade: p.grade,
        blueprint: p.blueprint,
        items: p.pool,
      });
      const existingPool = await repo.findPoolByDigest(tx, p.blueprintRow.id, digest);
      const poolId =
        existingPool?.id ??
        (
          await repo.insertPool(tx, {
            campaignId,
            blueprintId: p.blueprintRow.id,
            blueprintRevision: p.blueprintRow.revision,
            grade: p.grade,
            algorithmVersion: p.draw.algorithmVersion,
            blueprint: p.blueprint,
            items: p.pool,
            itemCount: p.pool.length,
            digest,
            createdAt: now,
          })
        ).id;
      poolIds.add(poolId);
      // Drawn versions of this pool, by position in the prepared (sorted) pool.
      const drawn = new Map<number, number>();
      for (let i = 0; i < p.applicationIds.length; i += INSERT_BATCH) {
        const rows: repo.PaperInsert[] = [];
        for (const applicationId of p.applicationIds.slice(i, i + INSERT_BATCH)) {
          const seed = paperSeed(seedKey, { campaignId, applicationId, subject: p.subject, sitting: SITTING });
          const result = drawPrepared(p.draw, seed);
          if (!result.ok) {
            refusedCount++;
            if (refused.length < MAX_LISTED_REFUSALS) {
              refused.push({
                applicationId,
                subject: p.subject,
                code: result.code,
                message: `${p.label}：${result.message}`,
              });
            }
            continue;
          }
          const { paper } = result;
          for (const item of paper.items) drawn.set(item.itemId, item.version);
          rows.push({
            campaignId,
            applicationId,
            subject: p.subject,
            sitting: SITTING,
            poolId,
            seed,
            algorithmVersion: paper.algorithmVersion,
            attempt: paper.attempt,
            itemCount: paper.items.length,
            meanDifficulty: paper.meanDifficulty,
            content: sealJson(key, paperContext(applicationId, p.subject, SITTING), paper.items),
            jobId: job.jobId ?? null,
            createdBy: ctx.actor.accountId,
            createdAt: now,
          });
        }
        generated[p.subject] += await repo.insertPapers(tx, rows);
        processed += Math.min(INSERT_BATCH, p.applicationIds.length - i);
        job.progress?.report({ processed });
        await yieldToRequests();
      }
      const refs: VersionRef[] = [...drawn].map(([itemId, version]) => ({ itemId, version }));
      await markVersionsUsed(tx, refs, now);
    }

    const total = generated.skill + generated.ethics + generated.ability;
    if (total > 0 || refusedCount > 0) {
      await recordAudit(
        tx,
        ctx.actor,
        ctx.meta,
        {
          entityType: 'campaign',
          entityId: campaignId,
          action: 'paper.generate',
          summary:
            `生成试卷 ${total} 份：` +
            SUBJECTS.filter((s) => generated[s] > 0)
              .map((s) => `${SUBJECT_LABELS[s]} ${generated[s]} 份`)
              .join('，') +
            (refusedCount > 0 ? `；${refusedCount} 人次抽题未成功` : ''),
          ...auditPlace(ctx.actor),
          after: {
            generated,
            existing: plan.existing,
            refusedCount,
            pools: [...poolIds],
            jobId: job.jobId ?? null,
            scope: job.scope ?? null,
          },
        },
        now,
      );
    }
    return {
      campaignId,
      generated,
      existing: plan.existing,
      refusedCount,
      refused,
      pools: poolIds.size,
    };
  });
}

// ─── Status ────────────────────────────────────────────────────────────────────────────────────────────

export async function papersSummary(deps: AppDeps, ctx: ServiceContext, campaignId: number): Promise<PapersSummary> {
  assertPermission(ctx.actor, 'bank.read');
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const campaign = await findCampaign(tx, campaignId);
    if (!campaign) throw new AppError('NOT_FOUND', '考核年度不存在');
    const scopes = await repo.countByScope(tx, campaignId);
    const blueprintRows = await repo.listBlueprints(tx, campaignId);
    const byScope = new Map(blueprintRows.map((b) => [scopeKey(b.subject, b.jobTypeId, b.grade), b]));
    const names = await jobTypeNames(tx, campaign.catalogVersionId);
    const present = (b: repo.BlueprintRow | undefined) =>
      b ? { id: b.id, status: b.status, revision: b.revision } : null;

    const totals = {
      candidates: { skill: 0, ethics: 0, ability: 0, basics: 0 },
      papers: { skill: 0, ethics: 0, ability: 0, basics: 0 },
    };
    // One row per job type × grade for its job-type subject (岗位技能, or 专业基础知识 for 一级), then one per common
    // subject with the candidates of the grades that sit it.
    const rows: PapersSummary['rows'] = scopes.map((s) => {
      for (const subject of SUBJECTS) {
        if (!examSubjectsOfGrade(s.grade).includes(subject)) continue;
        totals.candidates[subject] += s.candidates;
        totals.papers[subject] += s[subject];
      }
      const subject = s.grade === 1 ? 'basics' : 'skill';
      return {
        subject,
        jobTypeId: s.jobTypeId,
        jobTypeName: names.get(s.jobTypeId) ?? null,
        grade: s.grade,
        candidates: s.candidates,
        papers: s[subject],
        blueprint: present(byScope.get(scopeKey(subject, s.jobTypeId, s.grade))),
      };
    });
    const candidates = scopes.reduce((n, s) => n + s.candidates, 0);
    for (const subject of ['ethics', 'ability'] as const) {
      rows.push({
        subject,
        jobTypeId: null,
        jobTypeName: null,
        grade: null,
        candidates: totals.candidates[subject],
        papers: totals.papers[subject],
        blueprint: present(byScope.get(scopeKey(subject, null, null))),
      });
    }
    const missing = rows.reduce((n, r) => n + (r.candidates - r.papers), 0);
    const ready = rows.every((r) => r.candidates === r.papers || r.blueprint?.status === 'published');
    return {
      campaignId,
      candidates,
      rows,
      totals,
      missing,
      ready,
      abilities: { generate: hasPermission(ctx.actor.role, 'bank.manage') && missing > 0 },
    };
  });
}

export async function listPapers(deps: AppDeps, ctx: ServiceContext, campaignId: number, filter: repo.PaperFilter) {
  assertPermission(ctx.actor, 'bank.read');
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const campaign = await findCampaign(tx, campaignId);
    if (!campaign) throw new AppError('NOT_FOUND', '考核年度不存在');
    const page = await repo.listPapers(tx, campaignId, filter);
    const names = await jobTypeNames(tx, campaign.catalogVersionId);
    return {
      items: page.items.map((r) => ({
        ...r,
        jobTypeName: r.jobTypeId === null ? null : (names.get(r.jobTypeId) ?? null),
        createdAt: r.createdAt.toISOString(),
      })),
      total: page.total,
    };
  });
}

// ─── One paper ─────────────────────────────────────────────────────────────────────────────────────────

function storedItems(
  key: ContentKey,
  paper: Pick<repo.PaperRow, 'applicationId' | 'subject' | 'sitting' | 'content'>,
): PaperItem[] {
  return unsealJson<PaperItem[]>(key, paperContext(paper.applicationId, paper.subject, paper.sitting), paper.content);
}

async function loadPaper(tx: Tx, id: number) {
  const found = await repo.findPaperWithPool(tx, id);
  if (!found) throw new AppError('NOT_FOUND', '试卷不存在');
  return found;
}

/**
 * One candidate's paper as a bank manager's review copy: the candidate (masked), and every item in the order
 * shown, its options in the order shown, the key in the letters shown. Every view is an audit row.
 */
export async function viewPaper(deps: AppDeps, ctx: ServiceContext, id: number): Promise<PaperView> {
  assertPermission(ctx.actor, 'bank.read');
  const key = contentKeyOf(deps);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const now = deps.clock.now();
    const { paper, pool } = await loadPaper(tx, id);
    const items = storedItems(key, paper);
    const contents = await openItemVersions(key, tx, items);
    const candidate = await repo.findCandidate(tx, paper.campaignId, paper.applicationId);
    const jobType = candidate ? await findCatalogJobType(tx, candidate.jobTypeId) : null;
    const blueprint = pool.blueprint as Blueprint;
    const view: PaperView['items'] = items.map((item, index) => {
      const content = contents.get(`${item.itemId}:${item.version}`);
      if (!content) throw new AppError('NOT_FOUND', `试卷中的试题 #${item.itemId} 第${item.version}版不存在`);
      const options = [...item.optionOrder].map((original, i) => {
        const source = content.options[OPTION_LETTERS.indexOf(original as (typeof OPTION_LETTERS)[number])];
        return {
          letter: OPTION_LETTERS[i]!,
          originalLetter: original as (typeof OPTION_LETTERS)[number],
          text: source?.text ?? '',
          image: source?.image ?? null,
        };
      });
      return {
        position: index + 1,
        itemId: item.itemId,
        version: item.version,
        type: item.type,
        points: item.points,
        difficulty: item.difficulty,
        knowledgePoint: content.knowledgePoint,
        stem: content.stem,
        stemImage: content.stemImage,
        options,
        answer: originalToDisplayed(item.optionOrder, content.answer) ?? '',
      };
    });
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'paper',
        entityId: paper.id,
        action: 'paper.view',
        summary: `查看试卷 #${paper.id}（考生申请 #${paper.applicationId}，${SUBJECT_LABELS[paper.subject]}）的内容`,
        ...auditPlace(ctx.actor),
        after: { applicationId: paper.applicationId, subject: paper.subject, sitting: paper.sitting },
      },
      now,
    );
    return {
      id: paper.id,
      campaignId: paper.campaignId,
      subject: paper.subject,
      sitting: paper.sitting,
      algorithmVersion: paper.algorithmVersion,
      attempt: paper.attempt,
      itemCount: paper.itemCount,
      totalPoints: Math.round(items.reduce((s, i) => s + i.points * 100, 0)) / 100,
      meanDifficulty: paper.meanDifficulty,
      durationMinutes: blueprint.durationMinutes,
      passLine: blueprint.passLine,
      createdAt: paper.createdAt.toISOString(),
      candidate: candidate
        ? {
            applicationId: candidate.applicationId,
            name: candidate.name,
            idNumberMasked: candidate.idNumberMasked,
            unitName: candidate.unitName,
            jobTypeId: candidate.jobTypeId,
            jobTypeName: jobType?.name ?? null,
            grade: candidate.grade,
          }
        : null,
      items: view,
    };
  });
}

/**
 * The 复核 check: rebuilds the paper from its pool snapshot, seed and algorithm version and compares it item for
 * item (id, version, cell, points, difficulty, option order) with the sealed content. Audited.
 */
export async function verifyPaper(deps: AppDeps, ctx: ServiceContext, id: number): Promise<PaperVerification> {
  assertPermission(ctx.actor, 'bank.read');
  const key = contentKeyOf(deps);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const now = deps.clock.now();
    const { paper, pool } = await loadPaper(tx, id);
    const stored = storedItems(key, paper);
    const rebuilt = rebuildPaper(
      { blueprint: pool.blueprint as Blueprint, items: pool.items as PoolItem[] },
      { seed: paper.seed, algorithmVersion: paper.algorithmVersion },
    );
    const differences = rebuilt.ok ? comparePaperItems(stored, rebuilt.paper.items) : [];
    const sameAttempt = rebuilt.ok && rebuilt.paper.attempt === paper.attempt;
    const matches = rebuilt.ok && sameAttempt && differences.length === 0;
    const message = matches
      ? `按种子、抽题池快照和组卷算法第${paper.algorithmVersion}版重建，与存储的试卷逐题一致（${stored.length}题）`
      : !rebuilt.ok
        ? `无法重建：${rebuilt.message}`
        : `重建结果与存储的试卷不一致：${differences.length}题不同${sameAttempt ? '' : '，抽题次数也不同'}`;
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'paper',
        entityId: paper.id,
        action: 'paper.verify',
        summary: `核验试卷 #${paper.id}（考生申请 #${paper.applicationId}，${SUBJECT_LABELS[paper.subject]}）：${matches ? '一致' : '不一致'}`,
        ...auditPlace(ctx.actor),
        after: { matches, differences: differences.length },
      },
      now,
    );
    return {
      paperId: paper.id,
      matches,
      itemCount: stored.length,
      algorithmVersion: paper.algorithmVersion,
      attempt: paper.attempt,
      message,
      differences: differences.slice(0, 20),
    };
  });
}

// ─── For other modules (exam delivery, issue 15) ───────────────────────────────────────────────────────────
//
// The candidate's client gets its paper on exam day (modules/delivery). These run in the caller's system
// transaction (the delivery service binds the request to the candidate's attempt first) and write no audit row:
// the candidate reading their own paper in the exam is no disclosure. Unsealed item versions and pictures are kept
// per process (thousands of candidates open papers drawn from the same pools in the same minute; a version's
// content never changes).

/** One item as the candidate sees it: never the key, never the explanation. */
export interface DeliveryItem {
  position: number;
  type: PaperItem['type'];
  points: number;
  stem: string;
  /** A data URL, or null. */
  stemImage: string | null;
  options: { letter: (typeof OPTION_LETTERS)[number]; text: string; image: string | null }[];
}

/** What a subject of an attempt needs of its paper at creation: no content, only what the answers may be. */
export interface PaperOutline {
  paperId: number;
  subject: Subject;
  itemCount: number;
  /** Sum of the items' points (the subject's most). */
  maxScore: number;
  /** Per position: type, the number of options shown, points. */
  items: { type: PaperItem['type']; optionCount: number; points: number }[];
}

type OpenedVersion = Awaited<ReturnType<typeof openItemVersions>> extends Map<string, infer V> ? V : never;

const VERSION_CACHE_SIZE = 20_000;
const IMAGE_CACHE_SIZE = 500;
/** Per content key, so a process never mixes two keys' plaintexts (tests build apps with keys of their own). */
const versionCaches = new WeakMap<ContentKey, Lru<string, OpenedVersion>>();
const imageCaches = new WeakMap<ContentKey, Lru<string, string>>();

function cacheOf<V>(caches: WeakMap<ContentKey, Lru<string, V>>, key: ContentKey, size: number): Lru<string, V> {
  let cache = caches.get(key);
  if (!cache) {
    cache = new Lru<string, V>(size);
    caches.set(key, cache);
  }
  return cache;
}

/** Loads in flight per content key: what one request is reading now, which another asking for it waits for. */
const versionLoads = new WeakMap<ContentKey, Map<string, Promise<OpenedVersion | undefined>>>();
const imageLoads = new WeakMap<ContentKey, Map<string, Promise<string | undefined>>>();

function loadsOf<V>(
  all: WeakMap<ContentKey, Map<string, Promise<V | undefined>>>,
  key: ContentKey,
): Map<string, Promise<V | undefined>> {
  let loads = all.get(key);
  if (!loads) {
    loads = new Map();
    all.set(key, loads);
  }
  return loads;
}

/**
 * Values by id from the process's cache where it has them; what another request is loading now is waited for, not
 * loaded again; the rest is loaded once (`load` answers a map by id) and cached. At a session's opening thousands of
 * seats ask for papers drawn from the same banks in the same second: without the sharing every one of them read and
 * unsealed the same item versions before any answered (the cache filled only after the herd). An id whose shared
 * load failed is loaded again by the waiter itself.
 */
async function cachedLoad<V>(
  cache: Lru<string, V>,
  inFlight: Map<string, Promise<V | undefined>>,
  ids: readonly string[],
  load: (ids: readonly string[]) => Promise<Map<string, V>>,
): Promise<Map<string, V>> {
  const out = new Map<string, V>();
  const missing: string[] = [];
  const waits: Promise<void>[] = [];
  const retry: string[] = [];
  for (const id of new Set(ids)) {
    const hit = cache.get(id);
    if (hit !== undefined) {
      out.set(id, hit);
      continue;
    }
    const loading = inFlight.get(id);
    if (!loading) {
      missing.push(id);
      continue;
    }
    waits.push(
      loading.then(
        (value) => {
          if (value !== undefined) out.set(id, value);
        },
        () => {
          retry.push(id);
        },
      ),
    );
  }
  if (missing.length > 0) {
    const loaded = load(missing);
    for (const id of missing) {
      const one = loaded.then((values) => {
        const value = values.get(id);
        if (value !== undefined) cache.set(id, value);
        return value;
      });
      inFlight.set(id, one);
      const settled = () => {
        if (inFlight.get(id) === one) inFlight.delete(id);
      };
      void one.then(settled, settled);
    }
    for (const [id, value] of await loaded) out.set(id, value);
  }
  await Promise.all(waits);
  if (retry.length > 0) {
    for (const [id, value] of await load(retry)) {
      cache.set(id, value);
      out.set(id, value);
    }
  }
  return out;
}

const versionId = (ref: VersionRef) => `${ref.itemId}:${ref.version}`;

/** Item versions unsealed, by `itemId:version` (cachedLoad: cached, and shared while loading). */
async function cachedItemVersions(
  key: ContentKey,
  tx: Db | Tx,
  refs: readonly VersionRef[],
): Promise<Map<string, OpenedVersion>> {
  const byId = new Map(refs.map((ref) => [versionId(ref), ref]));
  return cachedLoad(
    cacheOf(versionCaches, key, VERSION_CACHE_SIZE),
    loadsOf(versionLoads, key),
    [...byId.keys()],
    (ids) =>
      openItemVersions(
        key,
        tx,
        ids.map((id) => byId.get(id)!),
      ),
  );
}

/** Pictures as data URLs (cachedLoad: cached, and shared while loading). */
async function cachedImages(key: ContentKey, tx: Db | Tx, ids: readonly string[]): Promise<Map<string, string>> {
  return cachedLoad(cacheOf(imageCaches, key, IMAGE_CACHE_SIZE), loadsOf(imageLoads, key), ids, async (missing) => {
    const out = new Map<string, string>();
    for (const [id, image] of await loadImages(tx, key, missing)) {
      out.set(id, `data:${image.mime};base64,${image.data.toString('base64')}`);
    }
    return out;
  });
}

/**
 * A candidate's papers (the given sitting) for the subjects of a session, as outlines; a subject without a paper is
 * missing from the map.
 */
export async function paperOutlinesForDelivery(
  deps: AppDeps,
  tx: Tx,
  applicationId: number,
  subjects: readonly Subject[],
  sitting = SITTING,
): Promise<Map<Subject, PaperOutline>> {
  const key = contentKeyOf(deps);
  const rows = await repo.findCandidatePapers(tx, applicationId, subjects, sitting);
  return new Map(
    rows.map((paper) => {
      const items = storedItems(key, paper);
      const outline: PaperOutline = {
        paperId: paper.id,
        subject: paper.subject,
        itemCount: items.length,
        maxScore: Math.round(items.reduce((s, i) => s + i.points * 100, 0)) / 100,
        items: items.map((i) => ({ type: i.type, optionCount: i.optionOrder.length, points: i.points })),
      };
      return [paper.subject, outline];
    }),
  );
}

/**
 * A paper unsealed for its candidate: the items as shown (options in the order shown with their display letters,
 * pictures inlined as data URLs) and, apart, the key of each position in the letters shown with its points, for
 * scoring. The caller must never send `keys` to a client.
 */
export async function openPaperForDelivery(
  deps: AppDeps,
  tx: Db | Tx,
  /** The paper's id, or its sealed row when the caller read it already (delivery reads it with the answers). */
  paperOrId: number | Pick<repo.PaperRow, 'applicationId' | 'subject' | 'sitting' | 'content'>,
  options: { pictures?: boolean } = {},
): Promise<{ items: DeliveryItem[]; keys: ScoringItem[] }> {
  const key = contentKeyOf(deps);
  const paper = typeof paperOrId === 'number' ? await repo.findPaperRow(tx, paperOrId) : paperOrId;
  if (!paper) throw new AppError('NOT_FOUND', '试卷不存在');
  const stored = storedItems(key, paper);
  const contents = await cachedItemVersions(key, tx, stored);
  const contentOf = (item: PaperItem) => {
    const content = contents.get(`${item.itemId}:${item.version}`);
    if (!content) throw new AppError('NOT_FOUND', `试卷中的试题 #${item.itemId} 第${item.version}版不存在`);
    return content;
  };
  const keys = stored.map((item) => ({
    points: item.points,
    key: originalToDisplayed(item.optionOrder, contentOf(item).answer) ?? '',
  }));
  if (options.pictures === false) return { items: [], keys };
  const imageIds: string[] = [];
  for (const item of stored) {
    const content = contentOf(item);
    if (content.stemImage) imageIds.push(content.stemImage);
    for (const o of content.options) if (o.image) imageIds.push(o.image);
  }
  const images = await cachedImages(key, tx, imageIds);
  const picture = (id: string | null) => (id ? (images.get(id) ?? null) : null);
  const items = stored.map((item, index): DeliveryItem => {
    const content = contentOf(item);
    return {
      position: index + 1,
      type: item.type,
      points: item.points,
      stem: content.stem,
      stemImage: picture(content.stemImage),
      options: [...item.optionOrder].map((original, i) => {
        const source = content.options[OPTION_LETTERS.indexOf(original as (typeof OPTION_LETTERS)[number])];
        return { letter: OPTION_LETTERS[i]!, text: source?.text ?? '', image: picture(source?.image ?? null) };
      }),
    };
  });
  return { items, keys };
}

/** The scoring keys of a paper (the key of each position in the letters shown, with its points). */
export async function paperKeysForDelivery(deps: AppDeps, tx: Tx, paperId: number): Promise<ScoringItem[]> {
  return (await openPaperForDelivery(deps, tx, paperId, { pictures: false })).keys;
}

/** Sealed papers as the re-score reads them (modules/scores): by id, only what unsealing needs. */
export type SealedPaper = Awaited<ReturnType<typeof repo.findPaperContents>>[number];

export function readPapersForScoring(tx: Tx, paperIds: readonly number[]): Promise<SealedPaper[]> {
  return repo.findPaperContents(tx, paperIds);
}

/**
 * The same on a PostgreSQL server, on a connection of its own outside the caller's transaction (papers never change
 * once drawn), the sealed bytes read as they are stored (COPY in binary).
 */
export function copyPapersForScoring(db: Db, paperIds: readonly number[]): Promise<SealedPaper[]> {
  return repo.copyPaperContents(db, paperIds);
}

/**
 * Keys already worked out in a re-score, by item id: a position's key depends only on its item version, option order
 * and points, and papers drawn from one pool share them (a handful of option orders per item).
 */
export type ScoringKeyCache = Map<
  number,
  { version: number; optionOrder: string; points: number; scoring: ScoringItem }[]
>;

function cachedKey(cache: ScoringKeyCache, item: PaperItem): ScoringItem | undefined {
  const known = cache.get(item.itemId);
  if (!known) return undefined;
  for (const k of known) {
    if (k.version === item.version && k.optionOrder === item.optionOrder && k.points === item.points) return k.scoring;
  }
  return undefined;
}

/** A paper's keys from the cache alone, or null when one of its positions is not there yet. */
function keysFromCache(cache: ScoringKeyCache, items: readonly PaperItem[]): ScoringItem[] | null {
  const keys = new Array<ScoringItem>(items.length);
  for (let i = 0; i < items.length; i++) {
    const found = cachedKey(cache, items[i]!);
    if (!found) return null;
    keys[i] = found;
  }
  return keys;
}

/**
 * The scoring keys of many papers at once (the province's re-score, modules/scores): each unsealed, the item
 * versions from the process's cache. Same keys as paperKeysForDelivery gives paper by paper. With `cache` (one per
 * re-score) each distinct key is worked out once, and a paper's items are dropped as soon as its keys are known.
 */
export async function paperKeysForScoring(
  deps: AppDeps,
  tx: Tx,
  rows: readonly SealedPaper[],
  cache: ScoringKeyCache = new Map(),
): Promise<Map<number, ScoringItem[]>> {
  const key = contentKeyOf(deps);
  const out = new Map<number, ScoringItem[]>();
  const unresolved: { id: number; items: PaperItem[] }[] = [];
  for (const paper of rows) {
    const items = storedItems(key, paper);
    const keys = keysFromCache(cache, items);
    if (keys) out.set(paper.id, keys);
    else unresolved.push({ id: paper.id, items });
  }
  if (unresolved.length === 0) return out;
  const refs = new Map<string, PaperItem>();
  for (const p of unresolved) for (const item of p.items) refs.set(versionId(item), item);
  const contents = await cachedItemVersions(key, tx, [...refs.values()]);
  for (const p of unresolved) {
    for (const item of p.items) {
      if (cachedKey(cache, item)) continue;
      const content = contents.get(versionId(item));
      if (!content) throw new AppError('NOT_FOUND', `试卷中的试题 #${item.itemId} 第${item.version}版不存在`);
      const scoring = { points: item.points, key: originalToDisplayed(item.optionOrder, content.answer) ?? '' };
      const known = cache.get(item.itemId) ?? [];
      known.push({ version: item.version, optionOrder: item.optionOrder, points: item.points, scoring });
      cache.set(item.itemId, known);
    }
    out.set(p.id, keysFromCache(cache, p.items)!);
  }
  return out;
}

// ─── For other modules (score review 复核, modules/score-reviews through modules/scores) ───────────────────

/** A paper rebuilt for a score review: whether it equals the stored paper, and the keys of the rebuilt paper. */
export interface ReviewRebuild {
  paperId: number;
  matches: boolean;
  itemCount: number;
  message: string;
  /** The scoring keys of the rebuilt paper, in the positions shown (the stored paper's when it cannot be rebuilt). */
  keys: ScoringItem[];
}

/**
 * The 复核 rebuild in the caller's system transaction (the review's processing): the paper drawn again from its pool
 * snapshot, seed and algorithm version, compared item for item with the sealed paper, and the rebuilt paper's keys
 * (so the stored answers are scored against the paper as the seed defines it). No audit row: the caller's decision
 * records the outcome.
 */
export async function rebuildPaperForReview(deps: AppDeps, tx: Tx, paperId: number): Promise<ReviewRebuild> {
  const key = contentKeyOf(deps);
  const { paper, pool } = await loadPaper(tx, paperId);
  const stored = storedItems(key, paper);
  let rebuilt: DrawResult;
  try {
    rebuilt = rebuildPaper(
      { blueprint: pool.blueprint as Blueprint, items: pool.items as PoolItem[] },
      { seed: paper.seed, algorithmVersion: paper.algorithmVersion },
    );
  } catch (error) {
    // A snapshot the algorithm cannot read (damaged, or written by hand) is a failed rebuild, not a crash.
    rebuilt = { ok: false, message: (error as Error).message } as DrawResult;
  }
  const differences = rebuilt.ok ? comparePaperItems(stored, rebuilt.paper.items) : [];
  const matches = rebuilt.ok && rebuilt.paper.attempt === paper.attempt && differences.length === 0;
  const items = rebuilt.ok ? rebuilt.paper.items : stored;
  const contents = await cachedItemVersions(key, tx, items);
  const keys = items.map((item) => {
    const content = contents.get(`${item.itemId}:${item.version}`);
    if (!content) throw new AppError('NOT_FOUND', `试卷中的试题 #${item.itemId} 第${item.version}版不存在`);
    return { points: item.points, key: originalToDisplayed(item.optionOrder, content.answer) ?? '' };
  });
  const message = matches
    ? `按种子、抽题池快照和组卷算法第${paper.algorithmVersion}版重建，与存储的试卷逐题一致（${stored.length}题）`
    : !rebuilt.ok
      ? `无法重建：${rebuilt.message}（按存储的试卷评分）`
      : `重建结果与存储的试卷不一致：${differences.length}题不同（按重建的试卷评分）`;
  return { paperId: paper.id, matches, itemCount: stored.length, message, keys };
}

/**
 * The items of many papers as the item analysis needs them (modules/item-analysis): per position the item version,
 * its points, its key in the letters as shown and the option order. Same keys as paperKeysForScoring.
 */
export async function paperItemsForAnalysis(
  deps: AppDeps,
  tx: Tx,
  rows: readonly SealedPaper[],
): Promise<Map<number, { itemId: number; version: number; points: number; key: string; optionOrder: string }[]>> {
  const key = contentKeyOf(deps);
  const stored = rows.map((paper) => ({ id: paper.id, items: storedItems(key, paper) }));
  const refs = new Map<string, PaperItem>();
  for (const p of stored) for (const item of p.items) refs.set(`${item.itemId}:${item.version}`, item);
  const contents = await cachedItemVersions(key, tx, [...refs.values()]);
  const out = new Map<
    number,
    { itemId: number; version: number; points: number; key: string; optionOrder: string }[]
  >();
  for (const p of stored) {
    out.set(
      p.id,
      p.items.map((item) => {
        const content = contents.get(`${item.itemId}:${item.version}`);
        if (!content) throw new AppError('NOT_FOUND', `试卷中的试题 #${item.itemId} 第${item.version}版不存在`);
        return {
          itemId: item.itemId,
          version: item.version,
          points: item.points,
          key: originalToDisplayed(item.optionOrder, content.answer) ?? '',
          optionOrder: item.optionOrder,
        };
      }),
    );
  }
  return out;
}
