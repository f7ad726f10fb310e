// The 2-inch photo and the scans of an application (docs/api-registration.md, Files): what is accepted, checked
// from the bytes themselves (never from the name or the client's content type), and the use cases.

import { createHash } from 'node:crypto';
import { appraisalYears } from '../../../domain/grade1-evidence.js';
import { looksLikePng, pngDimensions } from '../../../domain/images.js';
import { jpegDimensions, looksLikeJpeg } from '../../../domain/jpeg.js';
import { FILE_KIND_LABELS } from '../../../domain/labels.js';
import type { AppDeps } from '../../deps.js';
import type { Actor, ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { hasPermission } from '../../platform/permissions.js';
import { inScopedTx } from '../../platform/tx.js';
import type { ApplicationRow, FileKind } from './applications.repository.js';
import * as repo from './applications.repository.js';
import {
  applicationAbilities,
  assertEditWindowOpen,
  auditApplication,
  isOwnApplication,
  isUnitSide,
  presentFile,
  requireAnyPermission,
} from './applications.service.js';
import { findCampaign } from './registration-window.js';

export const PHOTO_MAX_BYTES = 200 * 1024;
export const SCAN_MAX_BYTES = 5 * 1024 * 1024;
/** 2寸免冠照片 (the 2-inch photo): the standard is 413×579 px (35×49 mm at 300 dpi). */
export const PHOTO_MIN_WIDTH = 260;
export const PHOTO_MIN_HEIGHT = 360;
export const PHOTO_MIN_RATIO = 0.65;
export const PHOTO_MAX_RATIO = 0.8;

export type SniffedFile =
  | { type: 'jpeg'; mime: 'image/jpeg'; width: number; height: number }
  | { type: 'png'; mime: 'image/png'; width: number; height: number }
  | { type: 'pdf'; mime: 'application/pdf'; width: null; height: null };

// PNG's size is read where every picture's is (domain/images.ts); re-exported for this module's tests.
export { pngDimensions };

export function isPdf(bytes: Uint8Array): boolean {
  return bytes.length >= 5 && Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';
}

/** What the bytes are: a JPEG or PNG with its size, a PDF, or an error naming what is wrong. */
export function sniffFile(bytes: Uint8Array): SniffedFile | { error: string } {
  if (looksLikeJpeg(bytes)) {
    const dims = jpegDimensions(bytes);
    return dims.ok
      ? { type: 'jpeg', mime: 'image/jpeg', width: dims.width, height: dims.height }
      : { error: dims.reason };
  }
  if (looksLikePng(bytes)) {
    const dims = pngDimensions(bytes);
    return dims ? { type: 'png', mime: 'image/png', ...dims } : { error: 'PNG 文件已损坏' };
  }
  if (isPdf(bytes)) return { type: 'pdf', mime: 'application/pdf', width: null, height: null };
  return { error: '只接受 JPEG、PNG 图片或 PDF 文件' };
}

const kb = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`;

/** Checks an upload against the contract's rules for its kind; throws the refusal. */
export function checkUpload(kind: FileKind, bytes: Uint8Array): SniffedFile {
  if (bytes.length === 0) throw new AppError('VALIDATION_FAILED', '字段「file」：请选择要上传的文件');
  if (kind === 'photo') {
    if (!looksLikeJpeg(bytes)) throw new AppError('FILE_TYPE_INVALID', '照片须为 JPEG（.jpg）格式');
    if (bytes.length > PHOTO_MAX_BYTES) {
      throw new AppError('FILE_TOO_LARGE', `照片不能超过 200 KB（此文件 ${kb(bytes.length)}）`);
    }
    const sniffed = sniffFile(bytes);
    if ('error' in sniffed) throw new AppError('FILE_TYPE_INVALID', `照片无法识别：${sniffed.error}`);
    const { width, height } = sniffed as { width: number; height: number };
    const ratio = width / height;
    if (width < PHOTO_MIN_WIDTH || height < PHOTO_MIN_HEIGHT || ratio < PHOTO_MIN_RATIO || ratio > PHOTO_MAX_RATIO) {
      throw new AppError(
        'PHOTO_SIZE_INVALID',
        `照片为 ${width}×${height} 像素，须为2寸证件照比例（宽:高在 0.65 到 0.8 之间），且不小于 ${PHOTO_MIN_WIDTH}×${PHOTO_MIN_HEIGHT} 像素（标准为 413×579）`,
      );
    }
    return sniffed;
  }
  if (bytes.length > SCAN_MAX_BYTES) {
    throw new AppError('FILE_TOO_LARGE', `${FILE_KIND_LABELS[kind]}不能超过 5 MB（此文件 ${kb(bytes.length)}）`);
  }
  const sniffed = sniffFile(bytes);
  if ('error' in sniffed) throw new AppError('FILE_TYPE_INVALID', `${FILE_KIND_LABELS[kind]}：${sniffed.error}`);
  return sniffed;
}

const EXTENSIONS: Record<SniffedFile['type'], string> = { jpeg: '.jpg', png: '.png', pdf: '.pdf' };

/** A file name safe to store and to send back: no path, no control characters, at most 100 characters. */
export function cleanFileName(raw: string | undefined, kind: FileKind, type: SniffedFile['type']): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  const name = cleaned === '' ? `${FILE_KIND_LABELS[kind]}${EXTENSIONS[type]}` : cleaned;
  return [...name].slice(-100).join('');
}

/** The unit (application.manage in scope) or the applicant for their own application may change files. */
function assertMayChangeFiles(actor: Actor, row: ApplicationRow): void {
  if (!isUnitSide(actor, row) && !isOwnApplication(actor, row)) {
    throw new AppError('FORBIDDEN', '只有报名单位或申报人本人可以上传、删除材料');
  }
  if (!applicationAbilities(actor, row, true).edit) {
    throw new AppError('APPLICATION_NOT_EDITABLE', '当前状态下不能修改该申请的材料');
  }
}

async function lockForFiles(tx: Parameters<typeof repo.lockApplication>[0], deps: AppDeps, actor: Actor, id: number) {
  const visible = await repo.findApplicationView(tx, id, {
    hideOnlineDrafts: !hasPermission(actor.role, 'application.self'),
  });
  const row = visible ? await repo.lockApplication(tx, id) : null;
  if (!row) throw new AppError('NOT_FOUND', '申请不存在或不在您的管辖范围内');
  assertMayChangeFiles(actor, row);
  const campaign = await findCampaign(tx, row.campaignId);
  if (!campaign) throw new AppError('NOT_FOUND', '考核年度不存在');
  // A returned application's files may be corrected as long as the form itself (to the jurisdictions' deadline).
  await assertEditWindowOpen(deps, tx, campaign, row);
  return { row, campaign };
}

export const AWARD_DESCRIPTION_MAX = 100;

/**
 * The 一级 evidence's own field: the appraisal year of a 年度考核登记表 (one of the five years the application
 * reads), the description of a 获奖证书/专利证书. Both kinds belong to 一级 applications only.
 */
export function evidenceDetails(
  kind: FileKind,
  fields: { appraisalYear?: string; description?: string },
  application: { appliedGrade: number; campaignYear: number },
): { appraisalYear: number | null; description: string | null } {
  if (kind !== 'appraisal_form' && kind !== 'award_certificate') return { appraisalYear: null, description: null };
  if (application.appliedGrade !== 1) {
    throw new AppError('VALIDATION_FAILED', `字段「kind」：${FILE_KIND_LABELS[kind]}只用于申报一级（高级技师）的申请`);
  }
  if (kind === 'appraisal_form') {
    const years = appraisalYears(application.campaignYear);
    const text = fields.appraisalYear?.trim() ?? '';
    const year = /^\d{4}$/.test(text) ? Number(text) : Number.NaN;
    if (!years.includes(year)) {
      throw new AppError(
        'VALIDATION_FAILED',
        `字段「appraisalYear」：年度考核登记表须注明考核年度，为${years.at(-1)}年至${years[0]}年之一`,
      );
    }
    return { appraisalYear: year, description: null };
  }
  const description = fields.description?.trim() ?? '';
  if (description === '' || [...description].length > AWARD_DESCRIPTION_MAX) {
    throw new AppError(
      'VALIDATION_FAILED',
      `字段「description」：请简要说明获奖证书或专利证书（奖项名称、授予机关、年份，不超过${AWARD_DESCRIPTION_MAX}字）`,
    );
  }
  return { appraisalYear: null, description };
}

export async function uploadFile(
  deps: AppDeps,
  ctx: ServiceContext,
  applicationId: number,
  upload: {
    kind: FileKind;
    fileName: string | undefined;
    data: Buffer;
    appraisalYear?: string;
    description?: string;
  },
) {
  requireAnyPermission(ctx.actor, ['application.manage', 'application.self']);
  const sniffed = checkUpload(upload.kind, upload.data);
  const fileName = cleanFileName(upload.fileName, upload.kind, sniffed.type);
  const sha256 = createHash('sha256').update(upload.data).digest('hex');
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const { row, campaign } = await lockForFiles(tx, deps, ctx.actor, applicationId);
    const details = evidenceDetails(upload.kind, upload, {
      appliedGrade: row.appliedGrade,
      campaignYear: campaign.year,
    });
    const now = deps.clock.now();
    const replaced = upload.kind === 'photo' ? await repo.deleteFiles(tx, applicationId, { kind: 'photo' }) : [];
    const file = await repo.insertFile(tx, {
      applicationId,
      kind: upload.kind,
      fileName,
      mime: sniffed.mime,
      size: upload.data.length,
      width: sniffed.width,
      height: sniffed.height,
      ...details,
      sha256,
      data: upload.data,
      createdBy: ctx.actor.accountId,
      createdAt: now,
    });
    await auditApplication(
      tx,
      ctx,
      {
        entityType: 'application',
        entityId: applicationId,
        orgNodeId: row.unitId,
        orgPath: row.orgPath,
        action: 'application.file_upload',
        summary: `${replaced.length > 0 ? '更换' : '上传'}「${row.name}」的${details.appraisalYear === null ? '' : `${details.appraisalYear}年`}${FILE_KIND_LABELS[upload.kind]}（${fileName}）`,
        before:
          replaced.length > 0 ? { files: replaced.map((f) => ({ ...presentFile(f), sha256: f.sha256 })) } : undefined,
        after: { file: { ...presentFile(file), sha256 } },
      },
      now,
    );
    return presentFile(file);
  });
}

export async function deleteFile(deps: AppDeps, ctx: ServiceContext, applicationId: number, fileId: number) {
  requireAnyPermission(ctx.actor, ['application.manage', 'application.self']);
  await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const { row } = await lockForFiles(tx, deps, ctx.actor, applicationId);
    const [file] = await repo.deleteFiles(tx, applicationId, { id: fileId });
    if (!file) throw new AppError('NOT_FOUND', '文件不存在');
    const now = deps.clock.now();
    await auditApplication(
      tx,
      ctx,
      {
        entityType: 'application',
        entityId: applicationId,
        orgNodeId: row.unitId,
        orgPath: row.orgPath,
        action: 'application.file_delete',
        summary: `删除「${row.name}」的${FILE_KIND_LABELS[file.kind]}（${file.fileName}）`,
        before: { file: { ...presentFile(file), sha256: file.sha256 } },
      },
      now,
    );
  });
}

export async function downloadFile(deps: AppDeps, ctx: ServiceContext, applicationId: number, fileId: number) {
  requireAnyPermission(ctx.actor, ['application.read', 'application.self']);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const visible = await repo.findApplicationView(tx, applicationId, {
      hideOnlineDrafts: !hasPermission(ctx.actor.role, 'application.self'),
    });
    const meta = visible ? await repo.findFileMeta(tx, applicationId, fileId) : null;
    const data = meta ? await repo.findFileData(tx, applicationId, fileId) : null;
    if (!meta || !data) throw new AppError('NOT_FOUND', '文件不存在或无权访问');
    return { meta, data };
  });
}

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987). */
export function contentDisposition(fileName: string, inline: boolean): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
