import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Modal, Progress, Result, Space, Spin, Table, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { SUBJECT_LABELS, SUBJECTS, type Subject } from '../../domain/items';
import { errorMessage } from '../api/client';
import { type GenerationScope, type PaperGenerationResult, paperApi, paperKeys } from '../api/papers';
import { useJobPoll } from '../components/file-job';

const _POLL_MS = 800;

/**
 * 生成试卷: starts the generation job for one campaign (the server refuses at once, naming the blueprints, when one
 * is missing or unpublished or a bank cannot serve it), shows its place in line and its progress, then what it
 * wrote per subject and which candidates' draws were refused. The same pattern as the file jobs (file-job.tsx).
 */
export function GenerateDialog({
  campaignId,
  scope,
  scopeLabel,
  onClose,
}: {
  campaignId: number;
  /** Only this row of the summary (a job type × grade, or a common subject); all when absent. */
  scope?: GenerationScope;
  scopeLabel?: string;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: () => paperApi.generate(campaignId, scope),
    onSuccess: (res) => setJobId(res.jobId),
  });
  // Started once when the dialog opens (a ref, so that a re-render never starts a second job).
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    start.mutate();
  }, [start]);

  const job = useJobPoll<PaperGenerationResult>(jobId);
  const data = job.data;
  const finished = data?.status === 'done' || data?.status === 'failed';
  useEffect(() => {
    if (finished) void queryClient.invalidateQueries({ queryKey: paperKeys.all });
  }, [finished, queryClient]);

  let body: React.ReactNode = null;
  if (start.isPending || (jobId !== null && !data && !job.isError)) {
    body = (
      <Space>
        <Spin size="small" /> 正在检查组卷规则和题库…
      </Space>
    );
  } else if (start.isError) {
    body = <Alert type="error" showIcon title={errorMessage(start.error)} data-testid="paper-job-error" />;
  } else if (job.isError) {
    body = <Alert type="error" showIcon title={errorMessage(job.error)} data-testid="paper-job-error" />;
  } else if (data && (data.status === 'queued' || data.status === 'running')) {
    const percent = data.total > 0 ? Math.min(99, Math.round((data.processed / data.total) * 100)) : 0;
    body = (
      <div aria-live="polite" data-testid="paper-job-progress">
        <Progress percent={percent} status="active" />
        <Typography.Text type="secondary">
          {data.status === 'queued' ? '排队中，请稍候…' : `正在生成：已处理 ${data.processed} / ${data.total} 份试卷`}
        </Typography.Text>
        <div className="gk-muted gk-mt">可以关闭此窗口，生成将在服务器上继续；稍后刷新本页查看结果。</div>
      </div>
    );
  } else if (data?.status === 'failed') {
    body = <Alert type="error" showIcon title={data.message ?? '生成试卷失败'} data-testid="paper-job-error" />;
  } else if (data?.status === 'done' && data.result) {
    const r = data.result;
    const total = SUBJECTS.reduce((n, s) => n + r.generated[s], 0);
    body = (
      <div data-testid="paper-job-done">
        <Result
          status={r.refusedCount > 0 ? 'warning' : 'success'}
          title={total > 0 ? `已生成 ${total} 份试卷` : '没有需要生成的试卷'}
          subTitle={
            SUBJECTS.filter((s: Subject) => s !== 'basics' || r.generated[s] > 0)
              .map((s: Subject) => `${SUBJECT_LABELS[s]} ${r.generated[s]} 份`)
              .join('，') + (r.existing > 0 ? `；此前已生成 ${r.existing} 份` : '')
          }
        />
        {r.refusedCount > 0 && (
          <>
            <Alert
              className="gk-mb"
              type="warning"
              showIcon
              title={`${r.refusedCount} 人次抽题未成功，未生成试卷`}
              description="其余考生的试卷已生成。请调整相应组卷规则（目标难度、允许偏差）或补充试题后再次生成，只会补齐缺少的试卷。"
            />
            <Table
              size="small"
              rowKey={(row) => `${row.applicationId}-${row.subject}`}
              dataSource={r.refused}
              pagination={r.refused.length > 10 ? { pageSize: 10 } : false}
              columns={[
                { title: '申请编号', dataIndex: 'applicationId', width: 100 },
                { title: '科目', dataIndex: 'subject', width: 90, render: (s: Subject) => SUBJECT_LABELS[s] },
                { title: '原因', dataIndex: 'message' },
              ]}
            />
          </>
        )}
      </div>
    );
  }

  return (
    <Modal
      open
      title={scopeLabel ? `生成试卷：${scopeLabel}` : '生成试卷'}
      width={640}
      onCancel={onClose}
      footer={<Button onClick={onClose}>关闭</Button>}
      destroyOnHidden
    >
      {body}
    </Modal>
  );
}
