import { checkPassword } from '../../../domain/password-policy.js';
import type { AppDeps } from '../../app.js';
import { recordAudit } from '../../platform/audit.js';
import type { Actor, RequestMeta } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../../platform/passwords.js';
import { ROLE_PERMISSIONS, type Role } from '../../platform/permissions.js';
import { createSession, deleteOtherSessions, deleteSession, type LoadedSession } from '../../platform/sessions.js';
import { inSystemTx } from '../../platform/tx.js';
import { findAccountById, findAccountForLogin, updateAccountAuthState } from './auth.repository.js';

export interface Me {
  username: string;
  displayName: string;
  role: Role;
  orgNodeId: number | null;
  orgNodeName: string | null;
  mustChangePassword: boolean;
  permissions: string[];
}

export function presentMe(actor: Actor, mustChangePassword: boolean): Me {
  return {
    username: actor.username,
    displayName: actor.displayName,
    role: actor.role,
    orgNodeId: actor.orgNodeId,
    orgNodeName: actor.orgNodeName,
    mustChangePassword,
    permissions: [...ROLE_PERMISSIONS[actor.role]],
  };
}

type LoginOutcome = { ok: true; token: string; csrfToken: string; me: Me } | { ok: false; error: AppError };

/**
 * Signs in. Failed attempts count per account; at the limit the account is locked for a while. The counter
 * and the audit row are committed even when the answer is a refusal, so the error is thrown after the commit.
 */
export async function login(deps: AppDeps, username: string, password: string, meta: RequestMeta) {
  const { db, clock, config } = deps;
  const outcome = await inSystemTx<LoginOutcome>(db, async (tx) => {
    const now = clock.now();
    const found = await findAccountForLogin(tx, username.trim());
    if (!found) {
      await burnPasswordCheck(password);
      return { ok: false, error: new AppError('AUTH_INVALID_CREDENTIALS') };
    }
    const { account } = found;
    const auditTarget = {
      entityType: 'account',
      entityId: account.id,
      orgNodeId: account.orgNodeId,
      orgPath: account.orgPath,
    };
    const who = { accountId: account.id, username: account.username, role: account.role };

    if (account.lockedUntil && account.lockedUntil > now) {
      const minutes = Math.ceil((account.lockedUntil.getTime() - now.getTime()) / 60_000);
      return {
        ok: false,
        error: new AppError(
          'AUTH_ACCOUNT_LOCKED',
          `密码连续输错次数过多，账号已临时锁定，请 ${minutes} 分钟后再试或联系管理员解锁`,
        ),
      };
    }
    const valid = await verifyPassword(account.passwordHash, password);
    if (!valid) {
      const failures = account.failedLoginCount + 1;
      const lock = failures >= config.loginMaxFailures;
      await updateAccountAuthState(tx, account.id, {
        failedLoginCount: lock ? 0 : failures,
        lockedUntil: lock ? new Date(now.getTime() + config.loginLockMinutes * 60_000) : account.lockedUntil,
      });
      await recordAudit(
        tx,
        who,
        meta,
        {
          ...auditTarget,
          action: lock ? 'account.locked' : 'auth.login_failed',
          summary: lock
            ? `账号「${account.username}」连续 ${failures} 次密码错误，锁定 ${config.loginLockMinutes} 分钟`
            : `账号「${account.username}」登录失败（第 ${failures} 次密码错误）`,
        },
        now,
      );
      if (lock) {
        return {
          ok: false,
          error: new AppError(
            'AUTH_ACCOUNT_LOCKED',
            `密码连续输错 ${failures} 次，账号已临时锁定 ${config.loginLockMinutes} 分钟，请稍后再试或联系管理员解锁`,
          ),
        };
      }
      const left = config.loginMaxFailures - failures;
      return {
        ok: false,
        error: new AppError('AUTH_INVALID_CREDENTIALS', `用户名或密码错误，再错 ${left} 次账号将被临时锁定`),
      };
    }
    if (!account.active) return { ok: false, error: new AppError('AUTH_ACCOUNT_DISABLED') };

    await updateAccountAuthState(tx, account.id, { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now });
    const session = await createSession(tx, account.id, meta, now, {
      idleMinutes: config.sessionIdleMinutes,
      maxHours: config.sessionMaxHours,
    });
    await recordAudit(
      tx,
      who,
      meta,
      { ...auditTarget, action: 'auth.login', summary: `账号「${account.username}」登录` },
      now,
    );
    const actor: Actor = {
      accountId: account.id,
      username: account.username,
      displayName: account.displayName,
      role: account.role,
      orgNodeId: account.orgNodeId,
      orgPath: account.orgPath,
      orgNodeName: found.orgNodeName,
    };
    return {
      ok: true,
      token: session.token,
      csrfToken: session.csrfToken,
      me: presentMe(actor, account.mustChangePassword),
    };
  });
  if (!outcome.ok) throw outcome.error;
  return outcome;
}

export async function logout(deps: AppDeps, session: LoadedSession, meta: RequestMeta): Promise<void> {
  await inSystemTx(deps.db, async (tx) => {
    await deleteSession(tx, session.tokenHash);
    const { actor } = session;
    await recordAudit(
      tx,
      actor,
      meta,
      {
        entityType: 'account',
        entityId: actor.accountId,
        orgNodeId: actor.orgNodeId,
        orgPath: actor.orgPath,
        action: 'auth.logout',
        summary: `账号「${actor.username}」退出登录`,
      },
      deps.clock.now(),
    );
  });
}

/** Changes one's own password; other sessions of the account are signed out. */
export async function changePassword(
  deps: AppDeps,
  session: LoadedSession,
  currentPassword: string,
  newPassword: string,
  meta: RequestMeta,
): Promise<void> {
  const { actor } = session;
  const account = await inSystemTx(deps.db, (tx) => findAccountById(tx, actor.accountId));
  if (!account || !(await verifyPassword(account.passwordHash, currentPassword)))
    throw new AppError('AUTH_WRONG_PASSWORD');
  if (newPassword === currentPassword) throw new AppError('PASSWORD_POLICY', '新密码不能与当前密码相同');
  const policy = checkPassword(newPassword, { username: account.username });
  if (!policy.ok) throw new AppError('PASSWORD_POLICY', policy.message);
  const passwordHash = await hashPassword(newPassword);
  await inSystemTx(deps.db, async (tx) => {
    const now = deps.clock.now();
    await updateAccountAuthState(tx, actor.accountId, {
      passwordHash,
      mustChangePassword: false,
      passwordChangedAt: now,
      updatedAt: now,
    });
    await deleteOtherSessions(tx, actor.accountId, session.tokenHash);
    await recordAudit(
      tx,
      actor,
      meta,
      {
        entityType: 'account',
        entityId: actor.accountId,
        orgNodeId: actor.orgNodeId,
        orgPath: actor.orgPath,
        action: 'account.password_changed',
        summary: account.mustChangePassword
          ? `账号「${actor.username}」修改初始密码`
          : `账号「${actor.username}」修改密码`,
      },
      now,
    );
  });
}
