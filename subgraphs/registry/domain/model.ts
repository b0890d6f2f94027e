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
  registeredAt: Date;
  updatedAt: Date;
}

export interface RegisterStoreInput {
  id: string;
  name: string;
  url: string;
  secret: string;
  apiKey: string;
}

/** What the repository keeps for a new store: the secret encrypted, the API key hashed. */
export interface NewStoreRecord {
  id: string;
  name: string;
  url: string;
  secretCiphertext: string;
  apiKeyHash: string;
  at: Date;
}

/** An active store as the exchange needs it (secret still encrypted). */
export interface ActiveStoreRecord {
  id: string;
  name: string;
  url: string;
  secretCiphertext: string;
  apiKeyHash: string;
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
export type RemoveStoreResult = { __typename: 'StoreRemoved'; id: string } | StoreNotFoundResult;
