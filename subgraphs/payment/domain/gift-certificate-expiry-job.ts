import { inBatches, PeriodicJob, positiveOption } from '../../../lib/periodic.js';
import type { Clock } from '../../../lib/clock.js';
import type { Logger } from '../../../lib/logger.js';

/** A certificate the job expired, with the balance that was left on it (breakage; 0: none). */
export interface ExpiredCertificate {
  id: string;
  currency: string;
  breakage: number;
}

/** Gift certificates and refused claims in storage (infra/pg-gift-certificate-expiry.ts). */
export interface GiftCertificateExpiryStore {
  /**
   * Up to `limit` certificates past their expiry at `now` (ACTIVE or UNCLAIMED) become
   * EXPIRED in one transaction: each one's balance goes to 0 with an EXPIRED movement and a
   * GIFT_CERTIFICATE_EXPIRED journal (reference = certificate id). Claimed with SKIP LOCKED,
   * so replicas expire different ones. Returns them.
   */
  expireDue(input: { now: Date; limit: number }): Promise<ExpiredCertificate[]>;
  /** Deletes refused claims from before `before` (the claim rate limit's records). Returns how many. */
  pruneClaimFailures(before: Date): Promise<number>;
}

export interface GiftCertificateExpiryJobOptions {
  /** Pause between runs (default 10 min; GIFT_EXPIRY_JOB_INTERVAL_MS). */
  intervalMs?: number;
  /** Certificates expired per transaction (default 200). */
  batchSize?: number;
  /** Refused claims are kept this long (default 15 min: the claim rate limit's longest window). */
  claimFailureRetentionMs?: number;
}

export interface GiftCertificateExpiryJobDeps {
  store: GiftCertificateExpiryStore;
  clock: Clock;
  logger: Logger;
  options?: GiftCertificateExpiryJobOptions;
}

export const DEFAULT_GIFT_EXPIRY_INTERVAL_MS = 10 * 60_000;

/**
 * Expires gift certificates (domain "Gift certificates"): past its expiry a certificate can
 * no longer be spent (checkout reads expires_at), and this job settles the books — it is
 * marked EXPIRED and the balance left on it is breakage (Dr liability:gift-certificates,
 * Cr revenue:gift-certificate-breakage). Idempotent: a certificate is expired once (its state
 * changes with the journal, and the journal's reference is the certificate id). It also
 * prunes the claim rate limit's records of refused claims once they count in no window.
 *
 * Safe with any number of replicas (SKIP LOCKED). Runs on a timer while started; tests
 * call `runOnce()`.
 */
export class GiftCertificateExpiryJob extends PeriodicJob<{ expired: ExpiredCertificate[]; prunedClaimFailures: number }> {
  private readonly batchSize: number;
  private readonly claimFailureRetentionMs: number;

  constructor(private readonly deps: GiftCertificateExpiryJobDeps) {
    const o = deps.options ?? {};
    const intervalMs = positiveOption('GiftCertificateExpiryJob.intervalMs', o.intervalMs ?? DEFAULT_GIFT_EXPIRY_INTERVAL_MS);
    super({ intervalMs, logger: deps.logger, name: 'gift certificate expiry' });
    this.batchSize = positiveOption('GiftCertificateExpiryJob.batchSize', o.batchSize ?? 200);
    this.claimFailureRetentionMs = positiveOption('GiftCertificateExpiryJob.claimFailureRetentionMs', o.claimFailureRetentionMs ?? 15 * 60_000);
  }

  /** Expires every certificate past its expiry and prunes old refused claims (the timer calls it; tests may too). */
  override async runOnce(): Promise<{ expired: ExpiredCertificate[]; prunedClaimFailures: number }> {
    const expired = await inBatches(this.batchSize, () => this.deps.store.expireDue({ now: this.deps.clock.now(), limit: this.batchSize }));
    if (expired.length > 0) {
      const breakage: Record<string, number> = {};
      for (const c of expired) breakage[c.currency] = (breakage[c.currency] ?? 0) + c.breakage;
      this.deps.logger.info({ certificates: expired.map((c) => c.id), breakage }, 'gift certificates expired; what was left on them is breakage');
    }
    const prunedClaimFailures = await this.deps.store.pruneClaimFailures(new Date(this.deps.clock.now().getTime() - this.claimFailureRetentionMs));
    return { expired, prunedClaimFailures };
  }
}
