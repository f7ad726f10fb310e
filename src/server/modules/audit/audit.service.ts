import type { AppDeps } from '../../app.js';
import type { ServiceContext } from '../../platform/context.js';
import { inScopedTx } from '../../platform/tx.js';
import { type AuditFilter, listAuditRows } from './audit.repository.js';

/** Days are Beijing days: 2017-02-06 means 2017-02-06T00:00+08:00 up to the next midnight. */
export function chinaDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

export async function listAudit(
  deps: AppDeps,
  ctx: ServiceContext,
  input: Omit<AuditFilter, 'from' | 'to'> & { from?: string; to?: string },
) {
  const filter: AuditFilter = {
    ...input,
    from: input.from ? chinaDayStart(input.from) : undefined,
    to: input.to ? new Date(chinaDayStart(input.to).getTime() + 86_400_000) : undefined,
  };
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const result = await listAuditRows(tx, filter);
    return {
      total: result.total,
      items: result.items.map(({ row, orgNodeName }) => ({
        id: row.id,
        createdAt: row.createdAt.toISOString(),
        actorUsername: row.actorUsername,
        actorRole: row.actorRole,
        orgNodeName,
        ip: row.ip,
        userAgent: row.userAgent,
        entityType: row.entityType,
        entityId: row.entityId,
        action: row.action,
        summary: row.summary,
        before: (row.before ?? null) as Record<string, unknown> | null,
        after: (row.after ?? null) as Record<string, unknown> | null,
      })),
    };
  });
}
