import { fileURLToPath } from 'node:url';
import { migrate, type Pool } from '../../lib/db.js';
import type { Logger } from '../../lib/logger.js';

export const REST_STORE_MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Brings the sample REST store's database up to its current schema. */
export function migrateRestStore(pool: Pool, logger?: Logger): Promise<string[]> {
  return migrate(pool, REST_STORE_MIGRATIONS_DIR, logger);
}
