import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { examClientToken, requestMeta } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';
import {
  answersBody,
  answersResponse,
  compactState,
  heartbeatBody,
  paperResponse,
  recoveryKeyResponse,
  type SignInBody,
  signInBody,
  signInResponse,
  stateResponse,
  subjectParams,
  submitBody,
  submitResponse,
  timeResponse,
} from './delivery.schemas.js';
import {
  attemptState,
  heartbeat,
  recoveryPublicKey,
  saveAnswers,
  serverTime,
  signIn,
  subjectPaper,
  submitSubject,
} from './delivery.service.js';

const TAGS = ['考试作答'];
const BEARER = '须带请求头 Authorization: Bearer <token>（签到时取得）。';

/** Sign-ins per 准考证号 and minute: enough for a candidate's retries, too few to guess ID numbers. */
export const SIGN_IN_PER_TICKET_PER_MINUTE = 10;
/**
 * Sign-ins per address and minute: generous, because a centre's PCs reach the server through one NAT address and
 * a room of 100 (a centre of 1,000) signs in within the first minute.
 */
export const SIGN_IN_PER_ADDRESS_PER_MINUTE = 3000;

/** The candidate's exam client (docs/api-exam-day.md, "The candidate's client"). */
export function deliveryRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/exam/time',
      {
        config: { access: 'public' },
        schema: {
          tags: TAGS,
          summary: '服务器时间（考试机据此校准倒计时）',
          response: { 200: timeResponse },
        },
      },
      async () => serverTime(deps),
    );

    // The plugin runs one limiter per request (the per-address one of the route config); the per-ticket count is
    // a second one, checked once the body is read.
    const perTicket = app.createRateLimit({
      max: SIGN_IN_PER_TICKET_PER_MINUTE,
      timeWindow: 60_000,
      keyGenerator: (request) =>
        `exam-sign-in|${String((request.body as SignInBody | undefined)?.ticketNumber ?? '')
          .replace(/\s+/g, '')
          .toUpperCase()}`,
    });

    app.post(
      '/api/exam/sign-in',
      {
        config: { access: 'public', rateLimit: { max: SIGN_IN_PER_ADDRESS_PER_MINUTE, timeWindow: 60_000 } },
        // Per 准考证号 after the body is read (a room of PCs shares one address).
        preHandler: async (request) => {
          const limit = await perTicket(request);
          if (!limit.isAllowed && limit.isExceeded) {
            throw new AppError(
              'RATE_LIMITED',
              `该准考证号签到过于频繁，请 ${Math.max(1, limit.ttlInSeconds)} 秒后再试`,
            );
          }
        },
        schema: {
          tags: TAGS,
          summary: '考生签到：准考证号 + 身份证号，取得本机的作答令牌',
          description:
            '只在考试当天、已发布的座位可签到。首台考试机得到 active 令牌；已有考试机在作答时新签到的令牌为 pending，等待监考员确认换机。准考证号与身份证号不符时只答 EXAM_CREDENTIALS。按准考证号限流（每分钟 10 次）。',
          body: signInBody,
          response: { 200: signInResponse },
        },
      },
      async (request) => signIn(deps, request.body),
    );

    app.get(
      '/api/exam/state',
      {
        config: { access: 'exam-client' },
        schema: {
          tags: TAGS,
          summary: '本场作答的状态：考生、考场、座位、各科目的开考与截止时间',
          description: BEARER,
          response: { 200: stateResponse },
        },
      },
      async (request) => attemptState(deps, examClientToken(request)),
    );

    app.get(
      '/api/exam/subjects/:subject/paper',
      {
        config: { access: 'exam-client' },
        schema: {
          tags: TAGS,
          summary: '本科目的试卷（不含答案）和已保存的作答',
          description: `${BEARER}开考后至交卷（或截止后的宽限期结束）前可取；考场暂停时仍可取。`,
          params: subjectParams,
          response: { 200: paperResponse },
        },
      },
      async (request) => subjectPaper(deps, examClientToken(request), request.params.subject),
    );

    app.post(
      '/api/exam/answers',
      {
        config: { access: 'exam-client' },
        schema: {
          tags: TAGS,
          summary: '保存作答（本机日志中的改动，1–200 条）',
          description: `${BEARER}同一题保留序号最大的答案：重发、乱序无害。答复的 ackSeq 及以下的改动均已保存或已被更新的答案取代。`,
          body: answersBody,
          response: { 200: answersResponse },
        },
      },
      async (request) =>
        saveAnswers(deps, examClientToken(request), request.body.subject, request.body.changes, request.body.unsaved),
    );

    app.post(
      '/api/exam/heartbeat',
      {
        config: { access: 'exam-client' },
        schema: {
          tags: TAGS,
          summary: '心跳（15 秒内没有确认过保存时）：报告未保存的改动数，取回考场状态和各科目时间',
          description: BEARER,
          body: heartbeatBody,
          response: { 200: compactState },
        },
      },
      async (request) => heartbeat(deps, examClientToken(request), request.body.unsaved),
    );

    app.post(
      '/api/exam/subjects/:subject/submit',
      {
        config: { access: 'exam-client' },
        schema: {
          tags: TAGS,
          summary: '交卷（先保存随附的最后改动）',
          description: `${BEARER}开考后满最早交卷时间方可交卷；考场暂停时不能交卷。重复交卷答复第一次的结果。`,
          params: subjectParams,
          body: submitBody,
          response: { 200: submitResponse },
        },
      },
      async (request) =>
        submitSubject(
          deps,
          examClientToken(request),
          request.params.subject,
          request.body?.changes ?? [],
          requestMeta(request),
        ),
    );

    app.get(
      '/api/exam/recovery-key',
      {
        config: { access: 'public' },
        schema: {
          tags: TAGS,
          summary: '断网恢复文件的加密公钥（X25519）',
          response: { 200: recoveryKeyResponse },
        },
      },
      async () => recoveryPublicKey(deps),
    );
  };
}
