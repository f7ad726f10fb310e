// `npm run seed:demo`: migrates and loads the demo: organisations and accounts, the demo campaign with its confirmed
// sample candidates, and the sample question banks with draft blueprints (idempotent).
import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/client.js';
import { seedDemo } from '../src/server/db/seed.js';
import { clockFor } from '../src/server/platform/clock.js';
import { loadContentKey } from '../src/server/platform/sealed.js';
import { loadSigningKey } from '../src/server/platform/signing.js';

const config = loadConfig();
// The same key the server seals with: BANK_KEY, or the embedded database's key file beside its data directory.
const contentKey = loadContentKey(config);
// And the key tickets are signed with: SIGNING_KEY, or the key file beside the data directory.
const signingKey = loadSigningKey(config);
const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await database.migrate();
  const clock = clockFor(config.appToday);
  const { created, candidates, banks } = await seedDemo({
    db: database.db,
    dbKind: database.kind,
    clock,
    config,
    contentKey,
    signingKey,
  });
  console.log(`Demo data ready on ${database.kind}: ${created} new demo accounts (password Demo#2017).`);
  console.log(
    candidates.skipped
      ? `Sample candidates: ${candidates.created} added, then stopped: ${candidates.skipped}`
      : `Sample candidates: ${candidates.created} added (confirmed by the province).`,
  );
  console.log(
    banks
      ? `Sample banks: ${banks.banks} banks with ${banks.items} approved items, ${banks.blueprints} draft blueprints added.`
      : 'Sample banks: skipped, no content key (set BANK_KEY to seal exam content).',
  );
} finally {
  await database.close();
}
