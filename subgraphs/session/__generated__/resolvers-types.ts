import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { SessionView, AccountView, SessionSummaryView, SessionHandleView } from '../domain/model.js';
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
  /** The account's price class (e.g. WHOLESALE): its sessions are priced with the class's prices. Null: none. Set by an operator. */
  priceClass?: Maybe<Scalars['String']['output']>;
};

export type AccountNotFoundError = ErrorResult & {
  __typename?: 'AccountNotFoundError';
  accountId: Scalars['ID']['output'];
  code: ErrorCode;
  message: Scalars['String']['output'];
};

/** The store login assertion's timestamp is outside the accepted window. */
export type AssertionExpiredError = ErrorResult & {
  __typename?: 'AssertionExpiredError';
  code: ErrorCode;
  maxSkewSeconds: Scalars['Int']['output'];
  message: Scalars['String']['output'];
};

/** The store login assertion's nonce was used before. */
export type AssertionReplayedError = ErrorResult & {
  __typename?: 'AssertionReplayedError';
  code: ErrorCode;
  message: Scalars['String']['output'];
};

/** The store login assertion's signature does not verify with the store's secret. */
export type AssertionSignatureInvalidError = ErrorResult & {
  __typename?: 'AssertionSignatureInvalidError';
  code: ErrorCode;
  message: Scalars['String']['output'];
};

export type CreateSessionRelayResult = InvalidInputError | NotAuthenticatedError | SessionRelay | StoreNotFoundError;

export type EmailTakenError = ErrorResult & {
  __typename?: 'EmailTakenError';
  code: ErrorCode;
  message: Scalars['String']['output'];
};

export type ErrorCode =
  | 'ACCOUNT_NOT_FOUND'
  | 'ASSERTION_EXPIRED'
  | 'ASSERTION_REPLAYED'
  | 'ASSERTION_SIGNATURE_INVALID'
  | 'EMAIL_TAKEN'
  | 'INVALID_CREDENTIALS'
  | 'INVALID_INPUT'
  | 'NOT_AUTHENTICATED'
  | 'OFFER_CODE_LIMIT'
  | 'RATE_LIMITED'
  | 'RELAY_CODE_EXPIRED'
  | 'RELAY_CODE_INVALID'
  | 'RELAY_CODE_USED'
  | 'RELAY_CODE_WRONG_STORE'
  | 'RELAY_IP_MISMATCH'
  | 'SESSION_NOT_FOUND'
  | 'STORE_NOT_FOUND'
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
  /** Attach an offer code to the session (normalized to upper case; at most 10). */
  applyOfferCode: OfferCodeResult;
  /**
   * Session relay, step 1 (the shopper's browser, at the store it is leaving): a
   * single-use code bound to `targetStoreId`, good for a few seconds (default 60).
   */
  createSessionRelay: CreateSessionRelayResult;
  /** Log in; like register, a guest session is upgraded in place with a rotated token. */
  login: LoginResult;
  /** End the current session; its token and every handle relayed from it stop working at once. */
  logout: LogoutResult;
  /**
   * Session relay, step 2 (the target store's server, with its x-store-key): trades the
   * code for a handle on the same session (same cart) valid at that store. `clientIp` is
   * the shopper's IP as the store saw it; it must match the issuing IP when IP binding is on.
   */
  redeemSessionRelay: RedeemSessionRelayResult;
  /**
   * Create an account and log in. Called with a guest session, the guest session becomes
   * the account session (same cart) under a new token: the old token stops working.
   */
  register: RegisterResult;
  /** Detach an offer code (no error when it was not attached). */
  removeOfferCode: OfferCodeResult;
  /**
   * Store login resolution (a store's server, with its x-store-key): links or creates the
   * CartStart account of the store's user and returns a session. With `sessionToken` (the
   * shopper's current handle at that store) a guest session is upgraded in place (cart kept).
   */
  resolveStoreLogin: StoreLoginResult;
  /** End one of the caller's account's sessions (every handle of it). */
  revokeSession: RevokeSessionResult;
  /**
   * Operator (x-operator-key): put an account in a price class (1 to 32 of A-Z, 0-9, _,
   * starting with a letter; normalized to upper case), or clear it with null. The account's
   * live sessions are priced with it from their next request; later logins read it too.
   */
  setAccountPriceClass: SetPriceClassResult;
  /** Start a guest session (no credentials). */
  startGuestSession: SessionGranted;
};


export type MutationApplyOfferCodeArgs = {
  code: Scalars['String']['input'];
};


export type MutationCreateSessionRelayArgs = {
  targetStoreId: Scalars['ID']['input'];
};


export type MutationLoginArgs = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
};


export type MutationRedeemSessionRelayArgs = {
  clientIp?: InputMaybe<Scalars['String']['input']>;
  code: Scalars['String']['input'];
};


export type MutationRegisterArgs = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
};


export type MutationRemoveOfferCodeArgs = {
  code: Scalars['String']['input'];
};


export type MutationResolveStoreLoginArgs = {
  assertion: StoreLoginAssertionInput;
  sessionToken?: InputMaybe<Scalars['String']['input']>;
};


export type MutationRevokeSessionArgs = {
  sessionId: Scalars['ID']['input'];
};


export type MutationSetAccountPriceClassArgs = {
  accountId: Scalars['ID']['input'];
  priceClass?: InputMaybe<Scalars['String']['input']>;
};

export type NotAuthenticatedError = ErrorResult & {
  __typename?: 'NotAuthenticatedError';
  code: ErrorCode;
  message: Scalars['String']['output'];
};

export type OfferCodeLimitError = ErrorResult & {
  __typename?: 'OfferCodeLimitError';
  code: ErrorCode;
  limit: Scalars['Int']['output'];
  message: Scalars['String']['output'];
};

export type OfferCodeResult = InvalidInputError | NotAuthenticatedError | OfferCodeLimitError | Session;

export type Query = {
  __typename?: 'Query';
  /** The caller's account; null for guests. */
  me?: Maybe<Account>;
  /** The caller's account's live sessions, newest first (empty for guests: log in to see them). */
  mySessions: Array<SessionSummary>;
  /** The caller's session; null without a session token. */
  session?: Maybe<Session>;
};

export type RateLimitedError = ErrorResult & {
  __typename?: 'RateLimitedError';
  code: ErrorCode;
  message: Scalars['String']['output'];
  retryAfterSeconds: Scalars['Int']['output'];
};

export type RedeemSessionRelayResult = InvalidInputError | RelayCodeExpiredError | RelayCodeInvalidError | RelayCodeUsedError | RelayCodeWrongStoreError | RelayIpMismatchError | SessionGranted;

export type RegisterResult = EmailTakenError | InvalidInputError | SessionGranted | WeakPasswordError;

/** The relay code's lifetime (seconds) passed before it was redeemed. */
export type RelayCodeExpiredError = ErrorResult & {
  __typename?: 'RelayCodeExpiredError';
  code: ErrorCode;
  expiredAt: Scalars['DateTime']['output'];
  message: Scalars['String']['output'];
};

/** No relay code like this was issued (or its record is long gone). */
export type RelayCodeInvalidError = ErrorResult & {
  __typename?: 'RelayCodeInvalidError';
  code: ErrorCode;
  message: Scalars['String']['output'];
};

/** The relay code was redeemed before: it leaked, so the handle it produced is revoked too. */
export type RelayCodeUsedError = ErrorResult & {
  __typename?: 'RelayCodeUsedError';
  code: ErrorCode;
  message: Scalars['String']['output'];
};

/** The relay code is bound to another store; it is now dead. */
export type RelayCodeWrongStoreError = ErrorResult & {
  __typename?: 'RelayCodeWrongStoreError';
  code: ErrorCode;
  message: Scalars['String']['output'];
};

/** The client IP at redemption differs from the one seen when the code was issued (IP binding is on); the code is now dead. */
export type RelayIpMismatchError = ErrorResult & {
  __typename?: 'RelayIpMismatchError';
  code: ErrorCode;
  message: Scalars['String']['output'];
};

export type RevokeSessionResult = NotAuthenticatedError | SessionNotFoundError | SessionRevoked;

export type Session = {
  __typename?: 'Session';
  account?: Maybe<Account>;
  createdAt: Scalars['DateTime']['output'];
  /** Sliding expiry: every request moves it forward, up to an absolute maximum. */
  expiresAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  kind: SessionKind;
  /** Offer codes attached to the session (upper-case); they follow relays and restored carts, and pricing applies them. */
  offerCodes: Array<Scalars['String']['output']>;
};

/** A new or rotated session. `token` is shown once: send it as `Authorization: Bearer <token>`. */
export type SessionGranted = {
  __typename?: 'SessionGranted';
  session: Session;
  token: Scalars['String']['output'];
};

/** A token of a session. Revoking the session ends every handle. */
export type SessionHandle = {
  __typename?: 'SessionHandle';
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** The store a relay granted this handle to; null for the session's own token. */
  storeId?: Maybe<Scalars['ID']['output']>;
};

export type SessionKind =
  | 'ACCOUNT'
  | 'GUEST';

export type SessionNotFoundError = ErrorResult & {
  __typename?: 'SessionNotFoundError';
  code: ErrorCode;
  message: Scalars['String']['output'];
  sessionId: Scalars['ID']['output'];
};

/** A single-use relay code: put it in the redirect to the target store, whose server redeems it. */
export type SessionRelay = {
  __typename?: 'SessionRelay';
  expiresAt: Scalars['DateTime']['output'];
  /** Named apart from ErrorResult.code so one selection can ask for both. */
  relayCode: Scalars['String']['output'];
  targetStoreId: Scalars['ID']['output'];
};

export type SessionRevoked = {
  __typename?: 'SessionRevoked';
  sessionId: Scalars['ID']['output'];
};

/** One of the owner's sessions, as `mySessions` lists them. */
export type SessionSummary = {
  __typename?: 'SessionSummary';
  /** The client IP seen when the session started or last logged in. */
  clientIp?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  /** True for the session this request was made with. */
  current: Scalars['Boolean']['output'];
  expiresAt: Scalars['DateTime']['output'];
  /** Tokens of this session: the one it started with and one per store it was relayed to. */
  handles: Array<SessionHandle>;
  id: Scalars['ID']['output'];
  kind: SessionKind;
  lastSeenAt: Scalars['DateTime']['output'];
};

export type SetPriceClassResult = Account | AccountNotFoundError | InvalidInputError;

/**
 * A store's server vouches for one of its own users. `signature` is the lower-case hex
 * HMAC-SHA256, keyed with the store's secret, of the UTF-8 string
 * `cartstart-store-login-v1\n{storeId}\n{storeUserId}\n{email}\n{timestamp}\n{nonce}`.
 */
export type StoreLoginAssertionInput = {
  email: Scalars['String']['input'];
  /** 16 to 128 characters [A-Za-z0-9_-], never reused by the store. */
  nonce: Scalars['String']['input'];
  signature: Scalars['String']['input'];
  storeId: Scalars['ID']['input'];
  /** The user's id in the store's own account system. */
  storeUserId: Scalars['String']['input'];
  /** Unix time in seconds (decimal digits) when the store signed the assertion. */
  timestamp: Scalars['String']['input'];
};

export type StoreLoginResult = AssertionExpiredError | AssertionReplayedError | AssertionSignatureInvalidError | InvalidInputError | SessionGranted;

export type StoreNotFoundError = ErrorResult & {
  __typename?: 'StoreNotFoundError';
  code: ErrorCode;
  message: Scalars['String']['output'];
  storeId: Scalars['ID']['output'];
};

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
  CreateSessionRelayResult:
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( NotAuthenticatedError & { __typename: 'NotAuthenticatedError' } )
    | ( SessionRelay & { __typename: 'SessionRelay' } )
    | ( StoreNotFoundError & { __typename: 'StoreNotFoundError' } )
  ;
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
  OfferCodeResult:
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( NotAuthenticatedError & { __typename: 'NotAuthenticatedError' } )
    | ( OfferCodeLimitError & { __typename: 'OfferCodeLimitError' } )
    | ( SessionView & { __typename: 'Session' } )
  ;
  RedeemSessionRelayResult:
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( RelayCodeExpiredError & { __typename: 'RelayCodeExpiredError' } )
    | ( RelayCodeInvalidError & { __typename: 'RelayCodeInvalidError' } )
    | ( RelayCodeUsedError & { __typename: 'RelayCodeUsedError' } )
    | ( RelayCodeWrongStoreError & { __typename: 'RelayCodeWrongStoreError' } )
    | ( RelayIpMismatchError & { __typename: 'RelayIpMismatchError' } )
    | ( Omit<SessionGranted, 'session'> & { session: _RefType['Session'] } & { __typename: 'SessionGranted' } )
  ;
  RegisterResult:
    | ( EmailTakenError & { __typename: 'EmailTakenError' } )
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( Omit<SessionGranted, 'session'> & { session: _RefType['Session'] } & { __typename: 'SessionGranted' } )
    | ( WeakPasswordError & { __typename: 'WeakPasswordError' } )
  ;
  RevokeSessionResult:
    | ( NotAuthenticatedError & { __typename: 'NotAuthenticatedError' } )
    | ( SessionNotFoundError & { __typename: 'SessionNotFoundError' } )
    | ( SessionRevoked & { __typename: 'SessionRevoked' } )
  ;
  SetPriceClassResult:
    | ( AccountView & { __typename: 'Account' } )
    | ( AccountNotFoundError & { __typename: 'AccountNotFoundError' } )
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
  ;
  StoreLoginResult:
    | ( AssertionExpiredError & { __typename: 'AssertionExpiredError' } )
    | ( AssertionReplayedError & { __typename: 'AssertionReplayedError' } )
    | ( AssertionSignatureInvalidError & { __typename: 'AssertionSignatureInvalidError' } )
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( Omit<SessionGranted, 'session'> & { session: _RefType['Session'] } & { __typename: 'SessionGranted' } )
  ;
}>;

/** Mapping of interface types */
export type ResolversInterfaceTypes<_RefType extends Record<string, unknown>> = ResolversObject<{
  ErrorResult:
    | ( AccountNotFoundError )
    | ( AssertionExpiredError )
    | ( AssertionReplayedError )
    | ( AssertionSignatureInvalidError )
    | ( EmailTakenError )
    | ( InvalidCredentialsError )
    | ( InvalidInputError )
    | ( NotAuthenticatedError )
    | ( OfferCodeLimitError )
    | ( RateLimitedError )
    | ( RelayCodeExpiredError )
    | ( RelayCodeInvalidError )
    | ( RelayCodeUsedError )
    | ( RelayCodeWrongStoreError )
    | ( RelayIpMismatchError )
    | ( SessionNotFoundError )
    | ( StoreNotFoundError )
    | ( WeakPasswordError )
  ;
}>;

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Account: ResolverTypeWrapper<AccountView>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  AccountNotFoundError: ResolverTypeWrapper<AccountNotFoundError>;
  AssertionExpiredError: ResolverTypeWrapper<AssertionExpiredError>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  AssertionReplayedError: ResolverTypeWrapper<AssertionReplayedError>;
  AssertionSignatureInvalidError: ResolverTypeWrapper<AssertionSignatureInvalidError>;
  CreateSessionRelayResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['CreateSessionRelayResult']>;
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
  OfferCodeLimitError: ResolverTypeWrapper<OfferCodeLimitError>;
  OfferCodeResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['OfferCodeResult']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RateLimitedError: ResolverTypeWrapper<RateLimitedError>;
  RedeemSessionRelayResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['RedeemSessionRelayResult']>;
  RegisterResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['RegisterResult']>;
  RelayCodeExpiredError: ResolverTypeWrapper<RelayCodeExpiredError>;
  RelayCodeInvalidError: ResolverTypeWrapper<RelayCodeInvalidError>;
  RelayCodeUsedError: ResolverTypeWrapper<RelayCodeUsedError>;
  RelayCodeWrongStoreError: ResolverTypeWrapper<RelayCodeWrongStoreError>;
  RelayIpMismatchError: ResolverTypeWrapper<RelayIpMismatchError>;
  RevokeSessionResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['RevokeSessionResult']>;
  Session: ResolverTypeWrapper<SessionView>;
  SessionGranted: ResolverTypeWrapper<Omit<SessionGranted, 'session'> & { session: ResolversTypes['Session'] }>;
  SessionHandle: ResolverTypeWrapper<SessionHandleView>;
  SessionKind: SessionKind;
  SessionNotFoundError: ResolverTypeWrapper<SessionNotFoundError>;
  SessionRelay: ResolverTypeWrapper<SessionRelay>;
  SessionRevoked: ResolverTypeWrapper<SessionRevoked>;
  SessionSummary: ResolverTypeWrapper<SessionSummaryView>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  SetPriceClassResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['SetPriceClassResult']>;
  StoreLoginAssertionInput: StoreLoginAssertionInput;
  StoreLoginResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['StoreLoginResult']>;
  StoreNotFoundError: ResolverTypeWrapper<StoreNotFoundError>;
  WeakPasswordError: ResolverTypeWrapper<WeakPasswordError>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Account: AccountView;
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  AccountNotFoundError: AccountNotFoundError;
  AssertionExpiredError: AssertionExpiredError;
  Int: Scalars['Int']['output'];
  AssertionReplayedError: AssertionReplayedError;
  AssertionSignatureInvalidError: AssertionSignatureInvalidError;
  CreateSessionRelayResult: ResolversUnionTypes<ResolversParentTypes>['CreateSessionRelayResult'];
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
  OfferCodeLimitError: OfferCodeLimitError;
  OfferCodeResult: ResolversUnionTypes<ResolversParentTypes>['OfferCodeResult'];
  Query: Record<PropertyKey, never>;
  RateLimitedError: RateLimitedError;
  RedeemSessionRelayResult: ResolversUnionTypes<ResolversParentTypes>['RedeemSessionRelayResult'];
  RegisterResult: ResolversUnionTypes<ResolversParentTypes>['RegisterResult'];
  RelayCodeExpiredError: RelayCodeExpiredError;
  RelayCodeInvalidError: RelayCodeInvalidError;
  RelayCodeUsedError: RelayCodeUsedError;
  RelayCodeWrongStoreError: RelayCodeWrongStoreError;
  RelayIpMismatchError: RelayIpMismatchError;
  RevokeSessionResult: ResolversUnionTypes<ResolversParentTypes>['RevokeSessionResult'];
  Session: SessionView;
  SessionGranted: Omit<SessionGranted, 'session'> & { session: ResolversParentTypes['Session'] };
  SessionHandle: SessionHandleView;
  SessionNotFoundError: SessionNotFoundError;
  SessionRelay: SessionRelay;
  SessionRevoked: SessionRevoked;
  SessionSummary: SessionSummaryView;
  Boolean: Scalars['Boolean']['output'];
  SetPriceClassResult: ResolversUnionTypes<ResolversParentTypes>['SetPriceClassResult'];
  StoreLoginAssertionInput: StoreLoginAssertionInput;
  StoreLoginResult: ResolversUnionTypes<ResolversParentTypes>['StoreLoginResult'];
  StoreNotFoundError: StoreNotFoundError;
  WeakPasswordError: WeakPasswordError;
}>;

export type AccountResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['Account'] = ResolversParentTypes['Account'], FederationReferenceType extends FederationReferenceTypes['Account'] = FederationReferenceTypes['Account']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Account']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  priceClass?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type AccountNotFoundErrorResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['AccountNotFoundError'] = ResolversParentTypes['AccountNotFoundError']> = ResolversObject<{
  accountId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type AssertionExpiredErrorResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['AssertionExpiredError'] = ResolversParentTypes['AssertionExpiredError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  maxSkewSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type AssertionReplayedErrorResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['AssertionReplayedError'] = ResolversParentTypes['AssertionReplayedError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type AssertionSignatureInvalidErrorResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['AssertionSignatureInvalidError'] = ResolversParentTypes['AssertionSignatureInvalidError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type CreateSessionRelayResultResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['CreateSessionRelayResult'] = ResolversParentTypes['CreateSessionRelayResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'InvalidInputError' | 'NotAuthenticatedError' | 'SessionRelay' | 'StoreNotFoundError', ParentType, ContextType>;
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
  __resolveType: TypeResolveFn<'AccountNotFoundError' | 'AssertionExpiredError' | 'AssertionReplayedError' | 'AssertionSignatureInvalidError' | 'EmailTakenError' | 'InvalidCredentialsError' | 'InvalidInputError' | 'NotAuthenticatedError' | 'OfferCodeLimitError' | 'RateLimitedError' | 'RelayCodeExpiredError' | 'RelayCodeInvalidError' | 'RelayCodeUsedError' | 'RelayCodeWrongStoreError' | 'RelayIpMismatchError' | 'SessionNotFoundError' | 'StoreNotFoundError' | 'WeakPasswordError', ParentType, ContextType>;
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
  applyOfferCode?: Resolver<ResolversTypes['OfferCodeResult'], ParentType, ContextType, RequireFields<MutationApplyOfferCodeArgs, 'code'>>;
  createSessionRelay?: Resolver<ResolversTypes['CreateSessionRelayResult'], ParentType, ContextType, RequireFields<MutationCreateSessionRelayArgs, 'targetStoreId'>>;
  login?: Resolver<ResolversTypes['LoginResult'], ParentType, ContextType, RequireFields<MutationLoginArgs, 'email' | 'password'>>;
  logout?: Resolver<ResolversTypes['LogoutResult'], ParentType, ContextType>;
  redeemSessionRelay?: Resolver<ResolversTypes['RedeemSessionRelayResult'], ParentType, ContextType, RequireFields<MutationRedeemSessionRelayArgs, 'code'>>;
  register?: Resolver<ResolversTypes['RegisterResult'], ParentType, ContextType, RequireFields<MutationRegisterArgs, 'email' | 'password'>>;
  removeOfferCode?: Resolver<ResolversTypes['OfferCodeResult'], ParentType, ContextType, RequireFields<MutationRemoveOfferCodeArgs, 'code'>>;
  resolveStoreLogin?: Resolver<ResolversTypes['StoreLoginResult'], ParentType, ContextType, RequireFields<MutationResolveStoreLoginArgs, 'assertion'>>;
  revokeSession?: Resolver<ResolversTypes['RevokeSessionResult'], ParentType, ContextType, RequireFields<MutationRevokeSessionArgs, 'sessionId'>>;
  setAccountPriceClass?: Resolver<ResolversTypes['SetPriceClassResult'], ParentType, ContextType, RequireFields<MutationSetAccountPriceClassArgs, 'accountId'>>;
  startGuestSession?: Resolver<ResolversTypes['SessionGranted'], ParentType, ContextType>;
}>;

export type NotAuthenticatedErrorResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['NotAuthenticatedError'] = ResolversParentTypes['NotAuthenticatedError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type OfferCodeLimitErrorResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['OfferCodeLimitError'] = ResolversParentTypes['OfferCodeLimitError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  limit?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type OfferCodeResultResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['OfferCodeResult'] = ResolversParentTypes['OfferCodeResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'InvalidInputError' | 'NotAuthenticatedError' | 'OfferCodeLimitError' | 'Session', ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  me?: Resolver<Maybe<ResolversTypes['Account']>, ParentType, ContextType>;
  mySessions?: Resolver<Array<ResolversTypes['SessionSummary']>, ParentType, ContextType>;
  session?: Resolver<Maybe<ResolversTypes['Session']>, ParentType, ContextType>;
}>;

export type RateLimitedErrorResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['RateLimitedError'] = ResolversParentTypes['RateLimitedError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  retryAfterSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type RedeemSessionRelayResultResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['RedeemSessionRelayResult'] = ResolversParentTypes['RedeemSessionRelayResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'InvalidInputError' | 'RelayCodeExpiredError' | 'RelayCodeInvalidError' | 'RelayCodeUsedError' | 'RelayCodeWrongStoreError' | 'RelayIpMismatchError' | 'SessionGranted', ParentType, ContextType>;
}>;

export type RegisterResultResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['RegisterResult'] = ResolversParentTypes['RegisterResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'EmailTakenError' | 'InvalidInputError' | 'SessionGranted' | 'WeakPasswordError', ParentType, ContextType>;
}>;

export type RelayCodeExpiredErrorResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['RelayCodeExpiredError'] = ResolversParentTypes['RelayCodeExpiredError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  expiredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type RelayCodeInvalidErrorResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['RelayCodeInvalidError'] = ResolversParentTypes['RelayCodeInvalidError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type RelayCodeUsedErrorResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['RelayCodeUsedError'] = ResolversParentTypes['RelayCodeUsedError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type RelayCodeWrongStoreErrorResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['RelayCodeWrongStoreError'] = ResolversParentTypes['RelayCodeWrongStoreError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type RelayIpMismatchErrorResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['RelayIpMismatchError'] = ResolversParentTypes['RelayIpMismatchError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type RevokeSessionResultResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['RevokeSessionResult'] = ResolversParentTypes['RevokeSessionResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'NotAuthenticatedError' | 'SessionNotFoundError' | 'SessionRevoked', ParentType, ContextType>;
}>;

export type SessionResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['Session'] = ResolversParentTypes['Session']> = ResolversObject<{
  account?: Resolver<Maybe<ResolversTypes['Account']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['SessionKind'], ParentType, ContextType>;
  offerCodes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type SessionGrantedResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['SessionGranted'] = ResolversParentTypes['SessionGranted']> = ResolversObject<{
  session?: Resolver<ResolversTypes['Session'], ParentType, ContextType>;
  token?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type SessionHandleResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['SessionHandle'] = ResolversParentTypes['SessionHandle']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  storeId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
}>;

export type SessionNotFoundErrorResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['SessionNotFoundError'] = ResolversParentTypes['SessionNotFoundError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sessionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type SessionRelayResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['SessionRelay'] = ResolversParentTypes['SessionRelay']> = ResolversObject<{
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  relayCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  targetStoreId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type SessionRevokedResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['SessionRevoked'] = ResolversParentTypes['SessionRevoked']> = ResolversObject<{
  sessionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type SessionSummaryResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['SessionSummary'] = ResolversParentTypes['SessionSummary']> = ResolversObject<{
  clientIp?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  current?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  handles?: Resolver<Array<ResolversTypes['SessionHandle']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['SessionKind'], ParentType, ContextType>;
  lastSeenAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export type SetPriceClassResultResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['SetPriceClassResult'] = ResolversParentTypes['SetPriceClassResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'Account' | 'AccountNotFoundError' | 'InvalidInputError', ParentType, ContextType>;
}>;

export type StoreLoginResultResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['StoreLoginResult'] = ResolversParentTypes['StoreLoginResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'AssertionExpiredError' | 'AssertionReplayedError' | 'AssertionSignatureInvalidError' | 'InvalidInputError' | 'SessionGranted', ParentType, ContextType>;
}>;

export type StoreNotFoundErrorResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['StoreNotFoundError'] = ResolversParentTypes['StoreNotFoundError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type WeakPasswordErrorResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['WeakPasswordError'] = ResolversParentTypes['WeakPasswordError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type Resolvers<ContextType = SessionContext> = ResolversObject<{
  Account?: AccountResolvers<ContextType>;
  AccountNotFoundError?: AccountNotFoundErrorResolvers<ContextType>;
  AssertionExpiredError?: AssertionExpiredErrorResolvers<ContextType>;
  AssertionReplayedError?: AssertionReplayedErrorResolvers<ContextType>;
  AssertionSignatureInvalidError?: AssertionSignatureInvalidErrorResolvers<ContextType>;
  CreateSessionRelayResult?: CreateSessionRelayResultResolvers<ContextType>;
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
  OfferCodeLimitError?: OfferCodeLimitErrorResolvers<ContextType>;
  OfferCodeResult?: OfferCodeResultResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RateLimitedError?: RateLimitedErrorResolvers<ContextType>;
  RedeemSessionRelayResult?: RedeemSessionRelayResultResolvers<ContextType>;
  RegisterResult?: RegisterResultResolvers<ContextType>;
  RelayCodeExpiredError?: RelayCodeExpiredErrorResolvers<ContextType>;
  RelayCodeInvalidError?: RelayCodeInvalidErrorResolvers<ContextType>;
  RelayCodeUsedError?: RelayCodeUsedErrorResolvers<ContextType>;
  RelayCodeWrongStoreError?: RelayCodeWrongStoreErrorResolvers<ContextType>;
  RelayIpMismatchError?: RelayIpMismatchErrorResolvers<ContextType>;
  RevokeSessionResult?: RevokeSessionResultResolvers<ContextType>;
  Session?: SessionResolvers<ContextType>;
  SessionGranted?: SessionGrantedResolvers<ContextType>;
  SessionHandle?: SessionHandleResolvers<ContextType>;
  SessionNotFoundError?: SessionNotFoundErrorResolvers<ContextType>;
  SessionRelay?: SessionRelayResolvers<ContextType>;
  SessionRevoked?: SessionRevokedResolvers<ContextType>;
  SessionSummary?: SessionSummaryResolvers<ContextType>;
  SetPriceClassResult?: SetPriceClassResultResolvers<ContextType>;
  StoreLoginResult?: StoreLoginResultResolvers<ContextType>;
  StoreNotFoundError?: StoreNotFoundErrorResolvers<ContextType>;
  WeakPasswordError?: WeakPasswordErrorResolvers<ContextType>;
}>;

