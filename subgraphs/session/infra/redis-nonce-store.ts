import type { RedisClientType } from 'redis';
import type { NonceStore } from '../domain/ports.js';

/** Nonces as SET NX PX keys: the first writer within the TTL wins, atomically. */
export class RedisNonceStore implements NonceStore {
  constructor(
    private readonly redis: RedisClientType,
    private readonly prefix = 'cartstart:nonce:',
  ) {}

  async remember(scope: string, nonce: string, ttlMs: number): Promise<boolean> {
    // Both parts URI-encoded (':' becomes %3A), so no (scope, nonce) pair can spell another's key.
    const key = `${this.prefix}n:${encodeURIComponent(scope)}:${encodeURIComponent(nonce)}`;
    const reply = await this.redis.set(key, '1', { condition: 'NX', expiration: { type: 'PX', value: Math.max(1, Math.ceil(ttlMs)) } });
    return reply === 'OK';
  }
}
