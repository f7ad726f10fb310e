import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildTestApp, findJurisdiction, signIn, type TestApp } from '../../../../test/setup/harness.js';
import { hostileWorkbook } from '../../../../test/setup/hostile-xlsx.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const HEADER = ['类型', '名称', '统一社会信用代码', '上级主管部门', '联系人', '联系电话'];

function multipart(fields: Record<string, string>, file: Buffer) {
  const boundary = '----gongkao-hostile';
  const head = Object.entries(fields)
    .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join('');
  const filePart = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head + filePart), file, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe('a hostile workbook sent to the org import', () => {
  it('is refused at the row limit while health checks keep answering within a second', async () => {
    const file = await hostileWorkbook({
      header: HEADER,
      row: ['单位', '某某中心'],
      rows: 1_000_000,
    });
    const zz = await findJurisdiction(t, '郑州市');
    const admin = await buildAccount(t, zz, 'jurisdiction_admin');
    const c = await signIn(t, admin.username);
    const body = multipart({ parentId: String(zz.id), mode: 'all_or_nothing' }, file);

    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const latencies: number[] = [];
    let done = false;
    const started = Date.now();
    const importing = c
      .request('POST', '/api/org/import', body.payload, { 'content-type': body.contentType })
      .finally(() => {
        done = true;
      });
    const polling = (async () => {
      // Each check is due 50 ms after the last answer; its latency counts from then, so a stalled event loop (which
      // also delays the timer) shows up even though the check itself is quick once it runs.
      while (!done) {
        const due = Date.now() + 50;
        await new Promise((resolve) => setTimeout(resolve, 50));
        const res = await t.app.inject({ method: 'GET', url: '/api/health' });
        latencies.push(Date.now() - due);
        expect(res.statusCode).toBe(200);
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      }
    })();
    const res = await importing;
    await polling;
    const elapsed = Date.now() - started;
    console.log(
      `hostile org import: ${(file.length / 1e6).toFixed(1)} MB file, ${elapsed} ms, status ${res.statusCode}, ` +
        `health max ${Math.max(...latencies)} ms over ${latencies.length} polls, ` +
        `RSS +${((rssPeak - rssBefore) / 1e6).toFixed(0)} MB`,
    );
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('IMPORT_TOO_MANY_ROWS');
    expect(res.json().error.message).toContain('5000');
    expect(Math.max(...latencies)).toBeLessThan(1000);
    expect(rssPeak - rssBefore).toBeLessThan(300e6);
  }, 60_000);
});
