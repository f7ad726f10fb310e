import { EyeOutlined, FileDoneOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { isJobTypeSubject, SUBJECTS, type Subject } from '../../domain/items';
import { errorMessage } from '../api/client';
import {
  type GenerationScope,
  type PaperListItem,
  type PapersQuery,
  type PapersSummaryRow,
  paperApi,
  paperKeys,
} from '../api/papers';
import { CampaignSelect } from '../campaign/campaign-select';
import { useCampaignChoice } from '../campaign/use-campaigns';
import { SUBJECT_LABELS } from '../labels';
import { GenerateDialog } from '../papers/generate-dialog';
import { type AppliedGrade, GRADE_LABELS } from '../self-check/model';
import { useSession } from '../session';
import { formatDateTime } from '../util';

const EXAM_GRADES = [5, 4, 3, 2, 1] as const;
const gradeLabel = (g: number | null) => (g === null ? '全部等级' : (GRADE_LABELS[g as AppliedGrade] ?? String(g)));

/** A summary row's name: 职业道德, 岗位技能·电工·四级, or 专业基础知识·电工·一级. */
function scopeName(r: PapersSummaryRow): string {
  if (!isJobTypeSubject(r.subject)) return SUBJECT_LABELS[r.subject];
  return `${SUBJECT_LABELS[r.subject]}·${r.jobTypeName ?? `工种 ${r.jobTypeId}`}·${gradeLabel(r.grade)}`;
}

function BlueprintTag({ row }: { row: PapersSummaryRow }) {
  if (!row.blueprint) return <Tag color="red">未建立</Tag>;
  return row.blueprint.status === 'published' ? (
    <Tag color="green">已发布</Tag>
  ) : (
    <Tag color="gold">草稿（未发布）</Tag>
  );
}

/**
 * 试卷生成: per campaign, how many confirmed candidates need papers and how many exist, each blueprint's state,
 * 生成试卷 (a background job with progress), and the papers (metadata only); 查看 opens one, which is audited.
 */
export default function PapersPage() {
  const { can } = useSession();
  const manage = can('bank.manage');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { list: campaigns, items: campaignItems, campaign, setCampaignId } = useCampaignChoice();
  const campaignId = campaign?.id;
  const [generating, setGenerating] = useState<{ scope?: GenerationScope; label?: string } | null>(null);
  const [filter, setFilter] = useState<PapersQuery>({ page: 1, pageSize: 20 });
  const [applicationInput, setApplicationInput] = useState('');

  const summary = useQuery({
    queryKey: paperKeys.summary(campaignId ?? 0),
    queryFn: () => paperApi.summary(campaignId ?? 0),
    enabled: campaignId !== undefined,
  });
  const papers = useQuery({
    queryKey: paperKeys.list(campaignId ?? 0, filter),
    queryFn: () => paperApi.list(campaignId ?? 0, filter),
    enabled: campaignId !== undefined,
    placeholderData: keepPreviousData,
  });
  const update = (patch: Partial<PapersQuery>) => setFilter((f) => ({ ...f, page: 1, ...patch }));

  const jobTypeOptions = useMemo(() => {
    const seen = new Map<number, string>();
    for (const r of summary.data?.rows ?? []) {
      if (r.jobTypeId !== null) seen.set(r.jobTypeId, r.jobTypeName ?? `工种 ${r.jobTypeId}`);
    }
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [summary.data]);

  const s = summary.data;
  const notReady = s?.rows.filter((r) => r.candidates > r.papers && r.blueprint?.status !== 'published') ?? [];
  const generateButton = (
    <Button
      type="primary"
      icon={<FileDoneOutlined />}
      disabled={!s?.abilities.generate}
      onClick={() => setGenerating({})}
      data-testid="papers-generate"
    >
      生成试卷
    </Button>
  );

  return (
    <>
      <div className="gk-page-head">
        <Typography.Title level={3} className="gk-mb0">
          试卷生成
          <span className="gk-page-sub">
            每位省级确认的考生各科一份试卷（一级：职业道德、专业基础知识），按组卷规则从已审核试题中抽取
          </span>
        </Typography.Title>
        <Space wrap>
          <CampaignSelect
            campaigns={campaignItems}
            value={campaignId}
            loading={campaigns.isLoading}
            onChange={(id) => {
              setCampaignId(id);
              setFilter({ page: 1, pageSize: filter.pageSize });
            }}
          />
          <Button
            icon={<ReloadOutlined />}
            aria-label="刷新"
            onClick={() => void queryClient.invalidateQueries({ queryKey: paperKeys.all })}
          />
          {manage &&
            (s && s.missing === 0 && s.candidates > 0 ? (
              <Tooltip title="全部考生的试卷均已生成">{generateButton}</Tooltip>
            ) : (
              generateButton
            ))}
        </Space>
      </div>

      <Card title="生成情况" className="gk-mb" data-testid="papers-summary">
        {summary.isError && <Alert className="gk-mb" type="error" showIcon title={errorMessage(summary.error)} />}
        {s && s.candidates === 0 && (
          <Alert className="gk-mb" type="info" showIcon title="本考核年度还没有经省级确认的考生，暂无需生成试卷。" />
        )}
        {notReady.length > 0 && (
          <Alert
            className="gk-mb"
            type="warning"
            showIcon
            title={`有 ${notReady.length} 项组卷规则尚未建立或未发布（见下表），生成试卷将被拒绝`}
          />
        )}
        {s && s.candidates > 0 && (
          <Typography.Paragraph>
            考生 {s.candidates} 人；已生成：
            {SUBJECTS.filter((subject) => s.totals.candidates[subject] > 0)
              .map((subject) => `${SUBJECT_LABELS[subject]} ${s.totals.papers[subject]} 份`)
              .join('，')}
            ；尚缺 {s.missing} 份。
          </Typography.Paragraph>
        )}
        <Table<PapersSummaryRow>
          size="small"
          rowKey={(r) => `${r.subject}-${r.jobTypeId ?? 0}-${r.grade ?? 0}`}
          loading={summary.isFetching}
          dataSource={s?.rows ?? []}
          pagination={(s?.rows.length ?? 0) > 10 ? { pageSize: 10, showSizeChanger: false } : false}
          columns={[
            { title: '科目', dataIndex: 'subject', width: 110, render: (v: Subject) => SUBJECT_LABELS[v] },
            {
              title: '工种',
              dataIndex: 'jobTypeName',
              render: (v: string | null, r) =>
                isJobTypeSubject(r.subject) ? (v ?? `工种 ${r.jobTypeId}`) : '各工种通用',
            },
            { title: '等级', dataIndex: 'grade', width: 140, render: (g: number | null) => gradeLabel(g) },
            { title: '考生', dataIndex: 'candidates', width: 80, align: 'right' },
            { title: '已生成', dataIndex: 'papers', width: 80, align: 'right' },
            { title: '组卷规则', key: 'blueprint', width: 130, render: (_, r) => <BlueprintTag row={r} /> },
            {
              title: '操作',
              key: 'generate',
              width: 110,
              render: (_, r) =>
                r.candidates > r.papers && r.blueprint?.status === 'published' && s?.abilities.generate ? (
                  <Button
                    size="small"
                    onClick={() =>
                      setGenerating({
                        scope: { subject: r.subject, jobTypeId: r.jobTypeId, grade: r.grade },
                        label: scopeName(r),
                      })
                    }
                    aria-label={`只生成${scopeName(r)}的试卷`}
                    data-testid="papers-generate-scope"
                  >
                    生成本项
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>

      <Card title="已生成的试卷">
        <form
          className="gk-filters"
          aria-label="筛选试卷"
          onSubmit={(e) => {
            e.preventDefault();
            const id = Number(applicationInput.trim());
            update({ applicationId: Number.isInteger(id) && id > 0 ? id : undefined });
          }}
        >
          <Select<Subject>
            aria-label="按科目筛选"
            allowClear
            placeholder="全部科目"
            className="gk-filter-small"
            value={filter.subject}
            options={SUBJECTS.map((v) => ({ value: v, label: SUBJECT_LABELS[v] }))}
            onChange={(v) => update({ subject: v })}
          />
          <Select<number>
            aria-label="按工种筛选"
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="全部工种"
            className="gk-filter-q"
            value={filter.jobTypeId}
            options={jobTypeOptions}
            onChange={(v) => update({ jobTypeId: v })}
          />
          <Select<number>
            aria-label="按等级筛选"
            allowClear
            placeholder="全部等级"
            className="gk-filter-small"
            value={filter.grade}
            options={EXAM_GRADES.map((g) => ({ value: g, label: gradeLabel(g) }))}
            onChange={(v) => update({ grade: v })}
          />
          <Input
            aria-label="申请编号"
            allowClear
            placeholder="申请编号"
            inputMode="numeric"
            className="gk-filter-small"
            value={applicationInput}
            onChange={(e) => {
              setApplicationInput(e.target.value);
              if (e.target.value === '' && filter.applicationId) update({ applicationId: undefined });
            }}
          />
          <Button type="primary" htmlType="submit">
            查询
          </Button>
        </form>
        {papers.isError && <Alert className="gk-mb" type="error" showIcon title={errorMessage(papers.error)} />}
        <Table<PaperListItem>
          data-testid="papers-table"
          size="small"
          rowKey="id"
          loading={papers.isFetching}
          dataSource={papers.data?.items ?? []}
          locale={{ emptyText: '没有符合条件的试卷' }}
          pagination={{
            current: filter.page,
            pageSize: filter.pageSize,
            total: papers.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (t) => `共 ${t} 份`,
            onChange: (p, size) => setFilter((f) => ({ ...f, page: size !== f.pageSize ? 1 : p, pageSize: size })),
          }}
          columns={[
            { title: '试卷编号', dataIndex: 'id', width: 90 },
            { title: '申请编号', dataIndex: 'applicationId', width: 90 },
            { title: '科目', dataIndex: 'subject', width: 90, render: (v: Subject) => SUBJECT_LABELS[v] },
            { title: '工种', dataIndex: 'jobTypeName', render: (v: string | null) => v ?? '—' },
            { title: '等级', dataIndex: 'grade', width: 130, render: (g: number | null) => (g ? gradeLabel(g) : '—') },
            { title: '题量', dataIndex: 'itemCount', width: 60, align: 'right' },
            {
              title: '平均难度',
              dataIndex: 'meanDifficulty',
              width: 80,
              align: 'right',
              render: (v: number) => v.toFixed(2),
            },
            { title: '生成时间', dataIndex: 'createdAt', width: 160, render: (v: string) => formatDateTime(v) },
            {
              title: '操作',
              key: 'actions',
              width: 170,
              render: (_, p) => (
                <Button
                  size="small"
                  icon={<EyeOutlined />}
                  onClick={() => navigate(`/papers/${p.id}`, { state: { open: true } })}
                >
                  查看（记入审计日志）
                </Button>
              ),
            },
          ]}
        />
      </Card>
      {generating && campaignId !== undefined && (
        <GenerateDialog
          campaignId={campaignId}
          scope={generating.scope}
          scopeLabel={generating.label}
          onClose={() => setGenerating(null)}
        />
      )}
    </>
  );
}
