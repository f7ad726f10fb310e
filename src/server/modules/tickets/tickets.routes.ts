import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { requireActor, serviceContext } from '../../platform/access.js';
import type { JobRunner } from '../../platform/jobs.js';
import { contentDisposition } from '../applications/applications.files.js';
import { jobStarted } from '../jobs/jobs.schemas.js';
import {
  centreParams,
  myTicketsResponse,
  printSetBody,
  printSetParams,
  roomSessionParams,
  ticketParams,
  unitTicketsQuery,
} from './tickets.schemas.js';
import {
  listMyTickets,
  MAX_UNIT_TICKETS,
  openPrintSet,
  PRINT_SET_JOB_KIND,
  planPrintSet,
  printRoomPaper,
  printTicket,
  printUnitTickets,
  writePrintSet,
} from './tickets.service.js';

const TAGS = ['准考证与考务材料'];
const PDF = 'application/pdf';

/** The 准考证 (candidate, unit) and the staff's papers (门贴, 签到表, a centre's set as a background job). */
export function ticketRoutes(deps: AppDeps, jobs: JobRunner): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/tickets/mine',
      {
        config: { access: 'application.self' },
        schema: {
          tags: TAGS,
          summary: '我的准考证：本人的考场编排，以及能否打印、何时可打印',
          response: { 200: myTicketsResponse },
        },
      },
      async (request) => listMyTickets(deps, serviceContext(request)),
    );

    app.get(
      '/api/tickets/unit.pdf',
      {
        config: { access: 'application.read', heavy: true },
        schema: {
          tags: TAGS,
          summary: '批量下载本单位（或下属单位）已发布考场编排考生的准考证（PDF，每人一页）',
          description: `一次最多 ${MAX_UNIT_TICKETS} 人。没有已发布的考生时 409 TICKET_NOT_PUBLISHED，不在打印时间内 409 TICKET_OUTSIDE_WINDOW。`,
          querystring: unitTicketsQuery,
        },
      },
      async (request, reply) => {
        const { pdf, fileName } = await printUnitTickets(
          deps,
          serviceContext(request),
          request.query.campaignId,
          request.query.unitId,
        );
        return reply.type(PDF).header('content-disposition', contentDisposition(fileName, true)).send(pdf);
      },
    );

    app.get(
      '/api/tickets/:applicationId.pdf',
      {
        // The applicant (own seat) or officials of the candidate's unit chain; the service checks which.
        config: { access: ['application.self', 'application.read'], heavy: true },
        schema: {
          tags: TAGS,
          summary: '下载准考证（A4 PDF，含签名二维码）',
          description:
            '申报人本人，或考生所在单位及其上级的经办、审核人员。考场编排未发布时 409 TICKET_NOT_PUBLISHED；不在准考证打印时间内 409 TICKET_OUTSIDE_WINDOW（details.window 为打印时间）；未编排或不在管辖范围内 404 TICKET_NOT_SEATED。',
          params: ticketParams,
        },
      },
      async (request, reply) => {
        const { pdf, fileName } = await printTicket(deps, serviceContext(request), request.params.applicationId);
        return reply.type(PDF).header('content-disposition', contentDisposition(fileName, true)).send(pdf);
      },
    );

    for (const paper of ['door_list', 'sign_in_sheet'] as const) {
      const file = paper === 'door_list' ? 'door-list' : 'sign-in-sheet';
      app.get(
        `/api/seating/rooms/:roomId/sessions/:sessionId/${file}.pdf`,
        {
          config: { access: 'seating.read', heavy: true },
          schema: {
            tags: TAGS,
            summary:
              paper === 'door_list'
                ? '考场门贴（座号、准考证号、姓名、报考工种及等级）'
                : '考生签到表（照片、姓名、身份证号、准考证号、签名栏）',
            params: roomSessionParams,
          },
        },
        async (request, reply) => {
          const { roomId, sessionId } = request.params;
          const { pdf, fileName } = await printRoomPaper(deps, serviceContext(request), roomId, sessionId, paper);
          return reply.type(PDF).header('content-disposition', contentDisposition(fileName, true)).send(pdf);
        },
      );
    }

    app.post(
      '/api/centres/:centreId/print-set',
      {
        config: { access: 'seating.read' },
        schema: {
          tags: TAGS,
          summary: '生成考点全套考务材料（各考场各场次的门贴、签到表和准考证；后台任务）',
          description:
            '立即返回 202 和 jobId；用 GET /api/jobs/:jobId 查询进度（按考场计），完成后结果中的 downloadUrl（GET /api/print-sets/:jobId.pdf）下载，文件保留 24 小时。',
          params: centreParams,
          body: printSetBody,
          response: { 202: jobStarted },
        },
      },
      async (request, reply) => {
        const ctx = serviceContext(request);
        const plan = await planPrintSet(deps, ctx, request.params.centreId, request.body.campaignId);
        const jobId = await jobs.start(
          ctx.actor,
          PRINT_SET_JOB_KIND,
          '生成考务材料',
          (job) => writePrintSet(deps, ctx.actor, plan, job),
          plan.rooms.length,
        );
        return reply.code(202).send({ jobId });
      },
    );

    app.get(
      '/api/print-sets/:jobId.pdf',
      {
        config: { access: 'seating.read' },
        schema: {
          tags: TAGS,
          summary: '下载考点全套考务材料（仅任务发起人；文件从磁盘流式传输）',
          params: printSetParams,
        },
      },
      async (request, reply) => {
        const { stream, size, fileName } = await openPrintSet(deps, requireActor(request), request.params.jobId);
        return reply
          .type(PDF)
          .header('content-length', size)
          .header('content-disposition', contentDisposition(fileName, false))
          .send(stream);
      },
    );
  };
}
