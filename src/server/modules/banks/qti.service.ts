// IMS QTI 3.0 content packages in and out of a bank (issue 13, point 2): the import reads a package's manifest and
// item files (qti-read.ts) from the zip in bounded memory, refuses item by item what our items cannot hold, stores
// the pictures once (bank-images.service.ts) and writes the good items as drafts; the export writes every item's
// newest version with its pictures (qti-write.ts). Both run as background jobs. docs/api-banks.md, "QTI 3.0".
import JSZip from 'jszip';
import { type ItemContent, SUBJECT_LABELS, validateItem } from '../../../domain/items.js';
import type { AppDeps } from '../../deps.js';
import { recordAudit } from '../../platform/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError, isAppError } from '../../platform/errors.js';
import { PROGRESS_EVERY_ROWS, type ProgressReporter, yieldToRequests } from '../../platform/jobs.js';
import { unsealJson } from '../../platform/sealed.js';
import { inScopedTx } from '../../platform/tx.js';
import { readZipDirectory, readZipEntry, type ZipEntry } from '../../platform/zip.js';
import { type CheckedImage, checkImage, loadImages, storeImage } from './bank-images.service.js';
import * as repo from './banks.repository.js';
import { assertPermission, contentKeyOf, insertDraftItems, itemContext, type SealedItem } from './banks.service.js';
import { listExportVersions } from './qti.repository.js';
import type { QtiFailure, QtiImportMode, QtiImportResult } from './qti.schemas.js';
import { type ManifestItem, PackageError, readItem, readManifest, resolvePath } from './qti-read.js';
import { type ExportItem, itemXml, manifestXml } from './qti-write.js';

/** The package as uploaded. */
export const QTI_MAX_BYTES = 50 * 1024 * 1024;
/** Files in the package (items, pictures, stylesheets …). */
export const QTI_MAX_ENTRIES = 20_000;
/** Items in one package: a bank of 5,000 items is ordinary. */
export const QTI_MAX_ITEMS = 5_000;
/** One item file, and the manifest, once inflated. */
const ITEM_MAX_BYTES = 2 * 1024 * 1024;
const MANIFEST_MAX_BYTES = 16 * 1024 * 1024;
/** Everything inflated from one package together: a zip bomb stops here at the latest. */
const TOTAL_MAX_BYTES = 400 * 1024 * 1024;

const invalid = (message?: string) =>
  new AppError('QTI_PACKAGE_INVALID', message ? `无法读取 QTI 试题包：${message}` : undefined);

/** A package read as far as the request needs: its files and its manifest's items. */
export interface QtiPackage {
  data: Buffer;
  entries: Map<string, ZipEntry>;
  items: ManifestItem[];
}

/**
 * Reads the zip's directory and the manifest (in the request, so that a file that is no package answers 400 at once):
 * no path may leave the package (`..`, absolute, backslashes), at most QTI_MAX_ENTRIES files and QTI_MAX_ITEMS items.
 */
export async function openQtiPackage(data: Buffer): Promise<QtiPackage> {
  const entries = readZipDirectory(data, { maxEntries: QTI_MAX_ENTRIES, invalid });
  for (const name of entries.keys()) {
    if (name.includes('\\') || name.split('/').some((s) => s === '..') || /^[a-z]:/i.test(name)) {
      throw invalid(`压缩包中含有不安全的路径（${name.slice(0, 100)}）`);
    }
  }
  const manifestEntry = entries.get('imsmanifest.xml');
  if (!manifestEntry) throw invalid('根目录中没有 imsmanifest.xml');
  const manifest = await readZipEntry(data, manifestEntry, MANIFEST_MAX_BYTES, () => invalid('imsmanifest.xml 过大'));
  let items: ManifestItem[];
  try {
    items = readManifest(manifest.toString('utf8'));
  } catch (error) {
    if (error instanceof PackageError) throw invalid(error.message);
    throw error;
  }
  if (items.length === 0) throw invalid('清单（imsmanifest.xml）中没有试题（type 为 imsqti_item_xmlv3p0 的资源）');
  if (items.length > QTI_MAX_ITEMS) {
    throw new AppError(
      'QTI_PACKAGE_TOO_LARGE',
      `一次最多导入 ${QTI_MAX_ITEMS} 道题，本试题包有 ${items.length} 道，请分批导入`,
    );
  }
  return { data, entries, items };
}

/** Before a job starts: the actor may manage banks, the bank exists, the content key is there. */
export async function checkQtiBank(deps: AppDeps, ctx: ServiceContext, bankId: number): Promise<{ name: string }> {
  assertPermission(ctx.actor, 'bank.manage');
  contentKeyOf(deps);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const bank = await repo.findBank(tx, bankId);
    if (!bank) throw new AppError('NOT_FOUND', '题库不存在');
    return { name: bank.name };
  });
}

// ─── Import ─────────────────────────────────────────────────────────────────────────────────────────────

interface GoodItem {
  ref: string;
  content: ItemContent;
  /** Package paths of its pictures (stem, options), resolved. */
  images: string[];
}

/** Reads bytes out of the package under the per-file and whole-package limits. */
class PackageReader {
  private inflated = 0;
  constructor(private readonly pkg: QtiPackage) {}

  async read(path: string, maxBytes: number, what: string): Promise<Buffer | null> {
    const entry = this.pkg.entries.get(path);
    if (!entry) return null;
    const bytes = await readZipEntry(
      this.pkg.data,
      entry,
      maxBytes,
      () => new AppError('QTI_PACKAGE_TOO_LARGE', `${what}过大（解压后超过 ${Math.round(maxBytes / 1024 / 1024)} MB）`),
    );
    this.inflated += bytes.length;
    if (this.inflated > TOTAL_MAX_BYTES) {
      // Not one item's fault: the whole package stops.
      throw new PackageError(`试题包解压后超过 ${TOTAL_MAX_BYTES / 1024 / 1024} MB，请分批导入`);
    }
    return bytes;
  }
}

/** "3 道题未标注难度…（a、b、c）": one line per kind of note, naming the first items it concerns. */
function summariseNotes(notes: Map<string, string[]>): string[] {
  return [...notes].map(([note, refs]) => {
    const shown = refs.slice(0, 10).join('、');
    return `${refs.length} 道题${note}（${shown}${refs.length > 10 ? ' 等' : ''}）`;
  });
}

/**
 * Imports a package into a bank (a background job). Every item is read and checked first (progress: first half);
 * a bad item is reported with its identifier, file and reason and never stops the others. `all_or_nothing` writes
 * nothing when any item failed; `good_rows` writes the good ones. The pictures and items are written in one
 * transaction with one audit row (`bank.qti_import`, with the counts); items are drafts by the importer.
 */
export async function importQtiPackage(
  deps: AppDeps,
  ctx: ServiceContext,
  bankId: number,
  pkg: QtiPackage,
  mode: QtiImportMode,
  progress?: ProgressReporter,
): Promise<QtiImportResult> {
  const key = contentKeyOf(deps);
  const reader = new PackageReader(pkg);
  const total = pkg.items.length;
  progress?.report({ processed: 0, total: total * 2 });

  const failed: QtiFailure[] = [];
  const good: GoodItem[] = [];
  const notes = new Map<string, string[]>();
  const pictures = new Map<string, { bytes: Buffer; image: CheckedImage } | { error: string }>();

  const picture = async (path: string) => {
    let found = pictures.get(path);
    if (!found) {
      try {
        const bytes = await reader.read(path, 2 * 1024 * 1024 + 1, `图片 ${path}`);
        found = bytes ? { bytes, image: checkImage(bytes, `图片 ${path}`) } : { error: `试题包中找不到图片 ${path}` };
      } catch (error) {
        if (!isAppError(error)) throw error;
        found = { error: error.message };
      }
      pictures.set(path, found);
    }
    return found;
  };

  try {
    for (const [index, meta] of pkg.items.entries()) {
      if (index % 50 === 49) {
        progress?.report({ processed: index + 1 });
        await yieldToRequests();
      }
      const file = resolvePath('imsmanifest.xml', meta.href);
      const fail = (reason: string) => failed.push({ ref: meta.identifier, file: file ?? meta.href, reason });
      if (!file) {
        fail('试题文件的地址不在试题包内');
        continue;
      }
      let xml: Buffer | null;
      try {
        xml = await reader.read(file, ITEM_MAX_BYTES, '试题文件');
      } catch (error) {
        if (!isAppError(error)) throw error;
        fail(error.message);
        continue;
      }
      if (!xml) {
        fail(`试题包中找不到文件 ${file}`);
        continue;
      }
      const read = readItem(xml.toString('utf8'), meta);
      if (!read.ok) {
        fail(read.reason);
        continue;
      }
      const content = read.item.content;
      // Pictures: package paths relative to the item file, read and checked from their bytes.
      const paths: (string | null)[] = [content.stemImage, ...content.options.map((o) => o.image)];
      const resolved: (string | null)[] = [];
      let problem: string | null = null;
      for (const src of paths) {
        if (src === null) {
          resolved.push(null);
          continue;
        }
        const path = resolvePath(file, src);
        if (!path) {
          problem = `图片 ${src.slice(0, 100)} 不在试题包内（只导入包内的图片）`;
          break;
        }
        const found = await picture(path);
        if ('error' in found) {
          problem = found.error;
          break;
        }
        resolved.push(path);
      }
      if (problem) {
        fail(problem);
        continue;
      }
      // The domain's checks, with stand-in keys for the pictures (stored only if the item is written).
      const standIn = (p: string | null, i: number) => (p === null ? null : `qti-image-${i}`);
      const checked: ItemContent = {
        ...content,
        stemImage: standIn(resolved[0] ?? null, 0),
        options: content.options.map((o, i) => ({ ...o, image: standIn(resolved[i + 1] ?? null, i + 1) })),
      };
      const problems = validateItem(checked);
      if (problems.length > 0) {
        fail(problems.map((p) => p.message).join('；'));
        continue;
      }
      for (const note of read.item.notes) notes.set(note, [...(notes.get(note) ?? []), meta.identifier]);
      good.push({
        ref: meta.identifier,
        content,
        images: resolved.map((p) => p ?? ''),
      });
    }
  } catch (error) {
    if (error instanceof PackageError) throw new AppError('QTI_PACKAGE_TOO_LARGE', error.message);
    throw error;
  }
  progress?.report({ processed: total });

  const write = mode === 'good_rows' || failed.length === 0 ? good : [];
  const usedPaths = [...new Set(write.flatMap((g) => g.images).filter((p) => p !== ''))];

  const result = await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const now = deps.clock.now();
    const bank = await repo.findBank(tx, bankId);
    if (!bank) throw new AppError('NOT_FOUND', '题库不存在');
    const keyOf = new Map<string, string>();
    for (const path of usedPaths) {
      const found = pictures.get(path);
      if (!found || 'error' in found) continue;
      const { row } = await storeImage(tx, key, ctx.actor, found.bytes, found.image, now);
      keyOf.set(path, row.id);
    }
    // Through the path every new item takes (sealed per id, many rows per statement), in batches for the progress.
    for (let from = 0; from < write.length; from += PROGRESS_EVERY_ROWS) {
      const batch = write.slice(from, from + PROGRESS_EVERY_ROWS).map((g) => {
        const [stemPath, ...optionPaths] = g.images;
        return {
          ...g.content,
          stemImage: stemPath ? (keyOf.get(stemPath) ?? null) : null,
          options: g.content.options.map((o, j) => ({
            ...o,
            image: optionPaths[j] ? (keyOf.get(optionPaths[j]!) ?? null) : null,
          })),
        } satisfies ItemContent;
      });
      await insertDraftItems(tx, key, ctx.actor, bankId, batch, now);
      progress?.report({ processed: total + from + batch.length });
      await yieldToRequests();
    }
    const outcome: QtiImportResult = {
      total,
      imported: write.length,
      images: keyOf.size,
      failed,
      notes: write.length > 0 ? summariseNotes(notes) : [],
    };
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'question_bank',
        entityId: bankId,
        action: 'bank.qti_import',
        summary: `向${SUBJECT_LABELS[bank.subject]}题库「${bank.name}」导入 QTI 试题包：共 ${total} 题，导入 ${write.length} 题（草稿），未导入 ${total - write.length} 题`,
        orgNodeId: ctx.actor.orgNodeId,
        orgPath: ctx.actor.orgPath,
        after: { mode, total, imported: write.length, failed: failed.length, images: keyOf.size },
      },
      now,
    );
    return outcome;
  });
  return result;
}

// ─── Export ─────────────────────────────────────────────────────────────────────────────────────────────

/**
 * A bank as a QTI 3.0 package (a background job): each item's newest version unless retired, its pictures under
 * images/, the manifest with each item's metadata. Reading the content is audited (`bank.qti_export`, one row).
 */
export async function exportQtiPackage(
  deps: AppDeps,
  ctx: ServiceContext,
  bankId: number,
  report?: (p: { processed: number; total?: number }) => void,
): Promise<{ file: Buffer; fileName: string; count: number }> {
  assertPermission(ctx.actor, 'bank.manage');
  const key = contentKeyOf(deps);
  const { bank, items, images } = await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const now = deps.clock.now();
    const found = await repo.findBank(tx, bankId);
    if (!found) throw new AppError('NOT_FOUND', '题库不存在');
    const rows = await listExportVersions(tx, bankId);
    const exported: ExportItem[] = rows.map((row) => {
      const sealed = unsealJson<SealedItem>(key, itemContext(row.itemId, row.version), row.content);
      return {
        identifier: `item-${row.itemId}`,
        title: `试题 ${row.itemId}`,
        content: {
          type: row.type,
          knowledgePoint: row.knowledgePoint,
          difficulty: row.difficulty,
          stem: sealed.stem,
          stemImage: sealed.stemImage,
          options: sealed.options,
          answer: sealed.answer,
          source: sealed.source,
          explanation: sealed.explanation,
        },
      };
    });
    const keys = new Set(exported.flatMap((i) => [i.content.stemImage, ...i.content.options.map((o) => o.image)]));
    keys.delete(null);
    const loaded = await loadImages(tx, key, [...keys] as string[]);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'question_bank',
        entityId: bankId,
        action: 'bank.qti_export',
        summary: `导出题库「${found.name}」为 QTI 试题包：${exported.length} 题，${loaded.size} 张图片`,
        orgNodeId: ctx.actor.orgNodeId,
        orgPath: ctx.actor.orgPath,
        after: { items: exported.length, images: loaded.size },
      },
      now,
    );
    return { bank: found, items: exported, images: loaded };
  });

  report?.({ processed: 0, total: items.length });
  const zip = new JSZip();
  const imagePath = new Map<string, string>();
  for (const [id, image] of images) {
    const file = `images/${id}${image.extension}`;
    imagePath.set(id, file);
    zip.file(file, image.data, { compression: 'STORE', createFolders: false });
  }
  const entries: Array<ExportItem & { file: string; images: string[] }> = [];
  for (const [i, item] of items.entries()) {
    const file = `items/${item.identifier}.xml`;
    zip.file(file, itemXml(item, imagePath), { createFolders: false });
    const used = [item.content.stemImage, ...item.content.options.map((o) => o.image)]
      .filter((k): k is string => k !== null && imagePath.has(k))
      .map((k) => imagePath.get(k)!);
    entries.push({ ...item, file, images: [...new Set(used)] });
    if ((i + 1) % PROGRESS_EVERY_ROWS === 0) {
      report?.({ processed: i + 1 });
      await yieldToRequests();
    }
  }
  const imageFiles = [...imagePath.values()].map((file) => ({
    identifier: `image-${file.slice('images/'.length).replace(/\.[a-z]+$/, '')}`,
    file,
  }));
  zip.file('imsmanifest.xml', manifestXml(`bank-${bankId}`, bank.name, entries, imageFiles));
  const file = await zip.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 6 },
  });
  return { file, fileName: `${bank.name}（QTI 3.0）.zip`, count: items.length };
}
