import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { PanelCriterion } from '../../domain/panel-review';
import { errorMessage } from '../api/client';
import { type PanelSummary, panelApi, panelKeys } from '../api/panels';
import { CampaignSelect } from '../campaign/campaign-select';
import { useCampaignChoice } from '../campaign/use-campaigns';
import { PanelFormModal } from '../panels/panel-form';
import { SCHEDULE_TAGS } from '../panels/scores-table';
import { formatDateTime } from '../util';

/** 评审项目 and 合格线 of a campaign: weights in whole per cent summing to 100. */
function CriteriaCard({ campaignId }: { campaignId: number }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: panelKeys.settings(campaignId),
    queryFn: () => panelApi.settings(campaignId),
    enabled: campaignId > 0,
  });
  const [rows, setRows] = useState<PanelCriterion[]>([]);
  const [passLine, setPassLine] = useState(60);
  useEffect(() => {
    if (settings.data) {
      setRows(settings.data.criteria.map((c) => ({ ...c })));
      setPassLine(settings.data.passLine);
    }
  }, [settings.data]);
  const save = useMutation({
    mutationFn: () => panelApi.saveSettings(campaignId, { criteria: rows, passLine }),
    onSuccess: () => {
      void message.success('评审项目已保存');
      void queryClient.invalidateQueries({ queryKey: panelKeys.settings(campaignId) });
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  const edit = settings.data?.abilities.edit ?? false;
  const sum = rows.reduce((n, r) => n + (r.weight || 0), 0);
  const set = (i: number, patch: Partial<PanelCriterion>) =>
    setRows((list) => list.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Card
      size="small"
      title="评审项目与合格线"
      style={{ marginBottom: 16 }}
      extra={settings.data && !settings.data.saved ? <Tag color="orange">默认设置，尚未保存</Tag> : undefined}
    >
      {settings.isError && <Alert type="error" showIcon title={errorMessage(settings.error)} />}
      <Table<PanelCriterion>
        rowKey={(_, i) => String(i)}
        size="small"
        pagination={false}
        dataSource={rows}
        data-testid="criteria-table"
        columns={[
          {
            title: '评审项目',
            key: 'name',
            render: (_, r, i) => (
              <Input
                value={r.name}
                disabled={!edit}
                aria-label={`第${i + 1}项名称`}
                onChange={(e) => set(i, { name: e.target.value })}
              />
            ),
          },
          {
            title: '代码',
            key: 'key',
            width: 140,
            render: (_, r, i) => (
              <Input
                value={r.key}
                disabled={!edit}
                aria-label={`第${i + 1}项代码`}
                onChange={(e) => set(i, { key: e.target.value })}
              />
            ),
          },
          {
            title: '权重（%）',
            key: 'weight',
            width: 110,
            render: (_, r, i) => (
              <InputNumber
                min={1}
                max={100}
                precision={0}
                value={r.weight}
                disabled={!edit}
                aria-label={`第${i + 1}项权重`}
                onChange={(v) => set(i, { weight: v ?? 0 })}
              />
            ),
          },
          {
            title: '满分',
            key: 'max',
            width: 110,
            render: (_, r, i) => (
              <InputNumber
                min={1}
                max={1000}
                precision={0}
                value={r.max}
                disabled={!edit}
                aria-label={`第${i + 1}项满分`}
                onChange={(v) => set(i, { max: v ?? 0 })}
              />
            ),
          },
          {
            title: '',
            key: 'ops',
            width: 60,
            render: (_, _r, i) =>
              edit && rows.length > 1 ? (
                <Typography.Link onClick={() => setRows((list) => list.filter((_, j) => j !== i))}>
                  删除
                </Typography.Link>
              ) : null,
          },
        ]}
      />
      <Space style={{ marginTop: 12 }} wrap>
        {edit && (
          <Button
            onClick={() => setRows((list) => [...list, { key: `c${list.length + 1}`, name: '', weight: 0, max: 100 }])}
            disabled={rows.length >= 10}
          >
            增加评审项目
          </Button>
        )}
        <Typography.Text type={sum === 100 ? 'secondary' : 'danger'}>权重合计 {sum}%</Typography.Text>
        <span>合格线</span>
        <InputNumber
          min={0}
          max={100}
          value={passLine}
          disabled={!edit}
          aria-label="合格线"
          onChange={(v) => setPassLine(v ?? 60)}
        />
        <span>分</span>
        {edit && (
          <Button type="primary" loading={save.isPending} onClick={() => save.mutate()} data-testid="criteria-save">
            保存
          </Button>
        )}
        {!edit && settings.data && (
          <Typography.Text type="secondary">已有评分（或考核年度已结束），评审项目不能再修改。</Typography.Text>
        )}
      </Space>
    </Card>
  );
}

/**
 * 综合评审 (the province): a campaign's criteria and pass line, its panels (评审组) with progress, and new panels.
 * A panel's members, candidates, conflicts and scores are on its own page.
 */
export default function PanelsPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { list: campaigns, items, campaign, setCampaignId } = useCampaignChoice();
  const id = campaign?.id ?? 0;
  const [creating, setCreating] = useState(false);
  const panels = useQuery({ queryKey: panelKeys.list(id), queryFn: () => panelApi.list(id), enabled: id > 0 });
  const create = useMutation({
    mutationFn: (body: Parameters<typeof panelApi.create>[1]) => panelApi.create(id, body),
    onSuccess: (p) => {
      void message.success('评审组已建立');
      setCreating(false);
      void queryClient.invalidateQueries({ queryKey: panelKeys.all });
      navigate(`/panels/${p.id}`);
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  const data = panels.data;
  return (
    <div data-testid="panels-page">
      <Typography.Title level={3}>综合评审</Typography.Title>
      <Typography.Paragraph type="secondary">
        一级（高级技师）考生经省级确认后，由评审组综合评审：成员按评审项目逐项打分，五名及以上成员评分时去掉一个最高分和一个最低分取平均，组长确认后形成综合评审成绩。
      </Typography.Paragraph>
      <Space style={{ marginBottom: 16 }} wrap>
        <CampaignSelect campaigns={items} value={campaign?.id} loading={campaigns.isLoading} onChange={setCampaignId} />
        <Link to="/experts">评审专家库</Link>
      </Space>
      {id > 0 && <CriteriaCard campaignId={id} />}
      <Card
        size="small"
        title="评审组"
        extra={
          <Button type="primary" onClick={() => setCreating(true)} disabled={!id} data-testid="panel-new">
            新建评审组
          </Button>
        }
      >
        {panels.isError && <Alert type="error" showIcon title={errorMessage(panels.error)} />}
        {data && (
          <Typography.Paragraph data-testid="panels-counts">
            本年度经省级确认的一级考生 {data.candidates} 人，尚未分组 {data.unassigned} 人。
          </Typography.Paragraph>
        )}
        <Table<PanelSummary>
          rowKey="id"
          size="small"
          loading={panels.isLoading}
          dataSource={data?.items ?? []}
          pagination={false}
          data-testid="panels-table"
          columns={[
            { title: '评审组', dataIndex: 'name', render: (v, p) => <Link to={`/panels/${p.id}`}>{v}</Link> },
            { title: '组长', dataIndex: 'chairName', width: 90 },
            { title: '成员', dataIndex: 'members', width: 60 },
            { title: '考生', dataIndex: 'candidates', width: 60 },
            {
              title: '评审时间',
              key: 'time',
              width: 290,
              render: (_, p) => `${formatDateTime(p.startsAt)} 至 ${formatDateTime(p.endsAt)}`,
            },
            {
              title: '进度',
              key: 'progress',
              width: 130,
              render: (_, p) => `已提交 ${p.submittedSheets}/${p.expectedSheets}`,
            },
            {
              title: '状态',
              key: 'status',
              width: 160,
              render: (_, p) =>
                p.status === 'confirmed' ? (
                  <Tag color="green">已确认（合格 {p.passed} 人）</Tag>
                ) : (
                  <Tag color={SCHEDULE_TAGS[p.schedule]!.color}>{SCHEDULE_TAGS[p.schedule]!.label}</Tag>
                ),
            },
          ]}
        />
      </Card>
      <PanelFormModal
        open={creating}
        panel={null}
        saving={create.isPending}
        onCancel={() => setCreating(false)}
        onSave={(body) => create.mutate(body)}
      />
    </div>
  );
}
