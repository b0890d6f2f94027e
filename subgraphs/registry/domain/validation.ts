import { isValidStoreId } from '../../../lib/store-directory.js';
import type { RegisterStoreInput } from './model.js';

export const MIN_SECRET_LENGTH = 32;
export const MIN_API_KEY_LENGTH = 24;
const MAX_NAME_LENGTH = 120;
const MAX_CREDENTIAL_LENGTH = 512;
const MAX_URL_LENGTH = 2048;

export type Validated<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

/**
 * The first problem of a registration's input, or the normalized input (name and url
 * trimmed). Credentials are taken as given: a secret or key with surrounding spaces is
 * refused rather than silently changed.
 */
export function validateRegistration(input: RegisterStoreInput): Validated<RegisterStoreInput> {
  const fail = (field: string, message: string): Validated<RegisterStoreInput> => ({ ok: false, field, message });
  if (!isValidStoreId(input.id)) return fail('id', 'The store id must be 1 to 63 lower-case letters, digits or dashes, starting with a letter or digit.');
  const name = input.name.trim();
  if (!name) return fail('name', 'The store name must not be blank.');
  if (name.length > MAX_NAME_LENGTH || /\p{Cc}/u.test(name)) return fail('name', `The store name must be at most ${MAX_NAME_LENGTH} printable characters.`);
  const url = input.url.trim();
  const urlProblem = checkUrl(url);
  if (urlProblem) return fail('url', urlProblem);
  const secretProblem = checkCredential('secret', input.secret, MIN_SECRET_LENGTH);
  if (secretProblem) return fail('secret', secretProblem);
  const keyProblem = checkCredential('API key', input.apiKey, MIN_API_KEY_LENGTH);
  if (keyProblem) return fail('apiKey', keyProblem);
  if (input.apiKey === input.secret) return fail('apiKey', 'The API key must differ from the secret: the store sends its key to the gateway, the secret never leaves the exchange and the store.');
  const paymentEndpoint = normalizePaymentEndpoint(input.paymentEndpoint);
  if (!paymentEndpoint.ok) return fail('paymentEndpoint', paymentEndpoint.message);
  return { ok: true, value: { id: input.id, name, url, secret: input.secret, apiKey: input.apiKey, ...(paymentEndpoint.value ? { paymentEndpoint: paymentEndpoint.value } : {}) } };
}

/**
 * A store's payment endpoint (store-run payments): the base URL the exchange POSTs
 * `/authorize`, `/capture`, `/void` and `/refund` under. Blank or null: none (the exchange
 * charges). Trimmed, without a trailing slash, no query string.
 */
export function normalizePaymentEndpoint(raw: string | null | undefined): { ok: true; value: string | null } | { ok: false; message: string } {
  const trimmed = raw?.trim() ?? '';
  if (trimmed === '') return { ok: true, value: null };
  const problem = checkUrl(trimmed);
  if (problem) return { ok: false, message: problem.replace('The URL', 'The payment endpoint') };
  if (new URL(trimmed).search) return { ok: false, message: 'The payment endpoint must not have a query string.' };
  return { ok: true, value: trimmed.replace(/\/+$/, '') };
}

export function checkUrl(url: string): string | undefined {
  if (url.length > MAX_URL_LENGTH) return `The URL must be at most ${MAX_URL_LENGTH} characters.`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'The URL is not an absolute URL.';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'The URL must be http or https.';
  if (parsed.username || parsed.password) return 'The URL must not carry credentials.';
  if (parsed.hash) return 'The URL must not have a fragment.';
  return undefined;
}

export function checkCredential(what: string, value: string, minLength: number): string | undefined {
  if (value.length < minLength) return `The ${what} must be at least ${minLength} characters (use a random value).`;
  if (value.length > MAX_CREDENTIAL_LENGTH) return `The ${what} must be at most ${MAX_CREDENTIAL_LENGTH} characters.`;
  if (!/^[\x21-\x7e]+$/.test(value)) return `The ${what} must be printable ASCII without spaces.`;
  return undefined;
}
