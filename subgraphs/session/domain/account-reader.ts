import DataLoader from 'dataloader';
import type { Identity } from '../../../lib/identity.js';
import type { AccountView, SessionView } from './model.js';

/**
 * Account reads for one request, batched (the gateway may ask for many entities at
 * once). Shoppers only ever see their own account.
 */
export class AccountReader {
  private readonly loader: DataLoader<string, AccountView | null>;

  constructor(
    private readonly identity: Identity,
    loadMany: (ids: readonly string[]) => Promise<AccountView[]>,
  ) {
    this.loader = new DataLoader(async (ids) => {
      const found = new Map((await loadMany(ids)).map((account) => [account.id, account]));
      return ids.map((id) => found.get(id) ?? null);
    });
  }

  /** The caller's account; null for guests, anonymous callers and stores. */
  me(): Promise<AccountView | null> {
    const { kind, accountId } = this.identity;
    return kind === 'ACCOUNT' && accountId ? this.loader.load(accountId) : Promise.resolve(null);
  }

  /** The account of a session handed to its owner (Query.session, SessionGranted). */
  ofSession(session: SessionView): Promise<AccountView | null> {
    return session.accountId ? this.loader.load(session.accountId) : Promise.resolve(null);
  }

  /** A federated Account reference: resolved only for the caller's own account. */
  reference(id: string): Promise<AccountView | null> {
    return this.identity.kind === 'ACCOUNT' && this.identity.accountId === id ? this.loader.load(id) : Promise.resolve(null);
  }
}
