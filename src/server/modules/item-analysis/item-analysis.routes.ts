import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import type { JobRunner } from '../../platform/jobs.js';
import { contentDisposition } from '../applications/applications.files.js';
import { XLSX_MIME } from '../banks/banks.excel.js';
import { jobStarted } from '../jobs/jobs.schemas.js';
import {
  campaignParams,
  itemListQuery,
  itemListResponse,
  itemParams,
  itemResponse,
  reviewBody,
  subjectParams,
  summaryResponse,
} from './item-analysis.schemas.js';
import {
  computeItemAnalysis,
  exportItemStatistics,
  itemAnalysisSummary,
  listItemStatistics,
  retireAnalysedItem,
  reviewAnalysedItem,
} from './item-analysis.service.js';

const TAGS = ['试题分析'];

export function itemAnalysisRoutes(deps: AppDeps, jobs: JobRunner): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/campaigns/:id/item-analysis',
      {
        config: { access: 'bank.read' },
        schema: {
          tags: TAGS,
          summary: '试题分析概况（题库管理员）：各科目的答卷数、平均分、标准差、KR-20 信度、分数分布、超出界限的试题数',
          params: campaignParams,
          response: { 200: summaryResponse },
        },
      },
      async (request) => itemAnalysisSummary(deps, serviceContext(request), request.params.id),
    );

    app.post(
      '/api/campaigns/:id/item-analysis/:subject/compute',
      {
        config: { access: 'bank.manage' },
        schema: {
          tags: TAGS,
          summary: '计算一个科目的试题分析（全部已交卷的答卷；后台任务；记入审计日志）',
          description:
            '立即返回 202 和 jobId，用 GET /api/jobs/:jobId 查询进度和结果。重新计算时保留已复核的标记和说明。',
          params: subjectParams,
          response: { 202: jobStarted },
        },
      },
      async (request, reply) => {
        const ctx = serviceContext(request);
        const { id, subject } = request.params;
        const jobId = await jobs.start(ctx.actor, 'item_analysis.compute', '试题分析', async ({ progress }) => ({
          result: await computeItemAnalysis(deps, ctx, id, subject, (done, total) =>
            progress.report({ processed: done, total }),
          ),
        }));
        return reply.code(202).send({ jobId });
      },
    );

    app.get(
      '/api/campaigns/:id/item-analysis/:subject/items',
      {
        config: { access: 'bank.read' },
        schema: {
          tags: TAGS,
          summary: '一个科目的试题统计（难度、区分度、各选项选择率、标记；分页，可只看超出界限的）',
          params: subjectParams,
          querystring: itemListQuery,
          response: { 200: itemListResponse },
        },
      },
      async (request) =>
        listItemStatistics(deps, serviceContext(request), request.params.id, request.params.subject, request.query),
    );

    app.get(
      '/api/campaigns/:id/item-analysis/:subject/export.xlsx',
      {
        config: { access: 'bank.read', heavy: true },
        schema: {
          tags: TAGS,
          summary: '导出一个科目的试题分析（Excel：概况、分数分布和每道试题的统计）',
          params: subjectParams,
        },
      },
      async (request, reply) => {
        const { file, fileName } = await exportItemStatistics(
          deps,
          serviceContext(request),
          request.params.id,
          request.params.subject,
        );
        return reply.type(XLSX_MIME).header('content-disposition', contentDisposition(fileName, false)).send(file);
      },
    );

    app.post(
      '/api/campaigns/:id/item-analysis/:subject/items/:itemId/:version/retire',
      {
        config: { access: 'bank.manage' },
        schema: {
          tags: TAGS,
          summary: '停用试题分析中的一道试题的该版本（同题库中的停用；记入审计日志）',
          params: itemParams,
          response: { 200: itemResponse },
        },
      },
      async (request) => {
        const { id, subject, itemId, version } = request.params;
        return retireAnalysedItem(deps, serviceContext(request), { campaignId: id, subject, itemId, version });
      },
    );

    app.post(
      '/api/campaigns/:id/item-analysis/:subject/items/:itemId/:version/review',
      {
        config: { access: 'bank.manage' },
        schema: {
          tags: TAGS,
          summary: '将试题分析中的一道试题标为已复核，附说明（记入审计日志）',
          params: itemParams,
          body: reviewBody,
          response: { 200: itemResponse },
        },
      },
      async (request) => {
        const { id, subject, itemId, version } = request.params;
        return reviewAnalysedItem(
          deps,
          serviceContext(request),
          { campaignId: id, subject, itemId, version },
          request.body.note,
        );
      },
    );
  };
}
