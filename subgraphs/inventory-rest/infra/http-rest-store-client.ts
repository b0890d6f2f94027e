import { storeUnavailable } from '../../../lib/inventory-client.js';
import type { RestRequest } from '../domain/mapping.js';
import type { RestResponse, RestStorePort } from '../domain/rest-inventory-service.js';

export interface HttpRestStoreClientOptions {
  /** The store this client reaches (named in every error). */
  storeId: string;
  baseUrl: string;
  apiKey: string;
  apiKeyHeader: string;
  /** Per call; a slower answer counts as the store being unavailable. */
  timeoutMs: number;
}

/**
 * JSON over HTTP to a REST store. Unreachable, slow (timeout), failing (5xx), refusing
 * the API key (401/403) or answering non-JSON: DomainError STORE_UNAVAILABLE with the
 * store id and the reason. Any other answer is handed back for the mapping to read.
 */
export class HttpRestStoreClient implements RestStorePort {
  private readonly base: string;

  constructor(private readonly options: HttpRestStoreClientOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
  }

  async send(request: RestRequest): Promise<RestResponse> {
    const { storeId, timeoutMs } = this.options;
    const hasBody = request.body !== undefined;
    let status: number;
    let text: string;
    try {
      const response = await fetch(`${this.base}${request.path}`, {
        method: request.method,
        headers: {
          accept: 'application/json',
          [this.options.apiKeyHeader]: this.options.apiKey,
          ...(hasBody ? { 'content-type': 'application/json' } : {}),
        },
        body: hasBody ? JSON.stringify(request.body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      const err = error as Error & { cause?: { code?: string } };
      const reason = err.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (err.cause?.code ?? err.message);
      throw storeUnavailable(storeId, `Store ${storeId} (REST, ${request.endpoint}) is unreachable: ${reason}.`, { endpoint: request.endpoint });
    }
    if (status >= 500) throw storeUnavailable(storeId, `Store ${storeId} (REST, ${request.endpoint}) failed with HTTP ${status}.`, { endpoint: request.endpoint, status });
    if (status === 401 || status === 403) {
      throw storeUnavailable(storeId, `Store ${storeId} (REST) refused the wrapper's API key (HTTP ${status}); check the mapping's apiKey.`, { endpoint: request.endpoint, status });
    }
    let body: unknown = null;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        throw storeUnavailable(storeId, `Store ${storeId} (REST, ${request.endpoint}) answered HTTP ${status} with a body that is not JSON.`, { endpoint: request.endpoint, status });
      }
    }
    return { status, body };
  }
}
