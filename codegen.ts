import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed resolvers for every subgraph, generated from its SDL (never edited by hand;
// test/schema-drift.test.ts fails when they are stale). Mappers point entity types at
// the domain models the resolvers really return.
const scalars = { DateTime: { input: 'string', output: 'Date | string' } };

function subgraph(name: string, mappers: Record<string, string>) {
  return {
    [`subgraphs/${name}/__generated__/resolvers-types.ts`]: {
      schema: `subgraphs/${name}/schema.graphql`,
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        federation: true,
        useIndexSignature: true,
        useTypeImports: true,
        enumsAsTypes: true,
        scalars,
        contextType: `../context.js#${name[0].toUpperCase()}${name.slice(1)}Context`,
        mappers,
        resolversNonOptionalTypename: { unionMember: true },
      },
    },
  };
}

const config: CodegenConfig = {
  overwrite: true,
  generates: {
    ...subgraph('session', { Session: '../domain/model.js#SessionView', Account: '../domain/model.js#AccountView', SessionSummary: '../domain/model.js#SessionSummaryView', SessionHandle: '../domain/model.js#SessionHandleView' }),
    ...subgraph('ticket', { Ticket: '../domain/model.js#TicketModel', Cart: '../domain/model.js#CartModel', SavedCart: '../domain/model.js#SavedCartModel' }),
    ...subgraph('payment', {
      Order: '../domain/model.js#OrderModel',
      StoreOrder: '../domain/model.js#StoreOrderModel',
      OrderLine: '../domain/model.js#OrderLineModel',
      Payment: '../domain/model.js#PaymentModel',
      FinancialTransaction: '../domain/model.js#TransactionModel',
      Shipment: '../domain/model.js#ShipmentModel',
      ShipmentLine: '../domain/model.js#OrderLineModel',
      ShippingRate: '../domain/model.js#ShippingRateModel',
      GiftCertificate: '../domain/gift-certificates.js#GiftCertificateModel',
    }),
    ...subgraph('registry', { RegisteredStore: '../domain/model.js#RegisteredStoreModel', Partner: '../domain/model.js#PartnerModel', PartnerSubgraph: '../domain/model.js#PartnerSubgraphModel' }),
    ...subgraph('inventory', { Store: '../domain/model.js#StoreModel', Item: '../domain/model.js#ItemModel', Reservation: '../domain/model.js#ReservationModel' }),
  },
  hooks: { afterAllFileWrite: [] },
};

export default config;
