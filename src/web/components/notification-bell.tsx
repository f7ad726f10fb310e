import { BellOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Tooltip } from 'antd';
import { useNavigate } from 'react-router';
import { notificationApi, notificationKeys } from '../api/review';
import { useSession } from '../session';
import '../review/review.css';

const POLL_MS = 60_000;

/** The unread count, polled every minute and when the window regains focus. */
export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: notificationKeys.unread,
    queryFn: notificationApi.unreadCount,
    enabled,
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: 'always',
    staleTime: 10_000,
    retry: false,
  });
}

/** 站内消息: a bell with the unread count in the header; opens the notifications page. */
export function NotificationBell() {
  const { user } = useSession();
  const navigate = useNavigate();
  const signedIn = !!user && !user.partial && !user.mustChangePassword;
  const unread = useUnreadCount(signedIn);
  if (!signedIn) return null;
  const count = unread.data?.unread ?? 0;
  const label = unread.isError
    ? '站内消息（未读数暂不可用）'
    : count > 0
      ? `站内消息，${count} 条未读`
      : '站内消息，没有未读';
  return (
    <Tooltip title={label}>
      <Button
        type="text"
        className="gk-bell"
        aria-label={label}
        data-testid="notification-bell"
        onClick={() => navigate('/notifications')}
        icon={
          <Badge count={count} size="small" overflowCount={99} offset={[2, -2]} data-testid="notification-count">
            <BellOutlined className="gk-bell-icon" />
          </Badge>
        }
      />
    </Tooltip>
  );
}
