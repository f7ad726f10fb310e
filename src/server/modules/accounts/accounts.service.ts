import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { recordAudit } from '../../platform/audit.js';
import type { Actor, ServiceContext } from '../../platform/context.js';
import { AppError, uniqueViolation } from '../../platform/errors.js';
import {
  generateInitialPassword,
  generateResetCode,
  hashPassword,
  RESET_CODE_HOURS,
  resetCodeHash,
} from '../../platform/passwords.js';
import { hasPermission, ROLE_LABELS, ROLES_BY_NODE_KIND, type Role } from '../../platform/permissions.js';
import { inScopedTx } from '../../platform/tx.js';
import { findCentre } from '../centres/centres.service.js';
import { findNode } from '../org/org.service.js';
import type { AccountListRow } from './accounts.repository.js';
import * as repo from './accounts.repository.js';

/**
 * Admins manage the accounts of the levels below them, and proctors and bank managers (the province's 题库管理员)
 * at their own node (as the RLS policy).
 */
export function canManageAccount(actor: Actor, account: { orgPath: string | null; role: Role }): boolean {
  if (!hasPermission(actor.role, 'account.manage') || !actor.orgPath || !account.orgPath) return false;
  if (!account.orgPath.startsWith(actor.orgPath)) return false;
  return (
    account.orgPath !== actor.orgPath ||
    account.role === 'proctor' ||
    account.role === 'bank_manager' ||
    account.role === 'centre_manager' ||
    account.role === 'panel_expert'
  );
}

/**
 * What an official may do to an applicant's account (ARCHITECTURE.md, "Officials and applicants' accounts"):
 * unlock it, switch it off or on, and issue a one-time reset code that the applicant redeems to choose a new
 * password. Never set, see or use the applicant's password, nor change the name and phone the applicant gave.
 */
export function presentAccount(actor: Actor, row: AccountListRow) {
  const manage = canManageAccount(actor, row) && row.id !== actor.accountId;
  const applicant = row.role === 'applicant';
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    orgNodeId: row.orgNodeId,
    orgNodeName: row.orgNodeName,
    centreId: row.centreId,
    centreName: row.centreName,
    phone: row.phone,
    active: row.active,
    mustChangePassword: row.mustChangePassword,
    lockedUntil: row.lockedUntil ? row.lockedUntil.toISOString() : null,
    lastLoginAt: row.lastLoginAt ? row.lastLoginAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    abilities: {
      update: manage,
      editDetails: manage && !applicant,
      resetPassword: manage,
      unlock: manage && row.lockedUntil !== null,
    },
  };
}

export async function listAccounts(
  deps: AppDeps,
  ctx: ServiceContext,
  input: { orgNodeId?: number; role?: Role; q?: string; page: number; pageSize: number },
) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    let underPath: string | undefined;
    if (input.orgNodeId !== undefined) {
      const node = await findNode(tx, input.orgNodeId);
      if (!node) throw new AppError('NOT_FOUND', '机构不存在或不在您的管辖范围内');
      underPath = node.path;
    }
    const result = await repo.listAccounts(tx, { ...input, q: input.q?.trim() || undefined, underPath });
    return { items: result.items.map((row) => presentAccount(ctx.actor, row)), total: result.total };
  });
}

export async function createAccount(
  deps: AppDeps,
  ctx: ServiceContext,
  input: {
    username: string;
    displayName: string;
    role: Role;
    orgNodeId: number;
    centreId?: number | null;
    phone?: string | null;
  },
) {
  const initialPassword = generateInitialPassword();
  const passwordHash = await hashPassword(initialPassword);
  try {
    return await inScopedTx(deps.db, ctx.actor, async (tx) => {
      const node = await findNode(tx, input.orgNodeId);
      if (!node?.path.startsWith(ctx.actor.orgPath ?? '#')) {
        throw new AppError('NOT_FOUND', '机构不存在或不在您的管辖范围内');
      }
      if (!node.active) throw new AppError('ORG_INACTIVE', `机构「${node.name}」已停用，不能新建账号`);
      if (!ROLES_BY_NODE_KIND[node.kind].includes(input.role)) {
        throw new AppError('ACCOUNT_ROLE_NOT_ALLOWED', `「${node.name}」不能设置${ROLE_LABELS[input.role]}账号`);
      }
      if (!canManageAccount(ctx.actor, { orgPath: node.path, role: input.role })) {
        throw new AppError('FORBIDDEN', '只能为下级机构（或本级监考员）建立账号');
      }
      const centreId = await accountCentre(tx, input.role, input.centreId, node.id);
      const now = deps.clock.now();
      const id = await repo.insertAccount(tx, {
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        orgNodeId: node.id,
        orgPath: node.path,
        centreId,
        phone: input.phone || null,
        passwordHash,
        mustChangePassword: true,
        createdAt: now,
        updatedAt: now,
      });
      await recordAudit(
        tx,
        ctx.actor,
        ctx.meta,
        {
          entityType: 'account',
          entityId: id,
          orgNodeId: node.id,
          orgPath: node.path,
          action: 'account.create',
          summary: `为「${node.name}」新建${ROLE_LABELS[input.role]}账号「${input.username}」`,
          after: {
            username: input.username,
            displayName: input.displayName,
            role: input.role,
            orgNodeId: node.id,
            ...(centreId ? { centreId } : {}),
          },
        },
        now,
      );
      const row = await repo.findAccountRow(tx, id);
      return { account: presentAccount(ctx.actor, row!), initialPassword };
    });
  } catch (error) {
    if (uniqueViolation(error) === 'accounts_username_key') {
      throw new AppError('ACCOUNT_USERNAME_TAKEN', `用户名「${input.username}」已被使用，请换一个`);
    }
    throw error;
  }
}

/**
 * A 考点管理员 is bound to one active test centre of the node's jurisdiction (the centre must be visible, so
 * in the creator's scope); no other role names a centre.
 */
async function accountCentre(
  tx: Tx,
  role: Role,
  centreId: number | null | undefined,
  nodeId: number,
): Promise<number | null> {
  if (role !== 'centre_manager') {
    if (centreId) throw new AppError('VALIDATION_FAILED', '只有考点管理员账号需要指定考点');
    return null;
  }
  if (!centreId) throw new AppError('ACCOUNT_CENTRE_REQUIRED');
  const centre = await findCentre(tx, centreId);
  if (!centre || centre.orgNodeId !== nodeId) {
    throw new AppError('ACCOUNT_CENTRE_REQUIRED', '考点不存在或不属于该地区');
  }
  if (!centre.active) throw new AppError('ACCOUNT_CENTRE_REQUIRED', `考点「${centre.name}」已停用`);
  return centre.id;
}

async function changeAccount(
  deps: AppDeps,
  ctx: ServiceContext,
  id: number,
  describe: (row: AccountListRow) => {
    action: string;
    summary: string;
    patch: Parameters<typeof repo.updateAccount>[2];
    before?: unknown;
    after?: unknown;
    /** Sign the account out everywhere, in the same transaction (a reset, a deactivation). */
    endSessions?: boolean;
  },
) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const row = await repo.findAccountRow(tx, id);
    if (!row) throw new AppError('NOT_FOUND', '账号不存在或不在您的管辖范围内');
    if (row.id === ctx.actor.accountId || !canManageAccount(ctx.actor, row)) {
      throw new AppError('FORBIDDEN', '只能管理下级机构的账号');
    }
    const change = describe(row);
    const now = deps.clock.now();
    await repo.updateAccount(tx, id, { ...change.patch, updatedAt: now });
    if (change.endSessions) await repo.endSessions(tx, id);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'account',
        entityId: id,
        orgNodeId: row.orgNodeId,
        orgPath: row.orgPath,
        action: change.action,
        summary: change.summary,
        before: change.before,
        after: change.after,
      },
      now,
    );
    return presentAccount(ctx.actor, (await repo.findAccountRow(tx, id))!);
  });
}

export function updateAccountDetails(
  deps: AppDeps,
  ctx: ServiceContext,
  id: number,
  input: { displayName?: string; phone?: string | null; active?: boolean },
) {
  return changeAccount(deps, ctx, id, (row) => {
    const detailsChanged =
      (input.displayName !== undefined && input.displayName !== row.displayName) ||
      (input.phone !== undefined && (input.phone || null) !== row.phone);
    if (row.role === 'applicant' && detailsChanged) {
      throw new AppError('FORBIDDEN', '申报人的姓名和联系电话由本人填写，管理员只能停用、启用、解锁或签发密码重置码');
    }
    const patch = {
      displayName: input.displayName ?? row.displayName,
      phone: input.phone === undefined ? row.phone : input.phone || null,
      active: input.active ?? row.active,
    };
    const verb = input.active === undefined || input.active === row.active ? '修改' : input.active ? '启用' : '停用';
    return {
      action: verb === '修改' ? 'account.update' : input.active ? 'account.activate' : 'account.deactivate',
      summary: `${verb}账号「${row.username}」`,
      patch,
      before: { displayName: row.displayName, phone: row.phone, active: row.active },
      after: patch,
      endSessions: patch.active === false && row.active,
    };
  });
}

export type ResetOutcome =
  | { kind: 'initial_password'; initialPassword: string }
  | { kind: 'reset_code'; resetCode: string; expiresAt: string };

/**
 * Resets an account's password and signs it out everywhere. An official below the admin gets a new initial
 * password to hand over (changed at first sign-in). An applicant gets a one-time reset code instead: the admin
 * never holds a password of theirs (see presentAccount).
 */
export async function resetAccountPassword(deps: AppDeps, ctx: ServiceContext, id: number): Promise<ResetOutcome> {
  const target = await inScopedTx(deps.db, ctx.actor, (tx) => repo.findAccountRow(tx, id));
  if (target?.role === 'applicant') {
    const resetCode = generateResetCode();
    const expiresAt = new Date(deps.clock.now().getTime() + RESET_CODE_HOURS * 3600_000);
    await changeAccount(deps, ctx, id, (row) => ({
      action: 'account.reset_code_issued',
      summary: `为申报人账号「${row.username}」签发密码重置码（${RESET_CODE_HOURS} 小时内有效）`,
      patch: {
        resetCodeHash: resetCodeHash(resetCode),
        resetCodeExpiresAt: expiresAt,
        resetCodeIssuedBy: ctx.actor.accountId,
        failedLoginCount: 0,
        lockedUntil: null,
      },
      after: { resetCodeExpiresAt: expiresAt },
      endSessions: true,
    }));
    return { kind: 'reset_code', resetCode, expiresAt: expiresAt.toISOString() };
  }
  // Hashed before the transaction: argon2 takes tens of milliseconds and holds no connection meanwhile.
  const initialPassword = generateInitialPassword();
  const passwordHash = await hashPassword(initialPassword);
  await changeAccount(deps, ctx, id, (row) => ({
    action: 'account.reset_password',
    summary: `重置账号「${row.username}」的密码`,
    patch: { passwordHash, mustChangePassword: true, failedLoginCount: 0, lockedUntil: null },
    endSessions: true,
  }));
  return { kind: 'initial_password', initialPassword };
}

export function unlockAccount(deps: AppDeps, ctx: ServiceContext, id: number) {
  return changeAccount(deps, ctx, id, (row) => ({
    action: 'account.unlock',
    summary: `解除账号「${row.username}」的临时锁定`,
    patch: { failedLoginCount: 0, lockedUntil: null },
    before: { lockedUntil: row.lockedUntil },
    after: { lockedUntil: null },
  }));
}

// ─── For other modules (panels), in the caller's transaction ─────────────────────────────────────────────

/**
 * A 评审专家's account at the actor's own node (the province), made from the panels module's expert row: the caller
 * has hashed the initial password (outside its transaction) and writes the one audit row of its change. A taken
 * username surfaces as the unique violation `accounts_username_key` (the caller maps it to ACCOUNT_USERNAME_TAKEN).
 */
export async function insertExpertAccount(
  tx: Tx,
  actor: Actor,
  input: { username: string; displayName: string; phone: string | null; passwordHash: string; now: Date },
): Promise<number> {
  if (
    !actor.orgNodeId ||
    !actor.orgPath ||
    !canManageAccount(actor, { orgPath: actor.orgPath, role: 'panel_expert' })
  ) {
    throw new AppError('FORBIDDEN', '只有省级管理员可以为评审专家建立账号');
  }
  return repo.insertAccount(tx, {
    username: input.username,
    displayName: input.displayName,
    role: 'panel_expert',
    orgNodeId: actor.orgNodeId,
    orgPath: actor.orgPath,
    centreId: null,
    phone: input.phone,
    passwordHash: input.passwordHash,
    mustChangePassword: true,
    createdAt: input.now,
    updatedAt: input.now,
  });
}
