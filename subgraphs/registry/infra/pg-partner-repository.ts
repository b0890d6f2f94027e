import { withTransaction, type Pool, type PoolClient } from '../../../lib/db.js';
import type { PartnerModel, PartnerSubgraphModel, PartnerSubgraphRecord, PartnerSubgraphStatus } from '../domain/model.js';
import type { PartnerRepository, PartnerTransaction } from '../domain/ports.js';

interface SubgraphRow {
  name: string;
  partner_id: string;
  url: string;
  status: PartnerSubgraphStatus;
  sdl: string;
  version: string;
  registered_at: Date;
  updated_at: Date;
}

const COLUMNS = 'name, partner_id, url, status, version, registered_at, updated_at';

function toModel(row: SubgraphRow): PartnerSubgraphModel {
  return { name: row.name, partner: row.partner_id, url: row.url, status: row.status, version: Number(row.version), registeredAt: row.registered_at, updatedAt: row.updated_at };
}

function toRecord(row: SubgraphRow): PartnerSubgraphRecord {
  return { ...toModel(row), sdl: row.sdl };
}

class PgPartnerTransaction implements PartnerTransaction {
  constructor(private readonly client: PoolClient) {}

  async find(name: string): Promise<PartnerSubgraphRecord | null> {
    const { rows } = await this.client.query<SubgraphRow>(`SELECT ${COLUMNS}, sdl FROM partner_subgraphs WHERE name = $1 FOR UPDATE`, [name]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async active(): Promise<PartnerSubgraphRecord[]> {
    const { rows } = await this.client.query<SubgraphRow>(`SELECT ${COLUMNS}, sdl FROM partner_subgraphs WHERE status = 'ACTIVE' ORDER BY name`);
    return rows.map(toRecord);
  }

  async bump(): Promise<number> {
    const { rows } = await this.client.query<{ version: string }>('UPDATE partner_version SET version = version + 1 RETURNING version');
    return Number(rows[0].version);
  }

  async upsert(record: { name: string; partnerId: string; url: string; sdl: string; version: number; at: Date }): Promise<PartnerSubgraphModel> {
    // the caller checked ownership under the lock; the WHERE keeps another partner's row untouchable anyway
    const { rows } = await this.client.query<SubgraphRow>(
      `INSERT INTO partner_subgraphs (name, partner_id, url, status, sdl, version, registered_at, updated_at)
       VALUES ($1, $2, $3, 'ACTIVE', $4, $5, $6, $6)
       ON CONFLICT (name) DO UPDATE SET url = EXCLUDED.url, status = 'ACTIVE', sdl = EXCLUDED.sdl, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
         WHERE partner_subgraphs.partner_id = EXCLUDED.partner_id
       RETURNING ${COLUMNS}`,
      [record.name, record.partnerId, record.url, record.sdl, record.version, record.at],
    );
    if (!rows[0]) throw new Error(`partner subgraph "${record.name}" belongs to another partner`);
    return toModel(rows[0]);
  }

  async markRemoved(name: string, version: number, at: Date): Promise<void> {
    await this.client.query(`UPDATE partner_subgraphs SET status = 'REMOVED', version = $2, updated_at = $3 WHERE name = $1`, [name, version, at]);
  }
}

export class PgPartnerRepository implements PartnerRepository {
  constructor(private readonly pool: Pool) {}

  async insertPartner(record: { id: string; apiKeyHash: string; secretCiphertext: string; at: Date }): Promise<{ ok: true; partner: PartnerModel } | { ok: false; reason: 'id-taken' | 'api-key-taken' }> {
    try {
      return await withTransaction(this.pool, async (client) => {
        // gateways learn partner keys from partners/list: a new partner is a new version
        await client.query('UPDATE partner_version SET version = version + 1');
        const { rows } = await client.query<{ id: string; created_at: Date }>(
          `INSERT INTO partners (id, api_key_hash, secret_ciphertext, created_at) VALUES ($1, $2, $3, $4) RETURNING id, created_at`,
          [record.id, record.apiKeyHash, record.secretCiphertext, record.at],
        );
        return { ok: true as const, partner: { name: rows[0].id, createdAt: rows[0].created_at } };
      });
    } catch (error) {
      const { code, constraint } = error as { code?: string; constraint?: string };
      if (code === '23505') return { ok: false, reason: constraint === 'partners_api_key_hash_key' ? 'api-key-taken' : 'id-taken' };
      throw error;
    }
  }

  async findSubgraph(name: string): Promise<PartnerSubgraphModel | null> {
    const { rows } = await this.pool.query<SubgraphRow>(`SELECT ${COLUMNS} FROM partner_subgraphs WHERE name = $1`, [name]);
    return rows[0] ? toModel(rows[0]) : null;
  }

  async listSubgraphs(partnerId?: string): Promise<PartnerSubgraphModel[]> {
    const { rows } = partnerId
      ? await this.pool.query<SubgraphRow>(`SELECT ${COLUMNS} FROM partner_subgraphs WHERE status = 'ACTIVE' AND partner_id = $1 ORDER BY name`, [partnerId])
      : await this.pool.query<SubgraphRow>(`SELECT ${COLUMNS} FROM partner_subgraphs WHERE status = 'ACTIVE' ORDER BY name`);
    return rows.map(toModel);
  }

  withPartnerLock<T>(work: (tx: PartnerTransaction) => Promise<T>): Promise<T> {
    return withTransaction(this.pool, async (client) => {
      // the version row first: partner changes queue here, one composition at a time
      await client.query('SELECT version FROM partner_version FOR UPDATE');
      return work(new PgPartnerTransaction(client));
    });
  }

  async snapshot(): Promise<{ version: string; subgraphs: PartnerSubgraphRecord[]; partners: { id: string; apiKeyHash: string; secretCiphertext: string }[] }> {
    // one statement, one snapshot: the lists are exactly those of that version
    const { rows } = await this.pool.query<{ version: string; subgraphs: SubgraphRow[] | null; partners: { id: string; apiKeyHash: string; secretCiphertext: string }[] | null }>(
      `SELECT v.epoch || ':' || v.version AS version,
              (SELECT json_agg(row_to_json(s) ORDER BY s.name)
                 FROM (SELECT ${COLUMNS}, sdl FROM partner_subgraphs WHERE status = 'ACTIVE') s) AS subgraphs,
              (SELECT json_agg(json_build_object('id', p.id, 'apiKeyHash', p.api_key_hash, 'secretCiphertext', p.secret_ciphertext) ORDER BY p.id)
                 FROM partners p) AS partners
         FROM partner_version v`,
    );
    const subgraphs = (rows[0].subgraphs ?? []).map((row) => toRecord({ ...row, registered_at: new Date(row.registered_at), updated_at: new Date(row.updated_at) }));
    return { version: rows[0].version, subgraphs, partners: rows[0].partners ?? [] };
  }

  async version(): Promise<string> {
    const { rows } = await this.pool.query<{ version: string }>(`SELECT epoch || ':' || version AS version FROM partner_version`);
    return rows[0].version;
  }
}
