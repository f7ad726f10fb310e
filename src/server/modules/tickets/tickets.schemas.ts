// The tickets' contract: the applicant's seats and what is printable, the print routes' params and queries, and a
// centre's print-set job.
import { z } from 'zod';
import { idParam, idValue } from '../../platform/params.schemas.js';

export const ticketParams = z.object({ applicationId: idParam('申请编号') });

export const unitTicketsQuery = z.object({
  campaignId: idParam('考核年度'),
  unitId: idParam('单位（或主管部门、地区）；缺省为本人所在单位').optional(),
});

export const roomSessionParams = z.object({ roomId: idParam('考场'), sessionId: idParam('场次') });

export const centreParams = z.object({ centreId: idParam('考点') });

export const printSetBody = z.object({ campaignId: idValue('考核年度；缺省为当前开放的考核年度').optional() });

export const printSetParams = z.object({ jobId: z.string().uuid().describe('生成考务材料的任务编号') });

const window = z.object({
  startsOn: z.string().describe('准考证打印开始日期'),
  endsOn: z.string().describe('准考证打印结束日期'),
});

export const myTicket = z.object({
  applicationId: z.number().int(),
  campaignId: z.number().int(),
  campaignName: z.string(),
  name: z.string().describe('考生姓名'),
  sessionName: z.string().describe('场次'),
  sessionDate: z.string().describe('考试日期'),
  startTime: z.string().describe('开考时间（北京时间 HH:MM）'),
  ticketNumber: z.string().nullable().describe('准考证号；考场编排发布前为 null'),
  seatLabel: z.string().nullable().describe('座号；发布前为 null'),
  notifiedAt: z.string().nullable().describe('考场编排发布时间'),
  window: window.describe('准考证打印时间（含两端）'),
  state: z
    .enum(['printable', 'not_published', 'upcoming', 'ended'])
    .describe('printable 可打印 / not_published 编排未发布 / upcoming 打印时间未到 / ended 打印时间已过'),
  printable: z.boolean(),
  message: z.string().describe('为什么能或不能打印（中文）'),
  pdfUrl: z.string().describe('准考证 PDF 的地址'),
});

export const myTicketsResponse = z.object({
  today: z.string().describe('服务器的今天（北京时间）'),
  items: z.array(myTicket),
});

export const printSetResult = z
  .object({
    fileName: z.string(),
    size: z.number().int().describe('字节数'),
    count: z.number().int().describe('考生人次'),
    rooms: z.number().int().describe('考场 × 场次数'),
    downloadUrl: z.string().describe('下载地址（GET，仅任务发起人，保留 24 小时）'),
  })
  .describe('考点全套考务材料（门贴、签到表、准考证）的结果；文件用 downloadUrl 下载');

// ─── The contract's types (the web imports them with `import type`) ───────────────────────────────────────
export type MyTicket = z.infer<typeof myTicket>;
export type MyTicketsResponse = z.infer<typeof myTicketsResponse>;
export type PrintSetBody = z.input<typeof printSetBody>;
export type PrintSetResult = z.infer<typeof printSetResult>;
