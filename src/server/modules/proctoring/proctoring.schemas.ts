// The proctor's console and inspection (监考与巡视, issue 15; docs/api-exam-day.md "The proctor's console"):
// assignments, one room × session live, the actions on it, the 场次报告, and the inspectors' grid.
import { z } from 'zod';
import { INCIDENT_TYPES, VIOLATION_TIERS, VIOLATION_TYPES } from '../../../domain/exam.js';
import { SUBJECTS } from '../../../domain/items.js';
import { LIVE_STATES } from '../../../domain/proctoring.js';
import { idParam, idValue } from '../../platform/params.schemas.js';

const isoTime = (what: string) => z.string().describe(`${what}（ISO 8601，服务器时间）`);
const subjectEnum = z
  .enum(SUBJECTS)
  .describe('科目：skill 岗位技能，ethics 职业道德，ability 职业能力，basics 专业基础知识（一级）');
const liveState = z
  .enum(LIVE_STATES)
  .describe(
    '考生状态：not_signed_in 未登录，waiting 待入场，admitted 已入场（未在作答），answering 作答中，finished 已交卷，absent 缺考，stopped 已终止',
  );
const reason = z.string().trim().min(1, '请填写原因').max(200).describe('原因（必填，写入审计日志）');

export const sessionParams = z.object({ sessionId: idParam('场次编号') });
export const roomParams = z.object({ sessionId: idParam('场次编号'), roomId: idParam('考场（房间）编号') });
export const proctorParams = roomParams.extend({ accountId: idParam('监考员账号编号') });
export const candidateParams = roomParams.extend({ applicationId: idParam('考生（申请）编号') });
export const eventParams = roomParams.extend({ eventId: idParam('违纪或异常情况记录编号') });

// ─── Sessions and rooms to pick ───────────────────────────────────────────────────────────────────────

const sessionRef = z.object({
  id: z.number().int(),
  name: z.string().describe('场次名称'),
  sessionDate: z.string().describe('考试日期（YYYY-MM-DD）'),
  startTime: z.string().describe('开考时间（HH:MM，北京时间）'),
});

export const sessionsResponse = z.object({
  today: z.string().describe('今天（北京时间）'),
  sessions: z.array(sessionRef).describe('当前考核年度的场次（按日期、时间）'),
});
export type ProctoringSessions = z.infer<typeof sessionsResponse>;

const proctorRef = z.object({ accountId: z.number().int(), displayName: z.string().describe('监考员姓名') });

export const roomListItem = z.object({
  session: sessionRef,
  roomId: z.number().int(),
  roomName: z.string().describe('考场（房间）名称'),
  roomCode: z.string().describe('房间编号'),
  examRoomNumber: z.string().nullable().describe('考场号（本场次）'),
  centreId: z.number().int(),
  centreName: z.string().describe('考点名称'),
  seated: z.number().int().describe('本场次编排在此考场的考生数'),
  proctors: z.array(proctorRef).describe('已安排的监考员'),
  today: z.boolean().describe('是否为今天的场次'),
});
export type ProctorRoomItem = z.infer<typeof roomListItem>;

export const myRoomsResponse = z.object({
  today: z.string(),
  items: z.array(roomListItem).describe('我的考场：今天的在前，然后是以后的场次'),
});
export type MyRooms = z.infer<typeof myRoomsResponse>;

export const sessionRoomsResponse = z.object({
  session: sessionRef,
  items: z.array(roomListItem).describe('本场次在您管理范围内有考生的考场（监考员只列已安排给自己的）'),
  abilities: z.object({ assign: z.boolean().describe('可安排监考员') }),
});
export type SessionRooms = z.infer<typeof sessionRoomsResponse>;

export const assignableResponse = z.object({
  items: z.array(proctorRef.extend({ username: z.string().describe('用户名') })),
});
export type AssignableProctors = z.infer<typeof assignableResponse>;

export const assignBody = z.object({ accountId: idValue('监考员账号编号') });
export type AssignBody = z.input<typeof assignBody>;
export const assignResponse = z.object({ proctors: z.array(proctorRef) });
export type AssignResponse = z.infer<typeof assignResponse>;

// ─── One room live ────────────────────────────────────────────────────────────────────────────────────

const subjectWindow = z.object({
  subject: subjectEnum,
  label: z.string().describe('科目名称'),
  opensAt: isoTime('开考时间（含考场已延时）'),
  deadlineAt: isoTime('结束时间（含考场已延时）'),
});

export const liveSeat = z.object({
  seat: z.number().int().describe('座位号'),
  seatLabel: z.string().describe('座位标签，如 A03'),
  applicationId: z.number().int(),
  name: z.string().describe('姓名'),
  ticketNumber: z.string().describe('准考证号'),
  jobTypeName: z.string().describe('报考工种'),
  grade: z.number().int().describe('报考等级'),
  hasPhoto: z.boolean().describe('有报名照片（…/candidates/:applicationId/photo）'),
  plannedSeatLabel: z.string().nullable().describe('换座前编排的座位（本考场）；未换座为空'),
  movedFrom: z.string().nullable().describe('从其他考场换来时原考场名称'),
  attemptId: z.number().int().nullable(),
  state: liveState,
  stateLabel: z.string().describe('状态文字'),
  openSubject: subjectEnum.nullable().describe('正在作答的科目'),
  openSubjectLabel: z.string().nullable(),
  answered: z.number().int().nullable().describe('正在作答科目的已答题数'),
  itemCount: z.number().int().nullable().describe('正在作答科目的题量'),
  remainingMs: z.number().int().nullable().describe('正在作答科目的剩余毫秒（暂停时冻结）'),
  nextOpensAt: isoTime('下一科目开考时间').nullable(),
  unsaved: z.number().int().describe('考试机报告的未保存答案数'),
  lastSeenAt: isoTime('考试机最后一次报到').nullable(),
  disconnectedSeconds: z.number().int().nullable().describe('断线秒数（超过 45 秒未报到）'),
  pendingTakeover: z.boolean().describe('另一台考试机登录，等待确认换机'),
  pendingSince: isoTime('换机请求时间').nullable(),
  signedInAt: isoTime('登录时间').nullable(),
  admittedAt: isoTime('入场时间').nullable(),
  extraSeconds: z.number().int().describe('单独给本考生的延时秒数（不含全考场延时和暂停补时，那些记在考场上）'),
  subjects: z
    .array(
      z.object({
        subject: subjectEnum,
        label: z.string(),
        opensAt: isoTime('开考时间'),
        deadlineAt: isoTime('截止时间'),
        submittedAt: isoTime('交卷时间').nullable(),
        submitKind: z.enum(['candidate', 'deadline', 'proctor', 'stopped']).nullable(),
      }),
    )
    .describe('各科目的时间与交卷情况'),
  violations: z.number().int().describe('违纪记录数'),
});
export type LiveSeat = z.infer<typeof liveSeat>;

export const examEventView = z.object({
  id: z.number().int(),
  kind: z.enum(['violation', 'incident']).describe('violation 违纪，incident 异常情况'),
  type: z.string().describe('类型代码'),
  typeLabel: z.string().describe('类型'),
  tier: z.number().int().nullable().describe('违纪等级（1–3）'),
  tierLabel: z.string().nullable(),
  applicationId: z.number().int().nullable(),
  name: z.string().nullable().describe('违纪考生姓名'),
  seatLabel: z.string().nullable(),
  note: z.string().describe('情况说明'),
  startedAt: isoTime('发生时间'),
  endedAt: isoTime('结束时间').nullable(),
  recordedBy: z.string().describe('记录人'),
});
export type ExamEventView = z.infer<typeof examEventView>;

export const roomView = z.object({
  room: z.object({
    id: z.number().int(),
    name: z.string(),
    code: z.string(),
    rows: z.number().int(),
    columns: z.number().int(),
    outOfUse: z.array(z.string()).describe('停用的座位'),
    spare: z.array(z.string()).describe('备用机位'),
    centre: z.object({ id: z.number().int(), name: z.string(), code: z.string() }),
  }),
  session: sessionRef.extend({
    lateEntryEndsAt: isoTime('迟到入场截止（第一科开考后 lateEntryMinutes 分钟）'),
    subjects: z.array(subjectWindow),
  }),
  examRoomNumber: z.string().nullable(),
  state: z.object({
    pausedAt: isoTime('暂停时间').nullable(),
    pauseReason: z.string().nullable(),
    pausedSeconds: z.number().int().describe('已暂停并补回的总秒数'),
    extraSeconds: z.number().int().describe('给全考场的延时总秒数'),
    stoppedAt: isoTime('终止时间').nullable(),
    stopReason: z.string().nullable(),
    outageLimitMinutes: z.number().int().describe('故障超过此分钟数可终止考试'),
    mayStop: z.boolean().describe('现在可以终止考试（暂停已超过时限）'),
    mayMarkAbsent: z.boolean().describe('已过迟到入场截止，可以标记缺考'),
  }),
  seats: z.array(liveSeat).describe('在本考场就座的考生（按编排，或换座后的座位）'),
  movedOut: z
    .array(
      z.object({
        applicationId: z.number().int(),
        name: z.string(),
        ticketNumber: z.string(),
        plannedSeatLabel: z.string(),
        roomName: z.string().describe('现在的考场'),
        seatLabel: z.string().describe('现在的座位'),
      }),
    )
    .describe('编排在本考场、已换到其他考场的考生'),
  counts: z.record(z.enum(LIVE_STATES), z.number().int()).describe('各状态人数'),
  events: z.array(examEventView).describe('违纪与异常情况（新的在前）'),
  proctors: z.array(proctorRef),
  abilities: z.object({ assign: z.boolean(), act: z.boolean().describe('可执行监考操作') }),
  serverTime: isoTime('服务器当前时间'),
});
export type RoomView = z.infer<typeof roomView>;

// ─── Actions ──────────────────────────────────────────────────────────────────────────────────────────

export const reasonBody = z.object({ reason });
export type ReasonBody = z.input<typeof reasonBody>;

export const candidateBody = z.object({ applicationId: idValue('考生（申请）编号'), reason });
export type CandidateBody = z.input<typeof candidateBody>;

export const admitBody = candidateBody.extend({
  ticketVerified: z.boolean().optional().describe('监考端已离线核验准考证二维码签名且准考证号相符（记入审计日志）'),
});
export type AdmitBody = z.input<typeof admitBody>;

export const moveBody = candidateBody.extend({
  toRoomId: idValue('目标考场（同一考点、同一场次）；不填为本考场').optional(),
  seatLabel: z.string().trim().min(1).max(8).describe('目标座位，如 B05（空座或备用机位）'),
  giveSeconds: z.number().int().min(0).max(14_400).optional().describe('同时补给的时间（秒）；0 或不填为不补'),
});
export type MoveBody = z.input<typeof moveBody>;

export const timeBody = z.object({
  applicationId: idValue('考生（申请）编号；不填为全考场').optional(),
  seconds: z.number().int().describe('延长的秒数（正整数，不超过 240 分钟）'),
  reason,
});
export type TimeBody = z.input<typeof timeBody>;

export const forceSubmitBody = candidateBody.extend({
  all: z.boolean().optional().describe('true：收取全部未交科目；默认只收正在作答的科目'),
});
export type ForceSubmitBody = z.input<typeof forceSubmitBody>;

export const violationBody = z.object({
  applicationId: idValue('违纪考生（申请）编号'),
  tier: z
    .union(VIOLATION_TIERS.map((t) => z.literal(t)) as unknown as [z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>])
    .describe('违纪等级：1 当科成绩无效，2 本次考试全部科目成绩无效，3 全部成绩无效并禁考'),
  type: z.enum(VIOLATION_TYPES).describe('违纪类型'),
  note: z.string().trim().min(1, '请填写情况说明').max(500).describe('情况说明'),
});
export type ViolationBody = z.input<typeof violationBody>;

export const incidentBody = z.object({
  type: z
    .enum(INCIDENT_TYPES)
    .describe('异常情况类型：power 停电，network 网络中断，machine 考试机故障，server 系统故障，other 其他'),
  startedAt: z.iso.datetime({ offset: true }).describe('开始时间（ISO 8601）'),
  endedAt: z.iso.datetime({ offset: true }).optional().describe('结束时间（未结束不填，之后可补记）'),
  note: z.string().trim().min(1, '请填写情况说明').max(500).describe('情况说明'),
});
export type IncidentBody = z.input<typeof incidentBody>;

export const endIncidentBody = z.object({
  endedAt: z.iso.datetime({ offset: true }).optional().describe('结束时间；不填为现在'),
  reason,
});
export type EndIncidentBody = z.input<typeof endIncidentBody>;

export const actionResponse = z.object({ ok: z.literal(true), message: z.string().describe('结果说明') });
export type ActionResponse = z.infer<typeof actionResponse>;

export const eventResponse = z.object({ event: examEventView });
export type EventResponse = z.infer<typeof eventResponse>;

// ─── Inspection ───────────────────────────────────────────────────────────────────────────────────────

export const inspectionResponse = z.object({
  session: sessionRef,
  rooms: z.array(
    z.object({
      roomId: z.number().int(),
      roomName: z.string(),
      roomCode: z.string(),
      examRoomNumber: z.string().nullable(),
      centreId: z.number().int(),
      centreName: z.string(),
      seated: z.number().int().describe('编排人数'),
      counts: z.record(z.enum(LIVE_STATES), z.number().int()).describe('各状态人数'),
      disconnected: z.number().int().describe('断线人数'),
      pausedAt: isoTime('暂停时间').nullable(),
      stoppedAt: isoTime('终止时间').nullable(),
      openIncidents: z.number().int().describe('未结束的异常情况'),
      violations: z.number().int().describe('违纪记录数'),
      lastActivityAt: isoTime('最近一次考试机报到').nullable(),
      proctors: z.array(proctorRef),
    }),
  ),
  serverTime: isoTime('服务器当前时间'),
});
export type Inspection = z.infer<typeof inspectionResponse>;
