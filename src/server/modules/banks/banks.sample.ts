/**
 * The demo's sample bank to import (示例题库, 汽车驾驶员 四级): the bank workbook (the template's layout, as an export
 * writes it) filled with the sample items written for the demo (db/sample-banks.ts). Offered to bank managers in demo
 * mode only; a real installation has no use for it. Static sample data, not bank content from the database, so its
 * download opens nothing sealed and writes no audit row.
 */
import { SAMPLE_IMPORT_BANK } from '../../db/sample-banks.js';
import type { AppDeps } from '../../deps.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { buildBankWorkbook } from './banks.excel.js';
import { assertPermission } from './banks.service.js';

/** `GET /api/banks/sample.xlsx`. */
export async function sampleBankWorkbook(
  deps: AppDeps,
  ctx: ServiceContext,
): Promise<{ file: Buffer; fileName: string }> {
  assertPermission(ctx.actor, 'bank.read');
  if (!deps.config.demoMode) throw new AppError('NOT_FOUND', '示例题库只在演示环境中提供');
  return { file: await buildBankWorkbook(SAMPLE_IMPORT_BANK.items), fileName: SAMPLE_IMPORT_BANK.fileName };
}
