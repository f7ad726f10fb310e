import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { requireActor, serviceContext } from '../../platform/access.js';
import type { JobRunner } from '../../platform/jobs.js';
import { contentDisposition } from '../applications/applications.files.js';
import { jobStarted } from '../jobs/jobs.schemas.js';
import {
  archiveApplicationParams,
  archiveCampaignParams,
  archiveJobParams,
  archiveZipBody,
} from './archives.schemas.js';
import {
  ARCHIVE_JOB_KIND,
  candidateArchive,
  openArchiveZip,
  planArchiveZip,
  writeArchiveZip,
} from './archives.service.js';

const TAGS = ['归档材料'];

/** 归档材料: one candidate's PDF, a unit's or a jurisdiction's ZIP as a background job. */
export function archiveRoutes(deps: AppDeps, jobs: JobRunner): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/archives/applications/:applicationId.pdf',
      {
        config: { access: 'application.read', heavy: true },
        schema: {
          tags: TAGS,
          summary: '下载考生归档材料（PDF：考生信息、各级审查意见、考试安排、成绩及结论、证书，附申请表和准考证）',
          description: '考生所在单位及其上级的经办、审核人员。考核年度结束后仍可下载。不在管辖范围内 404 NOT_FOUND。',
          params: archiveApplicationParams,
        },
      },
      async (request, reply) => {
        const { pdf, fileName } = await candidateArchive(deps, serviceContext(request), request.params.applicationId);
        return reply
          .type('application/pdf')
          .header('content-disposition', contentDisposition(fileName, true))
          .send(pdf);
      },
    );

    app.post(
      '/api/campaigns/:campaignId/archives',
      {
        config: { access: 'application.read' },
        schema: {
          tags: TAGS,
          summary: '生成一个单位或辖区的归档材料压缩包（每名考生一个 PDF，以“准考证号-姓名”命名；后台任务）',
          description:
            '立即返回 202 和 jobId；用 GET /api/jobs/:jobId 查询进度（按考生计），完成后结果中的 downloadUrl（GET /api/archives/:jobId.zip）下载，文件保留 24 小时。范围内没有经省级确认的考生时 409 ARCHIVE_EMPTY。',
          params: archiveCampaignParams,
          body: archiveZipBody,
          response: { 202: jobStarted },
        },
      },
      async (request, reply) => {
        const ctx = serviceContext(request);
        const plan = await planArchiveZip(deps, ctx, request.params.campaignId, request.body.nodeId);
        const jobId = await jobs.start(
          ctx.actor,
          ARCHIVE_JOB_KIND,
          '生成归档材料',
          (job) => writeArchiveZip(deps, ctx.actor, plan, job),
          plan.candidates.length,
        );
        return reply.code(202).send({ jobId });
      },
    );

    app.get(
      '/api/archives/:jobId.zip',
      {
        config: { access: 'application.read' },
        schema: {
          tags: TAGS,
          summary: '下载归档材料压缩包（仅任务发起人；文件从磁盘流式传输）',
          params: archiveJobParams,
        },
      },
      async (request, reply) => {
        const { stream, size, fileName } = await openArchiveZip(deps, requireActor(request), request.params.jobId);
        return reply
          .type('application/zip')
          .header('content-length', size)
          .header('content-disposition', contentDisposition(fileName, false))
          .send(stream);
      },
    );
  };
}
