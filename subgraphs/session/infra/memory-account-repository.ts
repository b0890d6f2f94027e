import { randomUUID } from 'node:crypto';
import type { AccountRecord, AccountView } from '../domain/model.js';
import type { AccountRepository } from '../domain/ports.js';

/** Accounts in a Map: unit tests only (accounts must survive restarts). */
export class InMemoryAccountRepository implements AccountRepository {
  private readonly byId = new Map<string, AccountRecord>();

  async create(input: { email: string; passwordHash: string; createdAt: Date }): Promise<AccountRecord | null> {
    if (await this.findByEmail(input.email)) return null;
    const account: AccountRecord = { id: randomUUID(), ...input };
    this.byId.set(account.id, account);
    return { ...account };
  }

  async findByEmail(email: string): Promise<AccountRecord | null> {
    const key = email.toLowerCase();
    for (const account of this.byId.values()) if (account.email.toLowerCase() === key) return { ...account };
    return null;
  }

  async findByIds(ids: readonly string[]): Promise<AccountView[]> {
    return ids.flatMap((id) => {
      const account = this.byId.get(id);
      return account ? [{ id: account.id, email: account.email, createdAt: account.createdAt }] : [];
    });
  }

  async updatePasswordHash(id: string, passwordHash: string): Promise<void> {
    const account = this.byId.get(id);
    if (account) account.passwordHash = passwordHash;
  }

  async ping(): Promise<void> {}
}
