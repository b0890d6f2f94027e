import { IDENTITY_HEADER, signIdentity } from '../../lib/identity.js';
import type { RegisterStoreInput } from './domain/model.js';

/**
 * A small operator client for the registry's API: through the gateway (header
 * x-operator-key), or straight at the registry subgraph with an OPERATOR identity signed
 * with IDENTITY_KEY (scripts that hold that key). The exchange scripts register their
 * demo stores with it.
 */
export const REGISTER_STORE = /* GraphQL */ `
  mutation RegisterStore($input: RegisterStoreInput!) {
    registerStore(input: $input) {
      __typename
      ... on RegisteredStore { id name url status }
      ... on ErrorResult { code message }
      ... on ContractMismatchError { differences }
      ... on InvalidInputError { field }
    }
  }
`;

export interface OperatorClientOptions {
  gatewayUrl: string;
  operatorKey: string;
  timeoutMs?: number;
}

/** Registers a store through the gateway; resolves with the store, throws with the registry's reason otherwise. */
export function registerStoreThroughGateway(options: OperatorClientOptions, input: RegisterStoreInput): Promise<{ id: string; status: string }> {
  return registerStore(options.gatewayUrl, { 'x-operator-key': options.operatorKey }, input, options.timeoutMs);
}

/** Registers a store at the registry subgraph itself, as an operator identity signed with `identityKey`. */
export function registerStoreAtRegistry(registryUrl: string, identityKey: string, input: RegisterStoreInput, timeoutMs?: number): Promise<{ id: string; status: string }> {
  return registerStore(registryUrl, { [IDENTITY_HEADER]: signIdentity({ kind: 'OPERATOR' }, identityKey) }, input, timeoutMs);
}

async function registerStore(url: string, headers: Record<string, string>, input: RegisterStoreInput, timeoutMs = 15_000): Promise<{ id: string; status: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: REGISTER_STORE, variables: { input } }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await response.json().catch(() => ({}))) as { data?: { registerStore?: Record<string, any> }; errors?: { message: string; extensions?: { code?: string } }[] };
  const result = body.data?.registerStore;
  if (result?.__typename === 'RegisteredStore') return { id: result.id, status: result.status };
  const reason = result
    ? `${result.code}: ${result.message}${result.differences ? ` ${JSON.stringify(result.differences)}` : ''}${result.field ? ` (field ${result.field})` : ''}`
    : `HTTP ${response.status} ${JSON.stringify(body.errors ?? body)}`;
  throw new Error(`registering store "${input.id}" failed: ${reason}`);
}
