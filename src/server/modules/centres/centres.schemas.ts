import { z } from 'zod';
import { idParam, intQuery, pageQuery } from '../../platform/params.schemas.js';

export const centreIdParams = z.object({ id: idParam('考点编号') });
export const roomIdParams = z.object({ id: idParam('考场编号') });

const twoDigits = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^[0-9]{2}$/, `${what}须为两位数字（如 01）`);
const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\-() ]{5,20}$/, '电话格式不正确');

export const centreBody = z.object({
  name: z.string().trim().min(2, '请填写考点名称').max(60).describe('考点名称'),
  code: twoDigits('考点代码').describe('考点代码：两位数字，本地区内唯一，用于准考证号'),
  address: z.string().trim().min(2, '请填写考点地址').max(120).describe('地址'),
  contactName: z.string().trim().max(30).nullish().describe('联系人'),
  contactPhone: phone.nullish().describe('联系电话'),
});
export const createCentreBody = centreBody;
export const updateCentreBody = centreBody.partial().extend({ active: z.boolean().optional() });

export const centreSchema = z.object({
  id: z.number().int(),
  orgNodeId: z.number().int(),
  orgNodeName: z.string().nullable().describe('所属地区（考点管理员看不到上级机构，为 null）'),
  name: z.string(),
  code: z.string(),
  address: z.string(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  active: z.boolean(),
  roomCount: z.number().int(),
  capacity: z.number().int().describe('各启用考场可容纳考生数之和（可用座位减备用机位）'),
  abilities: z.object({
    update: z.boolean().describe('修改考点信息（本地区工考办）'),
    manageRooms: z.boolean().describe('新建、修改考场（本地区工考办，或本考点的考点管理员）'),
    check: z.boolean().describe('做机位检测'),
  }),
});

export const centreListQuery = z.object({
  orgNodeId: idParam('只看该地区的考点').optional(),
  q: z.string().max(50).optional().describe('考点名称或代码的一部分'),
  page: pageQuery(),
  pageSize: intQuery(1, 200).default(20),
});
export const centreListResponse = z.object({ items: z.array(centreSchema), total: z.number().int() });

export const seatMapInput = z.object({
  rows: z.number().int().describe('座位行数（1–26，A 行在最前）'),
  columns: z.number().int().describe('每行座位数（1–99）'),
  outOfUse: z.array(z.string().max(10)).max(2574).default([]).describe('停用座位号（如 A03 或 01-03）'),
  spareShare: z.number().default(0.05).describe('备用机位比例（0–0.5，默认 5%）'),
});

export const roomBody = z.object({
  code: twoDigits('考场代码').describe('考场代码：两位数字，考点内唯一，用于准考证号'),
  name: z.string().trim().min(1, '请填写考场名称').max(40).describe('考场名称（如 第一机房）'),
  seatMap: seatMapInput,
});
export const createRoomBody = roomBody;
export const updateRoomBody = roomBody.partial().extend({ active: z.boolean().optional() });

export const seatCheckSchema = z.object({
  id: z.number().int(),
  seatLabel: z.string(),
  checkedAt: z.string(),
  result: z.enum(['ok', 'failed']),
  reasons: z.array(z.string()),
  browser: z.string(),
  screenWidth: z.number().int(),
  screenHeight: z.number().int(),
  clockOffsetMs: z.number().int(),
  roundTripMs: z.number().int(),
  checkedByName: z.string(),
});

export const roomSchema = z.object({
  id: z.number().int(),
  centreId: z.number().int(),
  code: z.string(),
  name: z.string(),
  active: z.boolean(),
  seatMap: z.object({
    rows: z.number().int(),
    columns: z.number().int(),
    outOfUse: z.array(z.string()),
    spareShare: z.number(),
  }),
  usable: z.number().int().describe('可用座位数'),
  spare: z.number().int().describe('备用机位数'),
  spareSeats: z.array(z.string()).describe('默认的备用机位（排座时可另选）'),
  capacity: z.number().int().describe('可容纳考生数 = 可用座位 − 备用机位'),
  checks: z.object({ ok: z.number().int(), failed: z.number().int(), unchecked: z.number().int() }),
});

export const centreDetailSchema = centreSchema.extend({ rooms: z.array(roomSchema) });

export const roomDetailSchema = roomSchema.extend({
  centreName: z.string(),
  centreCode: z.string(),
  abilities: z.object({ update: z.boolean(), check: z.boolean() }),
  latestChecks: z.array(seatCheckSchema).describe('每个座位最近一次检测'),
});

export const recordSeatCheckBody = z.object({
  seatLabel: z.string().trim().min(1).max(10).describe('座位号（如 A03 或 01-03）'),
  screenWidth: z.number().int().min(0).max(20000).describe('屏幕宽度（像素）'),
  screenHeight: z.number().int().min(0).max(20000).describe('屏幕高度（像素）'),
  clockOffsetMs: z
    .number()
    .int()
    .min(-86_400_000 * 366)
    .max(86_400_000 * 366)
    .describe('服务器时间减本机时间（毫秒），取往返最短的一次'),
  roundTripMs: z.number().int().min(0).max(600_000).describe('到服务器的往返时间（毫秒）'),
});

export const serverTimeResponse = z.object({ serverTime: z.number().describe('服务器当前时间（毫秒时间戳）') });

export const seatCheckRequirementsSchema = z.object({
  browsers: z.record(z.string(), z.number()),
  minScreen: z.object({ width: z.number(), height: z.number() }),
  maxClockOffsetMs: z.number(),
  maxRoundTripMs: z.number(),
});

export type Centre = z.infer<typeof centreSchema>;
export type CentreDetail = z.infer<typeof centreDetailSchema>;
export type Room = z.infer<typeof roomSchema>;
export type RoomDetail = z.infer<typeof roomDetailSchema>;
export type SeatCheck = z.infer<typeof seatCheckSchema>;
export type CentreListQuery = import('../../platform/params.schemas.js').QueryOf<typeof centreListQuery>;
export type CentreListResponse = z.infer<typeof centreListResponse>;
export type CreateCentreBody = z.input<typeof createCentreBody>;
export type UpdateCentreBody = z.input<typeof updateCentreBody>;
export type CreateRoomBody = z.input<typeof createRoomBody>;
export type UpdateRoomBody = z.input<typeof updateRoomBody>;
export type RecordSeatCheckBody = z.input<typeof recordSeatCheckBody>;
export type SeatCheckRequirements = z.infer<typeof seatCheckRequirementsSchema>;
