import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Identity } from '../../../lib/identity.js';
import { ISSUE } from './documents.js';
import type { InMemoryAccountContacts } from './memory-account-contacts.js';
import type { SignedGraphqlCaller } from './signed-graphql.js';

const DAY = 86_400_000;

/**
 * An account (known to the session service's double `contacts`) holding one gift certificate
 * of `gift` (USD, expiring in 100 days), issued through GraphQL by `operator`.
 */
export async function issueShopperWithGift(
  deps: { ok: SignedGraphqlCaller['ok']; contacts: InMemoryAccountContacts; operator: Identity },
  gift: number,
): Promise<{ shopper: Identity; certificateId: string }> {
  const accountId = randomUUID();
  deps.contacts.add(accountId, `acct-${accountId.slice(0, 8)}@example.com`);
  const shopper: Identity = { kind: 'ACCOUNT', sessionId: `sess_${randomUUID()}`, accountId };
  const issued = (await deps.ok(deps.operator, ISSUE, { input: { accountId, amount: gift, currency: 'USD', expiresAt: new Date(Date.now() + 100 * DAY).toISOString(), idempotencyKey: randomUUID() } })).issueGiftCertificate;
  expect(issued.__typename).toBe('GiftCertificate');
  return { shopper, certificateId: issued.id as string };
}
