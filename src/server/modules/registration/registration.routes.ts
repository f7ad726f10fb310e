import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { requestMeta, serviceContext } from '../../platform/access.js';
import { applicationSchema } from '../applications/applications.schemas.js';
import {
  myCreateBody,
  myUpdateBody,
  regionsResponse,
  signUpBody,
  signUpResponse,
  unitsQuery,
  unitsResponse,
} from './registration.schemas.js';
import {
  createMyApplication,
  getMyApplication,
  listRegistrationRegions,
  listRegistrationUnits,
  signUp,
  updateMyApplication,
} from './registration.service.js';

const TAGS = ['网上报名'];

export function registrationRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const rateLimit = { max: deps.config.publicRatePerMinute, timeWindow: 60_000 };

    app.get(
      '/api/public/registration/regions',
      {
        config: { access: 'public', rateLimit },
        schema: {
          tags: TAGS,
          summary: '本年度开通网上报名的地区',
          response: { 200: regionsResponse },
        },
      },
      async () => listRegistrationRegions(deps),
    );

    app.get(
      '/api/public/registration/units',
      {
        config: { access: 'public', rateLimit },
        schema: {
          tags: TAGS,
          summary: '可网上报名的单位（最多 50 个）',
          querystring: unitsQuery,
          response: { 200: unitsResponse },
        },
      },
      async (request) => listRegistrationUnits(deps, request.query.q),
    );

    app.post(
      '/api/public/registration/sign-up',
      {
        config: { access: 'public', rateLimit },
        schema: {
          tags: TAGS,
          summary: '申报人注册（用户名为身份证号）',
          body: signUpBody,
          response: { 201: signUpResponse },
        },
      },
      async (request, reply) => reply.code(201).send(await signUp(deps, requestMeta(request), request.body)),
    );

    app.get(
      '/api/my/application',
      {
        config: { access: 'application.self' },
        schema: {
          tags: TAGS,
          summary: '本人在本考核年度的申请（尚未报名或没有进行中的考核年度时为 null）',
          response: { 200: applicationSchema.nullable() },
        },
      },
      async (request) => getMyApplication(deps, serviceContext(request)),
    );

    app.post(
      '/api/my/application',
      {
        config: { access: 'application.self' },
        schema: {
          tags: TAGS,
          summary: '网上报名（草稿，或提交给单位确认）',
          body: myCreateBody,
          response: { 201: applicationSchema },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await createMyApplication(deps, serviceContext(request), request.body)),
    );

    app.patch(
      '/api/my/application',
      {
        config: { access: 'application.self' },
        schema: {
          tags: TAGS,
          summary: '修改本人的网上报名（草稿、待单位确认或退回的）',
          body: myUpdateBody,
          response: { 200: applicationSchema },
        },
      },
      async (request) => updateMyApplication(deps, serviceContext(request), request.body),
    );
  };
}
