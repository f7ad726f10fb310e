import { AuditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Skeleton } from 'antd';
import { useNavigate } from 'react-router';
import { LEVEL_REVIEW_NAMES } from '../../domain/review';
import { errorMessage, isApiError } from '../api/client';
import { campaignApi, queryKeys } from '../api/endpoints';
import { formatCnDate } from '../self-check/model';
import { useSession } from '../session';
import { DeadlineBadge } from './tags';
import { useReviewOverview } from './use-review';
import './review.css';

/** 待办事项 on the home page of a reviewer: what waits at their level in the open campaign. */
export function ReviewTodoCard() {
  const navigate = useNavigate();
  // No open campaign (a normal answer, null): nothing to do here, and no overview to ask for.
  const { can } = useSession();
  const current = useQuery({
    queryKey: queryKeys.currentCampaign,
    queryFn: campaignApi.current,
    // Off once signed out (the home page goes, but not before its queries could fire without a session).
    enabled: can('campaign.read'),
  });
  const overview = useReviewOverview(current.data?.id, !!current.data);

  if (current.isSuccess && current.data === null) return null;
  if (current.isError) {
    return <Alert type="warning" showIcon title={`无法读取待办事项：${errorMessage(current.error)}`} />;
  }
  if (overview.isError) {
    // A role without a review level: nothing to do here.
    if (isApiError(overview.error) && overview.error.code === 'REVIEW_LEVEL_NONE') return null;
    return <Alert type="warning" showIcon title={`无法读取待办事项：${errorMessage(overview.error)}`} />;
  }
  if (overview.isPending) {
    return (
      <Card title="资格审查待办">
        <Skeleton active paragraph={{ rows: 2 }} />
      </Card>
    );
  }

  const ov = overview.data;
  const batching = ov.level === 'department' || ov.level === 'jurisdiction';
  const items = [
    { key: 'pending', label: '待审核', count: ov.counts.pending, to: '/review', hot: true },
    { key: 'returned', label: '退回给我', count: ov.counts.returnedToMe, to: '/review?view=returned', hot: true },
    ...(batching
      ? [{ key: 'awaiting', label: '待汇总上报', count: ov.counts.awaitingBatch, to: '/review/batches', hot: true }]
      : []),
    { key: 'decided', label: '本级已审核', count: ov.counts.decidedByMe, to: '/review?view=all', hot: false },
  ];

  return (
    <Card
      title={
        <span>
          <AuditOutlined aria-hidden /> 资格审查待办
          <span className="gk-page-sub">
            {ov.campaign.name} · {LEVEL_REVIEW_NAMES[ov.level]}
          </span>
        </span>
      }
      extra={<DeadlineBadge deadline={ov.deadline} />}
      data-testid="home-review-todo"
    >
      <div className="gk-todo">
        {items.map((i) => (
          <Button
            key={i.key}
            className="gk-todo-item"
            onClick={() => navigate(i.to)}
            data-testid={`todo-${i.key}`}
            aria-label={`${i.label} ${i.count} 人`}
          >
            <span className={`gk-todo-count${i.hot && i.count > 0 ? ' gk-todo-hot' : ''}`}>{i.count}</span>
            <span className="gk-todo-label">{i.label}</span>
          </Button>
        ))}
      </div>
      {ov.deadline?.passed && (
        <Alert
          className="gk-mt"
          type="error"
          showIcon
          title={`本级审核已于 ${formatCnDate(ov.deadline.endsOn)} 截止。`}
        />
      )}
    </Card>
  );
}
