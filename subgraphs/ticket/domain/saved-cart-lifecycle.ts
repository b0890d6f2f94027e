import type { Identity } from '../../../lib/identity.js';
import type { BasketRepository } from './baskets.js';
import type { RestoreCartOutcome } from './results.js';
import { isUuid } from './rules.js';
import { SavedCartService, type SavedCartServiceDeps } from './saved-cart-service.js';

/**
 * Saved carts with their age kept: a saved cart is a basket left open under the account,
 * and it expires BASKET_MAX_AGE_DAYS after it was saved or last restored (BasketJanitor;
 * an expired one is no longer listed or restorable: SAVED_CART_NOT_FOUND). Restoring
 * notes the time; everything else is SavedCartService's.
 */
export class SavedCartLifecycleService extends SavedCartService {
  private readonly baskets: BasketRepository;
  private readonly now: () => Date;

  constructor(deps: SavedCartServiceDeps & { baskets: BasketRepository }) {
    super(deps);
    this.baskets = deps.baskets;
    this.now = () => deps.clock.now();
  }

  override async restoreSavedCart(identity: Identity, savedCartId: string, idempotencyKey: string): Promise<RestoreCartOutcome> {
    const outcome = await super.restoreSavedCart(identity, savedCartId, idempotencyKey);
    // a restore (or its replay) is a use of the saved cart: it stays for another max age
    if (outcome.__typename === 'CartRestored' && identity.accountId && isUuid(savedCartId)) {
      await this.baskets.savedCartRestored(identity.accountId, savedCartId, this.now());
    }
    return outcome;
  }
}
