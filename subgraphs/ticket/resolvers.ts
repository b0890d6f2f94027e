import { GraphQLScalarType, Kind } from 'graphql';
import type { Resolvers } from './__generated__/resolvers-types.js';
import type { AvailabilityChangeView, TicketEventView } from './domain/event-streams.js';
import { purchaseOrderId } from './domain/model.js';

/** ISO-8601 timestamps; Dates from the domain are serialized, strings passed through. */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: (value) => {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw new TypeError('DateTime must be an ISO-8601 string');
    return value;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || Number.isNaN(Date.parse(ast.value))) throw new TypeError('DateTime must be an ISO-8601 string');
    return ast.value;
  },
});

// Thin: unpack arguments, call one service method. Union members carry __typename.
export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    cart: (_parent, _args, ctx) => ctx.tickets.cart(ctx.identity),
    ticket: (_parent, { id }, ctx) => ctx.tickets.ticket(ctx.identity, id),
    stores: (_parent, _args, ctx) => ctx.tickets.stores(),
    savedCarts: (_parent, _args, ctx) => ctx.savedCarts.savedCarts(ctx.identity),
    abandonedCarts: (_parent, args, ctx) => ctx.abandonedCarts.abandonedCarts(ctx.identity, args),
  },
  Mutation: {
    hold: (_parent, { input }, ctx) => ctx.tickets.hold(ctx.identity, input),
    releaseTicket: (_parent, { ticketId, idempotencyKey, cartVersion }, ctx) => ctx.tickets.releaseTicket(ctx.identity, { ticketId, idempotencyKey, cartVersion }),
    changeTicketQuantity: (_parent, { ticketId, quantity, idempotencyKey, cartVersion }, ctx) =>
      ctx.tickets.changeTicketQuantity(ctx.identity, { ticketId, quantity, idempotencyKey, cartVersion }),
    saveCart: (_parent, { name, releaseHolds, idempotencyKey }, ctx) => ctx.savedCarts.saveCart(ctx.identity, { name, releaseHolds: releaseHolds ?? false, idempotencyKey }),
    restoreSavedCart: (_parent, { savedCartId, idempotencyKey }, ctx) => ctx.savedCarts.restoreSavedCart(ctx.identity, savedCartId, idempotencyKey),
    deleteSavedCart: (_parent, { savedCartId }, ctx) => ctx.savedCarts.deleteSavedCart(ctx.identity, savedCartId),
  },
  Subscription: {
    // each yielded event is the field's value as it is
    cartEvents: {
      subscribe: (_parent, { cartId }, ctx) => ctx.events.cartEvents(ctx.identity, cartId),
      resolve: (event: TicketEventView) => event,
    },
    availabilityChanges: {
      subscribe: (_parent, _args, ctx) => ctx.events.availabilityChanges(ctx.identity),
      resolve: (change: AvailabilityChangeView) => change,
    },
  },
  Ticket: {
    __resolveReference: (reference, ctx) => ctx.tickets.ticketReference(ctx.identity, reference.id),
    store: (ticket) => ({ __typename: 'Store', id: ticket.storeId }),
    item: (ticket) => ({ __typename: 'Item', storeId: ticket.storeId, sku: ticket.sku }),
    unitPrice: (ticket, _args, ctx) => ctx.pricing.unitPrice(ticket),
    listPrice: (ticket, _args, ctx) => ctx.pricing.listPrice(ticket),
    lineTotal: (ticket, _args, ctx) => ctx.pricing.lineTotal(ticket),
    order: (ticket) => {
      const id = purchaseOrderId(ticket);
      return id ? { __typename: 'Order', id } : null;
    },
  },
  Cart: {
    totals: (cart, _args, ctx) => ctx.pricing.totals(cart),
  },
  SavedCartLine: {
    item: (line) => ({ __typename: 'Item', storeId: line.storeId, sku: line.sku }),
  },
  AbandonedCartLine: {
    item: (line) => ({ __typename: 'Item', storeId: line.storeId, sku: line.sku }),
  },
};
