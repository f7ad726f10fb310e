import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { clearSessionCookie, requestMeta, setSessionCookie } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';
import { loadSession, SESSION_COOKIE } from '../../platform/sessions.js';
import {
  changePasswordBody,
  csrfResponse,
  loginBody,
  loginResponse,
  meResponse,
  redeemResetCodeBody,
  sessionResponse,
} from './auth.schemas.js';
import { changePassword, login, logout, presentMe, redeemResetCode } from './auth.service.js';

export function authRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/auth/login',
      {
        config: { access: 'public', rateLimit: { max: deps.config.loginRatePerMinute, timeWindow: 60_000 } },
        schema: { tags: ['认证'], summary: '登录', body: loginBody, response: { 200: loginResponse } },
      },
      async (request, reply) => {
        const result = await login(deps, request.body.username, request.body.password, requestMeta(request));
        setSessionCookie(request, reply, result.token, deps.config.sessionMaxHours);
        return { ...result.me, csrfToken: result.csrfToken };
      },
    );

    app.post(
      '/api/auth/reset-password',
      {
        config: { access: 'public', rateLimit: { max: deps.config.loginRatePerMinute, timeWindow: 60_000 } },
        schema: {
          tags: ['认证'],
          summary: '申报人凭重置码设置新密码',
          description: '重置码由所在地工考办核验身份后签发，一次有效；设置后该账号在各处的登录都将退出。',
          body: redeemResetCodeBody,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await redeemResetCode(deps, request.body, requestMeta(request));
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/auth/logout',
      {
        config: { access: 'signed-in', allowDuringPasswordChange: true },
        schema: { tags: ['认证'], summary: '退出登录', response: { 204: z.null() } },
      },
      async (request, reply) => {
        if (request.session) await logout(deps, request.session, requestMeta(request));
        clearSessionCookie(reply);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/auth/me',
      {
        config: { access: 'signed-in', allowDuringPasswordChange: true },
        schema: { tags: ['认证'], summary: '当前登录账号', response: { 200: meResponse } },
      },
      async (request) => {
        const session = request.session;
        if (!session) throw new AppError('AUTH_REQUIRED');
        return presentMe(session.actor, session.mustChangePassword, session.phone);
      },
    );

    app.get(
      '/api/auth/session',
      {
        // Public: "not signed in" is a normal answer here (200 with user null), not an error the browser logs.
        config: { access: 'public' },
        schema: {
          tags: ['认证'],
          summary: '当前会话：已登录时为账号，未登录或已过期时为 null（页面启动时用）',
          response: {
            200: sessionResponse,
          },
        },
      },
      async (request, reply) => {
        const token = request.cookies[SESSION_COOKIE];
        if (!token) return { user: null, ended: null };
        const lookup = await loadSession(deps.db, token, deps.clock.now(), {
          idleMinutes: deps.config.sessionIdleMinutes,
          maxHours: deps.config.sessionMaxHours,
        });
        if (lookup.status !== 'ok') {
          clearSessionCookie(reply);
          return { user: null, ended: lookup.status === 'expired' ? ('expired' as const) : null };
        }
        return {
          user: presentMe(lookup.session.actor, lookup.session.mustChangePassword, lookup.session.phone),
          ended: null,
        };
      },
    );

    app.get(
      '/api/auth/csrf',
      {
        config: { access: 'signed-in', allowDuringPasswordChange: true },
        schema: { tags: ['认证'], summary: '取得 CSRF 令牌', response: { 200: csrfResponse } },
      },
      async (request) => {
        const session = request.session;
        if (!session) throw new AppError('AUTH_REQUIRED');
        return { csrfToken: session.csrfToken };
      },
    );

    app.post(
      '/api/auth/change-password',
      {
        config: { access: 'signed-in', allowDuringPasswordChange: true, rateLimit: { max: 10, timeWindow: 60_000 } },
        schema: { tags: ['认证'], summary: '修改本人密码', body: changePasswordBody, response: { 204: z.null() } },
      },
      async (request, reply) => {
        const session = request.session;
        if (!session) throw new AppError('AUTH_REQUIRED');
        await changePassword(
          deps,
          session,
          request.body.currentPassword,
          request.body.newPassword,
          requestMeta(request),
        );
        return reply.code(204).send(null);
      },
    );
  };
}
