import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { isResultTrack } from '../../../domain/result-tracks.js';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';
import type { JobRunner } from '../../platform/jobs.js';
import { readImportUpload } from '../../platform/uploads.js';
import { contentDisposition } from '../applications/applications.files.js';
import { XLSX_MIME } from '../banks/banks.excel.js';
import { jobStarted } from '../jobs/jobs.schemas.js';
import {
  aggregateQuery,
  aggregateResponse,
  campaignParams,
  compileResponse,
  importQuery,
  importResponse,
  lookupBody,
  lookupResponse,
  overviewResponse,
  releaseResponse,
  scoreListQuery,
  scoreListResponse,
  trackQuery,
} from './scores.schemas.js';
import {
  compileScores,
  countScores,
  exportScores,
  importScores,
  listScores,
  lookupScore,
  releaseScores,
  rescoreCampaign,
  scoreAggregates,
  scoreImportTemplate,
  scoreOverview,
} from './scores.service.js';

const TAGS = ['成绩'];

export function scoreRoutes(deps: AppDeps, jobs: JobRunner): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/campaigns/:id/scores/overview',
      {
        config: { access: 'scores.read' },
        schema: {
          tags: TAGS,
          summary: '成绩概况：合格线、一个结果批次的汇总和发布时间、可做的操作，以及两个批次的状态',
          params: campaignParams,
          querystring: trackQuery,
          response: { 200: overviewResponse },
        },
      },
      async (request) => scoreOverview(deps, serviceContext(request), request.params.id, request.query.track),
    );

    app.get(
      '/api/campaigns/:id/scores',
      {
        config: { access: 'scores.read' },
        schema: {
          tags: TAGS,
          summary: '成绩表（本人管辖范围内的考生，每人一行，各科成绩和是否合格；分页、筛选）',
          params: campaignParams,
          querystring: scoreListQuery,
          response: { 200: scoreListResponse },
        },
      },
      async (request) => listScores(deps, serviceContext(request), request.params.id, request.query),
    );

    app.get(
      '/api/campaigns/:id/scores/aggregates',
      {
        config: { access: 'scores.read' },
        schema: {
          tags: TAGS,
          summary: '成绩统计：按地区、单位、工种或等级的考生数、合格人数和合格率（本人管辖范围）',
          params: campaignParams,
          querystring: aggregateQuery,
          response: { 200: aggregateResponse },
        },
      },
      async (request) => {
        const { by, ...filter } = request.query;
        return scoreAggregates(deps, serviceContext(request), request.params.id, by, filter);
      },
    );

    app.post(
      '/api/campaigns/:id/scores/export',
      {
        config: { access: 'scores.read' },
        schema: {
          tags: TAGS,
          summary: '导出成绩表（Excel，按当前筛选；后台任务）',
          description:
            '立即返回 202 和 jobId；用 GET /api/jobs/:jobId 查询进度，完成后用 GET /api/jobs/:jobId/file 下载。',
          params: campaignParams,
          querystring: scoreListQuery,
          response: { 202: jobStarted },
        },
      },
      async (request, reply) => {
        const ctx = serviceContext(request);
        const campaignId = request.params.id;
        const query = request.query;
        const total = await countScores(deps, ctx, campaignId, query);
        const jobId = await jobs.start(
          ctx.actor,
          'score.export',
          '导出成绩',
          async ({ progress }) => {
            const { file, fileName, count } = await exportScores(deps, ctx, campaignId, query, (n) =>
              progress.report({ processed: n }),
            );
            return { result: { fileName, size: file.length, count }, file: { fileName, mime: XLSX_MIME, data: file } };
          },
          total,
        );
        return reply.code(202).send({ jobId });
      },
    );

    app.post(
      '/api/campaigns/:id/scores/compile',
      {
        config: { access: 'scores.manage' },
        schema: {
          tags: TAGS,
          summary:
            '汇总成绩（省级，一个结果批次）：按考试作答、缺考和违纪记录生成该批次考生的成绩表；保留导入的属地考试成绩',
          params: campaignParams,
          querystring: trackQuery,
          response: { 200: compileResponse },
        },
      },
      async (request) => compileScores(deps, serviceContext(request), request.params.id, request.query.track),
    );

    app.post(
      '/api/campaigns/:id/scores/rescore',
      {
        config: { access: 'scores.manage' },
        schema: {
          tags: TAGS,
          summary:
            '重新评分（省级，一个结果批次的全部考生）：按保存的作答和试卷答案重新计分并汇总；后台任务，记入审计日志',
          params: campaignParams,
          querystring: trackQuery,
          response: { 202: jobStarted },
        },
      },
      async (request, reply) => {
        const ctx = serviceContext(request);
        const campaignId = request.params.id;
        const track = request.query.track;
        const jobId = await jobs.start(ctx.actor, 'score.rescore', '重新评分', async ({ progress }) => ({
          result: await rescoreCampaign(
            deps,
            ctx,
            campaignId,
            (done, total) => progress.report({ processed: done, total }),
            track,
          ),
        }));
        return reply.code(202).send({ jobId });
      },
    );

    app.post(
      '/api/campaigns/:id/scores/release',
      {
        config: { access: 'scores.manage' },
        schema: {
          tags: TAGS,
          summary: '发布成绩（省级，一个结果批次）：发布后该批次考生的成绩公众可凭身份证号和准考证号查询',
          params: campaignParams,
          querystring: trackQuery,
          response: { 200: releaseResponse },
        },
      },
      async (request) => releaseScores(deps, serviceContext(request), request.params.id, request.query.track),
    );

    app.get(
      '/api/scores/import-template.xlsx',
      {
        config: { access: 'scores.manage' },
        schema: { tags: TAGS, summary: '属地考试成绩导入模板（Excel）' },
      },
      async (_request, reply) =>
        reply
          .type(XLSX_MIME)
          .header('content-disposition', contentDisposition('成绩导入模板.xlsx', false))
          .send(await scoreImportTemplate()),
    );

    app.post(
      '/api/campaigns/:id/scores/import',
      {
        config: { access: 'scores.manage' },
        schema: {
          tags: TAGS,
          summary: '导入属地考试（技术监督、测绘）成绩（省级，Excel）',
          description:
            'multipart/form-data：mode（all_or_nothing 全部正确才导入 / good_rows 只导入正确的行；也可放在查询字符串中）、track（结果批次，默认 regular；也可放在查询字符串中）、file（.xlsx，列：身份证号、准考证号、科目、成绩；最多 5000 行）。另一批次考生的行报错、不导入。答复每个错误行的行号、列和原因。',
          consumes: ['multipart/form-data'],
          params: campaignParams,
          querystring: importQuery,
          response: { 200: importResponse },
        },
      },
      async (request) => {
        const ctx = serviceContext(request);
        const { fields, file } = await readImportUpload(request, ['mode', 'track']);
        const mode = fields.mode ?? request.query.mode ?? 'all_or_nothing';
        if (mode !== 'all_or_nothing' && mode !== 'good_rows') {
          throw new AppError('VALIDATION_FAILED', '字段「mode」：须为 all_or_nothing 或 good_rows', { field: 'mode' });
        }
        const track = fields.track ?? request.query.track ?? 'regular';
        if (!isResultTrack(track)) {
          throw new AppError('VALIDATION_FAILED', '字段「track」：须为 regular 或 grade1', { field: 'track' });
        }
        return importScores(deps, ctx, request.params.id, mode, file.data, track);
      },
    );

    app.post(
      '/api/public/score-lookup',
      {
        config: { access: 'public', rateLimit: { max: deps.config.publicRatePerMinute, timeWindow: 60_000 } },
        schema: {
          tags: ['公众服务'],
          summary: '成绩查询（无需登录）：凭身份证号和准考证号查询已发布的成绩',
          description:
            '成绩发布后可查。身份证号与准考证号不匹配、或成绩尚未发布，一律答 404 SCORE_LOOKUP_NO_MATCH（不说明是哪一种）。按来源地址限流。',
          body: lookupBody,
          response: { 200: lookupResponse },
        },
      },
      async (request) => lookupScore(deps, request.body),
    );
  };
}
