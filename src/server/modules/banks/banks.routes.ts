import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import { contentDisposition } from '../applications/applications.files.js';
import { XLSX_MIME } from './banks.excel.js';
import { sampleBankWorkbook } from './banks.sample.js';
import {
  bankIdParams,
  bankSchema,
  banksResponse,
  createBankBody,
  itemChangeResponse,
  itemContentBody,
  itemContentResponse,
  itemIdParams,
  itemsQuery,
  itemsResponse,
  itemVersionParams,
  itemVersionsResponse,
  updateBankBody,
  updateItemBody,
} from './banks.schemas.js';
import {
  createBank,
  createItem,
  decideItem,
  listBanks,
  listItems,
  listItemVersions,
  updateBank,
  updateItem,
  viewItemVersion,
} from './banks.service.js';

const TAGS = ['题库'];

export function bankRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/banks',
      {
        config: { access: 'bank.read' },
        schema: { tags: TAGS, summary: '题库列表（题库管理员）', response: { 200: banksResponse } },
      },
      async (request) => listBanks(deps, serviceContext(request)),
    );

    app.get(
      '/api/banks/sample.xlsx',
      {
        config: { access: 'bank.read', heavy: true },
        schema: {
          tags: TAGS,
          summary: '下载示例题库（Excel，汽车驾驶员四级，演示环境专用；非演示环境为 404）',
        },
      },
      async (request, reply) => {
        const { file, fileName } = await sampleBankWorkbook(deps, serviceContext(request));
        return reply.type(XLSX_MIME).header('content-disposition', contentDisposition(fileName, false)).send(file);
      },
    );

    app.post(
      '/api/banks',
      {
        config: { access: 'bank.manage' },
        schema: {
          tags: TAGS,
          summary: '新建题库（岗位技能：工种 × 等级；职业道德、职业能力：可按等级）',
          body: createBankBody,
          response: { 200: bankSchema },
        },
      },
      async (request) => createBank(deps, serviceContext(request), request.body),
    );

    app.patch(
      '/api/banks/:id',
      {
        config: { access: 'bank.manage' },
        schema: {
          tags: TAGS,
          summary: '修改题库名称',
          params: bankIdParams,
          body: updateBankBody,
          response: { 200: bankSchema },
        },
      },
      async (request) => updateBank(deps, serviceContext(request), request.params.id, request.body),
    );

    app.get(
      '/api/banks/:id/items',
      {
        config: { access: 'bank.read' },
        schema: {
          tags: TAGS,
          summary: '题库中的试题（最新版本的题型、知识点、难度、状态等，不含题目内容）',
          params: bankIdParams,
          querystring: itemsQuery,
          response: { 200: itemsResponse },
        },
      },
      async (request) => listItems(deps, serviceContext(request), request.params.id, request.query),
    );

    app.post(
      '/api/banks/:id/items',
      {
        config: { access: 'bank.manage' },
        schema: {
          tags: TAGS,
          summary: '新建试题（草稿，须由另一名题库管理员审核）',
          params: bankIdParams,
          body: itemContentBody,
          response: { 200: itemChangeResponse },
        },
      },
      async (request) => createItem(deps, serviceContext(request), request.params.id, request.body),
    );

    app.patch(
      '/api/bank-items/:id',
      {
        config: { access: 'bank.manage' },
        schema: {
          tags: TAGS,
          summary: '修改试题（未被试卷使用的版本原处修改，已使用的生成新版本；均回到草稿待审核）',
          params: itemIdParams,
          body: updateItemBody,
          response: { 200: itemChangeResponse },
        },
      },
      async (request) => updateItem(deps, serviceContext(request), request.params.id, request.body),
    );

    app.get(
      '/api/bank-items/:id/versions',
      {
        config: { access: 'bank.read' },
        schema: {
          tags: TAGS,
          summary: '试题的版本记录（不含题目内容）',
          params: itemIdParams,
          response: { 200: itemVersionsResponse },
        },
      },
      async (request) => listItemVersions(deps, serviceContext(request), request.params.id),
    );

    app.get(
      '/api/bank-items/:id/versions/:version',
      {
        config: { access: 'bank.read' },
        schema: {
          tags: TAGS,
          summary: '查看试题某一版本的内容（题干、选项、答案、解析；每次查看记入审计日志）',
          params: itemVersionParams,
          response: { 200: itemContentResponse },
        },
      },
      async (request) => viewItemVersion(deps, serviceContext(request), request.params.id, request.params.version),
    );

    app.post(
      '/api/bank-items/:id/versions/:version/approve',
      {
        config: { access: 'bank.manage' },
        schema: {
          tags: TAGS,
          summary: '审核通过试题的某一版本（不能审核本人编写的版本；通过后同题的旧版本停用）',
          params: itemVersionParams,
          response: { 200: itemChangeResponse },
        },
      },
      async (request) =>
        decideItem(deps, serviceContext(request), request.params.id, request.params.version, 'approve'),
    );

    app.post(
      '/api/bank-items/:id/versions/:version/retire',
      {
        config: { access: 'bank.manage' },
        schema: {
          tags: TAGS,
          summary: '停用试题的某一版本',
          params: itemVersionParams,
          response: { 200: itemChangeResponse },
        },
      },
      async (request) => decideItem(deps, serviceContext(request), request.params.id, request.params.version, 'retire'),
    );
  };
}
