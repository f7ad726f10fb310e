import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app.js';

// Scaffolding: the routes of docs/api-review.md are filled in here.
export function reviewRoutes(_deps: AppDeps): FastifyPluginAsyncZod {
  return async () => {};
}
