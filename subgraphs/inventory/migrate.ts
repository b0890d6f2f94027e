import { fileURLToPath } from 'node:url';
import { migrate, type Pool } from '../../lib/db.js';
import type { Logger } from '../../lib/logger.js';

export const INVENTORY_MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Brings one store's inventory database up to the current schema. */
export function migrateInventory(pool: Pool, logger?: Logger): Promise<string[]> {
  return migrate(pool, INVENTORY_MIGRATIONS_DIR, logger);
}
