import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../../../lib/http-server.js';
import { verifyRequestSignature } from '../../../lib/signing.js';
import { AUTHORIZATION_VOIDED, type StoreAuthorizeRequest, type StorePaymentOperation, type StoreVoidRequest } from '../../../lib/store-payment-protocol.js';

export interface FakeStorePaymentCall {
  operation: StorePaymentOperation;
  /** the body as received (authorize carries the card) */
  body: Record<string, any>;
  signed: boolean;
}

/**
 * A store's payment endpoint for tests (store-run payments): an HTTP server on a free port
 * that verifies the exchange's signature with the store's secret (401 otherwise), answers
 * the store payment protocol idempotently per key and records every call. Cards in
 * `declineCards` (default 4000000000000002) are declined; `down()` answers 503 to everything
 * (a store that cannot be reached); `delay` slows every answer.
 *
 * Lost answers: `loseAnswers(operation, n)` makes the next n calls of `operation` act (an
 * authorize is approved) and then drop the connection without answering; `authorizeDelayMs`
 * holds an authorize before the store acts on it (an authorize arriving late). A void may
 * name the authorization by `authorizationKey`; as the protocol requires, a key voided before
 * its authorize arrives is remembered, and that authorize is declined `authorization_voided`.
 */
export class FakeStorePaymentEndpoint {
  readonly calls: FakeStorePaymentCall[] = [];
  readonly declineCards = new Set(['4000000000000002']);
  /** Distinct authorizations (a repeated key is not a new one). */
  readonly authorizations: (StoreAuthorizeRequest & { status: 'approved' | 'declined'; reference?: string; declineCode?: string; voided?: true })[] = [];
  /** Distinct captures, voids and refunds. */
  readonly operations: (StoreVoidRequest & { operation: StorePaymentOperation })[] = [];
  delayMs = 0;
  /** How long an authorize waits before the store acts on it. */
  authorizeDelayMs = 0;
  private answers = new Map<string, unknown>();
  /** authorize keys voided before any authorize with them arrived */
  private voidedKeys = new Set<string>();
  private lose: Partial<Record<StorePaymentOperation, number>> = {};
  private unavailable = false;
  private server?: http.Server;
  private seq = 0;

  constructor(private readonly secret: string) {}

  /** Starts listening; resolves to the payment endpoint (the base URL). */
  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/store-pay`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }

  down(): void {
    this.unavailable = true;
  }

  up(): void {
    this.unavailable = false;
  }

  count(operation: StorePaymentOperation): number {
    return this.calls.filter((c) => c.operation === operation).length;
  }

  /** The next `times` calls of `operation` are carried out, but their answers never reach the caller. */
  loseAnswers(operation: StorePaymentOperation, times = 1): void {
    this.lose[operation] = (this.lose[operation] ?? 0) + times;
  }

  /** The authorization made with the exchange's idempotency key `key`. */
  authorizationByKey(key: string) {
    return this.authorizations.find((a) => a.idempotencyKey === key);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const operation = /^\/store-pay\/(authorize|capture|void|refund)$/.exec(req.url ?? '')?.[1] as StorePaymentOperation | undefined;
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (!operation || req.method !== 'POST') return send(404, { error: 'not found' });
    const signed = verifyRequestSignature([this.secret], { get: (h) => req.headers[h] as string | undefined }, raw);
    const body = JSON.parse(raw) as Record<string, any>;
    this.calls.push({ operation, body, signed });
    if (!signed) return send(401, { error: { code: 'INVALID_SIGNATURE' } });
    if (this.unavailable) return send(503, { error: 'down for maintenance' });
    if (operation === 'authorize' && this.authorizeDelayMs) await new Promise((r) => setTimeout(r, this.authorizeDelayMs));
    const previous = this.answers.get(body.idempotencyKey);
    if (previous) return send(200, previous);
    let answer: unknown;
    if (operation === 'authorize') {
      const request = body as StoreAuthorizeRequest;
      // a void named this key first: the authorization is refused, never approved
      const declineCode = this.voidedKeys.has(request.idempotencyKey) ? AUTHORIZATION_VOIDED : this.declineCards.has(request.card.number) ? 'card_declined' : null;
      const reference = `fauth_${++this.seq}`;
      answer = declineCode ? { status: 'declined', declineCode } : { status: 'approved', reference };
      this.authorizations.push({ ...request, ...(declineCode ? { status: 'declined', declineCode } : { status: 'approved', reference }) });
    } else {
      const request = body as StoreVoidRequest;
      this.operations.push({ ...request, operation });
      if (operation === 'void') {
        const authorization = request.authorizationKey !== undefined ? this.authorizationByKey(request.authorizationKey) : this.authorizations.find((a) => a.reference === request.reference);
        if (authorization?.status === 'approved') authorization.voided = true;
        // nothing under the key yet: remembered, so its authorize is declined when it arrives
        else if (request.authorizationKey !== undefined && !authorization) this.voidedKeys.add(request.authorizationKey);
      }
      answer = { status: 'succeeded', reference: `f${operation}_${++this.seq}` };
    }
    this.answers.set(body.idempotencyKey, answer);
    if (this.lose[operation]) {
      // carried out, but the answer is lost on the way back
      this.lose[operation]! -= 1;
      res.destroy();
      return;
    }
    send(200, answer);
  }
}
