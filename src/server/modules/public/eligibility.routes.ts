import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { eligibilityCheckBody, eligibilityCheckResponse } from './eligibility.schemas.js';
import { runSelfCheck } from './eligibility.service.js';

export function publicEligibilityRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/public/eligibility-check',
      {
        config: { access: 'public', rateLimit: { max: deps.config.publicRatePerMinute, timeWindow: 60_000 } },
        schema: {
          tags: ['公众服务'],
          summary: '申报资格自测（无需登录）',
          description:
            '按豫人社工考〔2013〕1号等规定判断能否申报：verdict 为 eligible（符合）、ineligible（不符合）或 needs_review（须审核人员判断），必填项未填时为 incomplete（信息不完整，missing 列出所缺字段）；findings 逐条说明理由。结果仅供参考，以资格审查为准。',
          body: eligibilityCheckBody,
          response: { 200: eligibilityCheckResponse },
        },
      },
      async (request) => runSelfCheck(deps, request.body),
    );
  };
}
