// In-system notifications (站内消息): written by other services inside their own transaction, read by recipients.
//
// Reading and marking read are not audited: read_at is the recipient's own bookkeeping, not a change to the
// assessment's records, and the audit trail would only fill with page views.

import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { hasPermission, type Permission, ROLES, type Role } from '../../platform/permissions.js';
import { inScopedTx } from '../../platform/tx.js';
import * as repo from './notifications.repository.js';
import { NOTIFICATION_KINDS, type Notification } from './notifications.schemas.js';

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * What a notification to an org node asks of its reader: the permission needed to act on it. Only the node's
 * accounts whose role holds it see and clear the notification (row-level security on recipient_roles), so a
 * proctor at a jurisdiction office never reads, nor marks read, the office's review work.
 */
const NOTIFICATION_PERMISSION: Record<NotificationKind, Permission> = {
  review_pending: 'review.act',
  application_returned: 'review.act',
  application_rejected: 'review.act',
  application_confirmed: 'review.act',
  batch_received: 'review.act',
  batch_returned: 'review.act',
};

/** The roles that can act on a notification of this kind at an org node. */
export function recipientRolesOf(kind: NotificationKind): Role[] {
  return ROLES.filter((role) => hasPermission(role, NOTIFICATION_PERMISSION[kind]));
}

/** One notification: to an org node (the accounts there that can act on it read it) or to an applicant's account. */
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
    await repo.insertNotifications(
      tx,
      items.slice(i, i + 500).map((n) => ({
        recipientNodeId: n.recipientNodeId ?? null,
        recipientPath: n.recipientPath ?? null,
        recipientAccountId: n.recipientAccountId ?? null,
        recipientRoles: n.recipientPath ? recipientRolesOf(n.kind) : null,
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

// ─── Reading (the recipient) ───────────────────────────────────────────────────────────────────────────────

const recipientOf = (ctx: ServiceContext): repo.Recipient => ({
  accountId: ctx.actor.accountId,
  orgPath: ctx.actor.orgPath,
  role: ctx.actor.role,
});

const isKind = (kind: string): kind is NotificationKind => (NOTIFICATION_KINDS as readonly string[]).includes(kind);

function present(row: repo.NotificationRow): Notification {
  return {
    id: row.id,
    // Rows are written only through notify() with a NotificationKind; an unknown kind (a row written by hand)
    // is shown as a plain notice rather than failing the whole list.
    kind: isKind(row.kind) ? row.kind : 'review_pending',
    title: row.title,
    body: row.body,
    link: row.link,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt ? row.readAt.toISOString() : null,
  };
}

export async function listNotifications(
  deps: AppDeps,
  ctx: ServiceContext,
  input: { unread?: boolean; page: number; pageSize: number },
) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const recipient = recipientOf(ctx);
    const { items, total } = await repo.listNotifications(tx, recipient, input);
    return { items: items.map(present), total, unread: await repo.countUnread(tx, recipient) };
  });
}

export async function unreadCount(deps: AppDeps, ctx: ServiceContext) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => ({ unread: await repo.countUnread(tx, recipientOf(ctx)) }));
}

export async function markNotificationRead(deps: AppDeps, ctx: ServiceContext, id: number) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const recipient = recipientOf(ctx);
    if (!(await repo.findNotification(tx, recipient, id))) throw new AppError('NOT_FOUND', '消息不存在');
    // Not audited (see the top of this file).
    await repo.markRead(tx, recipient, id, deps.clock.now());
    return { unread: await repo.countUnread(tx, recipient) };
  });
}

export async function markAllNotificationsRead(deps: AppDeps, ctx: ServiceContext) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const recipient = recipientOf(ctx);
    // Not audited (see the top of this file).
    await repo.markAllRead(tx, recipient, deps.clock.now());
    return { unread: await repo.countUnread(tx, recipient) };
  });
}

/**
 * The person acted on these applications (decided, resubmitted, confirmed): what told them to act on them is
 * done with, so it no longer waits unread. In the caller's transaction; not audited (see the top of this file).
 */
export async function settleNotificationsFor(
  tx: Tx,
  actor: Pick<ServiceContext['actor'], 'accountId' | 'orgPath' | 'role'>,
  applicationIds: readonly number[],
  now: Date,
): Promise<void> {
  await repo.markReadForApplications(
    tx,
    { accountId: actor.accountId, orgPath: actor.orgPath, role: actor.role },
    applicationIds,
    now,
  );
}
