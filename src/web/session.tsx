import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiError, getCsrfToken, onSessionEvent, refreshCsrfToken, setCsrfToken } from './api/client';
import { authApi, queryKeys } from './api/endpoints';
import type { LoginResponse, Me, Permission } from './api/types';
import { loginUrl } from './util';

/** The signed-in user; `partial` when the server would only say "change your password first". */
export type SessionUser = Me & { partial?: boolean };

const PARTIAL_USER: SessionUser = {
  username: '',
  displayName: '',
  role: 'applicant',
  orgNodeId: null,
  orgNodeName: null,
  mustChangePassword: true,
  permissions: [],
  phone: null,
  partial: true,
};

/** Who is signed in, asked at start-up: "nobody" is a normal answer (no 401 in the browser's console). */
async function loadMe(): Promise<SessionUser | null> {
  const { user } = await authApi.session();
  if (!user) return null;
  if (getCsrfToken() === null) await refreshCsrfToken();
  return user;
}

interface SessionContextValue {
  user: SessionUser | null;
  loading: boolean;
  /** The probe failed for a reason other than "not signed in" (server down, say). */
  error: unknown;
  retry: () => void;
  /** Why the last session ended, so the sign-in page can say so. */
  ended: 'expired' | null;
  signedIn: (response: LoginResponse) => void;
  signOut: () => Promise<void>;
  /** Clears the session locally (after the server ended it). */
  dropSession: (reason: 'expired' | null) => void;
  markPasswordChanged: () => void;
  can: (permission: Permission) => boolean;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [ended, setEnded] = useState<'expired' | null>(null);
  const me = useQuery({
    queryKey: queryKeys.me,
    queryFn: loadMe,
    staleTime: Number.POSITIVE_INFINITY,
    retry: (count, error) => !(error instanceof ApiError && error.status > 0 && error.status < 500) && count < 2,
  });
  const user = me.data ?? null;

  const dropSession = useCallback(
    (reason: 'expired' | null) => {
      setCsrfToken(null);
      setEnded(reason);
      // Nobody first (pages that need a session stop asking), then forget what the session could read.
      queryClient.setQueryData<SessionUser | null>(queryKeys.me, null);
      void queryClient.cancelQueries({
        predicate: (query) => query.queryKey[0] !== 'config' && query.queryKey[0] !== 'me',
      });
      queryClient.removeQueries({
        predicate: (query) => query.queryKey[0] !== 'config' && query.queryKey[0] !== 'me',
      });
    },
    [queryClient],
  );

  const signedIn = useCallback(
    (response: LoginResponse) => {
      const { csrfToken, ...rest } = response;
      setCsrfToken(csrfToken);
      setEnded(null);
      queryClient.removeQueries({
        predicate: (query) => query.queryKey[0] !== 'config' && query.queryKey[0] !== 'me',
      });
      queryClient.setQueryData<SessionUser | null>(queryKeys.me, rest);
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await authApi.logout();
    } catch {
      // Signed out locally whatever the server says (it may already have ended the session).
    }
    dropSession(null);
  }, [dropSession]);

  const markPasswordChanged = useCallback(() => {
    queryClient.setQueryData<SessionUser | null>(queryKeys.me, (old) =>
      old ? { ...old, mustChangePassword: false } : old,
    );
    void queryClient.invalidateQueries({ queryKey: queryKeys.me });
  }, [queryClient]);

  const can = useCallback((permission: Permission) => !!user?.permissions.includes(permission), [user]);

  const value = useMemo<SessionContextValue>(
    () => ({
      user,
      loading: me.isPending,
      error: me.isError ? me.error : null,
      retry: () => void me.refetch(),
      ended,
      signedIn,
      signOut,
      dropSession,
      markPasswordChanged,
      can,
    }),
    [
      user,
      me.isPending,
      me.isError,
      me.error,
      me.refetch,
      ended,
      signedIn,
      signOut,
      dropSession,
      markPasswordChanged,
      can,
    ],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession must be used inside SessionProvider');
  return ctx;
}

/**
 * Listens for session-level failures from any request: an ended session sends the user to the sign-in page
 * (with the way back), a pending initial-password change to the change-password page. Renders nothing.
 */
export function SessionEvents() {
  const { dropSession } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const { message } = App.useApp();

  useEffect(
    () =>
      onSessionEvent((event) => {
        if (event.type === 'session-ended') {
          if (location.pathname === '/login') return;
          message.warning({ content: '登录已过期，请重新登录', key: 'session-ended' });
          dropSession('expired');
          navigate(loginUrl(location.pathname + location.search, true), { replace: true });
        } else {
          queryClient.setQueryData<SessionUser | null>(queryKeys.me, (old) =>
            old ? { ...old, mustChangePassword: true } : PARTIAL_USER,
          );
          if (location.pathname !== '/change-password') {
            message.info({ content: event.message || '首次登录须先修改初始密码', key: 'must-change' });
            navigate('/change-password', { replace: true });
          }
        }
      }),
    [dropSession, queryClient, navigate, location.pathname, location.search, message],
  );
  return null;
}
