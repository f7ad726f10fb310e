import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';
import { readImportUpload } from '../../platform/uploads.js';
import { buildCatalogTemplate, importCatalog, MAX_CATALOG_ROWS } from './catalog.import.js';
import {
  importResponse,
  jobTypesQuery,
  jobTypesResponse,
  versionIdParams,
  versionsResponse,
} from './catalog.schemas.js';
import { listJobTypes, listVersions } from './catalog.service.js';

const TAGS = ['工种目录'];

export function catalogRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/catalog/versions',
      {
        config: { access: 'campaign.read' },
        schema: { tags: TAGS, summary: '工种目录版本列表（新的在前）', response: { 200: versionsResponse } },
      },
      async (request) => listVersions(deps, serviceContext(request)),
    );

    app.get(
      '/api/catalog/versions/:id/job-types',
      {
        config: { access: 'campaign.read' },
        schema: {
          tags: TAGS,
          summary: '某一目录版本的工种（可按名称、类别、等级筛选）',
          params: versionIdParams,
          querystring: jobTypesQuery,
          response: { 200: jobTypesResponse },
        },
      },
      async (request) => listJobTypes(deps, serviceContext(request), request.params.id, request.query),
    );

    app.get(
      '/api/catalog/template',
      { config: { access: 'catalog.manage' }, schema: { tags: TAGS, summary: '下载工种目录导入模板（Excel）' } },
      async (_request, reply) => {
        const file = await buildCatalogTemplate();
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('工种目录导入模板.xlsx')}`)
          .send(file);
      },
    );

    app.post(
      '/api/catalog/import',
      {
        config: { access: 'catalog.manage' },
        schema: {
          tags: TAGS,
          summary: '从 Excel 导入一个工种目录版本（全部无误才建立）',
          description: `multipart/form-data：name（发布目录的文号，不能与已有目录重复）、title（目录标题）、file（.xlsx，按模板填写，不超过 10 MB，最多 ${MAX_CATALOG_ROWS} 行；超过时 413 IMPORT_TOO_MANY_ROWS）。有错误时逐行列出（行号、列名、原因），不建立目录版本。`,
          consumes: ['multipart/form-data'],
          response: { 200: importResponse },
        },
      },
      async (request) => {
        const { fields, file } = await readImportUpload(request, ['name', 'title']);
        const name = (fields.name ?? '').trim();
        const title = (fields.title ?? '').trim();
        if (!name) throw new AppError('VALIDATION_FAILED', '字段「name」：请填写发布目录的文号');
        if (name.length > 100) throw new AppError('VALIDATION_FAILED', '字段「name」：文号不能超过100字');
        if (!title) throw new AppError('VALIDATION_FAILED', '字段「title」：请填写目录标题');
        if (title.length > 200) throw new AppError('VALIDATION_FAILED', '字段「title」：目录标题不能超过200字');
        return importCatalog(deps, serviceContext(request), { name, title, file: file.data });
      },
    );
  };
}
