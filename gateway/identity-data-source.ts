import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { isErrorCode } from '../lib/errors.js';
import { IDENTITY_HEADER } from '../lib/identity.js';
import { identityHeaders, type GatewayContext } from './identity.js';
import { createSubgraphFetcher } from './subgraph-fetcher.js';

type FetcherResponse = Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0];

/**
 * A fixed-URL subgraph (session, ticket, payment) that receives the caller's identity
 * signed by the gateway. Only the signed header is set: client headers are never
 * forwarded, so a client-sent x-cartstart-identity cannot reach a subgraph.
 */
export class IdentityForwardingDataSource extends RemoteGraphQLDataSource<Partial<GatewayContext>> {
  constructor(
    url: string,
    private readonly identityKey: string,
    timeoutMs?: number,
  ) {
    super({ url, fetcher: createSubgraphFetcher(timeoutMs) });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<Partial<GatewayContext>>): void {
    const headers = request.http!.headers;
    headers.delete(IDENTITY_HEADER);
    for (const [name, value] of Object.entries(identityHeaders(context.identity, this.identityKey))) headers.set(name, value);
  }

  /**
   * A subgraph answering non-2xx with a GraphQL error body (e.g. 401 INVALID_IDENTITY
   * from its context) keeps its catalogued code instead of becoming an opaque HTTP error.
   */
  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    const body = (await this.parseBody(response).catch(() => undefined)) as { errors?: { message?: string; extensions?: Record<string, unknown> }[] } | undefined;
    const first = typeof body === 'object' ? body?.errors?.[0] : undefined;
    if (first && isErrorCode(first.extensions?.code)) {
      return new GraphQLError(first.message ?? `${response.status}: ${response.statusText}`, { extensions: first.extensions });
    }
    return new GraphQLError(`${response.status}: ${response.statusText}`, { extensions: { response: { url: response.url, status: response.status } } });
  }
}
