import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';
import { readUpload } from '../../platform/uploads.js';
import { contentDisposition } from '../applications/applications.files.js';
import {
  actionResponse,
  admitBody,
  assignableResponse,
  assignBody,
  assignResponse,
  candidateBody,
  candidateParams,
  endIncidentBody,
  eventParams,
  forceSubmitBody,
  incidentBody,
  inspectionResponse,
  moveBody,
  myRoomsResponse,
  proctorParams,
  reasonBody,
  roomParams,
  roomView,
  sessionParams,
  sessionRoomsResponse,
  sessionsResponse,
  timeBody,
  violationBody,
} from './proctoring.schemas.js';
import * as service from './proctoring.service.js';

const TAGS = ['监考与巡视'];
const PROCTOR = 'exam.proctor' as const;
const base = '/api/proctoring/sessions/:sessionId/rooms/:roomId';

/** The proctor's console (监考) and inspection (巡视): docs/api-exam-day.md. */
export function proctoringRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/proctoring/sessions',
      {
        config: { access: ['exam.proctor', 'exam.inspect', 'exam.assign'] },
        schema: { tags: TAGS, summary: '当前考核年度的场次（选择场次用）', response: { 200: sessionsResponse } },
      },
      async (request) => service.listSessions(deps, serviceContext(request)),
    );

    app.get(
      '/api/proctoring/my-rooms',
      {
        config: { access: PROCTOR },
        schema: {
          tags: TAGS,
          summary: '我的监考考场：今天的场次在前，然后是以后的场次',
          response: { 200: myRoomsResponse },
        },
      },
      async (request) => service.myRooms(deps, serviceContext(request)),
    );

    app.get(
      '/api/proctoring/sessions/:sessionId/rooms',
      {
        config: { access: ['exam.proctor', 'exam.assign'] },
        schema: {
          tags: TAGS,
          summary: '本场次可监考的考场及其监考员（监考员只列安排给自己的考场）',
          params: sessionParams,
          response: { 200: sessionRoomsResponse },
        },
      },
      async (request) => service.sessionRooms(deps, serviceContext(request), request.params.sessionId),
    );

    app.get(
      `${base}/assignable-proctors`,
      {
        config: { access: 'exam.assign' },
        schema: {
          tags: TAGS,
          summary: '可安排到此考场的监考员账号（本辖区、可到达该考点的有效监考员）',
          params: roomParams,
          response: { 200: assignableResponse },
        },
      },
      async (request) =>
        service.assignableProctors(deps, serviceContext(request), request.params.sessionId, request.params.roomId),
    );

    app.post(
      `${base}/proctors`,
      {
        config: { access: 'exam.assign' },
        schema: {
          tags: TAGS,
          summary: '安排监考员到此考场（本场次）',
          params: roomParams,
          body: assignBody,
          response: { 200: assignResponse },
        },
      },
      async (request) =>
        service.assignProctor(
          deps,
          serviceContext(request),
          request.params.sessionId,
          request.params.roomId,
          request.body.accountId,
        ),
    );

    app.delete(
      `${base}/proctors/:accountId`,
      {
        config: { access: 'exam.assign' },
        schema: { tags: TAGS, summary: '取消监考安排', params: proctorParams, response: { 200: assignResponse } },
      },
      async (request) =>
        service.unassignProctor(
          deps,
          serviceContext(request),
          request.params.sessionId,
          request.params.roomId,
          request.params.accountId,
        ),
    );

    app.get(
      base,
      {
        config: { access: PROCTOR },
        schema: {
          tags: TAGS,
          summary: '考场实时情况：座位图、每位考生的状态与剩余时间、考场暂停/终止、违纪与异常情况（每几秒轮询）',
          params: roomParams,
          response: { 200: roomView },
        },
      },
      async (request) =>
        service.roomView(deps, serviceContext(request), request.params.sessionId, request.params.roomId),
    );

    app.get(
      `${base}/candidates/:applicationId/photo`,
      {
        config: { access: PROCTOR },
        schema: { tags: TAGS, summary: '本考场考生的报名照片（核对身份用）', params: candidateParams },
      },
      async (request, reply) => {
        const { sessionId, roomId, applicationId } = request.params;
        const photo = await service.candidatePhoto(deps, serviceContext(request), sessionId, roomId, applicationId);
        const type = photo[0] === 0x89 ? 'image/png' : 'image/jpeg';
        return reply.type(type).header('cache-control', 'private, max-age=600').send(photo);
      },
    );

    const action = <B>(
      path: string,
      summary: string,
      body: import('zod').ZodType<B>,
      run: (ctx: ReturnType<typeof serviceContext>, sessionId: number, roomId: number, body: B) => Promise<unknown>,
      description?: string,
    ) =>
      app.post(
        `${base}/${path}`,
        {
          config: { access: PROCTOR },
          schema: {
            tags: TAGS,
            summary,
            ...(description ? { description } : {}),
            params: roomParams,
            body,
            response: { 200: actionResponse },
          },
        },
        async (request) =>
          run(serviceContext(request), request.params.sessionId, request.params.roomId, request.body as B) as never,
      );

    action('admit', '准许入场（监考端已核验准考证和报名照片）', admitBody, (ctx, s, r, b) =>
      service.admit(deps, ctx, s, r, b),
    );
    action('takeover', '确认换机：等待中的考试机成为作答机，原考试机的凭证失效', candidateBody, (ctx, s, r, b) =>
      service.takeover(deps, ctx, s, r, b),
    );
    action(
      'move',
      '调换座位：调到本考场（或同一考点同场次其他考场）的空座或备用机位，可同时补时',
      moveBody,
      (ctx, s, r, b) => service.moveCandidate(deps, ctx, s, r, b),
    );
    action(
      'time',
      '延长时间：一名考生（applicationId）或全考场',
      timeBody,
      (ctx, s, r, b) => service.addTime(deps, ctx, s, r, b),
      '延长正在作答的科目的截止时间，之后的科目整体顺延；秒数为 1 至 14400 的整数，否则 400 EXAM_TIME_INVALID。',
    );
    action('pause', '暂停考场：全体考生计时停止', reasonBody, (ctx, s, r, b) => service.pauseRoom(deps, ctx, s, r, b));
    action('resume', '恢复考场：暂停的时长补给全考场每位考生', reasonBody, (ctx, s, r, b) =>
      service.resumeRoom(deps, ctx, s, r, b),
    );
    action('stop', '终止本场考试（故障暂停超过时限，另行安排考试）', reasonBody, (ctx, s, r, b) =>
      service.stopRoom(deps, ctx, s, r, b),
    );
    action('absent', '标记缺考（迟到入场截止后，未入场的考生）', candidateBody, (ctx, s, r, b) =>
      service.markAbsent(deps, ctx, s, r, b),
    );
    action('force-submit', '收卷：代考生交卷（正在作答的科目，或全部未交科目）', forceSubmitBody, (ctx, s, r, b) =>
      service.forceSubmit(deps, ctx, s, r, b),
    );
    action('violations', '记录违纪（等级和类型）', violationBody, (ctx, s, r, b) =>
      service.recordViolation(deps, ctx, s, r, b),
    );
    action('incidents', '记录异常情况（类型、开始时间，结束时间可以之后补记）', incidentBody, (ctx, s, r, b) =>
      service.recordIncident(deps, ctx, s, r, b),
    );

    app.post(
      `${base}/incidents/:eventId/end`,
      {
        config: { access: PROCTOR },
        schema: {
          tags: TAGS,
          summary: '记录异常情况的结束时间',
          params: eventParams,
          body: endIncidentBody,
          response: { 200: actionResponse },
        },
      },
      async (request) => {
        const { sessionId, roomId, eventId } = request.params;
        return service.endIncident(deps, serviceContext(request), sessionId, roomId, eventId, request.body);
      },
    );

    app.post(
      `${base}/recovery`,
      {
        config: { access: PROCTOR },
        schema: {
          tags: TAGS,
          summary: '导入断网恢复文件（.gkr）：合并考生机器上保存的答案',
          description:
            'multipart/form-data：reason（原因，必填）、file（考试机导出的 .gkr 文件，不超过 5 MB）。文件须属于本考场本场次的考生，否则 409 EXAM_RECOVERY_OTHER_ROOM；无法解密 400 RECOVERY_FILE_INVALID。',
          consumes: ['multipart/form-data'],
          params: roomParams,
          response: { 200: actionResponse },
        },
      },
      async (request) => {
        const { fields, file } = await readUpload(request, {
          maxBytes: service.RECOVERY_MAX_BYTES,
          fields: ['reason'],
          tooLarge: { code: 'RECOVERY_FILE_INVALID', message: '恢复文件不能超过 5 MB' },
          missingFile: '请选择考试机导出的恢复文件（.gkr）',
        });
        const reason = fields.reason?.trim() ?? '';
        if (!reason || reason.length > 200) {
          throw new AppError('VALIDATION_FAILED', '字段「reason」：请填写原因（不超过 200 字）', { field: 'reason' });
        }
        return service.uploadRecovery(deps, serviceContext(request), request.params.sessionId, request.params.roomId, {
          reason,
          data: file.data,
          fileName: file.fileName,
        });
      },
    );

    app.get(
      `${base}/report.pdf`,
      {
        config: { access: PROCTOR, heavy: true },
        schema: {
          tags: TAGS,
          summary: '场次报告（A4 PDF）：人数、延时、暂停、违纪与异常情况、监考员、签名栏',
          params: roomParams,
        },
      },
      async (request, reply) => {
        const { pdf, fileName } = await service.printReport(
          deps,
          serviceContext(request),
          request.params.sessionId,
          request.params.roomId,
        );
        return reply
          .type('application/pdf')
          .header('content-disposition', contentDisposition(fileName, true))
          .send(pdf);
      },
    );

    app.get(
      '/api/inspection/sessions/:sessionId/rooms',
      {
        config: { access: 'exam.inspect' },
        schema: {
          tags: TAGS,
          summary: '巡视：本场次您管理范围内每个考场的状态（只读）',
          params: sessionParams,
          response: { 200: inspectionResponse },
        },
      },
      async (request) => service.inspectSession(deps, serviceContext(request), request.params.sessionId),
    );
  };
}
