import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { batchKeys } from '../api/batches';
import { queryKeys } from '../api/endpoints';
import { notificationKeys, reviewApi, reviewKeys } from '../api/review';

/** After any decision: the queues, counts, details, application lists, batches and notifications are stale. */
export function useReviewRefresh() {
  const queryClient = useQueryClient();
  return useCallback(
    () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: reviewKeys.all }),
        queryClient.invalidateQueries({ queryKey: queryKeys.applicationsAll }),
        queryClient.invalidateQueries({ queryKey: queryKeys.myApplication }),
        queryClient.invalidateQueries({ queryKey: batchKeys.all }),
        queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
      ]).then(() => undefined),
    [queryClient],
  );
}

/** The reviewer's level, org, seal, campaign, deadline and counts (the open campaign unless one is given). */
export function useReviewOverview(campaignId: number | undefined, enabled = true) {
  return useQuery({
    queryKey: reviewKeys.overview(campaignId),
    queryFn: () => reviewApi.overview(campaignId),
    enabled,
    retry: false,
  });
}

/** Where an application is in the review chain, with its history and opinions. */
export function useReviewDetail(applicationId: number | null | undefined) {
  return useQuery({
    queryKey: reviewKeys.detail(applicationId ?? 0),
    queryFn: () => reviewApi.detail(applicationId ?? 0),
    enabled: typeof applicationId === 'number' && applicationId > 0,
  });
}
