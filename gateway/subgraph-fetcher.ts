import type { RemoteGraphQLDataSource } from '@apollo/gateway';

type Fetcher = RemoteGraphQLDataSource['fetcher'];

export const DEFAULT_SUBGRAPH_TIMEOUT_MS = 30_000;

/**
 * The fetch the fixed-URL subgraphs are called with. Two adjustments to what
 * RemoteGraphQLDataSource expects:
 * - Our subgraphs answer expected errors with a 4xx status AND a GraphQL body that can
 *   hold partial data (a DomainError carries its HTTP status). RemoteGraphQLDataSource
 *   would discard that body, so a 4xx JSON answer is handed over as 200: the GraphQL
 *   errors in it (with their codes) and the data reach the client as the subgraph sent them.
 * - A deadline, so a hung subgraph cannot hold gateway requests forever.
 */
export function createSubgraphFetcher(timeoutMs = DEFAULT_SUBGRAPH_TIMEOUT_MS): Fetcher {
  return async (url, init) => {
    const response = await fetch(url, { ...(init as RequestInit), signal: AbortSignal.timeout(timeoutMs) });
    const json = (response.headers.get('content-type') ?? '').includes('json');
    if (response.status >= 400 && response.status < 500 && json) {
      return new Response(await response.text(), { status: 200, headers: response.headers }) as never;
    }
    return response as never;
  };
}
