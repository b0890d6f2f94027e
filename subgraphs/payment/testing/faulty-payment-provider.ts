import type { RawCard } from '../domain/card-check.js';
import type {
  AuthorizeRequest,
  AuthorizeResult,
  CaptureRequest,
  CardToken,
  PaymentProvider,
  ProviderResult,
  RefundRequest,
  VoidRequest,
} from '../domain/payment-provider.js';

type Method = 'authorize' | 'capture' | 'void' | 'refund';

/**
 * Fault injection around a real provider (tests): the next N calls of a method fail
 * `before` reaching it (provider down) or `after` it acted (the answer was lost, the
 * money moved), and every call may be delayed.
 */
export class FaultyPaymentProvider implements PaymentProvider {
  private readonly failures = new Map<Method, { left: number; when: 'before' | 'after' }>();
  private delayMs = 0;

  constructor(private readonly inner: PaymentProvider) {}

  failNext(method: Method, times: number, when: 'before' | 'after'): this {
    this.failures.set(method, { left: times, when });
    return this;
  }

  delay(ms: number): this {
    this.delayMs = ms;
    return this;
  }

  tokenize(card: RawCard): Promise<CardToken> {
    return this.inner.tokenize(card);
  }

  authorize(request: AuthorizeRequest): Promise<AuthorizeResult> {
    return this.call('authorize', () => this.inner.authorize(request));
  }

  capture(request: CaptureRequest): Promise<ProviderResult> {
    return this.call('capture', () => this.inner.capture(request));
  }

  void(request: VoidRequest): Promise<ProviderResult> {
    return this.call('void', () => this.inner.void(request));
  }

  refund(request: RefundRequest): Promise<ProviderResult> {
    return this.call('refund', () => this.inner.refund(request));
  }

  private async call<T>(method: Method, run: () => Promise<T>): Promise<T> {
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    const failure = this.failures.get(method);
    if (!failure || failure.left <= 0) return run();
    failure.left--;
    if (failure.when === 'before') throw new Error(`${method}: provider unavailable (injected)`);
    await run();
    throw new Error(`${method}: the provider's answer was lost (injected timeout)`);
  }
}
