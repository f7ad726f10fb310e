import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import {
  checkResponse,
  decideBody,
  fileBody,
  optionsQuery,
  optionsResponse,
  reviewParams,
  reviewResponse,
  reviewsQuery,
  reviewsResponse,
} from './score-reviews.schemas.js';
import {
  checkReview,
  decideReview,
  fileReview,
  getReview,
  listReviews,
  reviewOptions,
} from './score-reviews.service.js';

const TAGS = ['成绩复核'];
const EITHER = ['score_review.file', 'score_review.process'] as const;

export function scoreReviewRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/score-reviews',
      {
        config: { access: [...EITHER] },
        schema: {
          tags: TAGS,
          summary: '成绩复核申请列表：考生看本人的，单位看本单位的，工考办看管辖范围的；含已用和剩余工作日',
          querystring: reviewsQuery,
          response: { 200: reviewsResponse },
        },
      },
      async (request) => listReviews(deps, serviceContext(request), request.query),
    );

    app.get(
      '/api/score-reviews/options',
      {
        config: { access: 'score_review.file' },
        schema: {
          tags: TAGS,
          summary: '可申请复核的成绩：考生本人的，或本单位考生的（按姓名、身份证号查找）；申请期限',
          querystring: optionsQuery,
          response: { 200: optionsResponse },
        },
      },
      async (request) => reviewOptions(deps, serviceContext(request), request.query.campaignId, request.query.q),
    );

    app.post(
      '/api/score-reviews',
      {
        config: { access: 'score_review.file' },
        schema: {
          tags: TAGS,
          summary: '申请成绩复核（考生本人或所在单位；成绩发布后的申请期限内，每科一次）',
          body: fileBody,
          response: { 200: reviewResponse },
        },
      },
      async (request) => fileReview(deps, serviceContext(request), request.body),
    );

    app.get(
      '/api/score-reviews/:id',
      {
        config: { access: [...EITHER] },
        schema: { tags: TAGS, summary: '一份成绩复核申请', params: reviewParams, response: { 200: reviewResponse } },
      },
      async (request) => getReview(deps, serviceContext(request), request.params.id),
    );

    app.post(
      '/api/score-reviews/:id/check',
      {
        config: { access: 'score_review.process' },
        schema: {
          tags: TAGS,
          summary: '复核计算（不答复）：按种子重建试卷，对存储的作答重新评分',
          params: reviewParams,
          response: { 200: checkResponse },
        },
      },
      async (request) => checkReview(deps, serviceContext(request), request.params.id),
    );

    app.post(
      '/api/score-reviews/:id/decide',
      {
        config: { access: 'score_review.process' },
        schema: {
          tags: TAGS,
          summary: '答复成绩复核：重新评分后维持或更正（更正同时改写成绩表），记入审计日志',
          params: reviewParams,
          body: decideBody,
          response: { 200: reviewResponse },
        },
      },
      async (request) => decideReview(deps, serviceContext(request), request.params.id, request.body),
    );
  };
}
