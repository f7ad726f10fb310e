import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
// ExcelJS's SAX loop over an async iterable of chunks (no package "exports" map, so the file is reachable).
import parseSax from 'exceljs/lib/utils/parse-sax.js';
import { AppError } from './errors.js';
import { inflateEntry, readZipDirectory as readZip } from './zip.js';

/**
 * Reads one worksheet of an uploaded .xlsx row by row, in bounded memory and time, for the Excel imports.
 *
 * Why not `workbook.xlsx.load(buffer)`: it builds the whole workbook in memory, synchronously between awaits; an
 * 8 MB file of a million rows held the server for 45 s (health checks unanswered) and took 1.9 GB.
 *
 * Why not ExcelJS's `stream.xlsx.WorkbookReader` as it stands: it reads the zip front to back, and both Excel and
 * ExcelJS write the worksheets *before* `workbook.xml` and `sharedStrings.xml`; the reader then copies every sheet,
 * inflated and unbounded, to a temporary file on disk before reading a row (a zip bomb fills the disk), and its
 * shared-strings cache has no limit. So this module reads the zip's central directory itself (the upload is in
 * memory anyway), inflates the parts it needs in the order it needs them — relationships, workbook, styles, shared
 * strings, then only the chosen sheet — through node:zlib with a byte limit on each, collects shared strings under a
 * count and character limit, and hands the sheet's bytes to ExcelJS's own worksheet reader, so cells (rich text,
 * dates by their number format, formulas with results) come out as the `ExcelJS.Row` the imports always read.
 * The reader's parts are reached through WorkbookReader's underscore methods (ExcelJS 4.4; the import tests fail
 * loudly if an upgrade changes them).
 *
 * Callers count their data rows and stop (`tooManyRows`) as soon as the limit is passed; breaking out of the loop
 * closes the inflater. The loop yields to the event loop at least every 256 KB of XML.
 */

export interface SheetInfo {
  name: string;
  /** 'visible', 'hidden' or 'veryHidden'. */
  state: string;
}

export interface XlsxReadOptions {
  /** Which sheet to read (default: the first in the workbook's order). */
  pick?: (sheets: readonly SheetInfo[]) => SheetInfo | undefined;
  /** Most bytes of the sheet's XML once inflated, and of the shared strings' (default 32 MB each; a filled 5,000-row application template is about 8 MB). */
  maxSheetBytes?: number;
  /** Most shared strings (default 250,000) and their characters together (default 10 million). */
  maxSharedStrings?: number;
  maxSharedStringChars?: number;
}

export interface SheetRow {
  /** The worksheet's row number (1 is the header). */
  number: number;
  row: ExcelJS.Row;
}

const DEFAULTS = {
  maxSheetBytes: 32 * 1024 * 1024,
  maxSharedStrings: 250_000,
  maxSharedStringChars: 10_000_000,
};
/** Small parts: the workbook, its relationships, styles. Excel's own are a few KB; a styled template < 1 MB. */
const MAX_PART_BYTES = 4 * 1024 * 1024;
const MAX_ZIP_ENTRIES = 10_000;

const invalid = (message = '无法读取文件，请上传由模板填写的 .xlsx 文件') =>
  new AppError('IMPORT_FILE_INVALID', message);

/** The answer when an import's rows pass its limit; thrown by the caller at the first row too many. */
export function tooManyRows(limit: number): AppError {
  return new AppError('IMPORT_TOO_MANY_ROWS', `一次最多导入 ${limit} 行，本文件超过 ${limit} 行，请分批导入`);
}

export async function* readSheetRows(file: Buffer, options: XlsxReadOptions = {}): AsyncGenerator<SheetRow> {
  const limits = { ...DEFAULTS, ...options };
  const entries = readZip(file, { maxEntries: MAX_ZIP_ENTRIES, invalid: (message) => invalid(message) });
  const opened: Readable[] = [];
  const part = (name: string, maxBytes: number): Readable | null => {
    const entry = entries.get(name);
    if (!entry) return null;
    const tooLarge = () =>
      new AppError(
        'IMPORT_TOO_LARGE',
        `文件内容过大（解压后超过 ${Math.round(maxBytes / 1024 / 1024)} MB），请删除多余的空行、格式后再导入，或分批导入`,
      );
    const stream = Readable.from(inflateEntry(file, entry, maxBytes, tooLarge));
    opened.push(stream);
    return stream;
  };
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    }) as unknown as ReaderInternals;
    let sheetStream: Readable | null;
    try {
      const rels = part('xl/_rels/workbook.xml.rels', MAX_PART_BYTES);
      const book = part('xl/workbook.xml', MAX_PART_BYTES);
      if (!rels || !book) throw invalid();
      await reader._parseRels(rels);
      await reader._parseWorkbook(book);
      const styles = part('xl/styles.xml', MAX_PART_BYTES);
      if (styles) await reader._parseStyles(styles);

      const sheets = (reader.model?.sheets ?? []).map((s) => ({
        name: s.name,
        state: s.state ?? 'visible',
        target: reader.workbookRels?.find((r) => r.Id === s.rId)?.Target,
      }));
      if (sheets.length === 0) throw invalid('文件中没有工作表');
      const chosen = options.pick ? options.pick(sheets) : sheets[0];
      const target = sheets.find((s) => s === chosen)?.target;
      if (!chosen || !target) throw invalid('文件中没有工作表');

      const stringsTarget = reader.workbookRels?.find((r) => /\/sharedStrings$/.test(r.Type))?.Target;
      const strings = part(partName(stringsTarget ?? 'sharedStrings.xml'), limits.maxSheetBytes);
      reader.sharedStrings = strings ? await readSharedStrings(strings, limits) : [];

      sheetStream = part(partName(target), limits.maxSheetBytes);
    } catch (error) {
      throw asReadError(error);
    }
    if (!sheetStream) throw invalid('文件中没有工作表');

    const [event] = [...reader._parseWorksheet(sheetStream, '1')];
    if (!event) throw invalid();
    let last = 0;
    const rows = event.value[Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<ExcelJS.Row>;
      try {
        next = await rows.next();
      } catch (error) {
        throw asReadError(error);
      }
      if (next.done) break;
      // `r` is optional in the format: a row without it follows the one before.
      const n = next.value.number;
      last = Number.isInteger(n) && n > 0 ? n : last + 1;
      yield { number: last, row: next.value };
    }
  } finally {
    for (const stream of opened) stream.destroy();
  }
}

function asReadError(error: unknown): AppError {
  return error instanceof AppError ? error : invalid();
}

/** A relationship's target (`worksheets/sheet1.xml`, `/xl/worksheets/sheet1.xml`) as a zip entry name. */
function partName(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

// ─── Shared strings ─────────────────────────────────────────────────────────────────────────────────────

/**
 * `<sst><si>` items: plain (`<t>`) or rich text (`<r><t>`, joined), phonetic runs (`<rPh>`, 拼音指南) left out. The
 * count and characters are checked as they arrive, so a part of a million strings — or one endless string — is
 * refused without being held.
 */
async function readSharedStrings(stream: Readable, limits: typeof DEFAULTS): Promise<string[]> {
  const strings: string[] = [];
  let chars = 0;
  let current: string | null = null;
  let text: string | null = null;
  let phonetic = 0;
  const tooMany = () =>
    new AppError(
      'IMPORT_TOO_LARGE',
      `文件中的文字内容过多（超过 ${limits.maxSharedStrings} 条或 ${limits.maxSharedStringChars} 字），请分批导入`,
    );
  for await (const events of parseSax(stream)) {
    for (const { eventType, value } of events) {
      if (eventType === 'opentag') {
        if (value.name === 'si') current = '';
        else if (value.name === 'rPh') phonetic++;
        else if (value.name === 't' && phonetic === 0) text = '';
      } else if (eventType === 'text') {
        if (text !== null) {
          chars += value.length;
          if (chars > limits.maxSharedStringChars) throw tooMany();
          text += value;
        }
      } else if (eventType === 'closetag') {
        if (value.name === 't' && text !== null) {
          // Excel escapes characters XML cannot carry (a CR is _x000D_); ExcelJS's loader decodes them the same way.
          if (current !== null)
            current += text.replace(/_x([0-9A-F]{4})_/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
          text = null;
        } else if (value.name === 'rPh') phonetic--;
        else if (value.name === 'si' && current !== null) {
          if (strings.length >= limits.maxSharedStrings) throw tooMany();
          strings.push(current);
          current = null;
        }
      }
    }
  }
  return strings;
}

/** What this module uses of ExcelJS 4.4's WorkbookReader beyond its typings. */
interface ReaderInternals {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(entry: Readable, sheetNo: string): Iterable<{ eventType: string; value: AsyncIterable<ExcelJS.Row> }>;
  workbookRels?: { Id: string; Type: string; Target: string }[];
  model?: { sheets?: { name: string; rId: string; state?: string }[] };
  sharedStrings?: unknown[];
}
