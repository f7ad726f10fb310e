import { Button } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { errorMessage } from '../api/client';
import type { Permission } from '../api/types';
import { useSession } from '../session';
import { loginUrl } from '../util';
import { PageLoading } from './page-loading';

/**
 * Lets signed-in users through. Anyone else goes to the sign-in page with the way back; a user who still
 * has to change the initial password is held on the change-password page.
 */
export function RequireAuth({
  children,
  allowPasswordChange = false,
}: {
  children: ReactNode;
  allowPasswordChange?: boolean;
}) {
  const { user, loading, error, retry, ended } = useSession();
  const location = useLocation();
  if (loading) return <PageLoading tip="正在确认登录状态…" />;
  if (error && !user) {
    return (
      <div className="gk-page-error" role="alert">
        <h2>暂时无法连接服务器</h2>
        <p>{errorMessage(error)}</p>
        <Button type="primary" onClick={retry}>
          重试
        </Button>
      </div>
    );
  }
  if (!user) {
    return <Navigate to={loginUrl(location.pathname + location.search, ended === 'expired')} replace />;
  }
  if (user.mustChangePassword && !allowPasswordChange) {
    return <Navigate to="/change-password" replace />;
  }
  return <>{children}</>;
}

/** Shows the page only with the permission; otherwise the 无权访问 page. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useSession();
  if (!can(permission)) return <Navigate to="/403" replace />;
  return <>{children}</>;
}
