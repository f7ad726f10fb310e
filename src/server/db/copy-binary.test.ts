import { describe, expect, it } from 'vitest';
import { openDatabase } from './client.js';
import { copyBinaryRows, parseCopyBinary } from './copy-binary.js';

const header = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
const field = (bytes: Buffer | null) => {
  const length = Buffer.alloc(4);
  length.writeInt32BE(bytes === null ? -1 : bytes.length);
  return bytes === null ? length : Buffer.concat([length, bytes]);
};
const row = (...fields: (Buffer | null)[]) => {
  const count = Buffer.alloc(2);
  count.writeInt16BE(fields.length);
  return Buffer.concat([count, ...fields.map(field)]);
};
const trailer = Buffer.from([0xff, 0xff]);

describe('parseCopyBinary', () => {
  it('reads rows of fields, nulls and empty values included', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const rows = parseCopyBinary(
      Buffer.concat([header, row(Buffer.from([0, 0, 0, 7]), null, all), row(Buffer.alloc(0), null, null), trailer]),
    );
    expect(rows).toEqual([
      [Buffer.from([0, 0, 0, 7]), null, all],
      [Buffer.alloc(0), null, null],
    ]);
  });

  it('refuses what is not COPY binary', () => {
    expect(() => parseCopyBinary(Buffer.from('1\t2\n'))).toThrow(/signature/);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('copyBinaryRows on PostgreSQL', () => {
  it('reads bytea as stored, and a bad statement fails without spoiling the pool', async () => {
    const database = openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL, poolSize: 1 });
    try {
      const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256));
      const rows = await copyBinaryRows(
        database.db,
        `select g::int, case when g = 2 then null else decode('${bytes.toString('hex')}', 'hex') end, 'ethics'::text
         from generate_series(1, 3) g order by g`,
      );
      expect(rows.map((r) => [r[0]!.readInt32BE(0), r[1]?.equals(bytes) ?? null, r[2]!.toString()])).toEqual([
        [1, true, 'ethics'],
        [2, null, 'ethics'],
        [3, true, 'ethics'],
      ]);
      await expect(copyBinaryRows(database.db, 'select 1 / 0')).rejects.toMatchObject({ code: '22012' });
      expect(await copyBinaryRows(database.db, 'select 5::int')).toEqual([[Buffer.from([0, 0, 0, 5])]]);
    } finally {
      await database.close();
    }
  });
});
