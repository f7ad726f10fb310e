// The notifications contract (docs/api-review.md, "Notifications").
import { z } from 'zod';
import { idParam, intQuery, pageQuery } from '../../platform/params.schemas.js';

/** What a notification is about. */
export const NOTIFICATION_KINDS = [
  'review_pending',
  'application_returned',
  'application_rejected',
  'application_confirmed',
  'batch_received',
  'batch_returned',
] as const;

export const notificationSchema = z
  .object({
    id: z.number().int().describe('消息编号'),
    kind: z
      .enum(NOTIFICATION_KINDS)
      .describe(
        'review_pending 有新的待审核申请 / application_returned 申请被退回 / application_rejected 申请未通过 / application_confirmed 申请已确认 / batch_received 收到汇总上报 / batch_returned 汇总上报被退回',
      ),
    title: z.string().describe('标题'),
    body: z.string().describe('正文'),
    link: z.string().nullable().describe('点击后打开的页面，如 /review/batches/3'),
    createdAt: z.string().describe('发出时间（ISO 8601）'),
    readAt: z.string().nullable().describe('已读时间；未读为 null'),
  })
  .describe('站内消息');
export type Notification = z.infer<typeof notificationSchema>;

export const listQuery = z.object({
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true'))
    .describe('true 只看未读 / false 只看已读；不填为全部'),
  page: pageQuery().describe('页码，从 1 开始'),
  pageSize: intQuery(1, 100).default(20).describe('每页条数，最多 100'),
});

export const unreadResponse = z.object({ unread: z.number().int().min(0).describe('未读消息数') });

export const listResponse = z.object({
  items: z.array(notificationSchema).describe('按发出时间倒序'),
  total: z.number().int().min(0).describe('符合条件的消息总数'),
  unread: z.number().int().min(0).describe('未读消息数'),
});

export const idParams = z.object({ id: idParam('消息编号') });

// ─── The contract's types (the web imports them with `import type`) ───────────────────────────────────────
export type NotificationKind = Notification['kind'];
export type NotificationListQuery = import('../../platform/params.schemas.js').QueryOf<typeof listQuery>;
export type NotificationListResponse = z.infer<typeof listResponse>;
export type UnreadResponse = z.infer<typeof unreadResponse>;
