// The operations module's contract: readiness for load balancers, metrics for operators.
import { z } from 'zod';

export const readyResponse = z.object({
  status: z.literal('ready'),
  db: z.enum(['pglite', 'postgres']),
});

export const notReadyResponse = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

export type ReadyResponse = z.infer<typeof readyResponse>;
