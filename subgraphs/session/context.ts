import type { SubgraphContext } from '../../lib/subgraph.js';
import type { AccountReader } from './domain/account-reader.js';
import type { RelayService } from './domain/relay-service.js';
import type { SessionService } from './domain/session-service.js';
import type { StoreLoginService } from './domain/store-login.js';

export interface SessionContext extends SubgraphContext {
  sessions: SessionService;
  relays: RelayService;
  storeLogins: StoreLoginService;
  /** Per request: batches account reads and limits them to the caller's own account. */
  accounts: AccountReader;
}
