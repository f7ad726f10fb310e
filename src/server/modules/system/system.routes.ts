import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DEMO_ACCOUNTS } from '../../db/demo-accounts.js';
import type { AppDeps } from '../../deps.js';
import { pingDatabase } from './system.repository.js';
import { healthResponse, publicConfigResponse } from './system.schemas.js';

export function systemRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/health',
      {
        config: { access: 'public' },
        schema: {
          tags: ['系统'],
          summary: '健康检查',
          response: {
            200: healthResponse,
          },
        },
      },
      async () => {
        await pingDatabase(deps.db);
        return { status: 'ok' as const, db: deps.dbKind, version: deps.config.version };
      },
    );

    app.get(
      '/api/public/config',
      {
        config: { access: 'public' },
        schema: {
          tags: ['系统'],
          summary: '前端所需的公开配置',
          response: {
            200: publicConfigResponse,
          },
        },
      },
      async () => ({
        appName: '河南省机关事业单位工勤技能岗位等级考核系统',
        version: deps.config.version,
        demoMode: deps.config.demoMode,
        demoAccounts: deps.config.demoMode
          ? DEMO_ACCOUNTS.map((a) => ({ username: a.username, role: a.role, label: a.label }))
          : undefined,
      }),
    );
  };
}
