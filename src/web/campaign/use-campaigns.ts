import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { campaignApi, queryKeys } from '../api/endpoints';
import type { CampaignSummary } from '../api/types';
import { CAMPAIGN_STATUS_LABELS } from '../labels';

/**
 * The campaigns (newest first) and the one a page works on: chosen by the user, else the open one, else the newest.
 * `enabled` false for a reader who may list no campaigns (it then asks nothing).
 */
export function useCampaignChoice(enabled = true) {
  const list = useQuery({ queryKey: queryKeys.campaigns, queryFn: campaignApi.list, enabled });
  const [chosen, setChosen] = useState<number | undefined>();
  const items: CampaignSummary[] = list.data?.items ?? [];
  const fallback = items.find((c) => c.status === 'open') ?? items[0];
  const campaign = items.find((c) => c.id === chosen) ?? fallback;
  return { list, items, campaign, setCampaignId: setChosen };
}

export function campaignOptions(items: readonly CampaignSummary[]) {
  return items.map((c) => ({ value: c.id, label: `${c.year}年度（${CAMPAIGN_STATUS_LABELS[c.status]}）` }));
}
