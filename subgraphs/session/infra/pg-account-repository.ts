import type { Queryable } from '../../../lib/db.js';
import type { AccountRecord, AccountView } from '../domain/model.js';
import type { AccountRepository } from '../domain/ports.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface AccountRow {
  id: string;
  email: string;
  password_hash: string;
  created_at: Date;
}

function toRecord(row: AccountRow): AccountRecord {
  return { id: row.id, email: row.email, passwordHash: row.password_hash, createdAt: row.created_at };
}

export class PgAccountRepository implements AccountRepository {
  constructor(private readonly db: Queryable) {}

  async create(input: { email: string; passwordHash: string; createdAt: Date }): Promise<AccountRecord | null> {
    // ON CONFLICT on the lower(email) index: two concurrent registrations cannot both win.
    const { rows } = await this.db.query<AccountRow>(
      `INSERT INTO accounts (email, password_hash, created_at) VALUES ($1, $2, $3)
       ON CONFLICT ((lower(email))) DO NOTHING
       RETURNING id, email, password_hash, created_at`,
      [input.email, input.passwordHash, input.createdAt],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async findByEmail(email: string): Promise<AccountRecord | null> {
    const { rows } = await this.db.query<AccountRow>(
      'SELECT id, email, password_hash, created_at FROM accounts WHERE lower(email) = lower($1)',
      [email],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async findByIds(ids: readonly string[]): Promise<AccountView[]> {
    // Ids come from federation references; anything that is not a uuid cannot match.
    const valid = ids.filter((id) => UUID.test(id));
    if (valid.length === 0) return [];
    const { rows } = await this.db.query<AccountRow>('SELECT id, email, created_at FROM accounts WHERE id = ANY($1::uuid[])', [valid]);
    return rows.map((row) => ({ id: row.id, email: row.email, createdAt: row.created_at }));
  }

  async updatePasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.db.query('UPDATE accounts SET password_hash = $2 WHERE id = $1', [id, passwordHash]);
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }
}
