import type { SupergraphManager } from '@apollo/gateway';
import { composeSubgraphSdls, type SubgraphSdl } from '../lib/composition.js';
import type { Logger } from '../lib/logger.js';
import type { PartnerSnapshot, PartnerSource, PartnerSubgraphWire } from '../lib/registry-partner-directory.js';

export interface RuntimeSupergraphOptions {
  /** The base subgraphs: committed SDLs with the live URLs (inventory: the per-store placeholder). */
  base: SubgraphSdl[];
  /** The registry's active partner subgraphs (polled). */
  partners: PartnerSource;
  logger: Logger;
}

/**
 * A SupergraphManager for ApolloGateway: composes the base subgraphs' committed SDLs with
 * the registry's active partner subgraphs at start, and again whenever the partner
 * version moves; a new supergraph is handed to the gateway with `update` (hot swap: plans
 * in flight finish on the schema they started with, subscriptions re-plan on the new one).
 *
 * The registry only accepts partner subgraphs that compose, so a failure here means the
 * base SDLs of this gateway differ from the registry's (a deployment in progress): the
 * gateway keeps its current supergraph and logs the errors.
 */
export class RuntimeSupergraphManager implements SupergraphManager {
  /** The partner subgraphs of the supergraph in use, by name (the gateway's data sources read it). */
  private partnerSubgraphs = new Map<string, PartnerSubgraphWire>();
  private current = '';
  private composedVersion: string | undefined;

  constructor(private readonly options: RuntimeSupergraphOptions) {}

  /** The partner subgraph `name` of the supergraph in use, if it is one. */
  partner(name: string): PartnerSubgraphWire | undefined {
    return this.partnerSubgraphs.get(name);
  }

  /** For /health: the partner version the supergraph in use was composed from, and its partner subgraphs. */
  stats(): { partnerVersion?: string; partnerSubgraphs: string[] } {
    return { partnerVersion: this.composedVersion, partnerSubgraphs: [...this.partnerSubgraphs.keys()] };
  }

  async initialize({ update }: { update: (supergraphSdl: string) => void }): Promise<{ supergraphSdl: string; cleanup: () => Promise<void> }> {
    if (!this.apply(this.options.partners.current())) {
      // the partner set does not compose here: serve the base federation rather than nothing
      const base = composeSubgraphSdls(this.options.base);
      if (!base.ok) throw new Error(`the base subgraphs do not compose:\n${base.errors.join('\n')}`);
      this.current = base.supergraphSdl;
      this.partnerSubgraphs = new Map();
    }
    const unsubscribe = this.options.partners.onChange((snapshot) => {
      const previous = this.current;
      if (!this.apply(snapshot) || this.current === previous) return;
      try {
        update(this.current);
      } catch (error) {
        this.options.logger.error({ err: error, partnerVersion: snapshot.version }, 'gateway refused the recomposed supergraph');
      }
    });
    return {
      supergraphSdl: this.current,
      cleanup: async () => {
        unsubscribe();
      },
    };
  }

  /** Composes base + this snapshot's partner subgraphs; on success makes it current. */
  private apply(snapshot: PartnerSnapshot): boolean {
    const composed = composeSubgraphSdls([...this.options.base, ...snapshot.subgraphs.map(({ name, url, sdl }) => ({ name, url, sdl }))]);
    if (!composed.ok) {
      this.options.logger.error({ partnerVersion: snapshot.version, errors: composed.errors }, 'partner subgraphs do not compose with this gateway\'s base subgraphs; keeping the current supergraph');
      return false;
    }
    this.current = composed.supergraphSdl;
    this.composedVersion = snapshot.version;
    this.partnerSubgraphs = new Map(snapshot.subgraphs.map((s) => [s.name, s]));
    this.options.logger.info({ partnerVersion: snapshot.version, partnerSubgraphs: [...this.partnerSubgraphs.keys()] }, 'supergraph composed');
    return true;
  }
}
