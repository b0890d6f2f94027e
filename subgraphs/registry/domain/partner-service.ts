import type { Clock } from '../../../lib/clock.js';
import { composeSubgraphSdls, type SubgraphSdl } from '../../../lib/composition.js';
import { DomainError } from '../../../lib/errors.js';
import { requireOperator, requirePartner, type Identity } from '../../../lib/identity.js';
import type { Logger } from '../../../lib/logger.js';
import type { RegistryPartnersListRequest, RegistryPartnersListResponse } from '../../../lib/registry-partner-directory.js';
import { hashApiKey, isValidStoreId } from '../../../lib/store-directory.js';
import type {
  CompositionFailedResult,
  InvalidInputResult,
  PartnerSubgraphModel,
  RegisterPartnerInput,
  RegisterPartnerResult,
  RegisterPartnerSubgraphInput,
  RegisterPartnerSubgraphResult,
  RemovePartnerSubgraphResult,
} from './model.js';
import type { PartnerRepository, SecretCipher, StoreSdlFetcher } from './ports.js';
import { checkCredential, checkUrl, MIN_API_KEY_LENGTH, MIN_SECRET_LENGTH } from './validation.js';

/** Partner subgraph names: lower-case letters, digits and single dashes, starting with a letter. */
const SUBGRAPH_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const MAX_SUBGRAPH_NAME = 63;

export interface PartnerServiceDeps {
  repository: PartnerRepository;
  cipher: SecretCipher;
  sdl: StoreSdlFetcher;
  /** The base subgraphs' committed SDLs (lib/composition.ts readBaseSubgraphs). */
  baseSubgraphs: SubgraphSdl[];
  clock: Clock;
  logger: Logger;
}

const invalidInput = (field: string, message: string): InvalidInputResult => ({ __typename: 'InvalidInputError', code: 'INVALID_INPUT', message, field });
const compositionFailed = (errors: string[], what: string): CompositionFailedResult => ({
  __typename: 'CompositionFailedError',
  code: 'COMPOSITION_FAILED',
  message: `${what} does not compose with the live federation (${errors.length} error${errors.length === 1 ? '' : 's'}); nothing changed.`,
  errors,
});
/** Partner secrets are encrypted bound to this prefix + the partner id (never a store's AAD). */
const partnerAad = (id: string) => `partner:${id}`;

/**
 * Partners and their subgraphs. Operators create partner accounts; a partner registers
 * and removes its own subgraphs only. A registration composes the base subgraphs, every
 * other active partner subgraph and the new one under the partner version lock, so a
 * subgraph is accepted only into a set it composes with, and a refusal writes nothing.
 */
export class PartnerService {
  private readonly baseNames: Set<string>;

  constructor(private readonly deps: PartnerServiceDeps) {
    this.baseNames = new Set(deps.baseSubgraphs.map((s) => s.name));
  }

  async registerPartner(identity: Identity, input: RegisterPartnerInput): Promise<RegisterPartnerResult> {
    requireOperator(identity);
    if (!isValidStoreId(input.name)) return invalidInput('name', 'The partner name must be 1 to 63 lower-case letters, digits or dashes, starting with a letter or digit.');
    const keyProblem = checkCredential('API key', input.apiKey, MIN_API_KEY_LENGTH);
    if (keyProblem) return invalidInput('apiKey', keyProblem);
    const secretProblem = checkCredential('secret', input.secret, MIN_SECRET_LENGTH);
    if (secretProblem) return invalidInput('secret', secretProblem);
    if (input.apiKey === input.secret) return invalidInput('apiKey', 'The API key must differ from the secret.');
    const inserted = await this.deps.repository.insertPartner({
      id: input.name,
      apiKeyHash: hashApiKey(input.apiKey),
      secretCiphertext: this.deps.cipher.encrypt(input.secret, partnerAad(input.name)),
      at: this.deps.clock.now(),
    });
    if (!inserted.ok) {
      return {
        __typename: 'PartnerAlreadyExistsError',
        code: 'PARTNER_ALREADY_EXISTS',
        message: inserted.reason === 'id-taken' ? `A partner "${input.name}" exists.` : 'Another partner uses this API key; every partner needs its own.',
        name: input.name,
      };
    }
    this.deps.logger.info({ partnerId: input.name }, 'partner registered');
    return { ...inserted.partner, __typename: 'Partner' };
  }

  async registerSubgraph(identity: Identity, input: RegisterPartnerSubgraphInput): Promise<RegisterPartnerSubgraphResult> {
    const partnerId = requirePartner(identity);
    const name = input.name;
    if (!SUBGRAPH_NAME.test(name) || name.length > MAX_SUBGRAPH_NAME) {
      return invalidInput('name', `The subgraph name must be lower-case letters, digits and single dashes, starting with a letter (at most ${MAX_SUBGRAPH_NAME}).`);
    }
    const url = input.url.trim();
    const urlProblem = checkUrl(url);
    if (urlProblem) return invalidInput('url', urlProblem);
    if (this.baseNames.has(name)) return this.nameTaken(name, 'is a base subgraph of the exchange');
    // cheap refusal before calling the subgraph; checked again under the lock
    const existing = await this.deps.repository.findSubgraph(name);
    if (existing && existing.partner !== partnerId) return this.nameTaken(name, 'belongs to another partner');

    const fetched = await this.deps.sdl.fetchSdl(url);
    if (!fetched.ok) {
      this.deps.logger.info({ partnerId, subgraph: name, url, reason: fetched.reason }, 'partner subgraph refused: SDL not served');
      return { __typename: 'SubgraphUnreachableError', code: 'SUBGRAPH_UNREACHABLE', message: `The subgraph did not serve its SDL: ${fetched.reason}`, url };
    }

    return this.deps.repository.withPartnerLock(async (tx): Promise<RegisterPartnerSubgraphResult> => {
      const current = await tx.find(name);
      if (current && current.partner !== partnerId) return this.nameTaken(name, 'belongs to another partner');
      const others = (await tx.active()).filter((s) => s.name !== name);
      const composed = composeSubgraphSdls([...this.deps.baseSubgraphs, ...others, { name, url, sdl: fetched.sdl }]);
      if (!composed.ok) {
        this.deps.logger.info({ partnerId, subgraph: name, errors: composed.errors }, 'partner subgraph refused: composition failed');
        return compositionFailed(composed.errors, `Subgraph "${name}"`);
      }
      const version = await tx.bump();
      const stored = await tx.upsert({ name, partnerId, url, sdl: fetched.sdl, version, at: this.deps.clock.now() });
      this.deps.logger.info({ partnerId, subgraph: name, url, version }, 'partner subgraph registered');
      return { ...stored, __typename: 'PartnerSubgraph' };
    });
  }

  async removeSubgraph(identity: Identity, name: string): Promise<RemovePartnerSubgraphResult> {
    const partnerId = requirePartner(identity);
    return this.deps.repository.withPartnerLock(async (tx): Promise<RemovePartnerSubgraphResult> => {
      const current = await tx.find(name);
      if (!current || current.status !== 'ACTIVE') {
        return { __typename: 'PartnerSubgraphNotFoundError', code: 'PARTNER_SUBGRAPH_NOT_FOUND', message: `You have no active subgraph "${name}".`, name };
      }
      if (current.partner !== partnerId) throw new DomainError('FORBIDDEN', `Subgraph "${name}" belongs to another partner.`);
      const rest = (await tx.active()).filter((s) => s.name !== name);
      const composed = composeSubgraphSdls([...this.deps.baseSubgraphs, ...rest]);
      if (!composed.ok) return compositionFailed(composed.errors, `The federation without "${name}"`);
      const version = await tx.bump();
      await tx.markRemoved(name, version, this.deps.clock.now());
      this.deps.logger.info({ partnerId, subgraph: name, version }, 'partner subgraph removed');
      return { __typename: 'PartnerSubgraphRemoved', name };
    });
  }

  /** A partner's own active subgraphs; an operator's view is every partner's. */
  async list(identity: Identity): Promise<PartnerSubgraphModel[]> {
    if (identity.kind === 'OPERATOR') return this.deps.repository.listSubgraphs();
    return this.deps.repository.listSubgraphs(requirePartner(identity));
  }

  /** Internal RPC `partners/list`: active subgraphs with SDLs and partner accounts (secrets decrypted). */
  async activePartners(request: RegistryPartnersListRequest): Promise<RegistryPartnersListResponse> {
    if (request.ifNoneMatch) {
      const version = await this.deps.repository.version();
      if (version === request.ifNoneMatch) return { version, notModified: true };
    }
    const { version, subgraphs, partners } = await this.deps.repository.snapshot();
    return {
      version,
      notModified: false,
      subgraphs: subgraphs.map((s) => ({ name: s.name, url: s.url, sdl: s.sdl, partnerId: s.partner })),
      partners: partners.map((p) => ({ id: p.id, apiKeyHash: p.apiKeyHash, secret: this.deps.cipher.decrypt(p.secretCiphertext, partnerAad(p.id)) })),
    };
  }

  private nameTaken(name: string, why: string) {
    return { __typename: 'SubgraphNameTakenError' as const, code: 'SUBGRAPH_NAME_TAKEN' as const, message: `The subgraph name "${name}" ${why}.`, name };
  }
}
