import { Select } from 'antd';
import type { CampaignSummary } from '../api/types';
import { campaignOptions } from './use-campaigns';

/** The 考核年度 picker of the list pages: every campaign, newest first, with its status. */
export function CampaignSelect({
  campaigns,
  value,
  loading,
  onChange,
}: {
  campaigns: readonly CampaignSummary[];
  value: number | undefined;
  loading?: boolean;
  onChange: (campaignId: number) => void;
}) {
  return (
    <Select
      aria-label="考核年度"
      className="gk-filter-campaign"
      value={value}
      loading={loading}
      onChange={onChange}
      options={campaignOptions(campaigns)}
    />
  );
}
