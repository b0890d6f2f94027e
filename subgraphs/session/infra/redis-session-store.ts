import type { RedisClientType } from 'redis';
import type { SessionKind, StoredSession } from '../domain/model.js';
import type { SessionStore } from '../domain/ports.js';

/*
 * Layout under the prefix:
 *   s:<sessionId>   hash  the session (dates as epoch ms; tokenHash = SHA-256 of the token)
 *   t:<tokenHash>   string → sessionId
 * Both carry the same PX retention (expiry + tombstone window). Writes that depend on the
 * current token run as Lua scripts, so check-and-write is one atomic step.
 */

// KEYS[1] = t:<hash>; ARGV[1] = session key prefix. The session hash, or nil.
const FIND_BY_TOKEN = `
local id = redis.call('GET', KEYS[1])
if not id then return nil end
return redis.call('HGETALL', ARGV[1] .. id)`;

// KEYS[1] = s:<id>, KEYS[2] = t:<hash>; ARGV = tokenHash, now, lastSeenAt, expiresAt, retainMs
const TOUCH = `
if redis.call('HGET', KEYS[1], 'tokenHash') ~= ARGV[1] then return 0 end
local expiresAt = tonumber(redis.call('HGET', KEYS[1], 'expiresAt'))
if expiresAt <= tonumber(ARGV[2]) then return 0 end
if tonumber(ARGV[4]) > expiresAt then
  redis.call('HSET', KEYS[1], 'lastSeenAt', ARGV[3], 'expiresAt', ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
end
return 1`;

// KEYS[1] = s:<id>, KEYS[2] = t:<old hash>, KEYS[3] = t:<new hash>; ARGV = expected hash, retainMs, id, field/value pairs...
const ROTATE = `
if redis.call('HGET', KEYS[1], 'tokenHash') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('HSET', KEYS[1], unpack(ARGV, 4))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('SET', KEYS[3], ARGV[3], 'PX', ARGV[2])
return 1`;

// KEYS[1] = s:<id>; ARGV[1] = token key prefix
const REVOKE = `
local tokenHash = redis.call('HGET', KEYS[1], 'tokenHash')
if not tokenHash then return 0 end
redis.call('DEL', KEYS[1], ARGV[1] .. tokenHash)
return 1`;

function toFields(session: StoredSession): Record<string, string> {
  return {
    id: session.id,
    kind: session.kind,
    accountId: session.accountId ?? '',
    clientIp: session.clientIp ?? '',
    tokenHash: session.tokenHash,
    createdAt: String(session.createdAt.getTime()),
    lastSeenAt: String(session.lastSeenAt.getTime()),
    expiresAt: String(session.expiresAt.getTime()),
    absoluteExpiresAt: String(session.absoluteExpiresAt.getTime()),
  };
}

function fromFields(fields: Record<string, string>): StoredSession | null {
  if (!fields.id || !fields.tokenHash) return null;
  const session: StoredSession = {
    id: fields.id,
    kind: fields.kind as SessionKind,
    tokenHash: fields.tokenHash,
    createdAt: new Date(Number(fields.createdAt)),
    lastSeenAt: new Date(Number(fields.lastSeenAt)),
    expiresAt: new Date(Number(fields.expiresAt)),
    absoluteExpiresAt: new Date(Number(fields.absoluteExpiresAt)),
  };
  if (fields.accountId) session.accountId = fields.accountId;
  if (fields.clientIp) session.clientIp = fields.clientIp;
  return session;
}

function pairsToFields(reply: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!Array.isArray(reply)) return fields;
  for (let i = 0; i + 1 < reply.length; i += 2) fields[String(reply[i])] = String(reply[i + 1]);
  return fields;
}

const ms = (value: number) => String(Math.max(1, Math.ceil(value)));

export class RedisSessionStore implements SessionStore {
  constructor(
    private readonly redis: RedisClientType,
    private readonly prefix = 'cartstart:session:',
  ) {}

  private sessionKey(id: string): string {
    return `${this.prefix}s:${id}`;
  }

  private tokenKey(tokenHash: string): string {
    return `${this.prefix}t:${tokenHash}`;
  }

  async create(session: StoredSession, retainMs: number): Promise<void> {
    const key = this.sessionKey(session.id);
    await this.redis
      .multi()
      .hSet(key, toFields(session))
      .pExpire(key, Number(ms(retainMs)))
      .set(this.tokenKey(session.tokenHash), session.id, { expiration: { type: 'PX', value: Number(ms(retainMs)) } })
      .exec();
  }

  async findByTokenHash(tokenHash: string): Promise<StoredSession | null> {
    const reply = await this.redis.eval(FIND_BY_TOKEN, { keys: [this.tokenKey(tokenHash)], arguments: [`${this.prefix}s:`] });
    const session = fromFields(pairsToFields(reply));
    // A pointer left behind by a rotation that raced a crash must not resolve.
    return session && session.tokenHash === tokenHash ? session : null;
  }

  async findById(id: string): Promise<StoredSession | null> {
    return fromFields(await this.redis.hGetAll(this.sessionKey(id)));
  }

  async touch(id: string, tokenHash: string, update: { lastSeenAt: Date; expiresAt: Date; now: Date }, retainMs: number): Promise<boolean> {
    const reply = await this.redis.eval(TOUCH, {
      keys: [this.sessionKey(id), this.tokenKey(tokenHash)],
      arguments: [tokenHash, String(update.now.getTime()), String(update.lastSeenAt.getTime()), String(update.expiresAt.getTime()), ms(retainMs)],
    });
    return reply === 1;
  }

  async rotate(expectedTokenHash: string, next: StoredSession, retainMs: number): Promise<boolean> {
    const reply = await this.redis.eval(ROTATE, {
      keys: [this.sessionKey(next.id), this.tokenKey(expectedTokenHash), this.tokenKey(next.tokenHash)],
      arguments: [expectedTokenHash, ms(retainMs), next.id, ...Object.entries(toFields(next)).flat()],
    });
    return reply === 1;
  }

  async revoke(id: string): Promise<boolean> {
    const reply = await this.redis.eval(REVOKE, { keys: [this.sessionKey(id)], arguments: [`${this.prefix}t:`] });
    return reply === 1;
  }
}
