import { FileExcelOutlined, PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Result, Skeleton, Space, Statistic, Tooltip, Typography } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { STATUS_LABELS } from '../../domain/review';
import { errorMessage } from '../api/client';
import { type ReviewStatistics, statisticsApi, statisticsKeys } from '../api/statistics';
import { useCampaignChoice } from '../campaign/use-campaigns';
import { OrgTreeSelect } from '../components/org-tree-select';
import { useSession } from '../session';
import {
  CHILD_KIND_LABELS,
  childStatusOption,
  IN_REVIEW_STATUSES,
  kpis,
  MAX_BARS,
  presentStatuses,
  verdictOption,
} from '../statistics/model';
import { CategoryGradeHeatTable, ChildStatusTable, JobTypeTable, ReasonTable } from '../statistics/tables';
import { usePrinting } from '../statistics/use-printing';
import { formatDateTime } from '../util';
import '../statistics/statistics.css';
import { CampaignSelect } from '../campaign/campaign-select';

// ECharts is the bulk of this page: loaded on its own so the figures and tables show first.
const EChart = lazy(() => import('../statistics/echart').then((m) => ({ default: m.EChart })));
const chartFallback = (height: number) => (
  <div style={{ height }} className="gk-chart">
    <Skeleton active paragraph={{ rows: 5 }} />
  </div>
);

function KpiCards({ stats }: { stats: ReviewStatistics }) {
  const k = kpis(stats);
  const inReviewHelp = `仍在审核流程中：${IN_REVIEW_STATUSES.map((s) => STATUS_LABELS[s]).join('、')}`;
  return (
    <div className="gk-st-kpis" data-testid="stat-kpis">
      <Card size="small">
        <Statistic title="报名总数" value={k.total} suffix="人" />
        <span className="gk-muted">{k.drafts > 0 ? `含草稿 ${k.drafts} 人` : '全部报名'}</span>
      </Card>
      <Card size="small">
        <Statistic title="省级已确认" value={k.confirmed} suffix="人" styles={{ content: { color: '#389e0d' } }} />
        <span className="gk-muted">资格审查完成</span>
      </Card>
      <Card size="small">
        <Statistic
          title={
            <Tooltip title={inReviewHelp}>
              <span>审核中</span>
            </Tooltip>
          }
          value={k.inReview}
          suffix="人"
          styles={{ content: { color: '#1677ff' } }}
        />
        <span className="gk-muted">含待修改的退回</span>
      </Card>
      <Card size="small">
        <Statistic title="曾被退回" value={k.everReturned} suffix="人" styles={{ content: { color: '#d48806' } }} />
        <span className="gk-muted">至少退回修改过一次</span>
      </Card>
      <Card size="small">
        <Statistic title="审核不通过" value={k.rejected} suffix="人" styles={{ content: { color: '#cf1322' } }} />
        <span className="gk-muted">审核结束，不予报名</span>
      </Card>
      <Card size="small" className={k.overruledIneligible > 0 ? 'gk-st-kpi-warn' : undefined}>
        <Statistic title="推翻“不符合”通过" value={k.overruledIneligible} suffix="人" />
        <span className="gk-muted">系统判定不符合，经审核通过</span>
      </Card>
    </div>
  );
}

function StatisticsBody({ stats, printing }: { stats: ReviewStatistics; printing: boolean }) {
  const statuses = useMemo(() => presentStatuses(stats), [stats]);
  const childOption = useMemo(() => childStatusOption(stats), [stats]);
  const pieOption = useMemo(() => verdictOption(stats), [stats]);
  const childLabel = CHILD_KIND_LABELS[stats.childKind];
  const empty = stats.totals.applications === 0;
  const t = stats.totals;

  return (
    <>
      <KpiCards stats={stats} />
      {empty ? (
        <Card className="gk-mb">
          <Empty description={`${stats.node.name}在${stats.campaign.name}还没有报名`} />
        </Card>
      ) : (
        <div className="gk-st-charts">
          <Card
            size="small"
            title={`各${childLabel}报名及审核状态`}
            extra={
              stats.byChild.length > MAX_BARS ? (
                <span className="gk-muted">
                  显示人数最多的 {MAX_BARS - 1} 个{childLabel}，其余合并
                </span>
              ) : undefined
            }
          >
            {stats.byChild.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`没有下级${childLabel}`} />
            ) : (
              <Suspense fallback={chartFallback(340)}>
                <EChart
                  option={childOption}
                  height={340}
                  label={`各${childLabel}按审核状态的报名人数堆叠柱状图，数据见下方表格`}
                  testId="stat-chart-child"
                />
              </Suspense>
            )}
          </Card>
          <Card size="small" title="系统资格结论">
            <Suspense fallback={chartFallback(260)}>
              <EChart
                option={pieOption}
                height={260}
                label={`资格结论：符合 ${t.byVerdict.eligible ?? 0} 人，须审核 ${t.byVerdict.needs_review ?? 0} 人，不符合 ${t.byVerdict.ineligible ?? 0} 人`}
                testId="stat-chart-verdict"
              />
            </Suspense>
            <div className="gk-muted">
              经审核人填写理由后通过：须审核 {t.overruled.needs_review} 人，不符合{' '}
              <strong className={t.overruled.ineligible > 0 ? 'gk-bs-flag' : undefined}>
                {t.overruled.ineligible}
              </strong>{' '}
              人
            </div>
          </Card>
        </div>
      )}

      <div className="gk-st-tables">
        <Card size="small" className="gk-mb" title={`按${childLabel}汇总（审核状态）`}>
          <ChildStatusTable stats={stats} statuses={statuses} printing={printing} />
        </Card>
        <div className="gk-st-two">
          <Card size="small" title="工种类别 × 申报等级">
            <CategoryGradeHeatTable stats={stats} />
            <div className="gk-st-heat-legend" aria-hidden>
              少 <i /> 多
            </div>
          </Card>
          <div>
            <Card size="small" className="gk-mb" title="退回修改原因（人次）">
              <ReasonTable rows={stats.returnsByReason} unit="人次" testId="stat-returns" />
            </Card>
            <Card size="small" title="审核不通过原因（人）">
              <ReasonTable rows={stats.rejectionsByReason} unit="人数" testId="stat-rejections" />
            </Card>
          </div>
        </div>
        <Card size="small" className="gk-mb" title="申报工种明细">
          <JobTypeTable stats={stats} printing={printing} />
        </Card>
      </div>
    </>
  );
}

/** /statistics 统计分析: the review figures of one campaign for a node of the viewer's subtree. */
export default function StatisticsPage() {
  const { user } = useSession();
  const printing = usePrinting();
  const { list: campaigns, items: campaignItems, campaign, setCampaignId } = useCampaignChoice();
  const [nodeId, setNodeId] = useState<number | undefined>(user?.orgNodeId ?? undefined);
  const campaignId = campaign?.id;
  const params = campaignId !== undefined ? { campaignId, nodeId } : undefined;
  const stats = useQuery({
    queryKey: params ? statisticsKeys.review(params) : ['statistics', 'review', 'none'],
    queryFn: () => (params ? statisticsApi.review(params) : Promise.reject(new Error('no campaign'))),
    enabled: params !== undefined,
    placeholderData: keepPreviousData,
  });

  if (campaigns.isError) return <Alert type="error" showIcon title={errorMessage(campaigns.error)} />;
  if (campaigns.isSuccess && campaignItems.length === 0) {
    return <Result status="info" title="还没有考核年度" subTitle="省工考办创建考核年度后，可在此查看统计。" />;
  }
  const s = stats.data;

  return (
    <div className="gk-st-print gk-print-page">
      {s && (
        <div className="gk-st-print-head">
          <h1>
            {s.campaign.name} · {s.node.name} 报名资格审查统计
          </h1>
          <div>统计时间：{formatDateTime(s.generatedAt)}</div>
        </div>
      )}
      <div className="gk-page-head gk-no-print">
        <Typography.Title level={3} className="gk-mb0">
          统计分析
          {s && <span className="gk-page-sub">统计时间 {formatDateTime(s.generatedAt).slice(0, 16)}</span>}
        </Typography.Title>
        <Space wrap>
          <OrgTreeSelect
            aria-label="统计范围"
            className="gk-filter-org"
            placeholder="统计范围"
            value={nodeId}
            onChange={(id) => setNodeId(id)}
          />
          <CampaignSelect
            campaigns={campaignItems}
            value={campaignId}
            loading={campaigns.isPending}
            onChange={(v) => setCampaignId(v)}
          />
          <Button
            icon={<ReloadOutlined />}
            aria-label="刷新"
            loading={stats.isFetching && !!s}
            onClick={() => void stats.refetch()}
          />
          <Button
            icon={<FileExcelOutlined />}
            href={params ? statisticsApi.xlsxUrl(params) : undefined}
            disabled={!params}
            download
            data-testid="stat-export"
          >
            导出 Excel
          </Button>
          <Button icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!s}>
            打印
          </Button>
        </Space>
      </div>
      {stats.isError && <Alert className="gk-mb gk-no-print" type="error" showIcon title={errorMessage(stats.error)} />}
      {!s && (stats.isPending || campaigns.isPending) && !stats.isError && (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      )}
      {s && <StatisticsBody stats={s} printing={printing} />}
    </div>
  );
}
