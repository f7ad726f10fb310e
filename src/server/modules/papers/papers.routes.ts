import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import type { JobRunner } from '../../platform/jobs.js';
import { jobStarted } from '../jobs/jobs.schemas.js';
import {
  campaignIdParams,
  generateBody,
  paperIdParams,
  papersPage,
  papersQuery,
  papersSummary,
  paperVerification,
  paperView,
} from './papers.schemas.js';
import {
  checkPaperGeneration,
  generatePapers,
  listPapers,
  papersSummary as summary,
  verifyPaper,
  viewPaper,
} from './papers.service.js';

const TAGS = ['试卷'];

/** Papers (试卷): generation (a background job on the app's `jobs` runner), status, and one paper. 题库管理员 only. */
export function paperRoutes(deps: AppDeps, jobs: JobRunner): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/campaigns/:id/papers/generate',
      {
        // Loading every pool to check it takes a moment on a big campaign.
        config: { access: 'bank.manage', heavy: true },
        schema: {
          tags: TAGS,
          summary: '为本年度省级确认的考生生成试卷（后台任务；可只生成一个范围）',
          description:
            '只生成尚未生成的试卷（重复发起不会重复生成）。所需组卷规则未建立或未发布时以 409 PAPERS_BLUEPRINTS_NOT_READY 拒绝，题库无法满足组卷规则时以 409 PAPERS_DRAW_REFUSED 拒绝（均列出具体规则），不启动任务。立即返回 202 和 jobId，用 GET /api/jobs/:jobId 查询进度和结果。',
          params: campaignIdParams,
          body: generateBody,
          response: { 202: jobStarted },
        },
      },
      async (request, reply) => {
        const ctx = serviceContext(request);
        const campaignId = request.params.id;
        const scope = request.body?.scope;
        const { total } = await checkPaperGeneration(deps, ctx, campaignId, scope);
        const jobId = await jobs.start(
          ctx.actor,
          'paper.generate',
          '生成试卷',
          async ({ jobId: id, progress }) => ({
            result: await generatePapers(deps, ctx, campaignId, { jobId: id, progress, scope }),
          }),
          total,
        );
        return reply.code(202).send({ jobId });
      },
    );

    app.get(
      '/api/campaigns/:id/papers/summary',
      {
        config: { access: 'bank.read' },
        schema: {
          tags: TAGS,
          summary: '试卷生成情况：按科目（岗位技能按工种 × 等级）的考生数、已生成份数和组卷规则状态',
          params: campaignIdParams,
          response: { 200: papersSummary },
        },
      },
      async (request) => summary(deps, serviceContext(request), request.params.id),
    );

    app.get(
      '/api/campaigns/:id/papers',
      {
        config: { access: 'bank.read' },
        schema: {
          tags: TAGS,
          summary: '已生成的试卷（题量、平均难度等，不含试卷内容）',
          params: campaignIdParams,
          querystring: papersQuery,
          response: { 200: papersPage },
        },
      },
      async (request) => listPapers(deps, serviceContext(request), request.params.id, request.query),
    );

    app.get(
      '/api/papers/:id',
      {
        config: { access: 'bank.read' },
        schema: {
          tags: TAGS,
          summary: '查看一份试卷（考生、试题、选项顺序和本卷答案；记入审计日志）',
          params: paperIdParams,
          response: { 200: paperView },
        },
      },
      async (request) => viewPaper(deps, serviceContext(request), request.params.id),
    );

    app.post(
      '/api/papers/:id/verify',
      {
        config: { access: 'bank.read' },
        schema: {
          tags: TAGS,
          summary: '核验试卷：按种子和抽题池快照重建，与存储的试卷逐题比对（记入审计日志）',
          params: paperIdParams,
          response: { 200: paperVerification },
        },
      },
      async (request) => verifyPaper(deps, serviceContext(request), request.params.id),
    );
  };
}
