import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { describe, expect, it } from 'vitest';
import { SUPERGRAPH_FILE } from '../../lib/composition.js';
import { SubscriptionPlanner, type PreparedSubscription } from './planner.js';

const coreSupergraphSdl = readFileSync(SUPERGRAPH_FILE, 'utf8');
const apiSchema = Supergraph.build(coreSupergraphSdl).apiSchema().toGraphQLJSSchema();

function loaded(): SubscriptionPlanner {
  const planner = new SubscriptionPlanner({ planCacheSize: 2 });
  planner.update({ coreSupergraphSdl, apiSchema, services: {}, urls: { ticket: 'http://ticket.test/graphql' } });
  return planner;
}

const SPANNING = 'subscription S { cartEvents { type ticket { id item { name } store { name } order { status } } } }';

describe('SubscriptionPlanner', () => {
  it('plans the primary fetch on the owning subgraph and the rest on the others', () => {
    const prepared = loaded().prepare({ query: SPANNING, operationName: 'S' }) as PreparedSubscription;
    expect(prepared.kind).toBe('subscription');
    expect(prepared.primary.serviceName).toBe('ticket');
    expect(prepared.primary.operation).toMatch(/^subscription S__ticket__0/);
    const services = JSON.stringify(prepared.rest).match(/"serviceName":"(\w+)"/g);
    expect(new Set(services)).toEqual(new Set(['"serviceName":"inventory"', '"serviceName":"payment"']));
  });

  it('has no rest when the selection stays within the owning subgraph', () => {
    const prepared = loaded().prepare({ query: 'subscription { cartEvents { type ticket { id sku } } }' }) as PreparedSubscription;
    expect(prepared.rest).toBeUndefined();
  });

  it('caches plans per (document, operation name) and rebuilds them for a new supergraph', () => {
    const planner = loaded();
    const first = planner.prepare({ query: SPANNING, operationName: 'S' }) as PreparedSubscription;
    // (identity checks only: these objects hold whole schemas, too big for a readable diff)
    expect(planner.prepare({ query: SPANNING, operationName: 'S' }) === first).toBe(true);
    planner.update({ coreSupergraphSdl, apiSchema, services: {}, urls: {} });
    const second = planner.prepare({ query: SPANNING, operationName: 'S' }) as PreparedSubscription;
    expect(second === first).toBe(false);
    expect(second.generation.id).toBe(first.generation.id + 1);
    // a live subscription keeps its own generation: plan, schema and URLs of the supergraph it began on
    expect(first.generation.urls).toEqual({ ticket: 'http://ticket.test/graphql' });
  });

  it('refuses bad operations with catalogued codes', () => {
    const planner = loaded();
    const codes = (query: string, variables?: Record<string, unknown>) => {
      const result = planner.prepare({ query, variables });
      return result.kind === 'errors' ? result.errors.map((e) => e.extensions.code) : [];
    };
    expect(codes('subscription {')).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(codes('subscription { cartEvents { nope } }')).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(codes('subscription { cartEvents { type } availabilityChanges { sku } }')).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(codes('subscription($id: ID) { cartEvents(cartId: $id) { type } }', { id: [1, 2] })).toEqual(['BAD_USER_INPUT']);
    expect(loaded().prepare({ query: '{ stores { id } }' }).kind).toBe('query');
  });
});
