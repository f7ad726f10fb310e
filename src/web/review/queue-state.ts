import { VERDICTS } from '../../domain/labels';
import { APPLICATION_STATUSES } from '../../domain/review';
import type { ApplicationStatus, Deadline, QueueFilter, QueueSort, QueueView } from '../api/review';
import { APPLICATION_STATUS_LABELS, VERDICT_SHORT } from '../labels';
import { type AppliedGrade, GRADE_LABELS } from '../self-check/model';

/** Everything the workbench's list depends on, kept in the address so "back" from an application restores it. */
export interface QueueState extends QueueFilter {
  view: QueueView;
  campaignId?: number;
  sort?: QueueSort;
  order?: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

const SORTS: readonly QueueSort[] = ['submittedAt', 'name', 'appliedGrade', 'verdict', 'status', 'unitName'];
const PAGE_SIZES = [10, 20, 50, 100, 200];

function positiveInt(raw: string | null): number | undefined {
  if (!raw || !/^\d{1,9}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n > 0 ? n : undefined;
}

function oneOf<T extends string>(raw: string | null, allowed: readonly T[]): T | undefined {
  return raw !== null && (allowed as readonly string[]).includes(raw) ? (raw as T) : undefined;
}

export function parseQueueState(search: URLSearchParams): QueueState {
  const grade = positiveInt(search.get('grade'));
  const pageSize = positiveInt(search.get('pageSize'));
  return {
    view: oneOf(search.get('view'), Object.keys(VIEW_NAMES) as QueueView[]) ?? 'pending',
    campaignId: positiveInt(search.get('campaignId')),
    status: oneOf<ApplicationStatus>(search.get('status'), APPLICATION_STATUSES),
    jurisdictionId: positiveInt(search.get('jurisdictionId')),
    departmentId: positiveInt(search.get('departmentId')),
    unitId: positiveInt(search.get('unitId')),
    category: search.get('category') || undefined,
    grade: grade !== undefined && grade <= 5 ? grade : undefined,
    verdict: oneOf(search.get('verdict'), VERDICTS),
    overruled: search.get('overruled') === 'true' ? true : undefined,
    q: search.get('q')?.trim() || undefined,
    sort: oneOf(search.get('sort'), SORTS),
    order: oneOf(search.get('order'), ['asc', 'desc'] as const),
    page: positiveInt(search.get('page')) ?? 1,
    pageSize: pageSize !== undefined && PAGE_SIZES.includes(pageSize) ? pageSize : 20,
  };
}

export function queueSearch(state: QueueState): URLSearchParams {
  const out = new URLSearchParams();
  const defaults: Partial<Record<keyof QueueState, unknown>> = { view: 'pending', page: 1, pageSize: 20 };
  for (const [key, value] of Object.entries(state) as [keyof QueueState, unknown][]) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    if (defaults[key] === value) continue;
    out.set(key, String(value));
  }
  return out;
}

/** The filter part (what "all matching" in a bulk decision means). */
export function queueFilter(state: QueueState): QueueFilter {
  return {
    view: state.view,
    status: state.status,
    jurisdictionId: state.jurisdictionId,
    departmentId: state.departmentId,
    unitId: state.unitId,
    category: state.category,
    grade: state.grade,
    verdict: state.verdict,
    overruled: state.overruled,
    q: state.q,
  };
}

/** Whether any filter beyond the view is set. */
export function hasFilters(state: QueueState): boolean {
  const { view: _v, ...rest } = queueFilter(state);
  return Object.values(rest).some((v) => v !== undefined);
}

export const PAGE_SIZE_OPTIONS = PAGE_SIZES;

export const VIEW_NAMES: Readonly<Record<QueueView, string>> = {
  pending: '待审核',
  returned: '退回给我',
  awaiting_batch: '待上报',
  all: '全部',
};

/**
 * Whether "everything matching the filter" may be decided in bulk on this tab: only where every row is waiting
 * for this level (待审核, and 退回给我 above the unit, which may decide again). Elsewhere (全部, 待上报, a unit's
 * returned forms awaiting correction) bulk needs ticked rows.
 */
export function filterBulkAllowed(view: QueueView, level: string | undefined): boolean {
  return view === 'pending' || (view === 'returned' && level !== undefined && level !== 'unit');
}

/** The filter in words, for the bulk confirmation: 待审核；机构：…；申报等级：…；关键词“张”. */
export function describeQueueFilter(state: QueueState, names: { org?: string } = {}): string {
  const parts: string[] = [`“${VIEW_NAMES[state.view]}”中的申请`];
  if (state.status) parts.push(`状态：${APPLICATION_STATUS_LABELS[state.status]}`);
  if (state.unitId ?? state.departmentId ?? state.jurisdictionId) {
    const kind = state.unitId ? '单位' : state.departmentId ? '主管部门' : '辖区';
    parts.push(`${kind}：${names.org ?? `所选${kind}`}${state.unitId ? '' : '（含下级）'}`);
  }
  if (state.category) parts.push(`工种类别：${state.category}`);
  if (state.grade) parts.push(`申报等级：${GRADE_LABELS[state.grade as AppliedGrade]}`);
  if (state.verdict) parts.push(`系统判定：${VERDICT_SHORT[state.verdict]}`);
  if (state.overruled) parts.push('改判通过的');
  if (state.q) parts.push(`姓名或身份证号含“${state.q}”`);
  return parts.join('；');
}

/**
 * Whether today (the server's: the deadline's end less its days left) is before the level's review window opens.
 * A level may decide as soon as applications reach it; the page says so rather than leave it a puzzle.
 */
export function beforeWindow(deadline: Pick<Deadline, 'startsOn' | 'endsOn' | 'daysLeft'>): boolean {
  const end = Date.parse(`${deadline.endsOn}T00:00:00Z`);
  const today = new Date(end - deadline.daysLeft * 86_400_000).toISOString().slice(0, 10);
  return today < deadline.startsOn;
}
