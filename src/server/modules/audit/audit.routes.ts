import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import { auditListResponse, auditQuery } from './audit.schemas.js';
import { listAudit } from './audit.service.js';

export function auditRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/audit',
      {
        config: { access: 'audit.read' },
        schema: {
          tags: ['审计日志'],
          summary: '审计日志（本辖区范围）',
          querystring: auditQuery,
          response: { 200: auditListResponse },
        },
      },
      async (request) => listAudit(deps, serviceContext(request), request.query),
    );
  };
}
