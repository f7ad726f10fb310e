// Online registration (docs/api-registration.md, "Online registration"): in jurisdictions whose switch is on in
// the open campaign, applicants sign up with their ID number, fill in their own application and submit it to
// their unit, which confirms it (POST /api/applications/:id/confirm).

import type { z } from 'zod';
import { normalizeIdNumber, parseIdCard } from '../../../domain/index.js';
import { checkPassword } from '../../../domain/password-policy.js';
import type { AppDeps } from '../../deps.js';
import { recordAudit } from '../../platform/audit.js';
import type { RequestMeta, ServiceContext } from '../../platform/context.js';
import { AppError, uniqueViolation } from '../../platform/errors.js';
import { hashPassword } from '../../platform/passwords.js';
import { inScopedTx, inSystemTx } from '../../platform/tx.js';
import type { ApplicationInput } from '../applications/applications.schemas.js';
import {
  changeOne,
  findOwnApplicationView,
  findUnit,
  finish,
  insertOne,
  isOwnApplication,
  load,
  mergeInput,
  today,
  type UnitRef,
} from '../applications/applications.service.js';
import { findOpenCampaign, onlineRegistrationOn } from '../applications/registration-window.js';
import * as repo from './registration.repository.js';
import type { myCreateBody, myUpdateBody, signUpBody } from './registration.schemas.js';

const UNITS_LIMIT = 50;

export async function listRegistrationUnits(deps: AppDeps, q: string | undefined) {
  return inSystemTx(deps.db, async (tx) => {
    const campaign = await findOpenCampaign(tx);
    if (!campaign) return { items: [] };
    return { items: await repo.listOnlineUnits(tx, campaign.id, q?.trim() || undefined, UNITS_LIMIT) };
  });
}

/**
 * Who may register online this year, said at the door (sign-up and the applicant's form): the open campaign and
 * the jurisdictions where its online registration is on. Everyone else is registered by their unit.
 */
export async function listRegistrationRegions(deps: AppDeps) {
  return inSystemTx(deps.db, async (tx) => {
    const campaign = await findOpenCampaign(tx);
    if (!campaign) return { campaign: null, jurisdictions: [] };
    return {
      campaign: { year: campaign.year, name: campaign.name },
      jurisdictions: await repo.listOnlineJurisdictions(tx, campaign.id),
    };
  });
}

export async function signUp(deps: AppDeps, meta: RequestMeta, body: z.infer<typeof signUpBody>) {
  const id = parseIdCard(body.idNumber, today(deps));
  if (!id.ok) throw new AppError('ID_NUMBER_INVALID', id.error.message);
  const username = normalizeIdNumber(body.idNumber);
  const policy = checkPassword(body.password, { username, idNumber: username });
  if (!policy.ok) throw new AppError('PASSWORD_POLICY', policy.message);
  const passwordHash = await hashPassword(body.password);
  const exists = () => new AppError('ACCOUNT_EXISTS', '该身份证号已注册，请直接用身份证号登录');
  try {
    await inSystemTx(deps.db, async (tx) => {
      if (await repo.usernameTaken(tx, username)) throw exists();
      const now = deps.clock.now();
      const accountId = await repo.insertApplicantAccount(tx, {
        username,
        displayName: body.name,
        role: 'applicant',
        orgNodeId: null,
        orgPath: null,
        phone: body.phone,
        passwordHash,
        // The applicant chose this password; nothing to change on first sign-in.
        mustChangePassword: false,
        passwordChangedAt: now,
        createdAt: now,
        updatedAt: now,
      });
      await recordAudit(
        tx,
        { accountId, username, role: 'applicant' },
        meta,
        {
          entityType: 'account',
          entityId: accountId,
          orgNodeId: null,
          orgPath: null,
          action: 'account.sign_up',
          summary: `申报人「${body.name}」注册网上报名账号`,
          after: { username: `${username.slice(0, 4)}**********${username.slice(-4)}`, role: 'applicant' },
        },
        now,
      );
    });
  } catch (error) {
    if (uniqueViolation(error) === 'accounts_username_key') throw exists();
    throw error;
  }
  return { username };
}

/** The unit an applicant chose, if it may take online applications in the open campaign (looked up as system). */
async function onlineUnit(deps: AppDeps, campaignId: number, unitId: number): Promise<UnitRef> {
  return inSystemTx(deps.db, async (tx) => {
    const unit = await findUnit(tx, unitId);
    if (!unit?.active) throw new AppError('NOT_FOUND', '单位不存在或已停用');
    if (!(await onlineRegistrationOn(tx, campaignId, unit.jurisdictionId))) {
      throw new AppError('ONLINE_REGISTRATION_OFF', `「${unit.jurisdictionName}」未开通网上报名，请由所在单位统一报名`);
    }
    return unit;
  });
}

async function openCampaignId(deps: AppDeps, ctx: ServiceContext): Promise<number> {
  const campaign = await inScopedTx(deps.db, ctx.actor, (tx) => findOpenCampaign(tx));
  if (!campaign) throw new AppError('CAMPAIGN_NOT_OPEN');
  return campaign.id;
}

/**
 * The applicant's own application in the open campaign, or null: "not yet registered" (or no campaign open) is a
 * normal answer for a new applicant, not an error.
 */
export async function getMyApplication(deps: AppDeps, ctx: ServiceContext) {
  const loaded = await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const campaign = await findOpenCampaign(tx);
    if (!campaign) return null;
    const view = await findOwnApplicationView(tx, ctx.actor.accountId, campaign.id);
    return view ? load(tx, deps, view) : null;
  });
  return loaded ? finish(deps, ctx.actor, loaded) : null;
}

export async function createMyApplication(deps: AppDeps, ctx: ServiceContext, body: z.infer<typeof myCreateBody>) {
  const campaignId = await openCampaignId(deps, ctx);
  const { unitId, submit, ...fields } = body;
  const unit = await onlineUnit(deps, campaignId, unitId);
  const input: ApplicationInput = { ...fields, idNumber: ctx.actor.username, name: ctx.actor.displayName };
  const created = await insertOne(deps, ctx, {
    campaignId,
    input,
    source: 'online',
    status: submit ? 'awaiting_unit' : 'draft',
    applicantAccountId: ctx.actor.accountId,
    resolveUnit: async () => unit,
  });
  await bindToUnit(deps, ctx, unit);
  return created;
}

/** The applicant's helpdesk follows the unit they register with (repo.bindApplicantToUnit). */
async function bindToUnit(deps: AppDeps, ctx: ServiceContext, unit: UnitRef): Promise<void> {
  if (ctx.actor.orgNodeId === unit.id) return;
  await inSystemTx(deps.db, (tx) => repo.bindApplicantToUnit(tx, ctx.actor.accountId, unit.id, unit.path));
}

export async function updateMyApplication(deps: AppDeps, ctx: ServiceContext, body: z.infer<typeof myUpdateBody>) {
  const { version, unitId, submit, ...patch } = body;
  const own = await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const campaign = await findOpenCampaign(tx);
    if (!campaign) throw new AppError('CAMPAIGN_NOT_OPEN');
    const view = await findOwnApplicationView(tx, ctx.actor.accountId, campaign.id);
    if (!view) throw new AppError('NOT_FOUND', '您在本考核年度尚未报名');
    return view.row;
  });
  // The switch is checked on every save: a jurisdiction that turned it off takes no more online changes.
  const unit = await onlineUnit(deps, own.campaignId, unitId ?? own.unitId);
  const changed = await changeOne(deps, ctx, own.id, {
    version,
    unit,
    input: (row) => mergeInput(row, { ...patch, idNumber: row.idNumber, name: row.name }),
    status: submit ? 'awaiting_unit' : undefined,
    allowed(abilities, row) {
      if (!isOwnApplication(ctx.actor, row)) throw new AppError('FORBIDDEN');
      if (!abilities.edit || (submit && !abilities.submit && row.status !== 'awaiting_unit')) {
        throw new AppError(
          'APPLICATION_NOT_EDITABLE',
          row.status === 'returned' ? '申请已退回单位修改，请与单位联系' : '申请已由单位确认提交，不能再修改',
        );
      }
    },
    action: submit ? 'application.submit_online' : 'application.update',
    summary: (row) =>
      submit ? `申报人「${row.name}」提交网上报名，待单位确认` : `申报人「${row.name}」修改网上报名信息`,
  });
  await bindToUnit(deps, ctx, unit);
  return changed;
}
