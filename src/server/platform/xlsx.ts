import ExcelJS from 'exceljs';

/**
 * Writing workbooks people open in Excel or WPS. A text that begins with = + - @, a tab or a carriage return is
 * harmless as written (a string cell), but turns into a formula the moment someone edits the cell or saves the sheet
 * as CSV: a name typed as `=HYPERLINK("http://…","点此")` becomes a link in the reviewer's hands (CSV/formula
 * injection, OWASP). Every export therefore writes through `writeXlsx`, which walks every cell and prefixes such
 * texts with an apostrophe — the neutralisation OWASP recommends, visible, and kept when saved as CSV. Only strings
 * are touched: numbers (a negative count), dates and our own formulas stay as they are, and a text merely containing
 * those characters (0371-12345678) is left alone.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** The text as it may safely stand in a cell. */
export function safeText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * Imports of our own exports undo the neutralisation: an apostrophe before = + - @ (or a tab or CR) was written by
 * an export, not typed (in Excel or WPS a typed apostrophe is a quote prefix and never reaches the cell's value).
 * An export that must import back unchanged writes its texts through reversibleText first, so that a text which
 * itself begins with apostrophes before such a character keeps them: restoreText(safeText(reversibleText(t))) = t.
 */
const NEUTRALISED = /^'+[=+\-@\t\r]/;

export function reversibleText(text: string): string {
  return NEUTRALISED.test(text) ? `'${text}` : text;
}

export function restoreText(text: string): string {
  return NEUTRALISED.test(text) ? text.slice(1) : text;
}

/** A cell value with any text that would start a formula neutralised (rich text and a hyperlink's text too). */
export function safeCell(value: ExcelJS.CellValue): ExcelJS.CellValue {
  if (typeof value === 'string') return safeText(value);
  if (value && typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) {
      const [first, ...rest] = value.richText;
      if (first && typeof first.text === 'string' && FORMULA_START.test(first.text)) {
        return { ...value, richText: [{ ...first, text: safeText(first.text) }, ...rest] };
      }
      return value;
    }
    if ('hyperlink' in value && typeof value.text === 'string' && FORMULA_START.test(value.text)) {
      return { ...value, text: safeText(value.text) };
    }
  }
  return value;
}

const YIELD_EVERY_ROWS = 500;

/**
 * The workbook's bytes, after neutralising every cell of every sheet (see above). Yields to the event loop every
 * 500 rows, so a 20,000-row export does not hold other requests while it is checked.
 */
export async function writeXlsx(workbook: ExcelJS.Workbook): Promise<Buffer> {
  for (const sheet of workbook.worksheets) {
    for (let r = 1; r <= sheet.rowCount; r++) {
      sheet.findRow(r)?.eachCell((cell) => {
        // A merged cell's value is its master's, which is visited itself.
        if (cell.type === ExcelJS.ValueType.Merge) return;
        const safe = safeCell(cell.value);
        if (safe !== cell.value) cell.value = safe;
      });
      if (r % YIELD_EVERY_ROWS === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
