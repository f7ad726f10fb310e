/**
 * Per-account concurrency for heavy synchronous answers (a printed form, a statistics workbook, a batch list):
 * a route marked `config: { heavy: true }` serves at most MAX_HEAVY_PER_ACCOUNT of them at once per account in
 * this process; one more is answered 429 TOO_MANY_CONCURRENT at once instead of piling work up. Work that would
 * run for seconds is not served this way at all: it is a background job (platform/jobs.ts).
 *
 * The count lives in this process only. It protects this process's event loop and memory, which is what it is
 * for; another process has its own (the per-account job limit, which must hold across processes, is in the
 * database).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

export const MAX_HEAVY_PER_ACCOUNT = 2;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A heavy synchronous answer: metered per account (platform/heavy.ts). */
    heavy?: boolean;
  }
  interface FastifyRequest {
    heavySlot?: number;
  }
}

export function registerHeavyLimit(app: FastifyInstance, max = MAX_HEAVY_PER_ACCOUNT): void {
  const inFlight = new Map<number, number>();
  const release = async (request: FastifyRequest) => {
    const accountId = request.heavySlot;
    if (accountId === undefined) return;
    request.heavySlot = undefined;
    const n = (inFlight.get(accountId) ?? 1) - 1;
    if (n <= 0) inFlight.delete(accountId);
    else inFlight.set(accountId, n);
  };
  // preHandler: after access control has loaded the session.
  app.addHook('preHandler', async (request) => {
    if (!request.routeOptions.config.heavy) return;
    const accountId = request.session?.actor.accountId;
    if (accountId === undefined) return;
    const n = inFlight.get(accountId) ?? 0;
    if (n >= max) {
      throw new AppError('TOO_MANY_CONCURRENT', `您同时进行的打印或下载已有 ${max} 项，请等前面的完成后再试`);
    }
    inFlight.set(accountId, n + 1);
    request.heavySlot = accountId;
  });
  app.addHook('onResponse', release);
  app.addHook('onRequestAbort', release);
}
