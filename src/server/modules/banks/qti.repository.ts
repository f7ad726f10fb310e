import { and, asc, eq, ne } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { bankItems, bankItemVersions } from '../../db/schema.js';

// What the QTI export reads: gk_bank alone may run it (the bank tables admit no other role).

export interface ExportVersionRow {
  itemId: number;
  version: number;
  type: (typeof bankItemVersions.$inferSelect)['type'];
  knowledgePoint: string;
  difficulty: number;
  content: Buffer;
}

/** Each item's newest version unless it is retired, by item id, with its sealed content. */
export async function listExportVersions(tx: Tx, bankId: number): Promise<ExportVersionRow[]> {
  return tx
    .select({
      itemId: bankItemVersions.itemId,
      version: bankItemVersions.version,
      type: bankItemVersions.type,
      knowledgePoint: bankItemVersions.knowledgePoint,
      difficulty: bankItemVersions.difficulty,
      content: bankItemVersions.content,
    })
    .from(bankItems)
    .innerJoin(
      bankItemVersions,
      and(eq(bankItemVersions.itemId, bankItems.id), eq(bankItemVersions.version, bankItems.currentVersion)),
    )
    .where(and(eq(bankItems.bankId, bankId), ne(bankItemVersions.status, 'retired')))
    .orderBy(asc(bankItems.id));
}
