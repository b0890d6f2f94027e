import type { DocumentNode } from 'graphql';
import type { Clock } from '../../../lib/clock.js';
import { requireOperator, type Identity } from '../../../lib/identity.js';
import type { Logger } from '../../../lib/logger.js';
import type { RegistryStoresListRequest, RegistryStoresListResponse } from '../../../lib/registry-store-directory.js';
import { hashApiKey } from '../../../lib/store-directory.js';
import { diffContract } from './contract-diff.js';
import type {
  InvalidInputResult,
  RegisteredStoreModel,
  RegisteredStoreStatus,
  RegisterStoreInput,
  RegisterStoreResult,
  RemoveStoreResult,
  SetStorePaymentEndpointResult,
  StoreAlreadyExistsResult,
  StoreNotFoundResult,
  StoreStatusResult,
} from './model.js';
import type { SecretCipher, StoreRegistryRepository, StoreSdlFetcher } from './ports.js';
import { normalizePaymentEndpoint, validateRegistration } from './validation.js';

export interface RegistryServiceDeps {
  repository: StoreRegistryRepository;
  cipher: SecretCipher;
  sdl: StoreSdlFetcher;
  /** The inventory contract (subgraphs/inventory/schema.graphql), parsed. */
  contract: DocumentNode;
  clock: Clock;
  logger: Logger;
}

const asStore = (store: RegisteredStoreModel) => ({ ...store, __typename: 'RegisteredStore' as const });
const notFound = (id: string): StoreNotFoundResult => ({ __typename: 'StoreNotFoundError', code: 'STORE_NOT_FOUND', message: `No store "${id}" is registered.`, storeId: id });
const invalidInput = (field: string, message: string): InvalidInputResult => ({ __typename: 'InvalidInputError', code: 'INVALID_INPUT', message, field });

/**
 * The store registry: operators register, suspend, resume and remove stores; the
 * exchange's services read the active list (with secrets) over internal RPC. Every
 * operator method checks the caller first.
 */
export class RegistryService {
  constructor(private readonly deps: RegistryServiceDeps) {}

  async register(identity: Identity, input: RegisterStoreInput): Promise<RegisterStoreResult> {
    requireOperator(identity);
    const validated = validateRegistration(input);
    if (!validated.ok) return invalidInput(validated.field, validated.message);
    const store = validated.value;
    // cheap refusal first: no need to call the store for an id that is taken
    if (await this.deps.repository.findById(store.id)) return this.alreadyExists(store.id);

    const fetched = await this.deps.sdl.fetchSdl(store.url);
    if (!fetched.ok) {
      this.deps.logger.info({ storeId: store.id, url: store.url, reason: fetched.reason }, 'store registration refused: SDL not served');
      return { __typename: 'StoreUnreachableError', code: 'STORE_UNREACHABLE', message: `The store's subgraph did not serve its SDL: ${fetched.reason}`, url: store.url };
    }
    const differences = diffContract(this.deps.contract, fetched.sdl);
    if (differences.length) {
      this.deps.logger.info({ storeId: store.id, differences }, 'store registration refused: contract mismatch');
      return {
        __typename: 'ContractMismatchError',
        code: 'CONTRACT_MISMATCH',
        message: `The store's subgraph does not implement the inventory contract (${differences.length} difference${differences.length === 1 ? '' : 's'}).`,
        differences,
      };
    }

    const inserted = await this.deps.repository.insert({
      id: store.id,
      name: store.name,
      url: store.url,
      secretCiphertext: this.deps.cipher.encrypt(store.secret, store.id),
      apiKeyHash: hashApiKey(store.apiKey),
      paymentEndpoint: store.paymentEndpoint ?? null,
      at: this.deps.clock.now(),
    });
    if (!inserted.ok) {
      // a concurrent registration won the id, or another store already uses this key
      if (inserted.reason === 'id-taken') return this.alreadyExists(store.id);
      return invalidInput('apiKey', 'Another store uses this API key; every store needs its own.');
    }
    this.deps.logger.info({ storeId: store.id, url: store.url, paymentEndpoint: store.paymentEndpoint ?? null }, 'store registered');
    return asStore(inserted.store);
  }

  /**
   * Store-run payments: sets the store's payment endpoint (the store runs its own payment
   * handling from the next checkout on) or clears it (null or blank: the exchange charges).
   * Parts already placed keep the collector they were placed with.
   */
  async setPaymentEndpoint(identity: Identity, id: string, url: string | null | undefined): Promise<SetStorePaymentEndpointResult> {
    requireOperator(identity);
    const endpoint = normalizePaymentEndpoint(url);
    if (!endpoint.ok) return invalidInput('url', endpoint.message);
    const store = await this.deps.repository.setPaymentEndpoint(id, endpoint.value, this.deps.clock.now());
    if (!store) return notFound(id);
    this.deps.logger.info({ storeId: id, paymentEndpoint: store.paymentEndpoint }, 'store payment endpoint');
    return asStore(store);
  }

  async suspend(identity: Identity, id: string): Promise<StoreStatusResult> {
    return this.transition(identity, id, ['ACTIVE'], 'SUSPENDED');
  }

  async resume(identity: Identity, id: string): Promise<StoreStatusResult> {
    return this.transition(identity, id, ['SUSPENDED'], 'ACTIVE');
  }

  async remove(identity: Identity, id: string): Promise<RemoveStoreResult> {
    const result = await this.transition(identity, id, ['ACTIVE', 'SUSPENDED'], 'REMOVED');
    return result.__typename === 'RegisteredStore' ? { __typename: 'StoreRemoved', id: result.id } : result;
  }

  async list(identity: Identity, status?: RegisteredStoreStatus | null): Promise<RegisteredStoreModel[]> {
    requireOperator(identity);
    return this.deps.repository.list(status ?? undefined);
  }

  /**
   * The active stores with their secrets decrypted, for the exchange's own services
   * (internal RPC, INTERNAL_SECRET). `ifNoneMatch` equal to the current version answers
   * `notModified` without reading (or decrypting) the list.
   */
  async activeStores(request: RegistryStoresListRequest): Promise<RegistryStoresListResponse> {
    if (request.ifNoneMatch) {
      const version = await this.deps.repository.version();
      if (version === request.ifNoneMatch) return { version, notModified: true };
    }
    const { version, stores } = await this.deps.repository.activeStores();
    return {
      version,
      notModified: false,
      stores: stores.map((s) => ({
        id: s.id,
        name: s.name,
        url: s.url,
        secret: this.deps.cipher.decrypt(s.secretCiphertext, s.id),
        apiKeyHash: s.apiKeyHash,
        paymentEndpoint: s.paymentEndpoint ?? null,
      })),
    };
  }

  private async transition(identity: Identity, id: string, from: RegisteredStoreStatus[], to: RegisteredStoreStatus): Promise<StoreStatusResult> {
    requireOperator(identity);
    const store = await this.deps.repository.transition(id, from, to, this.deps.clock.now());
    if (!store) return notFound(id);
    this.deps.logger.info({ storeId: id, status: store.status }, 'store status');
    return asStore(store);
  }

  private alreadyExists(id: string): StoreAlreadyExistsResult {
    return { __typename: 'StoreAlreadyExistsError', code: 'STORE_ALREADY_EXISTS', message: `A store "${id}" is (or was) registered; a removed store's id is never reused.`, storeId: id };
  }
}
