import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { RegisteredStoreModel, PartnerModel, PartnerSubgraphModel } from '../domain/model.js';
import type { RegistryContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
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

/** The subgraph does not compose with the live federation; nothing changed. */
export type CompositionFailedError = ErrorResult & {
  __typename?: 'CompositionFailedError';
  code: ErrorCode;
  /** The composition errors, one per entry. */
  errors: Array<Scalars['String']['output']>;
  message: Scalars['String']['output'];
};

/** The store's SDL does not implement the inventory contract; nothing was registered. */
export type ContractMismatchError = ErrorResult & {
  __typename?: 'ContractMismatchError';
  code: ErrorCode;
  /** One line per mismatch, e.g. `Item.price: missing`. */
  differences: Array<Scalars['String']['output']>;
  message: Scalars['String']['output'];
};

export type ErrorCode =
  | 'COMPOSITION_FAILED'
  | 'CONTRACT_MISMATCH'
  | 'INVALID_INPUT'
  | 'PARTNER_ALREADY_EXISTS'
  | 'PARTNER_SUBGRAPH_NOT_FOUND'
  | 'STORE_ALREADY_EXISTS'
  | 'STORE_NOT_FOUND'
  | 'STORE_UNREACHABLE'
  | 'SUBGRAPH_NAME_TAKEN'
  | 'SUBGRAPH_UNREACHABLE';

/** Every expected failure implements ErrorResult: switch on `code`. */
export type ErrorResult = {
  code: ErrorCode;
  message: Scalars['String']['output'];
};

export type InvalidInputError = ErrorResult & {
  __typename?: 'InvalidInputError';
  code: ErrorCode;
  field?: Maybe<Scalars['String']['output']>;
  message: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Creates a partner account (operators only). */
  registerPartner: RegisterPartnerResult;
  /**
   * Registers (or updates) one of the calling partner's subgraphs (partners only). Its SDL
   * (`_service { sdl }` at `url`) is composed with the base subgraphs and every other active
   * partner subgraph first: a failing composition, an unreachable URL, a name that is taken
   * or bad input changes nothing. Accepted, it is live on every gateway within seconds.
   */
  registerPartnerSubgraph: RegisterPartnerSubgraphResult;
  /**
   * Registers a store (operators only). Its subgraph SDL (`_service { sdl }` at `url`) is
   * checked against the inventory contract first: a mismatch, an unreachable URL or bad
   * input changes nothing. The store is routed to within seconds on every gateway.
   */
  registerStore: RegisterStoreResult;
  /**
   * Takes one of the calling partner's subgraphs out of the supergraph (partners only). If
   * another partner's subgraph needs it (the rest would not compose) nothing changes.
   */
  removePartnerSubgraph: RemovePartnerSubgraphResult;
  /** Removes a store for good: its credentials are erased and its id is never reused. */
  removeStore: RemoveStoreResult;
  /** Routes to a suspended store again (idempotent). */
  resumeStore: StoreStatusResult;
  /**
   * Sets the store's payment endpoint: from the next checkout on, the store runs its own
   * payment handling for its parts (the exchange calls the endpoint). `url` null or blank
   * clears it: the exchange charges again. Orders already placed keep who collects their money.
   * Idempotent; an invalid URL is InvalidInputError (field `url`).
   */
  setStorePaymentEndpoint: SetStorePaymentEndpointResult;
  /** Stops routing to an active store (idempotent); in-flight requests finish. */
  suspendStore: StoreStatusResult;
};


export type MutationRegisterPartnerArgs = {
  input: RegisterPartnerInput;
};


export type MutationRegisterPartnerSubgraphArgs = {
  input: RegisterPartnerSubgraphInput;
};


export type MutationRegisterStoreArgs = {
  input: RegisterStoreInput;
};


export type MutationRemovePartnerSubgraphArgs = {
  name: Scalars['ID']['input'];
};


export type MutationRemoveStoreArgs = {
  id: Scalars['ID']['input'];
};


export type MutationResumeStoreArgs = {
  id: Scalars['ID']['input'];
};


export type MutationSetStorePaymentEndpointArgs = {
  storeId: Scalars['ID']['input'];
  url?: InputMaybe<Scalars['String']['input']>;
};


export type MutationSuspendStoreArgs = {
  id: Scalars['ID']['input'];
};

/** A partner account. Its API key and secret are never readable. */
export type Partner = {
  __typename?: 'Partner';
  createdAt: Scalars['DateTime']['output'];
  name: Scalars['ID']['output'];
};

export type PartnerAlreadyExistsError = ErrorResult & {
  __typename?: 'PartnerAlreadyExistsError';
  code: ErrorCode;
  message: Scalars['String']['output'];
  name: Scalars['ID']['output'];
};

/** A partner's subgraph as the registry knows it. */
export type PartnerSubgraph = {
  __typename?: 'PartnerSubgraph';
  name: Scalars['ID']['output'];
  partner: Scalars['ID']['output'];
  registeredAt: Scalars['DateTime']['output'];
  status: PartnerSubgraphStatus;
  updatedAt: Scalars['DateTime']['output'];
  url: Scalars['String']['output'];
  /** The partner registry version this subgraph's last change made. */
  version: Scalars['Int']['output'];
};

export type PartnerSubgraphNotFoundError = ErrorResult & {
  __typename?: 'PartnerSubgraphNotFoundError';
  code: ErrorCode;
  message: Scalars['String']['output'];
  name: Scalars['ID']['output'];
};

export type PartnerSubgraphRemoved = {
  __typename?: 'PartnerSubgraphRemoved';
  name: Scalars['ID']['output'];
};

export type PartnerSubgraphStatus =
  /** Composed into the live supergraph on every gateway. */
  | 'ACTIVE'
  /** Taken out of the supergraph; its owner may register the name again. */
  | 'REMOVED';

export type Query = {
  __typename?: 'Query';
  /** Active partner subgraphs: a partner sees its own, an operator every partner's. */
  partnerSubgraphs: Array<PartnerSubgraph>;
  /** Registered stores, by id (operators only); removed ones only when asked for by status. */
  registeredStores: Array<RegisteredStore>;
};


export type QueryRegisteredStoresArgs = {
  status?: InputMaybe<RegisteredStoreStatus>;
};

export type RegisterPartnerInput = {
  /** What the partner sends in `x-partner-key` (at least 24 characters; kept only as a hash). */
  apiKey: Scalars['String']['input'];
  /** The partner's id: lower-case letters, digits and dashes, 1 to 63 characters. */
  name: Scalars['ID']['input'];
  /** The gateway signs the caller identity it forwards to this partner's subgraphs with it (at least 32 characters), so they never see the key the exchange's own subgraphs trust. */
  secret: Scalars['String']['input'];
};

export type RegisterPartnerResult = InvalidInputError | Partner | PartnerAlreadyExistsError;

export type RegisterPartnerSubgraphInput = {
  /** Lower-case letters, digits and single dashes, starting with a letter (at most 63); not a base subgraph's name. */
  name: Scalars['ID']['input'];
  /** The subgraph endpoint (http or https); it must serve `_service { sdl }`. */
  url: Scalars['String']['input'];
};

export type RegisterPartnerSubgraphResult = CompositionFailedError | InvalidInputError | PartnerSubgraph | SubgraphNameTakenError | SubgraphUnreachableError;

export type RegisterStoreInput = {
  /** What the store's own servers send in `x-store-key` (at least 24 characters; kept only as a hash). */
  apiKey: Scalars['String']['input'];
  /** Lower-case letters, digits and dashes, 1 to 63 characters, starting with a letter or digit. */
  id: Scalars['ID']['input'];
  name: Scalars['String']['input'];
  /** The store runs its own payment handling at this endpoint (http or https base URL); unset: the exchange charges the shopper for the store's parts. */
  paymentEndpoint?: InputMaybe<Scalars['String']['input']>;
  /** Shared between the exchange and this store only: signs protocol calls and identities (at least 32 characters). */
  secret: Scalars['String']['input'];
  /** The store's inventory subgraph endpoint (http or https); it must serve the inventory contract. */
  url: Scalars['String']['input'];
};

export type RegisterStoreResult = ContractMismatchError | InvalidInputError | RegisteredStore | StoreAlreadyExistsError | StoreUnreachableError;

/** A store as the registry knows it. Its secret and API key are never readable. */
export type RegisteredStore = {
  __typename?: 'RegisteredStore';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /**
   * Set when the store runs its own payment handling: the exchange POSTs `/authorize`,
   * `/capture`, `/void` and `/refund` under it (signed with the store's secret) for the
   * store's parts of orders. Null: the exchange's own payment backend charges the shopper.
   */
  paymentEndpoint?: Maybe<Scalars['String']['output']>;
  registeredAt: Scalars['DateTime']['output'];
  status: RegisteredStoreStatus;
  updatedAt: Scalars['DateTime']['output'];
  /** The store's inventory subgraph endpoint. */
  url: Scalars['String']['output'];
};

export type RegisteredStoreStatus =
  /** Routed to: the store's items, holds and purchases work. */
  | 'ACTIVE'
  /** Gone for good: credentials erased, never routed to again; its id is never reused. */
  | 'REMOVED'
  /** Registered but not routed to (its items answer STORE_NOT_FOUND); `resumeStore` brings it back. */
  | 'SUSPENDED';

export type RemovePartnerSubgraphResult = CompositionFailedError | PartnerSubgraphNotFoundError | PartnerSubgraphRemoved;

export type RemoveStoreResult = StoreNotFoundError | StoreRemoved;

export type SetStorePaymentEndpointResult = InvalidInputError | RegisteredStore | StoreNotFoundError;

export type StoreAlreadyExistsError = ErrorResult & {
  __typename?: 'StoreAlreadyExistsError';
  code: ErrorCode;
  message: Scalars['String']['output'];
  storeId: Scalars['ID']['output'];
};

export type StoreNotFoundError = ErrorResult & {
  __typename?: 'StoreNotFoundError';
  code: ErrorCode;
  message: Scalars['String']['output'];
  storeId: Scalars['ID']['output'];
};

export type StoreRemoved = {
  __typename?: 'StoreRemoved';
  id: Scalars['ID']['output'];
};

export type StoreStatusResult = RegisteredStore | StoreNotFoundError;

/** The store's URL did not serve its SDL; nothing was registered. */
export type StoreUnreachableError = ErrorResult & {
  __typename?: 'StoreUnreachableError';
  code: ErrorCode;
  message: Scalars['String']['output'];
  url: Scalars['String']['output'];
};

export type SubgraphNameTakenError = ErrorResult & {
  __typename?: 'SubgraphNameTakenError';
  code: ErrorCode;
  message: Scalars['String']['output'];
  name: Scalars['ID']['output'];
};

/** The subgraph's URL did not serve its SDL; nothing was registered. */
export type SubgraphUnreachableError = ErrorResult & {
  __typename?: 'SubgraphUnreachableError';
  code: ErrorCode;
  message: Scalars['String']['output'];
  url: Scalars['String']['output'];
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;


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



/** Mapping of union types */
export type ResolversUnionTypes<_RefType extends Record<string, unknown>> = ResolversObject<{
  RegisterPartnerResult:
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( PartnerModel & { __typename: 'Partner' } )
    | ( PartnerAlreadyExistsError & { __typename: 'PartnerAlreadyExistsError' } )
  ;
  RegisterPartnerSubgraphResult:
    | ( CompositionFailedError & { __typename: 'CompositionFailedError' } )
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( PartnerSubgraphModel & { __typename: 'PartnerSubgraph' } )
    | ( SubgraphNameTakenError & { __typename: 'SubgraphNameTakenError' } )
    | ( SubgraphUnreachableError & { __typename: 'SubgraphUnreachableError' } )
  ;
  RegisterStoreResult:
    | ( ContractMismatchError & { __typename: 'ContractMismatchError' } )
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( RegisteredStoreModel & { __typename: 'RegisteredStore' } )
    | ( StoreAlreadyExistsError & { __typename: 'StoreAlreadyExistsError' } )
    | ( StoreUnreachableError & { __typename: 'StoreUnreachableError' } )
  ;
  RemovePartnerSubgraphResult:
    | ( CompositionFailedError & { __typename: 'CompositionFailedError' } )
    | ( PartnerSubgraphNotFoundError & { __typename: 'PartnerSubgraphNotFoundError' } )
    | ( PartnerSubgraphRemoved & { __typename: 'PartnerSubgraphRemoved' } )
  ;
  RemoveStoreResult:
    | ( StoreNotFoundError & { __typename: 'StoreNotFoundError' } )
    | ( StoreRemoved & { __typename: 'StoreRemoved' } )
  ;
  SetStorePaymentEndpointResult:
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( RegisteredStoreModel & { __typename: 'RegisteredStore' } )
    | ( StoreNotFoundError & { __typename: 'StoreNotFoundError' } )
  ;
  StoreStatusResult:
    | ( RegisteredStoreModel & { __typename: 'RegisteredStore' } )
    | ( StoreNotFoundError & { __typename: 'StoreNotFoundError' } )
  ;
}>;

/** Mapping of interface types */
export type ResolversInterfaceTypes<_RefType extends Record<string, unknown>> = ResolversObject<{
  ErrorResult:
    | ( CompositionFailedError )
    | ( ContractMismatchError )
    | ( InvalidInputError )
    | ( PartnerAlreadyExistsError )
    | ( PartnerSubgraphNotFoundError )
    | ( StoreAlreadyExistsError )
    | ( StoreNotFoundError )
    | ( StoreUnreachableError )
    | ( SubgraphNameTakenError )
    | ( SubgraphUnreachableError )
  ;
}>;

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  CompositionFailedError: ResolverTypeWrapper<CompositionFailedError>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ContractMismatchError: ResolverTypeWrapper<ContractMismatchError>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  ErrorCode: ErrorCode;
  ErrorResult: ResolverTypeWrapper<ResolversInterfaceTypes<ResolversTypes>['ErrorResult']>;
  InvalidInputError: ResolverTypeWrapper<InvalidInputError>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Partner: ResolverTypeWrapper<PartnerModel>;
  PartnerAlreadyExistsError: ResolverTypeWrapper<PartnerAlreadyExistsError>;
  PartnerSubgraph: ResolverTypeWrapper<PartnerSubgraphModel>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  PartnerSubgraphNotFoundError: ResolverTypeWrapper<PartnerSubgraphNotFoundError>;
  PartnerSubgraphRemoved: ResolverTypeWrapper<PartnerSubgraphRemoved>;
  PartnerSubgraphStatus: PartnerSubgraphStatus;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RegisterPartnerInput: RegisterPartnerInput;
  RegisterPartnerResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['RegisterPartnerResult']>;
  RegisterPartnerSubgraphInput: RegisterPartnerSubgraphInput;
  RegisterPartnerSubgraphResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['RegisterPartnerSubgraphResult']>;
  RegisterStoreInput: RegisterStoreInput;
  RegisterStoreResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['RegisterStoreResult']>;
  RegisteredStore: ResolverTypeWrapper<RegisteredStoreModel>;
  RegisteredStoreStatus: RegisteredStoreStatus;
  RemovePartnerSubgraphResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['RemovePartnerSubgraphResult']>;
  RemoveStoreResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['RemoveStoreResult']>;
  SetStorePaymentEndpointResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['SetStorePaymentEndpointResult']>;
  StoreAlreadyExistsError: ResolverTypeWrapper<StoreAlreadyExistsError>;
  StoreNotFoundError: ResolverTypeWrapper<StoreNotFoundError>;
  StoreRemoved: ResolverTypeWrapper<StoreRemoved>;
  StoreStatusResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['StoreStatusResult']>;
  StoreUnreachableError: ResolverTypeWrapper<StoreUnreachableError>;
  SubgraphNameTakenError: ResolverTypeWrapper<SubgraphNameTakenError>;
  SubgraphUnreachableError: ResolverTypeWrapper<SubgraphUnreachableError>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  CompositionFailedError: CompositionFailedError;
  String: Scalars['String']['output'];
  ContractMismatchError: ContractMismatchError;
  DateTime: Scalars['DateTime']['output'];
  ErrorResult: ResolversInterfaceTypes<ResolversParentTypes>['ErrorResult'];
  InvalidInputError: InvalidInputError;
  Mutation: Record<PropertyKey, never>;
  ID: Scalars['ID']['output'];
  Partner: PartnerModel;
  PartnerAlreadyExistsError: PartnerAlreadyExistsError;
  PartnerSubgraph: PartnerSubgraphModel;
  Int: Scalars['Int']['output'];
  PartnerSubgraphNotFoundError: PartnerSubgraphNotFoundError;
  PartnerSubgraphRemoved: PartnerSubgraphRemoved;
  Query: Record<PropertyKey, never>;
  RegisterPartnerInput: RegisterPartnerInput;
  RegisterPartnerResult: ResolversUnionTypes<ResolversParentTypes>['RegisterPartnerResult'];
  RegisterPartnerSubgraphInput: RegisterPartnerSubgraphInput;
  RegisterPartnerSubgraphResult: ResolversUnionTypes<ResolversParentTypes>['RegisterPartnerSubgraphResult'];
  RegisterStoreInput: RegisterStoreInput;
  RegisterStoreResult: ResolversUnionTypes<ResolversParentTypes>['RegisterStoreResult'];
  RegisteredStore: RegisteredStoreModel;
  RemovePartnerSubgraphResult: ResolversUnionTypes<ResolversParentTypes>['RemovePartnerSubgraphResult'];
  RemoveStoreResult: ResolversUnionTypes<ResolversParentTypes>['RemoveStoreResult'];
  SetStorePaymentEndpointResult: ResolversUnionTypes<ResolversParentTypes>['SetStorePaymentEndpointResult'];
  StoreAlreadyExistsError: StoreAlreadyExistsError;
  StoreNotFoundError: StoreNotFoundError;
  StoreRemoved: StoreRemoved;
  StoreStatusResult: ResolversUnionTypes<ResolversParentTypes>['StoreStatusResult'];
  StoreUnreachableError: StoreUnreachableError;
  SubgraphNameTakenError: SubgraphNameTakenError;
  SubgraphUnreachableError: SubgraphUnreachableError;
  Boolean: Scalars['Boolean']['output'];
}>;

export type CompositionFailedErrorResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['CompositionFailedError'] = ResolversParentTypes['CompositionFailedError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  errors?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type ContractMismatchErrorResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['ContractMismatchError'] = ResolversParentTypes['ContractMismatchError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  differences?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type ErrorResultResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['ErrorResult'] = ResolversParentTypes['ErrorResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'CompositionFailedError' | 'ContractMismatchError' | 'InvalidInputError' | 'PartnerAlreadyExistsError' | 'PartnerSubgraphNotFoundError' | 'StoreAlreadyExistsError' | 'StoreNotFoundError' | 'StoreUnreachableError' | 'SubgraphNameTakenError' | 'SubgraphUnreachableError', ParentType, ContextType>;
}>;

export type InvalidInputErrorResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['InvalidInputError'] = ResolversParentTypes['InvalidInputError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  field?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  registerPartner?: Resolver<ResolversTypes['RegisterPartnerResult'], ParentType, ContextType, RequireFields<MutationRegisterPartnerArgs, 'input'>>;
  registerPartnerSubgraph?: Resolver<ResolversTypes['RegisterPartnerSubgraphResult'], ParentType, ContextType, RequireFields<MutationRegisterPartnerSubgraphArgs, 'input'>>;
  registerStore?: Resolver<ResolversTypes['RegisterStoreResult'], ParentType, ContextType, RequireFields<MutationRegisterStoreArgs, 'input'>>;
  removePartnerSubgraph?: Resolver<ResolversTypes['RemovePartnerSubgraphResult'], ParentType, ContextType, RequireFields<MutationRemovePartnerSubgraphArgs, 'name'>>;
  removeStore?: Resolver<ResolversTypes['RemoveStoreResult'], ParentType, ContextType, RequireFields<MutationRemoveStoreArgs, 'id'>>;
  resumeStore?: Resolver<ResolversTypes['StoreStatusResult'], ParentType, ContextType, RequireFields<MutationResumeStoreArgs, 'id'>>;
  setStorePaymentEndpoint?: Resolver<ResolversTypes['SetStorePaymentEndpointResult'], ParentType, ContextType, RequireFields<MutationSetStorePaymentEndpointArgs, 'storeId'>>;
  suspendStore?: Resolver<ResolversTypes['StoreStatusResult'], ParentType, ContextType, RequireFields<MutationSuspendStoreArgs, 'id'>>;
}>;

export type PartnerResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['Partner'] = ResolversParentTypes['Partner']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type PartnerAlreadyExistsErrorResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['PartnerAlreadyExistsError'] = ResolversParentTypes['PartnerAlreadyExistsError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type PartnerSubgraphResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['PartnerSubgraph'] = ResolversParentTypes['PartnerSubgraph']> = ResolversObject<{
  name?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  partner?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  registeredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['PartnerSubgraphStatus'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type PartnerSubgraphNotFoundErrorResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['PartnerSubgraphNotFoundError'] = ResolversParentTypes['PartnerSubgraphNotFoundError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type PartnerSubgraphRemovedResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['PartnerSubgraphRemoved'] = ResolversParentTypes['PartnerSubgraphRemoved']> = ResolversObject<{
  name?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  partnerSubgraphs?: Resolver<Array<ResolversTypes['PartnerSubgraph']>, ParentType, ContextType>;
  registeredStores?: Resolver<Array<ResolversTypes['RegisteredStore']>, ParentType, ContextType, Partial<QueryRegisteredStoresArgs>>;
}>;

export type RegisterPartnerResultResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['RegisterPartnerResult'] = ResolversParentTypes['RegisterPartnerResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'InvalidInputError' | 'Partner' | 'PartnerAlreadyExistsError', ParentType, ContextType>;
}>;

export type RegisterPartnerSubgraphResultResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['RegisterPartnerSubgraphResult'] = ResolversParentTypes['RegisterPartnerSubgraphResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'CompositionFailedError' | 'InvalidInputError' | 'PartnerSubgraph' | 'SubgraphNameTakenError' | 'SubgraphUnreachableError', ParentType, ContextType>;
}>;

export type RegisterStoreResultResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['RegisterStoreResult'] = ResolversParentTypes['RegisterStoreResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'ContractMismatchError' | 'InvalidInputError' | 'RegisteredStore' | 'StoreAlreadyExistsError' | 'StoreUnreachableError', ParentType, ContextType>;
}>;

export type RegisteredStoreResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['RegisteredStore'] = ResolversParentTypes['RegisteredStore']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  paymentEndpoint?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  registeredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['RegisteredStoreStatus'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type RemovePartnerSubgraphResultResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['RemovePartnerSubgraphResult'] = ResolversParentTypes['RemovePartnerSubgraphResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'CompositionFailedError' | 'PartnerSubgraphNotFoundError' | 'PartnerSubgraphRemoved', ParentType, ContextType>;
}>;

export type RemoveStoreResultResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['RemoveStoreResult'] = ResolversParentTypes['RemoveStoreResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'StoreNotFoundError' | 'StoreRemoved', ParentType, ContextType>;
}>;

export type SetStorePaymentEndpointResultResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['SetStorePaymentEndpointResult'] = ResolversParentTypes['SetStorePaymentEndpointResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'InvalidInputError' | 'RegisteredStore' | 'StoreNotFoundError', ParentType, ContextType>;
}>;

export type StoreAlreadyExistsErrorResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['StoreAlreadyExistsError'] = ResolversParentTypes['StoreAlreadyExistsError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type StoreNotFoundErrorResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['StoreNotFoundError'] = ResolversParentTypes['StoreNotFoundError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type StoreRemovedResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['StoreRemoved'] = ResolversParentTypes['StoreRemoved']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type StoreStatusResultResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['StoreStatusResult'] = ResolversParentTypes['StoreStatusResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'RegisteredStore' | 'StoreNotFoundError', ParentType, ContextType>;
}>;

export type StoreUnreachableErrorResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['StoreUnreachableError'] = ResolversParentTypes['StoreUnreachableError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type SubgraphNameTakenErrorResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['SubgraphNameTakenError'] = ResolversParentTypes['SubgraphNameTakenError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type SubgraphUnreachableErrorResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['SubgraphUnreachableError'] = ResolversParentTypes['SubgraphUnreachableError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type Resolvers<ContextType = RegistryContext> = ResolversObject<{
  CompositionFailedError?: CompositionFailedErrorResolvers<ContextType>;
  ContractMismatchError?: ContractMismatchErrorResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  ErrorResult?: ErrorResultResolvers<ContextType>;
  InvalidInputError?: InvalidInputErrorResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Partner?: PartnerResolvers<ContextType>;
  PartnerAlreadyExistsError?: PartnerAlreadyExistsErrorResolvers<ContextType>;
  PartnerSubgraph?: PartnerSubgraphResolvers<ContextType>;
  PartnerSubgraphNotFoundError?: PartnerSubgraphNotFoundErrorResolvers<ContextType>;
  PartnerSubgraphRemoved?: PartnerSubgraphRemovedResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RegisterPartnerResult?: RegisterPartnerResultResolvers<ContextType>;
  RegisterPartnerSubgraphResult?: RegisterPartnerSubgraphResultResolvers<ContextType>;
  RegisterStoreResult?: RegisterStoreResultResolvers<ContextType>;
  RegisteredStore?: RegisteredStoreResolvers<ContextType>;
  RemovePartnerSubgraphResult?: RemovePartnerSubgraphResultResolvers<ContextType>;
  RemoveStoreResult?: RemoveStoreResultResolvers<ContextType>;
  SetStorePaymentEndpointResult?: SetStorePaymentEndpointResultResolvers<ContextType>;
  StoreAlreadyExistsError?: StoreAlreadyExistsErrorResolvers<ContextType>;
  StoreNotFoundError?: StoreNotFoundErrorResolvers<ContextType>;
  StoreRemoved?: StoreRemovedResolvers<ContextType>;
  StoreStatusResult?: StoreStatusResultResolvers<ContextType>;
  StoreUnreachableError?: StoreUnreachableErrorResolvers<ContextType>;
  SubgraphNameTakenError?: SubgraphNameTakenErrorResolvers<ContextType>;
  SubgraphUnreachableError?: SubgraphUnreachableErrorResolvers<ContextType>;
}>;

