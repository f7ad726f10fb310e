import { z } from 'zod';
import { ROLES } from '../../../domain/roles.js';
import { idParam, idValue, intQuery, pageQuery } from '../../platform/params.schemas.js';

export const accountIdParams = z.object({ id: idParam('账号编号') });

export const accountSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  orgNodeId: z.number().int().nullable(),
  orgNodeName: z.string().nullable(),
  centreId: z.number().int().nullable().describe('考点管理员所管的考点'),
  centreName: z.string().nullable(),
  phone: z.string().nullable(),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  lockedUntil: z.string().nullable().describe('临时锁定到何时（ISO 时间）'),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  abilities: z.object({
    update: z.boolean().describe('停用或启用'),
    editDetails: z.boolean().describe('修改姓名和电话（申报人的由本人填写，管理员不能修改）'),
    resetPassword: z.boolean().describe('重置密码（申报人：签发重置码）'),
    unlock: z.boolean(),
  }),
});

export const accountListQuery = z.object({
  orgNodeId: idParam('只看该机构及其下级的账号').optional(),
  role: z.enum(ROLES).optional(),
  q: z.string().max(50).optional().describe('用户名或姓名的一部分'),
  page: pageQuery(),
  pageSize: intQuery(1, 200).default(20),
});

export const accountListResponse = z.object({ items: z.array(accountSchema), total: z.number().int() });

export const createAccountBody = z.object({
  username: z
    .string()
    .trim()
    .min(3, '用户名至少3个字符')
    .max(32, '用户名最多32个字符')
    .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, '用户名以字母开头，只能包含字母、数字和 _ . -')
    .describe('登录用户名'),
  displayName: z.string().trim().min(1, '请填写姓名').max(30).describe('姓名或岗位名称'),
  role: z.enum([
    'jurisdiction_admin',
    'department_reviewer',
    'unit_officer',
    'proctor',
    'bank_manager',
    'centre_manager',
  ]),
  orgNodeId: idValue('账号所属机构'),
  centreId: idValue('考点管理员所管的考点（须属于该地区；其他角色不填）').nullish(),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\-() ]{5,20}$/, '电话格式不正确')
    .nullish(),
});

export const createAccountResponse = z.object({
  account: accountSchema,
  initialPassword: z.string().describe('初始密码，仅显示这一次；首次登录须修改'),
});

export const updateAccountBody = z.object({
  displayName: z.string().trim().min(1).max(30).optional(),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\-() ]{0,20}$/, '电话格式不正确')
    .nullish(),
  active: z.boolean().optional(),
});

export const resetPasswordResponse = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('initial_password'),
    initialPassword: z.string().describe('新的初始密码，仅显示这一次；对方登录时须修改'),
  }),
  z.object({
    kind: z.literal('reset_code'),
    resetCode: z.string().describe('申报人的一次性密码重置码，仅显示这一次；本人凭它在登录页「忘记密码」中设置新密码'),
    expiresAt: z.string().describe('重置码失效时间（ISO 时间）'),
  }),
]);

export type Account = z.infer<typeof accountSchema>;
export type ResetPasswordResponse = z.infer<typeof resetPasswordResponse>;

// ─── The contract's types (the web imports them with `import type`) ───────────────────────────────────────
export type AccountListQuery = import('../../platform/params.schemas.js').QueryOf<typeof accountListQuery>;
export type AccountListResponse = z.infer<typeof accountListResponse>;
export type CreateAccountBody = z.input<typeof createAccountBody>;
export type CreateAccountResponse = z.infer<typeof createAccountResponse>;
export type UpdateAccountBody = z.input<typeof updateAccountBody>;
