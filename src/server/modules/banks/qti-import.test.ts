// QTI 3.0 import and export through the API: fixture packages (test/fixtures/qti) as other tools write them, the
// per-item report, the modes, pictures, refusals, and the round trip export → import into an empty bank.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildTestApp, type Client, signIn, type TestApp } from '../../../../test/setup/harness.js';
import { auditLog, orgNodes } from '../../db/schema.js';
import { inSystemTx } from '../../platform/tx.js';
import { GIF_1X1, postFile, realPng, WEBP_1X1 } from './bank-images.test-support.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../test/fixtures/qti');

let t: TestApp;
let manager: Client;
let other: Client;
let bankCounter = 0;

/** A fixture folder as a zip, the way a tool would hand it over. */
async function fixtureZip(name: string): Promise<Buffer> {
  const zip = new JSZip();
  const add = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) add(full, `${prefix}${entry}/`);
      else zip.file(`${prefix}${entry}`, readFileSync(full));
    }
  };
  add(path.join(FIXTURES, name), '');
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A fresh empty bank: 职业道德 and 职业能力 banks are one per grade (or for every grade), twelve in all. */
async function newBank(client = manager): Promise<number> {
  const n = bankCounter++;
  const res = await client.post('/api/banks', {
    subject: n % 2 === 0 ? 'ability' : 'ethics',
    name: `QTI 测试题库 ${n}`,
    grade: Math.floor(n / 2) === 0 ? null : Math.floor(n / 2),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().id;
}

interface Job<R> {
  status: string;
  result: R;
  message: string | null;
  processed: number;
  total: number;
}
interface ImportResult {
  total: number;
  imported: number;
  images: number;
  failed: { ref: string; file: string; reason: string }[];
  notes: string[];
}

async function waitForJob<R>(client: Client, jobId: string): Promise<Job<R>> {
  for (let i = 0; i < 600; i++) {
    const res = await client.get(`/api/jobs/${jobId}`);
    expect(res.statusCode, res.body).toBe(200);
    const job = res.json<Job<R>>();
    if (job.status !== 'running' && job.status !== 'queued') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${jobId} still running`);
}

async function importZip(bankId: number, zip: Buffer, mode = 'good_rows', client = manager) {
  const res = await postFile(
    t,
    client,
    `/api/banks/${bankId}/qti-import`,
    { name: '试题包.zip', type: 'application/zip', data: zip },
    { mode },
  );
  expect(res.statusCode, res.body).toBe(202);
  const job = await waitForJob<ImportResult>(client, res.json().jobId);
  expect(job.status, job.message ?? '').toBe('done');
  return job.result;
}

/** Every item of a bank with its content (each read is audited, as a person's would be). */
async function bankContents(bankId: number) {
  const list = await manager.get(`/api/banks/${bankId}/items?pageSize=200`);
  expect(list.statusCode, list.body).toBe(200);
  const out = [];
  for (const item of list.json().items as { itemId: number; version: number }[]) {
    const res = await manager.get(`/api/bank-items/${item.itemId}/versions/${item.version}`);
    const c = res.json();
    out.push({
      status: c.status,
      type: c.type,
      stem: c.stem,
      stemImage: c.stemImage,
      options: c.options,
      answer: c.answer,
      difficulty: c.difficulty,
      knowledgePoint: c.knowledgePoint,
      source: c.source,
      explanation: c.explanation,
    });
  }
  return out;
}

beforeAll(async () => {
  t = await buildTestApp();
  const [province] = await t.database.db.select().from(orgNodes).where(eq(orgNodes.id, t.provinceId));
  manager = await signIn(t, (await buildAccount(t, province!, 'bank_manager')).username);
  other = await signIn(t, (await buildAccount(t, province!, 'province_admin')).username);
});
afterAll(async () => {
  await t.close();
});

describe('QTI import', () => {
  it('imports a namespaced-prefix package with its metadata, as drafts, audited once', async () => {
    const bankId = await newBank();
    const result = await importZip(bankId, await fixtureZip('prefixed'));
    expect(result).toEqual({ total: 2, imported: 2, images: 0, failed: [], notes: [] });
    const items = await bankContents(bankId);
    expect(items.map((i) => [i.status, i.type, i.answer, i.knowledgePoint, i.difficulty])).toEqual([
      ['draft', 'single', 'B', '安全生产', 2],
      ['draft', 'multiple', 'AD', '消防器材', 5],
    ]);
    expect(items[0]!.source).toBe('《安全生产法》第五十七条');
    const audit = await inSystemTx(t.database.db, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'bank.qti_import'), eq(auditLog.entityId, String(bankId)))),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ total: 2, imported: 2, failed: 0, mode: 'good_rows' });
  });

  it('takes the pictures of stems and options from the package, stores them, and notes the defaults', async () => {
    const bankId = await newBank();
    const result = await importZip(bankId, await fixtureZip('markup-feedback'));
    expect(result).toMatchObject({ total: 2, imported: 2, images: 2, failed: [] });
    expect(result.notes).toEqual([
      '2 道题未标注难度，按 3（中等）导入（gauge-reading、ppe）',
      '2 道题未标注知识点，按“未分类”导入（gauge-reading、ppe）',
    ]);
    const [gauge] = await bankContents(bankId);
    expect(gauge).toMatchObject({
      knowledgePoint: '未分类',
      difficulty: 3,
      explanation: '指针位于 0.4 刻度处。\n读数时视线应与表盘垂直。',
    });
    const stem = await manager.get(`/api/bank-images/${gauge!.stemImage}`);
    expect(stem.rawPayload.equals(readFileSync(path.join(FIXTURES, 'markup-feedback/images/gauge.png')))).toBe(true);
    const option = await manager.get(`/api/bank-images/${gauge!.options[2].image}`);
    expect(option.headers['content-type']).toBe('image/png');
    expect(gauge!.options[2].text).toBe('');
  });

  it('reports every item it refuses (identifier, file, reason), never the package for one item; both modes', async () => {
    const zip = await fixtureZip('mixed');
    const strict = await newBank();
    const none = await importZip(strict, zip, 'all_or_nothing');
    expect(none.imported).toBe(0);
    expect(none.total).toBe(12);
    expect(none.failed).toHaveLength(11);
    expect(none.failed).toContainEqual({
      ref: 'order',
      file: 'items/order.xml',
      reason: expect.stringContaining('排序'),
    });
    expect(none.failed).toContainEqual({
      ref: 'missing',
      file: 'items/missing.xml',
      reason: '试题包中找不到文件 items/missing.xml',
    });
    expect(await bankContents(strict)).toEqual([]);

    const lenient = await newBank();
    const some = await importZip(lenient, zip, 'good_rows');
    expect(some.imported).toBe(1);
    expect(some.failed.map((f) => f.ref).sort()).toEqual(none.failed.map((f) => f.ref).sort());
    expect((await bankContents(lenient)).map((i) => i.stem)).toEqual(['工勤技能岗位等级考核每年组织几次？']);

    const explicit = await newBank();
    const rp = await importZip(explicit, await fixtureZip('explicit-rp'));
    expect(rp.imported).toBe(2);
    expect(rp.failed.map((f) => f.ref)).toEqual(['rp-map-response', 'rp-other']);
  });

  it('refuses an item whose picture is no picture, or is missing, or whose file is a bomb', async () => {
    const bankId = await newBank();
    const good = readFileSync(path.join(FIXTURES, 'mixed/items/good.xml'), 'utf8');
    const withImage = (src: string) => good.replace('<qti-prompt>', `<qti-prompt><img src="${src}" alt=""/>`);
    const manifest = (ids: string[]) =>
      `<?xml version="1.0"?><manifest xmlns="http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1" identifier="M"><resources>${ids
        .map((id) => `<resource identifier="${id}" type="imsqti_item_xmlv3p0" href="${id}.xml"/>`)
        .join('')}</resources></manifest>`;
    const zip = new JSZip();
    zip.file('imsmanifest.xml', manifest(['exe', 'absent', 'remote', 'bomb', 'ok']));
    zip.file('exe.xml', withImage('setup.png'));
    zip.file('setup.png', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 7)]));
    zip.file('absent.xml', withImage('nowhere.png'));
    zip.file('remote.xml', withImage('https://example.com/a.png'));
    zip.file('bomb.xml', Buffer.alloc(20 * 1024 * 1024, 0x20));
    zip.file('ok.xml', withImage('pic.gif'));
    zip.file('pic.gif', GIF_1X1);
    const result = await importZip(bankId, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    expect(Object.fromEntries(result.failed.map((f) => [f.ref, f.reason]))).toEqual({
      exe: expect.stringContaining('只接受 PNG、JPEG、GIF 或 WebP 图片'),
      absent: '试题包中找不到图片 nowhere.png',
      remote: expect.stringContaining('不在试题包内'),
      bomb: '试题文件过大（解压后超过 2 MB）',
    });
    expect(result.imported).toBe(1);
  });

  it('refuses in the request what is no package: not a zip, no manifest, a path leaving the package', async () => {
    const bankId = await newBank();
    const post = (data: Buffer, fields: Record<string, string> = {}) =>
      postFile(t, manager, `/api/banks/${bankId}/qti-import`, { name: 'x.zip', type: 'application/zip', data }, fields);
    const notZip = await post(Buffer.from('not a zip at all'));
    expect(notZip.statusCode).toBe(400);
    expect(notZip.json().error.code).toBe('QTI_PACKAGE_INVALID');
    const noManifest = new JSZip();
    noManifest.file('item.xml', '<x/>');
    const res = await post(await noManifest.generateAsync({ type: 'nodebuffer' }));
    expect(res.json().error).toMatchObject({
      code: 'QTI_PACKAGE_INVALID',
      message: expect.stringContaining('imsmanifest.xml'),
    });
    const evil = new JSZip();
    evil.file('imsmanifest.xml', '<manifest/>');
    evil.file('../../evil.xml', '<x/>');
    const traversal = await post(await evil.generateAsync({ type: 'nodebuffer' }));
    expect(traversal.json().error).toMatchObject({
      code: 'QTI_PACKAGE_INVALID',
      message: expect.stringContaining('不安全的路径'),
    });
    const badMode = await post(await fixtureZip('prefixed'), { mode: 'everything' });
    expect(badMode.statusCode).toBe(400);
    const foreign = await postFile(t, other, `/api/banks/${bankId}/qti-import`, {
      name: 'x.zip',
      type: 'application/zip',
      data: await fixtureZip('prefixed'),
    });
    expect(foreign.statusCode).toBe(403);
    expect((await other.post(`/api/banks/${bankId}/qti-export`)).statusCode).toBe(403);
    expect((await manager.post('/api/banks/999999/qti-export')).statusCode).toBe(404);
  });
});

describe('QTI export', () => {
  it('exports a bank that imports back unchanged into an empty bank, pictures included', async () => {
    const source = await newBank();
    const upload = async (data: Buffer, name: string) =>
      (await postFile(t, manager, '/api/bank-images', { name, type: 'image/png', data })).json().id as string;
    const stemImage = await upload(realPng(30, 20, 11), 'a.png');
    const gif = await upload(GIF_1X1, 'b.gif');
    const webp = await upload(WEBP_1X1, 'c.webp');
    const bodies = [
      {
        type: 'single',
        stem: '下图中  两个空格\n第二行\t有制表符 & <标签> "引号"',
        stemImage,
        options: [
          { text: '甲', image: gif },
          { text: '', image: webp },
          { text: '丙 ', image: null },
        ],
        answer: 'B',
        difficulty: 1,
        knowledgePoint: '识图',
        source: '《教材》第3章',
        explanation: '第一行解析\n\n空一行后的解析',
      },
      {
        type: 'multiple',
        stem: '多选题题干',
        options: ['一', '二', '三', '四', '五', '六'].map((text) => ({ text, image: null })),
        answer: 'ACF',
        difficulty: 5,
        knowledgePoint: '多选知识点',
      },
      { type: 'true_false', stem: '判断题题干：正确吗？', answer: 'F', difficulty: 4, knowledgePoint: '判断' },
      {
        type: 'single',
        stem: '两个选项的单选：正确/错误',
        options: [
          { text: '正确', image: null },
          { text: '错误', image: null },
        ],
        answer: 'A',
        difficulty: 3,
        knowledgePoint: '判断',
      },
    ];
    for (const body of bodies) {
      const res = await manager.post(`/api/banks/${source}/items`, body);
      expect(res.statusCode, res.body).toBe(200);
    }
    // A retired item is not exported.
    const retired = (await manager.post(`/api/banks/${source}/items`, { ...bodies[2], stem: '停用的题' })).json().item;
    await manager.post(`/api/bank-items/${retired.itemId}/versions/1/retire`);

    const started = await manager.post(`/api/banks/${source}/qti-export`);
    expect(started.statusCode, started.body).toBe(202);
    const job = await waitForJob<{ fileName: string; size: number; count: number }>(manager, started.json().jobId);
    expect(job.status, job.message ?? '').toBe('done');
    expect(job.result.count).toBe(4);
    const download = await manager.get(`/api/jobs/${started.json().jobId}/file`);
    expect(download.headers['content-type']).toBe('application/zip');
    const zip = download.rawPayload;

    // The package as other tools see it: a QTI 3 manifest, one item file per item, the pictures.
    const opened = await JSZip.loadAsync(zip);
    const names = Object.keys(opened.files).sort();
    expect(names).toContain('imsmanifest.xml');
    expect(names.filter((n) => n.startsWith('items/'))).toHaveLength(4);
    expect(
      names
        .filter((n) => n.startsWith('images/'))
        .map((n) => path.extname(n))
        .sort(),
    ).toEqual(['.gif', '.png', '.webp']);
    const manifest = await opened.file('imsmanifest.xml')!.async('string');
    expect(manifest).toContain('xmlns="http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"');
    const anItem = await opened.file(names.find((n) => n.startsWith('items/'))!)!.async('string');
    expect(anItem).toContain('xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0"');

    const target = await newBank();
    const result = await importZip(target, zip, 'all_or_nothing');
    expect(result).toMatchObject({ total: 4, imported: 4, failed: [], notes: [] });
    const before = await bankContents(source);
    const after = await bankContents(target);
    expect(after).toEqual(before.filter((i) => i.status !== 'retired').map((i) => ({ ...i, status: 'draft' })));
    // The same pictures: stored once, so the keys are the very same.
    expect(after[0]!.stemImage).toBe(stemImage);

    const audit = await inSystemTx(t.database.db, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'bank.qti_export'), eq(auditLog.entityId, String(source)))),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toEqual({ items: 4, images: 3 });
  });
});
