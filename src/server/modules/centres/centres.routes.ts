import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import {
  centreDetailSchema,
  centreIdParams,
  centreListQuery,
  centreListResponse,
  createCentreBody,
  createRoomBody,
  recordSeatCheckBody,
  roomDetailSchema,
  roomIdParams,
  seatCheckRequirementsSchema,
  seatCheckSchema,
  serverTimeResponse,
  updateCentreBody,
  updateRoomBody,
} from './centres.schemas.js';
import {
  createCentre,
  createRoom,
  getCentre,
  getRoom,
  listCentres,
  recordSeatCheck,
  seatCheckRequirements,
  updateCentre,
  updateRoom,
} from './centres.service.js';

const TAGS = ['考点与考场'];

export function centreRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/centres',
      {
        config: { access: 'centre.read' },
        schema: {
          tags: TAGS,
          summary: '考点列表',
          querystring: centreListQuery,
          response: { 200: centreListResponse },
        },
      },
      async (request) => listCentres(deps, serviceContext(request), request.query),
    );

    app.post(
      '/api/centres',
      {
        config: { access: 'centre.manage' },
        schema: {
          tags: TAGS,
          summary: '新建考点（本地区工考办）',
          body: createCentreBody,
          response: { 201: centreDetailSchema },
        },
      },
      async (request, reply) => reply.code(201).send(await createCentre(deps, serviceContext(request), request.body)),
    );

    app.get(
      '/api/centres/:id',
      {
        config: { access: 'centre.read' },
        schema: { tags: TAGS, summary: '考点及其考场', params: centreIdParams, response: { 200: centreDetailSchema } },
      },
      async (request) => getCentre(deps, serviceContext(request), request.params.id),
    );

    app.patch(
      '/api/centres/:id',
      {
        config: { access: 'centre.manage' },
        schema: {
          tags: TAGS,
          summary: '修改、停用或启用考点（本地区工考办）',
          params: centreIdParams,
          body: updateCentreBody,
          response: { 200: centreDetailSchema },
        },
      },
      async (request) => updateCentre(deps, serviceContext(request), request.params.id, request.body),
    );

    app.post(
      '/api/centres/:id/rooms',
      {
        config: { access: 'centre.manage' },
        schema: {
          tags: TAGS,
          summary: '新建考场（含座位图）',
          params: centreIdParams,
          body: createRoomBody,
          response: { 201: roomDetailSchema },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await createRoom(deps, serviceContext(request), request.params.id, request.body)),
    );

    app.get(
      '/api/rooms/:id',
      {
        config: { access: 'centre.read' },
        schema: {
          tags: TAGS,
          summary: '考场座位图及每个座位最近一次机位检测',
          params: roomIdParams,
          response: { 200: roomDetailSchema },
        },
      },
      async (request) => getRoom(deps, serviceContext(request), request.params.id),
    );

    app.patch(
      '/api/rooms/:id',
      {
        config: { access: 'centre.manage' },
        schema: {
          tags: TAGS,
          summary: '修改考场、座位图，停用或启用考场',
          params: roomIdParams,
          body: updateRoomBody,
          response: { 200: roomDetailSchema },
        },
      },
      async (request) => updateRoom(deps, serviceContext(request), request.params.id, request.body),
    );

    app.post(
      '/api/rooms/:id/seat-checks',
      {
        config: { access: 'seat.check' },
        schema: {
          tags: TAGS,
          summary: '记录一个座位的机位检测（浏览器由服务器按 User-Agent 判断）',
          params: roomIdParams,
          body: recordSeatCheckBody,
          response: { 201: seatCheckSchema },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await recordSeatCheck(deps, serviceContext(request), request.params.id, request.body)),
    );

    app.get(
      '/api/seat-check/time',
      {
        config: { access: 'seat.check' },
        schema: {
          tags: TAGS,
          summary: '服务器时间（机位检测测量时钟偏差和往返时间）',
          response: { 200: serverTimeResponse },
        },
      },
      async (_request, reply) => {
        reply.header('cache-control', 'no-store');
        return { serverTime: deps.clock.now().getTime() };
      },
    );

    app.get(
      '/api/seat-check/requirements',
      {
        config: { access: 'seat.check' },
        schema: {
          tags: TAGS,
          summary: '机位检测的要求（浏览器最低版本、屏幕、时钟、网络）',
          response: { 200: seatCheckRequirementsSchema },
        },
      },
      async () => seatCheckRequirements(),
    );
  };
}
