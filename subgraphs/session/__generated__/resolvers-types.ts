import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { SessionView, AccountView } from '../domain/model.js';
import type { SessionContext } from '../context.js';
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

export type Account = {
  __typename?: 'Account';
  createdAt: Scalars['DateTime']['output'];
  email: Scalars['String']['output'];
  id: Scalars['ID']['output'];
};

export type EmailTakenError = ErrorResult & {
  __typename?: 'EmailTakenError';
  code: ErrorCode;
  message: Scalars['String']['output'];
};

export type ErrorCode =
  | 'EMAIL_TAKEN'
  | 'INVALID_CREDENTIALS'
  | 'INVALID_INPUT'
  | 'NOT_AUTHENTICATED'
  | 'RATE_LIMITED'
  | 'WEAK_PASSWORD';

/** Every expected failure implements ErrorResult: switch on `code`. */
export type ErrorResult = {
  code: ErrorCode;
  message: Scalars['String']['output'];
};

export type InvalidCredentialsError = ErrorResult & {
  __typename?: 'InvalidCredentialsError';
  code: ErrorCode;
  message: Scalars['String']['output'];
};

export type InvalidInputError = ErrorResult & {
  __typename?: 'InvalidInputError';
  code: ErrorCode;
  field?: Maybe<Scalars['String']['output']>;
  message: Scalars['String']['output'];
};

export type LoggedOut = {
  __typename?: 'LoggedOut';
  sessionId: Scalars['ID']['output'];
};

export type LoginResult = InvalidCredentialsError | InvalidInputError | RateLimitedError | SessionGranted;

export type LogoutResult = LoggedOut | NotAuthenticatedError;

export type Mutation = {
  __typename?: 'Mutation';
  /** Log in; like register, a guest session is upgraded in place with a rotated token. */
  login: LoginResult;
  /** End the current session; its token stops working at once. */
  logout: LogoutResult;
  /**
   * Create an account and log in. Called with a guest session, the guest session becomes
   * the account session (same cart) under a new token: the old token stops working.
   */
  register: RegisterResult;
  /** Start a guest session (no credentials). */
  startGuestSession: SessionGranted;
};


export type MutationLoginArgs = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
};


export type MutationRegisterArgs = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
};

export type NotAuthenticatedError = ErrorResult & {
  __typename?: 'NotAuthenticatedError';
  code: ErrorCode;
  message: Scalars['String']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** The caller's account; null for guests. */
  me?: Maybe<Account>;
  /** The caller's session; null without a session token. */
  session?: Maybe<Session>;
};

export type RateLimitedError = ErrorResult & {
  __typename?: 'RateLimitedError';
  code: ErrorCode;
  message: Scalars['String']['output'];
  retryAfterSeconds: Scalars['Int']['output'];
};

export type RegisterResult = EmailTakenError | InvalidInputError | SessionGranted | WeakPasswordError;

export type Session = {
  __typename?: 'Session';
  account?: Maybe<Account>;
  createdAt: Scalars['DateTime']['output'];
  /** Sliding expiry: every request moves it forward, up to an absolute maximum. */
  expiresAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  kind: SessionKind;
};

/** A new or rotated session. `token` is shown once: send it as `Authorization: Bearer <token>`. */
export type SessionGranted = {
  __typename?: 'SessionGranted';
  session: Session;
  token: Scalars['String']['output'];
};

export type SessionKind =
  | 'ACCOUNT'
  | 'GUEST';

export type WeakPasswordError = ErrorResult & {
  __typename?: 'WeakPasswordError';
  code: ErrorCode;
  message: Scalars['String']['output'];
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
  Account: Account;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Account:
    ( { __typename: 'Account' }
    & GraphQLRecursivePick<FederationTypes['Account'], {"id":true}> );
}>;

/** Mapping of union types */
export type ResolversUnionTypes<_RefType extends Record<string, unknown>> = ResolversObject<{
  LoginResult:
    | ( InvalidCredentialsError & { __typename: 'InvalidCredentialsError' } )
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( RateLimitedError & { __typename: 'RateLimitedError' } )
    | ( Omit<SessionGranted, 'session'> & { session: _RefType['Session'] } & { __typename: 'SessionGranted' } )
  ;
  LogoutResult:
    | ( LoggedOut & { __typename: 'LoggedOut' } )
    | ( NotAuthenticatedError & { __typename: 'NotAuthenticatedError' } )
  ;
  RegisterResult:
    | ( EmailTakenError & { __typename: 'EmailTakenError' } )
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( Omit<SessionGranted, 'session'> & { session: _RefType['Session'] } & { __typename: 'SessionGranted' } )
    | ( WeakPasswordError & { __typename: 'WeakPasswordError' } )
  ;
}>;

/** Mapping of interface types */
export type ResolversInterfaceTypes<_RefType extends Record<string, unknown>> = ResolversObject<{
  ErrorResult:
    | ( EmailTakenError )
    | ( InvalidCredentialsError )
    | ( InvalidInputError )
    | ( NotAuthenticatedError )
    | ( RateLimitedError )
    | ( WeakPasswordError )
  ;
}>;

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Account: ResolverTypeWrapper<AccountView>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  EmailTakenError: ResolverTypeWrapper<EmailTakenError>;
  ErrorCode: ErrorCode;
  ErrorResult: ResolverTypeWrapper<ResolversInterfaceTypes<ResolversTypes>['ErrorResult']>;
  InvalidCredentialsError: ResolverTypeWrapper<InvalidCredentialsError>;
  InvalidInputError: ResolverTypeWrapper<InvalidInputError>;
  LoggedOut: ResolverTypeWrapper<LoggedOut>;
  LoginResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['LoginResult']>;
  LogoutResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['LogoutResult']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  NotAuthenticatedError: ResolverTypeWrapper<NotAuthenticatedError>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RateLimitedError: ResolverTypeWrapper<RateLimitedError>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  RegisterResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['RegisterResult']>;
  Session: ResolverTypeWrapper<SessionView>;
  SessionGranted: ResolverTypeWrapper<Omit<SessionGranted, 'session'> & { session: ResolversTypes['Session'] }>;
  SessionKind: SessionKind;
  WeakPasswordError: ResolverTypeWrapper<WeakPasswordError>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Account: AccountView;
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  DateTime: Scalars['DateTime']['output'];
  EmailTakenError: EmailTakenError;
  ErrorResult: ResolversInterfaceTypes<ResolversParentTypes>['ErrorResult'];
  InvalidCredentialsError: InvalidCredentialsError;
  InvalidInputError: InvalidInputError;
  LoggedOut: LoggedOut;
  LoginResult: ResolversUnionTypes<ResolversParentTypes>['LoginResult'];
  LogoutResult: ResolversUnionTypes<ResolversParentTypes>['LogoutResult'];
  Mutation: Record<PropertyKey, never>;
  NotAuthenticatedError: NotAuthenticatedError;
  Query: Record<PropertyKey, never>;
  RateLimitedError: RateLimitedError;
  Int: Scalars['Int']['output'];
  RegisterResult: ResolversUnionTypes<ResolversParentTypes>['RegisterResult'];
  Session: SessionView;
  SessionGranted: Omit<SessionGranted, 'session'> & { session: ResolversParentTypes['Session'] };
  WeakPasswordError: WeakPasswordError;
  Boolean: Scalars['Boolean']['output'];
}>;

export type AccountResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['Account'] = ResolversParentTypes['Account'], FederationReferenceType extends FederationReferenceTypes['Account'] = FederationReferenceTypes['Account']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Account']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type EmailTakenErrorResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['EmailTakenError'] = ResolversParentTypes['EmailTakenError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type ErrorResultResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['ErrorResult'] = ResolversParentTypes['ErrorResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'EmailTakenError' | 'InvalidCredentialsError' | 'InvalidInputError' | 'NotAuthenticatedError' | 'RateLimitedError' | 'WeakPasswordError', ParentType, ContextType>;
}>;

export type InvalidCredentialsErrorResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['InvalidCredentialsError'] = ResolversParentTypes['InvalidCredentialsError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type InvalidInputErrorResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['InvalidInputError'] = ResolversParentTypes['InvalidInputError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  field?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type LoggedOutResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['LoggedOut'] = ResolversParentTypes['LoggedOut']> = ResolversObject<{
  sessionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type LoginResultResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['LoginResult'] = ResolversParentTypes['LoginResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'InvalidCredentialsError' | 'InvalidInputError' | 'RateLimitedError' | 'SessionGranted', ParentType, ContextType>;
}>;

export type LogoutResultResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['LogoutResult'] = ResolversParentTypes['LogoutResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'LoggedOut' | 'NotAuthenticatedError', ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  login?: Resolver<ResolversTypes['LoginResult'], ParentType, ContextType, RequireFields<MutationLoginArgs, 'email' | 'password'>>;
  logout?: Resolver<ResolversTypes['LogoutResult'], ParentType, ContextType>;
  register?: Resolver<ResolversTypes['RegisterResult'], ParentType, ContextType, RequireFields<MutationRegisterArgs, 'email' | 'password'>>;
  startGuestSession?: Resolver<ResolversTypes['SessionGranted'], ParentType, ContextType>;
}>;

export type NotAuthenticatedErrorResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['NotAuthenticatedError'] = ResolversParentTypes['NotAuthenticatedError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  me?: Resolver<Maybe<ResolversTypes['Account']>, ParentType, ContextType>;
  session?: Resolver<Maybe<ResolversTypes['Session']>, ParentType, ContextType>;
}>;

export type RateLimitedErrorResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['RateLimitedError'] = ResolversParentTypes['RateLimitedError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  retryAfterSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type RegisterResultResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['RegisterResult'] = ResolversParentTypes['RegisterResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'EmailTakenError' | 'InvalidInputError' | 'SessionGranted' | 'WeakPasswordError', ParentType, ContextType>;
}>;

export type SessionResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['Session'] = ResolversParentTypes['Session']> = ResolversObject<{
  account?: Resolver<Maybe<ResolversTypes['Account']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['SessionKind'], ParentType, ContextType>;
}>;

export type SessionGrantedResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['SessionGranted'] = ResolversParentTypes['SessionGranted']> = ResolversObject<{
  session?: Resolver<ResolversTypes['Session'], ParentType, ContextType>;
  token?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type WeakPasswordErrorResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['WeakPasswordError'] = ResolversParentTypes['WeakPasswordError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type Resolvers<ContextType = SessionContext> = ResolversObject<{
  Account?: AccountResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  EmailTakenError?: EmailTakenErrorResolvers<ContextType>;
  ErrorResult?: ErrorResultResolvers<ContextType>;
  InvalidCredentialsError?: InvalidCredentialsErrorResolvers<ContextType>;
  InvalidInputError?: InvalidInputErrorResolvers<ContextType>;
  LoggedOut?: LoggedOutResolvers<ContextType>;
  LoginResult?: LoginResultResolvers<ContextType>;
  LogoutResult?: LogoutResultResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  NotAuthenticatedError?: NotAuthenticatedErrorResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RateLimitedError?: RateLimitedErrorResolvers<ContextType>;
  RegisterResult?: RegisterResultResolvers<ContextType>;
  Session?: SessionResolvers<ContextType>;
  SessionGranted?: SessionGrantedResolvers<ContextType>;
  WeakPasswordError?: WeakPasswordErrorResolvers<ContextType>;
}>;

