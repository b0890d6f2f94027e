import type { IncomingMessage } from 'node:http';
import type { Route } from '../../../lib/http-server.js';
import type { Logger } from '../../../lib/logger.js';
import { verifyRequestSignature } from '../../../lib/signing.js';
import { parseStoreAuthorizeRequest, parseStoreMoneyRequest } from '../../../lib/store-payment-protocol.js';
import type { PgStorePaymentProcessor, ProcessorOutcome } from './pg-store-payment-processor.js';

/** Where the native store serves its payment endpoint: `{origin}/payments` (the registry's `paymentEndpoint`). */
export const STORE_PAYMENTS_PATH = '/payments';

/** The payment endpoint of a native store whose subgraph answers at `graphqlUrl` (…/graphql). */
export function paymentEndpointOf(graphqlUrl: string): string {
  return `${new URL(graphqlUrl).origin}${STORE_PAYMENTS_PATH}`;
}

/**
 * The store payment protocol's routes on the native store (lib/store-payment-protocol.ts):
 * `POST /payments/authorize | /capture | /void | /refund`, each verifying the exchange's
 * signature with the store's secret (401 INVALID_SIGNATURE otherwise) before anything is read.
 * Bodies are never logged: authorize carries the card.
 */
export function storePaymentRoutes(options: { processor: PgStorePaymentProcessor; secret: string; logger: Logger }): Record<string, Route> {
  const { processor, secret, logger } = options;
  const route =
    <T>(operation: string, parse: (body: Record<string, unknown>) => T | string, run: (request: T) => Promise<ProcessorOutcome<unknown>>): Route =>
    async (req: IncomingMessage, raw: string) => {
      const headers = { get: (h: string) => req.headers[h] as string | undefined };
      if (!verifyRequestSignature([secret], headers, raw)) {
        return { status: 401, body: { error: { code: 'INVALID_SIGNATURE', message: 'Payment calls must be signed with the store secret.' } } };
      }
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        return { status: 400, body: { error: { code: 'BAD_REQUEST', message: 'The body is not JSON.' } } };
      }
      const request = body && typeof body === 'object' ? parse(body as Record<string, unknown>) : 'the body must be a JSON object';
      if (typeof request === 'string') return { status: 400, body: { error: { code: 'INVALID_INPUT', message: request } } };
      const outcome = await run(request);
      if (outcome.kind === 'key_reused') {
        return { status: 409, body: { error: { code: 'IDEMPOTENCY_KEY_REUSED', message: 'This idempotency key was used for another payment call.' } } };
      }
      logger.info({ operation, status: (outcome.response as { status: string }).status }, 'store payment call');
      return { status: 200, body: outcome.response };
    };

  return {
    [`POST ${STORE_PAYMENTS_PATH}/authorize`]: route('authorize', parseStoreAuthorizeRequest, (r) => processor.authorize(r)),
    [`POST ${STORE_PAYMENTS_PATH}/capture`]: route('capture', (b) => parseStoreMoneyRequest('capture', b), (r) => processor.capture(r)),
    // names the authorization by reference, or by the key of its authorize call (authorizationKey)
    [`POST ${STORE_PAYMENTS_PATH}/void`]: route('void', (b) => parseStoreMoneyRequest('void', b), (r) => processor.void(r)),
    [`POST ${STORE_PAYMENTS_PATH}/refund`]: route('refund', (b) => parseStoreMoneyRequest('refund', b), (r) => processor.refund(r)),
  };
}
