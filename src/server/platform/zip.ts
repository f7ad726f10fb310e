import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';
import type { AppError } from './errors.js';

/**
 * Writing a zip as a stream (the archives' ZIP of one PDF per candidate, written to disk by a job): each entry is
 * given whole (a PDF in memory, one at a time), stored without compression (PDFs are compressed already), with its
 * name in UTF-8 (flag bit 11, so Chinese names open right in Windows' and macOS's tools). No zip64: the writer
 * refuses past 65,535 entries or 4 GiB, which a unit's or a jurisdiction's archive stays far below (a candidate's
 * PDF is a few hundred KB).
 */
export class ZipWriter {
  private offset = 0;
  private readonly central: Buffer[] = [];
  private count = 0;

  constructor(
    private readonly out: Writable,
    private readonly date: Date = new Date(),
  ) {}

  /** Appends one file; waits while the stream is full. */
  async add(name: string, data: Buffer): Promise<void> {
    if (this.count >= 0xffff) throw new RangeError('zip: more than 65,535 entries');
    if (this.offset + data.length + 1024 > 0xffffffff) throw new RangeError('zip: larger than 4 GiB');
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data) >>> 0;
    const { time, day } = dosDateTime(this.date);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(0, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(day, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(0, 10);
    entry.writeUInt16LE(time, 12);
    entry.writeUInt16LE(day, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(this.offset, 42);
    this.central.push(entry, nameBytes);
    await this.write(Buffer.concat([local, nameBytes]));
    await this.write(data);
    this.offset += 30 + nameBytes.length + data.length;
    this.count++;
  }

  /** Writes the central directory and ends the stream; resolves when the stream has finished. */
  async finish(): Promise<void> {
    const directory = Buffer.concat(this.central);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.count, 8);
    end.writeUInt16LE(this.count, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(this.offset, 16);
    await this.write(Buffer.concat([directory, end]));
    const finished = once(this.out, 'finish');
    this.out.end();
    await finished;
  }

  private async write(chunk: Buffer): Promise<void> {
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }
}

/** MS-DOS date and time of the entries, in Beijing time (what the people who open the archive live in). */
function dosDateTime(date: Date): { time: number; day: number } {
  const b = new Date(date.getTime() + 8 * 3600_000);
  const year = Math.max(1980, b.getUTCFullYear());
  return {
    time: (b.getUTCHours() << 11) | (b.getUTCMinutes() << 5) | Math.floor(b.getUTCSeconds() / 2),
    day: ((year - 1980) << 9) | ((b.getUTCMonth() + 1) << 5) | b.getUTCDate(),
  };
}

/**
 * Reading an uploaded zip (an .xlsx workbook, a QTI content package) in bounded memory: the central directory is read
 * from the buffer (the upload is in memory anyway), and only the entries a caller asks for are inflated, each with a
 * byte limit, so a zip bomb stops at that limit instead of filling memory or disk. No zip64, no encryption. The caller
 * supplies its own refusals (its code and Chinese words).
 */

export interface ZipEntry {
  /** The entry's name as the central directory gives it (a leading slash dropped). */
  name: string;
  method: number;
  start: number;
  compressedSize: number;
}

export interface ZipReadOptions {
  maxEntries: number;
  /** The refusal for a file that is no readable zip (the message names the reason when there is one). */
  invalid: (message?: string) => AppError;
}

const YIELD_EVERY_BYTES = 256 * 1024;

/** The central directory at the end of the zip: entry name → where its data lies. */
export function readZipDirectory(buf: Buffer, options: ZipReadOptions): Map<string, ZipEntry> {
  const { invalid } = options;
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw invalid();
  const count = buf.readUInt16LE(end + 10);
  const size = buf.readUInt32LE(end + 12);
  const offset = buf.readUInt32LE(end + 16);
  if (count > options.maxEntries) throw invalid(`压缩包中的文件过多（超过 ${options.maxEntries} 个）`);
  if (offset + size > end) throw invalid();
  const entries = new Map<string, ZipEntry>();
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > end || buf.readUInt32LE(p) !== 0x02014b50) throw invalid();
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    p += 46 + nameLength + extraLength + commentLength;
    if (p > end) throw invalid();
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw invalid();
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + compressedSize > buf.length) throw invalid();
    if (flags & 1) throw invalid('文件已加密，请取消密码保护后再上传');
    if (method !== 0 && method !== 8) throw invalid();
    const key = name.startsWith('/') ? name.slice(1) : name;
    if (!entries.has(key)) entries.set(key, { name: key, method, start, compressedSize });
  }
  return entries;
}

/** An entry's bytes, inflated as they are read, refused past `maxBytes` (a zip bomb stops there). */
export async function* inflateEntry(
  buf: Buffer,
  entry: ZipEntry,
  maxBytes: number,
  tooLarge: () => AppError,
): AsyncGenerator<Buffer> {
  const data = buf.subarray(entry.start, entry.start + entry.compressedSize);
  if (entry.method === 0) {
    if (data.length > maxBytes) throw tooLarge();
    for (let i = 0; i < data.length; i += YIELD_EVERY_BYTES) {
      yield data.subarray(i, i + YIELD_EVERY_BYTES);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return;
  }
  const inflater = createInflateRaw();
  inflater.end(data);
  let total = 0;
  let sinceYield = 0;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) throw tooLarge();
      yield chunk;
      sinceYield += chunk.length;
      if (sinceYield >= YIELD_EVERY_BYTES) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  } finally {
    inflater.destroy();
  }
}

/** An entry's whole bytes, at most `maxBytes` once inflated. */
export async function readZipEntry(
  buf: Buffer,
  entry: ZipEntry,
  maxBytes: number,
  tooLarge: () => AppError,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of inflateEntry(buf, entry, maxBytes, tooLarge)) chunks.push(chunk);
  return Buffer.concat(chunks);
}
