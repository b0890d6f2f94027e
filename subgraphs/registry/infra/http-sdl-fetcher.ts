import type { StoreSdlFetcher } from '../domain/ports.js';

const MAX_SDL_BYTES = 1_000_000;

/**
 * Asks a store's subgraph for its SDL (`query { _service { sdl } }`), the federation
 * subgraph introspection every subgraph serves unauthenticated. Any failure (network,
 * timeout, non-2xx, no SDL in the answer, an answer too large) is a reason, never a throw.
 */
export class HttpSdlFetcher implements StoreSdlFetcher {
  constructor(private readonly timeoutMs = 5_000) {}

  async fetchSdl(url: string): Promise<{ ok: true; sdl: string } | { ok: false; reason: string }> {
    let text: string;
    let status: number;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query: 'query StoreContractCheck { _service { sdl } }' }),
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      const { name, message, cause } = error as Error & { cause?: { code?: string } };
      if (name === 'TimeoutError' || name === 'AbortError') return { ok: false, reason: `no answer within ${this.timeoutMs} ms` };
      return { ok: false, reason: cause?.code ? `${message} (${cause.code})` : message };
    }
    if (text.length > MAX_SDL_BYTES) return { ok: false, reason: `answer larger than ${MAX_SDL_BYTES} bytes` };
    if (status < 200 || status >= 300) return { ok: false, reason: `HTTP ${status}` };
    let body: { data?: { _service?: { sdl?: unknown } } };
    try {
      body = JSON.parse(text);
    } catch {
      return { ok: false, reason: 'the answer is not JSON' };
    }
    const sdl = body?.data?._service?.sdl;
    if (typeof sdl !== 'string' || !sdl.trim()) return { ok: false, reason: 'the answer has no _service.sdl (is this a federation subgraph?)' };
    return { ok: true, sdl };
  }
}
