import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { TicketModel, CartModel, SavedCartModel } from '../domain/model.js';
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

/**
 * A basket of the calling store's items that a shopper left without checking out: its
 * holds all expired, or it sat idle past the abandonment threshold (default 60 minutes)
 * with nothing bought. One report per basket and store; the store sees its own lines only.
 */
export type AbandonedCart = {
  __typename?: 'AbandonedCart';
  abandonedAt: Scalars['DateTime']['output'];
  /**
   * Anonymous reference of the shopper's cart, the same in every report of that cart to
   * this store (so repeats can be correlated); it never identifies the session or the
   * account, and other stores see other references for the same cart.
   */
  cartRef: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  lines: Array<AbandonedCartLine>;
};

export type AbandonedCartConnection = {
  __typename?: 'AbandonedCartConnection';
  edges: Array<AbandonedCartEdge>;
  pageInfo: PageInfo;
};

export type AbandonedCartEdge = {
  __typename?: 'AbandonedCartEdge';
  cursor: Scalars['String']['output'];
  node: AbandonedCart;
};

export type AbandonedCartLine = {
  __typename?: 'AbandonedCartLine';
  item?: Maybe<Item>;
  /** How many the basket held (summed over its holds of the item). */
  quantity: Scalars['Int']['output'];
  sku: Scalars['String']['output'];
  storeId: Scalars['ID']['output'];
  /** The store's catalog unit price when the report was written; null when the store could not be asked. */
  unitPrice?: Maybe<Money>;
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
  /**
   * The cart's id: what `cartEvents(cartId:)` takes. A guest's cart is its session's; an
   * account has one cart across its sessions (a guest cart merges into it at login).
   */
  id: Scalars['ID']['output'];
  itemCount: Scalars['Int']['output'];
  /** The session's live tickets (HELD or CHECKING_OUT), oldest first. */
  tickets: Array<Ticket>;
  /** Sum of line totals, one entry per currency; null (with the error) when a line cannot be priced, rather than a wrong total. */
  totals?: Maybe<Array<Money>>;
  /** Changes with every change to the cart; send it back as `cartVersion` to refuse stale pages. */
  version: Scalars['Int']['output'];
};

export type CartRestored = {
  __typename?: 'CartRestored';
  cart: Cart;
  /** True when every line was held in full. */
  complete: Scalars['Boolean']['output'];
  lines: Array<RestoredLine>;
  /** Offer codes attached to the session again. */
  offerCodes: Array<Scalars['String']['output']>;
};

export type CartVersionMismatchError = ErrorResult & {
  __typename?: 'CartVersionMismatchError';
  cart: Cart;
  code: ErrorCode;
  expectedVersion: Scalars['Int']['output'];
  message: Scalars['String']['output'];
};

export type ChangeQuantityResult = CartVersionMismatchError | IdempotencyKeyReusedError | InvalidInputError | InvalidQuantityError | OutOfStockError | RequestInProgressError | StoreUnavailableError | Ticket | TicketExpiredError | TicketNotFoundError | TicketNotHeldError;

export type DeleteSavedCartResult = SavedCart | SavedCartNotFoundError;

export type EmptyCartError = ErrorResult & {
  __typename?: 'EmptyCartError';
  code: ErrorCode;
  message: Scalars['String']['output'];
};

export type ErrorCode =
  | 'CART_VERSION_MISMATCH'
  | 'EMPTY_CART'
  | 'HOLD_LIMIT_EXCEEDED'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'INVALID_INPUT'
  | 'INVALID_QUANTITY'
  | 'ITEM_NOT_FOUND'
  | 'OUT_OF_STOCK'
  | 'REQUEST_IN_PROGRESS'
  | 'SAVED_CART_LIMIT'
  | 'SAVED_CART_NOT_FOUND'
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
  /** Set a held ticket's quantity (resizes the hold atomically at the store). `idempotencyKey`: as for releaseTicket. */
  changeTicketQuantity: ChangeQuantityResult;
  deleteSavedCart: DeleteSavedCartResult;
  /** Hold stock at a store: the ticket is the hold. */
  hold: HoldResult;
  /**
   * Release a held ticket; its stock is available again at once.
   * `idempotencyKey` (1-200 characters, one per intended change; a UUID is a good key; keys
   * are per cart and per mutation), as for changeTicketQuantity and saveCart: the first
   * request with a key runs and its result is kept, typed errors included; a repeat with the
   * same key and input returns that result again (the ticket as it is now) and changes
   * nothing; the same key with other input is IdempotencyKeyReusedError; a repeat while the
   * first still runs (after a brief wait) is RequestInProgressError and runs nothing. A
   * request that changed nothing for a passing reason (a stale `cartVersion`, which is not
   * part of the input, or STORE_UNAVAILABLE) leaves its key free for the retry.
   */
  releaseTicket: ReleaseResult;
  /**
   * Hold a saved cart's lines again at current availability: each line is held in full,
   * in part (what is available), or not at all, and `lines` says which and why. A line
   * whose item the live cart already holds is raised to the saved quantity, never held
   * twice. The saved offer codes are attached to the session.
   * `idempotencyKey` (1-180 characters; each line's hold key is derived from it): as for
   * releaseTicket; a repeat returns the first restore's report (each line's ticket as it is
   * now) and holds nothing more. A restore interrupted midway is finished by a repeat, which
   * holds no line twice. A saved cart that is not there keeps nothing under the key.
   */
  restoreSavedCart: RestoreCartResult;
  /**
   * Save the live cart's lines (and the session's offer codes) under the account.
   * `releaseHolds: true` also releases the live tickets (stock goes back at once).
   * `idempotencyKey`: as for releaseTicket; a repeat returns the first request's saved cart
   * and saves (and releases) nothing more.
   */
  saveCart: SaveCartResult;
};


export type MutationChangeTicketQuantityArgs = {
  cartVersion?: InputMaybe<Scalars['Int']['input']>;
  idempotencyKey: Scalars['String']['input'];
  quantity: Scalars['Int']['input'];
  ticketId: Scalars['ID']['input'];
};


export type MutationDeleteSavedCartArgs = {
  savedCartId: Scalars['ID']['input'];
};


export type MutationHoldArgs = {
  input: HoldInput;
};


export type MutationReleaseTicketArgs = {
  cartVersion?: InputMaybe<Scalars['Int']['input']>;
  idempotencyKey: Scalars['String']['input'];
  ticketId: Scalars['ID']['input'];
};


export type MutationRestoreSavedCartArgs = {
  idempotencyKey: Scalars['String']['input'];
  savedCartId: Scalars['ID']['input'];
};


export type MutationSaveCartArgs = {
  idempotencyKey: Scalars['String']['input'];
  name: Scalars['String']['input'];
  releaseHolds?: InputMaybe<Scalars['Boolean']['input']>;
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

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Query = {
  __typename?: 'Query';
  /**
   * The calling store's abandoned-cart reports, newest first (store credentials required).
   * `since`: only those abandoned at or after it. A report is written within one janitor
   * interval (default 30 s) of abandonedAt: overlap polling windows by that much.
   */
  abandonedCarts: AbandonedCartConnection;
  /** The caller's live cart (requires a session). */
  cart: Cart;
  /** The account's saved carts, newest first (account session required). */
  savedCarts: Array<SavedCart>;
  /** Every store in the federation. */
  stores: Array<Store>;
  /** One of the caller's tickets, in any status. */
  ticket?: Maybe<Ticket>;
};


export type QueryAbandonedCartsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  since?: InputMaybe<Scalars['DateTime']['input']>;
};


export type QueryTicketArgs = {
  id: Scalars['ID']['input'];
};

export type ReleaseResult = CartVersionMismatchError | IdempotencyKeyReusedError | InvalidInputError | RequestInProgressError | StoreUnavailableError | Ticket | TicketNotFoundError | TicketNotHeldError;

/** A request with this idempotency key is still running; retry shortly for its result. */
export type RequestInProgressError = ErrorResult & {
  __typename?: 'RequestInProgressError';
  code: ErrorCode;
  message: Scalars['String']['output'];
};

export type RestoreCartResult = CartRestored | IdempotencyKeyReusedError | InvalidInputError | RequestInProgressError | SavedCartNotFoundError;

/** How one saved line came back: `held` of `requested`, and why not all when short. */
export type RestoredLine = {
  __typename?: 'RestoredLine';
  /** 0 when nothing could be held. */
  held: Scalars['Int']['output'];
  /** Why the line is short: OUT_OF_STOCK (with `available`), ITEM_NOT_FOUND, STORE_NOT_FOUND, STORE_UNAVAILABLE, HOLD_LIMIT_EXCEEDED... */
  problem?: Maybe<ErrorResult>;
  requested: Scalars['Int']['output'];
  sku: Scalars['String']['output'];
  storeId: Scalars['ID']['output'];
  /** The live ticket now holding this line (null when nothing could be held). */
  ticket?: Maybe<Ticket>;
};

export type SaveCartResult = EmptyCartError | IdempotencyKeyReusedError | InvalidInputError | RequestInProgressError | SavedCart | SavedCartLimitError;

/**
 * A cart kept under the account, restorable later (its lines are not held while saved).
 * It expires when it was neither saved nor restored for the basket max age (default 30
 * days): it is then no longer listed, and restoring it is SAVED_CART_NOT_FOUND.
 */
export type SavedCart = {
  __typename?: 'SavedCart';
  id: Scalars['ID']['output'];
  lines: Array<SavedCartLine>;
  name: Scalars['String']['output'];
  /** The session's offer codes when the cart was saved; restoring attaches them again. */
  offerCodes: Array<Scalars['String']['output']>;
  savedAt: Scalars['DateTime']['output'];
};

export type SavedCartLimitError = ErrorResult & {
  __typename?: 'SavedCartLimitError';
  code: ErrorCode;
  limit: Scalars['Int']['output'];
  message: Scalars['String']['output'];
};

export type SavedCartLine = {
  __typename?: 'SavedCartLine';
  /** Null (with a STORE_UNAVAILABLE error) when the store cannot be reached. */
  item?: Maybe<Item>;
  quantity: Scalars['Int']['output'];
  sku: Scalars['String']['output'];
  storeId: Scalars['ID']['output'];
};

export type SavedCartNotFoundError = ErrorResult & {
  __typename?: 'SavedCartNotFoundError';
  code: ErrorCode;
  message: Scalars['String']['output'];
  savedCartId: Scalars['ID']['output'];
};

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
  /** The store's catalog price before any price rule (compare with unitPrice to show a discount); null when unitPrice is. */
  listPrice?: Maybe<Money>;
  /** The order that purchased this ticket (PURCHASED only). */
  order?: Maybe<Order>;
  quantity: Scalars['Int']['output'];
  sku: Scalars['String']['output'];
  status: TicketStatus;
  /** Null (with a STORE_UNAVAILABLE error) when the store cannot be reached; the rest of the cart still answers. */
  store?: Maybe<Store>;
  storeId: Scalars['ID']['output'];
  /**
   * The caller's unit price, computed on the server: the lowest of the store's catalog price
   * and the store's price rules the caller is entitled to (price class, offer codes on the
   * session, sale windows) — what checkout charges. Null, with a STORE_UNAVAILABLE error,
   * while the store cannot be reached.
   */
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
    | ( IdempotencyKeyReusedError & { __typename: 'IdempotencyKeyReusedError' } )
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( InvalidQuantityError & { __typename: 'InvalidQuantityError' } )
    | ( OutOfStockError & { __typename: 'OutOfStockError' } )
    | ( RequestInProgressError & { __typename: 'RequestInProgressError' } )
    | ( StoreUnavailableError & { __typename: 'StoreUnavailableError' } )
    | ( TicketModel & { __typename: 'Ticket' } )
    | ( TicketExpiredError & { __typename: 'TicketExpiredError' } )
    | ( TicketNotFoundError & { __typename: 'TicketNotFoundError' } )
    | ( TicketNotHeldError & { __typename: 'TicketNotHeldError' } )
  ;
  DeleteSavedCartResult:
    | ( SavedCartModel & { __typename: 'SavedCart' } )
    | ( SavedCartNotFoundError & { __typename: 'SavedCartNotFoundError' } )
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
    | ( IdempotencyKeyReusedError & { __typename: 'IdempotencyKeyReusedError' } )
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( RequestInProgressError & { __typename: 'RequestInProgressError' } )
    | ( StoreUnavailableError & { __typename: 'StoreUnavailableError' } )
    | ( TicketModel & { __typename: 'Ticket' } )
    | ( TicketNotFoundError & { __typename: 'TicketNotFoundError' } )
    | ( TicketNotHeldError & { __typename: 'TicketNotHeldError' } )
  ;
  RestoreCartResult:
    | ( Omit<CartRestored, 'cart' | 'lines'> & { cart: _RefType['Cart'], lines: Array<_RefType['RestoredLine']> } & { __typename: 'CartRestored' } )
    | ( IdempotencyKeyReusedError & { __typename: 'IdempotencyKeyReusedError' } )
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( RequestInProgressError & { __typename: 'RequestInProgressError' } )
    | ( SavedCartNotFoundError & { __typename: 'SavedCartNotFoundError' } )
  ;
  SaveCartResult:
    | ( EmptyCartError & { __typename: 'EmptyCartError' } )
    | ( IdempotencyKeyReusedError & { __typename: 'IdempotencyKeyReusedError' } )
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( RequestInProgressError & { __typename: 'RequestInProgressError' } )
    | ( SavedCartModel & { __typename: 'SavedCart' } )
    | ( SavedCartLimitError & { __typename: 'SavedCartLimitError' } )
  ;
}>;

/** Mapping of interface types */
export type ResolversInterfaceTypes<_RefType extends Record<string, unknown>> = ResolversObject<{
  ErrorResult:
    | ( Omit<CartVersionMismatchError, 'cart'> & { cart: _RefType['Cart'] } )
    | ( EmptyCartError )
    | ( HoldLimitExceededError )
    | ( IdempotencyKeyReusedError )
    | ( InvalidInputError )
    | ( InvalidQuantityError )
    | ( ItemNotFoundError )
    | ( OutOfStockError )
    | ( RequestInProgressError )
    | ( SavedCartLimitError )
    | ( SavedCartNotFoundError )
    | ( StoreNotFoundError )
    | ( StoreUnavailableError )
    | ( TicketExpiredError )
    | ( TicketNotFoundError )
    | ( TicketNotHeldError )
  ;
}>;

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  AbandonedCart: ResolverTypeWrapper<AbandonedCart>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  AbandonedCartConnection: ResolverTypeWrapper<AbandonedCartConnection>;
  AbandonedCartEdge: ResolverTypeWrapper<AbandonedCartEdge>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  AbandonedCartLine: ResolverTypeWrapper<AbandonedCartLine>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  AvailabilityChange: ResolverTypeWrapper<AvailabilityChange>;
  Cart: ResolverTypeWrapper<CartModel>;
  CartRestored: ResolverTypeWrapper<Omit<CartRestored, 'cart' | 'lines'> & { cart: ResolversTypes['Cart'], lines: Array<ResolversTypes['RestoredLine']> }>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  CartVersionMismatchError: ResolverTypeWrapper<Omit<CartVersionMismatchError, 'cart'> & { cart: ResolversTypes['Cart'] }>;
  ChangeQuantityResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['ChangeQuantityResult']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DeleteSavedCartResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['DeleteSavedCartResult']>;
  EmptyCartError: ResolverTypeWrapper<EmptyCartError>;
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
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ReleaseResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['ReleaseResult']>;
  RequestInProgressError: ResolverTypeWrapper<RequestInProgressError>;
  RestoreCartResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['RestoreCartResult']>;
  RestoredLine: ResolverTypeWrapper<Omit<RestoredLine, 'problem' | 'ticket'> & { problem?: Maybe<ResolversTypes['ErrorResult']>, ticket?: Maybe<ResolversTypes['Ticket']> }>;
  SaveCartResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['SaveCartResult']>;
  SavedCart: ResolverTypeWrapper<SavedCartModel>;
  SavedCartLimitError: ResolverTypeWrapper<SavedCartLimitError>;
  SavedCartLine: ResolverTypeWrapper<SavedCartLine>;
  SavedCartNotFoundError: ResolverTypeWrapper<SavedCartNotFoundError>;
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
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  AbandonedCart: AbandonedCart;
  ID: Scalars['ID']['output'];
  AbandonedCartConnection: AbandonedCartConnection;
  AbandonedCartEdge: AbandonedCartEdge;
  String: Scalars['String']['output'];
  AbandonedCartLine: AbandonedCartLine;
  Int: Scalars['Int']['output'];
  AvailabilityChange: AvailabilityChange;
  Cart: CartModel;
  CartRestored: Omit<CartRestored, 'cart' | 'lines'> & { cart: ResolversParentTypes['Cart'], lines: Array<ResolversParentTypes['RestoredLine']> };
  Boolean: Scalars['Boolean']['output'];
  CartVersionMismatchError: Omit<CartVersionMismatchError, 'cart'> & { cart: ResolversParentTypes['Cart'] };
  ChangeQuantityResult: ResolversUnionTypes<ResolversParentTypes>['ChangeQuantityResult'];
  DateTime: Scalars['DateTime']['output'];
  DeleteSavedCartResult: ResolversUnionTypes<ResolversParentTypes>['DeleteSavedCartResult'];
  EmptyCartError: EmptyCartError;
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
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  ReleaseResult: ResolversUnionTypes<ResolversParentTypes>['ReleaseResult'];
  RequestInProgressError: RequestInProgressError;
  RestoreCartResult: ResolversUnionTypes<ResolversParentTypes>['RestoreCartResult'];
  RestoredLine: Omit<RestoredLine, 'problem' | 'ticket'> & { problem?: Maybe<ResolversParentTypes['ErrorResult']>, ticket?: Maybe<ResolversParentTypes['Ticket']> };
  SaveCartResult: ResolversUnionTypes<ResolversParentTypes>['SaveCartResult'];
  SavedCart: SavedCartModel;
  SavedCartLimitError: SavedCartLimitError;
  SavedCartLine: SavedCartLine;
  SavedCartNotFoundError: SavedCartNotFoundError;
  Store: Store;
  StoreNotFoundError: StoreNotFoundError;
  StoreUnavailableError: StoreUnavailableError;
  Subscription: Record<PropertyKey, never>;
  Ticket: TicketModel;
  TicketEvent: Omit<TicketEvent, 'ticket'> & { ticket: ResolversParentTypes['Ticket'] };
  TicketExpiredError: TicketExpiredError;
  TicketNotFoundError: TicketNotFoundError;
  TicketNotHeldError: TicketNotHeldError;
}>;

export type AbandonedCartResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['AbandonedCart'] = ResolversParentTypes['AbandonedCart']> = ResolversObject<{
  abandonedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  cartRef?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['AbandonedCartLine']>, ParentType, ContextType>;
}>;

export type AbandonedCartConnectionResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['AbandonedCartConnection'] = ResolversParentTypes['AbandonedCartConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['AbandonedCartEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type AbandonedCartEdgeResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['AbandonedCartEdge'] = ResolversParentTypes['AbandonedCartEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['AbandonedCart'], ParentType, ContextType>;
}>;

export type AbandonedCartLineResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['AbandonedCartLine'] = ResolversParentTypes['AbandonedCartLine']> = ResolversObject<{
  item?: Resolver<Maybe<ResolversTypes['Item']>, ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  unitPrice?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
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

export type CartRestoredResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['CartRestored'] = ResolversParentTypes['CartRestored']> = ResolversObject<{
  cart?: Resolver<ResolversTypes['Cart'], ParentType, ContextType>;
  complete?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['RestoredLine']>, ParentType, ContextType>;
  offerCodes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type CartVersionMismatchErrorResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['CartVersionMismatchError'] = ResolversParentTypes['CartVersionMismatchError']> = ResolversObject<{
  cart?: Resolver<ResolversTypes['Cart'], ParentType, ContextType>;
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  expectedVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type ChangeQuantityResultResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['ChangeQuantityResult'] = ResolversParentTypes['ChangeQuantityResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'CartVersionMismatchError' | 'IdempotencyKeyReusedError' | 'InvalidInputError' | 'InvalidQuantityError' | 'OutOfStockError' | 'RequestInProgressError' | 'StoreUnavailableError' | 'Ticket' | 'TicketExpiredError' | 'TicketNotFoundError' | 'TicketNotHeldError', ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DeleteSavedCartResultResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['DeleteSavedCartResult'] = ResolversParentTypes['DeleteSavedCartResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'SavedCart' | 'SavedCartNotFoundError', ParentType, ContextType>;
}>;

export type EmptyCartErrorResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['EmptyCartError'] = ResolversParentTypes['EmptyCartError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type ErrorResultResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['ErrorResult'] = ResolversParentTypes['ErrorResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'CartVersionMismatchError' | 'EmptyCartError' | 'HoldLimitExceededError' | 'IdempotencyKeyReusedError' | 'InvalidInputError' | 'InvalidQuantityError' | 'ItemNotFoundError' | 'OutOfStockError' | 'RequestInProgressError' | 'SavedCartLimitError' | 'SavedCartNotFoundError' | 'StoreNotFoundError' | 'StoreUnavailableError' | 'TicketExpiredError' | 'TicketNotFoundError' | 'TicketNotHeldError', ParentType, ContextType>;
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
  changeTicketQuantity?: Resolver<ResolversTypes['ChangeQuantityResult'], ParentType, ContextType, RequireFields<MutationChangeTicketQuantityArgs, 'idempotencyKey' | 'quantity' | 'ticketId'>>;
  deleteSavedCart?: Resolver<ResolversTypes['DeleteSavedCartResult'], ParentType, ContextType, RequireFields<MutationDeleteSavedCartArgs, 'savedCartId'>>;
  hold?: Resolver<ResolversTypes['HoldResult'], ParentType, ContextType, RequireFields<MutationHoldArgs, 'input'>>;
  releaseTicket?: Resolver<ResolversTypes['ReleaseResult'], ParentType, ContextType, RequireFields<MutationReleaseTicketArgs, 'idempotencyKey' | 'ticketId'>>;
  restoreSavedCart?: Resolver<ResolversTypes['RestoreCartResult'], ParentType, ContextType, RequireFields<MutationRestoreSavedCartArgs, 'idempotencyKey' | 'savedCartId'>>;
  saveCart?: Resolver<ResolversTypes['SaveCartResult'], ParentType, ContextType, RequireFields<MutationSaveCartArgs, 'idempotencyKey' | 'name' | 'releaseHolds'>>;
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

export type PageInfoResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  abandonedCarts?: Resolver<ResolversTypes['AbandonedCartConnection'], ParentType, ContextType, RequireFields<QueryAbandonedCartsArgs, 'first'>>;
  cart?: Resolver<ResolversTypes['Cart'], ParentType, ContextType>;
  savedCarts?: Resolver<Array<ResolversTypes['SavedCart']>, ParentType, ContextType>;
  stores?: Resolver<Array<ResolversTypes['Store']>, ParentType, ContextType>;
  ticket?: Resolver<Maybe<ResolversTypes['Ticket']>, ParentType, ContextType, RequireFields<QueryTicketArgs, 'id'>>;
}>;

export type ReleaseResultResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['ReleaseResult'] = ResolversParentTypes['ReleaseResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'CartVersionMismatchError' | 'IdempotencyKeyReusedError' | 'InvalidInputError' | 'RequestInProgressError' | 'StoreUnavailableError' | 'Ticket' | 'TicketNotFoundError' | 'TicketNotHeldError', ParentType, ContextType>;
}>;

export type RequestInProgressErrorResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['RequestInProgressError'] = ResolversParentTypes['RequestInProgressError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type RestoreCartResultResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['RestoreCartResult'] = ResolversParentTypes['RestoreCartResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'CartRestored' | 'IdempotencyKeyReusedError' | 'InvalidInputError' | 'RequestInProgressError' | 'SavedCartNotFoundError', ParentType, ContextType>;
}>;

export type RestoredLineResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['RestoredLine'] = ResolversParentTypes['RestoredLine']> = ResolversObject<{
  held?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  problem?: Resolver<Maybe<ResolversTypes['ErrorResult']>, ParentType, ContextType>;
  requested?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  ticket?: Resolver<Maybe<ResolversTypes['Ticket']>, ParentType, ContextType>;
}>;

export type SaveCartResultResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['SaveCartResult'] = ResolversParentTypes['SaveCartResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'EmptyCartError' | 'IdempotencyKeyReusedError' | 'InvalidInputError' | 'RequestInProgressError' | 'SavedCart' | 'SavedCartLimitError', ParentType, ContextType>;
}>;

export type SavedCartResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['SavedCart'] = ResolversParentTypes['SavedCart']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['SavedCartLine']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  offerCodes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  savedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type SavedCartLimitErrorResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['SavedCartLimitError'] = ResolversParentTypes['SavedCartLimitError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  limit?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type SavedCartLineResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['SavedCartLine'] = ResolversParentTypes['SavedCartLine']> = ResolversObject<{
  item?: Resolver<Maybe<ResolversTypes['Item']>, ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type SavedCartNotFoundErrorResolvers<ContextType = TicketContext, ParentType extends ResolversParentTypes['SavedCartNotFoundError'] = ResolversParentTypes['SavedCartNotFoundError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  savedCartId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
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
  listPrice?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
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
  AbandonedCart?: AbandonedCartResolvers<ContextType>;
  AbandonedCartConnection?: AbandonedCartConnectionResolvers<ContextType>;
  AbandonedCartEdge?: AbandonedCartEdgeResolvers<ContextType>;
  AbandonedCartLine?: AbandonedCartLineResolvers<ContextType>;
  AvailabilityChange?: AvailabilityChangeResolvers<ContextType>;
  Cart?: CartResolvers<ContextType>;
  CartRestored?: CartRestoredResolvers<ContextType>;
  CartVersionMismatchError?: CartVersionMismatchErrorResolvers<ContextType>;
  ChangeQuantityResult?: ChangeQuantityResultResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  DeleteSavedCartResult?: DeleteSavedCartResultResolvers<ContextType>;
  EmptyCartError?: EmptyCartErrorResolvers<ContextType>;
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
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ReleaseResult?: ReleaseResultResolvers<ContextType>;
  RequestInProgressError?: RequestInProgressErrorResolvers<ContextType>;
  RestoreCartResult?: RestoreCartResultResolvers<ContextType>;
  RestoredLine?: RestoredLineResolvers<ContextType>;
  SaveCartResult?: SaveCartResultResolvers<ContextType>;
  SavedCart?: SavedCartResolvers<ContextType>;
  SavedCartLimitError?: SavedCartLimitErrorResolvers<ContextType>;
  SavedCartLine?: SavedCartLineResolvers<ContextType>;
  SavedCartNotFoundError?: SavedCartNotFoundErrorResolvers<ContextType>;
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

