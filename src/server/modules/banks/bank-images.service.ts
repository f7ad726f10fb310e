// The items' pictures (题干图片、选项图片): uploaded by a bank manager, the type and size read from the bytes, stored
// once per picture (SHA-256 of the plain bytes), sealed at rest like the items, and named in an item's content by
// their key (domain/items.ts: stemImage, options[].image). docs/api-banks.md, "Images".
import { createHash, randomUUID } from 'node:crypto';
import { IMAGE_EXTENSIONS, type ImageType, sniffImage } from '../../../domain/images.js';
import { type ItemContent, OPTION_LETTERS } from '../../../domain/items.js';
import type { Db, Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { recordAudit } from '../../platform/audit.js';
import type { Actor, ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { hasPermission, type Permission } from '../../platform/permissions.js';
import { type ContentKey, seal, unseal } from '../../platform/sealed.js';
import { inScopedTx } from '../../platform/tx.js';
import * as repo from './bank-images.repository.js';

/** One picture: a photo of a gauge or a wiring diagram is well under this. */
export const IMAGE_MAX_BYTES = 2 * 1024 * 1024;
/** Pixels per side: larger pictures would only be scaled down on the candidate's screen (and could be a bomb). */
export const IMAGE_MAX_SIDE = 8000;

// banks.service imports this module (an item's pictures are checked when it is saved), so these two small checks are
// its own rather than imported back from there.
function assertPermission(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor.role, permission)) throw new AppError('FORBIDDEN', '只有题库管理员可以查看和维护题库');
}
function contentKeyOf(deps: AppDeps): ContentKey {
  if (!deps.contentKey) throw new AppError('CONTENT_KEY_MISSING');
  return deps.contentKey;
}

export const imageContext = (id: string) => `image:${id}`;

export interface CheckedImage {
  type: ImageType;
  mime: string;
  width: number;
  height: number;
  sha256: string;
}

/** What the bytes are, or the refusal (IMAGE_TYPE_INVALID, IMAGE_TOO_LARGE) in Chinese. `what` names the picture. */
export function checkImage(bytes: Uint8Array, what = '图片'): CheckedImage {
  if (bytes.length > IMAGE_MAX_BYTES) {
    throw new AppError('IMAGE_TOO_LARGE', `${what}不能超过 ${IMAGE_MAX_BYTES / 1024 / 1024} MB`);
  }
  const sniffed = sniffImage(bytes);
  if (!sniffed.ok) throw new AppError('IMAGE_TYPE_INVALID', `${what}无法识别：${sniffed.reason}`);
  if (sniffed.width > IMAGE_MAX_SIDE || sniffed.height > IMAGE_MAX_SIDE) {
    throw new AppError(
      'IMAGE_TYPE_INVALID',
      `${what}为 ${sniffed.width}×${sniffed.height} 像素，每边不能超过 ${IMAGE_MAX_SIDE} 像素，请缩小后再上传`,
    );
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { type: sniffed.type, mime: sniffed.mime, width: sniffed.width, height: sniffed.height, sha256 };
}

export function presentImage(row: repo.BankImageMeta) {
  return { id: row.id, mimeType: row.mimeType, width: row.width ?? 0, height: row.height ?? 0, byteSize: row.byteSize };
}

// ─── For the banks' other use cases (imports), in the caller's transaction ───────────────────────────────

/**
 * Stores a checked picture, or finds the same bytes stored already (the same picture is stored once). No audit row:
 * the caller's change (an upload, an import) writes its own.
 */
export async function storeImage(
  tx: Tx,
  key: ContentKey,
  actor: Actor,
  bytes: Uint8Array,
  image: CheckedImage,
  now: Date,
): Promise<{ row: repo.BankImageMeta; created: boolean }> {
  const id = randomUUID();
  return repo.insertImageOnce(tx, {
    id,
    sha256: image.sha256,
    mimeType: image.mime,
    byteSize: bytes.length,
    width: image.width,
    height: image.height,
    content: seal(key, imageContext(id), Buffer.from(bytes)),
    createdBy: actor.accountId,
    createdAt: now,
  });
}

/** An item may name only pictures that are stored: ITEM_IMAGE_NOT_FOUND (400) on the field otherwise. */
export async function assertItemImagesExist(
  tx: Tx,
  content: Pick<ItemContent, 'stemImage' | 'options'>,
): Promise<void> {
  const named = [content.stemImage, ...content.options.map((o) => o.image)].filter((k): k is string => k !== null);
  if (named.length === 0) return;
  const found = await repo.existingImageIds(tx, [...new Set(named)]);
  if (content.stemImage !== null && !found.has(content.stemImage)) {
    throw new AppError('ITEM_IMAGE_NOT_FOUND', '题干图片不存在，请重新上传', { field: 'stemImage' });
  }
  content.options.forEach((o, i) => {
    if (o.image !== null && !found.has(o.image)) {
      throw new AppError('ITEM_IMAGE_NOT_FOUND', `选项${OPTION_LETTERS[i] ?? ''}的图片不存在，请重新上传`, {
        field: 'options',
        option: OPTION_LETTERS[i],
      });
    }
  });
}

/** Pictures with their plain bytes (an export): key → bytes, type and a file extension. */
export async function loadImages(
  tx: Db | Tx,
  key: ContentKey,
  ids: readonly string[],
): Promise<Map<string, { data: Buffer; mime: string; extension: string }>> {
  const out = new Map<string, { data: Buffer; mime: string; extension: string }>();
  for (const row of await repo.findImages(tx, ids)) {
    const data = unseal(key, imageContext(row.id), row.content);
    const sniffed = sniffImage(data);
    out.set(row.id, { data, mime: row.mimeType, extension: sniffed.ok ? IMAGE_EXTENSIONS[sniffed.type] : '.bin' });
  }
  return out;
}

// ─── Use cases ──────────────────────────────────────────────────────────────────────────────────────────

/** `POST /api/bank-images`: one picture, checked from its bytes, stored once, audited (`bank_image.upload`). */
export async function uploadImage(deps: AppDeps, ctx: ServiceContext, bytes: Buffer) {
  assertPermission(ctx.actor, 'bank.manage');
  const key = contentKeyOf(deps);
  const image = checkImage(bytes);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const now = deps.clock.now();
    const { row, created } = await storeImage(tx, key, ctx.actor, bytes, image, now);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'bank_image',
        entityId: row.id,
        action: 'bank_image.upload',
        summary: created
          ? `上传试题图片（${row.width}×${row.height}，${Math.ceil(row.byteSize / 1024)} KB）`
          : '上传试题图片（与已有图片相同，沿用已有图片）',
        orgNodeId: ctx.actor.orgNodeId,
        orgPath: ctx.actor.orgPath,
        after: { id: row.id, mimeType: row.mimeType, byteSize: row.byteSize, sha256: row.sha256, created },
      },
      now,
    );
    return presentImage(row);
  });
}

/** `GET /api/bank-images/:id`: the plain bytes and their type, for a bank manager (the table admits no one else). */
export async function readImage(deps: AppDeps, ctx: ServiceContext, id: string) {
  assertPermission(ctx.actor, 'bank.read');
  const key = contentKeyOf(deps);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const row = await repo.findImage(tx, id);
    if (!row) throw new AppError('NOT_FOUND', '图片不存在');
    return { mimeType: row.mimeType, data: unseal(key, imageContext(row.id), row.content) };
  });
}
