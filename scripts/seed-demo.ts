// `npm run seed:demo`: migrates and loads the demo organisations and accounts (idempotent).
import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/client.js';
import { seedDemo } from '../src/server/db/seed.js';
import { clockFor } from '../src/server/platform/clock.js';

const config = loadConfig();
const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await database.migrate();
  const { created } = await seedDemo(database.db, clockFor(config.appToday));
  console.log(`Demo data ready on ${database.kind}: ${created} new demo accounts (password Demo#2017).`);
} finally {
  await database.close();
}
