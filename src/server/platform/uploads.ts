import type { FastifyRequest } from 'fastify';
import { AppError, type ErrorCode } from './errors.js';

/**
 * The one reading of a multipart upload (`multipart/form-data`) for every route that takes a file: named text fields
 * and exactly one file, held in memory up to `maxBytes`. Whatever the client sends — another content type, no
 * boundary, a form cut short, a second file, too many or too long fields, a file over the limit — ends as an AppError
 * with a Chinese message (4xx), never as @fastify/multipart's or busboy's own error (which would answer 500).
 */

export interface UploadedFile {
  fileName: string;
  data: Buffer;
}

export interface Upload<F extends string> {
  /** The declared fields that were sent (others are dropped unread). */
  fields: Partial<Record<F, string>>;
  file: UploadedFile;
}

export interface UploadOptions<F extends string> {
  /** The largest file accepted, in bytes. */
  maxBytes: number;
  /** The text fields the route reads; anything else is ignored. */
  fields: readonly F[];
  /** The answer for a file over `maxBytes` (the route's own code and words). */
  tooLarge: { code: ErrorCode; message: string };
  /** The message when no file (or an empty one) was sent. */
  missingFile: string;
}

/** Every text field is an id, a word or a title: 4 KB is ample, and keeps a hostile form small. */
const MAX_FIELD_BYTES = 4000;
const MAX_FIELDS = 20;

export async function readUpload<F extends string>(
  request: FastifyRequest,
  options: UploadOptions<F>,
): Promise<Upload<F>> {
  if (!request.isMultipart()) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传文件');
  }
  const wanted = new Set<string>(options.fields);
  const fields: Partial<Record<F, string>> = {};
  let file: UploadedFile | null = null;
  try {
    const parts = request.parts({
      limits: {
        fileSize: options.maxBytes,
        files: 1,
        fields: MAX_FIELDS,
        parts: MAX_FIELDS + 1,
        fieldSize: MAX_FIELD_BYTES,
      },
    });
    for await (const part of parts) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        // toBuffer() throws past the limit; a stream that was cut off without throwing still says so.
        if (part.file.truncated) throw new AppError(options.tooLarge.code, options.tooLarge.message);
        file = { fileName: part.filename, data };
        continue;
      }
      if (!wanted.has(part.fieldname)) continue;
      if (part.valueTruncated) {
        throw new AppError('VALIDATION_FAILED', `字段「${part.fieldname}」过长`, { field: part.fieldname });
      }
      const value = String(part.value);
      if (value.includes('\u0000')) {
        throw new AppError('VALIDATION_FAILED', `字段「${part.fieldname}」含有不允许的空字符（U+0000）`, {
          field: part.fieldname,
        });
      }
      fields[part.fieldname as F] = value;
    }
  } catch (error) {
    throw uploadError(error, options);
  }
  if (!file || file.data.length === 0) {
    throw new AppError('VALIDATION_FAILED', `字段「file」：${options.missingFile}`, { field: 'file' });
  }
  return { fields, file };
}

/**
 * Maps what @fastify/multipart (FST_* codes) and busboy (plain Errors: "Multipart: Boundary not found",
 * "Unexpected end of form", "Malformed part header", …) throw while a form is read. Everything thrown here comes from
 * reading the client's bytes, so whatever is not recognised is still the client's malformed form: a 400.
 */
export function uploadError(error: unknown, options: Pick<UploadOptions<string>, 'tooLarge'>): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError(options.tooLarge.code, options.tooLarge.message);
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传文件');
    case 'FST_FILES_LIMIT':
      return new AppError('UPLOAD_INVALID', '一次只能上传一个文件');
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new AppError('UPLOAD_INVALID', '上传的表单字段过多');
    default:
      break;
  }
  if ((error as { statusCode?: unknown } | null)?.statusCode === 413) {
    return new AppError(options.tooLarge.code, options.tooLarge.message);
  }
  return new AppError('UPLOAD_INVALID');
}

/** An Excel import's workbook: 10 MB holds far more rows than any import accepts (the row limits stop it first). */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

/** The upload of every Excel import: the given fields and one workbook of at most IMPORT_MAX_BYTES. */
export function readImportUpload<F extends string>(request: FastifyRequest, fields: readonly F[]): Promise<Upload<F>> {
  return readUpload(request, {
    maxBytes: IMPORT_MAX_BYTES,
    fields,
    tooLarge: { code: 'IMPORT_TOO_LARGE', message: `文件不能超过 ${IMPORT_MAX_BYTES / 1024 / 1024} MB` },
    missingFile: '请选择要导入的 Excel 文件',
  });
}
