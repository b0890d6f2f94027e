import { createSessionOfferCodesClient, type SessionOfferCodesClient } from '../../session/client.js';
import type { SessionOfferCodes } from '../domain/ports.js';

export interface SessionOfferCodesOptions {
  /** The session service's URL (SESSION_URL; its /graphql URL works too). */
  baseUrl: string;
  /** INTERNAL_SECRET, shared with the session service. */
  secret: string;
  timeoutMs?: number;
}

/** The SessionOfferCodes port over the session service's internal RPC (`sessions/offer-codes/attach`). */
export class SessionServiceOfferCodes implements SessionOfferCodes {
  private readonly client: SessionOfferCodesClient;

  constructor(options: SessionOfferCodesOptions | SessionOfferCodesClient) {
    this.client = 'attach' in options ? options : createSessionOfferCodesClient(options);
  }

  async attach(sessionId: string, codes: string[]): Promise<string[] | null> {
    return (await this.client.attach(sessionId, codes)).offerCodes;
  }
}
