import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildTestApp, signIn, type TestApp } from '../../../../test/setup/harness.js';
import { cleanFileName, contentDisposition, pngDimensions, sniffFile } from './applications.files.js';
import {
  type CampaignFixture,
  form,
  jpegBytes,
  openCampaign2017,
  pdfBytes,
  pngBytes,
  unitWithOfficer,
  upload,
} from './applications.test-support.js';

let t: TestApp;
let c: CampaignFixture;
beforeAll(async () => {
  t = await buildTestApp();
  c = await openCampaign2017(t);
});
afterAll(async () => {
  await t.close();
});

async function draftWithClient() {
  const fixture = await unitWithOfficer(t, '郑州市');
  const client = await signIn(t, fixture.officer.username);
  const res = await client.post('/api/applications', { campaignId: c.campaignId, unitId: fixture.unit.id, ...form(c) });
  expect(res.statusCode, res.body).toBe(201);
  return { ...fixture, client, application: res.json() as { id: number } };
}

describe('file sniffing (pure)', () => {
  it('tells JPEG, PNG and PDF apart by their bytes', () => {
    expect(sniffFile(jpegBytes(413, 579))).toMatchObject({ type: 'jpeg', width: 413, height: 579 });
    expect(sniffFile(pngBytes(800, 600))).toMatchObject({ type: 'png', width: 800, height: 600 });
    expect(sniffFile(pdfBytes())).toMatchObject({ type: 'pdf', mime: 'application/pdf' });
    expect(sniffFile(Buffer.from('GIF89a....'))).toHaveProperty('error');
    expect(pngDimensions(pngBytes(1, 1).subarray(0, 20))).toBeNull();
  });

  it('cleans file names and builds a content-disposition with the UTF-8 name', () => {
    expect(cleanFileName('C:\\fakepath\\照片.jpg', 'photo', 'jpeg')).toBe('照片.jpg');
    expect(cleanFileName('../../etc/passwd', 'evidence', 'pdf')).toBe('passwd');
    expect(cleanFileName('', 'grade_certificate', 'png')).toBe('现等级证书.png');
    expect(cleanFileName('a\u0000b"c.pdf', 'evidence', 'pdf')).toBe('abc.pdf');
    expect(contentDisposition('照片.jpg', true)).toBe(
      `inline; filename="__.jpg"; filename*=UTF-8''${encodeURIComponent('照片.jpg')}`,
    );
  });
});

describe('application files', () => {
  it('takes a 2-inch JPEG photo, serves it back, and replaces it with a new one', async () => {
    const { client, application } = await draftWithClient();
    const photo = jpegBytes(413, 579, 30 * 1024);
    const res = await upload(t, client, application.id, {
      kind: 'photo',
      fileName: '证件照.jpg',
      mime: 'image/jpeg',
      data: photo,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'photo',
      fileName: '证件照.jpg',
      mime: 'image/jpeg',
      size: photo.length,
      width: 413,
      height: 579,
    });

    const download = await client.get(`/api/applications/${application.id}/files/${res.json().id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/jpeg');
    expect(download.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('证件照.jpg')}`);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(download.rawPayload, photo)).toBe(0);

    const second = await upload(t, client, application.id, { kind: 'photo', data: jpegBytes(300, 420) });
    expect(second.statusCode, second.body).toBe(201);
    const detail = (await client.get(`/api/applications/${application.id}`)).json();
    expect(detail.files).toHaveLength(1);
    expect(detail.files[0]).toMatchObject({ id: second.json().id, width: 300, height: 420 });
    expect((await client.get(`/api/applications/${application.id}/files/${res.json().id}`)).statusCode).toBe(404);
  });

  it('refuses photos that are not JPEG, too large or not 2-inch proportions', async () => {
    const { client, application } = await draftWithClient();
    const png = await upload(t, client, application.id, {
      kind: 'photo',
      mime: 'image/jpeg',
      data: pngBytes(413, 579),
    });
    expect(png.statusCode).toBe(400);
    expect(png.json().error.code).toBe('FILE_TYPE_INVALID');
    const big = await upload(t, client, application.id, { kind: 'photo', data: jpegBytes(413, 579, 200 * 1024 + 1) });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('FILE_TOO_LARGE');
    expect(big.json().error.message).toContain('200 KB');
    const wide = await upload(t, client, application.id, { kind: 'photo', data: jpegBytes(600, 400) });
    expect(wide.statusCode).toBe(400);
    expect(wide.json().error.code).toBe('PHOTO_SIZE_INVALID');
    expect(wide.json().error.message).toContain('600×400');
    const small = await upload(t, client, application.id, { kind: 'photo', data: jpegBytes(200, 280) });
    expect(small.json().error.code).toBe('PHOTO_SIZE_INVALID');
    const broken = await upload(t, client, application.id, {
      kind: 'photo',
      data: Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
    });
    expect(broken.json().error.code).toBe('FILE_TYPE_INVALID');
  });

  it('takes scans as JPEG, PNG or PDF up to 5 MB and refuses other files', async () => {
    const { client, application } = await draftWithClient();
    const pdf = await upload(t, client, application.id, {
      kind: 'grade_certificate',
      fileName: '四级证书.pdf',
      data: pdfBytes(4 * 1024 * 1024),
    });
    expect(pdf.statusCode, pdf.body).toBe(201);
    expect(pdf.json()).toMatchObject({ mime: 'application/pdf', width: null, height: null });
    const download = await client.get(`/api/applications/${application.id}/files/${pdf.json().id}`);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);
    const png = await upload(t, client, application.id, { kind: 'graduation_certificate', data: pngBytes(1200, 900) });
    expect(png.json()).toMatchObject({ mime: 'image/png', width: 1200, height: 900 });
    const tooBig = await upload(t, client, application.id, { kind: 'evidence', data: pdfBytes(5 * 1024 * 1024 + 10) });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.code).toBe('FILE_TOO_LARGE');
    const exe = await upload(t, client, application.id, {
      kind: 'evidence',
      fileName: 'a.pdf',
      data: Buffer.from('MZ\x90\x00rest'),
    });
    expect(exe.statusCode).toBe(400);
    expect(exe.json().error.code).toBe('FILE_TYPE_INVALID');
    const noKind = await upload(t, client, application.id, { data: pdfBytes() });
    expect(noKind.statusCode).toBe(400);
    expect(noKind.json().error.message).toContain('kind');
    const badKind = await upload(t, client, application.id, { kind: 'selfie', data: pdfBytes() });
    expect(badKind.json().error.message).toContain('kind');
    const noFile = await upload(t, client, application.id, { kind: 'evidence' });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().error.message).toContain('file');
    const json = await client.post(`/api/applications/${application.id}/files`, { kind: 'evidence' });
    expect(json.statusCode).toBe(415);
    expect(json.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');

    const removed = await client.request('DELETE', `/api/applications/${application.id}/files/${png.json().id}`);
    expect(removed.statusCode).toBe(204);
    const files = (await client.get(`/api/applications/${application.id}`)).json().files;
    expect(files.map((f: { kind: string }) => f.kind)).toEqual(['grade_certificate']);
  });

  it('lets the department download but not upload, and hides files from other cities', async () => {
    const { client, application, department } = await draftWithClient();
    const file = (await upload(t, client, application.id, { kind: 'photo', data: jpegBytes(413, 579) })).json();
    const reviewer = await buildAccount(t, department, 'department_reviewer');
    const dept = await signIn(t, reviewer.username);
    expect((await dept.get(`/api/applications/${application.id}/files/${file.id}`)).statusCode).toBe(200);
    const refused = await upload(t, dept, application.id, { kind: 'photo', data: jpegBytes(413, 579) });
    expect(refused.statusCode).toBe(403);
    const ly = await unitWithOfficer(t, '洛阳市');
    const lyClient = await signIn(t, ly.officer.username);
    expect((await lyClient.get(`/api/applications/${application.id}/files/${file.id}`)).statusCode).toBe(404);
    expect((await upload(t, lyClient, application.id, { kind: 'photo', data: jpegBytes(413, 579) })).statusCode).toBe(
      404,
    );
    expect((await lyClient.request('DELETE', `/api/applications/${application.id}/files/${file.id}`)).statusCode).toBe(
      404,
    );
  });
});
