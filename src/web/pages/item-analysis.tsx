import { DownloadOutlined, ExperimentOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Input,
  Modal,
  Select,
  Space,
  Spin,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import { ITEM_FLAG_LABELS } from '../../domain/item-analysis';
import { ITEM_TYPE_LABELS, type ItemType, type Subject } from '../../domain/items';
import { errorMessage } from '../api/client';
import { type ItemAnalysisFilter, type ItemStatView, itemAnalysisApi, itemAnalysisKeys } from '../api/item-analysis';
import { CampaignSelect } from '../campaign/campaign-select';
import { useCampaignChoice } from '../campaign/use-campaigns';
import { useJobPoll } from '../components/file-job';
import { SUBJECT_LABELS } from '../labels';
import { useSession } from '../session';
import { formatDateTime } from '../util';

const EChart = lazy(() => import('../statistics/echart').then((m) => ({ default: m.EChart })));

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
const fixed = (x: number | null, digits = 2) => (x === null ? '—' : x.toFixed(digits));

/**
 * 试题分析 (bank managers only): per campaign subject the sitting's summary (KR-20, mean, sd, distribution) and
 * per item version its difficulty, discrimination, option rates (the bank's letters) and flags; 停用 and
 * 标为已复核 (both audited), an Excel export. Computed on request as a background job.
 */
export default function ItemAnalysisPage() {
  const { can } = useSession();
  const manage = can('bank.manage');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { list: campaigns, items: campaignItems, campaign, setCampaignId } = useCampaignChoice();
  const campaignId = campaign?.id ?? 0;
  const [chosenSubject, setSubject] = useState<Subject | undefined>();
  const [filter, setFilter] = useState<ItemAnalysisFilter>({ page: 1, pageSize: 20, flagged: false });
  const [jobId, setJobId] = useState<string | null>(null);
  const [reviewing, setReviewing] = useState<ItemStatView | null>(null);
  const [note, setNote] = useState('');

  const summary = useQuery({
    queryKey: itemAnalysisKeys.summary(campaignId),
    queryFn: () => itemAnalysisApi.summary(campaignId),
    enabled: campaignId > 0,
  });
  const subjects = summary.data?.subjects ?? [];
  const subject =
    chosenSubject && subjects.some((s) => s.subject === chosenSubject) ? chosenSubject : subjects[0]?.subject;
  const current = subjects.find((s) => s.subject === subject);
  const analysis = current?.analysis ?? null;

  const items = useQuery({
    queryKey: itemAnalysisKeys.items(campaignId, subject ?? 'ethics', filter),
    queryFn: () => itemAnalysisApi.items(campaignId, subject ?? 'ethics', filter),
    enabled: campaignId > 0 && subject !== undefined && analysis !== null,
    placeholderData: keepPreviousData,
  });

  const refresh = () => void queryClient.invalidateQueries({ queryKey: itemAnalysisKeys.all });
  const compute = useMutation({
    mutationFn: () => itemAnalysisApi.compute(campaignId, subject ?? 'ethics'),
    onSuccess: (res) => setJobId(res.jobId),
    onError: (e) => void message.error(errorMessage(e)),
  });
  const job = useJobPoll<{ attempts: number; items: number; flagged: number }>(jobId);
  const jobDone = job.data?.status === 'done' || job.data?.status === 'failed';
  const [seenJob, setSeenJob] = useState<string | null>(null);
  if (jobDone && jobId && seenJob !== jobId) {
    setSeenJob(jobId);
    refresh();
  }

  const retire = useMutation({
    mutationFn: (item: ItemStatView) => itemAnalysisApi.retire(campaignId, subject ?? 'ethics', item),
    onSuccess: (res) => {
      void message.success(`试题 #${res.itemId} 第${res.version}版已停用，今后组卷不再抽取`);
      refresh();
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  const review = useMutation({
    mutationFn: ({ item, text }: { item: ItemStatView; text: string }) =>
      itemAnalysisApi.review(campaignId, subject ?? 'ethics', item, text),
    onSuccess: (res) => {
      void message.success(`试题 #${res.itemId} 已标为已复核`);
      setReviewing(null);
      refresh();
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  const download = useMutation({
    mutationFn: () => itemAnalysisApi.download(campaignId, subject ?? 'ethics'),
    onError: (e) => void message.error(errorMessage(e)),
  });

  const few = analysis !== null && summary.data !== undefined && analysis.attempts < summary.data.fewAttempts;

  const columns = [
    {
      title: '试题',
      key: 'item',
      width: 150,
      render: (_: unknown, r: ItemStatView) => (
        <Space direction="vertical" size={0}>
          <Link to={`/bank-items/${r.itemId}`}>
            #{r.itemId} 第{r.version}版
          </Link>
          <span className="gk-muted">
            {r.type ? ITEM_TYPE_LABELS[r.type as ItemType] : ''}
            {r.status === 'retired' ? ' · 已停用' : ''}
          </span>
        </Space>
      ),
    },
    {
      title: '知识点',
      key: 'kp',
      width: 140,
      render: (_: unknown, r: ItemStatView) => (
        <Space direction="vertical" size={0}>
          <span>{r.knowledgePoint ?? '—'}</span>
          <span className="gk-muted">{r.bankName ?? ''}</span>
        </Space>
      ),
    },
    { title: '作答', dataIndex: 'attempts', key: 'attempts', width: 64, align: 'right' as const },
    {
      title: <Tooltip title="答对率">难度</Tooltip>,
      key: 'p',
      width: 72,
      align: 'right' as const,
      render: (_: unknown, r: ItemStatView) => pct(r.p),
    },
    {
      title: <Tooltip title="与其余题得分的点二列相关；全对或全错时无法计算">区分度</Tooltip>,
      key: 'd',
      width: 72,
      align: 'right' as const,
      render: (_: unknown, r: ItemStatView) => fixed(r.discrimination),
    },
    {
      title: <Tooltip title="按题库中的原始选项字母（已换算考生看到的乱序）">选项选择率</Tooltip>,
      key: 'rates',
      render: (_: unknown, r: ItemStatView) => (
        <span data-testid={`rates-${r.itemId}`}>
          {Object.entries(r.optionRates)
            .map(([l, x]) => `${l === 'T' ? '对' : l === 'F' && r.type === 'true_false' ? '错' : l} ${pct(x)}`)
            .join('　')}
          {r.blankRate > 0 ? `　未答 ${pct(r.blankRate)}` : ''}
        </span>
      ),
    },
    {
      title: '标记',
      key: 'flags',
      width: 150,
      render: (_: unknown, r: ItemStatView) => (
        <Space size={[0, 4]} wrap>
          {r.flags.map((f) => (
            <Tag key={f} color="red">
              {ITEM_FLAG_LABELS[f]}
            </Tag>
          ))}
          {r.reviewedAt && (
            <Tooltip title={`${r.reviewerName ?? ''} ${formatDateTime(r.reviewedAt)}：${r.reviewNote ?? ''}`}>
              <Tag color="green">已复核</Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    ...(manage
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 170,
            render: (_: unknown, r: ItemStatView) => (
              <Space size={4}>
                <Button
                  size="small"
                  danger
                  disabled={!r.abilities.retire}
                  loading={retire.isPending && retire.variables?.itemId === r.itemId}
                  onClick={() =>
                    Modal.confirm({
                      title: `停用试题 #${r.itemId} 第${r.version}版？`,
                      content: '停用后今后组卷不再抽取此版本；已生成的试卷和成绩不受影响。记入审计日志。',
                      okText: '停用',
                      okButtonProps: { danger: true },
                      onOk: () => retire.mutateAsync(r),
                    })
                  }
                >
                  停用
                </Button>
                <Button
                  size="small"
                  disabled={!r.abilities.review}
                  onClick={() => {
                    setNote(r.reviewNote ?? '');
                    setReviewing(r);
                  }}
                >
                  标为已复核
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <div className="gk-page-head">
        <Typography.Title level={3} className="gk-mb0">
          试题分析
          <span className="gk-page-sub">考后按答卷统计每道试题的难度、区分度和选项选择率，超出界限的标出待处理</span>
        </Typography.Title>
        <Space wrap>
          <CampaignSelect
            campaigns={campaignItems}
            value={campaign?.id}
            loading={campaigns.isLoading}
            onChange={(id) => {
              setCampaignId(id);
              setFilter((f) => ({ ...f, page: 1 }));
            }}
          />
          <Select
            aria-label="科目"
            style={{ width: 130 }}
            value={subject}
            placeholder="科目"
            options={subjects.map((s) => ({ value: s.subject, label: SUBJECT_LABELS[s.subject] }))}
            onChange={(v: Subject) => {
              setSubject(v);
              setFilter((f) => ({ ...f, page: 1 }));
            }}
            data-testid="ia-subject"
          />
          <Button icon={<ReloadOutlined />} aria-label="刷新" onClick={refresh} />
          {manage && (
            <Button
              type="primary"
              icon={<ExperimentOutlined />}
              disabled={!current || current.finished === 0}
              loading={compute.isPending || (jobId !== null && !jobDone)}
              onClick={() => compute.mutate()}
              data-testid="ia-compute"
            >
              {analysis ? '重新计算' : '计算'}
            </Button>
          )}
          <Button
            icon={<DownloadOutlined />}
            disabled={!analysis}
            loading={download.isPending}
            onClick={() => download.mutate()}
            data-testid="ia-export"
          >
            导出 Excel
          </Button>
        </Space>
      </div>

      {summary.isError && <Alert className="gk-mb" type="error" showIcon title={errorMessage(summary.error)} />}
      {jobId && job.data && !(job.data.status === 'done' && seenJob === jobId && !job.data.result) && (
        <Alert
          className="gk-mb"
          showIcon
          type={job.data.status === 'failed' ? 'error' : job.data.status === 'done' ? 'success' : 'info'}
          title={
            job.data.status === 'done'
              ? `计算完成：${job.data.result?.attempts ?? 0} 份答卷，${job.data.result?.items ?? 0} 道试题，${job.data.result?.flagged ?? 0} 道超出界限`
              : job.data.status === 'failed'
                ? (job.data.message ?? '计算失败')
                : `计算中…… ${job.data.processed}/${job.data.total || '?'}`
          }
        />
      )}
      {summary.data && subjects.length === 0 && (
        <Empty className="gk-mb" description="本考核年度还没有交卷的答卷，考后再来分析。" />
      )}
      {current && !analysis && (
        <Alert
          className="gk-mb"
          type="info"
          showIcon
          title={`${SUBJECT_LABELS[current.subject]}已交卷 ${current.finished} 份，尚未分析${manage ? '：点「计算」开始' : ''}`}
        />
      )}
      {few && analysis && (
        <Alert
          className="gk-mb"
          type="warning"
          showIcon
          data-testid="ia-few"
          title={`仅 ${analysis.attempts} 份答卷：少于 ${summary.data?.fewAttempts} 份时难度、区分度和信度都很不稳定，仅供参考，不宜据此停用试题`}
        />
      )}

      {analysis && current && (
        <Card
          size="small"
          className="gk-mb"
          title={`${SUBJECT_LABELS[current.subject]} · 概况`}
          data-testid="ia-summary"
        >
          <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
            <Descriptions size="small" column={2} style={{ flex: '1 1 360px' }} bordered>
              <Descriptions.Item label="答卷数">{analysis.attempts}</Descriptions.Item>
              <Descriptions.Item label="每卷题数">{analysis.itemsPerPaper}</Descriptions.Item>
              <Descriptions.Item label="平均分">{fixed(analysis.mean)}</Descriptions.Item>
              <Descriptions.Item label="标准差">{fixed(analysis.sd)}</Descriptions.Item>
              <Descriptions.Item label="KR-20 信度">
                <Tooltip title="按答对题数计算；答卷太少或分数全同时无法计算">{fixed(analysis.kr20)}</Tooltip>
              </Descriptions.Item>
              <Descriptions.Item label="超出界限">{analysis.flagged} 道</Descriptions.Item>
              <Descriptions.Item label="界限" span={2}>
                答对率 {pct(analysis.bounds.minP)}–{pct(analysis.bounds.maxP)}，区分度 ≥{' '}
                {analysis.bounds.minDiscrimination}
              </Descriptions.Item>
              <Descriptions.Item label="计算时间" span={2}>
                {formatDateTime(analysis.computedAt)}
              </Descriptions.Item>
            </Descriptions>
            <div style={{ flex: '1 1 420px', minWidth: 0 }}>
              <Suspense fallback={<Spin />}>
                <EChart
                  height={240}
                  label={`分数分布：${analysis.histogram.map((b) => `${b.from}–${b.to} 分 ${b.count} 人`).join('，')}`}
                  testId="ia-histogram"
                  option={{
                    grid: { left: 40, right: 16, top: 24, bottom: 40 },
                    tooltip: { trigger: 'axis' },
                    xAxis: {
                      type: 'category',
                      name: '分数',
                      nameLocation: 'middle',
                      nameGap: 26,
                      data: analysis.histogram.map((b) => `${b.from}–${b.to}`),
                    },
                    yAxis: { type: 'value', name: '人数', minInterval: 1 },
                    series: [{ type: 'bar', data: analysis.histogram.map((b) => b.count), name: '人数' }],
                  }}
                />
              </Suspense>
            </div>
          </div>
        </Card>
      )}

      {analysis && (
        <Card
          size="small"
          title="试题"
          extra={
            <Space>
              <span>只看超出界限</span>
              <Switch
                aria-label="只看超出界限"
                checked={filter.flagged === true}
                onChange={(v) => setFilter((f) => ({ ...f, page: 1, flagged: v }))}
                data-testid="ia-flagged"
              />
            </Space>
          }
        >
          {items.isError && <Alert className="gk-mb" type="error" showIcon title={errorMessage(items.error)} />}
          <Table<ItemStatView>
            size="small"
            rowKey={(r) => `${r.itemId}:${r.version}`}
            loading={items.isFetching}
            dataSource={items.data?.items ?? []}
            columns={columns}
            data-testid="ia-items"
            pagination={{
              current: filter.page,
              pageSize: filter.pageSize,
              total: items.data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (n) => `共 ${n} 道`,
              onChange: (page, pageSize) => setFilter((f) => ({ ...f, page, pageSize })),
            }}
          />
        </Card>
      )}

      <Modal
        open={reviewing !== null}
        title={reviewing ? `标为已复核：试题 #${reviewing.itemId} 第${reviewing.version}版` : ''}
        okText="标为已复核"
        okButtonProps={{ disabled: note.trim() === '', loading: review.isPending }}
        onOk={() => reviewing && review.mutate({ item: reviewing, text: note.trim() })}
        onCancel={() => setReviewing(null)}
        destroyOnHidden
      >
        <Typography.Paragraph>
          {reviewing && reviewing.flags.length > 0
            ? `标记：${reviewing.flags.map((f) => ITEM_FLAG_LABELS[f]).join('、')}。`
            : ''}
          写明复核结论（如：题干与答案无误，保留）。重新计算时保留此标记。记入审计日志。
        </Typography.Paragraph>
        <Input.TextArea
          aria-label="复核说明"
          rows={3}
          maxLength={500}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          data-testid="ia-review-note"
        />
      </Modal>
    </>
  );
}
