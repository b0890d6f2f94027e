import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../../../lib/http-server.js';
import { verifyRequestSignature } from '../../../lib/signing.js';
import type { StoreAuthorizeRequest, StoreMoneyRequest, StorePaymentOperation } from '../../../lib/store-payment-protocol.js';

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
 */
export class FakeStorePaymentEndpoint {
  readonly calls: FakeStorePaymentCall[] = [];
  readonly declineCards = new Set(['4000000000000002']);
  /** Distinct authorizations (a repeated key is not a new one). */
  readonly authorizations: (StoreAuthorizeRequest & { status: 'approved' | 'declined'; reference?: string })[] = [];
  /** Distinct captures, voids and refunds. */
  readonly operations: (StoreMoneyRequest & { operation: StorePaymentOperation })[] = [];
  delayMs = 0;
  private answers = new Map<string, unknown>();
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
    const previous = this.answers.get(body.idempotencyKey);
    if (previous) return send(200, previous);
    let answer: unknown;
    if (operation === 'authorize') {
      const request = body as StoreAuthorizeRequest;
      const declined = this.declineCards.has(request.card.number);
      const reference = `fauth_${++this.seq}`;
      answer = declined ? { status: 'declined', declineCode: 'card_declined' } : { status: 'approved', reference };
      this.authorizations.push({ ...request, status: declined ? 'declined' : 'approved', ...(declined ? {} : { reference }) });
    } else {
      const request = body as StoreMoneyRequest;
      this.operations.push({ ...request, operation });
      answer = { status: 'succeeded', reference: `f${operation}_${++this.seq}` };
    }
    this.answers.set(body.idempotencyKey, answer);
    send(200, answer);
  }
}
