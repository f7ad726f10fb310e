import { ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Result, Space, Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { levelOfRole } from '../../domain/review';
import { type BatchDirection, batchKeys } from '../api/batches';
import { errorMessage } from '../api/client';
import { BatchTable } from '../batches/batch-table';
import { PendingCard } from '../batches/pending-card';
import { useCampaignChoice } from '../campaign/use-campaigns';
import { useSession } from '../session';
import '../batches/batches.css';
import { CampaignSelect } from '../campaign/campaign-select';

/**
 * /review/batches 汇总上报: a department or jurisdiction sends what it approved to the level above in one batch
 * (待上报 and 已上报); a jurisdiction or the province sees what it received.
 */
export default function ReviewBatchesPage() {
  const { user } = useSession();
  const queryClient = useQueryClient();
  const level = levelOfRole(user?.role ?? '');
  const sends = level === 'department' || level === 'jurisdiction';
  const receives = level === 'jurisdiction' || level === 'province';
  const { list: campaigns, items: campaignItems, campaign, setCampaignId } = useCampaignChoice();
  const [params, setParams] = useSearchParams();
  // A level that receives batches opens on what it received (what it must act on), then what it sent.
  const tabs: BatchDirection[] = [...(receives ? (['received'] as const) : []), ...(sends ? (['sent'] as const) : [])];
  const wanted = params.get('tab');
  const tab: BatchDirection | undefined = tabs.find((t) => t === wanted) ?? tabs[0];

  if (!sends && !receives) {
    return (
      <Result
        status="info"
        title="本级无需汇总上报"
        subTitle="单位资格初审通过的申请由主管部门审核并汇总上报，请在「资格审查」中处理。"
      />
    );
  }
  if (campaigns.isError) return <Alert type="error" showIcon title={errorMessage(campaigns.error)} />;
  if (campaigns.isSuccess && campaignItems.length === 0) {
    return <Result status="info" title="还没有考核年度" subTitle="省工考办创建并开启考核年度后，可在此汇总上报。" />;
  }

  return (
    <>
      <div className="gk-page-head">
        <Typography.Title level={3} className="gk-mb0">
          汇总上报
          <span className="gk-page-sub">{sends ? '审核通过的申请按批次报送上级' : '查看各地报送的批次'}</span>
        </Typography.Title>
        <Space>
          <span className="gk-muted">考核年度</span>
          <CampaignSelect
            campaigns={campaignItems}
            value={campaign?.id}
            loading={campaigns.isPending}
            onChange={(v) => setCampaignId(v)}
          />
          <Button
            icon={<ReloadOutlined />}
            aria-label="刷新"
            onClick={() => void queryClient.invalidateQueries({ queryKey: batchKeys.all })}
          />
        </Space>
      </div>
      {campaign && sends && <PendingCard campaignId={campaign.id} campaignOpen={campaign.status === 'open'} />}
      {campaign && tab && (
        <Card>
          <Tabs
            activeKey={tab}
            onChange={(k) =>
              setParams(
                (prev) => {
                  const next = new URLSearchParams(prev);
                  next.set('tab', k);
                  return next;
                },
                { replace: true },
              )
            }
            items={tabs.map((t) => ({
              key: t,
              label: t === 'sent' ? '已上报' : '收到的批次',
              children: <BatchTable key={`${t}-${campaign.id}`} campaignId={campaign.id} direction={t} />,
            }))}
          />
        </Card>
      )}
    </>
  );
}
