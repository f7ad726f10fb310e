import { FilePdfOutlined, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Button,
  type ButtonProps,
  Card,
  Form,
  Input,
  Modal,
  Progress,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { CERTIFICATE_STATUS_LABELS, REISSUE_REASON } from '../../domain/certificate-number';
import { RESULT_TRACK_LABELS } from '../../domain/result-tracks';
import {
  type CertificateFilter,
  type CertificateItem,
  certificateApi,
  certificateKeys,
  type IssueResult,
} from '../api/certificates';
import { errorMessage } from '../api/client';
import { orgApi } from '../api/endpoints';
import { CampaignSelect } from '../campaign/campaign-select';
import { useCampaignChoice } from '../campaign/use-campaigns';
import { useFileJob, useJobPoll } from '../components/file-job';
import { type AppliedGrade, GRADE_LABELS } from '../self-check/model';
import { useSession } from '../session';
import { formatDateTime } from '../util';

/**
 * 证书 (issue 16 part 5): the certificates of one's subtree with server paging and filters; batch issue per
 * jurisdiction (a background job with progress; re-running issues only the missing), print per jurisdiction as one
 * PDF (a job), revoke with a reason and reissue a lost one (遗失补发) under a new number.
 */
export default function CertificatesPage() {
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const { user } = useSession();
  const { list: campaigns, items: campaignItems, campaign, setCampaignId } = useCampaignChoice();
  const campaignId = campaign?.id;
  const [filter, setFilter] = useState<CertificateFilter>({ page: 1, pageSize: 20 });
  const [issueJob, setIssueJob] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<CertificateItem | null>(null);
  const [reissuing, setReissuing] = useState<CertificateItem | null>(null);
  const fileJob = useFileJob();
  const update = (patch: Partial<CertificateFilter>) => setFilter((f) => ({ ...f, page: 1, ...patch }));
  const jurisdictionId = filter.jurisdictionId;

  const jurisdictions = useQuery({
    queryKey: ['certificates', 'jurisdictions', user?.orgNodeId ?? null],
    queryFn: () =>
      orgApi.list({
        parentId: user?.orgNodeId ?? undefined,
        kind: 'jurisdiction',
        subtree: false,
        includeInactive: false,
        page: 1,
        pageSize: 200,
      }),
  });
  const overview = useQuery({
    queryKey: certificateKeys.overview(campaignId ?? 0, jurisdictionId),
    queryFn: () => certificateApi.overview(campaignId ?? 0, jurisdictionId),
    enabled: campaignId !== undefined,
  });
  const list = useQuery({
    queryKey: certificateKeys.list(campaignId ?? 0, filter),
    queryFn: () => certificateApi.list(campaignId ?? 0, filter),
    enabled: campaignId !== undefined,
    placeholderData: keepPreviousData,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: certificateKeys.all });
  const issue = useMutation({
    mutationFn: () => certificateApi.issue(campaignId ?? 0, jurisdictionId),
    onSuccess: (r) => setIssueJob(r.jobId),
    onError: (e) => void message.error(errorMessage(e)),
  });
  const issueStatus = useJobPoll<IssueResult>(issueJob);
  const jobState = issueStatus.data?.status;
  const [refreshedFor, setRefreshedFor] = useState<string | null>(null);
  if (issueJob && jobState === 'done' && refreshedFor !== issueJob) {
    setRefreshedFor(issueJob);
    void refresh();
  }

  const o = overview.data;
  // Either result track released (五级至二级, 一级): each is issued on its own, once its 公示 is over.
  const anyReleased = o?.tracks.some((t) => t.releasedAt !== null) ?? false;
  const trackLine = (t: NonNullable<typeof o>['tracks'][number]) =>
    `${t.label}：${
      !t.releasedAt
        ? '成绩未发布'
        : `成绩 ${formatDateTime(t.releasedAt)} 发布，${t.issuable ? `可发证（合格 ${t.qualified} 人，待发 ${t.missing} 人）` : (t.publicityHold ?? '暂不能发证')}`
    }`;
  const scopeName =
    (jurisdictions.data?.items ?? []).find((j) => j.id === jurisdictionId)?.name ??
    (user?.orgNodeName || '本人管辖范围');

  const columns = [
    { title: '证书编号', dataIndex: 'number', width: 150 },
    { title: '姓名', dataIndex: 'holderName', width: 72 },
    { title: '身份证号', dataIndex: 'idNumberMasked', width: 160 },
    { title: '单位', dataIndex: 'unitName', ellipsis: true },
    { title: '工种', dataIndex: 'jobTypeName', width: 110, ellipsis: true },
    {
      title: '等级',
      dataIndex: 'grade',
      width: 96,
      render: (g: number) => GRADE_LABELS[g as AppliedGrade] ?? g,
    },
    { title: '发证日期', dataIndex: 'issuedOn', width: 96 },
    {
      title: '状态',
      key: 'status',
      width: 110,
      render: (_: unknown, r: CertificateItem) =>
        r.status === 'valid' ? (
          <Tag color="green">{CERTIFICATE_STATUS_LABELS.valid}</Tag>
        ) : (
          <Space orientation="vertical" size={0}>
            <Tag color="red">{CERTIFICATE_STATUS_LABELS.revoked}</Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.revokeReason}
            </Typography.Text>
          </Space>
        ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 130,
      render: (_: unknown, r: CertificateItem) =>
        r.status === 'valid' && o?.abilities.revoke ? (
          <Space size={4}>
            <Button size="small" onClick={() => setRevoking(r)} data-testid={`revoke-${r.number}`}>
              撤销
            </Button>
            <Button size="small" onClick={() => setReissuing(r)} data-testid={`reissue-${r.number}`}>
              补发
            </Button>
          </Space>
        ) : null,
    },
  ];

  return (
    <div className="gk-page">
      <div className="gk-page-header">
        <Typography.Title level={3}>
          证书
          <span className="gk-page-sub">成绩发布后为各科均合格的考生发证（一级含综合评审）；证书二维码可离线验签</span>
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
          <Button icon={<ReloadOutlined />} onClick={() => void refresh()}>
            刷新
          </Button>
        </Space>
      </div>
      {o && (
        <Alert
          style={{ marginBottom: 12 }}
          type={anyReleased ? (o.missing > 0 ? 'info' : 'success') : 'warning'}
          showIcon
          data-testid="certificates-overview"
          title={
            anyReleased
              ? `${scopeName}：合格 ${o.qualified} 人，有效证书 ${o.valid} 张，已撤销 ${o.revoked} 张，待发证 ${o.missing} 人`
              : '成绩尚未发布，发布后方可发证（成绩页面由省级发布）'
          }
          description={
            <div data-testid="certificates-tracks">
              {o.tracks.map((t) => (
                <div key={t.track}>{trackLine(t)}</div>
              ))}
            </div>
          }
          action={
            <Space wrap>
              {o.abilities.issue && (
                <Button
                  type="primary"
                  size="small"
                  icon={<SafetyCertificateOutlined />}
                  loading={issue.isPending}
                  disabled={o.missing === 0}
                  data-testid="certificates-issue"
                  onClick={() =>
                    Modal.confirm({
                      title: `批量发证：${scopeName}`,
                      content: `为 ${o.missing} 名成绩合格、尚未发证的考生发证（按编号规则分配证书编号）。可重复执行，只发缺少的。`,
                      onOk: () => issue.mutateAsync(),
                    })
                  }
                >
                  批量发证
                </Button>
              )}
              {o.abilities.print && (
                <Button
                  size="small"
                  icon={<FilePdfOutlined />}
                  data-testid="certificates-print"
                  onClick={() =>
                    fileJob.run({
                      title: `打印证书：${scopeName}`,
                      unit: '张证书',
                      start: () => certificateApi.print(campaignId ?? 0, jurisdictionId),
                    })
                  }
                >
                  打印证书（PDF）
                </Button>
              )}
            </Space>
          }
        />
      )}
      {issueJob && issueStatus.data && (
        <div data-testid="certificates-issue-job">
          <Alert
            style={{ marginBottom: 12 }}
            closable
            onClose={() => setIssueJob(null)}
            type={jobState === 'failed' ? 'error' : jobState === 'done' ? 'success' : 'info'}
            title={
              jobState === 'done'
                ? `发证完成：新发 ${issueStatus.data.result?.issued ?? 0} 张，此前已发 ${issueStatus.data.result?.alreadyIssued ?? 0} 人${
                    issueStatus.data.result?.waiting
                      ? `；另有 ${issueStatus.data.result.waiting} 人待${issueStatus.data.result.waitingTracks.map((t) => RESULT_TRACK_LABELS[t]).join('、')}成绩发布或公示期满后发证`
                      : ''
                  }`
                : jobState === 'failed'
                  ? (issueStatus.data.message ?? '发证失败')
                  : '正在发证……'
            }
            description={
              jobState === 'done' || jobState === 'failed' ? undefined : (
                <Progress
                  percent={
                    issueStatus.data.total ? Math.floor((issueStatus.data.processed / issueStatus.data.total) * 100) : 0
                  }
                  format={() => `${issueStatus.data?.processed ?? 0}/${issueStatus.data?.total ?? 0}`}
                />
              )
            }
          />
        </div>
      )}
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          {(jurisdictions.data?.items.length ?? 0) > 0 && (
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="全部地区"
              style={{ width: 180 }}
              value={filter.jurisdictionId}
              onChange={(id) => update({ jurisdictionId: id })}
              options={(jurisdictions.data?.items ?? []).map((n) => ({ value: n.id, label: n.name }))}
              data-testid="certificates-jurisdiction"
            />
          )}
          <Input.Search
            allowClear
            placeholder="证书编号、姓名或身份证号"
            style={{ width: 240 }}
            onSearch={(q) => update({ q: q || undefined })}
          />
          <Select
            allowClear
            placeholder="等级"
            style={{ width: 100 }}
            value={filter.grade}
            onChange={(grade) => update({ grade })}
            options={[5, 4, 3, 2].map((g) => ({ value: g, label: GRADE_LABELS[g as AppliedGrade] }))}
          />
          <Select
            allowClear
            placeholder="状态"
            style={{ width: 100 }}
            value={filter.status}
            onChange={(status) => update({ status })}
            options={[
              { value: 'valid', label: '有效' },
              { value: 'revoked', label: '已撤销' },
            ]}
          />
          <Link to="/verify" target="_blank">
            证书核验页
          </Link>
        </Space>
        <Table
          size="small"
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          columns={columns}
          scroll={{ x: 1060 }}
          data-testid="certificates-table"
          pagination={{
            current: filter.page,
            pageSize: filter.pageSize,
            total: list.data?.total ?? 0,
            showTotal: (n) => `共 ${n} 张证书`,
            onChange: (page, pageSize) => setFilter((f) => ({ ...f, page, pageSize })),
          }}
        />
        {list.isError && <Alert type="error" title={errorMessage(list.error)} />}
      </Card>
      {fileJob.dialog}
      <ReasonDialog
        title={revoking ? `撤销证书 ${revoking.number}（${revoking.holderName}）` : ''}
        open={revoking !== null}
        label="撤销原因"
        required
        okText="撤销"
        hint="撤销后公众核验显示“已撤销”；记入审计日志。"
        onClose={() => setRevoking(null)}
        onSubmit={async (reason) => {
          await certificateApi.revoke(revoking!.id, reason);
          void message.success('证书已撤销');
          void refresh();
        }}
      />
      <ReasonDialog
        title={reissuing ? `补发证书：${reissuing.holderName}（原证书 ${reissuing.number}）` : ''}
        open={reissuing !== null}
        label="补充说明（可不填）"
        required={false}
        okText="撤销原证书并补发"
        hint={`原证书以“${REISSUE_REASON}”撤销，按新编号补发一张新证书；记入审计日志。`}
        onClose={() => setReissuing(null)}
        onSubmit={async (note) => {
          const r = await certificateApi.reissue(reissuing!.id, note || undefined);
          void message.success(`已补发，新证书编号 ${r.number}`);
          void refresh();
        }}
      />
    </div>
  );
}

function ReasonDialog(props: {
  title: string;
  open: boolean;
  label: string;
  required: boolean;
  okText: string;
  hint: string;
  onClose: () => void;
  onSubmit: (text: string) => Promise<void>;
}) {
  const [form] = Form.useForm<{ text?: string }>();
  const submit = useMutation({
    mutationFn: async (text: string) => props.onSubmit(text),
    onSuccess: () => {
      form.resetFields();
      props.onClose();
    },
  });
  return (
    <Modal
      title={props.title}
      open={props.open}
      okText={props.okText}
      okButtonProps={{ danger: true, loading: submit.isPending, 'data-testid': 'certificate-dialog-ok' } as ButtonProps}
      onCancel={() => {
        submit.reset();
        props.onClose();
      }}
      onOk={() =>
        form.validateFields().then(
          (v) => submit.mutate(v.text?.trim() ?? ''),
          () => undefined,
        )
      }
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{props.hint}</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="text"
          label={props.label}
          rules={props.required ? [{ required: true, whitespace: true, message: '请填写撤销原因' }] : []}
        >
          <Input.TextArea rows={3} maxLength={200} showCount data-testid="certificate-dialog-text" />
        </Form.Item>
      </Form>
      {submit.isError && <Alert type="error" title={errorMessage(submit.error)} />}
    </Modal>
  );
}
