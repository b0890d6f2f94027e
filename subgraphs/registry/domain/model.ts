import type { ErrorCode } from '../../../lib/errors.js';

/** A typed failure result (a union member implementing ErrorResult) with its one code. */
type Failure<TName extends string, TCode extends ErrorCode, TExtra = object> = { __typename: TName; code: TCode; message: string } & TExtra;

export type RegisteredStoreStatus = 'ACTIVE' | 'SUSPENDED' | 'REMOVED';

/** A store as operators see it: never its credentials. */
export interface RegisteredStoreModel {
  __typename?: 'RegisteredStore';
  id: string;
  name: string;
  url: string;
  status: RegisteredStoreStatus;
  /** Set when the store runs its own payment handling (store-run payments); null: the exchange charges. */
  paymentEndpoint: string | null;
  registeredAt: Date;
  updatedAt: Date;
}

export interface RegisterStoreInput {
  id: string;
  name: string;
  url: string;
  secret: string;
  apiKey: string;
  /** The store's own payment endpoint (store-run payments); unset: the exchange charges. */
  paymentEndpoint?: string | null;
}

/** What the repository keeps for a new store: the secret encrypted, the API key hashed. */
export interface NewStoreRecord {
  id: string;
  name: string;
  url: string;
  secretCiphertext: string;
  apiKeyHash: string;
  paymentEndpoint: string | null;
  at: Date;
}

/** An active store as the exchange needs it (secret still encrypted). */
export interface ActiveStoreRecord {
  id: string;
  name: string;
  url: string;
  secretCiphertext: string;
  apiKeyHash: string;
  paymentEndpoint: string | null;
}

export type InvalidInputResult = Failure<'InvalidInputError', 'INVALID_INPUT', { field: string | null }>;
export type StoreNotFoundResult = Failure<'StoreNotFoundError', 'STORE_NOT_FOUND', { storeId: string }>;
export type ContractMismatchResult = Failure<'ContractMismatchError', 'CONTRACT_MISMATCH', { differences: string[] }>;
export type StoreAlreadyExistsResult = Failure<'StoreAlreadyExistsError', 'STORE_ALREADY_EXISTS', { storeId: string }>;
export type StoreUnreachableResult = Failure<'StoreUnreachableError', 'STORE_UNREACHABLE', { url: string }>;

export type RegisterStoreResult =
  | (RegisteredStoreModel & { __typename: 'RegisteredStore' })
  | ContractMismatchResult
  | StoreAlreadyExistsResult
  | InvalidInputResult
  | StoreUnreachableResult;

export type StoreStatusResult = (RegisteredStoreModel & { __typename: 'RegisteredStore' }) | StoreNotFoundResult;
export type SetStorePaymentEndpointResult = StoreStatusResult | InvalidInputResult;
export type RemoveStoreResult = { __typename: 'StoreRemoved'; id: string } | StoreNotFoundResult;

// --- partner subgraphs ---

/** A partner account as operators see it: never its key or secret. */
export interface PartnerModel {
  __typename?: 'Partner';
  name: string;
  createdAt: Date;
}

export interface RegisterPartnerInput {
  name: string;
  apiKey: string;
  secret: string;
}

export type PartnerSubgraphStatus = 'ACTIVE' | 'REMOVED';

export interface PartnerSubgraphModel {
  __typename?: 'PartnerSubgraph';
  name: string;
  url: string;
  partner: string;
  status: PartnerSubgraphStatus;
  version: number;
  registeredAt: Date;
  updatedAt: Date;
}

/** A partner subgraph with the SDL accepted at its registration. */
export interface PartnerSubgraphRecord extends PartnerSubgraphModel {
  sdl: string;
}

export interface RegisterPartnerSubgraphInput {
  name: string;
  url: string;
}

export type PartnerAlreadyExistsResult = Failure<'PartnerAlreadyExistsError', 'PARTNER_ALREADY_EXISTS', { name: string }>;
export type SubgraphNameTakenResult = Failure<'SubgraphNameTakenError', 'SUBGRAPH_NAME_TAKEN', { name: string }>;
export type SubgraphUnreachableResult = Failure<'SubgraphUnreachableError', 'SUBGRAPH_UNREACHABLE', { url: string }>;
export type CompositionFailedResult = Failure<'CompositionFailedError', 'COMPOSITION_FAILED', { errors: string[] }>;
export type PartnerSubgraphNotFoundResult = Failure<'PartnerSubgraphNotFoundError', 'PARTNER_SUBGRAPH_NOT_FOUND', { name: string }>;

export type RegisterPartnerResult = (PartnerModel & { __typename: 'Partner' }) | PartnerAlreadyExistsResult | InvalidInputResult;
export type RegisterPartnerSubgraphResult =
  | (PartnerSubgraphModel & { __typename: 'PartnerSubgraph' })
  | CompositionFailedResult
  | SubgraphNameTakenResult
  | SubgraphUnreachableResult
  | InvalidInputResult;
export type RemovePartnerSubgraphResult = { __typename: 'PartnerSubgraphRemoved'; name: string } | PartnerSubgraphNotFoundResult | CompositionFailedResult;
