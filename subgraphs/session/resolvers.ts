import { GraphQLScalarType, Kind } from 'graphql';
import type { Resolvers } from './__generated__/resolvers-types.js';

function toDate(value: unknown): Date {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw new TypeError('DateTime must be an ISO 8601 date-time.');
  return date;
}

/** ISO 8601 date-time strings on the wire, Date objects in code. */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => toDate(value).toISOString(),
  parseValue: (value) => toDate(value),
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? toDate(ast.value) : toDate(undefined)),
});

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    session: (_parent, _args, { sessions, identity }) => sessions.currentSession(identity),
    me: (_parent, _args, { accounts }) => accounts.me(),
    mySessions: (_parent, _args, { sessions, identity }) => sessions.listSessions(identity),
  },
  Mutation: {
    startGuestSession: (_parent, _args, { sessions, identity }) => sessions.startGuestSession(identity),
    register: (_parent, { email, password }, { sessions, identity }) => sessions.register(identity, email, password),
    login: (_parent, { email, password }, { sessions, identity }) => sessions.login(identity, email, password),
    logout: (_parent, _args, { sessions, identity }) => sessions.logout(identity),
    createSessionRelay: (_parent, { targetStoreId }, { relays, identity }) => relays.createSessionRelay(identity, targetStoreId),
    redeemSessionRelay: (_parent, { code, clientIp }, { relays, identity }) => relays.redeemSessionRelay(identity, code, clientIp),
    resolveStoreLogin: (_parent, { assertion, sessionToken }, { storeLogins, identity }) => storeLogins.resolveStoreLogin(identity, assertion, sessionToken),
    revokeSession: (_parent, { sessionId }, { sessions, identity }) => sessions.revokeSession(identity, sessionId),
    applyOfferCode: (_parent, { code }, { sessions, identity }) => sessions.applyOfferCode(identity, code),
    removeOfferCode: (_parent, { code }, { sessions, identity }) => sessions.removeOfferCode(identity, code),
    setAccountPriceClass: (_parent, { accountId, priceClass }, { sessions, identity }) => sessions.setAccountPriceClass(identity, accountId, priceClass),
  },
  Session: {
    account: (session, _args, { accounts }) => accounts.ofSession(session),
  },
  Account: {
    __resolveReference: (reference, { accounts }) => accounts.reference(reference.id),
  },
};
