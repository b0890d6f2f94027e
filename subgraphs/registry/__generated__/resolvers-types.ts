import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { RegisteredStoreModel } from '../domain/model.js';
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

/** The store's SDL does not implement the inventory contract; nothing was registered. */
export type ContractMismatchError = ErrorResult & {
  __typename?: 'ContractMismatchError';
  code: ErrorCode;
  /** One line per mismatch, e.g. `Item.price: missing`. */
  differences: Array<Scalars['String']['output']>;
  message: Scalars['String']['output'];
};

export type ErrorCode =
  | 'CONTRACT_MISMATCH'
  | 'INVALID_INPUT'
  | 'STORE_ALREADY_EXISTS'
  | 'STORE_NOT_FOUND'
  | 'STORE_UNREACHABLE';

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
  /**
   * Registers a store (operators only). Its subgraph SDL (`_service { sdl }` at `url`) is
   * checked against the inventory contract first: a mismatch, an unreachable URL or bad
   * input changes nothing. The store is routed to within seconds on every gateway.
   */
  registerStore: RegisterStoreResult;
  /** Removes a store for good: its credentials are erased and its id is never reused. */
  removeStore: RemoveStoreResult;
  /** Routes to a suspended store again (idempotent). */
  resumeStore: StoreStatusResult;
  /** Stops routing to an active store (idempotent); in-flight requests finish. */
  suspendStore: StoreStatusResult;
};


export type MutationRegisterStoreArgs = {
  input: RegisterStoreInput;
};


export type MutationRemoveStoreArgs = {
  id: Scalars['ID']['input'];
};


export type MutationResumeStoreArgs = {
  id: Scalars['ID']['input'];
};


export type MutationSuspendStoreArgs = {
  id: Scalars['ID']['input'];
};

export type Query = {
  __typename?: 'Query';
  /** Registered stores, by id (operators only); removed ones only when asked for by status. */
  registeredStores: Array<RegisteredStore>;
};


export type QueryRegisteredStoresArgs = {
  status?: InputMaybe<RegisteredStoreStatus>;
};

export type RegisterStoreInput = {
  /** What the store's own servers send in `x-store-key` (at least 24 characters; kept only as a hash). */
  apiKey: Scalars['String']['input'];
  /** Lower-case letters, digits and dashes, 1 to 63 characters, starting with a letter or digit. */
  id: Scalars['ID']['input'];
  name: Scalars['String']['input'];
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

export type RemoveStoreResult = StoreNotFoundError | StoreRemoved;

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
  RegisterStoreResult:
    | ( ContractMismatchError & { __typename: 'ContractMismatchError' } )
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( RegisteredStoreModel & { __typename: 'RegisteredStore' } )
    | ( StoreAlreadyExistsError & { __typename: 'StoreAlreadyExistsError' } )
    | ( StoreUnreachableError & { __typename: 'StoreUnreachableError' } )
  ;
  RemoveStoreResult:
    | ( StoreNotFoundError & { __typename: 'StoreNotFoundError' } )
    | ( StoreRemoved & { __typename: 'StoreRemoved' } )
  ;
  StoreStatusResult:
    | ( RegisteredStoreModel & { __typename: 'RegisteredStore' } )
    | ( StoreNotFoundError & { __typename: 'StoreNotFoundError' } )
  ;
}>;

/** Mapping of interface types */
export type ResolversInterfaceTypes<_RefType extends Record<string, unknown>> = ResolversObject<{
  ErrorResult:
    | ( ContractMismatchError )
    | ( InvalidInputError )
    | ( StoreAlreadyExistsError )
    | ( StoreNotFoundError )
    | ( StoreUnreachableError )
  ;
}>;

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  ContractMismatchError: ResolverTypeWrapper<ContractMismatchError>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  ErrorCode: ErrorCode;
  ErrorResult: ResolverTypeWrapper<ResolversInterfaceTypes<ResolversTypes>['ErrorResult']>;
  InvalidInputError: ResolverTypeWrapper<InvalidInputError>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RegisterStoreInput: RegisterStoreInput;
  RegisterStoreResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['RegisterStoreResult']>;
  RegisteredStore: ResolverTypeWrapper<RegisteredStoreModel>;
  RegisteredStoreStatus: RegisteredStoreStatus;
  RemoveStoreResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['RemoveStoreResult']>;
  StoreAlreadyExistsError: ResolverTypeWrapper<StoreAlreadyExistsError>;
  StoreNotFoundError: ResolverTypeWrapper<StoreNotFoundError>;
  StoreRemoved: ResolverTypeWrapper<StoreRemoved>;
  StoreStatusResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['StoreStatusResult']>;
  StoreUnreachableError: ResolverTypeWrapper<StoreUnreachableError>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  ContractMismatchError: ContractMismatchError;
  String: Scalars['String']['output'];
  DateTime: Scalars['DateTime']['output'];
  ErrorResult: ResolversInterfaceTypes<ResolversParentTypes>['ErrorResult'];
  InvalidInputError: InvalidInputError;
  Mutation: Record<PropertyKey, never>;
  ID: Scalars['ID']['output'];
  Query: Record<PropertyKey, never>;
  RegisterStoreInput: RegisterStoreInput;
  RegisterStoreResult: ResolversUnionTypes<ResolversParentTypes>['RegisterStoreResult'];
  RegisteredStore: RegisteredStoreModel;
  RemoveStoreResult: ResolversUnionTypes<ResolversParentTypes>['RemoveStoreResult'];
  StoreAlreadyExistsError: StoreAlreadyExistsError;
  StoreNotFoundError: StoreNotFoundError;
  StoreRemoved: StoreRemoved;
  StoreStatusResult: ResolversUnionTypes<ResolversParentTypes>['StoreStatusResult'];
  StoreUnreachableError: StoreUnreachableError;
  Boolean: Scalars['Boolean']['output'];
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
  __resolveType: TypeResolveFn<'ContractMismatchError' | 'InvalidInputError' | 'StoreAlreadyExistsError' | 'StoreNotFoundError' | 'StoreUnreachableError', ParentType, ContextType>;
}>;

export type InvalidInputErrorResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['InvalidInputError'] = ResolversParentTypes['InvalidInputError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  field?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  registerStore?: Resolver<ResolversTypes['RegisterStoreResult'], ParentType, ContextType, RequireFields<MutationRegisterStoreArgs, 'input'>>;
  removeStore?: Resolver<ResolversTypes['RemoveStoreResult'], ParentType, ContextType, RequireFields<MutationRemoveStoreArgs, 'id'>>;
  resumeStore?: Resolver<ResolversTypes['StoreStatusResult'], ParentType, ContextType, RequireFields<MutationResumeStoreArgs, 'id'>>;
  suspendStore?: Resolver<ResolversTypes['StoreStatusResult'], ParentType, ContextType, RequireFields<MutationSuspendStoreArgs, 'id'>>;
}>;

export type QueryResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  registeredStores?: Resolver<Array<ResolversTypes['RegisteredStore']>, ParentType, ContextType, Partial<QueryRegisteredStoresArgs>>;
}>;

export type RegisterStoreResultResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['RegisterStoreResult'] = ResolversParentTypes['RegisterStoreResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'ContractMismatchError' | 'InvalidInputError' | 'RegisteredStore' | 'StoreAlreadyExistsError' | 'StoreUnreachableError', ParentType, ContextType>;
}>;

export type RegisteredStoreResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['RegisteredStore'] = ResolversParentTypes['RegisteredStore']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  registeredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['RegisteredStoreStatus'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type RemoveStoreResultResolvers<ContextType = RegistryContext, ParentType extends ResolversParentTypes['RemoveStoreResult'] = ResolversParentTypes['RemoveStoreResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'StoreNotFoundError' | 'StoreRemoved', ParentType, ContextType>;
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

export type Resolvers<ContextType = RegistryContext> = ResolversObject<{
  ContractMismatchError?: ContractMismatchErrorResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  ErrorResult?: ErrorResultResolvers<ContextType>;
  InvalidInputError?: InvalidInputErrorResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RegisterStoreResult?: RegisterStoreResultResolvers<ContextType>;
  RegisteredStore?: RegisteredStoreResolvers<ContextType>;
  RemoveStoreResult?: RemoveStoreResultResolvers<ContextType>;
  StoreAlreadyExistsError?: StoreAlreadyExistsErrorResolvers<ContextType>;
  StoreNotFoundError?: StoreNotFoundErrorResolvers<ContextType>;
  StoreRemoved?: StoreRemovedResolvers<ContextType>;
  StoreStatusResult?: StoreStatusResultResolvers<ContextType>;
  StoreUnreachableError?: StoreUnreachableErrorResolvers<ContextType>;
}>;

