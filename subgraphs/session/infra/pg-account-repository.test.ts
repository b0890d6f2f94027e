import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, migrate, type Pool } from '../../../lib/db.js';
import { createTestDatabase } from '../../../test/support/databases.js';
import { PgAccountRepository } from './pg-account-repository.js';

const migrations = fileURLToPath(new URL('../migrations', import.meta.url));
const NOW = new Date('2026-01-01T00:00:00Z');

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;
let accounts: PgAccountRepository;

beforeAll(async () => {
  db = await createTestDatabase('session_accounts');
  // more connections than the concurrency test's callers, so they really overlap
  pool = createPool(db.url, 12);
  await migrate(pool, migrations);
  accounts = new PgAccountRepository(pool);
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const email = () => `shopper-${randomUUID()}@example.com`;

async function linksOf(accountId: string): Promise<{ store_id: string; store_user_id: string; email_at_link: string }[]> {
  const { rows } = await pool.query('SELECT store_id, store_user_id, email_at_link FROM store_account_links WHERE account_id = $1 ORDER BY store_id, store_user_id', [accountId]);
  return rows;
}

describe('PgAccountRepository.linkStoreUser', () => {
  it('creates a password-less account for a new store user, then answers it again', async () => {
    const address = email();
    const first = await accounts.linkStoreUser({ storeId: 'store-a', storeUserId: 'u-1', email: address, now: NOW });
    expect(first).toEqual({ created: true, account: { id: expect.any(String), email: address, createdAt: NOW, priceClass: null } });
    expect(await accounts.findByEmail(address)).toEqual({ ...first.account, passwordHash: null });

    // the same store user again, even with another email asserted: the linked account
    const again = await accounts.linkStoreUser({ storeId: 'store-a', storeUserId: 'u-1', email: email(), now: new Date(NOW.getTime() + 1_000) });
    expect(again).toEqual({ created: false, account: first.account });
    expect(await linksOf(first.account.id)).toEqual([{ store_id: 'store-a', store_user_id: 'u-1', email_at_link: address }]);
  });

  it('links another store user with the same email (any case) to the existing account', async () => {
    const address = email();
    const first = await accounts.linkStoreUser({ storeId: 'store-a', storeUserId: 'u-2', email: address, now: NOW });
    const other = await accounts.linkStoreUser({ storeId: 'store-b', storeUserId: 'u-2', email: address.toUpperCase(), now: NOW });
    expect(other).toEqual({ created: false, account: first.account });
    expect((await linksOf(first.account.id)).map((l) => l.store_id)).toEqual(['store-a', 'store-b']);
  });

  it('links a store user to an account registered with a password, keeping the password', async () => {
    const address = email();
    const registered = await accounts.create({ email: address, passwordHash: 'scrypt$hash', createdAt: NOW });
    expect(registered).not.toBeNull();
    const linked = await accounts.linkStoreUser({ storeId: 'store-a', storeUserId: 'u-3', email: address, now: NOW });
    expect(linked).toEqual({ created: false, account: { id: registered!.id, email: address, createdAt: NOW, priceClass: null } });
    expect((await accounts.findByEmail(address))?.passwordHash).toBe('scrypt$hash');
    // a password can be set later on a password-less account
    const fresh = await accounts.linkStoreUser({ storeId: 'store-a', storeUserId: 'u-4', email: email(), now: NOW });
    await accounts.updatePasswordHash(fresh.account.id, 'scrypt$later');
    expect((await accounts.findByEmail(fresh.account.email))?.passwordHash).toBe('scrypt$later');
  });

  it('10 concurrent calls for one store user end with one account and one link', async () => {
    const address = email();
    const storeUserId = `u-${randomUUID()}`;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => accounts.linkStoreUser({ storeId: 'store-c', storeUserId, email: address, now: NOW })),
    );
    const ids = new Set(results.map((r) => r.account.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const { rows } = await pool.query('SELECT count(*) AS n FROM accounts WHERE lower(email) = lower($1)', [address]);
    expect(rows[0].n).toBe(1);
    expect(await linksOf([...ids][0])).toHaveLength(1);
  });

  it('concurrent calls for one store user asserting different emails leave no stray account', async () => {
    const storeUserId = `u-${randomUUID()}`;
    const addresses = Array.from({ length: 6 }, email);
    const results = await Promise.all(addresses.map((address) => accounts.linkStoreUser({ storeId: 'store-d', storeUserId, email: address, now: NOW })));
    expect(new Set(results.map((r) => r.account.id)).size).toBe(1);
    const { rows } = await pool.query('SELECT count(*) AS n FROM accounts WHERE email = ANY($1::text[])', [addresses]);
    expect(rows[0].n).toBe(1);
  });

  it('concurrent store users of different stores sharing an email end on one account', async () => {
    const address = email();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => accounts.linkStoreUser({ storeId: `store-${i}`, storeUserId: 'same-person', email: address, now: NOW })),
    );
    expect(new Set(results.map((r) => r.account.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await linksOf(results[0].account.id)).toHaveLength(6);
  });
});

describe('PgAccountRepository.setPriceClass', () => {
  it('sets and clears the class; every read carries it; unknown ids answer null', async () => {
    const address = email();
    const account = (await accounts.create({ email: address, passwordHash: 'scrypt$hash', createdAt: NOW }))!;
    expect(account.priceClass).toBeNull();
    expect(await accounts.setPriceClass(account.id, 'WHOLESALE')).toEqual({ id: account.id, email: address, createdAt: NOW, priceClass: 'WHOLESALE' });
    expect((await accounts.findByEmail(address))?.priceClass).toBe('WHOLESALE');
    expect(await accounts.findByIds([account.id])).toEqual([{ id: account.id, email: address, createdAt: NOW, priceClass: 'WHOLESALE' }]);
    const linked = await accounts.linkStoreUser({ storeId: 'store-a', storeUserId: `u-${randomUUID()}`, email: address, now: NOW });
    expect(linked.account.priceClass).toBe('WHOLESALE');
    expect((await accounts.setPriceClass(account.id, null))?.priceClass).toBeNull();
    expect(await accounts.setPriceClass(randomUUID(), 'WHOLESALE')).toBeNull();
    expect(await accounts.setPriceClass('not-a-uuid', 'WHOLESALE')).toBeNull();
    // the column refuses malformed classes even if a caller skipped the check
    await expect(accounts.setPriceClass(account.id, 'lower')).rejects.toThrow();
  });
});
