import type { RedisClientType } from 'redis';
import type { RelayCodeRecord, RelayCodeStore } from '../domain/ports.js';

/*
 * One hash per code, c:<codeHash>: the record's fields plus the redemption state
 * (claimed, replayed, grantedTokenHash). The key's PX retention is set by save and never
 * moved: HSET on an existing key keeps its TTL. claim and markGranted are each one Lua
 * script, so of a first redemption and a racing replay one always sees the other.
 */

// KEYS: c. nil (no such code), else {first (1/0), fields...}.
const CLAIM = `
if redis.call('EXISTS', KEYS[1]) == 0 then return nil end
local first = 0
if redis.call('HGET', KEYS[1], 'claimed') == '1' then
  redis.call('HSET', KEYS[1], 'replayed', '1')
else
  redis.call('HSET', KEYS[1], 'claimed', '1')
  first = 1
end
return { first, redis.call('HGETALL', KEYS[1]) }`;

// KEYS: c; ARGV: tokenHash. 1 when a replay was seen. A code no longer on record (its
// retention ran out mid-redemption) answers 1: nothing can prove it was not replayed.
const MARK_GRANTED = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 1 end
redis.call('HSET', KEYS[1], 'grantedTokenHash', ARGV[1])
if redis.call('HGET', KEYS[1], 'replayed') == '1' then return 1 end
return 0`;

function toRecord(fields: Record<string, string>): RelayCodeRecord {
  const record: RelayCodeRecord = {
    codeHash: fields.codeHash,
    sessionId: fields.sessionId,
    targetStoreId: fields.targetStoreId,
    issuedAt: new Date(Number(fields.issuedAt)),
    expiresAt: new Date(Number(fields.expiresAt)),
    sessionGeneration: Number(fields.sessionGeneration ?? 0),
  };
  if (fields.issuedIp) record.issuedIp = fields.issuedIp;
  return record;
}

function pairs(reply: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!Array.isArray(reply)) return fields;
  for (let i = 0; i + 1 < reply.length; i += 2) fields[String(reply[i])] = String(reply[i + 1]);
  return fields;
}

export class RedisRelayCodeStore implements RelayCodeStore {
  constructor(
    private readonly redis: RedisClientType,
    private readonly prefix = 'cartstart:relay:',
  ) {}

  private codeKey(codeHash: string): string {
    return `${this.prefix}c:${codeHash}`;
  }

  async save(record: RelayCodeRecord, retainMs: number): Promise<void> {
    const key = this.codeKey(record.codeHash);
    const fields: Record<string, string> = {
      codeHash: record.codeHash,
      sessionId: record.sessionId,
      targetStoreId: record.targetStoreId,
      issuedAt: String(record.issuedAt.getTime()),
      expiresAt: String(record.expiresAt.getTime()),
      sessionGeneration: String(record.sessionGeneration),
    };
    if (record.issuedIp) fields.issuedIp = record.issuedIp;
    // DEL first: a save never inherits another record's redemption state.
    await this.redis
      .multi()
      .del(key)
      .hSet(key, fields)
      .pExpire(key, Math.max(1, Math.ceil(retainMs)))
      .exec();
  }

  async claim(
    codeHash: string,
  ): Promise<{ first: true; record: RelayCodeRecord } | { first: false; record: RelayCodeRecord; grantedTokenHash?: string } | null> {
    const reply = await this.redis.eval(CLAIM, { keys: [this.codeKey(codeHash)] });
    if (!Array.isArray(reply)) return null;
    const fields = pairs(reply[1]);
    const record = toRecord(fields);
    if (reply[0] === 1) return { first: true, record };
    return fields.grantedTokenHash ? { first: false, record, grantedTokenHash: fields.grantedTokenHash } : { first: false, record };
  }

  async markGranted(codeHash: string, tokenHash: string): Promise<{ replayed: boolean }> {
    const reply = await this.redis.eval(MARK_GRANTED, { keys: [this.codeKey(codeHash)], arguments: [tokenHash] });
    return { replayed: reply === 1 };
  }
}
