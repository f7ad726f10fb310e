import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../api/client';
import { type PanelDetail, panelApi, panelKeys } from '../api/panels';
import { PanelFormModal } from '../panels/panel-form';
import { SCHEDULE_TAGS, ScoresTable } from '../panels/scores-table';
import { formatDateTime } from '../util';

type Member = PanelDetail['memberList'][number];
type Candidate = PanelDetail['candidateList'][number];

/** One panel (the province): members and progress, candidates and their assignment, conflicts, scores, record. */
export default function PanelDetailPage() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const id = Number(useParams().id);
  const [editing, setEditing] = useState(false);
  const [picked, setPicked] = useState<number[]>([]);
  const [byJurisdiction, setByJurisdiction] = useState<number | undefined>();
  const [byJobType, setByJobType] = useState<number | undefined>();
  const [reopening, setReopening] = useState(false);
  const [reason, setReason] = useState('');
  const detail = useQuery({ queryKey: panelKeys.detail(id), queryFn: () => panelApi.detail(id) });
  const p = detail.data;
  const eligible = useQuery({
    queryKey: panelKeys.eligible(p?.campaignId ?? 0),
    queryFn: () => panelApi.eligible(p!.campaignId),
    enabled: !!p,
  });
  const scores = useQuery({ queryKey: panelKeys.scores(id), queryFn: () => panelApi.scores(id), enabled: !!p });
  const refresh = () => queryClient.invalidateQueries({ queryKey: panelKeys.all });
  const onError = (e: unknown) => void message.error(errorMessage(e), 8);

  const update = useMutation({
    mutationFn: (body: Parameters<typeof panelApi.update>[1]) => panelApi.update(id, body),
    onSuccess: () => {
      void message.success('已保存');
      setEditing(false);
      void refresh();
    },
    onError,
  });
  const assign = useMutation({
    mutationFn: (body: Parameters<typeof panelApi.assign>[1]) => panelApi.assign(id, body),
    onSuccess: (r) => {
      void message.success(`已分配 ${r.assigned} 人`);
      setPicked([]);
      void refresh();
    },
    onError,
  });
  const unassign = useMutation({
    mutationFn: (applicationId: number) => panelApi.unassign(id, applicationId),
    onSuccess: () => void refresh(),
    onError,
  });
  const reopen = useMutation({
    mutationFn: () => panelApi.reopen(id, reason),
    onSuccess: () => {
      void message.success('评审组已重新开启');
      setReopening(false);
      setReason('');
      void refresh();
    },
    onError,
  });

  if (detail.isError) return <Alert type="error" showIcon title={errorMessage(detail.error)} />;
  if (!p) return null;
  const free = (eligible.data?.items ?? []).filter((e) => e.panelId === null);
  const jurisdictions = [...new Map(free.map((e) => [e.jurisdictionId, e.jurisdictionName])).entries()];
  const jobTypes = [...new Map(free.map((e) => [e.jobTypeId, e.jobTypeName])).entries()];
  const edit = p.abilities.edit;
  return (
    <div data-testid="panel-detail">
      <Space style={{ marginBottom: 8 }}>
        <Link to="/panels">← 综合评审</Link>
      </Space>
      <Typography.Title level={3}>{p.name}</Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="评审时间">
            {formatDateTime(p.startsAt)} 至 {formatDateTime(p.endsAt)}
          </Descriptions.Item>
          <Descriptions.Item label="状态">
            {p.status === 'confirmed' ? (
              <Tag color="green" data-testid="panel-status">
                已确认 {formatDateTime(p.confirmedAt)}
              </Tag>
            ) : (
              <Tag color={SCHEDULE_TAGS[p.schedule]!.color} data-testid="panel-status">
                {SCHEDULE_TAGS[p.schedule]!.label}
              </Tag>
            )}
          </Descriptions.Item>
          <Descriptions.Item label="进度">
            已提交 {p.submittedSheets}/{p.expectedSheets} 份评分表
          </Descriptions.Item>
          {p.reopenReason && <Descriptions.Item label="重新开启原因">{p.reopenReason}</Descriptions.Item>}
        </Descriptions>
        <Space wrap>
          {edit && <Button onClick={() => setEditing(true)}>修改评审组</Button>}
          <Button onClick={() => panelApi.record(id).catch(onError)} data-testid="panel-record">
            打印评审记录
          </Button>
          {p.abilities.reopen && (
            <Button danger onClick={() => setReopening(true)}>
              重新开启
            </Button>
          )}
        </Space>
      </Card>
      {p.conflicts.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="以下成员与考生同单位，须回避（该成员不评该考生；如需该成员评分，请调换成员或考生）"
          description={p.conflicts.map((c) => `${c.expertName} — ${c.candidateName}（${c.unitName}）`).join('；')}
          data-testid="panel-conflicts"
        />
      )}
      <Card size="small" title="成员" style={{ marginBottom: 16 }}>
        <Table<Member>
          rowKey="expertId"
          size="small"
          pagination={false}
          dataSource={p.memberList}
          columns={[
            {
              title: '姓名',
              key: 'name',
              render: (_, m) => (
                <span>
                  {m.name} {m.isChair && <Tag>组长</Tag>}
                  {m.absent && <Tag>缺席：{m.absentReason}</Tag>}
                </span>
              ),
            },
            { title: '工作单位', dataIndex: 'workUnitName' },
            { title: '已提交 / 应评', key: 'progress', width: 140, render: (_, m) => `${m.submitted} / ${m.expected}` },
          ]}
        />
      </Card>
      <Card size="small" title={`考生（${p.candidateList.length} 人）`} style={{ marginBottom: 16 }}>
        {edit && (
          <Space style={{ marginBottom: 12 }} wrap>
            <Select
              mode="multiple"
              allowClear
              style={{ minWidth: 320 }}
              placeholder={`选择未分组的一级考生（${free.length} 人）`}
              aria-label="选择考生"
              value={picked}
              onChange={setPicked}
              optionFilterProp="label"
              options={free.map((e) => ({
                value: e.applicationId,
                label: `${e.name}（${e.unitName}，${e.jobTypeName}）`,
              }))}
              data-testid="assign-pick"
            />
            <Button
              type="primary"
              disabled={picked.length === 0}
              loading={assign.isPending}
              onClick={() => assign.mutate({ applicationIds: picked })}
              data-testid="assign-picked"
            >
              分配所选
            </Button>
            <Select
              allowClear
              placeholder="按地区"
              style={{ width: 130 }}
              aria-label="按地区"
              value={byJurisdiction}
              onChange={setByJurisdiction}
              options={jurisdictions.map(([value, label]) => ({ value, label }))}
            />
            <Select
              allowClear
              placeholder="按工种"
              style={{ width: 130 }}
              aria-label="按工种"
              value={byJobType}
              onChange={setByJobType}
              options={jobTypes.map(([value, label]) => ({ value, label }))}
            />
            <Button
              disabled={!byJurisdiction && !byJobType}
              onClick={() => assign.mutate({ jurisdictionId: byJurisdiction, jobTypeId: byJobType })}
            >
              按条件分配未分组考生
            </Button>
          </Space>
        )}
        <Table<Candidate>
          rowKey="applicationId"
          size="small"
          pagination={false}
          dataSource={p.candidateList}
          data-testid="panel-candidates"
          columns={[
            { title: '姓名', dataIndex: 'name', width: 90 },
            { title: '身份证号', dataIndex: 'idNumberMasked', width: 170 },
            { title: '单位', dataIndex: 'unitName' },
            { title: '地区', dataIndex: 'jurisdictionName', width: 90 },
            { title: '工种', dataIndex: 'jobTypeName', width: 110 },
            { title: '已提交 / 应评', key: 'progress', width: 110, render: (_, c) => `${c.submitted} / ${c.expected}` },
            {
              title: '',
              key: 'ops',
              width: 70,
              render: (_, c) =>
                edit && c.submitted === 0 ? (
                  <Typography.Link onClick={() => unassign.mutate(c.applicationId)}>移出</Typography.Link>
                ) : null,
            },
          ]}
        />
      </Card>
      <Card size="small" title="评分汇总">
        {scores.data && <ScoresTable data={scores.data} />}
      </Card>
      <PanelFormModal
        open={editing}
        panel={p}
        saving={update.isPending}
        onCancel={() => setEditing(false)}
        onSave={(body) => update.mutate(body)}
      />
      <Modal
        open={reopening}
        title="重新开启评审组"
        onCancel={() => setReopening(false)}
        onOk={() => reopen.mutate()}
        okButtonProps={{ disabled: !reason.trim(), danger: true }}
        confirmLoading={reopen.isPending}
      >
        <Typography.Paragraph>
          重新开启后，已确认的综合评审成绩作废，组长可退回评分表，成员修改后由组长重新确认。
        </Typography.Paragraph>
        <Input.TextArea
          rows={3}
          maxLength={200}
          placeholder="重新开启的原因"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </div>
  );
}
