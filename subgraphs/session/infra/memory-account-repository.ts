import { randomUUID } from 'node:crypto';
import type { AccountRecord, AccountView } from '../domain/model.js';
import type { AccountRepository } from '../domain/ports.js';

const toView = (account: AccountRecord): AccountView => ({ id: account.id, email: account.email, createdAt: account.createdAt, priceClass: account.priceClass });

/** Accounts in a Map: unit tests only (accounts must survive restarts). */
export class InMemoryAccountRepository implements AccountRepository {
  private readonly byId = new Map<string, AccountRecord>();
  /** `${storeId}\u0000${storeUserId}` → account id */
  private readonly storeLinks = new Map<string, string>();

  async create(input: { email: string; passwordHash: string; createdAt: Date }): Promise<AccountRecord | null> {
    if (await this.findByEmail(input.email)) return null;
    const account: AccountRecord = { id: randomUUID(), ...input, priceClass: null };
    this.byId.set(account.id, account);
    return { ...account };
  }

  async findByEmail(email: string): Promise<AccountRecord | null> {
    const account = this.byEmail(email);
    return account ? { ...account } : null;
  }

  async findByIds(ids: readonly string[]): Promise<AccountView[]> {
    return ids.flatMap((id) => {
      const account = this.byId.get(id);
      return account ? [toView(account)] : [];
    });
  }

  async updatePasswordHash(id: string, passwordHash: string): Promise<void> {
    const account = this.byId.get(id);
    if (account) account.passwordHash = passwordHash;
  }

  async setPriceClass(id: string, priceClass: string | null): Promise<AccountView | null> {
    const account = this.byId.get(id);
    if (!account) return null;
    account.priceClass = priceClass;
    return toView(account);
  }

  async linkStoreUser(input: { storeId: string; storeUserId: string; email: string; now: Date }): Promise<{ account: AccountView; created: boolean }> {
    // no awaits in here: one call runs to completion, as one transaction would
    const key = `${input.storeId}\u0000${input.storeUserId}`;
    const linked = this.storeLinks.get(key);
    const linkedAccount = linked === undefined ? undefined : this.byId.get(linked);
    if (linkedAccount) return { account: toView(linkedAccount), created: false };
    let account = this.byEmail(input.email);
    let created = false;
    if (!account) {
      account = { id: randomUUID(), email: input.email, passwordHash: null, createdAt: input.now, priceClass: null };
      this.byId.set(account.id, account);
      created = true;
    }
    this.storeLinks.set(key, account.id);
    return { account: toView(account), created };
  }

  async ping(): Promise<void> {}

  private byEmail(email: string): AccountRecord | undefined {
    const key = email.toLowerCase();
    for (const account of this.byId.values()) if (account.email.toLowerCase() === key) return account;
    return undefined;
  }
}
