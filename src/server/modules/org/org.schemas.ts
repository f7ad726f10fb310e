import { z } from 'zod';
import { idParam, idValue, intQuery, pageQuery } from '../../platform/params.schemas.js';

export const orgKindSchema = z.enum(['province', 'jurisdiction', 'department', 'unit']);

export const idParams = z.object({ id: idParam('机构编号') });

export const abilitiesSchema = z.object({
  update: z.boolean(),
  createChild: z.boolean(),
  deactivate: z.boolean(),
  import: z.boolean(),
});

export const nodeSchema = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  kind: orgKindSchema.describe('province 省 / jurisdiction 省辖市、省直管县等 / department 主管部门 / unit 单位'),
  name: z.string(),
  code: z.string().nullable().describe('省和辖区为行政区划代码；主管部门和单位为统一社会信用代码'),
  jurisdictionType: z.enum(['city', 'county', 'provincial_units', 'central_units']).nullable(),
  reviewedByProvince: z.boolean().describe('省直单位、中央驻豫单位：由省直接审核'),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  active: z.boolean(),
  childCount: z.number().int().describe('启用中的下级机构数'),
  abilities: abilitiesSchema.describe('当前账号对该机构可做的操作'),
});

export const nodeDetailSchema = nodeSchema.extend({
  ancestors: z.array(z.object({ id: z.number().int(), name: z.string(), kind: orgKindSchema })).describe('从省到上级'),
});

const booleanString = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

export const listQuery = z.object({
  parentId: idParam('上级机构；不填时返回本账号所属机构').optional(),
  subtree: booleanString.describe('true：在上级机构的整个下级范围内查找'),
  kind: orgKindSchema.optional(),
  q: z.string().max(50).optional().describe('名称或统一社会信用代码的一部分'),
  includeInactive: booleanString.describe('是否包括已停用的机构'),
  page: pageQuery(),
  pageSize: intQuery(1, 200).default(20),
});

export const listResponse = z.object({ items: z.array(nodeSchema), total: z.number().int() });

const text = (max: number) => z.string().trim().max(max);

export const createBody = z.object({
  parentId: idValue('上级机构编号'),
  kind: z.enum(['department', 'unit']).describe('department 主管部门 / unit 单位'),
  name: text(100).min(2, '名称至少2个字').describe('机构名称'),
  code: text(18).nullish().describe('统一社会信用代码（单位必填）'),
  contactName: text(30).nullish(),
  contactPhone: text(20)
    .regex(/^[0-9+\-() ]*$/, '联系电话只能包含数字、空格和 +-()')
    .nullish(),
});

export const updateBody = createBody.pick({ name: true, code: true, contactName: true, contactPhone: true }).partial();

export const importResponse = z.object({
  total: z.number().int().describe('文件中的数据行数'),
  imported: z.number().int(),
  skipped: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })),
});

/** The multipart field `mode` of POST /api/org/import (and of the applications' import). */
export const importModeSchema = z
  .enum(['all_or_nothing', 'good_rows'])
  .describe('all_or_nothing 全部无误才导入 / good_rows 只导入无误的行');

// ─── The contract's types (the web imports them with `import type`) ───────────────────────────────────────
export type OrgKind = z.infer<typeof orgKindSchema>;
export type JurisdictionType = NonNullable<OrgNodeSummary['jurisdictionType']>;
export type OrgAbilities = z.infer<typeof abilitiesSchema>;
export type OrgNodeSummary = z.infer<typeof nodeSchema>;
export type OrgNode = z.infer<typeof nodeDetailSchema>;
export type OrgAncestor = OrgNode['ancestors'][number];
export type OrgNodeListQuery = import('../../platform/params.schemas.js').QueryOf<typeof listQuery>;
export type OrgNodeListResponse = z.infer<typeof listResponse>;
export type CreateOrgNodeBody = z.input<typeof createBody>;
export type UpdateOrgNodeBody = z.input<typeof updateBody>;
export type ImportMode = z.infer<typeof importModeSchema>;
export type OrgImportResult = z.infer<typeof importResponse>;
export type ImportRowError = OrgImportResult['errors'][number];
