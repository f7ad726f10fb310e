import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import type { JobRunner } from '../../platform/jobs.js';
import { jobStarted } from '../jobs/jobs.schemas.js';
import {
  campaignParams,
  certificateListQuery,
  certificateListResponse,
  certificateOverviewResponse,
  certificateParams,
  numberParams,
  publicCertificateResponse,
  publicKeyResponse,
  reissueBody,
  revokeBody,
  scopeQuery,
} from './certificates.schemas.js';
import {
  certificateOverview,
  certificatePublicKey,
  checkIssue,
  countToPrint,
  issueCertificates,
  listCertificates,
  printCertificates,
  publicCertificate,
  reissueCertificate,
  revokeCertificate,
} from './certificates.service.js';

const TAGS = ['证书'];
const PDF_MIME = 'application/pdf';

export function certificateRoutes(deps: AppDeps, jobs: JobRunner): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/campaigns/:id/certificates/overview',
      {
        config: { access: 'certificates.read' },
        schema: {
          tags: TAGS,
          summary: '证书概况：合格人数、已发证和未发证人数、可做的操作（本人管辖范围或指定地区）',
          params: campaignParams,
          querystring: scopeQuery,
          response: { 200: certificateOverviewResponse },
        },
      },
      async (request) =>
        certificateOverview(deps, serviceContext(request), request.params.id, request.query.jurisdictionId),
    );

    app.get(
      '/api/campaigns/:id/certificates',
      {
        config: { access: 'certificates.read' },
        schema: {
          tags: TAGS,
          summary: '证书列表（本人管辖范围；分页、按地区、状态、等级、编号/姓名/身份证号筛选）',
          params: campaignParams,
          querystring: certificateListQuery,
          response: { 200: certificateListResponse },
        },
      },
      async (request) => listCertificates(deps, serviceContext(request), request.params.id, request.query),
    );

    app.post(
      '/api/campaigns/:id/certificates/issue',
      {
        config: { access: 'certificates.manage' },
        schema: {
          tags: TAGS,
          summary: '批量发证（后台任务）：为范围内成绩合格、尚未发证的考生发证；可重复执行，只补发缺少的',
          description:
            '省级不填 jurisdictionId 为全省，地区管理员只能为本地区发证。成绩发布后方可发证。立即返回 202 和 jobId，用 GET /api/jobs/:jobId 查询进度和结果。',
          params: campaignParams,
          querystring: scopeQuery,
          response: { 202: jobStarted },
        },
      },
      async (request, reply) => {
        const ctx = serviceContext(request);
        const campaignId = request.params.id;
        const jurisdictionId = request.query.jurisdictionId;
        // The scope and the release are checked before the job starts, so a refusal is the request's answer.
        const missing = await checkIssue(deps, ctx, campaignId, jurisdictionId);
        const jobId = await jobs.start(
          ctx.actor,
          'certificate.issue',
          '批量发证',
          async ({ progress }) => ({
            result: await issueCertificates(deps, ctx, campaignId, jurisdictionId, (done, total) =>
              progress.report({ processed: done, total }),
            ),
          }),
          missing,
        );
        return reply.code(202).send({ jobId });
      },
    );

    app.post(
      '/api/campaigns/:id/certificates/print',
      {
        config: { access: 'certificates.manage' },
        schema: {
          tags: TAGS,
          summary: '打印证书（后台任务）：范围内全部有效证书生成一个 A4 PDF，每页一张，带防伪二维码',
          description: '立即返回 202 和 jobId；完成后用 GET /api/jobs/:jobId/file 下载 PDF。',
          params: campaignParams,
          querystring: scopeQuery,
          response: { 202: jobStarted },
        },
      },
      async (request, reply) => {
        const ctx = serviceContext(request);
        const campaignId = request.params.id;
        const jurisdictionId = request.query.jurisdictionId;
        const total = await countToPrint(deps, ctx, campaignId, jurisdictionId);
        const jobId = await jobs.start(
          ctx.actor,
          'certificate.print',
          '打印证书',
          async ({ progress }) => {
            const { file, fileName, count } = await printCertificates(deps, ctx, campaignId, jurisdictionId, (n) =>
              progress.report({ processed: n }),
            );
            return { result: { fileName, size: file.length, count }, file: { fileName, mime: PDF_MIME, data: file } };
          },
          total,
        );
        return reply.code(202).send({ jobId });
      },
    );

    app.post(
      '/api/certificates/:certificateId/revoke',
      {
        config: { access: 'certificates.manage' },
        schema: {
          tags: TAGS,
          summary: '撤销证书（须填写原因；记入审计日志）',
          params: certificateParams,
          body: revokeBody,
          response: { 200: z.object({ id: z.number().int(), status: z.literal('revoked') }) },
        },
      },
      async (request) =>
        revokeCertificate(deps, serviceContext(request), request.params.certificateId, request.body.reason),
    );

    app.post(
      '/api/certificates/:certificateId/reissue',
      {
        config: { access: 'certificates.manage' },
        schema: {
          tags: TAGS,
          summary: '遗失补发：原证书以“遗失补发”撤销，按新编号补发一张新证书（记入审计日志）',
          params: certificateParams,
          body: reissueBody,
          response: {
            200: z.object({ id: z.number().int(), number: z.string(), replacesId: z.number().int() }),
          },
        },
      },
      async (request) =>
        reissueCertificate(deps, serviceContext(request), request.params.certificateId, request.body.note),
    );

    const limited = { max: deps.config.publicRatePerMinute, timeWindow: 60_000 };

    app.get(
      '/api/public/certificates/public-key',
      {
        config: { access: 'public', rateLimit: limited },
        schema: {
          tags: ['公众服务'],
          summary: '证书二维码验签公钥（无需登录）',
          description:
            '证书二维码为 GKC1.<payload>.<signature>：payload 为证书公开信息 JSON（UTF-8）的 base64url，signature 为对 payload 字符串字节的 Ed25519 签名（base64url）。格式见 README“Verifying a certificate”。',
          response: { 200: publicKeyResponse },
        },
      },
      async (_request, reply) => {
        reply.header('cache-control', 'public, max-age=300');
        return certificatePublicKey(deps);
      },
    );

    app.get(
      '/api/public/certificates/:number',
      {
        config: { access: 'public', rateLimit: limited },
        schema: {
          tags: ['公众服务'],
          summary: '证书核验（无需登录）：按证书编号查询证书的公开信息和状态',
          description:
            '姓名部分遮盖；qr 与证书上二维码的文本相同。编号不存在答 404 CERTIFICATE_NOT_FOUND。按来源地址限流。',
          params: numberParams,
          response: { 200: publicCertificateResponse },
        },
      },
      async (request) => publicCertificate(deps, request.params.number),
    );
  };
}
