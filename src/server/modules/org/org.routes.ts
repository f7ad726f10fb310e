import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';
import { readImportUpload } from '../../platform/uploads.js';
import { buildImportTemplate, type ImportMode, importOrgNodes, MAX_IMPORT_ROWS } from './org.import.js';
import {
  createBody,
  idParams,
  importResponse,
  listQuery,
  listResponse,
  nodeDetailSchema,
  nodeSchema,
  updateBody,
} from './org.schemas.js';
import { createNode, getNode, listNodes, setNodeActive, updateNodeDetails } from './org.service.js';

const TAGS = ['组织机构'];

export function orgRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/org/nodes',
      {
        config: { access: 'org.read' },
        schema: {
          tags: TAGS,
          summary: '机构列表（下级或整个下级范围）',
          querystring: listQuery,
          response: { 200: listResponse },
        },
      },
      async (request) => listNodes(deps, serviceContext(request), request.query),
    );

    app.get(
      '/api/org/nodes/:id',
      {
        config: { access: 'org.read' },
        schema: { tags: TAGS, summary: '机构详情', params: idParams, response: { 200: nodeDetailSchema } },
      },
      async (request) => getNode(deps, serviceContext(request), request.params.id),
    );

    app.post(
      '/api/org/nodes',
      {
        config: { access: 'org.manage' },
        schema: { tags: TAGS, summary: '新增主管部门或单位', body: createBody, response: { 201: nodeSchema } },
      },
      async (request, reply) => reply.code(201).send(await createNode(deps, serviceContext(request), request.body)),
    );

    app.patch(
      '/api/org/nodes/:id',
      {
        config: { access: 'org.manage' },
        schema: {
          tags: TAGS,
          summary: '修改机构信息',
          params: idParams,
          body: updateBody,
          response: { 200: nodeSchema },
        },
      },
      async (request) => updateNodeDetails(deps, serviceContext(request), request.params.id, request.body),
    );

    for (const [action, active] of [
      ['deactivate', false],
      ['activate', true],
    ] as const) {
      app.post(
        `/api/org/nodes/:id/${action}`,
        {
          config: { access: 'org.manage' },
          schema: {
            tags: TAGS,
            summary: active ? '启用机构' : '停用机构',
            params: idParams,
            response: { 200: nodeSchema },
          },
        },
        async (request) => setNodeActive(deps, serviceContext(request), request.params.id, active),
      );
    }

    app.get(
      '/api/org/import/template',
      { config: { access: 'org.manage' }, schema: { tags: TAGS, summary: '下载机构导入模板（Excel）' } },
      async (_request, reply) => {
        const file = await buildImportTemplate();
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('机构导入模板.xlsx')}`)
          .send(file);
      },
    );

    app.post(
      '/api/org/import',
      {
        config: { access: 'org.manage' },
        schema: {
          tags: TAGS,
          summary: '从 Excel 导入主管部门和单位',
          description: `multipart/form-data：parentId（导入到哪个辖区或主管部门下）、mode（all_or_nothing 全部无误才导入 / good_rows 只导入无误的行）、file（.xlsx，不超过 10 MB，最多 ${MAX_IMPORT_ROWS} 行；超过时 413 IMPORT_TOO_MANY_ROWS）。`,
          consumes: ['multipart/form-data'],
          response: { 200: importResponse },
        },
      },
      async (request) => {
        const { fields, file } = await readImportUpload(request, ['parentId', 'mode']);
        const parentId = Number(fields.parentId);
        if (!Number.isInteger(parentId) || parentId <= 0)
          throw new AppError('VALIDATION_FAILED', '字段「parentId」：请选择导入位置');
        const mode = fields.mode ?? 'all_or_nothing';
        if (mode !== 'all_or_nothing' && mode !== 'good_rows') {
          throw new AppError('VALIDATION_FAILED', '字段「mode」：须为 all_or_nothing 或 good_rows');
        }
        return importOrgNodes(deps, serviceContext(request), parentId, mode as ImportMode, file.data);
      },
    );
  };
}
