import { GraphQLScalarType, Kind } from 'graphql';
import type { Resolvers } from './__generated__/resolvers-types.js';

/** ISO-8601 timestamps; Dates from the database serialize as such. */
const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString()),
  parseValue: (value) => new Date(String(value)),
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? new Date(ast.value) : null),
});

export const resolvers: Resolvers = {
  DateTime,
  Query: {
    orders: (_root, { first, after }, ctx) => ctx.orders.orders(first, after),
    order: (_root, { id }, ctx) => ctx.orders.order(id),
    storeOrders: (_root, { first, after }, ctx) => ctx.orders.storeOrders(first, after),
  },
  Mutation: {
    checkout: (_root, { input }, ctx) =>
      ctx.checkout.checkout(ctx.identity, { idempotencyKey: input.idempotencyKey, cartVersion: input.cartVersion, card: input.payment.card }),
  },
  Order: {
    __resolveReference: (ref, ctx) => ctx.orders.resolveOrder(ref.id),
    parts: (order, _args, ctx) => ctx.orders.parts(order),
    payment: (order, _args, ctx) => ctx.orders.payment(order),
  },
  StoreOrder: {
    __resolveReference: (ref, ctx) => ctx.orders.resolveStoreOrder(ref.id),
    store: (part) => ({ __typename: 'Store', id: part.storeId }),
    lines: (part, _args, ctx) => ctx.orders.lines(part),
  },
  OrderLine: {
    item: (line) => ({ __typename: 'Item', storeId: line.storeId, sku: line.sku }),
    ticket: (line) => ({ __typename: 'Ticket', id: line.ticketId }),
  },
  CheckoutResult: {
    __resolveType: (result) => result.__typename,
  },
};
