/**
 * 批量提交: a unit submits many of its drafts (or applications returned to it) at once — ticked ones, or all its
 * drafts matching the list's filters. Each application is checked as a single submission is (the unit's own,
 * submittable in its state, the window open, the form complete and valid on re-evaluation today); those that
 * fail are skipped with the reason, the rest are submitted together in one transaction with one audit row each.
 */
import type { AppDeps } from '../../deps.js';
import { type AuditEntry, recordAuditEntries } from '../../platform/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { inScopedTx } from '../../platform/tx.js';
import { settleNotificationsFor } from '../notifications/notifications.service.js';
import { findNode } from '../org/org.service.js';
import * as repo from './applications.repository.js';
import {
  applicationAbilities,
  assertGrade1Evidence,
  auditSnapshot,
  editWindowOpen,
  inputOf,
  isUnitSide,
  NOT_EDITABLE_MESSAGE,
  prepareApplication,
  today,
} from './applications.service.js';
import { findCampaign } from './registration-window.js';

/** At most this many applications per bulk submission (ticked or matched by the filter). */
export const MAX_BULK_SUBMIT = 2000;

export interface BulkSubmitFilter {
  unitId?: number;
  jobTypeId?: number;
  grade?: number;
  verdict?: 'eligible' | 'ineligible' | 'needs_review';
  q?: string;
}

export interface BulkSubmitInput {
  campaignId: number;
  ids?: number[];
  /** All the caller's drafts matching these filters (the list's). */
  filter?: BulkSubmitFilter;
}

export interface BulkSkip {
  id: number;
  name: string;
  code: string;
  message: string;
}

export interface BulkSubmitResult {
  matched: number;
  succeeded: number;
  skipped: BulkSkip[];
}

const NOT_FOUND_MESSAGE = '申请不存在或不在您的管辖范围内';

export async function bulkSubmit(
  deps: AppDeps,
  ctx: ServiceContext,
  input: BulkSubmitInput,
): Promise<BulkSubmitResult> {
  if ((input.ids === undefined) === (input.filter === undefined)) {
    throw new AppError('VALIDATION_FAILED', '请给出 ids 或 filter 其中之一');
  }
  const day = today(deps);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const campaign = await findCampaign(tx, input.campaignId);
    if (!campaign) throw new AppError('NOT_FOUND', '考核年度不存在');

    let ids: number[];
    if (input.ids !== undefined) {
      ids = [...new Set(input.ids)];
    } else {
      const { unitId, q, ...rest } = input.filter!;
      let underPath: string | undefined;
      if (unitId !== undefined) {
        const node = await findNode(tx, unitId);
        if (!node || ctx.actor.orgPath === null || !node.path.startsWith(ctx.actor.orgPath)) {
          throw new AppError('NOT_FOUND', '机构不存在或不在您的管辖范围内');
        }
        underPath = node.path;
      }
      const list = await repo.listApplications(tx, {
        ...rest,
        campaignId: campaign.id,
        status: 'draft',
        q: q?.trim() || undefined,
        underPath,
        sort: 'createdAt',
        order: 'asc',
        page: 1,
        pageSize: MAX_BULK_SUBMIT + 1,
      });
      ids = list.items.map((i) => i.id);
    }
    if (ids.length > MAX_BULK_SUBMIT) {
      throw new AppError('BULK_TOO_LARGE', `一次最多提交 ${MAX_BULK_SUBMIT} 人的申请，请缩小范围后分批提交`);
    }

    const rows = await repo.lockApplications(tx, campaign.id, ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const skipped: BulkSkip[] = [];
    const entries: AuditEntry[] = [];
    const now = deps.clock.now();
    const windows = new Map<string, boolean>();
    const jobTypes = new Map<number, Awaited<ReturnType<typeof repo.findJobType>>>();
    let succeeded = 0;

    for (const id of ids) {
      const row = byId.get(id);
      if (!row) {
        skipped.push({ id, name: '', code: 'NOT_FOUND', message: NOT_FOUND_MESSAGE });
        continue;
      }
      const skip = (code: string, message: string) => skipped.push({ id, name: row.name, code, message });
      if (!isUnitSide(ctx.actor, row)) {
        skip('FORBIDDEN', '只有报名单位可以提交申请');
        continue;
      }
      const windowKey = `${row.status === 'returned' ? 'returned' : 'registration'}:${row.jurisdictionId}:${row.appliedGrade === 1 ? 'grade1' : 'regular'}`;
      let open = windows.get(windowKey);
      if (open === undefined) {
        open = await editWindowOpen(deps, tx, campaign, row);
        windows.set(windowKey, open);
      }
      if (!open) {
        skip(
          row.status !== 'returned' && row.appliedGrade === 1 ? 'GRADE1_WINDOW_CLOSED' : 'WINDOW_CLOSED',
          row.status === 'returned'
            ? '退回修改的期限已过'
            : row.appliedGrade === 1
              ? '不在一级申报时间内'
              : '不在报名时间内',
        );
        continue;
      }
      if (!applicationAbilities(ctx.actor, row, true).submit) {
        skip('APPLICATION_NOT_EDITABLE', NOT_EDITABLE_MESSAGE[row.status] ?? '当前状态下不能提交');
        continue;
      }
      const fields = inputOf(row);
      let jobType = jobTypes.get(fields.appliedJobTypeId);
      if (jobType === undefined) {
        jobType = await repo.findJobType(tx, fields.appliedJobTypeId);
        jobTypes.set(fields.appliedJobTypeId, jobType);
      }
      const unit = {
        id: row.unitId,
        path: row.orgPath,
        departmentId: row.departmentId,
        jurisdictionId: row.jurisdictionId,
      };
      const prepared = prepareApplication({ campaign, unit, jobType, input: fields, today: day });
      if (!prepared.ok) {
        const first = prepared.errors[0];
        skip(first?.code ?? 'VALIDATION_FAILED', first ? `${first.message}，请打开申请修改后再提交` : '申请填写不完整');
        continue;
      }
      try {
        await assertGrade1Evidence(tx, campaign, id, prepared.values);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        skip(error.code, error.message);
        continue;
      }
      const updated = await repo.updateApplication(tx, id, row.version, {
        ...prepared.values,
        status: 'submitted',
        returnedTo: null,
        submittedAt: now,
        updatedAt: now,
      });
      if (!updated) {
        skip('STALE_VERSION', '该申请已被他人修改，请刷新后再试');
        continue;
      }
      succeeded++;
      entries.push({
        entityType: 'application',
        entityId: id,
        orgNodeId: updated.unitId,
        orgPath: updated.orgPath,
        action: 'application.submit',
        summary: `批量提交「${updated.name}」的申请`,
        before: auditSnapshot(row),
        after: auditSnapshot(updated),
      });
    }
    if (entries.length > 0) {
      await recordAuditEntries(tx, ctx.actor, ctx.meta, entries, now);
      await settleNotificationsFor(
        tx,
        ctx.actor,
        entries.map((e) => Number(e.entityId)),
        now,
      );
    }
    return { matched: ids.length, succeeded, skipped: skipped.sort((a, b) => a.id - b.id) };
  });
}
