// The demo's sample test centres (考点) and rooms (考场): one centre in 郑州市 and one in 洛阳市, each with two
// rooms of 6 × 8 seats and a couple of seats out of use. Names say 示例. Skips what exists (by jurisdiction and
// code), so the demo seed stays idempotent.
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../platform/audit.js';
import type { Tx } from './client.js';
import { DEMO_SEED_META } from './demo-accounts.js';
import { examRooms, type orgNodes, testCentres } from './schema.js';

type NodeRow = typeof orgNodes.$inferSelect;

export interface DemoCentre {
  jurisdiction: string;
  name: string;
  code: string;
  address: string;
  contactName: string;
  contactPhone: string;
  rooms: { code: string; name: string; rows: number; columns: number; outOfUse: string[] }[];
}

export const DEMO_CENTRES: DemoCentre[] = [
  {
    jurisdiction: '郑州市',
    name: '郑州市职业技能鉴定考点（示例）',
    code: '01',
    address: '郑州市金水区示例路 1 号',
    contactName: '张老师',
    contactPhone: '0371-60000001',
    rooms: [
      { code: '01', name: '第一机房', rows: 6, columns: 8, outOfUse: ['A01', 'D05'] },
      { code: '02', name: '第二机房', rows: 6, columns: 8, outOfUse: ['F08'] },
    ],
  },
  {
    jurisdiction: '洛阳市',
    name: '洛阳市职业技能鉴定考点（示例）',
    code: '01',
    address: '洛阳市洛龙区示例路 2 号',
    contactName: '刘老师',
    contactPhone: '0379-60000002',
    rooms: [
      { code: '01', name: '第一机房', rows: 6, columns: 8, outOfUse: ['B03', 'E06'] },
      { code: '02', name: '第二机房', rows: 6, columns: 8, outOfUse: [] },
    ],
  },
];

/** Writes the sample centres and rooms that are missing; returns every sample centre's id by name. */
export async function ensureDemoCentres(
  tx: Tx,
  now: Date,
  jurisdictionByName: (name: string) => Promise<NodeRow>,
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const c of DEMO_CENTRES) {
    const node = await jurisdictionByName(c.jurisdiction);
    const [existing] = await tx
      .select({ id: testCentres.id })
      .from(testCentres)
      .where(and(eq(testCentres.orgNodeId, node.id), eq(testCentres.code, c.code)));
    if (existing) {
      ids.set(c.name, existing.id);
      continue;
    }
    const [row] = await tx
      .insert(testCentres)
      .values({
        orgNodeId: node.id,
        orgPath: node.path,
        name: c.name,
        code: c.code,
        address: c.address,
        contactName: c.contactName,
        contactPhone: c.contactPhone,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: testCentres.id });
    const centreId = row!.id;
    ids.set(c.name, centreId);
    for (const r of c.rooms) {
      await tx.insert(examRooms).values({
        centreId,
        orgPath: node.path,
        code: r.code,
        name: r.name,
        seatRows: r.rows,
        seatColumns: r.columns,
        outOfUse: r.outOfUse,
        createdAt: now,
        updatedAt: now,
      });
    }
    await recordAudit(
      tx,
      null,
      DEMO_SEED_META,
      {
        entityType: 'test_centre',
        entityId: centreId,
        orgNodeId: node.id,
        orgPath: node.path,
        action: 'centre.seed',
        summary: `写入示例考点「${c.name}」及 ${c.rooms.length} 个考场`,
      },
      now,
    );
  }
  return ids;
}
