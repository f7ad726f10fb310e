import { DownloadOutlined, ExportOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Modal, Progress, Result, Space, Spin, Typography } from 'antd';
import { type ReactNode, useCallback, useState } from 'react';
import { errorMessage } from '../api/client';
import { jobApi } from '../api/endpoints';
import type { JobFileResult } from '../api/types';

const POLL_MS = 800;

export interface FileJobRequest {
  /** The dialog's title: 批量打印申请表, 导出 Excel. */
  title: string;
  /** What one item is called in the progress line (份申请表, 行). */
  unit: string;
  /** Starts the job on the server (202 with its id). */
  start: () => Promise<{ jobId: string }>;
  /** Where the finished file downloads from, when not `GET /api/jobs/:jobId/file` (a centre's print set). */
  fileUrl?: (jobId: string) => string;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A background job's progress and result, polled until it is done or failed (nothing while `jobId` is null). */
export function useJobPoll<R>(jobId: string | null) {
  return useQuery({
    queryKey: ['jobs', jobId],
    queryFn: () => jobApi.get<R>(jobId ?? ''),
    enabled: jobId !== null,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === 'done' || status === 'failed' ? false : POLL_MS;
    },
    staleTime: 0,
    gcTime: 0,
  });
}

/**
 * Heavy output (a batch of printed forms, an export) is made by a background job on the server: this starts it,
 * shows its place in line and its progress, and offers the file when it is ready. `run` opens the dialog.
 */
export function useFileJob(): { run: (request: FileJobRequest) => void; dialog: ReactNode } {
  const [request, setRequest] = useState<FileJobRequest | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);

  const start = useMutation({
    mutationFn: (r: FileJobRequest) => r.start(),
    onSuccess: (res) => setJobId(res.jobId),
  });
  const run = useCallback(
    (r: FileJobRequest) => {
      setRequest(r);
      setJobId(null);
      start.reset();
      start.mutate(r);
    },
    [start],
  );

  const job = useJobPoll<JobFileResult>(jobId);

  const close = () => {
    setRequest(null);
    setJobId(null);
    start.reset();
  };

  let body: ReactNode = null;
  const data = job.data;
  if (start.isPending || (jobId !== null && !data && !job.isError)) {
    body = (
      <Space>
        <Spin size="small" /> 正在提交…
      </Space>
    );
  } else if (start.isError) {
    body = <Alert type="error" showIcon title={errorMessage(start.error)} data-testid="file-job-error" />;
  } else if (job.isError) {
    body = <Alert type="error" showIcon title={errorMessage(job.error)} data-testid="file-job-error" />;
  } else if (data && (data.status === 'queued' || data.status === 'running')) {
    const percent = data.total > 0 ? Math.min(99, Math.round((data.processed / data.total) * 100)) : 0;
    body = (
      <div aria-live="polite" data-testid="file-job-progress">
        <Progress percent={percent} status="active" />
        <Typography.Text type="secondary">
          {data.status === 'queued'
            ? '排队中，请稍候…'
            : data.total > 0
              ? `正在生成：已处理 ${data.processed} / ${data.total} ${request?.unit ?? ''}`
              : '正在准备数据…'}
        </Typography.Text>
        <div className="gk-muted gk-mt">可以关闭此窗口，但关闭后将无法在此处下载本次生成的文件。</div>
      </div>
    );
  } else if (data?.status === 'failed') {
    body = <Alert type="error" showIcon title={data.message ?? '任务失败'} data-testid="file-job-error" />;
  } else if (data?.status === 'done' && data.result && jobId) {
    const url = request?.fileUrl ? request.fileUrl(jobId) : jobApi.fileUrl(jobId);
    const pdf = data.result.fileName.endsWith('.pdf');
    body = (
      <Result
        status="success"
        title="文件已生成"
        subTitle={`${data.result.fileName}（${data.result.count} ${request?.unit ?? ''}，${formatSize(data.result.size)}），24 小时内可下载`}
        extra={
          <Space>
            <Button type="primary" icon={<DownloadOutlined />} href={url} download data-testid="file-job-download">
              下载
            </Button>
            {pdf && (
              <Button icon={<ExportOutlined />} href={url} target="_blank" rel="noopener">
                在新窗口打开
              </Button>
            )}
          </Space>
        }
      />
    );
  }

  const dialog = (
    <Modal
      open={request !== null}
      title={request?.title}
      onCancel={close}
      footer={<Button onClick={close}>关闭</Button>}
      destroyOnHidden
    >
      {body}
    </Modal>
  );
  return { run, dialog };
}
