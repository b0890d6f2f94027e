import { GraphQLScalarType, Kind } from 'graphql';
import type { Resolvers } from './__generated__/resolvers-types.js';

function toDate(value: unknown): Date {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw new TypeError('DateTime must be an ISO 8601 date-time.');
  return date;
}

/** ISO 8601 date-time strings on the wire, Date objects in code. */
const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => toDate(value).toISOString(),
  parseValue: (value) => toDate(value),
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? toDate(ast.value) : toDate(undefined)),
});

export const resolvers: Resolvers = {
  DateTime,
  Query: {
    registeredStores: (_root, { status }, { registry, identity }) => registry.list(identity, status),
    partnerSubgraphs: (_root, _args, { partners, identity }) => partners.list(identity),
  },
  Mutation: {
    registerStore: (_root, { input }, { registry, identity }) => registry.register(identity, input),
    suspendStore: (_root, { id }, { registry, identity }) => registry.suspend(identity, id),
    resumeStore: (_root, { id }, { registry, identity }) => registry.resume(identity, id),
    removeStore: (_root, { id }, { registry, identity }) => registry.remove(identity, id),
    setStorePaymentEndpoint: (_root, { storeId, url }, { registry, identity }) => registry.setPaymentEndpoint(identity, storeId, url),
    registerPartner: (_root, { input }, { partners, identity }) => partners.registerPartner(identity, input),
    registerPartnerSubgraph: (_root, { input }, { partners, identity }) => partners.registerSubgraph(identity, input),
    removePartnerSubgraph: (_root, { name }, { partners, identity }) => partners.removeSubgraph(identity, name),
  },
};
