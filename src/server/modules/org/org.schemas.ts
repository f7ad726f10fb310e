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
