// In-system notifications (站内消息): written by other services inside their own transaction, read by recipients.
import type { Tx } from '../../db/client.js';
import { notifications } from '../../db/schema.js';

export const NOTIFICATION_KINDS = [
  'review_pending',
  'application_returned',
  'application_rejected',
  'application_confirmed',
  'batch_received',
  'batch_returned',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** One notification: to an org node (every account bound to it reads it) or to an applicant's account. */
export interface NewNotification {
  recipientNodeId?: number | null;
  /** The recipient node's path (required with recipientNodeId). */
  recipientPath?: string | null;
  recipientAccountId?: number | null;
  kind: NotificationKind;
  title: string;
  body: string;
  link?: string | null;
  applicationId?: number | null;
  batchId?: number | null;
}

/** Writes notifications in the caller's transaction (so they exist exactly when the change does). */
export async function notify(tx: Tx, now: Date, items: readonly NewNotification[]): Promise<void> {
  if (items.length === 0) return;
  for (let i = 0; i < items.length; i += 500) {
    await tx.insert(notifications).values(
      items.slice(i, i + 500).map((n) => ({
        recipientNodeId: n.recipientNodeId ?? null,
        recipientPath: n.recipientPath ?? null,
        recipientAccountId: n.recipientAccountId ?? null,
        kind: n.kind,
        title: n.title,
        body: n.body,
        link: n.link ?? null,
        applicationId: n.applicationId ?? null,
        batchId: n.batchId ?? null,
        createdAt: now,
      })),
    );
  }
}
