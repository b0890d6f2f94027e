import type { SubgraphContext } from '../../lib/subgraph.js';
import type { AccountReader } from './domain/account-reader.js';
import type { SessionService } from './domain/session-service.js';

export interface SessionContext extends SubgraphContext {
  sessions: SessionService;
  /** Per request: batches account reads and limits them to the caller's own account. */
  accounts: AccountReader;
}
