// The only SQL of notifications: writing them, reading them and marking them read. Row-level security
// (notifications_select / _update) already limits every read to the recipient: the scope path equal to
// recipient_path (an org node's notices, not its subtree's) for a role among recipient_roles, or
// recipient_account_id = the account. The explicit recipient condition below repeats it so that the planner can
// use the (recipient_path, created_at) and (recipient_account_id, created_at) indexes.
import { and, count, desc, eq, inArray, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { notifications } from '../../db/schema.js';

export type NotificationRow = typeof notifications.$inferSelect;
export type NotificationInsert = typeof notifications.$inferInsert;

/** Writes notifications in the caller's transaction. */
export async function insertNotifications(tx: Tx, rows: NotificationInsert[]): Promise<void> {
  await tx.insert(notifications).values(rows);
}

export interface Recipient {
  accountId: number;
  /** The account's org node path; null for applicants. */
  orgPath: string | null;
  role: string;
}

function forRecipient(r: Recipient): SQL {
  const own = eq(notifications.recipientAccountId, r.accountId);
  if (r.orgPath === null) return own;
  const atNode = and(
    eq(notifications.recipientPath, r.orgPath),
    sql`${r.role} = any(${notifications.recipientRoles}::text[])`,
  );
  return or(atNode, own)!;
}

export async function listNotifications(
  tx: Tx,
  recipient: Recipient,
  filter: { unread?: boolean; page: number; pageSize: number },
): Promise<{ items: NotificationRow[]; total: number }> {
  const conditions: SQL[] = [forRecipient(recipient)];
  if (filter.unread === true) conditions.push(isNull(notifications.readAt));
  if (filter.unread === false) conditions.push(isNotNull(notifications.readAt));
  const where = and(...conditions);
  const items = await tx
    .select()
    .from(notifications)
    .where(where)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  const [total] = await tx.select({ n: count() }).from(notifications).where(where);
  return { items, total: Number(total?.n ?? 0) };
}

export async function countUnread(tx: Tx, recipient: Recipient): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(notifications)
    .where(and(forRecipient(recipient), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

export async function findNotification(tx: Tx, recipient: Recipient, id: number): Promise<NotificationRow | null> {
  const rows = await tx
    .select()
    .from(notifications)
    .where(and(forRecipient(recipient), eq(notifications.id, id)));
  return rows[0] ?? null;
}

/** Marks one notification read (keeps the first read time). */
export async function markRead(tx: Tx, recipient: Recipient, id: number, now: Date): Promise<void> {
  await tx
    .update(notifications)
    .set({ readAt: now })
    .where(and(forRecipient(recipient), eq(notifications.id, id), isNull(notifications.readAt)));
}

export async function markAllRead(tx: Tx, recipient: Recipient, now: Date): Promise<number> {
  const rows = await tx
    .update(notifications)
    .set({ readAt: now })
    .where(and(forRecipient(recipient), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

/** Marks read the recipient's unread notifications about these applications (they have been acted on). */
export async function markReadForApplications(
  tx: Tx,
  recipient: Recipient,
  applicationIds: readonly number[],
  now: Date,
): Promise<void> {
  if (applicationIds.length === 0) return;
  await tx
    .update(notifications)
    .set({ readAt: now })
    .where(
      and(
        forRecipient(recipient),
        inArray(notifications.applicationId, [...applicationIds]),
        isNull(notifications.readAt),
      ),
    );
}
