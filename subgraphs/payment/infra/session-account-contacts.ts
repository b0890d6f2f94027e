import { createAccountContactsClient, type AccountContactsClient } from '../../session/client.js';
import type { AccountContacts } from '../domain/gift-certificates.js';

export interface SessionAccountContactsOptions {
  /** The session service's URL (SESSION_URL; its /graphql URL works too). */
  baseUrl: string;
  /** INTERNAL_SECRET, shared with the session service. */
  secret: string;
  timeoutMs?: number;
}

/** The AccountContacts port over the session service's internal RPC (`accounts/contact`). */
export class SessionAccountContacts implements AccountContacts {
  private readonly client: AccountContactsClient;

  constructor(options: SessionAccountContactsOptions | AccountContactsClient) {
    this.client = 'contactOf' in options ? options : createAccountContactsClient(options);
  }

  async contactOf(accountId: string): Promise<{ email: string } | null> {
    const contact = await this.client.contactOf(accountId);
    return contact && typeof contact.email === 'string' ? { email: contact.email } : null;
  }
}
