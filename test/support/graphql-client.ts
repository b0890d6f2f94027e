/** A minimal GraphQL-over-HTTP client for tests, as a store frontend would send. */
import { until } from './wait.js';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export async function graphql<T = any>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: response.status, ...body };
}

/** A shopper: holds a session token and sends it with every request. */
export class Shopper {
  token?: string;
  constructor(readonly gatewayUrl: string) {}

  headers(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  send<T = any>(query: string, variables?: Record<string, unknown>) {
    return graphql<T>(this.gatewayUrl, query, variables, this.headers());
  }

  /** Starts a guest session; returns this shopper. */
  async startGuest(): Promise<this> {
    const res = await this.send(`mutation { startGuestSession { token session { id kind } } }`);
    if (!res.data?.startGuestSession) throw new Error(`startGuestSession failed: ${JSON.stringify(res.errors)}`);
    this.token = res.data.startGuestSession.token;
    return this;
  }
}

export const HOLD = /* GraphQL */ `
  mutation Hold($input: HoldInput!) {
    hold(input: $input) {
      __typename
      ... on Ticket { id storeId sku quantity status expiresAt unitPrice { amount currency } lineTotal { amount currency } }
      ... on ErrorResult { code message }
      ... on OutOfStockError { requested available }
      ... on InvalidQuantityError { min max }
    }
  }
`;

export const ITEM_AVAILABLE = /* GraphQL */ `
  query Item($storeId: ID!, $sku: String!) { item(storeId: $storeId, sku: $sku) { sku available stockOnHand price { amount currency } } }
`;

/**
 * A store acting with its own key (`x-store-key`): sends `query` through the gateway and
 * returns `data`, throwing on any GraphQL error.
 */
export function asStore(exchange: { gatewayUrl: string; stores: { id: string; apiKey: string }[] }, storeId: string) {
  const store = exchange.stores.find((s) => s.id === storeId);
  if (!store) throw new Error(`no store ${storeId} in this exchange`);
  return async (query: string, variables?: Record<string, unknown>) => {
    const res = await graphql(exchange.gatewayUrl, query, variables, { 'x-store-key': store.apiKey });
    if (res.errors) throw new Error(`store ${storeId}: ${JSON.stringify(res.errors)}`);
    return res.data;
  };
}

/**
 * Polls the shopper's order (`query` takes `$id` and selects `order(id:) { transactions
 * { status } … }`) until the payment job left no transaction PENDING; returns the order.
 */
export function orderSettled(shopper: Shopper, query: string, orderId: string, timeoutMs = 15_000): Promise<any> {
  return until(
    `order ${orderId}'s transactions to settle`,
    async () => {
      const res = await shopper.send(query, { id: orderId });
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      const order = res.data.order;
      return order.transactions.some((t: { status: string }) => t.status === 'PENDING') ? undefined : order;
    },
    timeoutMs,
  );
}
