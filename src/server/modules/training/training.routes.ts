import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import {
  attendanceBody,
  campaignParams,
  candidateQuery,
  candidatesResponse,
  classBody,
  classListQuery,
  classListResponse,
  classParams,
  classSchema,
  enrolBody,
  enrolmentParams,
  enrolResponse,
  okResponse,
  pageQuery,
  rosterResponse,
  settingsBody,
  settingsSchema,
  sittingBody,
  sittingParams,
  sittingResponse,
} from './training.schemas.js';
import * as service from './training.service.js';

const TAGS = ['培训'];

export function trainingRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/campaigns/:id/training/settings',
      {
        config: { access: 'campaign.read' },
        schema: {
          tags: TAGS,
          summary: '培训要求（是否作为编排条件、出勤比例）',
          params: campaignParams,
          response: { 200: settingsSchema },
        },
      },
      async (request) => service.getTrainingSettings(deps, serviceContext(request), request.params.id),
    );

    app.put(
      '/api/campaigns/:id/training/settings',
      {
        config: { access: 'campaign.manage' },
        schema: {
          tags: TAGS,
          summary: '设置培训要求（省工考办）',
          params: campaignParams,
          body: settingsBody,
          response: { 200: settingsSchema },
        },
      },
      async (request) => service.setTrainingSettings(deps, serviceContext(request), request.params.id, request.body),
    );

    app.get(
      '/api/campaigns/:id/training/classes',
      {
        config: { access: 'training.manage' },
        schema: {
          tags: TAGS,
          summary: '培训班列表（辖区只见本辖区，省工考办见全部）',
          params: campaignParams,
          querystring: classListQuery,
          response: { 200: classListResponse },
        },
      },
      async (request) => service.listClasses(deps, serviceContext(request), request.params.id, request.query),
    );

    app.post(
      '/api/campaigns/:id/training/classes',
      {
        config: { access: 'training.manage' },
        schema: {
          tags: TAGS,
          summary: '新建培训班',
          params: campaignParams,
          body: classBody,
          response: { 201: classSchema },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await service.createClass(deps, serviceContext(request), request.params.id, request.body)),
    );

    app.get(
      '/api/training/classes/:classId',
      {
        config: { access: 'training.manage' },
        schema: { tags: TAGS, summary: '培训班详情（含课次）', params: classParams, response: { 200: classSchema } },
      },
      async (request) => service.getClass(deps, serviceContext(request), request.params.classId),
    );

    app.put(
      '/api/training/classes/:classId',
      {
        config: { access: 'training.manage' },
        schema: {
          tags: TAGS,
          summary: '修改培训班',
          params: classParams,
          body: classBody,
          response: { 200: classSchema },
        },
      },
      async (request) => service.updateClass(deps, serviceContext(request), request.params.classId, request.body),
    );

    app.delete(
      '/api/training/classes/:classId',
      {
        config: { access: 'training.manage' },
        schema: {
          tags: TAGS,
          summary: '删除培训班（没有学员和课次时）',
          params: classParams,
          response: { 200: okResponse },
        },
      },
      async (request) => service.deleteClass(deps, serviceContext(request), request.params.classId),
    );

    app.get(
      '/api/training/classes/:classId/roster',
      {
        config: { access: 'training.manage' },
        schema: {
          tags: TAGS,
          summary: '学员名单（含考勤和是否完成培训），分页',
          params: classParams,
          querystring: pageQuery,
          response: { 200: rosterResponse },
        },
      },
      async (request) =>
        service.getRoster(
          deps,
          serviceContext(request),
          request.params.classId,
          request.query.page,
          request.query.pageSize,
        ),
    );

    app.get(
      '/api/training/classes/:classId/candidates',
      {
        config: { access: 'training.manage' },
        schema: {
          tags: TAGS,
          summary: '可加入的考生：本辖区已省级确认、工种等级在本班范围内、尚未参加培训班的，分页',
          params: classParams,
          querystring: candidateQuery,
          response: { 200: candidatesResponse },
        },
      },
      async (request) => service.listAvailable(deps, serviceContext(request), request.params.classId, request.query),
    );

    app.post(
      '/api/training/classes/:classId/roster',
      {
        config: { access: 'training.manage' },
        schema: {
          tags: TAGS,
          summary: '加入学员（逐个或按工种×等级批量）',
          params: classParams,
          body: enrolBody,
          response: { 200: enrolResponse },
        },
      },
      async (request) => service.enrolCandidates(deps, serviceContext(request), request.params.classId, request.body),
    );

    app.delete(
      '/api/training/classes/:classId/roster/:applicationId',
      {
        config: { access: 'training.manage' },
        schema: {
          tags: TAGS,
          summary: '移出学员（连同其考勤）',
          params: enrolmentParams,
          response: { 200: okResponse },
        },
      },
      async (request) =>
        service.removeCandidate(deps, serviceContext(request), request.params.classId, request.params.applicationId),
    );

    app.post(
      '/api/training/classes/:classId/sittings',
      {
        config: { access: 'training.manage' },
        schema: {
          tags: TAGS,
          summary: '新增课次',
          params: classParams,
          body: sittingBody,
          response: { 201: sittingResponse },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await service.addSitting(deps, serviceContext(request), request.params.classId, request.body)),
    );

    app.delete(
      '/api/training/classes/:classId/sittings/:sittingId',
      {
        config: { access: 'training.manage' },
        schema: { tags: TAGS, summary: '删除课次（连同其考勤）', params: sittingParams, response: { 200: okResponse } },
      },
      async (request) =>
        service.removeSitting(deps, serviceContext(request), request.params.classId, request.params.sittingId),
    );

    app.put(
      '/api/training/classes/:classId/sittings/:sittingId/attendance',
      {
        config: { access: 'training.manage' },
        schema: {
          tags: TAGS,
          summary: '批量记录本课次的考勤（出勤/缺勤/请假）',
          params: sittingParams,
          body: attendanceBody,
          response: { 200: okResponse },
        },
      },
      async (request) =>
        service.recordAttendance(
          deps,
          serviceContext(request),
          request.params.classId,
          request.params.sittingId,
          request.body.records,
        ),
    );
  };
}
