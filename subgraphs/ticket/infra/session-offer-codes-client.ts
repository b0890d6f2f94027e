import { createSessionOfferCodesClient, type SessionServiceOptions, type SessionOfferCodesClient } from '../../session/client.js';
import type { SessionOfferCodes } from '../domain/ports.js';

/** The SessionOfferCodes port over the session service's internal RPC (`sessions/offer-codes/attach`). */
export class SessionServiceOfferCodes implements SessionOfferCodes {
  private readonly client: SessionOfferCodesClient;

  constructor(options: SessionServiceOptions | SessionOfferCodesClient) {
    this.client = 'attach' in options ? options : createSessionOfferCodesClient(options);
  }

  async attach(sessionId: string, codes: string[]): Promise<string[] | null> {
    return (await this.client.attach(sessionId, codes)).offerCodes;
  }
}
