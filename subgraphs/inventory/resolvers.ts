import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import type { Resolvers } from './__generated__/resolvers-types.js';

function parseInstant(value: unknown): string {
  const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO-8601 instant string.');
  return date.toISOString();
}

/** ISO-8601 instants; inputs arrive normalised to UTC strings. */
const DateTime = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  serialize: (value) => (value instanceof Date ? value.toISOString() : parseInstant(value)),
  parseValue: parseInstant,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string.');
    return parseInstant(ast.value);
  },
});

export const resolvers: Resolvers = {
  DateTime,
  Query: {
    store: (_root, { id }, ctx) => ctx.inventory.store(id),
    item: (_root, { storeId, sku }, ctx) => ctx.items.load({ storeId, sku }),
  },
  Store: {
    __resolveReference: (ref, ctx) => ctx.inventory.store(ref.id),
    items: (store, { first, after }, ctx) => ctx.inventory.listItems({ first, after }),
    item: (store, { sku }, ctx) => ctx.items.load({ storeId: store.id, sku }),
  },
  Item: {
    __resolveReference: (ref, ctx) => ctx.items.load({ storeId: ref.storeId, sku: ref.sku }),
  },
  Mutation: {
    reserve: (_root, args, ctx) => ctx.inventory.reserve(ctx.caller, args),
    release: (_root, { ticketId }, ctx) => ctx.inventory.release(ctx.caller, { ticketId }),
    commit: (_root, { ticketId, orderId }, ctx) => ctx.inventory.commit(ctx.caller, { ticketId, orderId }),
  },
  ProtocolResult: {
    __resolveType: (result) => result.__typename,
  },
};
