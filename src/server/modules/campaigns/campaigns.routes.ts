import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import {
  campaignListResponse,
  campaignSchema,
  campaignTemplateSchema,
  closeCampaignBody,
  createBody,
  extensionBody,
  idParams,
  jurisdictionBody,
  jurisdictionParams,
  templateQuery,
  updateBody,
} from './campaigns.schemas.js';
import {
  closeCampaign,
  createCampaign,
  extendWindow,
  getCampaign,
  getCampaignTemplate,
  getCurrentCampaign,
  listCampaigns,
  openCampaign,
  setOnlineRegistration,
  updateCampaign,
} from './campaigns.service.js';

const TAGS = ['考核年度'];

export function campaignRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/campaigns',
      {
        config: { access: 'campaign.read' },
        schema: { tags: TAGS, summary: '考核年度列表（新的在前）', response: { 200: campaignListResponse } },
      },
      async (request) => listCampaigns(deps, serviceContext(request)),
    );

    app.get(
      '/api/campaigns/current',
      {
        // 考点管理员 read no campaigns, but the seating pages need the open one's id.
        config: { access: ['campaign.read', 'seating.read'] },
        schema: {
          tags: TAGS,
          summary: '开放中的考核年度（没有时为 null）',
          response: { 200: campaignSchema.nullable() },
        },
      },
      async (request) => getCurrentCampaign(deps, serviceContext(request)),
    );

    app.get(
      '/api/campaigns/template',
      {
        config: { access: 'campaign.manage' },
        schema: {
          tags: TAGS,
          summary: '新考核年度的草稿（2017年通知的日程和默认设置移到 Y 年）',
          querystring: templateQuery,
          response: { 200: campaignTemplateSchema },
        },
      },
      async (request) => getCampaignTemplate(deps, serviceContext(request), request.query.year),
    );

    app.get(
      '/api/campaigns/:id',
      {
        config: { access: 'campaign.read' },
        schema: { tags: TAGS, summary: '考核年度详情', params: idParams, response: { 200: campaignSchema } },
      },
      async (request) => getCampaign(deps, serviceContext(request), request.params.id),
    );

    app.post(
      '/api/campaigns',
      {
        config: { access: 'campaign.manage' },
        schema: {
          tags: TAGS,
          summary: '建立考核年度（未填的设置取模板）',
          body: createBody,
          response: { 201: campaignSchema },
        },
      },
      async (request, reply) => reply.code(201).send(await createCampaign(deps, serviceContext(request), request.body)),
    );

    app.patch(
      '/api/campaigns/:id',
      {
        config: { access: 'campaign.manage' },
        schema: {
          tags: TAGS,
          summary: '修改考核年度（已结束的不能修改；开放后不能改年度和工种目录）',
          params: idParams,
          body: updateBody,
          response: { 200: campaignSchema },
        },
      },
      async (request) => updateCampaign(deps, serviceContext(request), request.params.id, request.body),
    );

    app.put(
      '/api/campaigns/:id/jurisdictions/:jurisdictionId',
      {
        config: { access: 'campaign.manage' },
        schema: {
          tags: TAGS,
          summary: '设置某辖区是否开展网上报名',
          params: jurisdictionParams,
          body: jurisdictionBody,
          response: { 200: campaignSchema },
        },
      },
      async (request) =>
        setOnlineRegistration(
          deps,
          serviceContext(request),
          request.params.id,
          request.params.jurisdictionId,
          request.body.onlineRegistration,
        ),
    );

    app.post(
      '/api/campaigns/:id/extensions',
      {
        config: { access: 'campaign.manage' },
        schema: {
          tags: TAGS,
          summary: '为某辖区延长某一阶段的截止日期',
          params: idParams,
          body: extensionBody,
          response: { 200: campaignSchema },
        },
      },
      async (request) => extendWindow(deps, serviceContext(request), request.params.id, request.body),
    );

    app.post(
      '/api/campaigns/:id/open',
      {
        config: { access: 'campaign.manage' },
        schema: {
          tags: TAGS,
          summary: '开放考核年度（同一时间只能开放一个）',
          params: idParams,
          response: { 200: campaignSchema },
        },
      },
      async (request) => openCampaign(deps, serviceContext(request), request.params.id),
    );

    app.post(
      '/api/campaigns/:id/close',
      {
        config: { access: 'campaign.manage' },
        schema: {
          tags: TAGS,
          summary: '结束考核年度（成绩发布后；结束后该年度数据只读，数据库拒绝任何修改）',
          description:
            '成绩未发布或仍有考生未交卷时 409 CAMPAIGN_NOT_FINISHED。confirmName 须与考核年度名称一致（网页的确认）。结束后对该年度数据的任何修改均以 409 CAMPAIGN_CLOSED 拒绝，查询和归档材料不受影响。',
          params: idParams,
          body: closeCampaignBody,
          response: { 200: campaignSchema },
        },
      },
      async (request) => closeCampaign(deps, serviceContext(request), request.params.id, request.body?.confirmName),
    );
  };
}
