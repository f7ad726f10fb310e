import type { AppConfig } from './config.js';
import type { Db, DbKind } from './db/client.js';
import type { Clock } from './platform/clock.js';
import type { RecoveryKey } from './platform/recovery-key.js';
import type { ContentKey } from './platform/sealed.js';
import type { SigningKey } from './platform/signing.js';

/**
 * What the app is built from (`buildApp` in app.ts) and what every route and service receives. It lives apart from
 * app.ts so that the modules app.ts registers never import the file that imports them.
 */
export interface AppDeps {
  db: Db;
  dbKind: DbKind;
  clock: Clock;
  config: AppConfig;
  /** The key exam content is sealed with (platform/sealed.ts); null on a PostgreSQL server without BANK_KEY. */
  contentKey: ContentKey | null;
  /** The Ed25519 key tickets (and certificates) are signed with (platform/signing.ts); null on a PostgreSQL server without SIGNING_KEY. */
  signingKey: SigningKey | null;
  /**
   * The X25519 key exam clients' recovery files are encrypted to (platform/recovery-key.ts); null or absent
   * (benches, tools) when not configured: the recovery routes answer RECOVERY_KEY_MISSING.
   */
  recoveryKey?: RecoveryKey | null;
}
