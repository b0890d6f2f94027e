import type { AccountContacts } from '../domain/gift-certificates.js';

/** AccountContacts in memory (tests): the accounts `add`ed exist, every other id does not. */
export class InMemoryAccountContacts implements AccountContacts {
  private readonly emails = new Map<string, string>();
  /** Every lookup, in order. */
  readonly lookups: string[] = [];
  /** Set to make lookups fail as an unreachable session service would. */
  unavailable = false;

  add(accountId: string, email: string): this {
    this.emails.set(accountId, email);
    return this;
  }

  async contactOf(accountId: string): Promise<{ email: string } | null> {
    this.lookups.push(accountId);
    if (this.unavailable) throw new Error('internal call accounts/contact failed: session service unavailable');
    const email = this.emails.get(accountId);
    return email ? { email } : null;
  }
}
