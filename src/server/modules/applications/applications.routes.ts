import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';
import { readUpload } from '../../platform/uploads.js';
import { bulkSubmit } from './applications.bulk.js';
import {
  contentDisposition,
  deleteFile,
  downloadFile,
  PHOTO_MAX_BYTES,
  SCAN_MAX_BYTES,
  uploadFile,
} from './applications.files.js';
import type { FileKind } from './applications.repository.js';
import {
  actionBody,
  applicationSchema,
  bulkSubmitBody,
  bulkSubmitResponse,
  createBody,
  evaluateBody,
  evaluateResponse,
  fileKindSchema,
  fileParams,
  fileSchema,
  idParams,
  listQuery,
  listResponse,
  updateBody,
} from './applications.schemas.js';
import {
  confirmApplication,
  createApplication,
  deleteApplication,
  evaluateApplication,
  getApplication,
  listApplications,
  submitApplication,
  updateApplicationFields,
} from './applications.service.js';

const TAGS = ['报名申请'];

/**
 * Reads `kind`, `file` and, for the 一级 evidence, `appraisalYear` (年度考核登记表) and `description` (获奖证书/专利证书)
 * from a multipart upload; the file may be at most a scan's limit (plus one byte). The service checks that the
 * kind's field is there and fits.
 */
async function readFileUpload(request: FastifyRequest) {
  const { fields, file } = await readUpload(request, {
    maxBytes: SCAN_MAX_BYTES + 1,
    fields: ['kind', 'appraisalYear', 'description'],
    tooLarge: { code: 'FILE_TOO_LARGE', message: `文件不能超过 5 MB（照片不能超过 ${PHOTO_MAX_BYTES / 1024} KB）` },
    missingFile: '请选择要上传的文件',
  });
  const kind = fileKindSchema.safeParse(fields.kind);
  if (!kind.success) {
    throw new AppError(
      'VALIDATION_FAILED',
      '字段「kind」：须为 photo、grade_certificate、graduation_certificate、evidence、appraisal_form 或 award_certificate',
    );
  }
  return {
    kind: kind.data as FileKind,
    fileName: file.fileName,
    data: file.data,
    appraisalYear: fields.appraisalYear,
    description: fields.description,
  };
}

export function applicationRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/applications/evaluate',
      {
        // application.read or application.self: the service checks which (one route serves both).
        config: { access: ['application.read', 'application.self'] },
        schema: {
          tags: TAGS,
          summary: '填表时即时检查申报条件（不保存）',
          description: '需要 application.read 或 application.self 权限。',
          body: evaluateBody,
          response: { 200: evaluateResponse },
        },
      },
      async (request) => evaluateApplication(deps, serviceContext(request), request.body),
    );

    app.get(
      '/api/applications',
      {
        config: { access: 'application.read' },
        schema: { tags: TAGS, summary: '申请列表', querystring: listQuery, response: { 200: listResponse } },
      },
      async (request) => listApplications(deps, serviceContext(request), request.query),
    );

    app.post(
      '/api/applications',
      {
        config: { access: 'application.manage' },
        schema: {
          tags: TAGS,
          summary: '单位填报申请（草稿或提交）',
          body: createBody,
          response: { 201: applicationSchema },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await createApplication(deps, serviceContext(request), request.body)),
    );

    app.get(
      '/api/applications/:id',
      {
        // application.read, or application.self for one's own application: the service checks.
        config: { access: ['application.read', 'application.self'] },
        schema: { tags: TAGS, summary: '申请详情', params: idParams, response: { 200: applicationSchema } },
      },
      async (request) => getApplication(deps, serviceContext(request), request.params.id),
    );

    app.patch(
      '/api/applications/:id',
      {
        config: { access: 'application.manage' },
        schema: {
          tags: TAGS,
          summary: '修改申请（草稿、待单位确认或退回的）',
          params: idParams,
          body: updateBody,
          response: { 200: applicationSchema },
        },
      },
      async (request) => updateApplicationFields(deps, serviceContext(request), request.params.id, request.body),
    );

    app.post(
      '/api/applications/bulk-submit',
      {
        config: { access: 'application.manage' },
        schema: {
          tags: TAGS,
          summary: '批量提交申请（勾选的，或符合筛选条件的全部草稿）',
          description:
            '逐一按单个提交的规则检查（本单位的、可提交的状态、报名时间内、信息完整有效）；不能提交的跳过并说明原因，其余一次提交。',
          body: bulkSubmitBody,
          response: { 200: bulkSubmitResponse },
        },
      },
      async (request) => bulkSubmit(deps, serviceContext(request), request.body),
    );

    app.post(
      '/api/applications/:id/submit',
      {
        config: { access: 'application.manage' },
        schema: {
          tags: TAGS,
          summary: '提交申请',
          params: idParams,
          body: actionBody,
          response: { 200: applicationSchema },
        },
      },
      async (request) =>
        submitApplication(deps, serviceContext(request), request.params.id, request.body?.version ?? undefined),
    );

    app.post(
      '/api/applications/:id/confirm',
      {
        config: { access: 'application.manage' },
        schema: {
          tags: TAGS,
          summary: '确认申报人网上报名的申请',
          params: idParams,
          body: actionBody,
          response: { 200: applicationSchema },
        },
      },
      async (request) =>
        confirmApplication(deps, serviceContext(request), request.params.id, request.body?.version ?? undefined),
    );

    app.delete(
      '/api/applications/:id',
      {
        config: { access: 'application.manage' },
        schema: {
          tags: TAGS,
          summary: '删除申请草稿',
          params: idParams,
          body: actionBody,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await deleteApplication(deps, serviceContext(request), request.params.id, request.body?.version ?? undefined);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/applications/:id/files',
      {
        // application.manage (the unit) or application.self (one's own application): the service checks.
        config: { access: ['application.manage', 'application.self'] },
        schema: {
          tags: TAGS,
          summary: '上传照片或证书扫描件',
          description:
            'multipart/form-data：kind（photo 2寸免冠照片 / grade_certificate 现等级证书 / graduation_certificate 毕业证书 / evidence 其他证明材料 / appraisal_form 年度考核登记表 / award_certificate 获奖证书或专利证书）、file；一级申请的 appraisal_form 须带 appraisalYear（近五年之一，Y−5…Y−1），award_certificate 须带 description（奖项名称、授予机关、年份，不超过 100 字）。照片：JPEG，不超过 200 KB，宽:高 0.65–0.8，不小于 260×360 像素；扫描件：JPEG、PNG 或 PDF，不超过 5 MB。新照片替换旧照片。',
          consumes: ['multipart/form-data'],
          params: idParams,
          response: { 201: fileSchema },
        },
      },
      async (request, reply) => {
        const upload = await readFileUpload(request);
        return reply.code(201).send(await uploadFile(deps, serviceContext(request), request.params.id, upload));
      },
    );

    app.get(
      '/api/applications/:id/files/:fileId',
      {
        // application.read, or application.self for one's own application: the service checks.
        config: { access: ['application.read', 'application.self'] },
        schema: { tags: TAGS, summary: '下载照片或扫描件', params: fileParams },
      },
      async (request, reply) => {
        const { meta, data } = await downloadFile(
          deps,
          serviceContext(request),
          request.params.id,
          request.params.fileId,
        );
        return reply
          .type(meta.mime)
          .header('content-disposition', contentDisposition(meta.fileName, meta.mime !== 'application/pdf'))
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
          .send(data);
      },
    );

    app.delete(
      '/api/applications/:id/files/:fileId',
      {
        // application.manage (the unit) or application.self (one's own application): the service checks.
        config: { access: ['application.manage', 'application.self'] },
        schema: { tags: TAGS, summary: '删除照片或扫描件', params: fileParams, response: { 204: z.null() } },
      },
      async (request, reply) => {
        await deleteFile(deps, serviceContext(request), request.params.id, request.params.fileId);
        return reply.code(204).send(null);
      },
    );
  };
}
