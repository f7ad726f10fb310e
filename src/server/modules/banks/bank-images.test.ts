import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildTestApp,
  type Client,
  findJurisdiction,
  signIn,
  type TestApp,
} from '../../../../test/setup/harness.js';
import { auditLog, bankImages, orgNodes } from '../../db/schema.js';
import { inSystemTx } from '../../platform/tx.js';
import { GIF_1X1, JPEG_1X1, postFile, realPng, WEBP_1X1 } from './bank-images.test-support.js';

let t: TestApp;
let manager: Client;
let bankId: number;

const upload = (client: Client, name: string, data: Buffer, type = 'image/png') =>
  postFile(t, client, '/api/bank-images', { name, type, data });

function item(overrides: Record<string, unknown> = {}) {
  return {
    type: 'single',
    stem: '下图所示仪表的读数是多少？',
    stemImage: null,
    options: [
      { text: '0.2 MPa', image: null },
      { text: '0.4 MPa', image: null },
    ],
    answer: 'B',
    difficulty: 3,
    knowledgePoint: '仪表识读',
    ...overrides,
  };
}

beforeAll(async () => {
  t = await buildTestApp();
  const [province] = await t.database.db.select().from(orgNodes).where(eq(orgNodes.id, t.provinceId));
  const account = await buildAccount(t, province!, 'bank_manager');
  manager = await signIn(t, account.username);
  const bank = await manager.post('/api/banks', { subject: 'ethics', name: '图片测试题库' });
  expect(bank.statusCode, bank.body).toBe(200);
  bankId = bank.json().id;
});
afterAll(async () => {
  await t.close();
});

describe('bank images', () => {
  it.each([
    ['PNG', 'a.png', realPng(40, 30, 1), 'image/png', 40, 30],
    ['JPEG', 'b.jpg', JPEG_1X1, 'image/jpeg', 1, 1],
    ['GIF', 'c.gif', GIF_1X1, 'image/gif', 1, 1],
    ['WebP', 'd.webp', WEBP_1X1, 'image/webp', 1, 1],
  ])(
    'stores a %s, typed from its bytes, sealed, and serves it back to a bank manager',
    async (_, name, data, mime, w, h) => {
      // The name and the declared type are ignored: the bytes decide.
      const res = await upload(manager, name.replace(/\..*$/, '.txt'), data, 'application/octet-stream');
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body).toEqual({ id: expect.any(String), mimeType: mime, width: w, height: h, byteSize: data.length });

      const [row] = await inSystemTx(t.database.db, (tx) =>
        tx.select().from(bankImages).where(eq(bankImages.id, body.id)),
      );
      expect(row!.content.includes(data)).toBe(false);
      expect(row!.sha256).toMatch(/^[0-9a-f]{64}$/);

      const back = await manager.get(`/api/bank-images/${body.id}`);
      expect(back.statusCode).toBe(200);
      expect(back.headers['content-type']).toBe(mime);
      expect(back.headers['cache-control']).toBe('no-store');
      expect(back.headers['x-content-type-options']).toBe('nosniff');
      expect(back.rawPayload.equals(data)).toBe(true);

      const audit = await inSystemTx(t.database.db, (tx) =>
        tx
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.action, 'bank_image.upload'), eq(auditLog.entityId, body.id))),
      );
      expect(audit).toHaveLength(1);
    },
  );

  it('stores the same picture once: a second upload answers the first one’s key', async () => {
    const png = realPng(12, 12, 7);
    const first = await upload(manager, 'x.png', png);
    const second = await upload(manager, '另一个名字.png', png);
    expect(second.json().id).toBe(first.json().id);
    const rows = await inSystemTx(t.database.db, (tx) =>
      tx.select({ id: bankImages.id }).from(bankImages).where(eq(bankImages.id, first.json().id)),
    );
    expect(rows).toHaveLength(1);
    const other = await upload(manager, 'y.png', realPng(12, 12, 8));
    expect(other.json().id).not.toBe(first.json().id);
  });

  it('refuses what is no picture, whatever its name says', async () => {
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(512, 1)]);
    const renamed = await upload(manager, 'photo.png', exe, 'image/png');
    expect(renamed.statusCode).toBe(400);
    expect(renamed.json().error).toMatchObject({ code: 'IMAGE_TYPE_INVALID' });
    expect(renamed.json().error.message).toContain('PNG、JPEG、GIF 或 WebP');
    const svg = await upload(
      manager,
      'a.svg',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      'image/svg+xml',
    );
    expect(svg.json().error.code).toBe('IMAGE_TYPE_INVALID');
    const broken = await upload(manager, 'a.png', realPng(5, 5).subarray(0, 20));
    expect(broken.json().error.code).toBe('IMAGE_TYPE_INVALID');
    const big = await upload(manager, 'big.png', Buffer.concat([realPng(5, 5), Buffer.alloc(2 * 1024 * 1024)]));
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('IMAGE_TOO_LARGE');
    const none = await postFile(t, manager, '/api/bank-images', null);
    expect(none.statusCode).toBe(400);
  });

  it('an item may name only stored pictures (ITEM_IMAGE_NOT_FOUND on the field)', async () => {
    const stem = (await upload(manager, 's.png', realPng(20, 10, 3))).json().id as string;
    const optionImage = (await upload(manager, 'o.png', realPng(20, 10, 4))).json().id as string;
    const ok = await manager.post(
      `/api/banks/${bankId}/items`,
      item({
        stemImage: stem,
        options: [
          { text: '', image: optionImage },
          { text: '0.4 MPa', image: null },
        ],
      }),
    );
    expect(ok.statusCode, ok.body).toBe(200);
    const { itemId, version } = ok.json().item;
    const content = await manager.get(`/api/bank-items/${itemId}/versions/${version}`);
    expect(content.json()).toMatchObject({ stemImage: stem, options: [{ image: optionImage }, { image: null }] });

    const missingStem = await manager.post(`/api/banks/${bankId}/items`, item({ stemImage: 'no-such-image' }));
    expect(missingStem.statusCode).toBe(400);
    expect(missingStem.json().error).toMatchObject({ code: 'ITEM_IMAGE_NOT_FOUND', field: 'stemImage' });
    const missingOption = await manager.patch(`/api/bank-items/${itemId}`, {
      ...item({
        options: [
          { text: 'a', image: null },
          { text: '', image: 'gone' },
        ],
      }),
      version,
      revision: 1,
    });
    expect(missingOption.statusCode).toBe(400);
    expect(missingOption.json().error).toMatchObject({ code: 'ITEM_IMAGE_NOT_FOUND', field: 'options' });
    expect(missingOption.json().error.message).toContain('选项B');
  });

  it('no other role uploads or reads a picture', async () => {
    const id = (await upload(manager, 'p.png', realPng(8, 8, 9))).json().id as string;
    const zhengzhou = await findJurisdiction(t, '郑州市');
    const [province] = await t.database.db.select().from(orgNodes).where(eq(orgNodes.id, t.provinceId));
    for (const [node, role] of [
      [province!, 'province_admin'],
      [province!, 'proctor'],
      [zhengzhou, 'jurisdiction_admin'],
    ] as const) {
      const account = await buildAccount(t, node, role);
      const other = await signIn(t, account.username);
      const read = await other.get(`/api/bank-images/${id}`);
      expect(read.statusCode, role).toBe(403);
      expect(read.body).not.toContain('PNG');
      const write = await upload(other, 'p.png', realPng(8, 8, 10));
      expect(write.statusCode, role).toBe(403);
    }
    const missing = await manager.get('/api/bank-images/unknown-key');
    expect(missing.statusCode).toBe(404);
    const bad = await manager.get('/api/bank-images/..%2Fetc');
    expect(bad.statusCode).toBe(400);
  });
});
