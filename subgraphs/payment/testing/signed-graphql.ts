import { expect } from 'vitest';
import { IDENTITY_HEADER, signIdentity, type Identity } from '../../../lib/identity.js';

/** A GraphQL response body as the tests read it: `data` untyped, errors with their code. */
export interface GraphQLBody {
  data?: any;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export type SignedGraphqlCaller = ReturnType<typeof signedGraphqlCaller>;

/**
 * GraphQL over HTTP straight to a subgraph, as the gateway would send it: the identity (if
 * any) signed with `identityKey` in the identity header. `urlOf` is read at each call (servers
 * start in beforeAll); a call may name another server's url instead.
 * - `gql` answers the whole body (data and errors);
 * - `ok` expects no errors and answers `data`.
 */
export function signedGraphqlCaller(urlOf: () => string, identityKey: string) {
  async function gql(identity: Identity | null, query: string, variables?: Record<string, unknown>, url = urlOf()): Promise<GraphQLBody> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (identity) headers[IDENTITY_HEADER] = signIdentity(identity, identityKey);
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as GraphQLBody;
  }

  async function ok(identity: Identity | null, query: string, variables?: Record<string, unknown>, url?: string): Promise<any> {
    const body = await gql(identity, query, variables, url);
    expect(body.errors).toBeUndefined();
    return body.data;
  }

  return { gql, ok };
}
