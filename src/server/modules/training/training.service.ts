import { compareIso } from '../../../domain/calendar.js';
import { maskIdNumber } from '../../../domain/masking.js';
import { describeWindow, phaseWindow } from '../../../domain/timetable.js';
import { type AttendanceStatus, type TrainingStatus, trainingStatus } from '../../../domain/training.js';
import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { recordAudit } from '../../platform/audit.js';
import type { Actor, ServiceContext } from '../../platform/context.js';
import { AppError, uniqueViolation } from '../../platform/errors.js';
import { hasPermission } from '../../platform/permissions.js';
import { inScopedTx } from '../../platform/tx.js';
import * as campaignsService from '../campaigns/campaigns.service.js';
import { assertProvinceManager, isProvinceManager } from '../catalog/catalog.service.js';
import type { ClassRow } from './training.repository.js';
import * as repo from './training.repository.js';

export interface ClassInput {
  jurisdictionId?: number;
  name: string;
  startsOn: string;
  endsOn: string;
  place: string;
  teacher: string;
  jobTypeIds: number[];
  grades: number[];
  capacity: number;
}

const canManage = (actor: Actor) => hasPermission(actor.role, 'training.manage');

function classSnapshot(row: ClassRow) {
  return {
    name: row.name,
    jurisdictionId: row.jurisdictionId,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    place: row.place,
    teacher: row.teacher,
    jobTypeIds: row.jobTypeIds,
    grades: row.grades,
    capacity: row.capacity,
  };
}

const classAudit = (row: ClassRow) => ({
  entityType: 'training_class',
  entityId: row.id,
  orgNodeId: row.jurisdictionId,
  orgPath: row.orgPath,
});

async function writableCampaign(tx: Tx, campaignId: number) {
  const campaign = await campaignsService.findCampaignRow(tx, campaignId);
  if (!campaign) throw new AppError('NOT_FOUND', '考核年度不存在');
  if (campaign.status === 'closed') throw new AppError('CAMPAIGN_CLOSED', `「${campaign.name}」已结束，不能再修改`);
  return campaign;
}

/** The class, visible under the caller's scope (row-level security), locked for a change when asked. */
async function loadClass(tx: Tx, id: number, lock = false): Promise<ClassRow> {
  const row = await repo.findClass(tx, id, lock);
  if (!row) throw new AppError('NOT_FOUND', '培训班不存在');
  return row;
}

async function resolveJurisdiction(tx: Tx, actor: Actor, given: number | undefined) {
  const province = isProvinceManager(actor, 'training.manage');
  if (!province && given !== undefined && given !== actor.orgNodeId) {
    throw new AppError('FORBIDDEN', '只能为本辖区建立培训班');
  }
  const id = given ?? (province ? null : actor.orgNodeId);
  if (id === null) throw new AppError('TRAINING_CLASS_INVALID', '请选择培训班所属的辖区');
  const node = await repo.findJurisdiction(tx, id);
  if (node?.kind !== 'jurisdiction') {
    throw new AppError('TRAINING_CLASS_INVALID', province ? '请选择培训班所属的辖区' : '只有辖区工考办可以建立培训班');
  }
  // A jurisdiction reaches its own path only; the database refuses another's row as well.
  if (!node.path.startsWith(actor.orgPath ?? '\u0000')) throw new AppError('FORBIDDEN', '只能为本辖区建立培训班');
  return node;
}

async function checkClassDates(tx: Tx, campaignId: number, jurisdictionId: number, input: ClassInput) {
  if (compareIso(input.startsOn, input.endsOn) > 0) {
    throw new AppError('TRAINING_CLASS_INVALID', '培训班的开始日期不能晚于结束日期');
  }
  const { phases, extensions } = await campaignsService.findTimetable(tx, campaignId);
  if (!phases.some((p) => p.phase === 'training')) return;
  const window = phaseWindow(phases, extensions, jurisdictionId, 'training');
  if (compareIso(input.startsOn, window.startsOn) < 0 || compareIso(input.endsOn, window.endsOn) > 0) {
    throw new AppError('TRAINING_CLASS_INVALID', `培训班的起止日期须在培训阶段（${describeWindow(window)}）内`);
  }
}

function mapClassUnique(error: unknown, name: string): never {
  if (uniqueViolation(error) === 'training_classes_campaign_jurisdiction_name_key') {
    throw new AppError('TRAINING_CLASS_NAME_TAKEN', `本辖区本年度已有名为「${name}」的培训班`);
  }
  throw error;
}

async function presentClass(tx: Tx, actor: Actor, row: ClassRow) {
  const node = await repo.findJurisdiction(tx, row.jurisdictionId);
  const counts = await repo.classCounts(tx, row.id);
  const sittings = await repo.listSittings(tx, row.id);
  const settings = await repo.trainingSettings(tx, row.campaignId);
  return {
    id: row.id,
    campaignId: row.campaignId,
    jurisdictionId: row.jurisdictionId,
    jurisdictionName: node?.name ?? '',
    name: row.name,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    place: row.place,
    teacher: row.teacher,
    jobTypeIds: row.jobTypeIds,
    grades: row.grades,
    capacity: row.capacity,
    enrolled: counts.enrolled,
    sittings: counts.sittings,
    sittingList: sittings.map((s) => ({ id: s.id, date: s.sittingDate, topic: s.topic })),
    requiredShare: settings?.trainingRequiredShare ?? 0.8,
    trainingRequiredForSeating: settings?.trainingRequiredForSeating ?? false,
    abilities: {
      update: canManage(actor) && settings?.status !== 'closed',
      delete: canManage(actor) && settings?.status !== 'closed' && counts.enrolled === 0 && counts.sittings === 0,
    },
  };
}

// ─── Campaign settings (province) ────────────────────────────────────────────────────────────────────────

export async function getTrainingSettings(deps: AppDeps, ctx: ServiceContext, campaignId: number) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const s = await repo.trainingSettings(tx, campaignId);
    if (!s) throw new AppError('NOT_FOUND', '考核年度不存在');
    return {
      trainingRequiredForSeating: s.trainingRequiredForSeating,
      requiredShare: s.trainingRequiredShare,
      abilities: { update: isProvinceManager(ctx.actor, 'campaign.manage') && s.status !== 'closed' },
    };
  });
}

export async function setTrainingSettings(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
  input: { trainingRequiredForSeating: boolean; requiredShare: number },
) {
  assertProvinceManager(ctx.actor, 'campaign.manage', '只有省工考办可以设置培训要求');
  await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const campaign = await repo.lockCampaign(tx, campaignId);
    if (!campaign) throw new AppError('NOT_FOUND', '考核年度不存在');
    if (campaign.status === 'closed') throw new AppError('CAMPAIGN_CLOSED', `「${campaign.name}」已结束，不能再修改`);
    const now = deps.clock.now();
    await repo.setTrainingSettings(tx, campaignId, input.trainingRequiredForSeating, input.requiredShare, now);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'campaign',
        entityId: campaignId,
        orgNodeId: ctx.actor.orgNodeId,
        orgPath: ctx.actor.orgPath,
        action: 'campaign.training_settings',
        summary: `设置「${campaign.name}」的培训要求：${input.trainingRequiredForSeating ? '完成培训方可编排考场' : '不作为编排条件'}，出勤比例 ${Math.round(input.requiredShare * 100)}%`,
        before: {
          trainingRequiredForSeating: campaign.trainingRequiredForSeating,
          trainingRequiredShare: campaign.trainingRequiredShare,
        },
        after: {
          trainingRequiredForSeating: input.trainingRequiredForSeating,
          trainingRequiredShare: input.requiredShare,
        },
      },
      now,
    );
  });
  return getTrainingSettings(deps, ctx, campaignId);
}

// ─── Classes ─────────────────────────────────────────────────────────────────────────────────────────────

export async function listClasses(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
  query: { jurisdictionId?: number; page: number; pageSize: number },
) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const { total, rows } = await repo.listClasses(
      tx,
      campaignId,
      query.jurisdictionId ?? null,
      query.page,
      query.pageSize,
    );
    return {
      total,
      items: rows.map((r) => ({
        id: r.row.id,
        campaignId: r.row.campaignId,
        jurisdictionId: r.row.jurisdictionId,
        jurisdictionName: r.jurisdictionName,
        name: r.row.name,
        startsOn: r.row.startsOn,
        endsOn: r.row.endsOn,
        place: r.row.place,
        teacher: r.row.teacher,
        jobTypeIds: r.row.jobTypeIds,
        grades: r.row.grades,
        capacity: r.row.capacity,
        enrolled: Number(r.enrolled),
        sittings: Number(r.sittings),
      })),
      abilities: { create: canManage(ctx.actor) },
    };
  });
}

export async function getClass(deps: AppDeps, ctx: ServiceContext, id: number) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => presentClass(tx, ctx.actor, await loadClass(tx, id)));
}

export async function createClass(deps: AppDeps, ctx: ServiceContext, campaignId: number, input: ClassInput) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    await writableCampaign(tx, campaignId);
    const node = await resolveJurisdiction(tx, ctx.actor, input.jurisdictionId);
    await checkClassDates(tx, campaignId, node.id, input);
    const now = deps.clock.now();
    const row = await repo
      .insertClass(tx, {
        campaignId,
        jurisdictionId: node.id,
        orgPath: node.path,
        ...classFields(input),
        createdBy: ctx.actor.accountId,
        createdAt: now,
        updatedAt: now,
      })
      .catch((e: unknown) => mapClassUnique(e, input.name));
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...classAudit(row),
        action: 'training_class.create',
        summary: `新建培训班「${row.name}」（${node.name}）`,
        after: classSnapshot(row),
      },
      now,
    );
    return presentClass(tx, ctx.actor, row);
  });
}

/** A class's own fields as written: job types and grades without repeats, grades in order. */
function classFields(input: ClassInput) {
  return {
    name: input.name,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    place: input.place,
    teacher: input.teacher,
    jobTypeIds: [...new Set(input.jobTypeIds)],
    grades: [...new Set(input.grades)].sort((a, b) => a - b),
    capacity: input.capacity,
  };
}

export async function updateClass(deps: AppDeps, ctx: ServiceContext, id: number, input: ClassInput) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const before = await loadClass(tx, id, true);
    await writableCampaign(tx, before.campaignId);
    if (input.jurisdictionId !== undefined && input.jurisdictionId !== before.jurisdictionId) {
      throw new AppError('TRAINING_CLASS_INVALID', '培训班所属辖区不能修改');
    }
    await checkClassDates(tx, before.campaignId, before.jurisdictionId, input);
    const counts = await repo.classCounts(tx, id);
    if (input.capacity < counts.enrolled) {
      throw new AppError('TRAINING_CLASS_INVALID', `人数上限不能少于已加入的 ${counts.enrolled} 人`);
    }
    const outside = (await repo.listSittings(tx, id)).filter(
      (s) => compareIso(s.sittingDate, input.startsOn) < 0 || compareIso(s.sittingDate, input.endsOn) > 0,
    );
    if (outside.length > 0) {
      throw new AppError(
        'TRAINING_CLASS_INVALID',
        `已有课次（${outside.map((s) => s.sittingDate).join('、')}）不在新的起止日期内`,
      );
    }
    const now = deps.clock.now();
    const row = await repo
      .updateClass(tx, id, {
        ...classFields(input),
        updatedAt: now,
      })
      .catch((e: unknown) => mapClassUnique(e, input.name));
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...classAudit(row),
        action: 'training_class.update',
        summary: `修改培训班「${row.name}」`,
        before: classSnapshot(before),
        after: classSnapshot(row),
      },
      now,
    );
    return presentClass(tx, ctx.actor, row);
  });
}

export async function deleteClass(deps: AppDeps, ctx: ServiceContext, id: number) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const row = await loadClass(tx, id, true);
    await writableCampaign(tx, row.campaignId);
    const counts = await repo.classCounts(tx, id);
    if (counts.enrolled > 0 || counts.sittings > 0) {
      throw new AppError(
        'TRAINING_CLASS_NOT_EMPTY',
        `培训班「${row.name}」已有 ${counts.enrolled} 名学员、${counts.sittings} 个课次，不能删除`,
      );
    }
    await repo.deleteClass(tx, id);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...classAudit(row),
        action: 'training_class.delete',
        summary: `删除培训班「${row.name}」`,
        before: classSnapshot(row),
      },
      deps.clock.now(),
    );
    return { ok: true as const };
  });
}

// ─── Roster ──────────────────────────────────────────────────────────────────────────────────────────────

function presentPerson(r: repo.CandidateRow | repo.RosterRow) {
  return {
    applicationId: Number(r.application_id),
    name: r.name,
    idNumberMasked: maskIdNumber(r.id_number),
    unitName: r.unit_name,
    jobTypeName: r.job_type_name,
    grade: Number(r.grade),
  };
}

/** The jurisdiction's confirmed candidates the class serves and who are in no class yet (to add), paged. */
export async function listAvailable(
  deps: AppDeps,
  ctx: ServiceContext,
  classId: number,
  query: { jobTypeId?: number; grade?: number; page: number; pageSize: number },
) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const cls = await loadClass(tx, classId);
    const { total, rows } = await repo.confirmedCandidates(tx, {
      campaignId: cls.campaignId,
      jurisdictionId: cls.jurisdictionId,
      jobTypeIds: query.jobTypeId === undefined ? cls.jobTypeIds : cls.jobTypeIds.filter((j) => j === query.jobTypeId),
      grades: query.grade === undefined ? cls.grades : cls.grades.filter((g) => g === query.grade),
      onlyFree: true,
      page: query.page,
      pageSize: query.pageSize,
    });
    return {
      total,
      items: rows.map((r) => ({ ...presentPerson(r), jobTypeId: Number(r.job_type_id), classId: r.class_id })),
    };
  });
}

export async function enrolCandidates(
  deps: AppDeps,
  ctx: ServiceContext,
  classId: number,
  input: { applicationIds?: number[]; filter?: { jobTypeId?: number; grade?: number } },
) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const cls = await loadClass(tx, classId, true);
    await writableCampaign(tx, cls.campaignId);
    const filter = input.filter ?? {};
    const jobTypeIds =
      filter.jobTypeId === undefined ? cls.jobTypeIds : cls.jobTypeIds.filter((j) => j === filter.jobTypeId);
    const grades = filter.grade === undefined ? cls.grades : cls.grades.filter((g) => g === filter.grade);
    let ids: number[];
    if (input.applicationIds) {
      const wanted = [...new Set(input.applicationIds)];
      const { rows } = await repo.confirmedCandidates(tx, {
        campaignId: cls.campaignId,
        jurisdictionId: cls.jurisdictionId,
        jobTypeIds: cls.jobTypeIds,
        grades: cls.grades,
        applicationIds: wanted,
        onlyFree: false,
      });
      if (rows.length < wanted.length) {
        throw new AppError(
          'TRAINING_CANDIDATE_INVALID',
          `有 ${wanted.length - rows.length} 人不是本辖区已经省级确认、且工种等级在本培训班范围内的考生`,
        );
      }
      const taken = rows.filter((r) => r.class_id !== null);
      if (taken.length > 0) {
        throw new AppError('TRAINING_ALREADY_ENROLLED', `${taken.map((r) => r.name).join('、')} 已在本年度的培训班中`);
      }
      ids = rows.map((r) => Number(r.application_id));
    } else {
      const { rows } = await repo.confirmedCandidates(tx, {
        campaignId: cls.campaignId,
        jurisdictionId: cls.jurisdictionId,
        jobTypeIds,
        grades,
        onlyFree: true,
      });
      ids = rows.map((r) => Number(r.application_id));
    }
    const { enrolled } = await repo.classCounts(tx, classId);
    if (enrolled + ids.length > cls.capacity) {
      throw new AppError(
        'TRAINING_CLASS_FULL',
        `本次要加入 ${ids.length} 人，培训班只剩 ${cls.capacity - enrolled} 个名额（上限 ${cls.capacity} 人）`,
      );
    }
    const now = deps.clock.now();
    await repo.enrol(tx, cls, ids, ctx.actor.accountId, now).catch((e: unknown) => {
      if (uniqueViolation(e)) throw new AppError('TRAINING_ALREADY_ENROLLED');
      throw e;
    });
    if (ids.length > 0) {
      await recordAudit(
        tx,
        ctx.actor,
        ctx.meta,
        {
          ...classAudit(cls),
          action: 'training_class.enrol',
          summary: `培训班「${cls.name}」加入 ${ids.length} 名学员`,
          after: { applicationIds: ids },
        },
        now,
      );
    }
    return { added: ids.length };
  });
}

export async function removeCandidate(deps: AppDeps, ctx: ServiceContext, classId: number, applicationId: number) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const cls = await loadClass(tx, classId, true);
    await writableCampaign(tx, cls.campaignId);
    if (!(await repo.unenrol(tx, classId, applicationId))) throw new AppError('NOT_FOUND', '该考生不在本培训班中');
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...classAudit(cls),
        action: 'training_class.unenrol',
        summary: `培训班「${cls.name}」移出一名学员（连同其考勤）`,
        before: { applicationIds: [applicationId] },
      },
      deps.clock.now(),
    );
    return { ok: true as const };
  });
}

/** The roster with each candidate's attendance and completion, paged. */
export async function getRoster(deps: AppDeps, ctx: ServiceContext, classId: number, page: number, pageSize: number) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const cls = await loadClass(tx, classId);
    const settings = await repo.trainingSettings(tx, cls.campaignId);
    const sittingIds = (await repo.listSittings(tx, classId)).map((s) => s.id);
    const { total, rows } = await repo.roster(tx, classId, page, pageSize);
    const records = await repo.attendanceOf(
      tx,
      classId,
      rows.map((r) => Number(r.application_id)),
    );
    return {
      total,
      items: rows.map((r) => {
        const id = Number(r.application_id);
        const mine = records.filter((a) => a.applicationId === id);
        const status = trainingStatus(mine, sittingIds, settings?.trainingRequiredShare ?? 0.8);
        return {
          ...presentPerson(r),
          attendance: Object.fromEntries(mine.map((a) => [String(a.sittingId), a.status])),
          completed: status.completed,
          attended: status.attended,
          required: status.required,
          reasonText: status.reasonText,
        };
      }),
    };
  });
}

// ─── Sittings and attendance ─────────────────────────────────────────────────────────────────────────────

export async function addSitting(
  deps: AppDeps,
  ctx: ServiceContext,
  classId: number,
  input: { date: string; topic?: string | null },
) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const cls = await loadClass(tx, classId, true);
    await writableCampaign(tx, cls.campaignId);
    if (compareIso(input.date, cls.startsOn) < 0 || compareIso(input.date, cls.endsOn) > 0) {
      throw new AppError(
        'TRAINING_SITTING_INVALID',
        `课次日期须在培训班的起止日期（${cls.startsOn} 至 ${cls.endsOn}）内`,
      );
    }
    const now = deps.clock.now();
    const row = await repo
      .insertSitting(tx, {
        classId,
        orgPath: cls.orgPath,
        sittingDate: input.date,
        topic: input.topic ?? null,
        createdAt: now,
      })
      .catch((e: unknown) => {
        if (uniqueViolation(e) === 'training_sittings_class_date_key') {
          throw new AppError('TRAINING_SITTING_TAKEN', `${input.date} 已有课次`);
        }
        throw e;
      });
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...classAudit(cls),
        action: 'training_class.sitting_add',
        summary: `培训班「${cls.name}」新增课次 ${row.sittingDate}`,
        after: { sittingId: row.id, sittingDate: row.sittingDate, topic: row.topic },
      },
      now,
    );
    return { id: row.id, date: row.sittingDate, topic: row.topic };
  });
}

export async function removeSitting(deps: AppDeps, ctx: ServiceContext, classId: number, sittingId: number) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const cls = await loadClass(tx, classId, true);
    await writableCampaign(tx, cls.campaignId);
    const sitting = await repo.findSitting(tx, classId, sittingId);
    if (!sitting) throw new AppError('NOT_FOUND', '课次不存在');
    const records = await repo.deleteSitting(tx, sittingId);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...classAudit(cls),
        action: 'training_class.sitting_delete',
        summary: `培训班「${cls.name}」删除课次 ${sitting.sittingDate}（连同 ${records} 条考勤）`,
        before: { sittingId, sittingDate: sitting.sittingDate, attendanceRecords: records },
      },
      deps.clock.now(),
    );
    return { ok: true as const };
  });
}

export async function recordAttendance(
  deps: AppDeps,
  ctx: ServiceContext,
  classId: number,
  sittingId: number,
  records: { applicationId: number; status: AttendanceStatus }[],
) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const cls = await loadClass(tx, classId, true);
    await writableCampaign(tx, cls.campaignId);
    const sitting = await repo.findSitting(tx, classId, sittingId);
    if (!sitting) throw new AppError('NOT_FOUND', '课次不存在');
    const rosterIds = await repo.rosterIds(tx, classId);
    const outside = records.filter((r) => !rosterIds.has(r.applicationId));
    if (outside.length > 0) {
      throw new AppError('TRAINING_CANDIDATE_INVALID', `有 ${outside.length} 人不在本培训班的学员名单中`);
    }
    const byId = new Map(records.map((r) => [r.applicationId, r.status]));
    const unique = [...byId].map(([applicationId, status]) => ({ applicationId, status }));
    const now = deps.clock.now();
    await repo.upsertAttendance(tx, sitting, unique, ctx.actor.accountId, now);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        ...classAudit(cls),
        action: 'training_class.attendance',
        summary: `培训班「${cls.name}」记录 ${sitting.sittingDate} 的考勤 ${unique.length} 人`,
        after: { sittingId, records: unique },
      },
      now,
    );
    return { ok: true as const };
  });
}

/**
 * For seating (next step of issue 14), inside its transaction: when the campaign's switch is on, each enrolled
 * candidate's training status; candidates absent from the map are in no class (trainingStatus(…, null, …) names
 * them 未参加培训班). Null when the switch is off: training does not bear on seating.
 */
export async function trainingStatusesForSeating(
  tx: Tx,
  campaignId: number,
): Promise<Map<number, TrainingStatus> | null> {
  const settings = await repo.trainingSettings(tx, campaignId);
  if (!settings?.trainingRequiredForSeating) return null;
  const rows = await repo.campaignTrainingRecords(tx, campaignId);
  return new Map(
    rows.map((r) => [
      Number(r.application_id),
      trainingStatus(r.attendance, r.sitting_ids.map(Number), settings.trainingRequiredShare),
    ]),
  );
}
