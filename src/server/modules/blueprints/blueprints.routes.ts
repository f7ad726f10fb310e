import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import {
  blueprintDetailSchema,
  blueprintIdParams,
  blueprintListQuery,
  campaignCheckResponse,
  checkBlueprintBody,
  checkResponse,
  createBlueprintBody,
  deleteBlueprintQuery,
  deleteBlueprintResponse,
  knowledgePointsQuery,
  knowledgePointsResponse,
  publishBlueprintBody,
  revisionBody,
  updateBlueprintBody,
} from './blueprints.schemas.js';
import {
  campaignCheck,
  checkDefinition,
  createBlueprint,
  deleteBlueprint,
  getBlueprint,
  knowledgePoints,
  publishBlueprint,
  updateBlueprint,
  withdrawBlueprint,
} from './blueprints.service.js';

const TAGS = ['组卷规则'];

export function blueprintRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/blueprints',
      {
        // Every pool of the campaign, counted: about a second for 100 banks of 5,000 items.
        config: { access: 'bank.read', heavy: true },
        schema: {
          tags: TAGS,
          summary: '考核年度的组卷规则及全年度检查（每个需要规则的科目、工种×等级：考生人数、规则状态、题量是否充足）',
          querystring: blueprintListQuery,
          response: { 200: campaignCheckResponse },
        },
      },
      async (request) => campaignCheck(deps, serviceContext(request), request.query),
    );

    app.post(
      '/api/blueprints',
      {
        config: { access: 'bank.manage' },
        schema: {
          tags: TAGS,
          summary: '新建组卷规则（草稿；不带 definition 时按默认规则）',
          body: createBlueprintBody,
          response: { 200: blueprintDetailSchema },
        },
      },
      async (request) => createBlueprint(deps, serviceContext(request), request.body),
    );

    app.post(
      '/api/blueprints/check',
      {
        config: { access: 'bank.read' },
        schema: {
          tags: TAGS,
          summary: '按已审核试题检查一份未保存的规则（每条规则需要、可用的题数，难度；编辑时实时显示）',
          body: checkBlueprintBody,
          response: { 200: checkResponse },
        },
      },
      async (request) => checkDefinition(deps, serviceContext(request), request.body),
    );

    app.get(
      '/api/blueprints/knowledge-points',
      {
        config: { access: 'bank.read' },
        schema: {
          tags: TAGS,
          summary: '某科目（工种、等级）已审核试题的知识点，按题型和难度计数（编辑规则时选择）',
          querystring: knowledgePointsQuery,
          response: { 200: knowledgePointsResponse },
        },
      },
      async (request) => knowledgePoints(deps, serviceContext(request), request.query),
    );

    app.get(
      '/api/blueprints/:id',
      {
        config: { access: 'bank.read' },
        schema: {
          tags: TAGS,
          summary: '一份组卷规则及其按考生各等级的题量检查',
          params: blueprintIdParams,
          response: { 200: blueprintDetailSchema },
        },
      },
      async (request) => getBlueprint(deps, serviceContext(request), request.params.id),
    );

    app.patch(
      '/api/blueprints/:id',
      {
        config: { access: 'bank.manage' },
        schema: {
          tags: TAGS,
          summary: '修改组卷规则（草稿；带回打开时的修订号）',
          params: blueprintIdParams,
          body: updateBlueprintBody,
          response: { 200: blueprintDetailSchema },
        },
      },
      async (request) => updateBlueprint(deps, serviceContext(request), request.params.id, request.body),
    );

    app.delete(
      '/api/blueprints/:id',
      {
        config: { access: 'bank.manage' },
        schema: {
          tags: TAGS,
          summary: '删除组卷规则（草稿，且未用于组卷）',
          params: blueprintIdParams,
          querystring: deleteBlueprintQuery,
          response: { 200: deleteBlueprintResponse },
        },
      },
      async (request) => deleteBlueprint(deps, serviceContext(request), request.params.id, request.query.revision),
    );

    app.post(
      '/api/blueprints/:id/publish',
      {
        config: { access: 'bank.manage' },
        schema: {
          tags: TAGS,
          summary: '发布组卷规则（按考生各等级的已审核试题检查；题量不足或难度不可达时拒绝）',
          params: blueprintIdParams,
          body: publishBlueprintBody,
          response: { 200: blueprintDetailSchema },
        },
      },
      async (request) => publishBlueprint(deps, serviceContext(request), request.params.id, request.body),
    );

    app.post(
      '/api/blueprints/:id/withdraw',
      {
        config: { access: 'bank.manage' },
        schema: {
          tags: TAGS,
          summary: '撤回发布（回到草稿；已按此规则生成试卷后不能撤回）',
          params: blueprintIdParams,
          body: revisionBody,
          response: { 200: blueprintDetailSchema },
        },
      },
      async (request) => withdrawBlueprint(deps, serviceContext(request), request.params.id, request.body.revision),
    );
  };
}
