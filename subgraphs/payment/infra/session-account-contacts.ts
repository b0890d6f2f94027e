import { createAccountContactsClient, type SessionServiceOptions, type AccountContactsClient } from '../../session/client.js';
import type { AccountContacts } from '../domain/gift-certificates.js';

/** The AccountContacts port over the session service's internal RPC (`accounts/contact`). */
export class SessionAccountContacts implements AccountContacts {
  private readonly client: AccountContactsClient;

  constructor(options: SessionServiceOptions | AccountContactsClient) {
    this.client = 'contactOf' in options ? options : createAccountContactsClient(options);
  }

  async contactOf(accountId: string): Promise<{ email: string } | null> {
    const contact = await this.client.contactOf(accountId);
    return contact && typeof contact.email === 'string' ? { email: contact.email } : null;
  }
}
