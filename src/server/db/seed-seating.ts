// The demo's seating (示例): a sample centre of the province's own (省直 and 中央驻豫 candidates sit at the province),
// then the seating run for the demo campaign and its publication, both by the `province` account through the
// seating service (audited as it), so that every confirmed 示例考生 holds a notified seat with a 准考证号. Idempotent:
// the centre is skipped once it exists, the run once the campaign has one.
import { and, count, eq } from 'drizzle-orm';
import type { AppDeps } from '../deps.js';
import { publishSeating, runSeating } from '../modules/seating/seating.service.js';
import { recordAudit } from '../platform/audit.js';
import { actorOf } from '../platform/sessions.js';
import { inSystemTx } from '../platform/tx.js';
import { DEMO_SEED_META } from './demo-accounts.js';
import { accounts, examRooms, examSessions, orgNodes, seatingRuns, testCentres } from './schema.js';

export const DEMO_PROVINCE_CENTRE = {
  name: '河南省职业技能鉴定考点（示例）',
  code: '01',
  address: '郑州市金水区示例路 9 号',
  contactName: '李老师',
  contactPhone: '0371-60000009',
  rooms: [{ code: '01', name: '第一机房', rows: 5, columns: 8, outOfUse: ['A01'] }],
} as const;

export interface DemoSeatingResult {
  /** Whether the province's sample centre was written now. */
  centreCreated: boolean;
  /** Seated and notified by this call (0 when the campaign had a run already). */
  seated: number;
  notified: number;
}

/** The province's sample centre, written like the jurisdictions' (seed-centres.ts) when missing. */
async function ensureProvinceCentre(deps: AppDeps): Promise<boolean> {
  return inSystemTx(deps.db, async (tx) => {
    const now = deps.clock.now();
    const [province] = await tx.select().from(orgNodes).where(eq(orgNodes.kind, 'province'));
    if (!province) return false;
    const [existing] = await tx
      .select({ id: testCentres.id })
      .from(testCentres)
      .where(and(eq(testCentres.orgNodeId, province.id), eq(testCentres.code, DEMO_PROVINCE_CENTRE.code)));
    if (existing) return false;
    const c = DEMO_PROVINCE_CENTRE;
    const [row] = await tx
      .insert(testCentres)
      .values({
        orgNodeId: province.id,
        orgPath: province.path,
        name: c.name,
        code: c.code,
        address: c.address,
        contactName: c.contactName,
        contactPhone: c.contactPhone,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: testCentres.id });
    for (const r of c.rooms) {
      await tx.insert(examRooms).values({
        centreId: row!.id,
        orgPath: province.path,
        code: r.code,
        name: r.name,
        seatRows: r.rows,
        seatColumns: r.columns,
        outOfUse: [...r.outOfUse],
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
        entityId: row!.id,
        orgNodeId: province.id,
        orgPath: province.path,
        action: 'centre.seed',
        summary: `写入示例考点「${c.name}」及 ${c.rooms.length} 个考场`,
      },
      now,
    );
    return true;
  });
}

export async function seedDemoSeating(deps: AppDeps, campaignId: number): Promise<DemoSeatingResult> {
  const centreCreated = await ensureProvinceCentre(deps);
  const loaded = await inSystemTx(deps.db, async (tx) => {
    const [runs] = await tx.select({ n: count() }).from(seatingRuns).where(eq(seatingRuns.campaignId, campaignId));
    const [sessions] = await tx
      .select({ n: count() })
      .from(examSessions)
      .where(eq(examSessions.campaignId, campaignId));
    const [row] = await tx
      .select({ account: accounts, nodeName: orgNodes.name })
      .from(accounts)
      .leftJoin(orgNodes, eq(orgNodes.id, accounts.orgNodeId))
      .where(eq(accounts.username, 'province'));
    return { runs: runs!.n, sessions: sessions!.n, row };
  });
  const result: DemoSeatingResult = { centreCreated, seated: 0, notified: 0 };
  if (loaded.runs > 0 || loaded.sessions === 0 || !loaded.row) return result;
  const ctx = { actor: actorOf(loaded.row.account, loaded.row.nodeName), meta: DEMO_SEED_META };
  const run = await runSeating(deps, ctx, campaignId);
  result.seated = run.counts.seated;
  if (run.counts.seated > 0) {
    result.notified = (await publishSeating(deps, ctx, campaignId, run.counts.seated)).notified;
  }
  return result;
}
