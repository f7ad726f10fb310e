// The seating's contract (编排考场, issue 14; docs/api-seating.md): runs, the report, rooms, assignments, one room's
// seats, manual moves and swaps, publishing.
import { z } from 'zod';
import { idParam, idValue, intQuery, pageQuery } from '../../platform/params.schemas.js';

export const campaignParams = z.object({ id: idParam('考核年度编号') });
export const roomSessionParams = z.object({ roomId: idParam('考场（房间）编号'), sessionId: idParam('场次编号') });

export const runBody = z.object({
  moveNotified: z
    .boolean()
    .optional()
    .describe('true：已通知的考生也可重新安排（其后须重新通知）；默认 false，已通知的座位保持不变'),
  fresh: z.boolean().optional().describe('true：不保留以前的编排（全新编排，已通知的仍保留，除非 moveNotified）'),
});

export const seatingCounts = z.object({
  candidates: z.number().int().describe('省级确认的考生数'),
  eligible: z.number().int().describe('符合安排座位条件的考生数'),
  seated: z.number().int().describe('已安排座位的考生数'),
  unseated: z.number().int().describe('未能安排座位的考生数'),
  pinnedKept: z.number().int().describe('已通知、座位保持不变的考生数'),
  previousKept: z.number().int().describe('沿用以前编排的考生数'),
  placed: z.number().int().describe('本次新安排的考生数'),
  unitNeighbours: z.number().int().describe('同一单位考生左右相邻的对数'),
  splitGroups: z.number().int().describe('分散到多个考场的工种 × 等级组数'),
});

export const seatingRunResult = z
  .object({
    kind: z.literal('seating'),
    runId: z.number().int().describe('编排记录编号'),
    counts: seatingCounts,
  })
  .describe('编排考场任务的结果');

const sessionCapacity = z.object({
  sessionId: z.number().int(),
  sessionName: z.string(),
  available: z.number().int().describe('可用座位（不含备用机位）'),
  seated: z.number().int(),
});

export const capacityRow = z.object({
  jurisdictionId: z.number().int().describe('考试地区（省直、中央驻豫考生在省本级）'),
  jurisdictionName: z.string(),
  needed: z.number().int().describe('在本地区考试、符合条件的考生数'),
  available: z.number().int().describe('本地区全部场次的可用座位数'),
  seated: z.number().int(),
  shortfall: z.number().int().describe('缺少的座位数'),
  sessions: z.array(sessionCapacity),
});

export const unseatedRow = z.object({
  applicationId: z.number().int(),
  name: z.string(),
  idNumberMasked: z.string(),
  unitName: z.string(),
  jobTypeName: z.string(),
  grade: z.number().int(),
  jurisdictionName: z.string().describe('考试地区'),
  code: z.string().describe('NOT_ELIGIBLE 不符合条件 / NO_SESSIONS 无场次 / NO_ROOMS 无考场 / NO_CAPACITY 座位不足'),
  message: z.string(),
  ineligibleReason: z.string().optional().describe('不符合条件的原因（如 TRAINING_NOT_COMPLETED 未完成培训）'),
});

export const pinnedProblemRow = z.object({
  applicationId: z.number().int(),
  name: z.string(),
  unitName: z.string(),
  code: z.string(),
  message: z.string(),
  reseated: z.boolean().describe('是否已重新安排座位（须重新通知）'),
});

export const latestRunResponse = z.object({
  run: z
    .object({
      id: z.number().int(),
      startedAt: z.string(),
      finishedAt: z.string(),
      startedByName: z.string().nullable(),
      options: z.object({ moveNotified: z.boolean(), fresh: z.boolean() }),
      counts: seatingCounts,
    })
    .nullable(),
  capacity: z.array(capacityRow).optional(),
  unseated: z.array(unseatedRow).optional(),
  pinnedProblems: z.array(pinnedProblemRow).optional(),
});

export const seatingSession = z.object({
  id: z.number().int(),
  name: z.string(),
  sessionDate: z.string(),
  startTime: z.string(),
});

export const roomsResponse = z.object({
  totals: z.object({
    confirmed: z.number().int().describe('省级确认的考生数（您可见的）'),
    seated: z.number().int(),
    notified: z.number().int(),
    unseated: z.number().int(),
  }),
  sessions: z.array(seatingSession),
  rooms: z.array(
    z.object({
      sessionId: z.number().int(),
      roomId: z.number().int(),
      roomName: z.string(),
      roomCode: z.string(),
      centreId: z.number().int(),
      centreName: z.string(),
      centreCode: z.string(),
      jurisdictionName: z.string(),
      examRoomNumber: z.string().describe('考场号（两位）'),
      seated: z.number().int(),
      capacity: z.number().int().describe('可安排的座位数（不含备用机位）'),
      spare: z.number().int().describe('备用机位数'),
      notified: z.number().int(),
    }),
  ),
});

const booleanQuery = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .or(z.boolean());

export const assignmentsQuery = z.object({
  page: pageQuery(),
  pageSize: intQuery(1, 200).default(20),
  q: z.string().trim().max(40).optional().describe('姓名、准考证号或身份证号'),
  sessionId: idParam('场次编号').optional(),
  centreId: idParam('考点编号').optional(),
  roomId: idParam('考场编号').optional(),
  notified: booleanQuery.optional().describe('true 已通知 / false 未通知'),
});

export const assignmentItem = z.object({
  applicationId: z.number().int(),
  name: z.string(),
  idNumberMasked: z.string(),
  unitName: z.string(),
  jobTypeName: z.string(),
  grade: z.number().int(),
  sessionId: z.number().int(),
  sessionName: z.string(),
  centreId: z.number().int(),
  centreName: z.string(),
  roomId: z.number().int(),
  roomName: z.string(),
  examRoomNumber: z.string(),
  seat: z.number().int().describe('座位号（按行从 1 编起）'),
  seatLabel: z.string().describe('座位图上的座位号，如 A03'),
  ticketNumber: z.string().describe('准考证号（18 位）'),
  source: z.enum(['auto', 'manual']).describe('auto 自动编排 / manual 人工调整'),
  notifiedAt: z.string().nullable().describe('通知考生的时间；null 为尚未通知'),
});

export const assignmentsPage = z.object({ items: z.array(assignmentItem), total: z.number().int() });

export const roomSeatsResponse = z.object({
  room: z.object({
    id: z.number().int(),
    name: z.string(),
    code: z.string(),
    rows: z.number().int(),
    columns: z.number().int(),
    outOfUse: z.array(z.string()),
    spare: z.array(z.string()).describe('备用机位（座位图上的座位号）'),
    centre: z.object({ id: z.number().int(), name: z.string(), code: z.string(), address: z.string() }),
  }),
  session: seatingSession,
  examRoomNumber: z.string().nullable(),
  seats: z.array(
    z.object({
      seat: z.number().int(),
      seatLabel: z.string(),
      applicationId: z.number().int(),
      name: z.string(),
      unitName: z.string(),
      jobTypeName: z.string(),
      grade: z.number().int(),
      ticketNumber: z.string(),
      notified: z.boolean(),
    }),
  ),
});

const reason = z.string().trim().min(1, '请填写调整原因').max(200, '调整原因不超过 200 个字').describe('调整原因');
const confirmNotified = z
  .boolean()
  .optional()
  .describe('考生已被通知时须为 true：调整后须重新通知考生（否则 409 SEATING_NOTIFIED_UNCONFIRMED）');
const allowSpare = z.boolean().optional().describe('true：允许使用备用机位（仅限机器故障）');

export const moveBody = z.object({
  applicationId: idValue('申请（考生）编号'),
  sessionId: idValue('场次编号'),
  roomId: idValue('考场编号'),
  seatLabel: z.string().trim().min(1).max(8).describe('座位号，如 A03'),
  reason,
  confirmNotified,
  allowSpare,
});

export const swapBody = z.object({
  applicationIdA: idValue('考生甲的申请编号'),
  applicationIdB: idValue('考生乙的申请编号'),
  reason,
  confirmNotified,
  allowSpare,
});

export const moveResponse = z.object({ assignment: assignmentItem });
export const swapResponse = z.object({ a: assignmentItem, b: assignmentItem });

export const publishBody = z.object({
  expectedCount: z.number().int().min(0).describe('页面上显示的待通知人数（须与当前一致）'),
});
export const publishResponse = z.object({ notified: z.number().int().describe('本次通知的考生数') });

// ─── The contract's types (the web imports them with `import type`) ───────────────────────────────────────
export type RunBody = z.input<typeof runBody>;
export type SeatingCountsView = z.infer<typeof seatingCounts>;
export type SeatingRunResult = z.infer<typeof seatingRunResult>;
export type LatestRun = z.infer<typeof latestRunResponse>;
export type SeatingCapacityRow = z.infer<typeof capacityRow>;
export type UnseatedRow = z.infer<typeof unseatedRow>;
export type PinnedProblemRow = z.infer<typeof pinnedProblemRow>;
export type SeatingRooms = z.infer<typeof roomsResponse>;
export type AssignmentsQuery = import('../../platform/params.schemas.js').QueryOf<typeof assignmentsQuery>;
export type AssignmentItem = z.infer<typeof assignmentItem>;
export type AssignmentsPage = z.infer<typeof assignmentsPage>;
export type RoomSeats = z.infer<typeof roomSeatsResponse>;
export type MoveBody = z.input<typeof moveBody>;
export type SwapBody = z.input<typeof swapBody>;
export type PublishBody = z.input<typeof publishBody>;
