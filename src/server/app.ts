import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { DestinationStream } from 'pino';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import type { Database } from './db/client.js';
import type { AppDeps } from './deps.js';
import { accountRoutes } from './modules/accounts/accounts.routes.js';
import { applicationPrintRoutes } from './modules/applications/applications.print.routes.js';
import { applicationRoutes } from './modules/applications/applications.routes.js';
import { archiveRoutes } from './modules/archives/archives.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { bankImageRoutes } from './modules/banks/bank-images.routes.js';
import { bankExcelRoutes } from './modules/banks/banks.excel.routes.js';
import { bankQueueRoutes } from './modules/banks/banks.queue.routes.js';
import { bankRoutes } from './modules/banks/banks.routes.js';
import { bankQtiRoutes } from './modules/banks/qti.routes.js';
import { blueprintRoutes } from './modules/blueprints/blueprints.routes.js';
import { calendarRoutes } from './modules/calendar/calendar.routes.js';
import { campaignRoutes } from './modules/campaigns/campaigns.routes.js';
import { catalogRoutes } from './modules/catalog/catalog.routes.js';
import { centreRoutes } from './modules/centres/centres.routes.js';
import { certificateRoutes } from './modules/certificates/certificates.routes.js';
import { deliveryRoutes } from './modules/delivery/delivery.routes.js';
import { scheduleDeadlineSweeps } from './modules/delivery/delivery.service.js';
import { itemAnalysisRoutes } from './modules/item-analysis/item-analysis.routes.js';
import { jobRoutes } from './modules/jobs/jobs.routes.js';
import { notificationRoutes } from './modules/notifications/notifications.routes.js';
import { type Lifecycle, operationsRoutes } from './modules/operations/operations.routes.js';
import { orgRoutes } from './modules/org/org.routes.js';
import { panelRoutes } from './modules/panels/panels.routes.js';
import { paperRoutes } from './modules/papers/papers.routes.js';
import { proctoringRoutes } from './modules/proctoring/proctoring.routes.js';
import { publicEligibilityRoutes } from './modules/public/eligibility.routes.js';
import { publicityRoutes } from './modules/publicity/publicity.routes.js';
import { registrationRoutes } from './modules/registration/registration.routes.js';
import { reviewBatchRoutes } from './modules/review/review.batches.routes.js';
import { reviewRoutes } from './modules/review/review.routes.js';
import { scoreReviewRoutes } from './modules/score-reviews/score-reviews.routes.js';
import { scoreRoutes } from './modules/scores/scores.routes.js';
import { seatingRoutes } from './modules/seating/seating.routes.js';
import { sessionRoutes } from './modules/sessions/sessions.routes.js';
import { statisticsRoutes } from './modules/statistics/statistics.routes.js';
import { systemRoutes } from './modules/system/system.routes.js';
import { ticketPublicRoutes } from './modules/tickets/tickets.public.routes.js';
import { ticketRoutes } from './modules/tickets/tickets.routes.js';
import { trainingRoutes } from './modules/training/training.routes.js';
import { type RouteAccessRow, registerAccessControl } from './platform/access.js';
import { clientErrorHandler, frameworkErrors, registerNulCheck, unstorableCharacters } from './platform/bad-input.js';
import { AppError, databaseLoadError, databaseRefusal, ERROR_CODES, isAppError } from './platform/errors.js';
import { registerHeavyLimit } from './platform/heavy.js';
import { registerSecurityHeaders, trustProxyOption } from './platform/http-security.js';
import { JobRunner } from './platform/jobs.js';
import { createLogger } from './platform/logging.js';
import { scheduleMaintenance } from './platform/maintenance.js';
import { registerMetrics } from './platform/metrics.js';
import { databaseRateLimitStore } from './platform/rate-limit-store.js';

// Zod's own messages in Chinese: they reach users through the 400 answers.
z.config(z.locales.zhCN());

export interface BuiltApp {
  app: FastifyInstance;
  routeAccess: RouteAccessRow[];
  /** main.ts sets `draining` on SIGTERM: /api/ready answers 503 from then on. */
  lifecycle: Lifecycle;
  /** This process's metrics (`GET /api/metrics`; in a cluster the primary collects every worker's). */
  metrics: Registry;
}

export interface BuildOptions {
  /** false: no log at all (most tests). */
  logger?: boolean;
  /** Where the JSON lines go instead of stdout (tests that read the log). */
  logStream?: DestinationStream;
  /** Sweep expired sessions and counters this often (main.ts; off in tests). */
  maintenanceIntervalMs?: number;
  /** Submit exam subjects past their deadline and grace this often (main.ts; off in tests, which call the sweep). */
  examSweepIntervalMs?: number;
  /** The database handle, for the pool's gauges and the query-latency histogram (main.ts and the test harness). */
  database?: Pick<Database, 'onQuery' | 'poolStats'>;
  /** Node's process metrics (CPU, memory, event loop, GC) in /api/metrics: main.ts only. */
  processMetrics?: boolean;
}

export async function buildApp(deps: AppDeps, options: BuildOptions = {}): Promise<BuiltApp> {
  const { config } = deps;
  const app = Fastify({
    ...(options.logger === false
      ? { logger: false }
      : { loggerInstance: createLogger(config.logLevel, options.logStream) }),
    trustProxy: trustProxyOption(config.trustProxy),
    bodyLimit: 2 * 1024 * 1024,
    requestIdHeader: 'x-request-id',
    frameworkErrors,
    clientErrorHandler,
    genReqId: () => crypto.randomUUID(),
    // While closing (SIGTERM), a request on a connection already open is still served, with Connection: close
    // (graceful shutdown: none that reached the process fails); new connections are no longer accepted.
    return503OnClosing: false,
  }).withTypeProvider<ZodTypeProvider>();

  // An action like POST …/deactivate has no body; clients often still send content-type: application/json.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new AppError('BAD_REQUEST', '请求内容不是有效的 JSON'), undefined);
    }
  });
  registerNulCheck(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: '河南省机关事业单位工勤技能岗位等级考核系统 API',
        description:
          '所有错误返回 `{"error": {"code": "...", "message": "..."}}`。登录后的修改类请求须带 `x-csrf-token` 请求头（取自登录应答或 `GET /api/auth/csrf`）。',
        version: config.version,
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'gk_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  await registerSecurityHeaders(app);
  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1, fields: 20 } });
  await app.register(fastifyRateLimit, {
    global: false,
    store: databaseRateLimitStore(deps.db, deps.clock),
    errorResponseBuilder: (_request, context) =>
      new AppError('RATE_LIMITED', `请求过于频繁，请 ${Math.max(1, Math.ceil(context.ttl / 1000))} 秒后再试`),
  });

  const sessionPolicy = { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours };
  const routeAccess = registerAccessControl(app, {
    db: deps.db,
    clock: deps.clock,
    sessionPolicy,
    allowedOrigins: config.allowedOrigins,
    // Read per request (the tests switch it off and on without building another app).
    operatorToken: () => config.metricsToken,
  });
  registerHeavyLimit(app);
  const jobs = new JobRunner(deps.db, app.log, config.jobConcurrency);
  const lifecycle: Lifecycle = { draining: false };
  const metrics = registerMetrics(app, {
    db: deps.db,
    clock: deps.clock,
    sessionPolicy,
    database: options.database,
    jobsHeld: () => jobs.size,
    processMetrics: options.processMetrics,
  });
  // Graceful shutdown (and tests) wait for the jobs still running in this process.
  app.addHook('onClose', async () => jobs.settle());
  if (options.maintenanceIntervalMs) {
    scheduleMaintenance(
      app,
      { db: deps.db, clock: deps.clock, sessionPolicy, dataDir: deps.config.dataDir },
      options.maintenanceIntervalMs,
    );
  }

  if (options.examSweepIntervalMs) scheduleDeadlineSweeps(app, deps, options.examSweepIntervalMs);

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (isAppError(error)) return sendAppError(reply, error);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const first = error.validation[0];
      const field = first ? fieldName(first.instancePath, first.params) : '';
      const message = first
        ? `${field ? `字段「${field}」` : '请求'}${first.message ? `：${first.message}` : '格式不正确'}`
        : ERROR_CODES.VALIDATION_FAILED.message;
      return reply.status(400).send({ error: { code: 'VALIDATION_FAILED', message, field: field || undefined } });
    }
    const refusal = databaseRefusal(error);
    if (refusal) return sendAppError(reply, refusal);
    const load = databaseLoadError(error);
    if (load) {
      request.log.warn({ code: load.code }, 'database load');
      if (load.status === 503) reply.header('retry-after', '2');
      return reply.status(load.status).send({ error: { code: load.code, message: load.message } });
    }
    const status = error.statusCode ?? 500;
    if (status === 413)
      return reply
        .status(413)
        .send({ error: { code: 'PAYLOAD_TOO_LARGE', message: ERROR_CODES.PAYLOAD_TOO_LARGE.message } });
    if (status >= 400 && status < 500) {
      const code =
        status === 429
          ? 'RATE_LIMITED'
          : status === 404
            ? 'NOT_FOUND'
            : status === 415
              ? 'UNSUPPORTED_MEDIA_TYPE'
              : 'BAD_REQUEST';
      return reply.status(status).send({ error: { code, message: ERROR_CODES[code].message } });
    }
    const unstorable = unstorableCharacters(error);
    if (unstorable) {
      // A check before validation should have caught it; log it so the gap is found.
      request.log.warn({ err: error }, 'characters the database cannot store reached a query');
      return sendAppError(reply, unstorable);
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'INTERNAL', message: ERROR_CODES.INTERNAL.message } });
  });

  await app.register(systemRoutes(deps));
  await app.register(operationsRoutes(deps, lifecycle, metrics));
  await app.register(authRoutes(deps));
  await app.register(orgRoutes(deps));
  await app.register(accountRoutes(deps));
  await app.register(auditRoutes(deps));
  await app.register(publicEligibilityRoutes(deps));
  await app.register(ticketPublicRoutes(deps));
  await app.register(catalogRoutes(deps));
  await app.register(bankRoutes(deps));
  await app.register(bankImageRoutes(deps));
  await app.register(bankQtiRoutes(deps, jobs));
  await app.register(bankExcelRoutes(deps, jobs));
  await app.register(bankQueueRoutes(deps));
  await app.register(itemAnalysisRoutes(deps, jobs));
  await app.register(blueprintRoutes(deps));
  await app.register(paperRoutes(deps, jobs));
  await app.register(campaignRoutes(deps));
  await app.register(sessionRoutes(deps));
  await app.register(trainingRoutes(deps));
  await app.register(applicationRoutes(deps));
  await app.register(applicationPrintRoutes(deps, jobs));
  await app.register(ticketRoutes(deps, jobs));
  await app.register(archiveRoutes(deps, jobs));
  await app.register(jobRoutes(deps));
  await app.register(registrationRoutes(deps));
  await app.register(reviewRoutes(deps));
  await app.register(reviewBatchRoutes(deps));
  await app.register(notificationRoutes(deps));
  await app.register(statisticsRoutes(deps));
  await app.register(centreRoutes(deps));
  await app.register(seatingRoutes(deps, jobs));
  await app.register(proctoringRoutes(deps));
  await app.register(deliveryRoutes(deps));
  await app.register(scoreRoutes(deps, jobs));
  await app.register(certificateRoutes(deps, jobs));
  await app.register(calendarRoutes(deps));
  await app.register(publicityRoutes(deps));
  await app.register(panelRoutes(deps));
  await app.register(scoreReviewRoutes(deps));

  const webIndex = path.join(config.webDir, 'index.html');
  const hasWeb = existsSync(webIndex);
  if (hasWeb) {
    await app.register(fastifyStatic, { root: config.webDir, wildcard: false, index: false });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET' || !hasWeb) {
      return reply
        .status(404)
        .send({ error: { code: 'ROUTE_NOT_FOUND', message: ERROR_CODES.ROUTE_NOT_FOUND.message } });
    }
    // The candidate's exam client is a page of its own (/exam/, the test centres' PCs): never the officials' app.
    if (isExamClientPath(request.url)) return reply.type('text/html').sendFile(path.join('exam', 'index.html'));
    // The single-page app answers every other GET; its router shows the 404 page for unknown paths.
    return reply.type('text/html').sendFile('index.html');
  });

  await app.ready();
  return { app, routeAccess, lifecycle, metrics };
}

/** `/exam`, `/exam/` and anything below it (the exam client keeps its own state; no client-side routes). */
export function isExamClientPath(url: string): boolean {
  const pathname = url.split('?')[0] ?? '';
  return pathname === '/exam' || pathname.startsWith('/exam/');
}

function sendAppError(reply: FastifyReply, error: AppError) {
  const details = error.details as { field?: unknown; problems?: unknown } | undefined;
  const field = typeof details?.field === 'string' ? details.field : undefined;
  // Every problem the domain found (a blueprint's, an item's), coded, so that a client can mark each.
  const problems = Array.isArray(details?.problems) ? details.problems : undefined;
  // Busy answers say when to come back (a heavy job's line, too many at once).
  if ((error.status === 503 || error.status === 429) && !reply.hasHeader('retry-after')) {
    reply.header('retry-after', error.status === 503 ? '10' : '5');
  }
  return reply.status(error.status).send({ error: { code: error.code, message: error.message, field, problems } });
}

function fieldName(instancePath: string, params: unknown): string {
  const fromPath = instancePath.replace(/^\//, '').replaceAll('/', '.');
  if (fromPath) return fromPath;
  const issue = params as { issue?: { path?: unknown[] } } | undefined;
  const p = issue?.issue?.path;
  return Array.isArray(p) ? p.join('.') : '';
}
