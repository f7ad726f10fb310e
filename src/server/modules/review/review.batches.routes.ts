import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import { contentDisposition } from '../applications/applications.files.js';
import {
  batchSchema,
  createBody,
  idParams,
  listQuery,
  listResponse,
  pendingQuery,
  pendingResponse,
  returnBody,
} from './review.batches.schemas.js';
import { batchSheet, getBatch, getPending, listBatches, returnBatch, submitBatch } from './review.batches.service.js';

const TAGS = ['汇总上报'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function reviewBatchRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/review/batches/pending',
      {
        config: { access: 'review.act' },
        schema: {
          tags: TAGS,
          summary: '待汇总上报的申请（数量与汇总数字）',
          description:
            '主管部门：本部门审核通过、尚未上报的申请；市县人社部门：资格审查合格、尚未上报的申请。单位和省工考办不汇总上报（toName 为 null，count 为 0）。',
          querystring: pendingQuery,
          response: { 200: pendingResponse },
        },
      },
      async (request) => getPending(deps, serviceContext(request), request.query.campaignId),
    );

    app.post(
      '/api/review/batches',
      {
        config: { access: 'review.act' },
        schema: {
          tags: TAGS,
          summary: '汇总上报（把待上报的申请一次全部上报）',
          description:
            '主管部门上报至市县人社部门（省直单位、中央驻豫单位的主管部门上报至省工考办）；市县人社部门上报至省工考办。没有待上报的申请时返回 BATCH_EMPTY；超过本级截止时间返回 REVIEW_DEADLINE_PASSED。',
          body: createBody,
          response: { 201: batchSchema },
        },
      },
      async (request, reply) => reply.code(201).send(await submitBatch(deps, serviceContext(request), request.body)),
    );

    app.get(
      '/api/review/batches',
      {
        config: { access: 'review.act' },
        schema: {
          tags: TAGS,
          summary: '汇总上报批次列表',
          querystring: listQuery,
          response: { 200: listResponse },
        },
      },
      async (request) => listBatches(deps, serviceContext(request), request.query),
    );

    app.get(
      '/api/review/batches/:id',
      {
        config: { access: 'review.act' },
        schema: { tags: TAGS, summary: '汇总上报批次详情', params: idParams, response: { 200: batchSchema } },
      },
      async (request) => getBatch(deps, serviceContext(request), request.params.id),
    );

    app.get(
      '/api/review/batches/:id/sheet.xlsx',
      {
        config: { access: 'review.act', heavy: true },
        schema: {
          tags: TAGS,
          summary: '下载汇总表（Excel：汇总数字与申报人员名单，身份证号部分隐藏）',
          params: idParams,
        },
      },
      async (request, reply) => {
        const { fileName, data } = await batchSheet(deps, serviceContext(request), request.params.id);
        return reply
          .type(XLSX)
          .header('content-disposition', contentDisposition(fileName, false))
          .header('cache-control', 'private, no-store')
          .send(data);
      },
    );

    app.post(
      '/api/review/batches/:id/return',
      {
        config: { access: 'review.act' },
        schema: {
          tags: TAGS,
          summary: '整批退回',
          description:
            '只有接收该批次的一级可以退回，且只在批次为「已上报」时。批次中接收单位尚未审核的申请全部退回上报的一级（状态「退回修改」），已审核的保持不变。其他情况返回 BATCH_NOT_RETURNABLE。',
          params: idParams,
          body: returnBody,
          response: { 200: batchSchema },
        },
      },
      async (request) => returnBatch(deps, serviceContext(request), request.params.id, request.body.reason),
    );
  };
}
