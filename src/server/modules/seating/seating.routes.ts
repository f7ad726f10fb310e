import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import type { JobRunner } from '../../platform/jobs.js';
import { jobStarted } from '../jobs/jobs.schemas.js';
import {
  assignmentsPage,
  assignmentsQuery,
  campaignParams,
  latestRunResponse,
  moveBody,
  moveResponse,
  publishBody,
  publishResponse,
  roomSeatsResponse,
  roomSessionParams,
  roomsResponse,
  runBody,
  swapBody,
  swapResponse,
} from './seating.schemas.js';
import {
  checkSeatingRun,
  latestRun,
  listAssignments,
  moveSeat,
  publishSeating,
  roomSeats,
  runSeating,
  seatingRooms,
  swapSeats,
} from './seating.service.js';

const TAGS = ['编排考场'];

/** Seating (编排考场): the run (a background job on the app's `jobs` runner), the report, rooms, seats, moves. */
export function seatingRoutes(deps: AppDeps, jobs: JobRunner): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/campaigns/:id/seating/runs',
      {
        config: { access: 'seating.run' },
        schema: {
          tags: TAGS,
          summary: '编排考场：为本年度每位省级确认的考生安排场次、考场和座位（后台任务）',
          description:
            '已通知的考生保持原座位（moveNotified 为 true 时可重新安排，须重新通知）；以前编排的考生仍合适的保持不变（fresh 为 true 时全新编排）。立即返回 202 和 jobId，用 GET /api/jobs/:jobId 查询进度和结果（kind: seating, runId, counts）。',
          params: campaignParams,
          body: runBody,
          response: { 202: jobStarted },
        },
      },
      async (request, reply) => {
        const ctx = serviceContext(request);
        const campaignId = request.params.id;
        await checkSeatingRun(deps, ctx, campaignId);
        const options = { moveNotified: request.body.moveNotified, fresh: request.body.fresh };
        const jobId = await jobs.start(ctx.actor, 'seating', '编排考场', async ({ progress }) => ({
          result: await runSeating(deps, ctx, campaignId, options, { progress }),
        }));
        return reply.code(202).send({ jobId });
      },
    );

    app.get(
      '/api/campaigns/:id/seating/runs/latest',
      {
        config: { access: 'seating.read' },
        schema: {
          tags: TAGS,
          summary: '最近一次编排：统计、各地区座位容量、未安排的考生和已通知考生的问题（按您的管理范围）',
          params: campaignParams,
          response: { 200: latestRunResponse },
        },
      },
      async (request) => latestRun(deps, serviceContext(request), request.params.id),
    );

    app.get(
      '/api/campaigns/:id/seating/rooms',
      {
        config: { access: 'seating.read' },
        schema: {
          tags: TAGS,
          summary: '各考场（考场 × 场次）的考场号、已安排和已通知人数（按您的管理范围）',
          params: campaignParams,
          response: { 200: roomsResponse },
        },
      },
      async (request) => seatingRooms(deps, serviceContext(request), request.params.id),
    );

    app.get(
      '/api/campaigns/:id/seating/assignments',
      {
        config: { access: 'seating.read' },
        schema: {
          tags: TAGS,
          summary: '考生的座位（分页；按姓名、准考证号或身份证号查找）',
          params: campaignParams,
          querystring: assignmentsQuery,
          response: { 200: assignmentsPage },
        },
      },
      async (request) => listAssignments(deps, serviceContext(request), request.params.id, request.query),
    );

    app.get(
      '/api/seating/rooms/:roomId/sessions/:sessionId',
      {
        config: { access: 'seating.read' },
        schema: {
          tags: TAGS,
          summary: '一个考场在一个场次的座位图和考生',
          params: roomSessionParams,
          response: { 200: roomSeatsResponse },
        },
      },
      async (request) => roomSeats(deps, serviceContext(request), request.params.roomId, request.params.sessionId),
    );

    app.post(
      '/api/seating/move',
      {
        config: { access: 'seating.move' },
        schema: {
          tags: TAGS,
          summary: '把考生调整到一个空座位（须填写原因；已通知的考生须确认，调整后须重新通知）',
          body: moveBody,
          response: { 200: moveResponse },
        },
      },
      async (request) => moveSeat(deps, serviceContext(request), request.body),
    );

    app.post(
      '/api/seating/swap',
      {
        config: { access: 'seating.move' },
        schema: {
          tags: TAGS,
          summary: '调换两名考生的座位（须填写原因；已通知的考生须确认，调整后须重新通知）',
          body: swapBody,
          response: { 200: swapResponse },
        },
      },
      async (request) => swapSeats(deps, serviceContext(request), request.body),
    );

    app.post(
      '/api/campaigns/:id/seating/publish',
      {
        config: { access: 'seating.run' },
        schema: {
          tags: TAGS,
          summary: '发布编排结果：通知全部已安排、尚未通知的考生（人数须与页面上一致）',
          params: campaignParams,
          body: publishBody,
          response: { 200: publishResponse },
        },
      },
      async (request) => publishSeating(deps, serviceContext(request), request.params.id, request.body.expectedCount),
    );
  };
}
