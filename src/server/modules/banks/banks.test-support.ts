// Helpers of the banks' integration tests: bank managers, workbooks built in the test, uploads and jobs.
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { buildAccount, type Client, signIn, type TestApp } from '../../../../test/setup/harness.js';
import { BANK_SHEET_COLUMNS } from '../../../domain/bank-sheet.js';
import type { ItemContent } from '../../../domain/items.js';
import { orgNodes } from '../../db/schema.js';
import type { Actor } from '../../platform/context.js';
import { unsealJson } from '../../platform/sealed.js';
import { inScopedTx } from '../../platform/tx.js';
import * as repo from './banks.repository.js';
import { itemContext, type SealedItem } from './banks.service.js';

export interface Manager {
  id: number;
  client: Client;
  actor: Actor;
}

/** A bank manager at the province, signed in, with the actor its transactions run as. */
export async function buildManager(t: TestApp): Promise<Manager> {
  const [province] = await t.database.db.select().from(orgNodes).where(eq(orgNodes.id, t.provinceId));
  const account = await buildAccount(t, province!, 'bank_manager');
  const actor: Actor = {
    accountId: account.id,
    username: account.username,
    displayName: '测试bank_manager',
    role: 'bank_manager',
    orgNodeId: province!.id,
    orgPath: province!.path,
    orgNodeName: province!.name,
  };
  return { id: account.id, client: await signIn(t, account.username), actor };
}

// Banks are one per subject × grade (null: every grade): 职业道德 and 职业能力 give twelve per test database.
const SCOPES = (['ethics', 'ability'] as const).flatMap((subject) =>
  [null, 1, 2, 3, 4, 5].map((grade) => ({ subject, grade })),
);
let banks = 0;
export async function createBank(client: Client) {
  const scope = SCOPES[banks++ % SCOPES.length]!;
  const res = await client.post('/api/banks', { ...scope, name: `测试题库${banks}-${Date.now().toString(36)}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ id: number; name: string }>();
}

/** What a bank holds, read as its manager does: each item's newest version, content opened, by item id. */
export async function bankContents(t: TestApp, actor: Actor, bankId: number) {
  const rows = await inScopedTx(t.database.db, actor, (tx) =>
    repo.listItems(tx, bankId, { page: 1, pageSize: 100_000 }),
  );
  return rows.items.map((row) => {
    const sealed = unsealJson<SealedItem>(t.deps.contentKey!, itemContext(row.itemId, row.version), row.content);
    const content: ItemContent = {
      type: row.type,
      stem: sealed.stem,
      stemImage: sealed.stemImage,
      options: sealed.options,
      answer: sealed.answer,
      difficulty: row.difficulty,
      knowledgePoint: row.knowledgePoint,
      source: sealed.source,
      explanation: sealed.explanation,
    };
    return { row, content };
  });
}

/** A workbook with one sheet: the header (default: the template's columns) and the rows as given. */
export async function workbook(
  rows: readonly (readonly (string | number | null)[])[],
  options: { header?: readonly string[]; sheetName?: string } = {},
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(options.sheetName ?? '试题');
  sheet.addRow([...(options.header ?? BANK_SHEET_COLUMNS)]);
  for (const row of rows) sheet.addRow([...row]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A row in the template's column order from the named cells. */
export function row(cells: Partial<Record<(typeof BANK_SHEET_COLUMNS)[number], string | number>>) {
  return BANK_SHEET_COLUMNS.map((c) => cells[c] ?? null);
}

export function postImport(
  t: TestApp,
  client: Client,
  bankId: number,
  file: Buffer | null,
  fields: Record<string, string> = {},
  query = '',
) {
  const boundary = '----gongkaoBankImport';
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="题库.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
      ),
      file,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return t.app.inject({
    method: 'POST',
    url: `/api/banks/${bankId}/import${query}`,
    payload: Buffer.concat(chunks),
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      cookie: client.cookie,
      'x-csrf-token': client.csrf,
    },
  });
}

export interface ImportJobBody {
  id: string;
  kind: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  result: {
    mode: string;
    total: number;
    imported: number;
    rejected: number;
    errors: { row: number; column: string; code: string; message: string }[];
  } | null;
  message: string | null;
}

export async function waitForJob<B = ImportJobBody>(client: Client, jobId: string): Promise<B> {
  for (let i = 0; i < 2400; i++) {
    const res = await client.get(`/api/jobs/${jobId}`);
    expect(res.statusCode, res.body).toBe(200);
    const job = res.json<{ status: string }>();
    if (job.status !== 'running' && job.status !== 'queued') return job as B;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${jobId} still running`);
}

/** Imports a file and waits for the job; the request must be accepted (202). */
export async function importFile(
  t: TestApp,
  client: Client,
  bankId: number,
  file: Buffer,
  mode: 'all_or_nothing' | 'good_rows',
): Promise<ImportJobBody> {
  const res = await postImport(t, client, bankId, file, { mode });
  expect(res.statusCode, res.body).toBe(202);
  return waitForJob(client, res.json<{ jobId: string }>().jobId);
}

/** Exports a bank and downloads the file. */
export async function exportFile(client: Client, bankId: number, body: Record<string, unknown> = {}) {
  const res = await client.post(`/api/banks/${bankId}/export`, body);
  expect(res.statusCode, res.body).toBe(202);
  const job = await waitForJob<{ id: string; status: string; result: { count: number; fileName: string } }>(
    client,
    res.json<{ jobId: string }>().jobId,
  );
  expect(job.status, JSON.stringify(job)).toBe('done');
  const file = await client.get(`/api/jobs/${job.id}/file`);
  expect(file.statusCode).toBe(200);
  return { job, file: file.rawPayload };
}
