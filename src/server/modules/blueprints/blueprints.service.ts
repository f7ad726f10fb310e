import {
  type Blueprint,
  type BlueprintProblem,
  checkSufficiency,
  defaultBlueprint,
  type ExamGrade,
  PAPER_TOTAL_POINTS,
  type PoolItem,
  pointsInHundredths,
  type SufficiencyReport,
  validateBlueprint,
} from '../../../domain/blueprint.js';
import { GRADE_LABELS } from '../../../domain/eligibility.js';
import {
  examSubjectsOfGrade,
  ITEM_TYPES,
  type ItemType,
  isJobTypeSubject,
  JOB_TYPE_SUBJECT_GRADES,
  JOB_TYPE_SUBJECTS,
  SUBJECT_LABELS,
  SUBJECTS,
  type Subject,
} from '../../../domain/items.js';
import type { ExamSettings } from '../../../domain/timetable.js';
import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { recordAudit } from '../../platform/audit.js';
import type { Actor, ServiceContext } from '../../platform/context.js';
import { AppError, uniqueViolation } from '../../platform/errors.js';
import { hasPermission, type Permission } from '../../platform/permissions.js';
import { inScopedTx } from '../../platform/tx.js';
import { type CampaignWithCatalog, findCampaign } from '../campaigns/campaigns.service.js';
import type { BlueprintRow, CandidateGroup, JobTypeInfo, ProfileRow } from './blueprints.repository.js';
import * as repo from './blueprints.repository.js';
import {
  type BlueprintDefinition,
  type BlueprintListFilter,
  type BlueprintScope,
  type BlueprintSufficiency,
  blueprintDefinitionSchema,
} from './blueprints.schemas.js';

// ─── Scopes: what needs a blueprint ─────────────────────────────────────────────────────────────────────────
//
// A campaign needs a 职业道德 and a 职业能力 blueprint (shared by every candidate of the grades that sit them) and a
// job-type blueprint for each job type × grade with confirmed candidates: 岗位技能 for 五级 to 二级, 专业基础知识 for
// 一级 (rules.md §6: 一级 sits 职业道德 and 专业基础知识). The banks of 职业道德 and 职业能力 may be per grade (a bank for
// every grade plus one per grade), so those two are checked once per grade of the confirmed candidates that sit
// them (一级 candidates draw 职业道德 from the common bank plus a 一级 bank if there is one); with no candidate yet,
// against the banks for every grade (a subset of every grade's pool, so a pass there holds for any grade).

interface Scope {
  subject: Subject;
  jobTypeId: number | null;
  grade: number | null;
}

const scopeKey = (s: Scope) => (isJobTypeSubject(s.subject) ? `${s.subject}:${s.jobTypeId}:${s.grade}` : s.subject);

const gradeName = (grade: number | null) =>
  grade === null ? '全部等级' : (GRADE_LABELS[grade as ExamGrade] ?? `${grade}级`).replace(/（.*$/, '');

function scopeLabel(scope: Scope, jobTypeName: string | null): string {
  if (!isJobTypeSubject(scope.subject)) return SUBJECT_LABELS[scope.subject];
  return `${SUBJECT_LABELS[scope.subject]}·${jobTypeName ?? `工种${scope.jobTypeId}`}·${gradeName(scope.grade)}`;
}

function assertPermission(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor.role, permission)) {
    throw new AppError('FORBIDDEN', '只有题库管理员可以查看和维护组卷规则');
  }
}

async function campaignOf(tx: Tx, id: number): Promise<CampaignWithCatalog> {
  const campaign = await findCampaign(tx, id);
  if (!campaign) throw new AppError('NOT_FOUND', '考核年度不存在');
  return campaign;
}

function assertWritable(campaign: CampaignWithCatalog): void {
  if (campaign.status === 'closed') {
    throw new AppError('CAMPAIGN_CLOSED', `「${campaign.name}」已结束，不能再修改其组卷规则`);
  }
}

/** The scope a request names, checked against the campaign's catalogue; its job type for the labels. */
async function resolveScope(
  tx: Tx,
  campaign: CampaignWithCatalog,
  input: { subject: Subject; jobTypeId?: number | null; grade?: number | null },
): Promise<{ scope: Scope; jobType: JobTypeInfo | null }> {
  const jobTypeId = input.jobTypeId ?? null;
  // 专业基础知识 is a 一级 subject: the grade may be left out.
  const grade = input.subject === 'basics' ? (input.grade ?? 1) : (input.grade ?? null);
  if (!isJobTypeSubject(input.subject)) {
    if (jobTypeId !== null || grade !== null) {
      throw new AppError('BLUEPRINT_JOB_TYPE_NOT_ALLOWED', '职业道德、职业能力为公共科目，不区分工种和等级');
    }
    return { scope: { subject: input.subject, jobTypeId: null, grade: null }, jobType: null };
  }
  if (jobTypeId === null || grade === null || !JOB_TYPE_SUBJECT_GRADES[input.subject].includes(grade)) {
    throw new AppError(
      'BLUEPRINT_JOB_TYPE_REQUIRED',
      input.subject === 'skill'
        ? '岗位技能的组卷规则须指定工种和等级（五级至二级）'
        : '专业基础知识的组卷规则须指定工种，等级为一级（高级技师）',
    );
  }
  const [jobType] = await repo.jobTypesByIds(tx, [jobTypeId]);
  if (!jobType || jobType.versionId !== campaign.catalogVersionId) {
    throw new AppError('BLUEPRINT_SCOPE_INVALID', `工种不在「${campaign.name}」所用的工种目录中`);
  }
  if (!jobType.grades.includes(grade)) {
    throw new AppError('BLUEPRINT_SCOPE_INVALID', `工种「${jobType.name}」不设${gradeName(grade)}`);
  }
  return { scope: { subject: input.subject, jobTypeId, grade }, jobType };
}

/**
 * The candidates of a scope, per grade (ascending grade number is 一级 first; shown 五级 first): a job-type scope's
 * own job type × grade, a common subject's every grade that sits it (一级 sits no 职业能力).
 */
function gradesOf(scope: Scope, groups: readonly CandidateGroup[]): { grade: number; candidates: number }[] {
  const counts = new Map<number, number>();
  const jobTyped = isJobTypeSubject(scope.subject);
  for (const g of groups) {
    if (jobTyped && (g.jobTypeId !== scope.jobTypeId || g.grade !== scope.grade)) continue;
    if (!examSubjectsOfGrade(g.grade).includes(scope.subject)) continue;
    counts.set(g.grade, (counts.get(g.grade) ?? 0) + g.count);
  }
  if (jobTyped && !counts.has(scope.grade!)) counts.set(scope.grade!, 0);
  return [...counts.entries()].sort((a, b) => b[0] - a[0]).map(([grade, candidates]) => ({ grade, candidates }));
}

// ─── Pools, counted ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * The approved pools of a campaign's scopes, loaded once as counts per bank × type × 知识点 × difficulty
 * (repository.poolProfiles) and opened into the domain's PoolItem list only while a check needs it. A sufficiency
 * check looks at an item's type, 知识点 and difficulty, nothing else, so the counted pool answers exactly what the
 * listed one would; the ids are positions. Grades drawing from the same banks share one list (`poolKey`).
 */
class Pools {
  private readonly byBank = new Map<string, ProfileRow[]>();

  constructor(rows: readonly ProfileRow[]) {
    for (const row of rows) {
      const key = Pools.bankKey(row.subject, row.jobTypeId, row.grade);
      const list = this.byBank.get(key);
      if (list) list.push(row);
      else this.byBank.set(key, [row]);
    }
  }

  private static bankKey(subject: Subject, jobTypeId: number | null, grade: number | null) {
    return `${subject}:${jobTypeId ?? ''}:${grade ?? ''}`;
  }

  /** The banks a candidate of `grade` draws from for `scope` (those that exist and hold approved items). */
  private banks(scope: Scope, grade: number | null): string[] {
    const keys = isJobTypeSubject(scope.subject)
      ? [Pools.bankKey(scope.subject, scope.jobTypeId, scope.grade)]
      : [
          Pools.bankKey(scope.subject, null, null),
          ...(grade === null ? [] : [Pools.bankKey(scope.subject, null, grade)]),
        ];
    return keys.filter((k) => this.byBank.has(k));
  }

  /** Equal for two grades exactly when they draw from the same banks. */
  poolKey(scope: Scope, grade: number | null): string {
    return this.banks(scope, grade).join('|');
  }

  rows(scope: Scope, grade: number | null): ProfileRow[] {
    return this.banks(scope, grade).flatMap((k) => this.byBank.get(k)!);
  }

  size(scope: Scope, grade: number | null): number {
    return this.rows(scope, grade).reduce((s, r) => s + r.count, 0);
  }

  pool(scope: Scope, grade: number | null): PoolItem[] {
    const items: PoolItem[] = [];
    let id = 0;
    for (const row of this.rows(scope, grade)) {
      for (let k = 0; k < row.count; k++) {
        items.push({
          id: ++id,
          version: 1,
          type: row.type,
          knowledgePoint: row.knowledgePoint,
          difficulty: row.difficulty,
          optionCount: 0,
        });
      }
    }
    return items;
  }
}

async function loadPools(tx: Tx, scopes: readonly Scope[]): Promise<Pools> {
  const subjects = [...new Set(scopes.map((s) => s.subject))];
  const jobTypeIds = [...new Set(scopes.filter((s) => isJobTypeSubject(s.subject)).map((s) => s.jobTypeId!))];
  return new Pools(await repo.poolProfiles(tx, { subjects, jobTypeIds }));
}

// ─── Sufficiency ────────────────────────────────────────────────────────────────────────────────────────────

const WARNING = 'BLUEPRINT_TOLERANCE_TOO_TIGHT';

interface GradeReport {
  grade: number | null;
  candidates: number;
  poolItems: number;
  report: SufficiencyReport;
}

/** The blueprint checked against the pool of each grade of its candidates (one grade for a job-type subject). */
function sufficiencyOf(
  blueprint: Blueprint,
  scope: Scope,
  grades: readonly { grade: number; candidates: number }[],
  pools: Pools,
): BlueprintSufficiency {
  const checked: readonly { grade: number | null; candidates: number }[] = isJobTypeSubject(scope.subject)
    ? [{ grade: scope.grade, candidates: grades.find((g) => g.grade === scope.grade)?.candidates ?? 0 }]
    : grades.length > 0
      ? grades
      : [{ grade: null, candidates: 0 }];
  // Grades drawing from the same banks share one pool, and so one report.
  const reports = new Map<string, SufficiencyReport>();
  const out: GradeReport[] = checked.map(({ grade, candidates }) => {
    const key = pools.poolKey(scope, grade);
    let report = reports.get(key);
    if (!report) {
      report = checkSufficiency(blueprint, pools.pool(scope, grade));
      reports.set(key, report);
    }
    return { grade, candidates, poolItems: pools.size(scope, grade), report };
  });
  const problems = out.flatMap((g) => g.report.problems);
  return {
    ok: out.every((g) => g.report.ok),
    canPublish: problems.every((p) => p.code === WARNING),
    needsConfirm: problems.some((p) => p.code === WARNING),
    grades: out,
  };
}

type GradedProblem = BlueprintProblem & { grade: number | null };

function gradedProblems(s: BlueprintSufficiency, which: 'blocking' | 'warning'): GradedProblem[] {
  const seen = new Set<string>();
  const found: GradedProblem[] = [];
  for (const g of s.grades) {
    for (const p of g.report.problems) {
      if ((p.code === WARNING) !== (which === 'warning')) continue;
      // A problem of the blueprint itself reads the same for every grade: once is enough.
      const key = `${p.code}|${p.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      found.push({ ...p, grade: g.grade });
    }
  }
  return found;
}

/** Problems in one line, each grade named when there is more than one; at most five, then a count. */
function problemsText(problems: readonly GradedProblem[], manyGrades: boolean): string {
  const shown = problems
    .slice(0, 5)
    .map((p) => (manyGrades && p.grade !== null ? `${gradeName(p.grade)}考生：${p.message}` : p.message));
  const more = problems.length > 5 ? `；另有${problems.length - 5}处问题` : '';
  return shown.join('；') + more;
}

// ─── Definitions ───────────────────────────────────────────────────────────────────────────────────────────

/** The stored definition (jsonb), as the contract reads it. */
function definitionOf(row: Pick<BlueprintRow, 'definition'>): BlueprintDefinition {
  return blueprintDefinitionSchema.parse(row.definition);
}

/** Named 知识点 trimmed (cells match items on the trimmed point); everything else as given. */
function normalise(definition: BlueprintDefinition): BlueprintDefinition {
  return {
    durationMinutes: definition.durationMinutes,
    passLine: definition.passLine,
    shuffleItems: definition.shuffleItems,
    shuffleOptions: definition.shuffleOptions,
    targetDifficulty: definition.targetDifficulty,
    difficultyTolerance: definition.difficultyTolerance,
    cells: definition.cells.map((c) => ({
      type: c.type,
      knowledgePoint: c.knowledgePoint === null ? null : c.knowledgePoint.trim(),
      difficulty: { min: c.difficulty.min, max: c.difficulty.max },
      count: c.count,
      points: c.points,
    })),
  };
}

function toBlueprint(scope: Scope, definition: BlueprintDefinition): Blueprint {
  return {
    ...definition,
    subject: scope.subject,
    jobTypeId: scope.jobTypeId,
    grade: scope.grade as ExamGrade | null,
  };
}

/** The definition part of a domain Blueprint (what the column stores). */
function definitionPart(bp: Blueprint): BlueprintDefinition {
  const { subject: _s, jobTypeId: _j, grade: _g, ...definition } = bp;
  return normalise(definition);
}

/**
 * A new blueprint's definition: the domain's default (rules.md §7) with the campaign's 考试设置 for the subject
 * (duration, pass score, numbers of single and multiple choice items), when those make a sound blueprint.
 */
function initialDefinition(scope: Scope, examSettings: unknown): BlueprintDefinition {
  const base = defaultBlueprint(scope.subject, scope.jobTypeId, scope.grade as ExamGrade | null);
  const settings = (examSettings as Partial<ExamSettings> | null)?.subjects?.find((s) => s.code === scope.subject);
  if (settings) {
    const counts: [ItemType, number][] = [
      ['single', settings.singleChoice],
      ['multiple', settings.multipleChoice],
    ];
    const total = counts.reduce((s, [, n]) => s + (Number.isInteger(n) && n > 0 ? n : 0), 0);
    const points = total > 0 ? Math.round((PAPER_TOTAL_POINTS / total) * 100) / 100 : 0;
    const candidate: Blueprint = {
      ...base,
      durationMinutes: settings.durationMinutes,
      passLine: settings.fullScore === PAPER_TOTAL_POINTS ? settings.passScore : base.passLine,
      cells: counts
        .filter(([, n]) => Number.isInteger(n) && n > 0)
        .map(([type, count]) => ({ type, knowledgePoint: null, difficulty: { min: 1, max: 5 }, count, points })),
    };
    if (pointsInHundredths(points) !== null && validateBlueprint(candidate).length === 0) {
      return definitionPart(candidate);
    }
  }
  return definitionPart(base);
}

/** The blueprint's own problems refuse a save: the first answers with its code and words, the list rides along. */
function assertSound(bp: Blueprint): void {
  const problems = validateBlueprint(bp);
  const first = problems[0];
  if (first) {
    throw new AppError(first.code, first.message, {
      field: first.cell === undefined ? undefined : `definition.cells.${first.cell}`,
      problems,
    });
  }
}

const totals = (definition: BlueprintDefinition) => ({
  itemCount: definition.cells.reduce((s, c) => s + c.count, 0),
  totalPoints: Math.round(definition.cells.reduce((s, c) => s + c.count * c.points * 100, 0)) / 100,
});

// ─── Presenting ────────────────────────────────────────────────────────────────────────────────────────────

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function presentBlueprint(
  actor: Actor,
  campaign: CampaignWithCatalog,
  row: BlueprintRow,
  jobTypeName: string | null,
  use: { pools: number; papers: number },
) {
  const definition = definitionOf(row);
  const manage = hasPermission(actor.role, 'bank.manage') && campaign.status !== 'closed';
  const draft = row.status === 'draft';
  return {
    id: row.id,
    campaignId: row.campaignId,
    subject: row.subject,
    jobTypeId: row.jobTypeId,
    jobTypeName,
    grade: row.grade,
    status: row.status,
    revision: row.revision,
    definition,
    ...totals(definition),
    papers: use.papers,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    publishedAt: iso(row.publishedAt),
    publishedByName: row.publishedByName,
    abilities: {
      edit: manage && draft,
      delete: manage && draft && use.pools === 0,
      publish: manage && draft,
      withdraw: manage && !draft && use.papers === 0,
    },
  };
}

const scopeOfRow = (row: BlueprintRow): Scope => ({
  subject: row.subject,
  jobTypeId: row.jobTypeId,
  grade: row.grade,
});

/** One blueprint with its candidates and its sufficiency now, in the caller's transaction. */
async function detail(tx: Tx, actor: Actor, campaign: CampaignWithCatalog, row: BlueprintRow) {
  const scope = scopeOfRow(row);
  const groups = await repo.candidateGroups(
    tx,
    campaign.id,
    isJobTypeSubject(scope.subject) ? { jobTypeId: scope.jobTypeId! } : {},
  );
  const grades = gradesOf(scope, groups);
  const [jobType] = scope.jobTypeId === null ? [] : await repo.jobTypesByIds(tx, [scope.jobTypeId]);
  const pools = await loadPools(tx, [scope]);
  const use = (await repo.usage(tx, [row.id])).get(row.id) ?? { pools: 0, papers: 0 };
  return {
    blueprint: presentBlueprint(actor, campaign, row, jobType?.name ?? null, use),
    candidates: grades.reduce((s, g) => s + g.candidates, 0),
    sufficiency: sufficiencyOf(toBlueprint(scope, definitionOf(row)), scope, grades, pools),
  };
}

const auditPlace = (actor: Actor) => ({ orgNodeId: actor.orgNodeId, orgPath: actor.orgPath });

// ─── The campaign check ──────────────────────────────────────────────────────────────────────────────────────

const STATE_FILTERS: Record<BlueprintListFilter, (state: BlueprintScope['state']) => boolean> = {
  all: () => true,
  attention: (s) => s === 'missing' || s === 'short' || s === 'draft',
  missing: (s) => s === 'missing',
  draft: (s) => s === 'draft',
  published: (s) => s === 'published',
  short: (s) => s === 'short',
};

/** One scope of the campaign check: its candidates, its blueprint, and that blueprint's sufficiency per grade. */
function checkScope(
  key: string,
  scope: Scope,
  groups: readonly CandidateGroup[],
  row: BlueprintRow | undefined,
  jobType: JobTypeInfo | undefined,
  pools: Pools,
): BlueprintScope {
  const grades = gradesOf(scope, groups);
  const candidates = grades.reduce((s, g) => s + g.candidates, 0);
  const poolGrades = isJobTypeSubject(scope.subject)
    ? [scope.grade]
    : grades.length > 0
      ? grades.map((g) => g.grade)
      : [null];
  const poolItems = Math.min(...poolGrades.map((g) => pools.size(scope, g)));
  const definition = row ? definitionOf(row) : null;
  let sufficiency: BlueprintScope['sufficiency'] = null;
  if (definition) {
    const s = sufficiencyOf(toBlueprint(scope, definition), scope, grades, pools);
    sufficiency = {
      ok: s.ok,
      canPublish: s.canPublish,
      needsConfirm: s.needsConfirm,
      grades: s.grades.map((g) => ({
        grade: g.grade,
        candidates: g.candidates,
        poolItems: g.poolItems,
        ok: g.report.ok,
        shortCells: g.report.cells
          .filter((c) => !c.sufficient)
          .map((c) => ({ cell: c.cell, label: c.label, needed: c.needed, available: c.available })),
        problems: g.report.problems,
      })),
    };
  }
  const state: BlueprintScope['state'] = !row
    ? 'missing'
    : !sufficiency?.canPublish
      ? 'short'
      : row.status === 'published'
        ? 'published'
        : 'draft';
  return {
    key,
    subject: scope.subject,
    jobTypeId: scope.jobTypeId,
    jobTypeName: jobType?.name ?? null,
    jobTypeCode: jobType?.code ?? null,
    grade: scope.grade,
    candidates,
    grades,
    blueprint:
      row && definition
        ? {
            id: row.id,
            status: row.status,
            revision: row.revision,
            itemCount: totals(definition).itemCount,
            updatedAt: row.updatedAt.toISOString(),
            publishedAt: iso(row.publishedAt),
          }
        : null,
    state,
    sufficiency,
    poolItems,
  };
}

/**
 * Every scope of the campaign that needs a blueprint (职业道德, 职业能力, each 岗位技能 job type × grade with confirmed
 * candidates, and any scope that has a blueprint without candidates), its candidates, its blueprint and that
 * blueprint's sufficiency per candidate grade. The pools are loaded once, counted, in one statement.
 */
export async function campaignCheck(
  deps: AppDeps,
  ctx: ServiceContext,
  query: { campaignId: number; filter: BlueprintListFilter; page: number; pageSize: number },
) {
  assertPermission(ctx.actor, 'bank.read');
  // Everything is read in one short transaction; the checks run after it, yielding now and then, so that neither
  // the connection (PGlite has one) nor the event loop is held for the whole campaign.
  const loaded = await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const campaign = await campaignOf(tx, query.campaignId);
    const groups = await repo.candidateGroups(tx, campaign.id);
    const rows = await repo.listBlueprints(tx, campaign.id);

    const scopes = new Map<string, Scope>();
    for (const subject of SUBJECTS) {
      if (!isJobTypeSubject(subject)) scopes.set(subject, { subject, jobTypeId: null, grade: null });
    }
    for (const g of groups) {
      // 岗位技能 for 五级 to 二级, 专业基础知识 for 一级: the job-type subjects the grade sits.
      for (const subject of JOB_TYPE_SUBJECTS) {
        if (!examSubjectsOfGrade(g.grade).includes(subject)) continue;
        const scope: Scope = { subject, jobTypeId: g.jobTypeId, grade: g.grade };
        scopes.set(scopeKey(scope), scope);
      }
    }
    const byScope = new Map<string, BlueprintRow>();
    for (const row of rows) {
      const scope = scopeOfRow(row);
      scopes.set(scopeKey(scope), scopes.get(scopeKey(scope)) ?? scope);
      byScope.set(scopeKey(scope), row);
    }
    const jobTypeIds = [...new Set([...scopes.values()].flatMap((s) => (s.jobTypeId === null ? [] : [s.jobTypeId])))];
    const jobTypes = new Map((await repo.jobTypesByIds(tx, jobTypeIds)).map((j) => [j.id, j]));
    const pools = await loadPools(tx, [...scopes.values()]);
    return { campaign, groups, scopes, byScope, jobTypes, pools };
  });
  const { campaign, groups, scopes, byScope, jobTypes, pools } = loaded;

  const items: BlueprintScope[] = [];
  for (const [key, scope] of scopes) {
    if (items.length % 8 === 7) await new Promise((resolve) => setImmediate(resolve));
    const jobType = scope.jobTypeId === null ? undefined : jobTypes.get(scope.jobTypeId);
    items.push(checkScope(key, scope, groups, byScope.get(key), jobType, pools));
  }

  const subjectOrder = (s: Subject) => ({ ethics: 0, ability: 1, skill: 2, basics: 3 })[s];
  items.sort(
    (a, b) =>
      subjectOrder(a.subject) - subjectOrder(b.subject) ||
      (a.jobTypeCode ?? '').localeCompare(b.jobTypeCode ?? '') ||
      (a.jobTypeId ?? 0) - (b.jobTypeId ?? 0) ||
      (b.grade ?? 0) - (a.grade ?? 0),
  );
  const count = (state: BlueprintScope['state']) => items.filter((i) => i.state === state).length;
  const candidates = groups.reduce((s, g) => s + g.count, 0);
  // Every scope with candidates must have a published, sufficient blueprint; 职业道德 and 职业能力 as soon as
  // anyone of a grade that sits them is confirmed (a 一级-only campaign needs no 职业能力).
  const ready = candidates > 0 && items.every((i) => i.candidates === 0 || i.state === 'published');
  const filtered = items.filter((i) => STATE_FILTERS[query.filter](i.state));
  const start = (query.page - 1) * query.pageSize;
  return {
    campaign: { id: campaign.id, year: campaign.year, name: campaign.name, status: campaign.status },
    candidates,
    ready,
    summary: {
      scopes: items.length,
      missing: count('missing'),
      short: count('short'),
      draft: count('draft'),
      published: count('published'),
    },
    canCreate: hasPermission(ctx.actor.role, 'bank.manage') && campaign.status !== 'closed',
    items: filtered.slice(start, start + query.pageSize),
    total: filtered.length,
  };
}

// ─── One blueprint ───────────────────────────────────────────────────────────────────────────────────────────

async function blueprintWithCampaign(tx: Tx, id: number, lock: boolean) {
  const row = lock ? await repo.lockBlueprint(tx, id) : await repo.findBlueprint(tx, id);
  if (!row) throw new AppError('NOT_FOUND', '组卷规则不存在');
  return { row, campaign: await campaignOf(tx, row.campaignId) };
}

export async function getBlueprint(deps: AppDeps, ctx: ServiceContext, id: number) {
  assertPermission(ctx.actor, 'bank.read');
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const { row, campaign } = await blueprintWithCampaign(tx, id, false);
    return detail(tx, ctx.actor, campaign, row);
  });
}

/** An unsaved definition checked as it would be on publishing: the editor's live sufficiency table. */
export async function checkDefinition(
  deps: AppDeps,
  ctx: ServiceContext,
  input: {
    campaignId: number;
    subject: Subject;
    jobTypeId?: number | null;
    grade?: number | null;
    definition: BlueprintDefinition;
  },
) {
  assertPermission(ctx.actor, 'bank.read');
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const campaign = await campaignOf(tx, input.campaignId);
    const { scope } = await resolveScope(tx, campaign, input);
    const groups = await repo.candidateGroups(
      tx,
      campaign.id,
      isJobTypeSubject(scope.subject) ? { jobTypeId: scope.jobTypeId! } : {},
    );
    const grades = gradesOf(scope, groups);
    const pools = await loadPools(tx, [scope]);
    return {
      candidates: grades.reduce((s, g) => s + g.candidates, 0),
      sufficiency: sufficiencyOf(toBlueprint(scope, normalise(input.definition)), scope, grades, pools),
    };
  });
}

export async function createBlueprint(
  deps: AppDeps,
  ctx: ServiceContext,
  input: {
    campaignId: number;
    subject: Subject;
    jobTypeId?: number | null;
    grade?: number | null;
    definition?: BlueprintDefinition | undefined;
  },
) {
  assertPermission(ctx.actor, 'bank.manage');
  try {
    return await inScopedTx(deps.db, ctx.actor, async (tx) => {
      const now = deps.clock.now();
      const campaign = await campaignOf(tx, input.campaignId);
      assertWritable(campaign);
      const { scope, jobType } = await resolveScope(tx, campaign, input);
      const definition = input.definition
        ? normalise(input.definition)
        : initialDefinition(scope, campaign.examSettings);
      assertSound(toBlueprint(scope, definition));
      if (await repo.findBlueprintByScope(tx, { campaignId: campaign.id, ...scope })) {
        throw new AppError('BLUEPRINT_TAKEN');
      }
      const row = await repo.insertBlueprint(tx, {
        campaignId: campaign.id,
        subject: scope.subject,
        jobTypeId: scope.jobTypeId,
        grade: scope.grade,
        status: 'draft',
        definition,
        createdBy: ctx.actor.accountId,
        createdAt: now,
        updatedAt: now,
      });
      await recordAudit(
        tx,
        ctx.actor,
        ctx.meta,
        {
          entityType: 'blueprint',
          entityId: row.id,
          action: 'blueprint.create',
          summary: `新建「${campaign.name}」${scopeLabel(scope, jobType?.name ?? null)}的组卷规则（草稿）`,
          ...auditPlace(ctx.actor),
          after: { campaignId: campaign.id, ...scope, definition },
        },
        now,
      );
      return detail(tx, ctx.actor, campaign, row);
    });
  } catch (error) {
    // Two managers creating the same scope at once: the second meets the unique index.
    if (uniqueViolation(error) === 'blueprints_scope_key') throw new AppError('BLUEPRINT_TAKEN');
    throw error;
  }
}

/** A draft's definition replaced; the client names the revision it edited (BLUEPRINT_STALE otherwise). */
export async function updateBlueprint(
  deps: AppDeps,
  ctx: ServiceContext,
  id: number,
  input: { revision: number; definition: BlueprintDefinition },
) {
  assertPermission(ctx.actor, 'bank.manage');
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const now = deps.clock.now();
    const { row, campaign } = await blueprintWithCampaign(tx, id, true);
    assertWritable(campaign);
    if (row.status === 'published') throw new AppError('BLUEPRINT_PUBLISHED');
    if (row.revision !== input.revision) throw new AppError('BLUEPRINT_STALE');
    const scope = scopeOfRow(row);
    const definition = normalise(input.definition);
    assertSound(toBlueprint(scope, definition));
    const before = definitionOf(row);
    const written = await repo.updateBlueprint(tx, id, { definition, updatedAt: now });
    const [jobType] = scope.jobTypeId === null ? [] : await repo.jobTypesByIds(tx, [scope.jobTypeId]);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'blueprint',
        entityId: id,
        action: 'blueprint.update',
        summary: `修改「${campaign.name}」${scopeLabel(scope, jobType?.name ?? null)}的组卷规则`,
        ...auditPlace(ctx.actor),
        before: { revision: row.revision, definition: before },
        after: { revision: written.revision, definition },
      },
      now,
    );
    return detail(tx, ctx.actor, campaign, written);
  });
}

/** A draft deleted, unless a paper generation run already drew from it (its pool names it). */
export async function deleteBlueprint(deps: AppDeps, ctx: ServiceContext, id: number, revision: number) {
  assertPermission(ctx.actor, 'bank.manage');
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const now = deps.clock.now();
    const { row, campaign } = await blueprintWithCampaign(tx, id, true);
    assertWritable(campaign);
    if (row.status === 'published') throw new AppError('BLUEPRINT_PUBLISHED', '已发布的组卷规则不能删除，请先撤回发布');
    if (row.revision !== revision) throw new AppError('BLUEPRINT_STALE');
    const use = (await repo.usage(tx, [id])).get(id);
    if (use && use.pools > 0) throw new AppError('BLUEPRINT_IN_USE');
    const scope = scopeOfRow(row);
    const [jobType] = scope.jobTypeId === null ? [] : await repo.jobTypesByIds(tx, [scope.jobTypeId]);
    await repo.deleteBlueprint(tx, id);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'blueprint',
        entityId: id,
        action: 'blueprint.delete',
        summary: `删除「${campaign.name}」${scopeLabel(scope, jobType?.name ?? null)}的组卷规则（草稿）`,
        ...auditPlace(ctx.actor),
        before: { campaignId: campaign.id, ...scope, revision: row.revision, definition: definitionOf(row) },
      },
      now,
    );
    return { id };
  });
}

/**
 * Publishing checks the blueprint against the approved pool of every grade of its candidates, now: any blocking
 * problem (a short cell, an unreachable target, a fault of the blueprint itself) refuses it with that problem's
 * code and every problem named; a tolerance tighter than the papers' natural spread is a warning the manager
 * confirms (`confirmTolerance`). Published blueprints do not change; paper generation reads them.
 */
export async function publishBlueprint(
  deps: AppDeps,
  ctx: ServiceContext,
  id: number,
  input: { revision: number; confirmTolerance: boolean },
) {
  assertPermission(ctx.actor, 'bank.manage');
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const now = deps.clock.now();
    const { row, campaign } = await blueprintWithCampaign(tx, id, true);
    assertWritable(campaign);
    if (row.status === 'published') throw new AppError('BLUEPRINT_ALREADY_PUBLISHED');
    if (row.revision !== input.revision) throw new AppError('BLUEPRINT_STALE');
    const current = await detail(tx, ctx.actor, campaign, row);
    const s = current.sufficiency;
    const manyGrades = s.grades.length > 1;
    const blocking = gradedProblems(s, 'blocking');
    const first = blocking[0];
    if (first) {
      throw new AppError(first.code, `不能发布：${problemsText(blocking, manyGrades)}`, {
        field: first.cell === undefined ? undefined : `definition.cells.${first.cell}`,
        problems: blocking,
      });
    }
    const warnings = gradedProblems(s, 'warning');
    if (warnings.length > 0 && !input.confirmTolerance) {
      throw new AppError(WARNING, `${problemsText(warnings, manyGrades)}。如确认仍按此允许偏差发布，请确认后再发布`, {
        problems: warnings,
      });
    }
    const written = await repo.updateBlueprint(tx, id, {
      status: 'published',
      publishedAt: now,
      publishedBy: ctx.actor.accountId,
      publishedByName: ctx.actor.displayName,
      updatedAt: now,
    });
    const scope = scopeOfRow(row);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'blueprint',
        entityId: id,
        action: 'blueprint.publish',
        summary:
          `发布「${campaign.name}」${scopeLabel(scope, current.blueprint.jobTypeName)}的组卷规则` +
          (warnings.length > 0 ? '（已确认允许偏差小于试卷平均难度的自然波动）' : ''),
        ...auditPlace(ctx.actor),
        before: { status: row.status, revision: row.revision },
        after: {
          status: written.status,
          revision: written.revision,
          toleranceConfirmed: warnings.length > 0,
          checked: s.grades.map((g) => ({
            grade: g.grade,
            candidates: g.candidates,
            poolItems: g.poolItems,
            expectedMean: g.report.expectedMean,
          })),
        },
      },
      now,
    );
    return detail(tx, ctx.actor, campaign, written);
  });
}

/** Back to draft, only while no paper was drawn from it (papers keep pointing at the blueprint they came from). */
export async function withdrawBlueprint(deps: AppDeps, ctx: ServiceContext, id: number, revision: number) {
  assertPermission(ctx.actor, 'bank.manage');
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const now = deps.clock.now();
    const { row, campaign } = await blueprintWithCampaign(tx, id, true);
    assertWritable(campaign);
    if (row.status !== 'published') throw new AppError('BLUEPRINT_NOT_PUBLISHED');
    if (row.revision !== revision) throw new AppError('BLUEPRINT_STALE');
    const use = (await repo.usage(tx, [id])).get(id);
    if (use && use.papers > 0) {
      throw new AppError('BLUEPRINT_HAS_PAPERS', `已按此规则生成了${use.papers}份试卷，不能撤回发布`);
    }
    const written = await repo.updateBlueprint(tx, id, {
      status: 'draft',
      publishedAt: null,
      publishedBy: null,
      publishedByName: null,
      updatedAt: now,
    });
    const scope = scopeOfRow(row);
    const [jobType] = scope.jobTypeId === null ? [] : await repo.jobTypesByIds(tx, [scope.jobTypeId]);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'blueprint',
        entityId: id,
        action: 'blueprint.withdraw',
        summary: `撤回「${campaign.name}」${scopeLabel(scope, jobType?.name ?? null)}的组卷规则（回到草稿）`,
        ...auditPlace(ctx.actor),
        before: { status: row.status, revision: row.revision, publishedAt: iso(row.publishedAt) },
        after: { status: written.status, revision: written.revision },
      },
      now,
    );
    return detail(tx, ctx.actor, campaign, written);
  });
}

// ─── The editor's pickers ──────────────────────────────────────────────────────────────────────────────────

const emptyByType = (): Record<ItemType, number[]> =>
  Object.fromEntries(ITEM_TYPES.map((t) => [t, [0, 0, 0, 0, 0]])) as Record<ItemType, number[]>;

/**
 * The 知识点 of a scope's approved pool with counts per type and difficulty. For 职业道德 and 职业能力: the banks
 * of every grade of the campaign's confirmed candidates together (each bank once); per-grade figures are the
 * sufficiency table's.
 */
export async function knowledgePoints(
  deps: AppDeps,
  ctx: ServiceContext,
  query: { campaignId: number; subject: Subject; jobTypeId?: number; grade?: number },
) {
  assertPermission(ctx.actor, 'bank.read');
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const campaign = await campaignOf(tx, query.campaignId);
    const { scope } = await resolveScope(tx, campaign, query);
    const grades = isJobTypeSubject(scope.subject)
      ? [scope.grade!]
      : gradesOf(scope, await repo.candidateGroups(tx, campaign.id)).map((g) => g.grade);
    const pools = await loadPools(tx, [scope]);
    const rows = new Set<ProfileRow>();
    for (const grade of grades.length > 0 ? grades : [null]) {
      for (const row of pools.rows(scope, isJobTypeSubject(scope.subject) ? scope.grade : grade)) rows.add(row);
    }
    const byType = emptyByType();
    const points = new Map<string, { total: number; byType: Record<ItemType, number[]> }>();
    let total = 0;
    for (const row of rows) {
      const i = row.difficulty - 1;
      if (i < 0 || i > 4) continue;
      total += row.count;
      byType[row.type][i]! += row.count;
      let entry = points.get(row.knowledgePoint);
      if (!entry) {
        entry = { total: 0, byType: emptyByType() };
        points.set(row.knowledgePoint, entry);
      }
      entry.total += row.count;
      entry.byType[row.type][i]! += row.count;
    }
    return {
      grades: isJobTypeSubject(scope.subject) ? [scope.grade!] : grades,
      total,
      byType,
      items: [...points.entries()]
        .map(([knowledgePoint, e]) => ({ knowledgePoint, ...e }))
        .sort((a, b) => b.total - a.total || a.knowledgePoint.localeCompare(b.knowledgePoint, 'zh-CN')),
    };
  });
}
