// `npm run create-admin -- --username NAME [--name 显示名] [--password PASSWORD]`
// Creates a province administrator (the first account of a production installation). Without --password an
// initial password is generated and printed, and must be changed at first sign-in.
import { parseArgs } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { checkPassword } from '../src/domain/password-policy.js';
import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/client.js';
import { accounts } from '../src/server/db/schema.js';
import { ensureReferenceOrg } from '../src/server/db/seed.js';
import { recordAudit } from '../src/server/platform/audit.js';
import { systemClock } from '../src/server/platform/clock.js';
import { SYSTEM_META } from '../src/server/platform/context.js';
import { generateInitialPassword, hashPassword } from '../src/server/platform/passwords.js';
import { inSystemTx } from '../src/server/platform/tx.js';

const { values } = parseArgs({
  options: { username: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
});
const username = values.username?.trim();
if (!username || !/^[A-Za-z][A-Za-z0-9_.-]{2,31}$/.test(username)) {
  console.error('用法：npm run create-admin -- --username 用户名 [--name 显示名] [--password 密码]');
  console.error('用户名以字母开头，3–32 个字符，只能包含字母、数字和 _ . -');
  process.exit(2);
}
const password = values.password ?? generateInitialPassword();
if (values.password) {
  const policy = checkPassword(password, { username });
  if (!policy.ok) {
    console.error(policy.message);
    process.exit(2);
  }
}

const config = loadConfig();
const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await database.migrate();
  const province = await ensureReferenceOrg(database.db, systemClock);
  const passwordHash = await hashPassword(password);
  const created = await inSystemTx(database.db, async (tx) => {
    const taken = await tx
      .select({ id: accounts.id })
      .from(accounts)
      .where(eq(sql`lower(${accounts.username})`, username.toLowerCase()));
    if (taken.length > 0) return false;
    const now = systemClock.now();
    const [row] = await tx
      .insert(accounts)
      .values({
        username,
        displayName: values.name?.trim() || '省工考办管理员',
        role: 'province_admin',
        orgNodeId: province.id,
        orgPath: province.path,
        passwordHash,
        mustChangePassword: !values.password,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: accounts.id });
    await recordAudit(
      tx,
      null,
      SYSTEM_META,
      {
        entityType: 'account',
        entityId: row!.id,
        orgNodeId: province.id,
        orgPath: province.path,
        action: 'account.create_admin',
        summary: `命令行创建省工考办管理员「${username}」`,
      },
      now,
    );
    return true;
  });
  if (!created) {
    console.error(`用户名「${username}」已存在。`);
    process.exitCode = 1;
  } else if (values.password) {
    console.log(`已创建省工考办管理员「${username}」（${database.kind}）。`);
  } else {
    console.log(`已创建省工考办管理员「${username}」（${database.kind}），初始密码：${password}`);
    console.log('首次登录须修改密码。');
  }
} finally {
  await database.close();
}
