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
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import type { ResultSubject } from '../../domain/items';
import {
  REVIEW_FILER_LABELS,
  SCORE_REVIEW_OUTCOME_LABELS,
  SCORE_REVIEW_STATUS_LABELS,
  type ScoreReviewOutcome,
} from '../../domain/publicity';
import { errorMessage } from '../api/client';
import { type CheckResponse, publicityKeys, type ReviewResponse, reviewApi } from '../api/publicity';
import { CampaignSelect } from '../campaign/campaign-select';
import { useCampaignChoice } from '../campaign/use-campaigns';
import { SUBJECT_LABELS } from '../labels';
import { useSession } from '../session';

/**
 * 成绩复核: candidates and units file a request for a subject within the window and follow it; the province and the
 * jurisdictions process their subtree's (the paper rebuilt from its seed, the stored answers scored again), answer
 * 维持 or 更正, within the limit of working days shown as used and remaining.
 */
export default function ScoreReviewsPage() {
  const { can } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { list: campaigns, items, campaign, setCampaignId } = useCampaignChoice();
  const campaignId = campaign?.id ?? 0;
  const [filter, setFilter] = useState<{ page: number; status?: 'pending' | 'decided'; overdue?: 'yes'; q?: string }>({
    page: 1,
  });
  const [q, setQ] = useState('');
  const [filing, setFiling] = useState<{ applicationId: number; name: string; subject: ResultSubject } | null>(null);
  const [processing, setProcessing] = useState<ReviewResponse | null>(null);
  const [check, setCheck] = useState<CheckResponse | null>(null);
  const canFile = can('score_review.file');

  const query = { ...filter, campaignId: campaignId || undefined };
  const reviews = useQuery({
    queryKey: publicityKeys.reviews(query),
    queryFn: () => reviewApi.list(query),
    enabled: campaignId > 0,
    placeholderData: keepPreviousData,
  });
  const options = useQuery({
    queryKey: publicityKeys.options(campaignId, q),
    queryFn: () => reviewApi.options(campaignId, q),
    enabled: canFile && campaignId > 0,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['score-reviews'] });
  const onError = (e: unknown) => void message.error(errorMessage(e));
  const file = useMutation({
    mutationFn: (v: { reason: string }) =>
      reviewApi.file({
        applicationId: filing?.applicationId ?? 0,
        subject: filing?.subject ?? 'skill',
        reason: v.reason,
      }),
    onSuccess: (r) => {
      void message.success(`已申请复核，答复期限 ${r.limit.dueOn}`);
      setFiling(null);
      void refresh();
    },
    onError,
  });
  const runCheck = useMutation({ mutationFn: (id: number) => reviewApi.check(id), onSuccess: setCheck, onError });
  const decide = useMutation({
    mutationFn: (v: { outcome?: ScoreReviewOutcome; newScore?: number; note: string }) =>
      reviewApi.decide(processing?.id ?? 0, v),
    onSuccess: (r) => {
      void message.success(`已答复：${r.outcome ? SCORE_REVIEW_OUTCOME_LABELS[r.outcome] : ''}`);
      setProcessing(null);
      setCheck(null);
      void refresh();
    },
    onError,
  });

  const window = options.data?.window;
  return (
    <div className="gk-page" data-testid="score-reviews-page">
      <Space className="gk-toolbar" wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          成绩复核
        </Typography.Title>
        <CampaignSelect campaigns={items} value={campaign?.id} loading={campaigns.isLoading} onChange={setCampaignId} />
      </Space>
      {canFile && (
        <Card size="small" title="申请复核" style={{ marginBottom: 16 }}>
          {options.isError && <Alert type="error" showIcon title={errorMessage(options.error)} />}
          {options.data && !options.data.releasedAt && <Alert type="info" showIcon title="成绩尚未发布" />}
          {window && (
            <Typography.Paragraph>
              受理期限：{window.from} 成绩发布后 {window.days} 个工作日，至 {window.until}{' '}
              {window.open ? <Tag color="blue">受理中</Tag> : <Tag>已截止</Tag>}
            </Typography.Paragraph>
          )}
          {can('application.read') && (
            <Input.Search
              allowClear
              placeholder="本单位考生姓名或身份证号"
              style={{ width: 260, marginBottom: 8 }}
              onSearch={setQ}
            />
          )}
          <Table
            size="small"
            rowKey="applicationId"
            pagination={false}
            loading={options.isFetching}
            dataSource={options.data?.candidates}
            columns={[
              { title: '考生', dataIndex: 'name', width: 100 },
              {
                title: '各科成绩',
                render: (_: unknown, c: NonNullable<typeof options.data>['candidates'][number]) => (
                  <Space wrap>
                    {c.subjects.map((s) => (
                      <Space key={s.subject} size={4}>
                        <span>
                          {SUBJECT_LABELS[s.subject]}：{s.score ?? s.status}
                        </span>
                        {s.reviewable && window?.open ? (
                          <Button
                            size="small"
                            onClick={() =>
                              setFiling({ applicationId: c.applicationId, name: c.name, subject: s.subject })
                            }
                            data-testid={`file-review-${c.applicationId}-${s.subject}`}
                          >
                            申请复核
                          </Button>
                        ) : s.reviewId ? (
                          <Tag>已申请</Tag>
                        ) : null}
                      </Space>
                    ))}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder="全部状态"
          style={{ width: 140 }}
          value={filter.status}
          onChange={(status) => setFilter((f) => ({ ...f, page: 1, status }))}
          options={Object.entries(SCORE_REVIEW_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <Select
          allowClear
          placeholder="是否超期"
          style={{ width: 140 }}
          value={filter.overdue}
          onChange={(overdue) => setFilter((f) => ({ ...f, page: 1, overdue }))}
          options={[{ value: 'yes', label: '超过答复时限' }]}
        />
        <Input.Search
          allowClear
          placeholder="考生姓名"
          style={{ width: 200 }}
          onSearch={(v) => setFilter((f) => ({ ...f, page: 1, q: v || undefined }))}
        />
      </Space>
      <Table<ReviewResponse>
        size="small"
        rowKey="id"
        loading={reviews.isFetching}
        dataSource={reviews.data?.items}
        data-testid="reviews-table"
        pagination={{
          current: filter.page,
          pageSize: 20,
          total: reviews.data?.total,
          showSizeChanger: false,
          onChange: (page) => setFilter((f) => ({ ...f, page })),
        }}
        expandable={{
          expandedRowRender: (r) => (
            <Descriptions size="small" column={1}>
              <Descriptions.Item label="申请理由">{r.reason}</Descriptions.Item>
              <Descriptions.Item label="复核意见">{r.note ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="试卷重建">{r.rebuildMessage ?? '—'}</Descriptions.Item>
            </Descriptions>
          ),
        }}
        columns={[
          { title: '考生', dataIndex: 'name', width: 90 },
          { title: '科目', dataIndex: 'subject', width: 110, render: (s: ResultSubject) => SUBJECT_LABELS[s] },
          {
            title: '申请人',
            dataIndex: 'filedByKind',
            width: 90,
            render: (k: 'applicant' | 'unit') => REVIEW_FILER_LABELS[k],
          },
          { title: '申请日期', dataIndex: 'filedOn', width: 110 },
          { title: '原成绩', dataIndex: 'originalScore', width: 80 },
          {
            title: '结果',
            width: 150,
            render: (_: unknown, r) =>
              r.outcome ? (
                <Tag color={r.outcome === 'corrected' ? 'orange' : 'green'}>
                  {SCORE_REVIEW_OUTCOME_LABELS[r.outcome]}
                  {r.newScore !== null ? `：${r.newScore}` : ''}
                </Tag>
              ) : (
                <Tag color="blue">{SCORE_REVIEW_STATUS_LABELS[r.status]}</Tag>
              ),
          },
          {
            title: '时限（工作日）',
            width: 190,
            render: (_: unknown, r) => (
              <span>
                已用 {r.limit.used}/{r.limit.days}
                {r.status === 'pending' && `，剩 ${r.limit.remaining}（至 ${r.limit.dueOn}）`}{' '}
                {r.limit.overdue && <Tag color="red">超期</Tag>}
              </span>
            ),
          },
          {
            title: '操作',
            width: 80,
            render: (_: unknown, r) =>
              r.abilities.process ? (
                <Button
                  size="small"
                  type="primary"
                  onClick={() => setProcessing(r)}
                  data-testid={`process-review-${r.id}`}
                >
                  办理
                </Button>
              ) : null,
          },
        ]}
      />
      <Modal
        open={filing !== null}
        title={`申请复核：${filing?.name ?? ''} ${filing ? SUBJECT_LABELS[filing.subject] : ''}`}
        onCancel={() => setFiling(null)}
        footer={null}
        destroyOnHidden
      >
        <Form layout="vertical" onFinish={file.mutate}>
          <Form.Item label="申请理由" name="reason" rules={[{ required: true, min: 2, message: '请写明理由' }]}>
            <Input.TextArea rows={4} maxLength={1000} data-testid="review-reason" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={file.isPending} data-testid="review-file-submit">
            提交申请
          </Button>
        </Form>
      </Modal>
      <Modal
        open={processing !== null}
        title={`办理复核 #${processing?.id ?? ''}：${processing?.name ?? ''} ${processing ? SUBJECT_LABELS[processing.subject] : ''}`}
        onCancel={() => {
          setProcessing(null);
          setCheck(null);
        }}
        footer={null}
        destroyOnHidden
      >
        <Typography.Paragraph>申请理由：{processing?.reason}</Typography.Paragraph>
        <Button
          onClick={() => processing && runCheck.mutate(processing.id)}
          loading={runCheck.isPending}
          data-testid="review-check"
        >
          复核计算（按种子重建试卷、重新评分）
        </Button>
        {check && (
          <Descriptions size="small" column={1} style={{ marginTop: 12 }} data-testid="review-check-result">
            <Descriptions.Item label="原成绩">{check.originalScore}</Descriptions.Item>
            <Descriptions.Item label="重新评分">{check.rescoredScore}</Descriptions.Item>
            <Descriptions.Item label="试卷重建">{check.rebuildMessage}</Descriptions.Item>
            <Descriptions.Item label="建议">{SCORE_REVIEW_OUTCOME_LABELS[check.suggested]}</Descriptions.Item>
          </Descriptions>
        )}
        <Form
          layout="vertical"
          style={{ marginTop: 12 }}
          onFinish={(v: { outcome?: ScoreReviewOutcome; newScore?: number; note: string }) => decide.mutate(v)}
        >
          <Form.Item label="结果" name="outcome" tooltip="不选则按重新评分的结果">
            <Radio.Group
              options={[
                { value: 'upheld', label: '维持原成绩' },
                { value: 'corrected', label: '更正成绩' },
              ]}
            />
          </Form.Item>
          <Form.Item label="更正后的成绩" name="newScore" tooltip="不填取重新评分的结果">
            <InputNumber min={0} max={100} step={0.5} />
          </Form.Item>
          <Form.Item label="复核意见（答复考生）" name="note" rules={[{ required: true, min: 2, message: '请填写' }]}>
            <Input.TextArea rows={3} maxLength={1000} data-testid="review-note" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={decide.isPending} data-testid="review-decide">
            答复
          </Button>
        </Form>
      </Modal>
    </div>
  );
}
