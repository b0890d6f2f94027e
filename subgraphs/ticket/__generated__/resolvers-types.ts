import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { TicketModel, CartModel } from '../domain/model.js';
import type { TicketContext } from '../context.js';
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

/** A change in how many of an item a store has available (a hold began or ended). */
export type AvailabilityChange = {
  __typename?: 'AvailabilityChange';
  /** The item, with its `available` count read at delivery (resolved by the store). */
  item?: Maybe<Item>;
  occurredAt: Scalars['DateTime']['output'];
  sku: Scalars['String']['output'];
  storeId: Scalars['ID']['output'];
};

export type Cart = {
  __typename?: 'Cart';
  /** The cart's id (the session's id): what `cartEvents(cartId:)` takes. */
  id: Scalars['ID']['output'];
  itemCount: Scalars['Int']['output'];
  /** The session's live tickets (HELD or CHECKING_OUT), oldest first. */
  tickets: Array<Ticket>;
  /** Sum of line totals, one entry per currency; null (with the error) when a line cannot be priced, rather than a wrong total. */
  totals?: Maybe<Array<Money>>;
  /** Changes with every change to the cart; send it back as `cartVersion` to refuse stale pages. */
  version: Scalars['Int']['output'];
};

export type CartVersionMismatchError = ErrorResult & {
  __typename?: 'CartVersionMismatchError';
  cart: Cart;
  code: ErrorCode;
  expectedVersion: Scalars['Int']['output'];
  message: Scalars['String']['output'];
};

export type ChangeQuantityResult = CartVersionMismatchError | InvalidInputError | InvalidQuantityError | OutOfStockError | StoreUnavailableError | Ticket | TicketExpiredError | TicketNotFoundError | TicketNotHeldError;

export type ErrorCode =
  | 'CART_VERSION_MISMATCH'
  | 'HOLD_LIMIT_EXCEEDED'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'INVALID_INPUT'
  | 'INVALID_QUANTITY'
  | 'ITEM_NOT_FOUND'
  | 'OUT_OF_STOCK'
  | 'STORE_NOT_FOUND'
  | 'STORE_UNAVAILABLE'
  | 'TICKET_EXPIRED'
  | 'TICKET_NOT_FOUND'
  | 'TICKET_NOT_HELD';

export type ErrorResult = {
  code: ErrorCode;
  message: Scalars['String']['output'];
};

export type HoldInput = {
  /** The cart version the page saw; a mismatch is refused with the current cart. */
  cartVersion?: InputMaybe<Scalars['Int']['input']>;
  /** A repeat with the same key returns the first result and holds nothing more. */
  idempotencyKey: Scalars['String']['input'];
  quantity: Scalars['Int']['input'];
  sku: Scalars['String']['input'];
  storeId: Scalars['ID']['input'];
};

export type HoldLimitExceededError = ErrorResult & {
  __typename?: 'HoldLimitExceededError';
  code: ErrorCode;
  limit: Scalars['Int']['output'];
  message: Scalars['String']['output'];
};

export type HoldResult = CartVersionMismatchError | HoldLimitExceededError | IdempotencyKeyReusedError | InvalidInputError | InvalidQuantityError | ItemNotFoundError | OutOfStockError | StoreNotFoundError | StoreUnavailableError | Ticket;

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

export type InvalidQuantityError = ErrorResult & {
  __typename?: 'InvalidQuantityError';
  code: ErrorCode;
  max: Scalars['Int']['output'];
  message: Scalars['String']['output'];
  min: Scalars['Int']['output'];
};

export type Item = {
  __typename?: 'Item';
  sku: Scalars['String']['output'];
  storeId: Scalars['ID']['output'];
};

export type ItemNotFoundError = ErrorResult & {
  __typename?: 'ItemNotFoundError';
  code: ErrorCode;
  message: Scalars['String']['output'];
  sku: Scalars['String']['output'];
  storeId: Scalars['ID']['output'];
};

export type Money = {
  __typename?: 'Money';
  amount: Scalars['Int']['output'];
  currency: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Set a held ticket's quantity (resizes the hold atomically at the store). */
  changeTicketQuantity: ChangeQuantityResult;
  /** Hold stock at a store: the ticket is the hold. */
  hold: HoldResult;
  /** Release a held ticket; its stock is available again at once. */
  releaseTicket: ReleaseResult;
};


export type MutationChangeTicketQuantityArgs = {
  cartVersion?: InputMaybe<Scalars['Int']['input']>;
  quantity: Scalars['Int']['input'];
  ticketId: Scalars['ID']['input'];
};


export type MutationHoldArgs = {
  input: HoldInput;
};


export type MutationReleaseTicketArgs = {
  cartVersion?: InputMaybe<Scalars['Int']['input']>;
  ticketId: Scalars['ID']['input'];
};

/** The order a ticket was purchased in (resolved by the payment subgraph). */
export type Order = {
  __typename?: 'Order';
  id: Scalars['ID']['output'];
};

export type OutOfStockError = ErrorResult & {
  __typename?: 'OutOfStockError';
  available: Scalars['Int']['output'];
  code: ErrorCode;
  message: Scalars['String']['output'];
  requested: Scalars['Int']['output'];
  sku: Scalars['String']['output'];
  storeId: Scalars['ID']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** The caller's live cart (requires a session). */
  cart: Cart;
  /** Every store in the federation. */
  stores: Array<Store>;
  /** One of the caller's tickets, in any status. */
  ticket?: Maybe<Ticket>;
};


export type QueryTicketArgs = {
  id: Scalars['ID']['input'];
};

export type ReleaseResult = CartVersionMismatchError | InvalidInputError | StoreUnavailableError | Ticket | TicketNotFoundError | TicketNotHeldError;

/** A store of the federation; the store's own subgraph resolves its name and catalog. */
export type Store = {
  __typename?: 'Store';
  id: Scalars['ID']['output'];
};

export type StoreNotFoundError = ErrorResult & {
  __typename?: 'StoreNotFoundError';
  code: ErrorCode;
  message: Scalars['String']['output'];
  storeId: Scalars['ID']['output'];
};

export type StoreUnavailableError = ErrorResult & {
  __typename?: 'StoreUnavailableError';
  code: ErrorCode;
  message: Scalars['String']['output'];
  storeId: Scalars['ID']['output'];
};

export type Subscription = {
  __typename?: 'Subscription';
  /** Availability changes of the calling store's own items (store credentials required). */
  availabilityChanges: AvailabilityChange;
  /**
   * Live events of the caller's own cart (shopper session required). `cartId`, when
   * given, must be the caller's cart (`cart { id }`); any other is refused (FORBIDDEN).
   */
  cartEvents: TicketEvent;
};


export type SubscriptionCartEventsArgs = {
  cartId?: InputMaybe<Scalars['ID']['input']>;
};

export type Ticket = {
  __typename?: 'Ticket';
  createdAt: Scalars['DateTime']['output'];
  expiresAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** Null (with a STORE_UNAVAILABLE error) when the store cannot be reached. */
  item?: Maybe<Item>;
  /** unitPrice × quantity (null when unitPrice is). */
  lineTotal?: Maybe<Money>;
  /** The order that purchased this ticket (PURCHASED only). */
  order?: Maybe<Order>;
  quantity: Scalars['Int']['output'];
  sku: Scalars['String']['output'];
  status: TicketStatus;
  /** Null (with a STORE_UNAVAILABLE error) when the store cannot be reached; the rest of the cart still answers. */
  store?: Maybe<Store>;
  storeId: Scalars['ID']['output'];
  /** Current unit price from the store's catalog (computed on the server); null, with a STORE_UNAVAILABLE error, while the store cannot be reached. */
  unitPrice?: Maybe<Money>;
};

/** Something happened to a ticket of the cart. */
export type TicketEvent = {
  __typename?: 'TicketEvent';
  occurredAt: Scalars['DateTime']['output'];
  /** EXPIRING only: whole seconds left before expiresAt. */
  secondsLeft?: Maybe<Scalars['Int']['output']>;
  /** The cart version after the change: events of one cart arrive in this order. */
  sequence: Scalars['Int']['output'];
  /** The ticket as it is after the event. */
  ticket: Ticket;
  type: TicketEventType;
};

export type TicketEventType =
  | 'EXPIRED'
  /** The ticket expires soon (a configurable lead before expiresAt, default 60 s). */
  | 'EXPIRING'
  | 'HELD'
  | 'PURCHASED'
  | 'QUANTITY_CHANGED'
  | 'RELEASED';

export type TicketExpiredError = ErrorResult & {
  __typename?: 'TicketExpiredError';
  code: ErrorCode;
  expiredAt: Scalars['DateTime']['output'];
  message: Scalars['String']['output'];
  ticketId: Scalars['ID']['output'];
};

export type TicketNotFoundError = ErrorResult & {
  __typename?: 'TicketNotFoundError';
  code: ErrorCode;
  message: Scalars['String']['output'];
  ticketId: Scalars['ID']['output'];
};

export type TicketNotHeldError = ErrorResult & {
  __typename?: 'TicketNotHeldError';
  code: ErrorCode;
  message: Scalars['String']['output'];
  status: TicketStatus;
  ticketId: Scalars['ID']['output'];
};

export type TicketStatus =
  /** Held, and part of a checkout in progress. */
  | 'CHECKING_OUT'
  | 'EXPIRED'
  /** Stock is held for the shopper until expiresAt. */
  | 'HELD'
  | 'PURCHASED'
  | 'RELEASED';

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
  Ticket: Ticket;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Ticket:
    ( { __typename: 'Ticket' }
    & GraphQLRecursivePick<FederationTypes['Ticket'], {"id":true}> );
}>;

/** Mapping of union types */
export type ResolversUnionTypes<_RefType extends Record<string, unknown>> = ResolversObject<{
  ChangeQuantityResult:
    | ( Omit<CartVersionMismatchError, 'cart'> & { cart: _RefType['Cart'] } & { __typename: 'CartVersionMismatchError' } )
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( InvalidQuantityError & { __typename: 'InvalidQuantityError' } )
    | ( OutOfStockError & { __typename: 'OutOfStockError' } )
    | ( StoreUnavailableError & { __typename: 'StoreUnavailableError' } )
    | ( TicketModel & { __typename: 'Ticket' } )
    | ( TicketExpiredError & { __typename: 'TicketExpiredError' } )
    | ( TicketNotFoundError & { __typename: 'TicketNotFoundError' } )
    | ( TicketNotHeldError & { __typename: 'TicketNotHeldError' } )
  ;
  HoldResult:
    | ( Omit<CartVersionMismatchError, 'cart'> & { cart: _RefType['Cart'] } & { __typename: 'CartVersionMismatchError' } )
    | ( HoldLimitExceededError & { __typename: 'HoldLimitExceededError' } )
    | ( IdempotencyKeyReusedError & { __typename: 'IdempotencyKeyReusedError' } )
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( InvalidQuantityError & { __typename: 'InvalidQuantityError' } )
    | ( ItemNotFoundError & { __typename: 'ItemNotFoundError' } )
    | ( OutOfStockError & { __typename: 'OutOfStockError' } )
    | ( StoreNotFoundError & { __typename: 'StoreNotFoundError' } )
    | ( StoreUnavailableError & { __typename: 'StoreUnavailableError' } )
    | ( TicketModel & { __typename: 'Ticket' } )
  ;
  ReleaseResult:
    | ( Omit<CartVersionMismatchError, 'cart'> & { cart: _RefType['Cart'] } & { __typename: 'CartVersionMismatchError' } )
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( StoreUnavailableError & { __typename: 'StoreUnavailableError' } )
    | ( TicketModel & { __typename: 'Ticket' } )
    | ( TicketNotFoundError & { __typename: 'TicketNotFoundError' } )
    | ( TicketNotHeldError & { __typename: 'TicketNotHeldError' } )
  ;
}>;

/** Mapping of interface types */
export type ResolversInterfaceTypes<_RefType extends Record<string, unknown>> = ResolversObject<{
  ErrorResult:
    | ( Omit<CartVersionMismatchError, 'cart'> & { cart: _RefType['Cart'] } )
    | ( HoldLimitExceededError )
    | ( IdempotencyKeyReusedError )
    | ( InvalidInputError )
    | ( InvalidQuantityError )
    | ( ItemNotFoundError )
    | ( OutOfStockError )
    | ( StoreNotFoundError )
    | ( StoreUnavailableError )
    | ( TicketExpiredError )
    | ( TicketNotFoundError )
    | ( TicketNotHeldError )
  ;
}>;

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  AvailabilityChange: ResolverTypeWrapper<AvailabilityChange>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Cart: ResolverTypeWrapper<CartModel>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  CartVersionMismatchError: ResolverTypeWrapper<Omit<CartVersionMismatchError, 'cart'> & { cart: ResolversTypes['Cart'] }>;
  ChangeQuantityResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['ChangeQuantityResult']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  ErrorCode: ErrorCode;
  ErrorResult: ResolverTypeWrapper<ResolversInterfaceTypes<ResolversTypes>['ErrorResult']>;
  HoldInput: HoldInput;
  HoldLimitExceededError: ResolverTypeWrapper<HoldLimitExceededError>;
  HoldResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['HoldResult']>;
  IdempotencyKeyReusedError: ResolverTypeWrapper<IdempotencyKeyReusedError>;
  InvalidInputError: ResolverTypeWrapper<InvalidInputError>;
  InvalidQuantityError: ResolverTypeWrapper<InvalidQuantityError>;
  Item: ResolverTypeWrapper<Item>;
  ItemNotFoundError: ResolverTypeWrapper<ItemNotFoundError>;
  Money: ResolverTypeWrapper<Money>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Order: ResolverTypeWrapper<Order>;
  OutOfStockError: ResolverTypeWrapper<OutOfStockError>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ReleaseResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['ReleaseResult']>;
  Store: ResolverTypeWrapper<Store>;
  StoreNotFoundError: ResolverTypeWrapper<StoreNotFoundError>;
  StoreUnavailableError: ResolverTypeWrapper<StoreUnavailableError>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Ticket: ResolverTypeWrapper<TicketModel>;
  TicketEvent: ResolverTypeWrapper<Omit<TicketEvent, 'ticket'> & { ticket: ResolversTypes['Ticket'] }>;
  TicketEventType: TicketEventType;
  TicketExpiredError: ResolverTypeWrapper<TicketExpiredError>;
  TicketNotFoundError: ResolverTypeWrapper<TicketNotFoundError>;
  TicketNotHeldError: ResolverTypeWrapper<TicketNotHeldError>;
  TicketStatus: TicketStatus;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  AvailabilityChange: AvailabilityChange;
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  Cart: CartModel;
  Int: Scalars['Int']['output'];
  CartVersionMismatchError: Omit<CartVersionMismatchError, 'cart'> & { cart: ResolversParentTypes['Cart'] };
  ChangeQuantityResult: ResolversUnionTypes<ResolversParentTypes>['ChangeQuantityResult'];
  DateTime: Scalars['DateTime']['output'];
  ErrorResult: ResolversInterfaceTypes<ResolversParentTypes>['ErrorResult'];
  HoldInput: HoldInput;
  HoldLimitExceededError: HoldLimitExceededError;
  HoldResult: ResolversUnionTypes<ResolversParentTypes>['HoldResult'];
  IdempotencyKeyReusedError: IdempotencyKeyReusedError;
  InvalidInputError: InvalidInputError;
  InvalidQuantityError: InvalidQuantityError;
  Item: Item;
  ItemNotFoundError: ItemNotFoundError;
  Money: Money;
  Mutation: Record<PropertyKey, never>;
  Order: Order;
  OutOfStockError: OutOfStockError;
  Query: Record<PropertyKey, never>;
  ReleaseResult: ResolversUnionTypes<ResolversParentTypes>['ReleaseResult'];
  Store: Store;
  StoreNotFoundError: StoreNotFoundError;
  StoreUnavailableError: StoreUnavailableError;
  Subscription: Record<PropertyKey, never>;
  Ticket: TicketModel;
  TicketEvent: Omit<TicketEvent, 'ticket'> & { ticket: ResolversParentTypes['Ticket'] };
  TicketExpiredError: TicketExpiredError;
  TicketNotFoundError: TicketNotFoundError;
  TicketNotHeldError: TicketNotHeldError;
  Boolean: Scalars['Boolean']['output'];
}>;

export type AvailabilityChangeResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['AvailabilityChange'] = ResolversParentTypes['AvailabilityChange']> = ResolversObject<{
  item?: Resolver<Maybe<ResolversTypes['Item']>, ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type CartResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['Cart'] = ResolversParentTypes['Cart']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  itemCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  tickets?: Resolver<Array<ResolversTypes['Ticket']>, ParentType, ContextType>;
  totals?: Resolver<Maybe<Array<ResolversTypes['Money']>>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type CartVersionMismatchErrorResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['CartVersionMismatchError'] = ResolversParentTypes['CartVersionMismatchError']> = ResolversObject<{
  cart?: Resolver<ResolversTypes['Cart'], ParentType, ContextType>;
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  expectedVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type ChangeQuantityResultResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['ChangeQuantityResult'] = ResolversParentTypes['ChangeQuantityResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'CartVersionMismatchError' | 'InvalidInputError' | 'InvalidQuantityError' | 'OutOfStockError' | 'StoreUnavailableError' | 'Ticket' | 'TicketExpiredError' | 'TicketNotFoundError' | 'TicketNotHeldError', ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type ErrorResultResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['ErrorResult'] = ResolversParentTypes['ErrorResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'CartVersionMismatchError' | 'HoldLimitExceededError' | 'IdempotencyKeyReusedError' | 'InvalidInputError' | 'InvalidQuantityError' | 'ItemNotFoundError' | 'OutOfStockError' | 'StoreNotFoundError' | 'StoreUnavailableError' | 'TicketExpiredError' | 'TicketNotFoundError' | 'TicketNotHeldError', ParentType, ContextType>;
}>;

export type HoldLimitExceededErrorResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['HoldLimitExceededError'] = ResolversParentTypes['HoldLimitExceededError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  limit?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type HoldResultResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['HoldResult'] = ResolversParentTypes['HoldResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'CartVersionMismatchError' | 'HoldLimitExceededError' | 'IdempotencyKeyReusedError' | 'InvalidInputError' | 'InvalidQuantityError' | 'ItemNotFoundError' | 'OutOfStockError' | 'StoreNotFoundError' | 'StoreUnavailableError' | 'Ticket', ParentType, ContextType>;
}>;

export type IdempotencyKeyReusedErrorResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['IdempotencyKeyReusedError'] = ResolversParentTypes['IdempotencyKeyReusedError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type InvalidInputErrorResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['InvalidInputError'] = ResolversParentTypes['InvalidInputError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  field?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type InvalidQuantityErrorResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['InvalidQuantityError'] = ResolversParentTypes['InvalidQuantityError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  max?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  min?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type ItemResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['Item'] = ResolversParentTypes['Item']> = ResolversObject<{
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type ItemNotFoundErrorResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['ItemNotFoundError'] = ResolversParentTypes['ItemNotFoundError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type MoneyResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  changeTicketQuantity?: Resolver<ResolversTypes['ChangeQuantityResult'], ParentType, ContextType, RequireFields<MutationChangeTicketQuantityArgs, 'quantity' | 'ticketId'>>;
  hold?: Resolver<ResolversTypes['HoldResult'], ParentType, ContextType, RequireFields<MutationHoldArgs, 'input'>>;
  releaseTicket?: Resolver<ResolversTypes['ReleaseResult'], ParentType, ContextType, RequireFields<MutationReleaseTicketArgs, 'ticketId'>>;
}>;

export type OrderResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['Order'] = ResolversParentTypes['Order']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type OutOfStockErrorResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['OutOfStockError'] = ResolversParentTypes['OutOfStockError']> = ResolversObject<{
  available?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  requested?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  cart?: Resolver<ResolversTypes['Cart'], ParentType, ContextType>;
  stores?: Resolver<Array<ResolversTypes['Store']>, ParentType, ContextType>;
  ticket?: Resolver<Maybe<ResolversTypes['Ticket']>, ParentType, ContextType, RequireFields<QueryTicketArgs, 'id'>>;
}>;

export type ReleaseResultResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['ReleaseResult'] = ResolversParentTypes['ReleaseResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'CartVersionMismatchError' | 'InvalidInputError' | 'StoreUnavailableError' | 'Ticket' | 'TicketNotFoundError' | 'TicketNotHeldError', ParentType, ContextType>;
}>;

export type StoreResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['Store'] = ResolversParentTypes['Store']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type StoreNotFoundErrorResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['StoreNotFoundError'] = ResolversParentTypes['StoreNotFoundError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type StoreUnavailableErrorResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['StoreUnavailableError'] = ResolversParentTypes['StoreUnavailableError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type SubscriptionResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  availabilityChanges?: SubscriptionResolver<ResolversTypes['AvailabilityChange'], "availabilityChanges", ParentType, ContextType>;
  cartEvents?: SubscriptionResolver<ResolversTypes['TicketEvent'], "cartEvents", ParentType, ContextType, Partial<SubscriptionCartEventsArgs>>;
}>;

export type TicketResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['Ticket'] = ResolversParentTypes['Ticket'], FederationReferenceType extends FederationReferenceTypes['Ticket'] = FederationReferenceTypes['Ticket']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Ticket']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  item?: Resolver<Maybe<ResolversTypes['Item']>, ParentType, ContextType>;
  lineTotal?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  order?: Resolver<Maybe<ResolversTypes['Order']>, ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['TicketStatus'], ParentType, ContextType>;
  store?: Resolver<Maybe<ResolversTypes['Store']>, ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  unitPrice?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type TicketEventResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['TicketEvent'] = ResolversParentTypes['TicketEvent']> = ResolversObject<{
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  secondsLeft?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  sequence?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  ticket?: Resolver<ResolversTypes['Ticket'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['TicketEventType'], ParentType, ContextType>;
}>;

export type TicketExpiredErrorResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['TicketExpiredError'] = ResolversParentTypes['TicketExpiredError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  expiredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  ticketId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type TicketNotFoundErrorResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['TicketNotFoundError'] = ResolversParentTypes['TicketNotFoundError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  ticketId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type TicketNotHeldErrorResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['TicketNotHeldError'] = ResolversParentTypes['TicketNotHeldError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['TicketStatus'], ParentType, ContextType>;
  ticketId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type Resolvers<ContextType = TicketContext> = ResolversObject<{
  AvailabilityChange?: AvailabilityChangeResolvers<ContextType>;
  Cart?: CartResolvers<ContextType>;
  CartVersionMismatchError?: CartVersionMismatchErrorResolvers<ContextType>;
  ChangeQuantityResult?: ChangeQuantityResultResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  ErrorResult?: ErrorResultResolvers<ContextType>;
  HoldLimitExceededError?: HoldLimitExceededErrorResolvers<ContextType>;
  HoldResult?: HoldResultResolvers<ContextType>;
  IdempotencyKeyReusedError?: IdempotencyKeyReusedErrorResolvers<ContextType>;
  InvalidInputError?: InvalidInputErrorResolvers<ContextType>;
  InvalidQuantityError?: InvalidQuantityErrorResolvers<ContextType>;
  Item?: ItemResolvers<ContextType>;
  ItemNotFoundError?: ItemNotFoundErrorResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Order?: OrderResolvers<ContextType>;
  OutOfStockError?: OutOfStockErrorResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ReleaseResult?: ReleaseResultResolvers<ContextType>;
  Store?: StoreResolvers<ContextType>;
  StoreNotFoundError?: StoreNotFoundErrorResolvers<ContextType>;
  StoreUnavailableError?: StoreUnavailableErrorResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  Ticket?: TicketResolvers<ContextType>;
  TicketEvent?: TicketEventResolvers<ContextType>;
  TicketExpiredError?: TicketExpiredErrorResolvers<ContextType>;
  TicketNotFoundError?: TicketNotFoundErrorResolvers<ContextType>;
  TicketNotHeldError?: TicketNotHeldErrorResolvers<ContextType>;
}>;

