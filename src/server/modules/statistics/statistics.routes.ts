import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import { contentDisposition } from '../applications/applications.files.js';
import { reviewStatisticsSchema, statisticsQuery } from './statistics.schemas.js';
import { reviewStatistics } from './statistics.service.js';
import { buildStatisticsWorkbook, statisticsFileName } from './statistics.xlsx.js';

const TAGS = ['统计分析'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function statisticsRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/statistics/review',
      {
        config: { access: 'statistics.read' },
        schema: {
          tags: TAGS,
          summary: '报名与资格审查统计（本机构或其下级机构）',
          description:
            '按下一级机构（省→地区，地区→主管部门，主管部门→单位）、工种类别×等级、工种、审核状态、资格审查结论汇总，以及退回与不通过的原因。nodeId 须在本人管辖范围内，否则 404。',
          querystring: statisticsQuery,
          response: { 200: reviewStatisticsSchema },
        },
      },
      async (request) => reviewStatistics(deps, serviceContext(request), request.query),
    );

    app.get(
      '/api/statistics/review.xlsx',
      {
        config: { access: 'statistics.read', heavy: true },
        schema: {
          tags: TAGS,
          summary: '导出统计（Excel：汇总全省报名信息数据）',
          description: '工作表：按地区汇总、工种类别×等级、工种明细、审核状态、资格审查结论、退回与不通过原因。',
          querystring: statisticsQuery,
        },
      },
      async (request, reply) => {
        const stats = await reviewStatistics(deps, serviceContext(request), request.query);
        const file = await buildStatisticsWorkbook(stats);
        return reply
          .type(XLSX)
          .header('content-disposition', contentDisposition(statisticsFileName(stats), false))
          .send(file);
      },
    );
  };
}
