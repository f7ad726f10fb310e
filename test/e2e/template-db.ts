import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../../src/server/db/client.js';
import type { AppDeps } from '../../src/server/deps.js';
import { parseRecoveryKey } from '../../src/server/platform/recovery-key.js';
import { parseContentKey } from '../../src/server/platform/sealed.js';
import { parseSigningKey } from '../../src/server/platform/signing.js';

/**
 * A database of the journey's own (in-memory PGlite), a copy of the one global set-up migrated (`migrated`) or
 * migrated and seeded with the demo (`seeded`), with the keys the seed sealed its banks and signed under.
 */
export function openTemplateCopy(
  which: 'migrated' | 'seeded',
): { database: Database } & Pick<AppDeps, 'contentKey' | 'signingKey' | 'recoveryKey'> {
  const templates = inject('e2eTemplates');
  const database = openDatabase({ dataDir: 'memory://', loadDataDir: new Blob([readFileSync(templates[which])]) });
  return {
    database,
    contentKey: parseContentKey(templates.keys.content),
    signingKey: parseSigningKey(templates.keys.signing),
    recoveryKey: parseRecoveryKey(templates.keys.recovery),
  };
}
