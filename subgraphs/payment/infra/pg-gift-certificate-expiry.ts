import { withTransaction, type Pool } from '../../../lib/db.js';
import type { ExpiredCertificate, GiftCertificateExpiryStore } from '../domain/gift-certificate-expiry-job.js';
import { expireGiftCertificates, pruneClaimFailures } from './pg-gift-certificates.js';

/** The expiry job's storage in PostgreSQL (domain/gift-certificate-expiry-job.ts, migration 009). */
export class PgGiftCertificateExpiry implements GiftCertificateExpiryStore {
  constructor(private readonly pool: Pool) {}

  /** One transaction per batch: the states, movements and breakage journals commit together. */
  expireDue(input: { now: Date; limit: number }): Promise<ExpiredCertificate[]> {
    return withTransaction(this.pool, (client) => expireGiftCertificates(client, input));
  }

  pruneClaimFailures(before: Date): Promise<number> {
    return pruneClaimFailures(this.pool, before);
  }
}
