/**
 * Review statistics (docs/api-review.md, "Statistics"): what the province, a jurisdiction, a department or a
 * unit sees of one campaign's applications below its node. Reads only, and only through inScopedTx (row-level
 * security keeps every figure inside the viewer's subtree), in one transaction: the campaign and the node, then
 * the counters that migration 0033's triggers keep in step with every change (one statement: the groups of the
 * node's children, its job types and its returns and rejections), rolled up here. The cost follows the number of
 * groups, not of applications. `verifyCounters` recounts them from the rows (`npm run stats:verify`).
 */
import { GRADE_LABELS } from '../../../domain/index.js';
import {
  APPLICATION_STATUSES,
  type ApplicationStatus,
  REJECT_REASONS,
  RETURN_REASONS,
  REVIEW_LEVELS,
  type ReviewLevel,
} from '../../../domain/review.js';
import type { AppDeps } from '../../deps.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { inScopedTx } from '../../platform/tx.js';
import type { FigureRow, FigureScope, JobTypeRef, OrgNodeRow, ReasonFigure } from './statistics.repository.js';
import * as repo from './statistics.repository.js';
import type {
  ByGrade,
  ByStatus,
  ByVerdict,
  ReasonRow,
  ReviewStatistics,
  StatisticsQuery,
} from './statistics.schemas.js';

export const GRADES = [5, 4, 3, 2, 1] as const;
export { GRADE_LABELS };

export const emptyByStatus = (): ByStatus =>
  Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, 0])) as Record<ApplicationStatus, number>;
export const emptyByVerdict = (): ByVerdict => ({ eligible: 0, needs_review: 0, ineligible: 0 });
export const emptyByGrade = (): ByGrade => ({ '5': 0, '4': 0, '3': 0, '2': 0, '1': 0 });

const isStatus = (s: string): s is ApplicationStatus => (APPLICATION_STATUSES as readonly string[]).includes(s);
const isVerdict = (v: string | null): v is keyof ByVerdict =>
  v === 'eligible' || v === 'needs_review' || v === 'ineligible';
const gradeKey = (g: number | null): keyof ByGrade | null =>
  g === 5 ? '5' : g === 4 ? '4' : g === 3 ? '3' : g === 2 ? '2' : g === 1 ? '1' : null;
const isLevel = (l: string): l is ReviewLevel => (REVIEW_LEVELS as readonly string[]).includes(l);

/** The counters byChild reads (the next level below the node; a unit is its own child). */
export function scopeOf(
  node: Pick<OrgNodeRow, 'kind' | 'path'>,
  campaignId: number,
): { scope: FigureScope; childKind: ReviewStatistics['childKind'] } {
  switch (node.kind) {
    case 'province':
      return { scope: { campaignId, path: node.path, childDepth: 1, self: false }, childKind: 'jurisdiction' };
    case 'jurisdiction':
      return { scope: { campaignId, path: node.path, childDepth: 2, self: false }, childKind: 'department' };
    case 'department':
      return { scope: { campaignId, path: node.path, childDepth: 3, self: false }, childKind: 'unit' };
    case 'unit':
      return { scope: { campaignId, path: node.path, childDepth: 3, self: true }, childKind: 'unit' };
  }
}

/** The statistics of `query.campaignId` (default: the open campaign) below `query.nodeId` (default: one's node). */
export async function reviewStatistics(
  deps: AppDeps,
  ctx: ServiceContext,
  query: StatisticsQuery,
): Promise<ReviewStatistics> {
  const { actor } = ctx;
  if (actor.orgNodeId === null || actor.orgPath === null) throw new AppError('FORBIDDEN');
  const actorPath = actor.orgPath;
  const actorNodeId = actor.orgNodeId;
  return inScopedTx(deps.db, actor, async (tx) => {
    const { campaign, node } = await repo.findCampaignAndNode(tx, query.campaignId, query.nodeId ?? actorNodeId);
    if (!campaign) {
      if (query.campaignId === undefined) throw new AppError('CAMPAIGN_NOT_OPEN');
      throw new AppError('NOT_FOUND', '考核年度不存在');
    }
    // Row-level security also shows one's ancestors (breadcrumbs); statistics stop at one's own node.
    if (!node?.path.startsWith(actorPath)) throw new AppError('NOT_FOUND', '机构不存在或不在您的管辖范围内');
    const { scope, childKind } = scopeOf(node, campaign.id);
    const found = await repo.counterFigures(tx, scope, node.id);
    const children = node.kind === 'unit' ? [{ id: node.id, name: node.name }] : found.children;
    const known = new Set(children.map((c) => c.id));
    // A child no longer under the node (should not happen: paths never change) still gets its name.
    const strays = [
      ...new Set(
        found.figures.flatMap((f) => (!f.byJobType && f.childId !== null && !known.has(f.childId) ? [f.childId] : [])),
      ),
    ];
    const strayNames = strays.length === 0 ? new Map<number, string>() : await repo.findNodeNames(tx, strays);
    return assemble({
      campaign,
      node,
      childKind,
      generatedAt: deps.clock.now(),
      figures: found.figures,
      reasons: found.reasons,
      children: [...children, ...strays.map((id) => ({ id, name: strayNames.get(id) ?? `机构${id}` }))],
      types: found.types,
    });
  });
}

/** Rolls the grouped rows up into the contract's shape (pure). */
export function assemble(input: {
  campaign: { id: number; name: string };
  node: Pick<OrgNodeRow, 'id' | 'name' | 'kind'>;
  childKind: ReviewStatistics['childKind'];
  generatedAt: Date;
  figures: readonly FigureRow[];
  reasons: readonly ReasonFigure[];
  children: readonly { id: number; name: string }[];
  types: readonly JobTypeRef[];
}): ReviewStatistics {
  const totals: ReviewStatistics['totals'] = {
    applications: 0,
    byStatus: emptyByStatus(),
    byVerdict: emptyByVerdict(),
    overruled: { needs_review: 0, ineligible: 0 },
    everReturned: 0,
    rejected: 0,
  };
  const byChild = new Map(
    input.children.map((c) => [
      c.id,
      { id: c.id, name: c.name, total: 0, byStatus: emptyByStatus(), byVerdict: emptyByVerdict() },
    ]),
  );
  const typeById = new Map(input.types.map((t) => [t.id, t]));
  const byJobType = new Map<number, ReviewStatistics['byJobType'][number]>();
  const byCategory = new Map<string, ReviewStatistics['byCategory'][number]>();
  // Categories and job types in catalogue order (job type ids follow the catalogue as published or imported).
  for (const t of input.types) {
    if (!byCategory.has(t.category)) {
      byCategory.set(t.category, {
        category: t.category,
        total: 0,
        byGrade: emptyByGrade(),
        byStatus: emptyByStatus(),
      });
    }
  }

  for (const f of input.figures) {
    if (!isStatus(f.status)) continue;
    if (!f.byJobType) {
      totals.applications += f.n;
      totals.byStatus[f.status] += f.n;
      if (isVerdict(f.verdict)) totals.byVerdict[f.verdict] += f.n;
      if (f.overruledVerdict === 'needs_review' || f.overruledVerdict === 'ineligible') {
        totals.overruled[f.overruledVerdict] += f.n;
      }
      if (f.everReturned) totals.everReturned += f.n;
      const child = f.childId === null ? undefined : byChild.get(f.childId);
      if (child) {
        child.total += f.n;
        child.byStatus[f.status] += f.n;
        if (isVerdict(f.verdict)) child.byVerdict[f.verdict] += f.n;
      }
      continue;
    }
    const grade = gradeKey(f.grade);
    const type = f.jobTypeId === null ? undefined : typeById.get(f.jobTypeId);
    if (f.jobTypeId === null || grade === null) continue;
    const category = type?.category ?? '未知类别';
    let jt = byJobType.get(f.jobTypeId);
    if (!jt) {
      jt = {
        jobTypeId: f.jobTypeId,
        jobType: type?.name ?? `工种${f.jobTypeId}`,
        category,
        total: 0,
        byGrade: emptyByGrade(),
      };
      byJobType.set(f.jobTypeId, jt);
    }
    jt.total += f.n;
    jt.byGrade[grade] += f.n;
    let cat = byCategory.get(category);
    if (!cat) {
      cat = { category, total: 0, byGrade: emptyByGrade(), byStatus: emptyByStatus() };
      byCategory.set(category, cat);
    }
    cat.total += f.n;
    cat.byGrade[grade] += f.n;
    cat.byStatus[f.status] += f.n;
  }
  totals.rejected = totals.byStatus.rejected;

  const order = new Map(input.types.map((t, i) => [t.id, i]));
  const categoryOrder = new Map([...byCategory.keys()].map((c, i) => [c, i]));
  const reasonRows = (action: 'return' | 'reject'): ReasonRow[] => {
    const labels: Readonly<Record<string, string>> = action === 'return' ? RETURN_REASONS : REJECT_REASONS;
    return input.reasons
      .flatMap((r) =>
        r.action === action && isLevel(r.level)
          ? [
              {
                level: r.level,
                reasonCode: r.reasonCode,
                label: r.reasonCode === null ? '未注明原因' : (labels[r.reasonCode] ?? r.reasonCode),
                count: r.n,
              },
            ]
          : [],
      )
      .sort(
        (a, b) =>
          REVIEW_LEVELS.indexOf(a.level) - REVIEW_LEVELS.indexOf(b.level) ||
          b.count - a.count ||
          (a.reasonCode ?? '').localeCompare(b.reasonCode ?? ''),
      );
  };

  return {
    campaign: { id: input.campaign.id, name: input.campaign.name },
    node: { id: input.node.id, name: input.node.name, kind: input.node.kind },
    childKind: input.childKind,
    generatedAt: input.generatedAt.toISOString(),
    totals,
    byChild: [...byChild.values()],
    byCategory: [...byCategory.values()].filter((c) => c.total > 0),
    byJobType: [...byJobType.values()].sort(
      (a, b) =>
        (categoryOrder.get(a.category) ?? 0) - (categoryOrder.get(b.category) ?? 0) ||
        (order.get(a.jobTypeId) ?? Number.MAX_SAFE_INTEGER) - (order.get(b.jobTypeId) ?? Number.MAX_SAFE_INTEGER),
    ),
    returnsByReason: reasonRows('return'),
    rejectionsByReason: reasonRows('reject'),
  };
}
