import { z } from 'zod';
import { idValue } from '../../platform/params.schemas.js';
import { applicationInputShape } from '../applications/applications.schemas.js';

export const unitsQuery = z.object({ q: z.string().trim().max(50).optional().describe('单位名称的一部分') });

export const unitsResponse = z.object({
  items: z.array(
    z.object({ id: z.number().int(), name: z.string(), departmentName: z.string(), jurisdictionName: z.string() }),
  ),
});

export const regionsResponse = z.object({
  campaign: z
    .object({ year: z.number().int(), name: z.string() })
    .nullable()
    .describe('进行中的考核年度；没有时为 null'),
  jurisdictions: z
    .array(z.object({ id: z.number().int(), name: z.string() }))
    .describe('本年度开通网上报名的地区；其他地区的人员由所在单位统一报名'),
});

export const signUpBody = z.object({
  idNumber: z.string().trim().min(1, '请填写身份证号').max(30).describe('18 位身份证号（即登录用户名）'),
  name: z.string().trim().min(1, '请填写姓名').max(30).describe('姓名（与身份证一致）'),
  phone: z
    .string()
    .trim()
    .min(1, '请填写联系电话')
    .max(20)
    .regex(/^[0-9+\-() ]*$/, '联系电话只能包含数字、空格和 +-()'),
  password: z.string().min(1, '请设置密码').max(128).describe('登录密码（须符合密码规则）'),
});

export const signUpResponse = z.object({ username: z.string() });

const { idNumber: _idNumber, name: _name, ...ownFields } = applicationInputShape;

/** The applicant's own form: the ID number and name come from the account. */
export const myCreateBody = z.object({
  ...ownFields,
  unitId: idValue('所在单位（须在开通网上报名的地区）'),
  submit: z.boolean().optional().describe('true：提交给单位确认（awaiting_unit）；否则保存为草稿'),
});

export const myUpdateBody = myCreateBody.partial().extend({
  version: idValue('所编辑的版本号（乐观并发）'),
});

// ─── The contract's types (the web imports them with `import type`) ───────────────────────────────────────
export type RegistrationUnitsQuery = import('../../platform/params.schemas.js').QueryOf<typeof unitsQuery>;
export type RegistrationUnitsResponse = z.infer<typeof unitsResponse>;
export type RegistrationUnit = RegistrationUnitsResponse['items'][number];
export type RegionsResponse = z.infer<typeof regionsResponse>;
export type SignUpBody = z.input<typeof signUpBody>;
export type SignUpResponse = z.infer<typeof signUpResponse>;
export type MyCreateBody = z.input<typeof myCreateBody>;
export type MyUpdateBody = z.input<typeof myUpdateBody>;
