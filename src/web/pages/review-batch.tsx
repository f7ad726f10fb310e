import {
  ArrowLeftOutlined,
  AuditOutlined,
  FileExcelOutlined,
  PrinterOutlined,
  RollbackOutlined,
} from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Result, Space, Table, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { type ApplicationStatus, STATUS_LABELS } from '../../domain/review';
import { type Batch, batchApi, batchKeys } from '../api/batches';
import { errorMessage, isApiError, isSessionError } from '../api/client';
import type { QueueItem } from '../api/review';
import { BATCH_LEVEL_LABELS, BatchStatusTag, chineseDate } from '../batches/batch-status';
import { JobTypeGradeTable, UnitTable, VerdictTable } from '../batches/summary-tables';
import { useCampaignChoice } from '../campaign/use-campaigns';
import { PageLoading } from '../components/page-loading';
import { APPLICATION_STATUS_COLORS, VERDICT_COLORS, VERDICT_SHORT } from '../labels';
import { type AppliedGrade, GRADE_LABELS, type Verdict } from '../self-check/model';
import { formatDateTime } from '../util';
import '../batches/batches.css';
import { usePaging } from '../components/use-paging';

const RETURN_REASON_MIN = 2;
const RETURN_REASON_MAX = 500;

function ReturnModal({ batch, onClose }: { batch: Batch; onClose: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const send = useMutation({
    mutationFn: () => batchApi.returnBatch(batch.id, reason.trim()),
    onSuccess: async (updated) => {
      queryClient.setQueryData(batchKeys.one(batch.id), updated);
      message.success(`批次 ${updated.batchNo} 已整批退回${updated.fromName}`);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: batchKeys.all }),
        queryClient.invalidateQueries({ queryKey: ['review'] }),
        queryClient.invalidateQueries({ queryKey: ['statistics'] }),
      ]);
      onClose();
    },
  });
  const missing = reason.trim().length < RETURN_REASON_MIN;
  const failure = send.isError && !isSessionError(send.error) ? errorMessage(send.error) : null;

  return (
    <Modal
      open
      title={`整批退回 ${batch.batchNo}`}
      okText="确认退回"
      cancelText="取消"
      okButtonProps={{ danger: true, loading: send.isPending }}
      onOk={() => {
        setTouched(true);
        if (!missing) send.mutate();
      }}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <p>
        本批次中尚未审查的 <strong>{batch.undecidedCount}</strong> 人的申请将退回
        <strong>{batch.fromName}</strong>修改，已审查的申请不受影响。退回原因会通知报送单位并记入每份申请的审核记录。
      </p>
      <Form layout="vertical">
        <Form.Item
          label="退回原因"
          required
          htmlFor="batch-return-reason"
          validateStatus={touched && missing ? 'error' : undefined}
          help={touched && missing ? `请填写退回原因（至少 ${RETURN_REASON_MIN} 个字）` : undefined}
        >
          <Input.TextArea
            id="batch-return-reason"
            data-testid="batch-return-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={RETURN_REASON_MAX}
            showCount
            autoFocus
            autoSize={{ minRows: 3, maxRows: 8 }}
            placeholder="如：汇总表与申请材料不一致，请核对后重新上报"
          />
        </Form.Item>
      </Form>
      {failure && <Alert type="error" showIcon title={failure} />}
    </Modal>
  );
}

/** The 汇总表, laid out for one or more A4 pages. */
function SummarySheet({ batch, campaignName }: { batch: Batch; campaignName: string | undefined }) {
  return (
    <section className="gk-bs-sheet" aria-label="汇总表" data-testid="batch-sheet">
      <h1 className="gk-bs-title">河南省机关事业单位工勤技能岗位等级考核报名汇总表</h1>
      <div className="gk-bs-subtitle">
        {campaignName ? `${campaignName} · ` : ''}
        {BATCH_LEVEL_LABELS[batch.level]}
      </div>
      <dl className="gk-bs-meta">
        <div>
          <dt>批次号：</dt>
          <dd>{batch.batchNo}</dd>
        </div>
        <div>
          <dt>上报日期：</dt>
          <dd>{chineseDate(batch.submittedAt)}</dd>
        </div>
        <div>
          <dt>报送单位：</dt>
          <dd>{batch.fromName}</dd>
        </div>
        <div>
          <dt>接收单位：</dt>
          <dd>{batch.toName}</dd>
        </div>
        <div>
          <dt>申请人数：</dt>
          <dd>{batch.applicationCount} 人</dd>
        </div>
        <div>
          <dt>上报人：</dt>
          <dd>{batch.submittedByName ?? '—'}</dd>
        </div>
      </dl>

      <h2 className="gk-bs-h2">一、按申报工种和等级汇总</h2>
      <JobTypeGradeTable summary={batch.summary} />

      <div className="gk-bs-two">
        <div>
          <h2 className="gk-bs-h2">二、资格审查结论</h2>
          <VerdictTable summary={batch.summary} />
        </div>
        <div>
          <h2 className="gk-bs-h2">三、按单位汇总</h2>
          <UnitTable summary={batch.summary} />
        </div>
      </div>

      {batch.note && <p className="gk-bs-note">备注：{batch.note}</p>}
      {batch.status === 'returned' && (
        <p className="gk-bs-returned">
          本批次已于{chineseDate(batch.returnedAt)}整批退回
          {batch.returnedByName ? `（${batch.returnedByName}）` : ''}。退回原因：{batch.returnReason ?? '—'}
        </p>
      )}
      <div className="gk-bs-sign">
        <span>报送单位（盖章）：</span>
        <span>经办人：{batch.submittedByName ?? '　　　　'}</span>
        <span>{chineseDate(batch.submittedAt) || '　　年　　月　　日'}</span>
      </div>
    </section>
  );
}

function BatchApplications({ batch, campaignId }: { batch: Batch; campaignId: number | undefined }) {
  const { page, pageSize, pagination } = usePaging();
  const params = campaignId !== undefined ? { campaignId, batchId: batch.id, page, pageSize } : undefined;
  const list = useQuery({
    queryKey: params ? batchKeys.applications(params) : ['review-batches', 'applications', 'none'],
    queryFn: () => (params ? batchApi.applications(params) : Promise.reject(new Error('no campaign'))),
    enabled: params !== undefined,
    placeholderData: keepPreviousData,
  });

  return (
    <Card title="本批次的申请" className="gk-no-print gk-mb" data-testid="batch-applications">
      {campaignId === undefined && <Alert type="warning" showIcon title="找不到本批次所属的考核年度，无法列出申请。" />}
      {list.isError && <Alert className="gk-mb" type="error" showIcon title={errorMessage(list.error)} />}
      <Table<QueueItem>
        size="small"
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1000 }}
        locale={{ emptyText: batch.status === 'returned' ? '本批次已整批退回，申请不再属于本批次' : '没有申请' }}
        pagination={pagination(list.data?.total ?? 0, '人')}
        columns={[
          {
            title: '姓名',
            dataIndex: 'name',
            width: 100,
            render: (v: string, a) => <Link to={`/applications/${a.id}`}>{v}</Link>,
          },
          {
            title: '身份证号',
            dataIndex: 'idNumber',
            width: 180,
            render: (v: string) => <span className="gk-mono">{v}</span>,
          },
          { title: '单位', dataIndex: 'unitName', ellipsis: true },
          { title: '申报工种', dataIndex: 'appliedJobType', width: 150, ellipsis: true },
          {
            title: '申报等级',
            dataIndex: 'appliedGrade',
            width: 130,
            render: (g: AppliedGrade) => GRADE_LABELS[g] ?? g,
          },
          {
            title: '资格结论',
            dataIndex: 'verdict',
            width: 130,
            render: (v: Verdict, a) => (
              <span>
                <Tag color={VERDICT_COLORS[v]}>{VERDICT_SHORT[v] ?? v}</Tag>
                {a.overruledVerdict && (
                  <Tooltip title={`系统判定「${VERDICT_SHORT[a.overruledVerdict]}」，经审核人填写理由后通过`}>
                    <Tag color={a.overruledVerdict === 'ineligible' ? 'red' : 'orange'}>推翻</Tag>
                  </Tooltip>
                )}
              </span>
            ),
          },
          {
            title: '状态',
            dataIndex: 'status',
            width: 130,
            render: (s: ApplicationStatus) => <Tag color={APPLICATION_STATUS_COLORS[s]}>{STATUS_LABELS[s] ?? s}</Tag>,
          },
        ]}
      />
    </Card>
  );
}

/** /review/batches/:id: one batch's 汇总表 (printable), its applications, and 整批退回 for the receiver. */
export default function ReviewBatchPage() {
  const { id } = useParams();
  const batchId = Number(id);
  const valid = Number.isInteger(batchId) && batchId > 0;
  const [returning, setReturning] = useState(false);
  const { items: campaigns } = useCampaignChoice();
  const batch = useQuery({
    queryKey: batchKeys.one(batchId),
    queryFn: () => batchApi.get(batchId),
    enabled: valid,
  });

  if (!valid) return <Result status="404" title="批次不存在" extra={<Link to="/review/batches">返回汇总上报</Link>} />;
  if (batch.isPending) return <PageLoading />;
  if (batch.isError) {
    const notFound = isApiError(batch.error) && batch.error.status === 404;
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? '批次不存在或无权查看' : '加载失败'}
        subTitle={errorMessage(batch.error)}
        extra={<Link to="/review/batches">返回汇总上报</Link>}
      />
    );
  }
  const b = batch.data;
  const campaign = campaigns.find((c) => c.id === b.campaignId);
  const campaignId = b.campaignId;
  const canReturn = b.abilities.return && b.status === 'submitted';

  return (
    <div className="gk-bs-print gk-print-page">
      <div className="gk-bs-toolbar gk-no-print">
        <Space wrap>
          <Link to="/review/batches">
            <ArrowLeftOutlined /> 汇总上报
          </Link>
          <span className="gk-mono">{b.batchNo}</span>
          <BatchStatusTag status={b.status} />
          <span className="gk-muted">
            {b.fromName} → {b.toName} · 上报于 {formatDateTime(b.submittedAt).slice(0, 16)}
          </span>
        </Space>
        <Space wrap>
          <Link to={`/review?batchId=${b.id}`} data-testid="batch-open-workbench">
            <AuditOutlined /> 在审核工作台中处理本批次
          </Link>
          <Button icon={<FileExcelOutlined />} href={batchApi.sheetUrl(b.id)} download>
            下载汇总表
          </Button>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="batch-print">
            打印
          </Button>
          {canReturn && (
            <Button danger icon={<RollbackOutlined />} onClick={() => setReturning(true)} data-testid="batch-return">
              整批退回
            </Button>
          )}
        </Space>
      </div>
      {b.status === 'returned' && (
        <Alert
          className="gk-mb gk-no-print"
          type="warning"
          showIcon
          title={`本批次已于 ${formatDateTime(b.returnedAt).slice(0, 16)} 整批退回${b.returnedByName ? `（${b.returnedByName}）` : ''}`}
          description={`退回原因：${b.returnReason ?? '—'}`}
        />
      )}
      {b.status === 'submitted' && b.undecidedCount > 0 && (
        <Alert
          className="gk-mb gk-no-print"
          type="info"
          showIcon
          title={`本批次 ${b.applicationCount} 人中，尚有 ${b.undecidedCount} 人待${b.toName}审查。`}
        />
      )}
      <SummarySheet batch={b} campaignName={campaign?.name} />
      <BatchApplications batch={b} campaignId={campaignId} />
      {returning && <ReturnModal batch={b} onClose={() => setReturning(false)} />}
    </div>
  );
}
