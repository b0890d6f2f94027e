import { withTransaction, type Pool, type PoolClient } from '../../../lib/db.js';
import type { AccountRecord, AccountView } from '../domain/model.js';
import type { AccountRepository } from '../domain/ports.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface AccountRow {
  id: string;
  email: string;
  password_hash: string | null;
  created_at: Date;
  price_class: string | null;
}

const toView = (row: Pick<AccountRow, 'id' | 'email' | 'created_at' | 'price_class'>): AccountView => ({
  id: row.id,
  email: row.email,
  createdAt: row.created_at,
  priceClass: row.price_class,
});

function toRecord(row: AccountRow): AccountRecord {
  return { ...toView(row), passwordHash: row.password_hash };
}

export class PgAccountRepository implements AccountRepository {
  // A pool, not any Queryable: linkStoreUser needs a transaction of its own.
  constructor(private readonly db: Pool) {}

  async create(input: { email: string; passwordHash: string; createdAt: Date }): Promise<AccountRecord | null> {
    // ON CONFLICT on the lower(email) index: two concurrent registrations cannot both win.
    const { rows } = await this.db.query<AccountRow>(
      `INSERT INTO accounts (email, password_hash, created_at) VALUES ($1, $2, $3)
       ON CONFLICT ((lower(email))) DO NOTHING
       RETURNING id, email, password_hash, created_at, price_class`,
      [input.email, input.passwordHash, input.createdAt],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async findByEmail(email: string): Promise<AccountRecord | null> {
    const { rows } = await this.db.query<AccountRow>(
      'SELECT id, email, password_hash, created_at, price_class FROM accounts WHERE lower(email) = lower($1)',
      [email],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async findByIds(ids: readonly string[]): Promise<AccountView[]> {
    // Ids come from federation references; anything that is not a uuid cannot match.
    const valid = ids.filter((id) => UUID.test(id));
    if (valid.length === 0) return [];
    const { rows } = await this.db.query<AccountRow>('SELECT id, email, created_at, price_class FROM accounts WHERE id = ANY($1::uuid[])', [valid]);
    return rows.map(toView);
  }

  async updatePasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.db.query('UPDATE accounts SET password_hash = $2 WHERE id = $1', [id, passwordHash]);
  }

  async setPriceClass(id: string, priceClass: string | null): Promise<AccountView | null> {
    if (!UUID.test(id)) return null;
    const { rows } = await this.db.query<AccountRow>('UPDATE accounts SET price_class = $2 WHERE id = $1 RETURNING id, email, created_at, price_class', [id, priceClass]);
    return rows[0] ? toView(rows[0]) : null;
  }

  async linkStoreUser(input: { storeId: string; storeUserId: string; email: string; now: Date }): Promise<{ account: AccountView; created: boolean }> {
    return withTransaction(this.db, async (client) => {
      const linked = await this.linkedAccount(client, input.storeId, input.storeUserId);
      if (linked) return { account: linked, created: false };

      // Everything from here is undone if another call links this store user first, so a
      // losing call leaves no password-less account behind.
      await client.query('SAVEPOINT link_store_user');
      // ON CONFLICT waits for a concurrent insert of the same email and then skips; the
      // next statement (a fresh snapshot under READ COMMITTED) sees the winner's row.
      const inserted = await client.query<AccountRow>(
        `INSERT INTO accounts (email, password_hash, created_at) VALUES ($1, NULL, $2)
         ON CONFLICT ((lower(email))) DO NOTHING
         RETURNING id, email, created_at, price_class`,
        [input.email, input.now],
      );
      let account = inserted.rows[0];
      if (!account) {
        const existing = await client.query<AccountRow>('SELECT id, email, created_at, price_class FROM accounts WHERE lower(email) = lower($1)', [input.email]);
        account = existing.rows[0];
        if (!account) throw new Error('account for a store login vanished during linking');
      }
      const link = await client.query(
        `INSERT INTO store_account_links (store_id, store_user_id, account_id, email_at_link, created_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (store_id, store_user_id) DO NOTHING`,
        [input.storeId, input.storeUserId, account.id, input.email, input.now],
      );
      if (link.rowCount === 1) return { account: toView(account), created: inserted.rows.length === 1 };

      // A concurrent call linked this store user meanwhile: its account is the answer.
      await client.query('ROLLBACK TO SAVEPOINT link_store_user');
      const winner = await this.linkedAccount(client, input.storeId, input.storeUserId);
      if (!winner) throw new Error('store account link vanished during linking');
      return { account: winner, created: false };
    });
  }

  private async linkedAccount(client: PoolClient, storeId: string, storeUserId: string): Promise<AccountView | null> {
    const { rows } = await client.query<AccountRow>(
      `SELECT a.id, a.email, a.created_at, a.price_class FROM store_account_links l JOIN accounts a ON a.id = l.account_id
       WHERE l.store_id = $1 AND l.store_user_id = $2`,
      [storeId, storeUserId],
    );
    return rows[0] ? toView(rows[0]) : null;
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }
}
