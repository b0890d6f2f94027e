import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { OrderModel, StoreOrderModel, OrderLineModel, PaymentModel } from '../domain/model.js';
import type { PaymentContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  DateTime: { input: string; output: Date | string; }
  _FieldSet: { input: unknown; output: unknown; }
};

export type CardDeclinedError = ErrorResult & {
  __typename?: 'CardDeclinedError';
  code: ErrorCode;
  declineCode: Scalars['String']['output'];
  message: Scalars['String']['output'];
};

export type CardInput = {
  cvc: Scalars['String']['input'];
  expMonth: Scalars['Int']['input'];
  expYear: Scalars['Int']['input'];
  number: Scalars['String']['input'];
};

/** The card failed the pre-check (length, brand prefix, Luhn, expiry); it was not sent anywhere. */
export type CardInvalidError = ErrorResult & {
  __typename?: 'CardInvalidError';
  code: ErrorCode;
  message: Scalars['String']['output'];
  reason: Scalars['String']['output'];
};

export type CheckoutCartVersionMismatchError = ErrorResult & {
  __typename?: 'CheckoutCartVersionMismatchError';
  code: ErrorCode;
  currentVersion: Scalars['Int']['output'];
  expectedVersion: Scalars['Int']['output'];
  message: Scalars['String']['output'];
};

export type CheckoutInProgressError = ErrorResult & {
  __typename?: 'CheckoutInProgressError';
  code: ErrorCode;
  message: Scalars['String']['output'];
};

export type CheckoutInput = {
  cartVersion?: InputMaybe<Scalars['Int']['input']>;
  /** A repeat with the same key returns the first result and charges once; the same key with other input is refused. */
  idempotencyKey: Scalars['String']['input'];
  payment: PaymentInput;
};

export type CheckoutResult = CardDeclinedError | CardInvalidError | CheckoutCartVersionMismatchError | CheckoutInProgressError | CheckoutTicketExpiredError | EmptyCartError | IdempotencyKeyReusedError | InvalidInputError | MixedCurrenciesError | Order | StoreUnavailableError;

/** A line of the cart expired before checkout; nothing was charged. */
export type CheckoutTicketExpiredError = ErrorResult & {
  __typename?: 'CheckoutTicketExpiredError';
  code: ErrorCode;
  expiredAt: Scalars['DateTime']['output'];
  message: Scalars['String']['output'];
  sku: Scalars['String']['output'];
  storeId: Scalars['ID']['output'];
  ticketId: Scalars['ID']['output'];
};

export type EmptyCartError = ErrorResult & {
  __typename?: 'EmptyCartError';
  code: ErrorCode;
  message: Scalars['String']['output'];
};

export type ErrorCode =
  | 'CARD_DECLINED'
  | 'CARD_INVALID'
  | 'CART_VERSION_MISMATCH'
  | 'CHECKOUT_IN_PROGRESS'
  | 'EMPTY_CART'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'INVALID_INPUT'
  | 'MIXED_CURRENCIES'
  | 'STORE_UNAVAILABLE'
  | 'TICKET_EXPIRED';

export type ErrorResult = {
  code: ErrorCode;
  message: Scalars['String']['output'];
};

export type IdempotencyKeyReusedError = ErrorResult & {
  __typename?: 'IdempotencyKeyReusedError';
  code: ErrorCode;
  message: Scalars['String']['output'];
};

export type InvalidInputError = ErrorResult & {
  __typename?: 'InvalidInputError';
  code: ErrorCode;
  field?: Maybe<Scalars['String']['output']>;
  message: Scalars['String']['output'];
};

export type Item = {
  __typename?: 'Item';
  sku: Scalars['String']['output'];
  storeId: Scalars['ID']['output'];
};

export type MixedCurrenciesError = ErrorResult & {
  __typename?: 'MixedCurrenciesError';
  code: ErrorCode;
  message: Scalars['String']['output'];
};

export type Money = {
  __typename?: 'Money';
  amount: Scalars['Int']['output'];
  currency: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Buy the cart: price on the server, split per store, charge once, commit each store's stock. */
  checkout: CheckoutResult;
};


export type MutationCheckoutArgs = {
  input: CheckoutInput;
};

export type Order = {
  __typename?: 'Order';
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  parts: Array<StoreOrder>;
  payment?: Maybe<Payment>;
  status: OrderStatus;
  total: Money;
};

export type OrderConnection = {
  __typename?: 'OrderConnection';
  edges: Array<OrderEdge>;
  pageInfo: PageInfo;
};

export type OrderEdge = {
  __typename?: 'OrderEdge';
  cursor: Scalars['String']['output'];
  node: Order;
};

export type OrderItemStatus =
  | 'RECEIVED_BACK'
  | 'SHIPPED'
  | 'TO_BE_SHIPPED'
  | 'VOID';

export type OrderLine = {
  __typename?: 'OrderLine';
  id: Scalars['ID']['output'];
  /** The live catalog item; null (with a STORE_UNAVAILABLE error) when the store cannot be reached. `name` and prices are kept on the line. */
  item?: Maybe<Item>;
  lineTotal: Money;
  /** The item's name at the time of purchase. */
  name: Scalars['String']['output'];
  quantity: Scalars['Int']['output'];
  sku: Scalars['String']['output'];
  status: OrderItemStatus;
  ticket: Ticket;
  /** Priced on the server from the store's catalog at checkout. */
  unitPrice: Money;
};

export type OrderStatus =
  | 'AUTHORIZED'
  | 'CONFIRMED'
  | 'EXPIRED'
  | 'FULFILLED'
  | 'IN_BASKET'
  | 'PARTIALLY_FULFILLED'
  | 'RETURNED'
  | 'VOID';

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Payment = {
  __typename?: 'Payment';
  amount: Money;
  /** Card brand and last four digits; the card number itself is never stored. */
  cardBrand: Scalars['String']['output'];
  cardLast4: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** The payment provider's reference (token) for the authorization. */
  providerReference: Scalars['String']['output'];
  status: PaymentStatus;
};

export type PaymentInput = {
  card: CardInput;
};

export type PaymentStatus =
  | 'AUTHORIZED'
  | 'CAPTURED'
  | 'DECLINED'
  | 'VOIDED';

export type Query = {
  __typename?: 'Query';
  /** One of the caller's orders. */
  order?: Maybe<Order>;
  /** The caller's orders, newest first (shopper session required). */
  orders: OrderConnection;
  /** The calling store's parts of orders, newest first (store credentials required). */
  storeOrders: StoreOrderConnection;
};


export type QueryOrderArgs = {
  id: Scalars['ID']['input'];
};


export type QueryOrdersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryStoreOrdersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type Store = {
  __typename?: 'Store';
  id: Scalars['ID']['output'];
};

/** One store's part of an order: what that store ships and is owed. */
export type StoreOrder = {
  __typename?: 'StoreOrder';
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  lines: Array<OrderLine>;
  orderId: Scalars['ID']['output'];
  /** What the exchange owes the store for this part (subtotal minus the exchange fee). */
  owedToStore: Money;
  status: OrderStatus;
  /** Null (with a STORE_UNAVAILABLE error) when the store cannot be reached. */
  store?: Maybe<Store>;
  subtotal: Money;
};

export type StoreOrderConnection = {
  __typename?: 'StoreOrderConnection';
  edges: Array<StoreOrderEdge>;
  pageInfo: PageInfo;
};

export type StoreOrderEdge = {
  __typename?: 'StoreOrderEdge';
  cursor: Scalars['String']['output'];
  node: StoreOrder;
};

export type StoreUnavailableError = ErrorResult & {
  __typename?: 'StoreUnavailableError';
  code: ErrorCode;
  message: Scalars['String']['output'];
  storeId: Scalars['ID']['output'];
};

export type Ticket = {
  __typename?: 'Ticket';
  id: Scalars['ID']['output'];
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Order: Order;
  StoreOrder: StoreOrder;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Order:
    ( { __typename: 'Order' }
    & GraphQLRecursivePick<FederationTypes['Order'], {"id":true}> );
  StoreOrder:
    ( { __typename: 'StoreOrder' }
    & GraphQLRecursivePick<FederationTypes['StoreOrder'], {"id":true}> );
}>;

/** Mapping of union types */
export type ResolversUnionTypes<_RefType extends Record<string, unknown>> = ResolversObject<{
  CheckoutResult:
    | ( CardDeclinedError & { __typename: 'CardDeclinedError' } )
    | ( CardInvalidError & { __typename: 'CardInvalidError' } )
    | ( CheckoutCartVersionMismatchError & { __typename: 'CheckoutCartVersionMismatchError' } )
    | ( CheckoutInProgressError & { __typename: 'CheckoutInProgressError' } )
    | ( CheckoutTicketExpiredError & { __typename: 'CheckoutTicketExpiredError' } )
    | ( EmptyCartError & { __typename: 'EmptyCartError' } )
    | ( IdempotencyKeyReusedError & { __typename: 'IdempotencyKeyReusedError' } )
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( MixedCurrenciesError & { __typename: 'MixedCurrenciesError' } )
    | ( OrderModel & { __typename: 'Order' } )
    | ( StoreUnavailableError & { __typename: 'StoreUnavailableError' } )
  ;
}>;

/** Mapping of interface types */
export type ResolversInterfaceTypes<_RefType extends Record<string, unknown>> = ResolversObject<{
  ErrorResult:
    | ( CardDeclinedError )
    | ( CardInvalidError )
    | ( CheckoutCartVersionMismatchError )
    | ( CheckoutInProgressError )
    | ( CheckoutTicketExpiredError )
    | ( EmptyCartError )
    | ( IdempotencyKeyReusedError )
    | ( InvalidInputError )
    | ( MixedCurrenciesError )
    | ( StoreUnavailableError )
  ;
}>;

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  CardDeclinedError: ResolverTypeWrapper<CardDeclinedError>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  CardInput: CardInput;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  CardInvalidError: ResolverTypeWrapper<CardInvalidError>;
  CheckoutCartVersionMismatchError: ResolverTypeWrapper<CheckoutCartVersionMismatchError>;
  CheckoutInProgressError: ResolverTypeWrapper<CheckoutInProgressError>;
  CheckoutInput: CheckoutInput;
  CheckoutResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['CheckoutResult']>;
  CheckoutTicketExpiredError: ResolverTypeWrapper<CheckoutTicketExpiredError>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  EmptyCartError: ResolverTypeWrapper<EmptyCartError>;
  ErrorCode: ErrorCode;
  ErrorResult: ResolverTypeWrapper<ResolversInterfaceTypes<ResolversTypes>['ErrorResult']>;
  IdempotencyKeyReusedError: ResolverTypeWrapper<IdempotencyKeyReusedError>;
  InvalidInputError: ResolverTypeWrapper<InvalidInputError>;
  Item: ResolverTypeWrapper<Item>;
  MixedCurrenciesError: ResolverTypeWrapper<MixedCurrenciesError>;
  Money: ResolverTypeWrapper<Money>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Order: ResolverTypeWrapper<OrderModel>;
  OrderConnection: ResolverTypeWrapper<Omit<OrderConnection, 'edges'> & { edges: Array<ResolversTypes['OrderEdge']> }>;
  OrderEdge: ResolverTypeWrapper<Omit<OrderEdge, 'node'> & { node: ResolversTypes['Order'] }>;
  OrderItemStatus: OrderItemStatus;
  OrderLine: ResolverTypeWrapper<OrderLineModel>;
  OrderStatus: OrderStatus;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Payment: ResolverTypeWrapper<PaymentModel>;
  PaymentInput: PaymentInput;
  PaymentStatus: PaymentStatus;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Store: ResolverTypeWrapper<Store>;
  StoreOrder: ResolverTypeWrapper<StoreOrderModel>;
  StoreOrderConnection: ResolverTypeWrapper<Omit<StoreOrderConnection, 'edges'> & { edges: Array<ResolversTypes['StoreOrderEdge']> }>;
  StoreOrderEdge: ResolverTypeWrapper<Omit<StoreOrderEdge, 'node'> & { node: ResolversTypes['StoreOrder'] }>;
  StoreUnavailableError: ResolverTypeWrapper<StoreUnavailableError>;
  Ticket: ResolverTypeWrapper<Ticket>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  CardDeclinedError: CardDeclinedError;
  String: Scalars['String']['output'];
  CardInput: CardInput;
  Int: Scalars['Int']['output'];
  CardInvalidError: CardInvalidError;
  CheckoutCartVersionMismatchError: CheckoutCartVersionMismatchError;
  CheckoutInProgressError: CheckoutInProgressError;
  CheckoutInput: CheckoutInput;
  CheckoutResult: ResolversUnionTypes<ResolversParentTypes>['CheckoutResult'];
  CheckoutTicketExpiredError: CheckoutTicketExpiredError;
  ID: Scalars['ID']['output'];
  DateTime: Scalars['DateTime']['output'];
  EmptyCartError: EmptyCartError;
  ErrorResult: ResolversInterfaceTypes<ResolversParentTypes>['ErrorResult'];
  IdempotencyKeyReusedError: IdempotencyKeyReusedError;
  InvalidInputError: InvalidInputError;
  Item: Item;
  MixedCurrenciesError: MixedCurrenciesError;
  Money: Money;
  Mutation: Record<PropertyKey, never>;
  Order: OrderModel;
  OrderConnection: Omit<OrderConnection, 'edges'> & { edges: Array<ResolversParentTypes['OrderEdge']> };
  OrderEdge: Omit<OrderEdge, 'node'> & { node: ResolversParentTypes['Order'] };
  OrderLine: OrderLineModel;
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  Payment: PaymentModel;
  PaymentInput: PaymentInput;
  Query: Record<PropertyKey, never>;
  Store: Store;
  StoreOrder: StoreOrderModel;
  StoreOrderConnection: Omit<StoreOrderConnection, 'edges'> & { edges: Array<ResolversParentTypes['StoreOrderEdge']> };
  StoreOrderEdge: Omit<StoreOrderEdge, 'node'> & { node: ResolversParentTypes['StoreOrder'] };
  StoreUnavailableError: StoreUnavailableError;
  Ticket: Ticket;
}>;

export type CardDeclinedErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['CardDeclinedError'] = ResolversParentTypes['CardDeclinedError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  declineCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type CardInvalidErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['CardInvalidError'] = ResolversParentTypes['CardInvalidError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type CheckoutCartVersionMismatchErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['CheckoutCartVersionMismatchError'] = ResolversParentTypes['CheckoutCartVersionMismatchError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  currentVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  expectedVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type CheckoutInProgressErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['CheckoutInProgressError'] = ResolversParentTypes['CheckoutInProgressError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type CheckoutResultResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['CheckoutResult'] = ResolversParentTypes['CheckoutResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'CardDeclinedError' | 'CardInvalidError' | 'CheckoutCartVersionMismatchError' | 'CheckoutInProgressError' | 'CheckoutTicketExpiredError' | 'EmptyCartError' | 'IdempotencyKeyReusedError' | 'InvalidInputError' | 'MixedCurrenciesError' | 'Order' | 'StoreUnavailableError', ParentType, ContextType>;
}>;

export type CheckoutTicketExpiredErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['CheckoutTicketExpiredError'] = ResolversParentTypes['CheckoutTicketExpiredError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  expiredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  ticketId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type EmptyCartErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['EmptyCartError'] = ResolversParentTypes['EmptyCartError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type ErrorResultResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['ErrorResult'] = ResolversParentTypes['ErrorResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'CardDeclinedError' | 'CardInvalidError' | 'CheckoutCartVersionMismatchError' | 'CheckoutInProgressError' | 'CheckoutTicketExpiredError' | 'EmptyCartError' | 'IdempotencyKeyReusedError' | 'InvalidInputError' | 'MixedCurrenciesError' | 'StoreUnavailableError', ParentType, ContextType>;
}>;

export type IdempotencyKeyReusedErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['IdempotencyKeyReusedError'] = ResolversParentTypes['IdempotencyKeyReusedError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type InvalidInputErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['InvalidInputError'] = ResolversParentTypes['InvalidInputError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  field?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type ItemResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['Item'] = ResolversParentTypes['Item']> = ResolversObject<{
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type MixedCurrenciesErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['MixedCurrenciesError'] = ResolversParentTypes['MixedCurrenciesError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type MoneyResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  checkout?: Resolver<ResolversTypes['CheckoutResult'], ParentType, ContextType, RequireFields<MutationCheckoutArgs, 'input'>>;
}>;

export type OrderResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['Order'] = ResolversParentTypes['Order'], FederationReferenceType extends FederationReferenceTypes['Order'] = FederationReferenceTypes['Order']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Order']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  parts?: Resolver<Array<ResolversTypes['StoreOrder']>, ParentType, ContextType>;
  payment?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['OrderStatus'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type OrderConnectionResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['OrderConnection'] = ResolversParentTypes['OrderConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['OrderEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type OrderEdgeResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['OrderEdge'] = ResolversParentTypes['OrderEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Order'], ParentType, ContextType>;
}>;

export type OrderLineResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['OrderLine'] = ResolversParentTypes['OrderLine']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  item?: Resolver<Maybe<ResolversTypes['Item']>, ParentType, ContextType>;
  lineTotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['OrderItemStatus'], ParentType, ContextType>;
  ticket?: Resolver<ResolversTypes['Ticket'], ParentType, ContextType>;
  unitPrice?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type PaymentResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['Payment'] = ResolversParentTypes['Payment']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  cardBrand?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  cardLast4?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  providerReference?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['PaymentStatus'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  order?: Resolver<Maybe<ResolversTypes['Order']>, ParentType, ContextType, RequireFields<QueryOrderArgs, 'id'>>;
  orders?: Resolver<ResolversTypes['OrderConnection'], ParentType, ContextType, RequireFields<QueryOrdersArgs, 'first'>>;
  storeOrders?: Resolver<ResolversTypes['StoreOrderConnection'], ParentType, ContextType, RequireFields<QueryStoreOrdersArgs, 'first'>>;
}>;

export type StoreResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['Store'] = ResolversParentTypes['Store']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type StoreOrderResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['StoreOrder'] = ResolversParentTypes['StoreOrder'], FederationReferenceType extends FederationReferenceTypes['StoreOrder'] = FederationReferenceTypes['StoreOrder']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['StoreOrder']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['OrderLine']>, ParentType, ContextType>;
  orderId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  owedToStore?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['OrderStatus'], ParentType, ContextType>;
  store?: Resolver<Maybe<ResolversTypes['Store']>, ParentType, ContextType>;
  subtotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
}>;

export type StoreOrderConnectionResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['StoreOrderConnection'] = ResolversParentTypes['StoreOrderConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['StoreOrderEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type StoreOrderEdgeResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['StoreOrderEdge'] = ResolversParentTypes['StoreOrderEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['StoreOrder'], ParentType, ContextType>;
}>;

export type StoreUnavailableErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['StoreUnavailableError'] = ResolversParentTypes['StoreUnavailableError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type TicketResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['Ticket'] = ResolversParentTypes['Ticket']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = PaymentContext> = ResolversObject<{
  CardDeclinedError?: CardDeclinedErrorResolvers<ContextType>;
  CardInvalidError?: CardInvalidErrorResolvers<ContextType>;
  CheckoutCartVersionMismatchError?: CheckoutCartVersionMismatchErrorResolvers<ContextType>;
  CheckoutInProgressError?: CheckoutInProgressErrorResolvers<ContextType>;
  CheckoutResult?: CheckoutResultResolvers<ContextType>;
  CheckoutTicketExpiredError?: CheckoutTicketExpiredErrorResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  EmptyCartError?: EmptyCartErrorResolvers<ContextType>;
  ErrorResult?: ErrorResultResolvers<ContextType>;
  IdempotencyKeyReusedError?: IdempotencyKeyReusedErrorResolvers<ContextType>;
  InvalidInputError?: InvalidInputErrorResolvers<ContextType>;
  Item?: ItemResolvers<ContextType>;
  MixedCurrenciesError?: MixedCurrenciesErrorResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Order?: OrderResolvers<ContextType>;
  OrderConnection?: OrderConnectionResolvers<ContextType>;
  OrderEdge?: OrderEdgeResolvers<ContextType>;
  OrderLine?: OrderLineResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Payment?: PaymentResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Store?: StoreResolvers<ContextType>;
  StoreOrder?: StoreOrderResolvers<ContextType>;
  StoreOrderConnection?: StoreOrderConnectionResolvers<ContextType>;
  StoreOrderEdge?: StoreOrderEdgeResolvers<ContextType>;
  StoreUnavailableError?: StoreUnavailableErrorResolvers<ContextType>;
  Ticket?: TicketResolvers<ContextType>;
}>;

