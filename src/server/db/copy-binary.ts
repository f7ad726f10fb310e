/**
 * `COPY (query) TO STDOUT (FORMAT binary)` on a PostgreSQL server, for bulk reads of bytea: the rows' bytes cross as
 * they lie, where a SELECT sends bytea as hex or base64 text that the server writes and the process reads back
 * (twice the CPU on both sides for sealed papers). node-postgres runs it through its submittable interface (an
 * object with submit() and the message handlers, as pg-cursor and pg-copy-streams use), on a pooled connection of
 * its own, outside any transaction: only for rows that never change once written.
 */
import type pg from 'pg';
import type { Db } from './client.js';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

class CopyOut {
  /** What arrived so far (a message's chunk is a view of the parser's buffer, which it reuses: copied here). */
  private data = Buffer.allocUnsafe(1 << 16);
  private length = 0;
  private settled = false;
  readonly done: Promise<Buffer>;
  private resolve!: (data: Buffer) => void;
  private reject!: (error: Error) => void;

  constructor(private readonly text: string) {
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
  }
  handleCopyData(message: { chunk: Buffer }): void {
    const needed = this.length + message.chunk.length;
    if (needed > this.data.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.data.length * 2));
      this.data.copy(grown, 0, 0, this.length);
      this.data = grown;
    }
    message.chunk.copy(this.data, this.length);
    this.length = needed;
  }
  handleError(error: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(error);
  }
  handleReadyForQuery(): void {
    if (this.settled) return;
    this.settled = true;
    this.resolve(this.data.subarray(0, this.length));
  }
  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(): void {
    this.handleError(new Error('COPY TO expected, the server asked for COPY FROM'));
  }
}

/** Parses COPY's binary format: each row's fields as byte slices of `data` (null for SQL NULL). */
export function parseCopyBinary(data: Buffer): (Buffer | null)[][] {
  if (data.length < SIGNATURE.length + 8 || !data.subarray(0, SIGNATURE.length).equals(SIGNATURE)) {
    throw new Error('COPY binary: no PGCOPY signature');
  }
  let at = SIGNATURE.length + 4;
  at += 4 + data.readInt32BE(at);
  const rows: (Buffer | null)[][] = [];
  for (;;) {
    const fields = data.readInt16BE(at);
    at += 2;
    if (fields === -1) return rows;
    const row = new Array<Buffer | null>(fields);
    for (let i = 0; i < fields; i++) {
      const length = data.readInt32BE(at);
      at += 4;
      if (length === -1) row[i] = null;
      else {
        row[i] = data.subarray(at, at + length);
        at += length;
      }
    }
    rows.push(row);
  }
}

/** Runs `COPY (query) TO STDOUT (FORMAT binary)` on a connection of the pool and returns the rows' fields. */
export async function copyBinaryRows(db: Db, query: string): Promise<(Buffer | null)[][]> {
  const pool = (db as unknown as { $client?: pg.Pool }).$client;
  if (!pool || typeof pool.connect !== 'function') throw new Error('copyBinaryRows needs a PostgreSQL pool');
  const client = await pool.connect();
  let broken = false;
  try {
    const copy = new CopyOut(`COPY (${query}) TO STDOUT (FORMAT binary)`);
    client.query(copy as unknown as pg.QueryConfig);
    return parseCopyBinary(await copy.done);
  } catch (error) {
    broken = !(error instanceof Error && 'code' in error);
    throw error;
  } finally {
    client.release(broken);
  }
}
