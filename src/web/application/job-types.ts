import { useQuery } from '@tanstack/react-query';
import { catalogApi, queryKeys } from '../api/endpoints';
import type { JobType } from '../api/types';

/** The contract's largest page: a whole catalogue (289 types in 2017) fits in one. */
const ALL = { page: 1, pageSize: 500 } as const;

/** Every job type of a catalogue version, for the searchable pickers (filtered in the browser). */
export function useCatalogJobTypes(versionId: number | undefined) {
  return useQuery({
    queryKey: queryKeys.jobTypes(versionId ?? 0, ALL),
    queryFn: () => catalogApi.jobTypes(versionId ?? 0, ALL),
    enabled: typeof versionId === 'number',
    staleTime: 5 * 60_000,
  });
}

export interface JobTypeOption {
  value: number;
  label: string;
  /** What typing matches: name, code and category. */
  search: string;
  jobType: JobType;
}

export function jobTypeOptions(items: readonly JobType[] | undefined): JobTypeOption[] {
  return (items ?? []).map((t) => ({
    value: t.id,
    label: `${t.name}（${t.category}）`,
    search: `${t.name} ${t.code} ${t.category}`,
    jobType: t,
  }));
}

/** A Select's showSearch: typing matches a job type's name, code or category. */
export const jobTypeSearch = {
  filterOption: (input: string, option?: { search?: string }) =>
    (option?.search ?? '').toLowerCase().includes(input.trim().toLowerCase()),
};
