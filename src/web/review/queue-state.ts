import { APPLICATION_STATUSES } from '../../domain/review';
import type { ApplicationStatus, QueueFilter, QueueSort, QueueView, Verdict } from '../api/review';

/** Everything the workbench's list depends on, kept in the address so "back" from an application restores it. */
export interface QueueState extends QueueFilter {
  view: QueueView;
  campaignId?: number;
  sort?: QueueSort;
  order?: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

const VIEWS: readonly QueueView[] = ['pending', 'returned', 'awaiting_batch', 'all'];
const SORTS: readonly QueueSort[] = ['submittedAt', 'name', 'appliedGrade', 'verdict', 'status', 'unitName'];
const VERDICTS: readonly Verdict[] = ['eligible', 'needs_review', 'ineligible'];
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
    view: oneOf(search.get('view'), VIEWS) ?? 'pending',
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
