// The system module's contract: health and the public configuration the web starts with.
import { z } from 'zod';

export const healthResponse = z.object({
  status: z.literal('ok'),
  db: z.enum(['pglite', 'postgres']),
  version: z.string(),
});

export const publicConfigResponse = z.object({
  appName: z.string(),
  version: z.string(),
  demoMode: z.boolean().describe('演示环境：页面显示演示横幅和演示账号'),
  demoAccounts: z.array(z.object({ username: z.string(), role: z.string(), label: z.string() })).optional(),
});

// ─── The contract's types (the web imports them with `import type`) ───────────────────────────────────────
export type PublicConfig = z.infer<typeof publicConfigResponse>;
export type DemoAccount = NonNullable<PublicConfig['demoAccounts']>[number];
