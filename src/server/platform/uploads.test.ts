import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildTestApp,
  type Client,
  findJurisdiction,
  signIn,
  type TestApp,
} from '../../../test/setup/harness.js';

let t: TestApp;
let client: Client;
let parentId: number;
beforeAll(async () => {
  t = await buildTestApp();
  const zz = await findJurisdiction(t, '郑州市');
  parentId = zz.id;
  client = await signIn(t, (await buildAccount(t, zz, 'jurisdiction_admin')).username);
});
afterAll(async () => {
  await t.close();
});

const B = '----upload-test';
const field = (name: string, value: string) =>
  `--${B}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const filePart = (data: Buffer) =>
  Buffer.concat([
    Buffer.from(
      `--${B}\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    data,
    Buffer.from('\r\n'),
  ]);
const end = Buffer.from(`--${B}--\r\n`);

async function send(payload: Buffer | string, contentType = `multipart/form-data; boundary=${B}`) {
  const res = await client.request('POST', '/api/org/import', payload, { 'content-type': contentType });
  const error = res.json<{ error: { code: string; message: string } }>().error;
  expect(error.message).toMatch(/[\u4e00-\u9fff]/);
  return { status: res.statusCode, ...error };
}

describe('reading an upload (platform/uploads.ts)', () => {
  it('answers every malformed form with a 4xx in the error shape and Chinese words', async () => {
    const fields = field('parentId', String(parentId)) + field('mode', 'good_rows');
    const pk = Buffer.from('PK\u0003\u0004');
    expect(await send('--x\r\n', 'multipart/form-data')).toMatchObject({ status: 400, code: 'UPLOAD_INVALID' });
    expect(await send(Buffer.concat([Buffer.from(fields), filePart(pk)]))).toMatchObject({
      status: 400,
      code: 'UPLOAD_INVALID',
    });
    // Cut off inside the file's part head: @fastify/multipart ends the form quietly, so no file arrived.
    expect(await send(Buffer.concat([Buffer.from(fields), filePart(pk).subarray(0, 60)]))).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('file'),
    });
    expect(await send(Buffer.concat([Buffer.from(fields), filePart(pk), filePart(pk), end]))).toMatchObject({
      status: 400,
      code: 'UPLOAD_INVALID',
      message: '一次只能上传一个文件',
    });
    expect(await send(Buffer.concat([Buffer.from(fields), end]))).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('file'),
    });
    expect(await send(Buffer.concat([Buffer.from(field('mode', 'x'.repeat(5000))), filePart(pk), end]))).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('mode'),
    });
    expect(await send('{}', 'application/json')).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('refuses a workbook over 10 MB with 413 before reading it', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x41);
    const payload = Buffer.concat([Buffer.from(field('parentId', String(parentId))), filePart(big), end]);
    expect(await send(payload)).toMatchObject({ status: 413, code: 'IMPORT_TOO_LARGE' });
  });
});
