import type { Clock } from '../../../lib/clock.js';
import { DomainError } from '../../../lib/errors.js';
import { storeUnavailable } from '../../../lib/inventory-client.js';
import { decodeCursor, encodeCursor, type CommitInput, type ReserveInput } from '../../inventory/domain/inventory-service.js';
import {
  failure,
  isOwnItemKey,
  itemNotFound,
  pageLimit,
  parseLease,
  parseOrderId,
  parseTicketId,
  requireExchange,
  reserveRefusal,
  type ProtocolCaller,
} from '../../inventory/domain/protocol-rules.js';
import type { ItemConnectionModel, ItemKey, ItemModel, ProtocolResultModel, StoreModel } from '../../inventory/domain/model.js';
import { mapError, mapItem, mapPage, mapReservation, MappingError, readPath, renderRequest, type EndpointName, type MappedItem, type RestMapping, type RestRequest, type TemplateValue } from './mapping.js';

/** What the REST store answered: any status, the parsed JSON body (null when empty). */
export interface RestResponse {
  status: number;
  body: unknown;
}

/**
 * The way to the REST store. Implementations throw DomainError STORE_UNAVAILABLE (with
 * the store id) when it cannot be reached in time, fails (5xx), refuses the API key or
 * answers something that is not JSON; every other answer is returned as is.
 */
export interface RestStorePort {
  send(request: RestRequest): Promise<RestResponse>;
}

/**
 * What the inventory contract's resolvers (subgraphs/inventory/resolvers.ts) call: the
 * wrapper serves the same SDL with the same resolvers over another backend.
 */
export type { InventoryBackend } from '../../inventory/context.js';
import type { InventoryBackend } from '../../inventory/context.js';

export interface RestInventoryServiceDeps {
  mapping: RestMapping;
  store: StoreModel;
  port: RestStorePort;
  clock: Clock;
}


/**
 * One REST store behind the inventory contract: the same input rules and answers as the
 * native InventoryService (INVALID_SIGNATURE, INVALID_INPUT, ProtocolError codes), with
 * stock decisions made by the REST store itself. Leases become the hold's expiry there,
 * so a hold lapses at the store even if nobody calls release.
 */
export class RestInventoryService implements InventoryBackend {
  private readonly mapping: RestMapping;
  private readonly storeModel: StoreModel;
  private readonly port: RestStorePort;
  private readonly clock: Clock;

  constructor(deps: RestInventoryServiceDeps) {
    this.mapping = deps.mapping;
    this.storeModel = deps.store;
    this.port = deps.port;
    this.clock = deps.clock;
  }

  store(id: string): StoreModel | null {
    return id === this.storeModel.id ? this.storeModel : null;
  }

  async listItems(args: { first?: number | null; after?: string | null }): Promise<ItemConnectionModel> {
    const limit = pageLimit(args.first);
    const after = args.after == null ? null : decodeCursor(args.after);
    const response = await this.call('listItems', { after, limit });
    if (response.status !== 200) throw this.unexpected('listItems', response);
    const page = this.read(() => mapPage(this.mapping, response.body));
    const edges = page.items.slice(0, limit).map((item) => ({ cursor: encodeCursor(item.sku), node: this.toItem(item) }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: page.totalCount };
  }

  /** Items by entity key in the order asked (null for unknown SKUs or other stores); one call when the store has a batch endpoint. */
  async findItems(keys: readonly ItemKey[]): Promise<(ItemModel | null)[]> {
    const own = (key: ItemKey) => isOwnItemKey(key, this.storeModel.id);
    const skus = [...new Set(keys.filter(own).map((k) => k.sku))];
    const bySku = new Map<string, ItemModel>();
    if (skus.length > 0 && this.mapping.endpoints.getItems) {
      const response = await this.call('getItems', { skus: skus.join(',') });
      if (response.status !== 200) throw this.unexpected('getItems', response);
      for (const item of this.read(() => mapPage(this.mapping, response.body)).items) bySku.set(item.sku, this.toItem(item));
    } else {
      await Promise.all(
        skus.map(async (sku) => {
          const item = await this.getItem(sku);
          if (item) bySku.set(sku, item);
        }),
      );
    }
    return keys.map((key) => (own(key) ? bySku.get(key.sku) ?? null : null));
  }

  async reserve(caller: ProtocolCaller, input: ReserveInput): Promise<ProtocolResultModel> {
    requireExchange(caller);
    const ticketId = parseTicketId(input.ticketId);
    const leaseUntil = parseLease(input.leaseUntil, this.clock.now());
    const refusal = reserveRefusal(input);
    if (refusal) return refusal;
    const vars = { ticketId, sku: input.sku, quantity: input.quantity, leaseUntil: leaseUntil.toISOString() };
    return this.protocolCall('reserve', vars, { ticketId, sku: input.sku });
  }

  async release(caller: ProtocolCaller, input: { ticketId: string }): Promise<ProtocolResultModel> {
    requireExchange(caller);
    const ticketId = parseTicketId(input.ticketId);
    return this.protocolCall('release', { ticketId }, { ticketId });
  }

  async commit(caller: ProtocolCaller, input: CommitInput): Promise<ProtocolResultModel> {
    requireExchange(caller);
    const ticketId = parseTicketId(input.ticketId);
    const orderId = parseOrderId(input.orderId);
    return this.protocolCall('commit', { ticketId, orderId }, { ticketId, orderId });
  }

  private async getItem(sku: string): Promise<ItemModel | null> {
    const response = await this.call('getItem', { sku });
    if (response.status === 404 || mapError(this.mapping, response.body)?.code === 'ITEM_NOT_FOUND') return null;
    if (response.status !== 200) throw this.unexpected('getItem', response);
    const item = this.read(() => mapItem(this.mapping, readPath(response.body, this.mapping.itemEnvelope)));
    return item.sku === sku ? this.toItem(item) : null;
  }

  private async protocolCall(endpoint: EndpointName, vars: Record<string, TemplateValue>, asked: { ticketId: string; sku?: string; orderId?: string }): Promise<ProtocolResultModel> {
    const response = await this.call(endpoint, vars);
    if (response.status >= 200 && response.status < 300) {
      const hold = this.read(() => mapReservation(this.mapping, response.body));
      if (hold.ticketId !== undefined && hold.ticketId.toLowerCase() !== asked.ticketId) {
        throw storeUnavailable(this.storeModel.id, `Store ${this.storeModel.id} answered for hold ${hold.ticketId}, not ${asked.ticketId}.`);
      }
      const sku = hold.sku ?? asked.sku;
      if (sku === undefined) throw storeUnavailable(this.storeModel.id, `Store ${this.storeModel.id} did not say which item hold ${asked.ticketId} is for.`);
      return {
        __typename: 'Reservation',
        ticketId: asked.ticketId,
        sku,
        quantity: hold.quantity,
        status: hold.status,
        leaseUntil: hold.leaseUntil,
        unitPrice: { amount: hold.unitPriceAmount, currency: this.storeModel.currency },
        orderId: hold.status === 'COMMITTED' ? asked.orderId ?? null : null,
      };
    }
    const mapped = mapError(this.mapping, response.body);
    if (!mapped) throw this.unexpected(endpoint, response);
    const { ticketId } = asked;
    switch (mapped.code) {
      case 'INVALID_INPUT':
        throw new DomainError('INVALID_INPUT', mapped.message ?? `Store ${this.storeModel.id} refused the request (${mapped.storeCode}).`, { field: fieldOf(mapped.storeCode), storeCode: mapped.storeCode });
      case 'OUT_OF_STOCK': {
        const available = mapped.available;
        const what = asked.sku ? ` of ${asked.sku}` : '';
        return failure('OUT_OF_STOCK', available === undefined ? `Not enough${what} in stock.` : `Only ${available}${what} available.`, available === undefined ? {} : { available });
      }
      case 'ITEM_NOT_FOUND':
        return itemNotFound(asked.sku ?? '');
      case 'INVALID_QUANTITY':
        return failure('INVALID_QUANTITY', `Store ${this.storeModel.id} refused the quantity.`);
      case 'RESERVATION_NOT_FOUND':
        return failure('RESERVATION_NOT_FOUND', `No reservation for ticket ${ticketId}.`);
      case 'RESERVATION_RELEASED':
        return failure('RESERVATION_RELEASED', `The reservation of ticket ${ticketId} was released.`);
      case 'RESERVATION_COMMITTED':
        return failure('RESERVATION_COMMITTED', `The reservation of ticket ${ticketId} was committed.`);
    }
  }

  private call(endpoint: EndpointName, vars: Record<string, TemplateValue>): Promise<RestResponse> {
    return this.port.send(renderRequest(this.mapping, endpoint, vars));
  }

  /** Runs a mapping read; an answer the mapping cannot read means the store is not usable. */
  private read<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      if (error instanceof MappingError) throw storeUnavailable(this.storeModel.id, `Store ${this.storeModel.id} answered in a shape its mapping cannot read: ${error.message}.`);
      throw error;
    }
  }

  private unexpected(endpoint: EndpointName, response: RestResponse): DomainError {
    const storeCode = mapError(this.mapping, response.body)?.storeCode ?? (response.body as Record<string, unknown> | null)?.[this.mapping.errors.code];
    return storeUnavailable(this.storeModel.id, `Store ${this.storeModel.id} answered ${endpoint} with HTTP ${response.status}${typeof storeCode === 'string' ? ` (${storeCode})` : ''}.`, {
      status: response.status,
    });
  }

  private toItem(item: MappedItem): ItemModel {
    return {
      storeId: this.storeModel.id,
      sku: item.sku,
      name: item.name,
      description: item.description,
      price: { amount: item.priceAmount, currency: this.storeModel.currency },
      stockOnHand: item.stockOnHand,
      available: item.available,
    };
  }
}





/** Best guess of the contract argument a store's INVALID_INPUT code is about. */
function fieldOf(storeCode: string): string {
  if (/sku|product|item/i.test(storeCode)) return 'sku';
  if (/expir|lease/i.test(storeCode)) return 'leaseUntil';
  if (/order/i.test(storeCode)) return 'orderId';
  if (/hold|ticket/i.test(storeCode)) return 'ticketId';
  return 'input';
}


