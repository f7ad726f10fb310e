import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import { bulkApproveBody, bulkApproveResponse, queueQuery, queueResponse } from './banks.queue.schemas.js';
import { bulkApprove, listQueue } from './banks.queue.service.js';

const TAGS = ['题库'];

/** 待审核试题: the draft versions of every bank, and their bulk approval. */
export function bankQueueRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/bank-items/queue',
      {
        config: { access: 'bank.read' },
        schema: {
          tags: TAGS,
          summary: '待审核试题：各题库的草稿版本（不含题目内容；本人编写的不能由本人审核）',
          querystring: queueQuery,
          response: { 200: queueResponse },
        },
      },
      async (request) => listQueue(deps, serviceContext(request), request.query),
    );

    app.post(
      '/api/bank-items/approve',
      {
        config: { access: 'bank.manage' },
        schema: {
          tags: TAGS,
          summary: '批量审核通过试题版本（勾选的，或筛选出的全部；本人编写的跳过；一次最多 5000 道）',
          body: bulkApproveBody,
          response: { 200: bulkApproveResponse },
        },
      },
      async (request) => bulkApprove(deps, serviceContext(request), request.body),
    );
  };
}
