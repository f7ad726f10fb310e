// The audit log's contract.
import { z } from 'zod';
import type { QueryOf } from '../../platform/params.schemas.js';
import { intQuery, pageQuery } from '../../platform/params.schemas.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const auditQuery = z.object({
  from: day.optional().describe('起始日期（含）'),
  to: day.optional().describe('截止日期（含）'),
  action: z
    .string()
    .max(60)
    .optional()
    .describe('操作代码，如 org.create、auth.login（中文名称见 src/domain/audit-labels.ts）'),
  entityType: z.string().max(40).optional().describe('对象类型，如 org_node、account'),
  actor: z.string().max(64).optional().describe('操作人用户名的一部分'),
  page: pageQuery(),
  pageSize: intQuery(1, 200).default(20),
});

export const auditItem = z.object({
  id: z.number().int(),
  createdAt: z.string(),
  actorUsername: z.string().nullable(),
  actorRole: z.string().nullable(),
  orgNodeName: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  entityName: z
    .string()
    .nullable()
    .describe('对象的称呼，如“2017年度考核”“申请：张伟（4101**********2016）”“账号 zz-yizhong”；身份证号一律遮蔽'),
  action: z.string(),
  summary: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});

export const auditListResponse = z.object({ items: z.array(auditItem), total: z.number().int() });

// ─── The contract's types (the web imports them with `import type`) ───────────────────────────────────────
export type AuditListQuery = QueryOf<typeof auditQuery>;
export type AuditEntry = z.infer<typeof auditItem>;
export type AuditListResponse = z.infer<typeof auditListResponse>;
