import { useQuery } from '@tanstack/react-query';
import { Alert } from 'antd';
import { registrationApi } from '../api/endpoints';

/**
 * Who may register online this year, said at the door (sign-up, the applicant's empty form): the jurisdictions
 * where the open campaign's online registration is on. Everyone else is registered by their unit.
 */
export function OnlineRegionsNotice({ className = 'gk-mb' }: { className?: string }) {
  const regions = useQuery({
    queryKey: ['registration-regions'],
    queryFn: registrationApi.regions,
    staleTime: 300_000,
  });
  if (!regions.data) return null;
  const { campaign, jurisdictions } = regions.data;
  if (!campaign) {
    return (
      <Alert
        className={className}
        type="info"
        showIcon
        data-testid="online-regions"
        title="当前没有开放报名的考核年度"
        description="报名开始后再来注册；报名时间以省工考办通知为准。"
      />
    );
  }
  if (jurisdictions.length === 0) {
    return (
      <Alert
        className={className}
        type="warning"
        showIcon
        data-testid="online-regions"
        title={`${campaign.year}年度没有开通网上报名的地区`}
        description="请由所在单位统一报名：向单位人事部门提供报名信息即可，无需注册。"
      />
    );
  }
  return (
    <Alert
      className={className}
      type="info"
      showIcon
      data-testid="online-regions"
      title={`${campaign.year}年度开通网上报名的地区：${jurisdictions.map((j) => j.name).join('、')}`}
      description="只有以上地区单位的人员可以在此注册并自行填写申请表。其他地区的人员无需注册，请由所在单位统一报名（向单位人事部门提供报名信息即可）。"
    />
  );
}
