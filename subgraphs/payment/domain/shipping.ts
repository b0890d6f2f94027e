/**
 * Shipping, priced per store on the server (never by the client): each store part of an
 * order pays its store's flat rate, or nothing when its items subtotal reaches the
 * store's free-over threshold. A store without a rate in the part's currency gets the
 * exchange's default. The exchange fee applies to items only: a store is owed
 * items − fee + shipping.
 */
export interface StoreShippingRate {
  storeId: string;
  flatAmount: number;
  /** the part ships free when its items subtotal is at least this (null: never free) */
  freeOverAmount: number | null;
  currency: string;
}

export interface DefaultShipping {
  flatAmount: number;
  freeOverAmount: number | null;
}

export const DEFAULT_SHIPPING: DefaultShipping = Object.freeze({ flatAmount: 500, freeOverAmount: null });

/** Shipping of one store part, in the part's currency. */
export function shippingFor(subtotal: number, currency: string, rate: StoreShippingRate | undefined, fallback: DefaultShipping): number {
  const applies = rate !== undefined && rate.currency === currency ? rate : fallback;
  if (applies.freeOverAmount !== null && subtotal >= applies.freeOverAmount) return 0;
  return applies.flatAmount;
}

export type ShippingRateProblem = { field: 'flatAmount' | 'freeOverAmount' | 'currency'; message: string };

const MAX_AMOUNT = 100_000_000_00;

/** Why a rate is unacceptable, or null. */
export function shippingRateProblem(input: { flatAmount: number; freeOverAmount?: number | null; currency: string }): ShippingRateProblem | null {
  if (!Number.isSafeInteger(input.flatAmount) || input.flatAmount < 0 || input.flatAmount > MAX_AMOUNT) {
    return { field: 'flatAmount', message: 'flatAmount must be a non-negative integer of minor units.' };
  }
  if (input.freeOverAmount != null && (!Number.isSafeInteger(input.freeOverAmount) || input.freeOverAmount < 0 || input.freeOverAmount > MAX_AMOUNT)) {
    return { field: 'freeOverAmount', message: 'freeOverAmount must be a non-negative integer of minor units (or null: never free).' };
  }
  if (!/^[A-Z]{3}$/.test(input.currency)) return { field: 'currency', message: 'currency must be an ISO 4217 code such as USD.' };
  return null;
}

export function assertDefaultShipping(value: DefaultShipping): DefaultShipping {
  const problem = shippingRateProblem({ ...value, currency: 'XXX' });
  if (problem) throw new Error(`default shipping: ${problem.message}`);
  return value;
}
