import { createInternalRpcClient } from '../../lib/internal-rpc.js';
import { priceRuleFromWire, type PriceRule } from '../../lib/pricing.js';

export interface PriceRulesClientOptions {
  /** The payment service's URL (PAYMENT_URL; its /graphql URL works too), or a function giving it once known. */
  baseUrl: string | (() => string);
  /** INTERNAL_SECRET, shared with the payment service. */
  secret: string;
  timeoutMs?: number;
}

export interface PriceRulesClient {
  /**
   * Every price rule of the store for these skus (pricing decides which apply). Rejects
   * when the payment service cannot be reached (or refuses the signature).
   */
  rulesFor(storeId: string, skus: readonly string[]): Promise<PriceRule[]>;
}

/** The ticket subgraph's client for payment's `POST /internal/pricing/rules` (signed with INTERNAL_SECRET). */
export function createPriceRulesClient(options: PriceRulesClientOptions): PriceRulesClient {
  let call: ReturnType<typeof createInternalRpcClient> | undefined;
  const rpc = () =>
    (call ??= createInternalRpcClient({
      baseUrl: typeof options.baseUrl === 'function' ? options.baseUrl() : options.baseUrl,
      secret: options.secret,
      timeoutMs: options.timeoutMs ?? 2_000,
    }));
  return {
    async rulesFor(storeId, skus) {
      if (skus.length === 0) return [];
      const result = await rpc()<{ rules?: unknown }>('pricing/rules', { storeId, skus: [...skus] });
      const wire = Array.isArray(result?.rules) ? result.rules : [];
      // a rule that cannot be read never applies (it could only have lowered the price)
      return wire.map(priceRuleFromWire).filter((rule): rule is PriceRule => rule !== null && rule.storeId === storeId);
    },
  };
}
