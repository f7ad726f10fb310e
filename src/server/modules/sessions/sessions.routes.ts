import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import { idParam } from '../../platform/params.schemas.js';
import {
  campaignParams,
  sessionBody,
  sessionListResponse,
  sessionParams,
  sessionSchema,
  validateResponse,
} from './sessions.schemas.js';
import { checkSession, createSession, deleteSession, listSessions, updateSession } from './sessions.service.js';

const TAGS = ['场次'];
const checkQuery = z.object({ exceptId: idParam('正在修改的场次编号（不与自身比较）').optional() });

export function sessionRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/campaigns/:id/sessions',
      {
        config: { access: 'campaign.read' },
        schema: {
          tags: TAGS,
          summary: '考核年度的场次（按日期、开考时间），考试阶段和默认设置',
          params: campaignParams,
          response: { 200: sessionListResponse },
        },
      },
      async (request) => listSessions(deps, serviceContext(request), request.params.id),
    );

    app.post(
      '/api/campaigns/:id/sessions/check',
      {
        config: { access: 'campaign.manage' },
        schema: {
          tags: TAGS,
          summary: '检查场次安排（不保存）：时间轴和问题',
          params: campaignParams,
          querystring: checkQuery,
          body: sessionBody,
          response: { 200: validateResponse },
        },
      },
      async (request) =>
        checkSession(deps, serviceContext(request), request.params.id, request.body, request.query.exceptId ?? null),
    );

    app.post(
      '/api/campaigns/:id/sessions',
      {
        config: { access: 'campaign.manage' },
        schema: {
          tags: TAGS,
          summary: '新增场次（同日时间重叠、不在考试阶段内的拒绝）',
          params: campaignParams,
          body: sessionBody,
          response: { 201: sessionSchema },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await createSession(deps, serviceContext(request), request.params.id, request.body)),
    );

    app.put(
      '/api/campaigns/:id/sessions/:sessionId',
      {
        config: { access: 'campaign.manage' },
        schema: {
          tags: TAGS,
          summary: '修改场次',
          params: sessionParams,
          body: sessionBody,
          response: { 200: sessionSchema },
        },
      },
      async (request) =>
        updateSession(deps, serviceContext(request), request.params.id, request.params.sessionId, request.body),
    );

    app.delete(
      '/api/campaigns/:id/sessions/:sessionId',
      {
        config: { access: 'campaign.manage' },
        schema: {
          tags: TAGS,
          summary: '删除场次（已有编排指向的不能删除）',
          params: sessionParams,
          response: { 200: z.object({ ok: z.literal(true) }) },
        },
      },
      async (request) => deleteSession(deps, serviceContext(request), request.params.id, request.params.sessionId),
    );
  };
}
