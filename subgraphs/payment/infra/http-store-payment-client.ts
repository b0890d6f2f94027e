import { StoreCircuitBreaker, type CircuitBreakerOptions } from '../../../lib/circuit-breaker.js';
import { DomainError } from '../../../lib/errors.js';
import { storeUnavailable } from '../../../lib/inventory-client.js';
import { signRequestHeaders } from '../../../lib/signing.js';
import type { StoreDirectory, StoreEntry } from '../../../lib/store-directory.js';
import {
  parseAuthorizeResponse,
  parseMoneyResponse,
  parseStoreMoneyRequest,
  storePaymentUrl,
  type StoreAuthorizeRequest,
  type StoreAuthorizeResponse,
  type StoreMoneyRequest,
  type StoreMoneyResponse,
  type StorePaymentOperation,
  type StoreVoidRequest,
} from '../../../lib/store-payment-protocol.js';
import type { StorePaymentGateway } from '../domain/store-payments.js';

export interface HttpStorePaymentClientOptions {
  directory: StoreDirectory;
  /** Per call (default 10 s): a store slower than this counts as unreachable (outcome unknown: retried with the same key). */
  timeoutMs?: number;
  /** After repeated failures a store's payment endpoint is not called for a while (calls fail fast). */
  circuitBreaker?: CircuitBreakerOptions;
  /** Injected in tests; default the global fetch. */
  fetch?: typeof fetch;
}

/**
 * The exchange side of the store payment protocol (lib/store-payment-protocol.ts): signed
 * JSON POSTs to `{paymentEndpoint}/authorize | /capture | /void | /refund` of a store that
 * runs its own payment handling. The endpoint and the secret are read from the store
 * directory at every call (an operator may move or clear the endpoint at run time).
 *
 * A store that cannot be reached, times out, answers non-2xx or with something that is not a
 * protocol result throws DomainError STORE_UNAVAILABLE (with `storeId`): the outcome is
 * unknown and the caller retries with the same idempotency key. A per-store circuit breaker
 * (the store protocol's) makes calls to a failing store fail fast for a few seconds.
 *
 * Bodies are never logged here (authorize carries the card), and errors never quote them.
 */
export class HttpStorePaymentClient implements StorePaymentGateway {
  private readonly timeoutMs: number;
  private readonly breaker: StoreCircuitBreaker;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: HttpStorePaymentClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.breaker = new StoreCircuitBreaker(options.circuitBreaker);
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async paymentEndpointOf(storeId: string): Promise<string | null> {
    return (await this.options.directory.get(storeId))?.paymentEndpoint ?? null;
  }

  async authorize(storeId: string, request: StoreAuthorizeRequest): Promise<StoreAuthorizeResponse> {
    const json = await this.call(storeId, 'authorize', request);
    const parsed = parseAuthorizeResponse(json);
    if (!parsed) throw this.failed(storeId, 'authorize', 'answered with no authorization result');
    return parsed;
  }

  capture(storeId: string, request: StoreMoneyRequest): Promise<StoreMoneyResponse> {
    return this.money(storeId, 'capture', request);
  }

  /** By the authorization's reference, or by the idempotency key of its authorize call (`authorizationKey`) when its answer was lost. */
  void(storeId: string, request: StoreVoidRequest): Promise<StoreMoneyResponse> {
    return this.money(storeId, 'void', request);
  }

  refund(storeId: string, request: StoreMoneyRequest): Promise<StoreMoneyResponse> {
    return this.money(storeId, 'refund', request);
  }

  private async money(storeId: string, operation: Exclude<StorePaymentOperation, 'authorize'>, request: StoreVoidRequest): Promise<StoreMoneyResponse> {
    // the store would refuse it (400: an unknown outcome, retried for ever): a bug here, not an outage
    const problem = parseStoreMoneyRequest(operation, request);
    if (typeof problem === 'string') throw new Error(`store payment ${operation} request for ${storeId} is malformed: ${problem}`);
    const json = await this.call(storeId, operation, request);
    const parsed = parseMoneyResponse(json);
    if (!parsed) throw this.failed(storeId, operation, 'answered with no result');
    return parsed;
  }

  private async call(storeId: string, operation: StorePaymentOperation, request: object): Promise<unknown> {
    const store = await this.options.directory.get(storeId);
    if (!store) throw new DomainError('STORE_NOT_FOUND', `No store ${JSON.stringify(storeId)} is part of the federation.`, { storeId });
    if (!store.paymentEndpoint) throw storeUnavailable(storeId, `Store ${storeId} has no payment endpoint configured (it no longer runs its own payment handling).`, { operation });
    if (!this.breaker.tryAcquire(storeId)) {
      throw storeUnavailable(storeId, `Store ${storeId}'s payment endpoint is failing; not calling it again for a few seconds.`, { circuit: 'open', operation });
    }
    try {
      const json = await this.send(store as StoreEntry & { paymentEndpoint: string }, operation, request);
      this.breaker.recordSuccess(storeId);
      return json;
    } catch (error) {
      this.breaker.recordFailure(storeId);
      throw error;
    }
  }

  private async send(store: StoreEntry & { paymentEndpoint: string }, operation: StorePaymentOperation, request: object): Promise<unknown> {
    const body = JSON.stringify(request);
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(storePaymentUrl(store.paymentEndpoint, operation), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...signRequestHeaders(store.secret, body) },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : (error as Error).message;
      throw this.failed(store.id, operation, `is unreachable: ${reason}`);
    }
    if (!response.ok) throw this.failed(store.id, operation, `failed (HTTP ${response.status})`, { status: response.status });
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw this.failed(store.id, operation, 'answered with something that is not JSON');
    }
  }

  private failed(storeId: string, operation: StorePaymentOperation, what: string, details: Record<string, unknown> = {}): DomainError {
    return storeUnavailable(storeId, `Store ${storeId}'s payment endpoint (${operation}) ${what}.`, { ...details, operation });
  }
}
