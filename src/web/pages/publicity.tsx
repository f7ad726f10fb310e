import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Segmented,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { OBJECTION_SOURCE_LABELS, OBJECTION_STATUS_LABELS, PUBLICITY_STATE_LABELS } from '../../domain/publicity';
import {
  RESULT_TRACK_LABELS,
  RESULT_TRACK_SHORT_LABELS,
  RESULT_TRACKS,
  type ResultTrack,
} from '../../domain/result-tracks';
import { errorMessage } from '../api/client';
import { type ObjectionResponse, type PublicityEntry, publicityApi, publicityKeys } from '../api/publicity';
import { CampaignSelect } from '../campaign/campaign-select';
import { useCampaignChoice } from '../campaign/use-campaigns';
import { type AppliedGrade, GRADE_LABELS } from '../self-check/model';

/**
 * 合格人员公示 (the province): publish the released campaign's qualified persons for a period of working days, the
 * list, objections (record, investigate, resolve: upheld strikes the person), and the notice of qualified persons;
 * each result track (五级至二级, 一级) on its own, chosen with the switch.
 */
export default function PublicityPage() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { list: campaigns, items, campaign, setCampaignId } = useCampaignChoice();
  const id = campaign?.id ?? 0;
  const [track, setTrack] = useState<ResultTrack>('regular');
  const [search, setSearch] = useState({ page: 1, q: '' });
  const [objectionStatus, setObjectionStatus] = useState<string | undefined>();
  const [recording, setRecording] = useState<PublicityEntry | null>(null);
  const [resolving, setResolving] = useState<ObjectionResponse | null>(null);
  const [documentNumber, setDocumentNumber] = useState('');

  const overview = useQuery({
    queryKey: publicityKeys.overview(id, track),
    queryFn: () => publicityApi.overview(id, track),
    enabled: id > 0,
  });
  const entries = useQuery({
    queryKey: publicityKeys.entries(id, { page: search.page, q: search.q, track }),
    queryFn: () => publicityApi.entries(id, { page: search.page, q: search.q || undefined, track }),
    enabled: id > 0 && overview.data?.period != null,
    placeholderData: keepPreviousData,
  });
  const objections = useQuery({
    queryKey: publicityKeys.objections(id, track, objectionStatus),
    queryFn: () => publicityApi.objections(id, track, objectionStatus),
    enabled: id > 0 && overview.data?.period != null,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: publicityKeys.all });
  const onError = (e: unknown) => void message.error(errorMessage(e));

  const publish = useMutation({
    mutationFn: (v: { contact: string; workingDays?: number; startsOn?: string }) =>
      publicityApi.publish(id, { ...v, track }),
    onSuccess: (r) => {
      void message.success(
        `已公示${RESULT_TRACK_LABELS[r.track]} ${r.listed} 名合格人员：${r.startsOn} 至 ${r.endsOn}`,
      );
      void refresh();
    },
    onError,
  });
  const record = useMutation({
    mutationFn: (v: { objectorName: string; objectorContact: string; content: string }) =>
      publicityApi.recordObjection(id, { ...v, applicationId: recording?.applicationId ?? 0 }),
    onSuccess: () => {
      void message.success('异议已登记');
      setRecording(null);
      void refresh();
    },
    onError,
  });
  const resolve = useMutation({
    mutationFn: (v: { outcome: 'upheld' | 'dismissed' | 'investigating'; reason: string }) =>
      v.outcome === 'investigating'
        ? publicityApi.investigate(resolving?.id ?? 0, { investigation: v.reason })
        : publicityApi.resolve(resolving?.id ?? 0, { outcome: v.outcome, reason: v.reason }),
    onSuccess: (r) => {
      void message.success(`异议 #${r.id}：${OBJECTION_STATUS_LABELS[r.status]}`);
      setResolving(null);
      void refresh();
    },
    onError,
  });
  const notice = useMutation({ mutationFn: () => publicityApi.notice(id, track, documentNumber), onError });

  const o = overview.data;
  const running = o?.state === 'running';
  return (
    <div className="gk-page" data-testid="publicity-page">
      <Space className="gk-toolbar" wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          合格人员公示
        </Typography.Title>
        <CampaignSelect campaigns={items} value={campaign?.id} loading={campaigns.isLoading} onChange={setCampaignId} />
        <Segmented
          aria-label="结果批次"
          data-testid="publicity-track"
          value={track}
          onChange={(v) => {
            setTrack(v as ResultTrack);
            setSearch({ page: 1, q: '' });
          }}
          options={RESULT_TRACKS.map((t) => {
            const state = o?.tracks.find((x) => x.track === t)?.state;
            return {
              value: t,
              label: `${RESULT_TRACK_SHORT_LABELS[t]}${state && state !== 'unpublished' ? `（${PUBLICITY_STATE_LABELS[state]}）` : ''}`,
            };
          })}
        />
      </Space>
      {overview.isError && <Alert type="error" showIcon title={errorMessage(overview.error)} />}
      {o && (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label="状态">
              <Tag
                color={o.state === 'running' ? 'blue' : o.state === 'ended' ? 'green' : 'default'}
                data-testid="publicity-state"
              >
                {PUBLICITY_STATE_LABELS[o.state]}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label="公示期">
              {o.period ? `${o.period.startsOn} 至 ${o.period.endsOn}（${o.period.workingDays} 个工作日）` : '—'}
            </Descriptions.Item>
            <Descriptions.Item label="结果批次">{o.trackLabel}</Descriptions.Item>
            <Descriptions.Item label="成绩发布">
              {o.releasedAt ? o.releasedAt.slice(0, 10) : '未发布'}
            </Descriptions.Item>
            <Descriptions.Item label="合格人数">{o.qualified}</Descriptions.Item>
            <Descriptions.Item label="已取消">{o.struck}</Descriptions.Item>
            <Descriptions.Item label="未处理异议">{o.openObjections}</Descriptions.Item>
          </Descriptions>
          {o.abilities.publish && (
            <Form
              layout="inline"
              style={{ marginTop: 12, rowGap: 8 }}
              initialValues={{ workingDays: o.defaultWorkingDays, contact: '省工考办 0371-00000000（示例）' }}
              onFinish={(v: { contact: string; workingDays?: number; startsOn?: string }) =>
                publish.mutate({ ...v, startsOn: v.startsOn || undefined })
              }
            >
              <Form.Item label="受理异议联系方式" name="contact" rules={[{ required: true, message: '请填写' }]}>
                <Input style={{ width: 260 }} data-testid="publicity-contact" />
              </Form.Item>
              <Form.Item label="公示期（工作日）" name="workingDays">
                <InputNumber min={1} max={60} />
              </Form.Item>
              <Form.Item label="开始日期" name="startsOn" tooltip="默认今天">
                <Input placeholder="YYYY-MM-DD" style={{ width: 130 }} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={publish.isPending} data-testid="publicity-publish">
                发布{RESULT_TRACK_SHORT_LABELS[track]}公示
              </Button>
            </Form>
          )}
          {!o.releasedAt && (
            <Alert
              style={{ marginTop: 12 }}
              type="info"
              showIcon
              title={`${o.trackLabel}成绩发布后方可公示该批次合格人员`}
            />
          )}
          {o.period && (
            <Space style={{ marginTop: 12 }} wrap>
              <Input
                placeholder="通知文号（可选）"
                value={documentNumber}
                onChange={(e) => setDocumentNumber(e.target.value)}
                style={{ width: 220 }}
              />
              <Button
                disabled={!o.abilities.notice}
                loading={notice.isPending}
                onClick={() => notice.mutate()}
                data-testid="publicity-notice"
              >
                下载{RESULT_TRACK_SHORT_LABELS[track]}合格人员通知（PDF）
              </Button>
              {!o.abilities.notice && (
                <Typography.Text type="secondary">公示期满且异议处理完毕后可下发</Typography.Text>
              )}
            </Space>
          )}
        </Card>
      )}
      {o?.period && (
        <Tabs
          items={[
            {
              key: 'list',
              label: '公示名单',
              children: (
                <>
                  <Input.Search
                    allowClear
                    placeholder="姓名或单位"
                    style={{ width: 240, marginBottom: 12 }}
                    onSearch={(q) => setSearch({ page: 1, q })}
                  />
                  <Table<PublicityEntry>
                    size="small"
                    rowKey="applicationId"
                    loading={entries.isFetching}
                    dataSource={entries.data?.items}
                    pagination={{
                      current: search.page,
                      pageSize: 20,
                      total: entries.data?.total,
                      showSizeChanger: false,
                      onChange: (page) => setSearch((s) => ({ ...s, page })),
                    }}
                    columns={[
                      { title: '姓名', dataIndex: 'name', width: 90 },
                      { title: '身份证号', dataIndex: 'idNumberMasked', width: 170 },
                      { title: '地区', dataIndex: 'jurisdictionName', width: 100 },
                      { title: '单位', dataIndex: 'unitName' },
                      { title: '工种', dataIndex: 'jobTypeName', width: 110 },
                      {
                        title: '等级',
                        dataIndex: 'grade',
                        width: 120,
                        render: (g: number) => GRADE_LABELS[g as AppliedGrade] ?? g,
                      },
                      {
                        title: '状态',
                        width: 200,
                        render: (_: unknown, e) =>
                          e.struck ? (
                            <Tag color="red" title={e.struckReason ?? ''}>
                              已取消
                            </Tag>
                          ) : (
                            <Tag color="green">在列</Tag>
                          ),
                      },
                      {
                        title: '操作',
                        width: 90,
                        render: (_: unknown, e) =>
                          running && !e.struck ? (
                            <Button size="small" onClick={() => setRecording(e)}>
                              登记异议
                            </Button>
                          ) : null,
                      },
                    ]}
                  />
                </>
              ),
            },
            {
              key: 'objections',
              label: `异议（未处理 ${o.openObjections}）`,
              children: (
                <>
                  <Select
                    allowClear
                    placeholder="全部状态"
                    style={{ width: 200, marginBottom: 12 }}
                    value={objectionStatus}
                    onChange={setObjectionStatus}
                    options={Object.entries(OBJECTION_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
                  />
                  <Table<ObjectionResponse>
                    size="small"
                    rowKey="id"
                    loading={objections.isFetching}
                    dataSource={objections.data?.items}
                    data-testid="objections-table"
                    expandable={{
                      expandedRowRender: (r) => (
                        <Descriptions size="small" column={1}>
                          <Descriptions.Item label="异议内容">{r.content}</Descriptions.Item>
                          <Descriptions.Item label="调查情况">{r.investigation ?? '—'}</Descriptions.Item>
                          <Descriptions.Item label="处理理由">{r.resolution ?? '—'}</Descriptions.Item>
                        </Descriptions>
                      ),
                    }}
                    columns={[
                      { title: '编号', dataIndex: 'id', width: 60 },
                      { title: '被异议人', dataIndex: 'personName', width: 90 },
                      { title: '单位', dataIndex: 'unitName' },
                      {
                        title: '来源',
                        dataIndex: 'source',
                        width: 110,
                        render: (s: 'online' | 'staff') => OBJECTION_SOURCE_LABELS[s],
                      },
                      {
                        title: '异议人',
                        width: 160,
                        render: (_: unknown, r) => `${r.objectorName}（${r.objectorContact}）`,
                      },
                      {
                        title: '状态',
                        dataIndex: 'status',
                        width: 190,
                        render: (s: ObjectionResponse['status']) => OBJECTION_STATUS_LABELS[s],
                      },
                      {
                        title: '操作',
                        width: 80,
                        render: (_: unknown, r) =>
                          r.status === 'pending' || r.status === 'investigating' ? (
                            <Button
                              size="small"
                              type="primary"
                              onClick={() => setResolving(r)}
                              data-testid={`objection-handle-${r.id}`}
                            >
                              处理
                            </Button>
                          ) : null,
                      },
                    ]}
                  />
                </>
              ),
            },
          ]}
        />
      )}
      <Modal
        open={recording !== null}
        title={`登记对「${recording?.name ?? ''}」的异议`}
        onCancel={() => setRecording(null)}
        footer={null}
        destroyOnHidden
      >
        <Form layout="vertical" onFinish={record.mutate}>
          <Form.Item label="异议人姓名" name="objectorName" rules={[{ required: true, message: '请填写' }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item label="联系方式" name="objectorContact" rules={[{ required: true, min: 5, message: '请填写' }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item label="异议内容" name="content" rules={[{ required: true, min: 5, message: '请写明事实和理由' }]}>
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={record.isPending}>
            登记
          </Button>
        </Form>
      </Modal>
      <Modal
        open={resolving !== null}
        title={`处理异议 #${resolving?.id ?? ''}（被异议人：${resolving?.personName ?? ''}）`}
        onCancel={() => setResolving(null)}
        footer={null}
        destroyOnHidden
      >
        <Typography.Paragraph>{resolving?.content}</Typography.Paragraph>
        <Form layout="vertical" onFinish={resolve.mutate} initialValues={{ outcome: 'dismissed' }}>
          <Form.Item label="处理" name="outcome">
            <Radio.Group
              options={[
                { value: 'investigating', label: '记录调查情况' },
                { value: 'dismissed', label: '异议不成立' },
                { value: 'upheld', label: '异议成立（取消合格资格）' },
              ]}
              data-testid="objection-outcome"
            />
          </Form.Item>
          <Form.Item label="调查情况 / 处理理由" name="reason" rules={[{ required: true, min: 2, message: '请填写' }]}>
            <Input.TextArea rows={4} maxLength={2000} data-testid="objection-reason" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={resolve.isPending} data-testid="objection-submit">
            确定
          </Button>
        </Form>
      </Modal>
    </div>
  );
}
