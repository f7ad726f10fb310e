import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import { idParams, listQuery, listResponse, unreadResponse } from './notifications.schemas.js';
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  unreadCount,
} from './notifications.service.js';

const TAGS = ['站内消息'];

// Every signed-in person reads their own notifications: row-level security limits the rows to the recipient
// (the account's org node, or the applicant's own account).
export function notificationRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/notifications',
      {
        config: { access: 'signed-in' },
        schema: { tags: TAGS, summary: '我的站内消息', querystring: listQuery, response: { 200: listResponse } },
      },
      async (request) => listNotifications(deps, serviceContext(request), request.query),
    );

    app.get(
      '/api/notifications/unread-count',
      {
        config: { access: 'signed-in' },
        schema: { tags: TAGS, summary: '未读消息数', response: { 200: unreadResponse } },
      },
      async (request) => unreadCount(deps, serviceContext(request)),
    );

    app.post(
      '/api/notifications/:id/read',
      {
        config: { access: 'signed-in' },
        schema: { tags: TAGS, summary: '标记一条消息为已读', params: idParams, response: { 200: unreadResponse } },
      },
      async (request) => markNotificationRead(deps, serviceContext(request), request.params.id),
    );

    app.post(
      '/api/notifications/read-all',
      {
        config: { access: 'signed-in' },
        schema: { tags: TAGS, summary: '全部标记为已读', response: { 200: unreadResponse } },
      },
      async (request) => markAllNotificationsRead(deps, serviceContext(request)),
    );
  };
}
