import { eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { bankImages } from '../../db/schema.js';

// The items' pictures (bank_images): bank-only like the banks (gk_bank alone, migration 0020). The content is sealed.

export type BankImageRow = typeof bankImages.$inferSelect;
export type BankImageMeta = Omit<BankImageRow, 'content'>;

const meta = {
  id: bankImages.id,
  sha256: bankImages.sha256,
  mimeType: bankImages.mimeType,
  byteSize: bankImages.byteSize,
  width: bankImages.width,
  height: bankImages.height,
  createdBy: bankImages.createdBy,
  createdAt: bankImages.createdAt,
};

/** Inserts the picture unless the same bytes are stored already; answers the stored row's metadata either way. */
export async function insertImageOnce(
  tx: Tx,
  image: typeof bankImages.$inferInsert,
): Promise<{ row: BankImageMeta; created: boolean }> {
  const [inserted] = await tx
    .insert(bankImages)
    .values(image)
    .onConflictDoNothing({ target: bankImages.sha256 })
    .returning(meta);
  if (inserted) return { row: inserted, created: true };
  const [existing] = await tx.select(meta).from(bankImages).where(eq(bankImages.sha256, image.sha256));
  return { row: existing!, created: false };
}

export async function findImage(tx: Tx, id: string): Promise<BankImageRow | null> {
  const rows = await tx.select().from(bankImages).where(eq(bankImages.id, id));
  return rows[0] ?? null;
}

/** Which of these keys name a stored picture. */
export async function existingImageIds(tx: Tx, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx
    .select({ id: bankImages.id })
    .from(bankImages)
    .where(inArray(bankImages.id, [...ids]));
  return new Set(rows.map((r) => r.id));
}

/** Several pictures with their (sealed) content, e.g. for an export. */
export async function findImages(tx: Db | Tx, ids: readonly string[]): Promise<BankImageRow[]> {
  if (ids.length === 0) return [];
  return tx
    .select()
    .from(bankImages)
    .where(inArray(bankImages.id, [...ids]))
    .orderBy(sql`${bankImages.id}`);
}
