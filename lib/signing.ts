import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 of `payload` under `secret`, base64url. */
export function hmac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

/** Constant-time string comparison. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const SIGNATURE_HEADER = 'x-cartstart-signature';
export const TIMESTAMP_HEADER = 'x-cartstart-timestamp';
/** How old a signed server-to-server request may be (clock skew plus transit). */
export const SIGNED_REQUEST_TOLERANCE_MS = 60_000;

/** Headers that sign a server-to-server request body with a shared secret. */
export function signRequestHeaders(secret: string, body: string, now = Date.now()): Record<string, string> {
  const timestamp = String(now);
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: hmac(secret, `${timestamp}.${body}`) };
}

/** True when the headers carry a fresh signature of `body` under one of `secrets`. */
export function verifyRequestSignature(
  secrets: readonly string[],
  headers: { get(name: string): string | undefined | null },
  body: string,
  now = Date.now(),
): boolean {
  const timestamp = headers.get(TIMESTAMP_HEADER);
  const signature = headers.get(SIGNATURE_HEADER);
  if (!timestamp || !signature || !/^\d{1,16}$/.test(timestamp)) return false;
  if (Math.abs(now - Number(timestamp)) > SIGNED_REQUEST_TOLERANCE_MS) return false;
  return secrets.some((secret) => safeEqual(hmac(secret, `${timestamp}.${body}`), signature));
}
