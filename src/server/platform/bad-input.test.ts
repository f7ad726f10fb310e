import { request as httpRequest } from 'node:http';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildTestApp,
  type Client,
  findJurisdiction,
  signIn,
  type TestApp,
} from '../../../test/setup/harness.js';
import { CATALOG_COLUMNS } from '../modules/catalog/catalog.import.js';
import { inSystemTx } from './tx.js';

let t: TestApp;
let admin: Client;
let provinceAdmin: Client;
let zzId: number;
beforeAll(async () => {
  t = await buildTestApp();
  const zz = await findJurisdiction(t, '郑州市');
  zzId = zz.id;
  admin = await signIn(t, (await buildAccount(t, zz, 'jurisdiction_admin')).username);
  const province = await inSystemTx(t.database.db, async (tx) => {
    const rows = await tx.query.orgNodes.findFirst({ where: (n, { eq }) => eq(n.id, t.provinceId) });
    return rows!;
  });
  provinceAdmin = await signIn(t, (await buildAccount(t, province, 'province_admin')).username);
});
afterAll(async () => {
  await t.close();
});

const CHINESE = /[\u4e00-\u9fa5]/;

function expectErrorShape(res: LightMyRequestResponse | { statusCode: number; body: string }, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  const body = JSON.parse(res.body) as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body.error?.code, res.body).toBe('string');
  expect(String(body.error?.message), res.body).toMatch(CHINESE);
  return body.error as { code: string; message: string; field?: string };
}

describe('U+0000 in any string', () => {
  it('in the sign-in username: 400 naming the field, not 500', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin\u0000', password: 'x' },
    });
    const error = expectErrorShape(res, 400);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'username' });
    expect(error.message).toContain('username');
  });

  it('in a list filter (query string)', async () => {
    const res = await admin.get('/api/org/nodes?q=%E9%83%91%00');
    expect(expectErrorShape(res, 400)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'q' });
  });

  it('in a name at public sign-up, and nested or in a key', async () => {
    const signUp = await t.app.inject({
      method: 'POST',
      url: '/api/public/registration/sign-up',
      payload: { name: '张\u0000三', idNumber: '410102198503152016', password: 'Test#Pass2017' },
    });
    expect(expectErrorShape(signUp, 400)).toMatchObject({ field: 'name' });
    const nested = await admin.post('/api/org/nodes', { kind: 'unit', a: [{ b: 'x' }, { 'c\u0000': 1 }] });
    expect(expectErrorShape(nested, 400).field).toBe('a.1.c\\0');
  });

  it('in a path parameter', async () => {
    const res = await admin.get('/api/org/nodes/1%00');
    expectErrorShape(res, 400);
  });

  it('in a multipart field (read by platform/uploads.ts, not the hook) is a 400 naming the field', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('工种目录').addRow([...CATALOG_COLUMNS]);
    wb.getWorksheet('工种目录')!.addRow(['JT01', '汽车驾驶员', '交通运输类', '五级', '否']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const boundary = '----gongkao';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\n豫人社\u0000〔2099〕1号\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\n通知\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n` +
          'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n',
      ),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await provinceAdmin.request('POST', '/api/catalog/import', body, {
      'content-type': `multipart/form-data; boundary=${boundary}`,
    });
    const error = expectErrorShape(res, 400);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain('字段「name」');
  });
});

describe('ids are plain positive integers', () => {
  it('path ids: " 1", 0x10, 1e3, 0, -1, 1.0, beyond int4 are 400; a plain id is read', async () => {
    for (const id of ['%201', '0x10', '1e3', '0', '-1', '1.0', '01', '2147483648', '99999999999999999999']) {
      const res = await admin.get(`/api/org/nodes/${id}`);
      expect(expectErrorShape(res, 400).code, id).toBe('VALIDATION_FAILED');
    }
    expect((await admin.get(`/api/org/nodes/${zzId}`)).statusCode).toBe(200);
  });

  it('id-like query parameters and page numbers alike', async () => {
    for (const query of ['parentId=0x10', 'parentId=%201', 'parentId=1e3', 'page=1e3', 'pageSize=0x10', 'page=']) {
      const res = await admin.get(`/api/org/nodes?${query}`);
      expect(expectErrorShape(res, 400).code, query).toBe('VALIDATION_FAILED');
    }
    expect((await admin.get(`/api/org/nodes?parentId=${zzId}&page=1&pageSize=20`)).statusCode).toBe(200);
  });

  it('ids in a JSON body stay within int4', async () => {
    const res = await admin.post('/api/org/nodes', { parentId: 2147483648, kind: 'department', name: '某局' });
    expect(expectErrorShape(res, 400).code).toBe('VALIDATION_FAILED');
  });
});

describe('URLs the router cannot take', () => {
  it('%FF in a path: 400 in the error shape', async () => {
    const res = await admin.get('/api/org/nodes/%FF');
    expect(expectErrorShape(res, 400).code).toBe('URL_INVALID');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('a path parameter over the router’s limit: 414 in the error shape', async () => {
    const res = await admin.get(`/api/org/nodes/${'1'.repeat(200)}`);
    expect(expectErrorShape(res, 414).code).toBe('URL_TOO_LONG');
  });

  it('a URL over 16 KB: 431 in the error shape, from the real HTTP server', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const res = await new Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>(
      (resolve, reject) => {
        const req = httpRequest(
          { host: '127.0.0.1', port, path: `/api/org/nodes?q=${'a'.repeat(17_000)}`, agent: false },
          (response) => {
            let body = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => {
              body += chunk;
            });
            response.on('end', () =>
              resolve({ statusCode: response.statusCode ?? 0, body, headers: response.headers }),
            );
          },
        );
        req.on('error', reject);
        req.end();
      },
    );
    expect(expectErrorShape(res, 431).code).toBe('HEADERS_TOO_LARGE');
    expect(res.headers['content-type']).toMatch(/application\/json/);
  });
});
