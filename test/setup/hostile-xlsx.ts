import { Buffer } from 'node:buffer';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

/**
 * Builds an attacker's workbook by hand, fast: a valid .xlsx whose one sheet repeats `row` `rows` times below
 * `header`, with `extraStrings` further unique shared strings of `stringLength` characters each. The parts are in the
 * order ExcelJS and Excel write them (the sheet before sharedStrings.xml and workbook.xml), and every row is the
 * same text, so a million rows deflate to a few megabytes while expanding to over a hundred.
 */
export async function hostileWorkbook(options: {
  header: string[];
  row: string[];
  rows: number;
  extraStrings?: number;
  stringLength?: number;
  /** Bytes of blank space after the header row: a zip bomb (a megabyte of it deflates to about a kilobyte). */
  padding?: number;
}): Promise<Buffer> {
  const strings = [...options.header, ...options.row];
  const col = (i: number) => String.fromCharCode(65 + i);
  const cells = (values: string[], offset: number, r: number) =>
    values.map((_, i) => `<c r="${col(i)}${r}" t="s"><v>${offset + i}</v></c>`).join('');

  const entries: { name: string; data: Buffer; crc: number; size: number }[] = [];
  const add = (name: string, text: string) => {
    const raw = Buffer.from(text);
    entries.push({ name, data: deflateRawSync(raw), crc: crc32(raw), size: raw.length });
  };
  const addStreamed = async (name: string, chunks: () => Generator<string>) => {
    const deflate = createDeflateRaw({ level: 6 });
    const out: Buffer[] = [];
    deflate.on('data', (b: Buffer) => out.push(b));
    const done = new Promise((resolve, reject) => deflate.on('end', resolve).on('error', reject));
    let crc = 0;
    let size = 0;
    for (const text of chunks()) {
      const raw = Buffer.from(text);
      crc = crc32(raw, crc);
      size += raw.length;
      if (!deflate.write(raw)) await new Promise((resolve) => deflate.once('drain', resolve));
    }
    deflate.end();
    await done;
    entries.push({ name, data: Buffer.concat(out), crc, size });
  };

  add(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
  );
  add(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  );
  await addStreamed('xl/worksheets/sheet1.xml', function* () {
    yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
    yield `<row r="1">${cells(options.header, 0, 1)}</row>`;
    const blank = ' '.repeat(1 << 20);
    for (let left = options.padding ?? 0; left > 0; left -= blank.length) yield blank.slice(0, left);
    let batch = '';
    for (let r = 2; r <= options.rows + 1; r++) {
      batch += `<row r="${r}">${cells(options.row, options.header.length, r)}</row>`;
      if (batch.length > 1 << 16) {
        yield batch;
        batch = '';
      }
    }
    yield `${batch}</sheetData></worksheet>`;
  });
  const extra = options.extraStrings ?? 0;
  const length = options.stringLength ?? 8;
  await addStreamed('xl/sharedStrings.xml', function* () {
    const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    yield `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length + extra}" uniqueCount="${strings.length + extra}">`;
    yield strings.map((s) => `<si><t>${escapeXml(s)}</t></si>`).join('');
    let batch = '';
    for (let i = 0; i < extra; i++) {
      batch += `<si><t>${String(i).padStart(length, 'x')}</t></si>`;
      if (batch.length > 1 << 16) {
        yield batch;
        batch = '';
      }
    }
    yield `${batch}</sst>`;
  });
  add(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
  );
  add(
    'xl/workbook.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
  );
  return zip(entries);
}

/** A plain zip (deflate, no zip64) of already-compressed entries. */
function zip(entries: { name: string; data: Buffer; crc: number; size: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
