import { withTransaction, type Pool, type PoolClient } from '../../../lib/db.js';
import type { ActiveStoreRecord, NewStoreRecord, RegisteredStoreModel, RegisteredStoreStatus } from '../domain/model.js';
import type { StoreRegistryRepository } from '../domain/ports.js';

interface StoreRow {
  id: string;
  name: string;
  url: string;
  status: RegisteredStoreStatus;
  payment_endpoint: string | null;
  registered_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, name, url, status, payment_endpoint, registered_at, updated_at';

function toModel(row: StoreRow): RegisteredStoreModel {
  return { id: row.id, name: row.name, url: row.url, status: row.status, paymentEndpoint: row.payment_endpoint, registeredAt: row.registered_at, updatedAt: row.updated_at };
}

async function bumpVersion(client: PoolClient): Promise<void> {
  await client.query('UPDATE registry_version SET version = version + 1');
}

export class PgStoreRegistryRepository implements StoreRegistryRepository {
  constructor(private readonly pool: Pool) {}

  async insert(record: NewStoreRecord): Promise<{ ok: true; store: RegisteredStoreModel } | { ok: false; reason: 'id-taken' | 'api-key-taken' }> {
    try {
      return await withTransaction(this.pool, async (client) => {
        // the version row first: writers queue there, in version order
        await bumpVersion(client);
        const { rows } = await client.query<StoreRow>(
          `INSERT INTO stores (id, name, url, status, secret_ciphertext, api_key_hash, payment_endpoint, registered_at, updated_at)
           VALUES ($1, $2, $3, 'ACTIVE', $4, $5, $7, $6, $6)
           RETURNING ${COLUMNS}`,
          [record.id, record.name, record.url, record.secretCiphertext, record.apiKeyHash, record.at, record.paymentEndpoint],
        );
        return { ok: true as const, store: toModel(rows[0]) };
      });
    } catch (error) {
      const { code, constraint } = error as { code?: string; constraint?: string };
      if (code === '23505') return { ok: false, reason: constraint === 'stores_api_key_hash_key' ? 'api-key-taken' : 'id-taken' };
      throw error;
    }
  }

  async findById(id: string): Promise<RegisteredStoreModel | null> {
    const { rows } = await this.pool.query<StoreRow>(`SELECT ${COLUMNS} FROM stores WHERE id = $1`, [id]);
    return rows[0] ? toModel(rows[0]) : null;
  }

  async list(status?: RegisteredStoreStatus): Promise<RegisteredStoreModel[]> {
    const { rows } = status
      ? await this.pool.query<StoreRow>(`SELECT ${COLUMNS} FROM stores WHERE status = $1 ORDER BY id`, [status])
      : await this.pool.query<StoreRow>(`SELECT ${COLUMNS} FROM stores WHERE status <> 'REMOVED' ORDER BY id`);
    return rows.map(toModel);
  }

  async transition(id: string, from: RegisteredStoreStatus[], to: RegisteredStoreStatus, at: Date): Promise<RegisteredStoreModel | null> {
    return withTransaction(this.pool, async (client) => {
      const { rows } = await client.query<StoreRow>(`SELECT ${COLUMNS} FROM stores WHERE id = $1 FOR UPDATE`, [id]);
      const current = rows[0];
      if (!current || current.status === 'REMOVED') return null;
      if (current.status === to || !from.includes(current.status)) return toModel(current);
      await bumpVersion(client);
      const erase = to === 'REMOVED' ? ', secret_ciphertext = NULL, api_key_hash = NULL' : '';
      const updated = await client.query<StoreRow>(`UPDATE stores SET status = $2, updated_at = $3${erase} WHERE id = $1 RETURNING ${COLUMNS}`, [id, to, at]);
      return toModel(updated.rows[0]);
    });
  }

  async setPaymentEndpoint(id: string, paymentEndpoint: string | null, at: Date): Promise<RegisteredStoreModel | null> {
    return withTransaction(this.pool, async (client) => {
      const { rows } = await client.query<StoreRow>(`SELECT ${COLUMNS} FROM stores WHERE id = $1 FOR UPDATE`, [id]);
      const current = rows[0];
      if (!current || current.status === 'REMOVED') return null;
      if (current.payment_endpoint === paymentEndpoint) return toModel(current);
      await bumpVersion(client);
      const updated = await client.query<StoreRow>(
        `UPDATE stores SET payment_endpoint = $2, updated_at = $3 WHERE id = $1 AND status <> 'REMOVED' RETURNING ${COLUMNS}`,
        [id, paymentEndpoint, at],
      );
      return updated.rows[0] ? toModel(updated.rows[0]) : null;
    });
  }

  async activeStores(): Promise<{ version: string; stores: ActiveStoreRecord[] }> {
    // one statement, one snapshot: the list is exactly the list of that version
    const { rows } = await this.pool.query<{ version: string; stores: ActiveStoreRecord[] | null }>(
      `SELECT v.epoch || ':' || v.version AS version,
              (SELECT json_agg(json_build_object('id', s.id, 'name', s.name, 'url', s.url,
                                                 'secretCiphertext', s.secret_ciphertext, 'apiKeyHash', s.api_key_hash,
                                                 'paymentEndpoint', s.payment_endpoint) ORDER BY s.id)
                 FROM stores s WHERE s.status = 'ACTIVE') AS stores
         FROM registry_version v`,
    );
    return { version: rows[0].version, stores: rows[0].stores ?? [] };
  }

  async version(): Promise<string> {
    const { rows } = await this.pool.query<{ version: string }>(`SELECT epoch || ':' || version AS version FROM registry_version`);
    return rows[0].version;
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }
}
