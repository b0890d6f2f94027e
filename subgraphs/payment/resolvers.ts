import { GraphQLScalarType, Kind } from 'graphql';
import type { Resolvers } from './__generated__/resolvers-types.js';
import { collectedBy } from './domain/store-payments.js';

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
    storeOrder: (_root, { id }, ctx) => ctx.orders.storeOrder(id),
    shippingRate: (_root, _args, ctx) => ctx.shippingRates.own(ctx.identity),
    // --- ledger ---
    storeBalance: (_root, { storeId }, ctx) => ctx.ledger.storeBalance(ctx.identity, storeId),
    storePayouts: (_root, { storeId, first }, ctx) => ctx.ledger.storePayouts(ctx.identity, storeId, first ?? 20),
    ledgerBalances: (_root, _args, ctx) => ctx.ledger.ledgerBalances(ctx.identity),
    ledgerTrialBalance: (_root, _args, ctx) => ctx.ledger.trialBalance(ctx.identity),
    // --- pricing ---
    priceRules: (_root, { sku }, ctx) => ctx.priceRules.list(ctx.identity, sku),
    // --- gift certificates ---
    giftBalance: (_root, _args, ctx) => ctx.giftCertificates.balance(ctx.identity),
  },
  Mutation: {
    checkout: (_root, { input }, ctx) =>
      ctx.checkout.checkout(ctx.identity, {
        idempotencyKey: input.idempotencyKey,
        cartVersion: input.cartVersion,
        // GIFT CERTIFICATES: the card may be left out when gift certificates pay it all
        card: input.payment?.card ?? null,
        contactEmail: input.contactEmail,
        useGiftBalance: input.useGiftBalance,
      }),
    // --- the unpaid balance of an order ---
    payUnpaidBalance: (_root, { input }, ctx) => ctx.unpaidBalances.pay(ctx.identity, input),
    // --- fulfilment ---
    shipItems: (_root, { input }, ctx) => ctx.fulfilment.shipItems(ctx.identity, input),
    receiveReturn: (_root, { input }, ctx) => ctx.fulfilment.receiveReturn(ctx.identity, input),
    voidItems: (_root, { input }, ctx) => ctx.fulfilment.voidItems(ctx.identity, input),
    setShippingRate: (_root, { input }, ctx) => ctx.shippingRates.set(ctx.identity, input),
    // --- ledger ---
    payoutStore: (_root, args, ctx) => ctx.ledger.payoutStore(ctx.identity, args),
    // --- pricing ---
    setPriceRule: (_root, { input }, ctx) => ctx.priceRules.set(ctx.identity, input),
    removePriceRule: (_root, { id }, ctx) => ctx.priceRules.remove(ctx.identity, id),
    // --- gift certificates ---
    issueGiftCertificate: (_root, { input }, ctx) => ctx.giftCertificates.issue(ctx.identity, input),
    buyGiftCertificate: (_root, { input }, ctx) => ctx.giftCertificates.buy(ctx.identity, input),
    claimGiftCertificate: (_root, { code }, ctx) => ctx.giftCertificates.claim(ctx.identity, code),
    reissueGiftCertificateCode: (_root, args, ctx) => ctx.giftCertificates.reissueCode(ctx.identity, args),
  },
  Order: {
    __resolveReference: (ref, ctx) => ctx.orders.resolveOrder(ref.id),
    parts: (order, _args, ctx) => ctx.orders.parts(order),
    payment: (order, _args, ctx) => ctx.orders.payment(order),
    transactions: (order, _args, ctx) => ctx.orders.transactions(order),
    unpaidAmount: (order, _args, ctx) => ctx.orders.unpaidAmount(order),
  },
  StoreOrder: {
    __resolveReference: (ref, ctx) => ctx.orders.resolveStoreOrder(ref.id),
    store: (part) => ({ __typename: 'Store', id: part.storeId }),
    lines: (part, _args, ctx) => ctx.orders.lines(part),
    shipments: (part, _args, ctx) => ctx.orders.shipments(part),
    transactions: (part, _args, ctx) => ctx.orders.partTransactions(part),
  },
  Shipment: {
    lines: (shipment, _args, ctx) => ctx.orders.shipmentLines(shipment),
  },
  // STORE-RUN PAYMENTS: 'STORE:<storeId>' rows were carried out at the store's payment endpoint
  FinancialTransaction: {
    collectedBy: (transaction) => collectedBy(transaction.collector),
    settledBy: (transaction, _args, ctx) => ctx.orders.settledBy(transaction),
  },
  ShipmentLine: {
    lineId: (line) => line.id,
    line: (line) => line,
    quantity: (line) => line.quantity,
  },
  OrderLine: {
    item: (line) => ({ __typename: 'Item', storeId: line.storeId, sku: line.sku }),
    ticket: (line) => ({ __typename: 'Ticket', id: line.ticketId }),
  },
  CheckoutResult: {
    __resolveType: (result) => result.__typename,
  },
  PayUnpaidBalanceResult: {
    __resolveType: (result) => result.__typename,
  },
  ShipItemsResult: {
    __resolveType: (result) => result.__typename,
  },
  ReceiveReturnResult: {
    __resolveType: (result) => result.__typename,
  },
  VoidItemsResult: {
    __resolveType: (result) => result.__typename,
  },
  SetShippingRateResult: {
    __resolveType: (result) => result.__typename,
  },
  PayoutStoreResult: {
    __resolveType: (result) => result.__typename,
  },
  SetPriceRuleResult: {
    __resolveType: (result) => result.__typename,
  },
  RemovePriceRuleResult: {
    __resolveType: (result) => result.__typename,
  },
  IssueGiftCertificateResult: {
    __resolveType: (result) => result.__typename,
  },
  BuyGiftCertificateResult: {
    __resolveType: (result) => result.__typename,
  },
  ClaimGiftCertificateResult: {
    __resolveType: (result) => result.__typename,
  },
  ReissueGiftCertificateCodeResult: {
    __resolveType: (result) => result.__typename,
  },
};
