import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { metricsText } from '../../platform/cluster-metrics.js';
import { AppError } from '../../platform/errors.js';
import { withTimeout } from '../../platform/metrics.js';
import { appliedMigrationCount, pingDatabase, shippedMigrationCount } from './operations.repository.js';
import { notReadyResponse, readyResponse } from './operations.schemas.js';

/** What the process's lifecycle tells the routes: set by main.ts on SIGTERM. */
export interface Lifecycle {
  draining: boolean;
}

/** The readiness check's database round trip gives up after this long (a load balancer probes every few seconds). */
export const READY_DB_TIMEOUT_MS = 2_000;

export function operationsRoutes(deps: AppDeps, lifecycle: Lifecycle, registry: Registry): FastifyPluginAsyncZod {
  const shipped = shippedMigrationCount();
  // Once the database has every migration this code ships it keeps them: checked until true, then never again.
  let migrated = false;

  return async (app) => {
    app.get(
      '/api/ready',
      {
        config: { access: 'public' },
        schema: {
          tags: ['系统'],
          summary: '就绪检查（负载均衡用）',
          description:
            '本进程能否接收请求：数据库可达（2 秒内应答）且迁移已完成时 200；进程正在停止（收到 SIGTERM 后）、数据库不可达或迁移未完成时 503，负载均衡据此将其摘除。与 `/api/health`（存活检查）不同。',
          response: { 200: readyResponse, 503: notReadyResponse },
        },
      },
      async () => {
        if (lifecycle.draining) throw new AppError('SERVER_DRAINING');
        try {
          await withTimeout(pingDatabase(deps.db), READY_DB_TIMEOUT_MS);
          if (!migrated) migrated = (await withTimeout(appliedMigrationCount(deps.db), READY_DB_TIMEOUT_MS)) >= shipped;
        } catch {
          throw new AppError('DATABASE_UNREACHABLE');
        }
        if (!migrated) throw new AppError('MIGRATIONS_PENDING');
        if (lifecycle.draining) throw new AppError('SERVER_DRAINING');
        return { status: 'ready' as const, db: deps.dbKind };
      },
    );

    app.get(
      '/api/metrics',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['系统'],
          summary: '监控指标（Prometheus 文本格式，运维令牌）',
          description:
            '须带 `Authorization: Bearer <METRICS_TOKEN>`；未配置 METRICS_TOKEN 时 404。多进程（WORKERS>1）时为本机各工作进程之和。',
          response: { 200: z.string() },
        },
      },
      async (_request, reply) => {
        const { text, contentType } = await metricsText(registry);
        return reply.type(contentType).send(text);
      },
    );
  };
}
