import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { requestMeta, serviceContext } from '../../platform/access.js';
import { contentDisposition } from '../applications/applications.files.js';
import {
  campaignParams,
  entriesQuery,
  entriesResponse,
  investigateBody,
  noticeQuery,
  objectionBody,
  objectionParams,
  objectionResponse,
  objectionsQuery,
  objectionsResponse,
  overviewResponse,
  publicCampaignParams,
  publicEntriesResponse,
  publicListResponse,
  publicObjectionResponse,
  publishBody,
  publishResponse,
  resolveBody,
  trackQuery,
} from './publicity.schemas.js';
import {
  fileObjectionOnline,
  investigateObjection,
  listEntries,
  listObjections,
  publicEntries,
  publicityOverview,
  publicPublicityList,
  publishPublicity,
  qualifiedNotice,
  recordObjection,
  resolveObjection,
} from './publicity.service.js';

const TAGS = ['合格人员公示'];

export function publicityRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/campaigns/:id/publicity',
      {
        config: { access: 'publicity.manage' },
        schema: {
          tags: TAGS,
          summary: '公示概况（一个结果批次）：公示期、人数、未处理的异议、可做的操作，以及两个批次的状态',
          params: campaignParams,
          querystring: trackQuery,
          response: { 200: overviewResponse },
        },
      },
      async (request) => publicityOverview(deps, serviceContext(request), request.params.id, request.query.track),
    );

    app.post(
      '/api/campaigns/:id/publicity',
      {
        config: { access: 'publicity.manage' },
        schema: {
          tags: TAGS,
          summary: '发布合格人员公示（省级）：成绩发布后，按工作日计算公示期',
          params: campaignParams,
          body: publishBody,
          response: { 200: publishResponse },
        },
      },
      async (request) => publishPublicity(deps, serviceContext(request), request.params.id, request.body),
    );

    app.get(
      '/api/campaigns/:id/publicity/entries',
      {
        config: { access: 'publicity.manage' },
        schema: {
          tags: TAGS,
          summary: '公示名单（含已取消的人员；分页，按姓名或单位查找）',
          params: campaignParams,
          querystring: entriesQuery,
          response: { 200: entriesResponse },
        },
      },
      async (request) => listEntries(deps, serviceContext(request), request.params.id, request.query),
    );

    app.get(
      '/api/campaigns/:id/publicity/objections',
      {
        config: { access: 'publicity.manage' },
        schema: {
          tags: TAGS,
          summary: '公示异议列表',
          params: campaignParams,
          querystring: objectionsQuery,
          response: { 200: objectionsResponse },
        },
      },
      async (request) =>
        listObjections(deps, serviceContext(request), request.params.id, request.query.status, request.query.track),
    );

    app.post(
      '/api/campaigns/:id/publicity/objections',
      {
        config: { access: 'publicity.manage' },
        schema: {
          tags: TAGS,
          summary: '登记异议（工作人员代为登记来信来电）',
          params: campaignParams,
          body: objectionBody,
          response: { 200: objectionResponse },
        },
      },
      async (request) => recordObjection(deps, serviceContext(request), request.params.id, request.body),
    );

    app.post(
      '/api/publicity-objections/:id/investigate',
      {
        config: { access: 'publicity.manage' },
        schema: {
          tags: TAGS,
          summary: '记录异议的调查情况（状态改为调查中）',
          params: objectionParams,
          body: investigateBody,
          response: { 200: objectionResponse },
        },
      },
      async (request) =>
        investigateObjection(deps, serviceContext(request), request.params.id, request.body.investigation),
    );

    app.post(
      '/api/publicity-objections/:id/resolve',
      {
        config: { access: 'publicity.manage' },
        schema: {
          tags: TAGS,
          summary: '处理异议：成立（取消该人员的合格资格）或不成立，写明理由',
          params: objectionParams,
          body: resolveBody,
          response: { 200: objectionResponse },
        },
      },
      async (request) => resolveObjection(deps, serviceContext(request), request.params.id, request.body),
    );

    app.get(
      '/api/campaigns/:id/publicity/notice.pdf',
      {
        config: { access: 'publicity.manage' },
        schema: {
          tags: TAGS,
          summary: '合格人员通知（PDF，一个结果批次）：该批次公示期满、异议处理完毕后下发；不含已取消的人员',
          params: campaignParams,
          querystring: noticeQuery,
        },
      },
      async (request, reply) => {
        const { pdf, fileName } = await qualifiedNotice(
          deps,
          serviceContext(request),
          request.params.id,
          request.query.documentNumber,
          request.query.track,
        );
        return reply
          .type('application/pdf')
          .header('content-disposition', contentDisposition(fileName, true))
          .send(pdf);
      },
    );

    // ─── Public ──────────────────────────────────────────────────────────────────────────────────────────
    const rateLimit = { max: deps.config.publicRatePerMinute, timeWindow: 60_000 };

    app.get(
      '/api/public/publicity',
      {
        config: { access: 'public', rateLimit },
        schema: {
          tags: ['公众服务'],
          summary: '合格人员公示（无需登录）：正在公示和已公示的考核年度，每个结果批次（五级至二级、一级）一项',
          response: { 200: publicListResponse },
        },
      },
      async () => publicPublicityList(deps),
    );

    app.get(
      '/api/public/publicity/:campaignId',
      {
        config: { access: 'public', rateLimit },
        schema: {
          tags: ['公众服务'],
          summary:
            '合格人员公示名单（无需登录）：姓名、单位、工种、等级，身份证号隐去中间 8 位；分页，按姓名或单位查找',
          params: publicCampaignParams,
          querystring: entriesQuery.omit({ struck: true }),
          response: { 200: publicEntriesResponse },
        },
      },
      async (request) => publicEntries(deps, request.params.campaignId, request.query),
    );

    app.post(
      '/api/public/publicity/:campaignId/objections',
      {
        config: {
          access: 'public',
          rateLimit: { max: Math.max(1, Math.ceil(deps.config.publicRatePerMinute / 6)), timeWindow: 60_000 },
        },
        schema: {
          tags: ['公众服务'],
          summary: '对公示人员提出异议（无需登录，公示期内）：写明异议人姓名、联系方式和异议内容',
          description: '按来源地址限流。公示期外答 409 PUBLICITY_ENDED 或 404 PUBLICITY_NOT_PUBLISHED。',
          params: publicCampaignParams,
          body: objectionBody,
          response: { 200: publicObjectionResponse },
        },
      },
      async (request) => fileObjectionOnline(deps, requestMeta(request), request.params.campaignId, request.body),
    );
  };
}
