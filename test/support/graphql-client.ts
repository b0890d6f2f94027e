/** A minimal GraphQL-over-HTTP client for tests, as a store frontend would send. */
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
