import { SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, Modal, Skeleton, Space, Tag } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { LEVEL_LABELS } from '../../domain/review';
import { batchApi, batchKeys, type PendingBatch, type ReviewDeadline } from '../api/batches';
import { errorMessage, isSessionError } from '../api/client';
import { JobTypeGradeTable, VerdictTable } from './summary-tables';

export function DeadlineTag({ deadline }: { deadline: ReviewDeadline | null }) {
  if (!deadline) return <span className="gk-muted">无</span>;
  let tag = <Tag color="blue">剩 {deadline.daysLeft} 天</Tag>;
  if (deadline.passed) tag = <Tag color="red">已截止</Tag>;
  else if (deadline.daysLeft <= 0) tag = <Tag color="red">今日截止</Tag>;
  else if (deadline.daysLeft <= 3) tag = <Tag color="orange">剩 {deadline.daysLeft} 天</Tag>;
  return (
    <span>
      {deadline.endsOn}（{deadline.label}）{tag}
    </span>
  );
}

function SendModal({
  pending,
  campaignId,
  onClose,
}: {
  pending: PendingBatch;
  campaignId: number;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const send = useMutation({
    mutationFn: () => batchApi.create({ campaignId, note: note.trim() || undefined }),
    onSuccess: async (batch) => {
      message.success(`已汇总上报 ${batch.applicationCount} 人的申请，批次号 ${batch.batchNo}`);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: batchKeys.all }),
        // The workbench's counts and queue change too.
        queryClient.invalidateQueries({ queryKey: ['review'] }),
        queryClient.invalidateQueries({ queryKey: ['statistics'] }),
      ]);
      onClose();
      navigate(`/review/batches/${batch.id}`);
    },
  });
  const failure = send.isError && !isSessionError(send.error) ? errorMessage(send.error) : null;

  return (
    <Modal
      open
      title="确认汇总上报"
      okText="确认上报"
      cancelText="取消"
      okButtonProps={{ loading: send.isPending }}
      onOk={() => send.mutate()}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <p>
        将本级已审核通过、尚未上报的 <strong>{pending.count}</strong> 人的申请作为一个批次报送
        <strong>{pending.toName ?? '上级'}</strong>。上报后，这些申请由接收方审查，本级不能再修改。
      </p>
      <Form layout="vertical">
        <Form.Item label="备注（选填）" htmlFor="batch-note">
          <Input.TextArea
            id="batch-note"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={500}
            showCount
            autoSize={{ minRows: 3, maxRows: 6 }}
            placeholder="如：联系人及电话、需要说明的情况"
          />
        </Form.Item>
      </Form>
      {failure && <Alert type="error" showIcon title={failure} />}
    </Modal>
  );
}

/** 待上报: what this department or jurisdiction would send now, with the button that sends it. */
export function PendingCard({ campaignId, campaignOpen }: { campaignId: number; campaignOpen: boolean }) {
  const [sending, setSending] = useState(false);
  const pending = useQuery({
    queryKey: batchKeys.pending(campaignId),
    queryFn: () => batchApi.pending(campaignId),
  });

  const p = pending.data;
  const disabledWhy = !campaignOpen
    ? '考核年度未开启或已结束'
    : p && p.count === 0
      ? '没有待上报的申请'
      : p?.deadline?.passed
        ? `上报截止日期（${p.deadline.endsOn}）已过`
        : null;

  return (
    <Card
      className="gk-mb"
      title={
        <Space>
          <span>待上报</span>
          {p && <Tag color={p.count > 0 ? 'processing' : 'default'}>{p.count} 人</Tag>}
        </Space>
      }
      extra={
        <Button
          type="primary"
          icon={<SendOutlined />}
          disabled={!p || disabledWhy !== null}
          title={disabledWhy ?? undefined}
          onClick={() => setSending(true)}
          data-testid="batch-send"
        >
          汇总上报
        </Button>
      }
      data-testid="batch-pending"
    >
      {pending.isPending && <Skeleton active paragraph={{ rows: 3 }} />}
      {pending.isError && <Alert type="error" showIcon title={errorMessage(pending.error)} />}
      {p && (
        <>
          <Descriptions size="small" column={3} className="gk-mb">
            <Descriptions.Item label="待上报申请">{p.count} 人</Descriptions.Item>
            <Descriptions.Item label="报送至">
              {p.toName ?? '—'}
              {p.level && <span className="gk-muted">（由{LEVEL_LABELS[p.level]}汇总上报）</span>}
            </Descriptions.Item>
            <Descriptions.Item label="上报截止">
              <DeadlineTag deadline={p.deadline} />
            </Descriptions.Item>
          </Descriptions>
          {p.count === 0 ? (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description="暂无待上报的申请：在资格审查中审核通过的申请会出现在这里。"
            />
          ) : (
            <div className="gk-bs-pending">
              <div className="gk-bs-scroll">
                <JobTypeGradeTable summary={p.summary} caption="按工种和等级汇总" />
              </div>
              <div>
                <VerdictTable summary={p.summary} />
                {p.summary.overruled.ineligible > 0 && (
                  <Alert
                    className="gk-mt"
                    type="warning"
                    showIcon
                    title={`其中 ${p.summary.overruled.ineligible} 人系统判定「不符合」的申请经审核通过，将在统计中标注。`}
                  />
                )}
              </div>
            </div>
          )}
        </>
      )}
      {sending && p && <SendModal pending={p} campaignId={campaignId} onClose={() => setSending(false)} />}
    </Card>
  );
}
