import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Modal, Progress, Result, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { type SeatingJobResult, type SeatingRunOptions, seatingApi, seatingKeys } from '../api/seating';
import { useJobPoll } from '../components/file-job';

/**
 * 自动编排: the province picks the options, starts the seating job, watches its progress and sees its counts. The
 * report itself is the page's (it reloads when the job ends).
 */
export function SeatingRunDialog({ campaignId, onClose }: { campaignId: number; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [options, setOptions] = useState<Required<SeatingRunOptions>>({ fresh: false, moveNotified: false });
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: () => seatingApi.run(campaignId, options),
    onSuccess: (res) => setJobId(res.jobId),
  });
  const job = useJobPoll<SeatingJobResult>(jobId);
  const data = job.data;
  const finished = data?.status === 'done' || data?.status === 'failed';
  useEffect(() => {
    if (finished) void queryClient.invalidateQueries({ queryKey: seatingKeys.all });
  }, [finished, queryClient]);

  const started = jobId !== null || start.isPending;
  let body: React.ReactNode;
  if (!started && !start.isError) {
    body = (
      <div data-testid="seating-run-options">
        <p>
          按场次、考点容量和报考单位自动为省级已确认的考生安排考场和座位。已通知考生的座位默认保留；上次编排的结果默认尽量保留，只为新增考生安排座位。
        </p>
        <Space orientation="vertical">
          <Checkbox
            checked={options.fresh}
            onChange={(e) => setOptions((o) => ({ ...o, fresh: e.target.checked }))}
            data-testid="seating-opt-fresh"
          >
            重新编排（忽略上次结果）
          </Checkbox>
          <Checkbox
            checked={options.moveNotified}
            onChange={(e) => setOptions((o) => ({ ...o, moveNotified: e.target.checked }))}
            data-testid="seating-opt-move-notified"
          >
            调整已通知考生
          </Checkbox>
        </Space>
        {options.moveNotified && (
          <Alert
            className="gk-mt"
            type="warning"
            showIcon
            role="alert"
            title="已通知的考生也可能被调整考场或座位"
            description="被调整的考生须重新通知（重新发布考场安排并打印准考证），否则考生会按旧的准考证到旧的考场。"
          />
        )}
      </div>
    );
  } else if (start.isError) {
    body = <Alert type="error" showIcon title={errorMessage(start.error)} data-testid="seating-job-error" />;
  } else if (job.isError) {
    body = <Alert type="error" showIcon title={errorMessage(job.error)} data-testid="seating-job-error" />;
  } else if (!data || data.status === 'queued' || data.status === 'running') {
    const percent = data && data.total > 0 ? Math.min(99, Math.round((data.processed / data.total) * 100)) : 0;
    body = data ? (
      <div aria-live="polite" data-testid="seating-job-progress">
        <Progress percent={percent} status="active" />
        <Typography.Text type="secondary">
          {data.status === 'queued'
            ? '排队中，请稍候…'
            : data.total > 0
              ? `正在编排：已处理 ${data.processed} / ${data.total}`
              : '正在准备数据…'}
        </Typography.Text>
        <div className="gk-muted gk-mt">可以关闭此窗口，编排将在服务器上继续；稍后刷新本页查看结果。</div>
      </div>
    ) : (
      <Space>
        <Spin size="small" /> 正在提交…
      </Space>
    );
  } else if (data.status === 'failed') {
    body = <Alert type="error" showIcon title={data.message ?? '编排失败'} data-testid="seating-job-error" />;
  } else {
    const c = data.result?.counts;
    body = (
      <Result
        data-testid="seating-job-done"
        status={c && c.unseated > 0 ? 'warning' : 'success'}
        title={c ? `编排完成：已安排 ${c.seated} 人` : '编排完成'}
        subTitle={
          c
            ? `符合条件 ${c.eligible} 人，未安排 ${c.unseated} 人；保留已通知 ${c.pinnedKept} 人，保留上次 ${c.previousKept} 人，新安排 ${c.placed} 人。详见本页的编排报告。`
            : undefined
        }
      />
    );
  }

  return (
    <Modal
      open
      title="自动编排考场"
      width={620}
      onCancel={onClose}
      destroyOnHidden
      footer={
        started || start.isError ? (
          <Button onClick={onClose} data-testid="seating-run-close">
            关闭
          </Button>
        ) : (
          <Space>
            <Button onClick={onClose}>取消</Button>
            <Button type="primary" onClick={() => start.mutate()} data-testid="seating-run-start">
              开始编排
            </Button>
          </Space>
        )
      }
    >
      {body}
    </Modal>
  );
}
