import { createInternalRpcClient } from './internal-rpc.js';
import type { Logger } from './logger.js';
import { RegistryPoller } from './registry-poller.js';
import { DEFAULT_REGISTRY_POLL_MS } from './registry-store-directory.js';
import { hashApiKey } from './store-directory.js';

/** One active partner subgraph as the registry hands it to gateways (internal RPC only). */
export interface PartnerSubgraphWire {
  name: string;
  url: string;
  /** The SDL accepted at registration: what every gateway composes. */
  sdl: string;
  partnerId: string;
}

/** A partner account as gateways need it: who a key belongs to, and what to sign its subgraphs' identities with. */
export interface PartnerWire {
  id: string;
  /** sha256 (hex) of the partner's API key. */
  apiKeyHash: string;
  /** In clear: the gateway signs identities forwarded to this partner's subgraphs with it. */
  secret: string;
}

/** `POST /internal/partners/list` on the registry (signed with INTERNAL_SECRET). */
export interface RegistryPartnersListRequest {
  ifNoneMatch?: string;
}

export type RegistryPartnersListResponse =
  | { version: string; notModified: true }
  | { version: string; notModified: false; subgraphs: PartnerSubgraphWire[]; partners: PartnerWire[] };

export const REGISTRY_PARTNERS_LIST = 'partners/list';

export interface PartnerSnapshot {
  version: string;
  subgraphs: readonly PartnerSubgraphWire[];
}

/** What the gateway needs from partners: the subgraphs to compose, and who a partner key is. */
export interface PartnerSource {
  current(): PartnerSnapshot;
  /** Called after a poll brought a new version (not for unchanged ones). Returns an unsubscribe. */
  onChange(listener: (snapshot: PartnerSnapshot) => void): () => void;
  byApiKey(apiKey: string): PartnerWire | undefined;
  byId(id: string): PartnerWire | undefined;
}

export interface RegistryPartnerDirectoryOptions {
  registryUrl: string;
  internalSecret: string;
  logger: Logger;
  intervalMs?: number;
  timeoutMs?: number;
  fetchList?: (request: RegistryPartnersListRequest) => Promise<RegistryPartnersListResponse>;
}

interface State extends PartnerSnapshot {
  byKeyHash: Map<string, PartnerWire>;
  byId: Map<string, PartnerWire>;
}

/**
 * The partner subgraphs and partner accounts of a running exchange, polled from the
 * registry (`partners/list`, default every 2 s, the partner version as an etag). A new
 * version is swapped in whole and announced to `onChange` listeners (the gateway
 * recomposes); while the registry is down the last good list stays in use.
 */
export class RegistryPartnerDirectory implements PartnerSource {
  private state: State = { version: '', subgraphs: [], byKeyHash: new Map(), byId: new Map() };
  private readonly listeners = new Set<(snapshot: PartnerSnapshot) => void>();
  private readonly poller: RegistryPoller<RegistryPartnersListResponse>;

  constructor(private readonly options: RegistryPartnerDirectoryOptions) {
    const call = options.fetchList
      ? undefined
      : createInternalRpcClient({ baseUrl: options.registryUrl, secret: options.internalSecret, timeoutMs: options.timeoutMs ?? 5_000 });
    this.poller = new RegistryPoller<RegistryPartnersListResponse>({
      what: 'partner registry',
      registryUrl: options.registryUrl,
      intervalMs: options.intervalMs ?? DEFAULT_REGISTRY_POLL_MS,
      logger: options.logger,
      fetch: options.fetchList ?? ((request) => call!<RegistryPartnersListResponse>(REGISTRY_PARTNERS_LIST, request)),
      currentVersion: () => this.state.version,
      apply: (answer) => this.apply(answer),
    });
  }

  /** Loads the first list (retrying until `startTimeoutMs`), then polls in the background. */
  start(startTimeoutMs = 30_000): Promise<void> {
    return this.poller.start(startTimeoutMs);
  }

  refresh(): Promise<boolean> {
    return this.poller.refresh();
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.poller.close();
  }

  current(): PartnerSnapshot {
    return { version: this.state.version, subgraphs: this.state.subgraphs };
  }

  onChange(listener: (snapshot: PartnerSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  byApiKey(apiKey: string): PartnerWire | undefined {
    return apiKey ? this.state.byKeyHash.get(hashApiKey(apiKey)) : undefined;
  }

  byId(id: string): PartnerWire | undefined {
    return this.state.byId.get(id);
  }

  private apply(response: Exclude<RegistryPartnersListResponse, { notModified: true }>): void {
    if (!Array.isArray(response.subgraphs) || !Array.isArray(response.partners)) throw new Error('partner registry answered without lists');
    const byKeyHash = new Map<string, PartnerWire>();
    const byId = new Map<string, PartnerWire>();
    for (const p of response.partners) {
      const entry = Object.freeze({ ...p });
      byKeyHash.set(p.apiKeyHash, entry);
      byId.set(p.id, entry);
    }
    const subgraphs = Object.freeze(response.subgraphs.map((s) => Object.freeze({ ...s })));
    const changed = this.state.version !== response.version;
    this.state = { version: response.version, subgraphs, byKeyHash, byId };
    if (!changed) return;
    this.options.logger.info({ version: response.version, subgraphs: subgraphs.map((s) => s.name) }, 'partner subgraphs updated');
    for (const listener of [...this.listeners]) {
      try {
        listener(this.current());
      } catch (error) {
        this.options.logger.error({ err: error }, 'partner change listener failed');
      }
    }
  }
}

