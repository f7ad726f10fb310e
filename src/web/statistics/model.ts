/** Pure helpers of the statistics page: which figures the cards show, chart options, heat colours. */
import { ORG_KIND_LABELS, VERDICTS } from '../../domain/labels';
import { APPLICATION_STATUSES, type ApplicationStatus, STATUS_LABELS } from '../../domain/review';
import { GRADE_KEYS, type GradeKey } from '../api/batches';
import type { ReviewStatistics, StatusCounts } from '../api/statistics';
import { VERDICT_SHORT } from '../labels';
import { type AppliedGrade, GRADE_LABELS, type Verdict } from '../self-check/model';
import type { ChartOption } from './echart';

export const STATUS_ORDER: readonly ApplicationStatus[] = APPLICATION_STATUSES;

/** Still moving through the chain: submitted and not finished (returned ones wait for a correction). */
export const IN_REVIEW_STATUSES: readonly ApplicationStatus[] = [
  'awaiting_unit',
  'submitted',
  'unit_approved',
  'department_approved',
  'jurisdiction_approved',
  'returned',
];

export const STATUS_CHART_COLORS: Record<ApplicationStatus, string> = {
  draft: '#bfbfbf',
  awaiting_unit: '#ffc069',
  submitted: '#69b1ff',
  unit_approved: '#87e8de',
  department_approved: '#36cfc9',
  jurisdiction_approved: '#597ef7',
  province_confirmed: '#52c41a',
  returned: '#faad14',
  rejected: '#ff4d4f',
};

export const VERDICT_CHART_COLORS: Record<Verdict, string> = {
  eligible: '#52c41a',
  needs_review: '#fa8c16',
  ineligible: '#f5222d',
};

export const VERDICT_ORDER: readonly Verdict[] = VERDICTS;

/** The level byChild breaks down by, in words (the org tree's kinds). */
export const CHILD_KIND_LABELS: Readonly<Record<ReviewStatistics['childKind'], string>> = ORG_KIND_LABELS;

export function count(counts: StatusCounts | undefined, status: ApplicationStatus): number {
  return counts?.[status] ?? 0;
}

export function sumStatuses(counts: StatusCounts | undefined, statuses: readonly ApplicationStatus[]): number {
  return statuses.reduce((s, st) => s + count(counts, st), 0);
}

export interface Kpis {
  total: number;
  drafts: number;
  confirmed: number;
  inReview: number;
  everReturned: number;
  rejected: number;
  overruledIneligible: number;
}

export function kpis(stats: ReviewStatistics): Kpis {
  const t = stats.totals;
  return {
    total: t.applications,
    drafts: count(t.byStatus, 'draft'),
    confirmed: count(t.byStatus, 'province_confirmed'),
    inReview: sumStatuses(t.byStatus, IN_REVIEW_STATUSES),
    everReturned: t.everReturned,
    rejected: t.rejected,
    overruledIneligible: t.overruled.ineligible,
  };
}

/** Statuses that occur anywhere in the figures (empty columns and series are left out). */
export function presentStatuses(stats: ReviewStatistics): ApplicationStatus[] {
  return STATUS_ORDER.filter(
    (s) => count(stats.totals.byStatus, s) > 0 || stats.byChild.some((c) => count(c.byStatus, s) > 0),
  );
}

export function gradeShort(key: GradeKey): string {
  return GRADE_LABELS[Number(key) as AppliedGrade];
}

/** At most this many bars; the smaller children are folded into one 其他 bar. */
export const MAX_BARS = 30;

function shorten(name: string, max = 8): string {
  return name.length > max ? `${name.slice(0, max - 1)}…` : name;
}

/** Stacked bars: the children of the node, one segment per status. */
export function childStatusOption(stats: ReviewStatistics): ChartOption {
  const statuses = presentStatuses(stats);
  let children: { name: string; byStatus: StatusCounts }[] = stats.byChild.map((c) => ({
    name: c.name,
    byStatus: c.byStatus,
  }));
  if (children.length > MAX_BARS) {
    const sorted = [...stats.byChild].sort((a, b) => b.total - a.total);
    const head = sorted.slice(0, MAX_BARS - 1);
    const rest = sorted.slice(MAX_BARS - 1);
    const other: StatusCounts = {};
    for (const s of statuses) other[s] = rest.reduce((n, c) => n + count(c.byStatus, s), 0);
    children = [
      ...head.map((c) => ({ name: c.name, byStatus: c.byStatus })),
      { name: `其他${rest.length}个`, byStatus: other },
    ];
  }
  const many = children.length > 8;
  return {
    color: statuses.map((s) => STATUS_CHART_COLORS[s]),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, type: 'plain' },
    grid: { left: 8, right: 16, top: statuses.length > 6 ? 56 : 36, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: children.map((c) => c.name),
      axisLabel: { interval: 0, rotate: many ? 40 : 0, formatter: (v: string) => shorten(v) },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: statuses.map((s) => ({
      name: STATUS_LABELS[s],
      type: 'bar',
      stack: 'status',
      barMaxWidth: 36,
      emphasis: { focus: 'series' },
      data: children.map((c) => count(c.byStatus, s)),
    })),
  };
}

/** Doughnut: the eligibility verdicts of all applications of the node. */
export function verdictOption(stats: ReviewStatistics): ChartOption {
  const v = stats.totals.byVerdict;
  return {
    color: VERDICT_ORDER.map((k) => VERDICT_CHART_COLORS[k]),
    tooltip: { trigger: 'item', formatter: '{b}：{c} 人（{d}%）' },
    legend: {
      bottom: 0,
      formatter: (name: string) => {
        const key = VERDICT_ORDER.find((k) => VERDICT_SHORT[k] === name);
        return key ? `${name} ${v[key] ?? 0} 人` : name;
      },
    },
    series: [
      {
        name: '资格结论',
        type: 'pie',
        radius: ['40%', '72%'],
        center: ['50%', '44%'],
        label: {
          position: 'inside',
          formatter: (p) => (Number(p.value) > 0 ? String(p.value) : ''),
          color: '#fff',
          fontWeight: 'bold',
        },
        labelLine: { show: false },
        data: VERDICT_ORDER.map((k) => ({ name: VERDICT_SHORT[k], value: v[k] ?? 0 })),
      },
    ],
  };
}

/** Background of a heat-table cell: white to blue by the share of the largest value. */
export function heatColor(value: number, max: number): string | undefined {
  if (value <= 0 || max <= 0) return undefined;
  const t = Math.min(1, value / max);
  const alpha = 0.08 + 0.62 * t;
  return `rgba(22, 119, 255, ${alpha.toFixed(3)})`;
}

/** Dark text on light cells, white on dark ones. */
export function heatText(value: number, max: number): string | undefined {
  return max > 0 && value / max > 0.6 ? '#fff' : undefined;
}

export { GRADE_KEYS };
