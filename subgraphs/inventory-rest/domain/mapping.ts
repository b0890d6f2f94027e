import type { ProtocolErrorCode, ReservationStatus } from '../../../lib/store-protocol.js';

/**
 * The endpoint mapping of a REST store: where its catalog, stock, reserve, release and
 * commit live, and how its JSON reads as the inventory contract. Pure data and pure
 * functions; loaded from JSON (see sample-mapping.json for the sample REST store).
 */

export type EndpointName = 'listItems' | 'getItem' | 'getItems' | 'reserve' | 'release' | 'commit';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One endpoint. `path`, `query` values and `body` values are templates: `{name}` is
 * replaced by a variable (URL-encoded in the path); a value that is exactly `"{name}"`
 * keeps the variable's type (a number stays a number). A query parameter whose value
 * is null (e.g. no cursor on the first page) is left out.
 */
export interface EndpointMapping {
  method: HttpMethod;
  path: string;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
}

/** The variables each endpoint's templates may use. */
export const ENDPOINT_VARIABLES: Record<EndpointName, readonly string[]> = {
  // `after`: the SKU of the last item already seen (null on the first page)
  listItems: ['after', 'limit'],
  getItem: ['sku'],
  // `skus`: comma-separated
  getItems: ['skus'],
  reserve: ['ticketId', 'sku', 'quantity', 'leaseUntil'],
  release: ['ticketId'],
  commit: ['ticketId', 'orderId'],
};

export type PriceFormat = 'decimal-string' | 'decimal-number' | 'minor-units';

/** The codes a REST store's error may map to: a protocol refusal, or a malformed request. */
export type MappedErrorCode = ProtocolErrorCode | 'INVALID_INPUT';

export interface RestMapping {
  /** e.g. "https://shop.example/" (a path prefix is kept) */
  baseUrl: string;
  apiKey: string;
  /** Header that carries the API key (default x-api-key). */
  apiKeyHeader: string;
  /** Per REST call; slower counts as the store being unavailable (default 2000). */
  timeoutMs: number;
  price: { format: PriceFormat; /** digits after the decimal point in the store's currency */ decimals: number };
  endpoints: { listItems: EndpointMapping; getItem: EndpointMapping; getItems?: EndpointMapping; reserve: EndpointMapping; release: EndpointMapping; commit: EndpointMapping };
  /** Paths (dot-separated) into the list response; `nextCursor` null/absent = last page. */
  catalog: { items: string; nextCursor: string; total: string };
  /** Path to the product in a getItem response ("" = the body itself). */
  itemEnvelope: string;
  /** Paths into one product. */
  item: { sku: string; name: string; description: string; price: string; stockOnHand: string; available: string };
  /** Path to the hold in reserve/release/commit responses, and paths into the hold. */
  reservation: { envelope: string; ticketId: string; sku: string; quantity: string; status: string; leaseUntil: string; unitPrice: string };
  /** The store's hold states → contract statuses. */
  statuses: Record<string, ReservationStatus>;
  /** Where an error response says what went wrong, and what each of its codes means. */
  errors: { code: string; available: string; codes: Record<string, MappedErrorCode> };
}

/** A mapping or a REST answer that does not fit: always the store's (or its config's) fault. */
export class MappingError extends Error {}

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const STATUSES: readonly ReservationStatus[] = ['HELD', 'RELEASED', 'COMMITTED'];
const MAPPED_CODES: readonly MappedErrorCode[] = ['OUT_OF_STOCK', 'ITEM_NOT_FOUND', 'INVALID_QUANTITY', 'RESERVATION_NOT_FOUND', 'RESERVATION_RELEASED', 'RESERVATION_COMMITTED', 'INVALID_INPUT'];
const TEMPLATE_VAR = /\{([A-Za-z]+)\}/g;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates a mapping (parsed JSON) and fills in defaults; `overrides` (e.g. base URL
 * and API key from the environment) win over the file. Throws one Error listing every
 * problem found.
 */
export function parseRestMapping(input: unknown, overrides: Partial<Pick<RestMapping, 'baseUrl' | 'apiKey' | 'apiKeyHeader' | 'timeoutMs'>> = {}): RestMapping {
  const problems: string[] = [];
  const raw = isRecord(input) ? { ...input, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) } : {};
  if (!isRecord(input)) problems.push('the mapping must be a JSON object');

  const str = (obj: unknown, key: string, where: string, fallback?: string): string => {
    const value = isRecord(obj) ? obj[key] : undefined;
    if (value === undefined && fallback !== undefined) return fallback;
    if (typeof value !== 'string') {
      problems.push(`${where}${key} must be a string`);
      return '';
    }
    return value;
  };
  const obj = (value: unknown, where: string): Record<string, unknown> => {
    if (isRecord(value)) return value;
    problems.push(`${where} must be an object`);
    return {};
  };

  const baseUrl = str(raw, 'baseUrl', '');
  if (baseUrl && !/^https?:\/\/[^/]/.test(baseUrl)) problems.push('baseUrl must be an http(s) URL');
  const apiKey = str(raw, 'apiKey', '');
  if (apiKey === '' && !problems.some((p) => p.startsWith('apiKey'))) problems.push('apiKey must not be empty');
  const apiKeyHeader = str(raw, 'apiKeyHeader', '', 'x-api-key').toLowerCase();
  const timeoutMs = raw.timeoutMs === undefined ? 2_000 : Number(raw.timeoutMs);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) problems.push('timeoutMs must be a positive number');

  const priceRaw = obj(raw.price ?? {}, 'price');
  const format = (priceRaw.format ?? 'decimal-string') as PriceFormat;
  if (!['decimal-string', 'decimal-number', 'minor-units'].includes(format)) problems.push('price.format must be decimal-string, decimal-number or minor-units');
  const decimals = priceRaw.decimals === undefined ? 2 : Number(priceRaw.decimals);
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 4) problems.push('price.decimals must be an integer 0..4');

  const endpointsRaw = obj(raw.endpoints, 'endpoints');
  const endpoint = (name: EndpointName, optional = false): EndpointMapping | undefined => {
    const value = endpointsRaw[name];
    if (value === undefined && optional) return undefined;
    const where = `endpoints.${name}`;
    const e = obj(value, where);
    const method = String(e.method ?? 'GET').toUpperCase() as HttpMethod;
    if (!METHODS.includes(method)) problems.push(`${where}.method must be one of ${METHODS.join(', ')}`);
    const path = str(e, 'path', `${where}.`);
    if (path && !path.startsWith('/')) problems.push(`${where}.path must start with /`);
    const query = e.query === undefined ? undefined : (obj(e.query, `${where}.query`) as Record<string, string>);
    const body = e.body === undefined ? undefined : obj(e.body, `${where}.body`);
    const templates = [path, ...Object.values(query ?? {}), ...Object.values(body ?? {})];
    for (const template of templates) {
      if (typeof template !== 'string') continue;
      for (const [, variable] of template.matchAll(TEMPLATE_VAR)) {
        if (!ENDPOINT_VARIABLES[name].includes(variable)) problems.push(`${where} uses {${variable}}; it may use ${ENDPOINT_VARIABLES[name].map((v) => `{${v}}`).join(', ')}`);
      }
    }
    for (const [key, value] of Object.entries(query ?? {})) if (typeof value !== 'string') problems.push(`${where}.query.${key} must be a string`);
    return { method, path, ...(query ? { query } : {}), ...(body ? { body } : {}) };
  };
  const endpoints = {
    listItems: endpoint('listItems')!,
    getItem: endpoint('getItem')!,
    getItems: endpoint('getItems', true),
    reserve: endpoint('reserve')!,
    release: endpoint('release')!,
    commit: endpoint('commit')!,
  };

  const paths = <K extends string>(value: unknown, where: string, keys: readonly K[], defaults: Partial<Record<K, string>> = {}): Record<K, string> => {
    const o = obj(value ?? {}, where);
    return Object.fromEntries(keys.map((k) => [k, str(o, k, `${where}.`, defaults[k])])) as Record<K, string>;
  };
  const catalog = paths(raw.catalog, 'catalog', ['items', 'nextCursor', 'total'] as const);
  const itemEnvelope = raw.itemEnvelope === undefined ? '' : str(raw, 'itemEnvelope', '');
  const item = paths(raw.item, 'item', ['sku', 'name', 'description', 'price', 'stockOnHand', 'available'] as const);
  const reservation = paths(raw.reservation, 'reservation', ['envelope', 'ticketId', 'sku', 'quantity', 'status', 'leaseUntil', 'unitPrice'] as const, { envelope: '' });

  const statuses: Record<string, ReservationStatus> = {};
  for (const [key, value] of Object.entries(obj(raw.statuses, 'statuses'))) {
    if (STATUSES.includes(value as ReservationStatus)) statuses[key] = value as ReservationStatus;
    else problems.push(`statuses.${key} must be one of ${STATUSES.join(', ')}`);
  }
  for (const status of STATUSES) if (!Object.values(statuses).includes(status)) problems.push(`statuses maps no store state to ${status}`);

  const errorsRaw = obj(raw.errors, 'errors');
  const codes: Record<string, MappedErrorCode> = {};
  for (const [key, value] of Object.entries(obj(errorsRaw.codes, 'errors.codes'))) {
    if (MAPPED_CODES.includes(value as MappedErrorCode)) codes[key] = value as MappedErrorCode;
    else problems.push(`errors.codes.${key} must be one of ${MAPPED_CODES.join(', ')}`);
  }
  const errors = { code: str(errorsRaw, 'code', 'errors.', 'error'), available: str(errorsRaw, 'available', 'errors.', 'available'), codes };

  if (problems.length > 0) throw new Error(`Invalid REST store mapping:\n- ${problems.join('\n- ')}`);
  return { baseUrl, apiKey, apiKeyHeader, timeoutMs, price: { format, decimals }, endpoints, catalog, itemEnvelope, item, reservation, statuses, errors };
}

/** A request ready for the HTTP client: method, path with query string, JSON body. */
export interface RestRequest {
  endpoint: EndpointName;
  method: HttpMethod;
  /** path and query string, relative to the base URL */
  path: string;
  body?: unknown;
}

export type TemplateValue = string | number | null;

function renderString(template: string, vars: Record<string, TemplateValue>, encode: (s: string) => string): string {
  return template.replace(TEMPLATE_VAR, (_m, name: string) => encode(String(vars[name] ?? '')));
}

function renderValue(template: unknown, vars: Record<string, TemplateValue>): unknown {
  if (typeof template === 'string') {
    const exact = /^\{([A-Za-z]+)\}$/.exec(template);
    return exact ? vars[exact[1]] ?? null : renderString(template, vars, (s) => s);
  }
  if (Array.isArray(template)) return template.map((t) => renderValue(t, vars));
  if (isRecord(template)) return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, renderValue(v, vars)]));
  return template;
}

/** Fills an endpoint's templates with the call's variables. */
export function renderRequest(mapping: RestMapping, name: EndpointName, vars: Record<string, TemplateValue>): RestRequest {
  const endpoint = mapping.endpoints[name];
  if (!endpoint) throw new MappingError(`The mapping has no ${name} endpoint.`);
  let path = renderString(endpoint.path, vars, encodeURIComponent);
  const params = new URLSearchParams();
  for (const [key, template] of Object.entries(endpoint.query ?? {})) {
    const exact = /^\{([A-Za-z]+)\}$/.exec(template);
    if (exact && vars[exact[1]] == null) continue;
    params.set(key, renderString(template, vars, (s) => s));
  }
  const search = params.toString();
  if (search) path += `${path.includes('?') ? '&' : '?'}${search}`;
  return { endpoint: name, method: endpoint.method, path, ...(endpoint.body ? { body: renderValue(endpoint.body, vars) } : {}) };
}

/** The value at a dot-separated path ("" = the value itself). */
export function readPath(value: unknown, path: string): unknown {
  if (path === '') return value;
  let current = value;
  for (const key of path.split('.')) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** A price as the store writes it → minor units (cents). Exact: no floating point on strings. */
export function toMinorUnits(value: unknown, price: RestMapping['price']): number {
  const { format, decimals } = price;
  if (format === 'minor-units') {
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
    throw new MappingError(`price ${JSON.stringify(value)} is not a whole number of minor units`);
  }
  if (format === 'decimal-number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new MappingError(`price ${JSON.stringify(value)} is not a number`);
    const scaled = value * 10 ** decimals;
    const rounded = Math.round(scaled);
    if (Math.abs(scaled - rounded) > 1e-6) throw new MappingError(`price ${value} has more than ${decimals} decimals`);
    if (rounded < 0 || !Number.isSafeInteger(rounded)) throw new MappingError(`price ${value} is out of range`);
    return rounded;
  }
  const written = typeof value === 'string' ? value.trim() : '';
  const match = /^(\d{1,12})(?:\.(\d+))?$/.exec(written);
  if (!match) throw new MappingError(`price ${JSON.stringify(value)} is not a decimal string like "12.99"`);
  const fraction = match[2] ?? '';
  if (fraction.replace(/0+$/, '').length > decimals) throw new MappingError(`price ${written} has more than ${decimals} decimals`);
  return Number(match[1]) * 10 ** decimals + Number((fraction + '0'.repeat(decimals)).slice(0, decimals) || '0');
}

/** Minor units → the store's decimal string (for messages, seeds and tests). */
export function toDecimalString(minor: number, decimals = 2): string {
  if (decimals === 0) return String(minor);
  const text = String(minor).padStart(decimals + 1, '0');
  return `${text.slice(0, -decimals)}.${text.slice(-decimals)}`;
}

function count(value: unknown, what: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new MappingError(`${what} ${JSON.stringify(value)} is not a non-negative integer`);
}

function text(value: unknown, what: string, allowEmpty = false): string {
  if (typeof value === 'string' && (allowEmpty || value !== '')) return value;
  if (allowEmpty && (value === undefined || value === null)) return '';
  throw new MappingError(`${what} ${JSON.stringify(value)} is not a string`);
}

/** One product of the store, read through the mapping. */
export interface MappedItem {
  sku: string;
  name: string;
  description: string;
  priceAmount: number;
  stockOnHand: number;
  available: number;
}

export function mapItem(mapping: RestMapping, raw: unknown): MappedItem {
  const f = mapping.item;
  const stockOnHand = count(readPath(raw, f.stockOnHand), 'stock on hand');
  return {
    sku: text(readPath(raw, f.sku), 'sku'),
    name: text(readPath(raw, f.name), 'name'),
    description: text(readPath(raw, f.description), 'description', true),
    priceAmount: toMinorUnits(readPath(raw, f.price), mapping.price),
    stockOnHand,
    // never more than on hand, whatever the store says
    available: Math.min(stockOnHand, count(readPath(raw, f.available), 'available')),
  };
}

export interface MappedPage {
  items: MappedItem[];
  hasNextPage: boolean;
  totalCount: number;
}

export function mapPage(mapping: RestMapping, body: unknown): MappedPage {
  const list = readPath(body, mapping.catalog.items);
  if (!Array.isArray(list)) throw new MappingError(`the catalog answer has no list at "${mapping.catalog.items}"`);
  const next = readPath(body, mapping.catalog.nextCursor);
  return { items: list.map((raw) => mapItem(mapping, raw)), hasNextPage: next !== null && next !== undefined && next !== '', totalCount: count(readPath(body, mapping.catalog.total), 'total') };
}

/** A hold of the store, read through the mapping. */
export interface MappedReservation {
  ticketId: string | undefined;
  sku: string | undefined;
  quantity: number;
  status: ReservationStatus;
  leaseUntil: Date;
  unitPriceAmount: number;
}

export function mapReservation(mapping: RestMapping, body: unknown): MappedReservation {
  const f = mapping.reservation;
  const hold = readPath(body, f.envelope);
  if (!isRecord(hold)) throw new MappingError(`the answer has no hold at "${f.envelope}"`);
  const state = readPath(hold, f.status);
  const status = typeof state === 'string' ? mapping.statuses[state] : undefined;
  if (!status) throw new MappingError(`hold state ${JSON.stringify(state)} is not in the mapping's statuses`);
  const leaseUntil = new Date(text(readPath(hold, f.leaseUntil), 'leaseUntil'));
  if (Number.isNaN(leaseUntil.getTime())) throw new MappingError('the hold has no valid expiry instant');
  const ticketId = readPath(hold, f.ticketId);
  const sku = readPath(hold, f.sku);
  return {
    ticketId: typeof ticketId === 'string' ? ticketId : undefined,
    sku: typeof sku === 'string' ? sku : undefined,
    quantity: count(readPath(hold, f.quantity), 'quantity'),
    status,
    leaseUntil,
    unitPriceAmount: toMinorUnits(readPath(hold, f.unitPrice), mapping.price),
  };
}

/** What a non-2xx answer means: a mapped code (with `available` for OUT_OF_STOCK), or nothing known. */
export function mapError(mapping: RestMapping, body: unknown): { code: MappedErrorCode; storeCode: string; available?: number; message?: string } | undefined {
  const storeCode = readPath(body, mapping.errors.code);
  if (typeof storeCode !== 'string' || !Object.hasOwn(mapping.errors.codes, storeCode)) return undefined;
  const code = mapping.errors.codes[storeCode];
  const available = readPath(body, mapping.errors.available);
  const message = readPath(body, 'message');
  return {
    code,
    storeCode,
    ...(code === 'OUT_OF_STOCK' && typeof available === 'number' && Number.isSafeInteger(available) ? { available: Math.max(0, available) } : {}),
    ...(typeof message === 'string' ? { message } : {}),
  };
}
