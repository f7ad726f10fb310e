import { z } from 'zod';
import { ROLES } from '../../../domain/roles.js';

export const loginBody = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64).describe('用户名；申报人用身份证号'),
  password: z.string().min(1, '请输入密码').max(128).describe('密码'),
});

export const meResponse = z.object({
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES).describe('角色'),
  orgNodeId: z.number().int().nullable().describe('账号所属机构'),
  orgNodeName: z.string().nullable(),
  mustChangePassword: z.boolean().describe('须先修改初始密码'),
  permissions: z.array(z.string()).describe('该账号拥有的权限'),
  phone: z.string().nullable().describe('本账号的联系电话（申报人注册时填写）'),
});

export const loginResponse = meResponse.extend({
  csrfToken: z.string().describe('此后每个修改类请求放在 x-csrf-token 请求头中'),
});

export const csrfResponse = z.object({ csrfToken: z.string() });

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1, '请输入当前密码').max(128),
  newPassword: z.string().min(1, '请输入新密码').max(128),
});

export const redeemResetCodeBody = z.object({
  username: z.string().trim().min(1, '请输入身份证号').max(64).describe('申报人的登录名（身份证号）'),
  code: z.string().trim().min(1, '请输入重置码').max(20).describe('工考办签发的一次性重置码，如 K7QD-M3XA'),
  newPassword: z.string().min(1, '请输入新密码').max(128).describe('新密码'),
});

export const sessionResponse = z.object({
  user: meResponse.nullable(),
  ended: z.enum(['expired']).nullable().describe('会话因超时而结束时为 expired'),
});

// ─── The contract's types (the web imports them with `import type`) ───────────────────────────────────────
export type LoginBody = z.input<typeof loginBody>;
export type Me = z.infer<typeof meResponse>;
export type LoginResponse = z.infer<typeof loginResponse>;
export type SessionResponse = z.infer<typeof sessionResponse>;
export type ChangePasswordBody = z.input<typeof changePasswordBody>;
export type RedeemResetCodeBody = z.input<typeof redeemResetCodeBody>;
