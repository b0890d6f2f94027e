import type { Clock } from '../../../lib/clock.js';
import { requireStore, type Identity } from '../../../lib/identity.js';
import type { ShippingRateModel } from './model.js';
import type { ShippingRateRepository } from './ports.js';
import { shippingRateProblem } from './shipping.js';

export type SetShippingRateOutcome = (ShippingRateModel & { __typename: 'ShippingRate' }) | { __typename: 'InvalidInputError'; code: 'INVALID_INPUT'; message: string; field: string };

/** A store sets its own shipping rate (checkout applies it to the store's parts: shipping.ts). */
export class ShippingRateService {
  constructor(private readonly deps: { rates: ShippingRateRepository; clock: Clock }) {}

  async set(identity: Identity, input: { flatAmount: number; freeOverAmount?: number | null; currency: string }): Promise<SetShippingRateOutcome> {
    const storeId = requireStore(identity);
    const problem = shippingRateProblem(input);
    if (problem) return { __typename: 'InvalidInputError', code: 'INVALID_INPUT', message: problem.message, field: problem.field };
    const rate = await this.deps.rates.set({ storeId, flatAmount: input.flatAmount, freeOverAmount: input.freeOverAmount ?? null, currency: input.currency }, this.deps.clock.now());
    return { __typename: 'ShippingRate', ...rate };
  }

  /** The calling store's rate; null when it set none (the exchange's default applies). */
  async own(identity: Identity): Promise<ShippingRateModel | null> {
    return (await this.deps.rates.find(requireStore(identity))) ?? null;
  }
}
