import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import {
  bulkBody,
  bulkResponse,
  decideBody,
  idParams,
  overviewQuery,
  overviewSchema,
  queueQuery,
  queueResponse,
  reviewDetailSchema,
} from './review.schemas.js';
import { bulkDecide, decide, getOverview, getQueue, getReviewDetail } from './review.service.js';

const TAGS = ['资格审查'];

// The review chain (docs/api-review.md, "Endpoints: review").
export function reviewRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/review/overview',
      {
        config: { access: 'review.act' },
        schema: {
          tags: TAGS,
          summary: '本级审核概况：层级、截止时间、待办数量',
          querystring: overviewQuery,
          response: { 200: overviewSchema },
        },
      },
      async (request) => getOverview(deps, serviceContext(request), request.query.campaignId),
    );

    app.get(
      '/api/review/queue',
      {
        config: { access: 'review.act' },
        schema: {
          tags: TAGS,
          summary: '审核列表（筛选、排序、分页）',
          querystring: queueQuery,
          response: { 200: queueResponse },
        },
      },
      async (request) => getQueue(deps, serviceContext(request), request.query),
    );

    app.get(
      '/api/applications/:id/review',
      {
        // Officials who read the application, or the applicant for their own (row-level security decides).
        config: { access: ['application.read', 'application.self'] },
        schema: {
          tags: TAGS,
          summary: '申请的审核情况：所在环节、审核记录、各级意见',
          params: idParams,
          response: { 200: reviewDetailSchema },
        },
      },
      async (request) => getReviewDetail(deps, serviceContext(request), request.params.id),
    );

    app.post(
      '/api/review/applications/:id/decide',
      {
        config: { access: 'review.act' },
        schema: {
          tags: TAGS,
          summary: '审核一份申请：通过、退回修改或不通过',
          params: idParams,
          body: decideBody,
          response: { 200: reviewDetailSchema },
        },
      },
      async (request) => decide(deps, serviceContext(request), request.params.id, request.body),
    );

    app.post(
      '/api/review/bulk',
      {
        config: { access: 'review.act' },
        schema: {
          tags: TAGS,
          summary: '批量审核（按编号或筛选条件，一次最多 10000 人）',
          body: bulkBody,
          response: { 200: bulkResponse },
        },
      },
      async (request) => bulkDecide(deps, serviceContext(request), request.body),
    );
  };
}
