import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import {
  accountIdParams,
  accountListQuery,
  accountListResponse,
  accountSchema,
  createAccountBody,
  createAccountResponse,
  resetPasswordResponse,
  updateAccountBody,
} from './accounts.schemas.js';
import {
  createAccount,
  listAccounts,
  resetAccountPassword,
  unlockAccount,
  updateAccountDetails,
} from './accounts.service.js';

const TAGS = ['账号管理'];

export function accountRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/accounts',
      {
        config: { access: 'account.read' },
        schema: {
          tags: TAGS,
          summary: '账号列表',
          querystring: accountListQuery,
          response: { 200: accountListResponse },
        },
      },
      async (request) => listAccounts(deps, serviceContext(request), request.query),
    );

    app.post(
      '/api/accounts',
      {
        config: { access: 'account.manage' },
        schema: {
          tags: TAGS,
          summary: '为下级机构新建账号',
          body: createAccountBody,
          response: { 201: createAccountResponse },
        },
      },
      async (request, reply) => reply.code(201).send(await createAccount(deps, serviceContext(request), request.body)),
    );

    app.patch(
      '/api/accounts/:id',
      {
        config: { access: 'account.manage' },
        schema: {
          tags: TAGS,
          summary: '修改、停用或启用账号',
          params: accountIdParams,
          body: updateAccountBody,
          response: { 200: accountSchema },
        },
      },
      async (request) => updateAccountDetails(deps, serviceContext(request), request.params.id, request.body),
    );

    app.post(
      '/api/accounts/:id/reset-password',
      {
        config: { access: 'account.manage' },
        schema: { tags: TAGS, summary: '重置密码', params: accountIdParams, response: { 200: resetPasswordResponse } },
      },
      async (request) => resetAccountPassword(deps, serviceContext(request), request.params.id),
    );

    app.post(
      '/api/accounts/:id/unlock',
      {
        config: { access: 'account.manage' },
        schema: { tags: TAGS, summary: '解除临时锁定', params: accountIdParams, response: { 200: accountSchema } },
      },
      async (request) => unlockAccount(deps, serviceContext(request), request.params.id),
    );
  };
}
