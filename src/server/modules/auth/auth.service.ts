import { checkPassword } from '../../../domain/password-policy.js';
import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { recordAudit } from '../../platform/audit.js';
import type { Actor, RequestMeta } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import {
  clearLoginFailures,
  type LoginThrottlePolicy,
  readThrottle,
  recordLoginFailure,
  usernameKey,
} from '../../platform/login-throttle.js';
import { burnPasswordCheck, hashPassword, resetCodeHash, verifyPassword } from '../../platform/passwords.js';
import { ROLE_PERMISSIONS, type Role } from '../../platform/permissions.js';
import {
  actorOf,
  createSession,
  deleteOtherSessions,
  deleteSession,
  type LoadedSession,
  tokensEqual,
} from '../../platform/sessions.js';
import { inSystemTx } from '../../platform/tx.js';
import {
  type AccountForLogin,
  findAccountById,
  findAccountForLogin,
  updateAccountAuthState,
} from './auth.repository.js';

export interface Me {
  username: string;
  displayName: string;
  role: Role;
  orgNodeId: number | null;
  orgNodeName: string | null;
  mustChangePassword: boolean;
  permissions: string[];
  phone: string | null;
}

export function presentMe(actor: Actor, mustChangePassword: boolean, phone: string | null = null): Me {
  return {
    phone,
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

const minutesUntil = (until: Date, now: Date) => Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
const lockedError = (until: Date, now: Date) =>
  new AppError(
    'AUTH_ACCOUNT_LOCKED',
    `该账号登录失败次数过多，已被锁定，请 ${minutesUntil(until, now)} 分钟后再试或联系管理员解锁`,
  );

/**
 * Signs in (ARCHITECTURE.md, "Sign-in: guessing, lockout and enumeration"). The password is checked with no
 * transaction open; the outcome is then written in one short transaction. Every refusal is answered the same way
 * for a name that is an account and one that is not — same code, same words, and no sooner than
 * loginFailureMinMs — so sign-in tells nobody which names exist.
 */
export async function login(deps: AppDeps, username: string, password: string, meta: RequestMeta) {
  const started = performance.now();
  const outcome = await attemptLogin(deps, username.trim(), password, meta);
  if (outcome.ok) return outcome;
  const wait = deps.config.loginFailureMinMs - (performance.now() - started);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  throw outcome.error;
}

async function attemptLogin(
  deps: AppDeps,
  username: string,
  password: string,
  meta: RequestMeta,
): Promise<LoginOutcome> {
  const { db, clock, config } = deps;
  const policy = config.loginThrottle;
  const key = usernameKey(username);
  const ip = meta.ip ?? '';
  const before = await inSystemTx(db, async (tx) => ({
    found: await findAccountForLogin(tx, username),
    throttle: await readThrottle(tx, key, ip),
  }));
  const checkedAt = clock.now();
  const lockedUntil = before.found ? before.found.account.lockedUntil : before.throttle.nameLockedUntil;
  if (lockedUntil && lockedUntil > checkedAt) return { ok: false, error: lockedError(lockedUntil, checkedAt) };
  const waitUntil = before.throttle.addressBlockedUntil;
  if (waitUntil && waitUntil > checkedAt) {
    const seconds = Math.max(1, Math.ceil((waitUntil.getTime() - checkedAt.getTime()) / 1000));
    return {
      ok: false,
      error: new AppError('AUTH_THROTTLED', `登录失败次数过多，请 ${seconds} 秒后再试；忘记密码请联系管理员`),
    };
  }

  // argon2 runs here, outside any transaction: no connection or row lock is held while it works.
  let valid = false;
  if (before.found) valid = await verifyPassword(before.found.account.passwordHash, password);
  else await burnPasswordCheck(password);

  return inSystemTx<LoginOutcome>(db, async (tx) => {
    const now = clock.now();
    // Read again under a row lock: concurrent attempts for one account count one after another.
    const found = before.found ? await findAccountForLogin(tx, username, { lock: true }) : null;
    if (!found || !valid || found.account.passwordHash !== before.found?.account.passwordHash) {
      await recordLoginFailure(tx, { key, ip, now, policy, unknownName: !found });
      if (found) await countAccountFailure(tx, found.account, meta, now, policy);
      return { ok: false, error: new AppError('AUTH_INVALID_CREDENTIALS') };
    }
    const { account } = found;
    if (!account.active) return { ok: false, error: new AppError('AUTH_ACCOUNT_DISABLED') };
    await clearLoginFailures(tx, key, ip);
    await updateAccountAuthState(tx, account.id, { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now });
    const session = await createSession(tx, account.id, meta, now, {
      idleMinutes: config.sessionIdleMinutes,
      maxHours: config.sessionMaxHours,
    });
    await recordAudit(
      tx,
      { accountId: account.id, username: account.username, role: account.role },
      meta,
      {
        entityType: 'account',
        entityId: account.id,
        orgNodeId: account.orgNodeId,
        orgPath: account.orgPath,
        action: 'auth.login',
        summary: `账号「${account.username}」登录`,
      },
      now,
    );
    return {
      ok: true,
      token: session.token,
      csrfToken: session.csrfToken,
      me: presentMe(actorOf(account, found.orgNodeName), account.mustChangePassword, account.phone ?? null),
    };
  });
}

/** A wrong password for an account: counted, audited, and at lockFailures the account is locked. */
async function countAccountFailure(
  tx: Tx,
  account: AccountForLogin,
  meta: RequestMeta,
  now: Date,
  policy: LoginThrottlePolicy,
): Promise<void> {
  const failures = account.failedLoginCount + 1;
  const lock = failures >= policy.lockFailures;
  await updateAccountAuthState(tx, account.id, {
    failedLoginCount: lock ? 0 : failures,
    lockedUntil: lock ? new Date(now.getTime() + policy.lockMinutes * 60_000) : account.lockedUntil,
  });
  await recordAudit(
    tx,
    { accountId: account.id, username: account.username, role: account.role },
    meta,
    {
      entityType: 'account',
      entityId: account.id,
      orgNodeId: account.orgNodeId,
      orgPath: account.orgPath,
      action: lock ? 'account.locked' : 'auth.login_failed',
      summary: lock
        ? `账号「${account.username}」累计 ${failures} 次密码错误，锁定 ${policy.lockMinutes} 分钟（管理员可解锁）`
        : `账号「${account.username}」登录失败（累计第 ${failures} 次密码错误）`,
    },
    now,
  );
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

/**
 * An applicant redeems the one-time reset code an official issued (accounts.service resetAccountPassword) and
 * chooses a new password. Every refusal reads the same, whether the name, the code or its age was wrong. The new
 * password is hashed before the transaction; the account is signed out everywhere.
 */
export async function redeemResetCode(
  deps: AppDeps,
  input: { username: string; code: string; newPassword: string },
  meta: RequestMeta,
): Promise<void> {
  const username = input.username.trim();
  const invalid = () => new AppError('RESET_CODE_INVALID');
  const policy = checkPassword(input.newPassword, { username, idNumber: username });
  if (!policy.ok) throw new AppError('PASSWORD_POLICY', policy.message);
  const passwordHash = await hashPassword(input.newPassword);
  const presented = resetCodeHash(input.code);
  await inSystemTx(deps.db, async (tx) => {
    const now = deps.clock.now();
    const found = await findAccountForLogin(tx, username, { lock: true });
    const account = found?.account;
    if (
      account?.role !== 'applicant' ||
      !account.active ||
      !account.resetCodeHash ||
      !account.resetCodeExpiresAt ||
      account.resetCodeExpiresAt <= now ||
      !tokensEqual(account.resetCodeHash, presented)
    ) {
      throw invalid();
    }
    await updateAccountAuthState(tx, account.id, {
      passwordHash,
      mustChangePassword: false,
      passwordChangedAt: now,
      failedLoginCount: 0,
      lockedUntil: null,
      resetCodeHash: null,
      resetCodeExpiresAt: null,
      resetCodeIssuedBy: null,
      updatedAt: now,
    });
    await deleteOtherSessions(tx, account.id, null);
    await recordAudit(
      tx,
      { accountId: account.id, username: account.username, role: account.role },
      meta,
      {
        entityType: 'account',
        entityId: account.id,
        orgNodeId: account.orgNodeId,
        orgPath: account.orgPath,
        action: 'account.reset_code_redeemed',
        summary: `申报人账号「${account.username}」凭重置码设置了新密码`,
        after: { resetCodeIssuedBy: account.resetCodeIssuedBy },
      },
      now,
    );
  });
}
