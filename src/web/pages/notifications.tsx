import { CheckOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Badge, Button, Card, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage, isSessionError } from '../api/client';
import {
  type AppNotification,
  type NotificationKind,
  type NotificationListParams,
  notificationApi,
  notificationKeys,
} from '../api/review';
import { formatDateTime, safeRedirect } from '../util';
import '../review/review.css';
import { usePaging } from '../components/use-paging';

const KIND_LABELS: Record<NotificationKind, { label: string; color: string }> = {
  review_pending: { label: '待审核', color: 'blue' },
  application_returned: { label: '退回修改', color: 'gold' },
  application_rejected: { label: '审核不通过', color: 'red' },
  application_confirmed: { label: '审核完成', color: 'green' },
  batch_received: { label: '收到上报', color: 'cyan' },
  batch_returned: { label: '批次退回', color: 'orange' },
};

/** 站内消息: what arrived for the signed-in person (their org node's notices, or an applicant's own). */
export default function NotificationsPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const { page, pageSize, setPage, pagination } = usePaging();

  const params: NotificationListParams = { unread: unreadOnly || undefined, page, pageSize };
  const list = useQuery({
    queryKey: notificationKeys.list(params),
    queryFn: () => notificationApi.list(params),
    placeholderData: keepPreviousData,
  });

  const settle = async (unread: number) => {
    queryClient.setQueryData(notificationKeys.unread, { unread });
    await queryClient.invalidateQueries({ queryKey: notificationKeys.all, refetchType: 'active' });
  };
  const fail = (e: unknown) => {
    if (!isSessionError(e)) message.error(errorMessage(e));
  };
  const markRead = useMutation({
    mutationFn: (n: AppNotification) => notificationApi.markRead(n.id),
    onSuccess: (r) => settle(r.unread),
    onError: fail,
  });
  const markAll = useMutation({
    mutationFn: notificationApi.markAllRead,
    onSuccess: async (r) => {
      message.success('已全部标为已读');
      await settle(r.unread);
    },
    onError: fail,
  });

  const open = (n: AppNotification) => {
    if (!n.readAt) markRead.mutate(n);
    const target = safeRedirect(n.link, '');
    if (target) navigate(target);
  };

  const unread = list.data?.unread ?? 0;

  return (
    <>
      <div className="gk-page-head">
        <Typography.Title level={3} className="gk-mb0">
          站内消息
          <span className="gk-page-sub" data-testid="notifications-unread">
            {list.data ? (unread > 0 ? `${unread} 条未读` : '没有未读消息') : ''}
          </span>
        </Typography.Title>
        <Space>
          <Button
            icon={<CheckOutlined />}
            onClick={() => markAll.mutate()}
            loading={markAll.isPending}
            disabled={unread === 0}
            data-testid="notifications-read-all"
          >
            全部标为已读
          </Button>
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label="刷新" title="刷新" />
        </Space>
      </div>
      <Card
        title={
          <Segmented<string>
            aria-label="显示范围"
            value={unreadOnly ? 'unread' : 'all'}
            onChange={(v) => {
              setUnreadOnly(v === 'unread');
              setPage(1);
            }}
            options={[
              { value: 'all', label: '全部消息' },
              { value: 'unread', label: '仅未读' },
            ]}
          />
        }
      >
        {list.isError && <Alert className="gk-mb" type="error" showIcon title={errorMessage(list.error)} />}
        <Table<AppNotification>
          className="gk-nt-table"
          size="middle"
          rowKey="id"
          data-testid="notifications-list"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          rowClassName={(n) => (n.readAt ? 'gk-nt-read' : 'gk-nt-unread')}
          onRow={(n) => ({
            onClick: (e) => {
              if ((e.target as HTMLElement).closest('a, button')) return;
              open(n);
            },
          })}
          locale={{ emptyText: unreadOnly ? '没有未读消息' : '暂无消息' }}
          pagination={pagination(list.data?.total ?? 0, '条')}
          columns={[
            {
              title: '类别',
              dataIndex: 'kind',
              width: 120,
              render: (k: NotificationKind, n) => (
                <Space size={6}>
                  <Badge status={n.readAt ? 'default' : 'processing'} aria-hidden />
                  <Tag color={KIND_LABELS[k]?.color}>{KIND_LABELS[k]?.label ?? k}</Tag>
                </Space>
              ),
            },
            {
              title: '消息',
              dataIndex: 'title',
              render: (t: string, n) => (
                <div>
                  <div className="gk-nt-title">
                    {n.readAt ? '' : <span className="gk-sr-only">未读：</span>}
                    {n.link ? (
                      <Button
                        type="link"
                        className="gk-nt-link"
                        onClick={() => open(n)}
                        data-testid={`notification-open-${n.id}`}
                      >
                        {t}
                      </Button>
                    ) : (
                      t
                    )}
                  </div>
                  {n.body && <div className="gk-nt-body">{n.body}</div>}
                </div>
              ),
            },
            {
              title: '时间',
              dataIndex: 'createdAt',
              width: 170,
              render: (v: string) => formatDateTime(v),
            },
            {
              title: '操作',
              key: 'actions',
              width: 110,
              render: (_: unknown, n) =>
                n.readAt ? (
                  <span className="gk-muted">已读</span>
                ) : (
                  <Button
                    type="link"
                    size="small"
                    onClick={() => markRead.mutate(n)}
                    loading={markRead.isPending && markRead.variables?.id === n.id}
                    data-testid={`notification-read-${n.id}`}
                  >
                    标为已读
                  </Button>
                ),
            },
          ]}
        />
      </Card>
    </>
  );
}
