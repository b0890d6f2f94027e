import type { RedisClientType } from 'redis';
import type { NewStoredSession, SessionHandleRecord, SessionKind, StoredSession } from '../domain/model.js';
import type { SessionStore } from '../domain/ports.js';

/*
 * Layout under the prefix:
 *   s:<sessionId>   hash  the session (dates as epoch ms, offerCodes as a JSON array,
 *                         priceClass when set, handleSeq: counter that orders handles
 *                         created in the same ms, generation: the login generation,
 *                         written by the scripts only; absent on records from before it
 *                         existed, which reads as 0)
 *   t:<tokenHash>   hash  a handle (id, tokenHash, sessionId, storeId?, createdAt, seq)
 *   h:<sessionId>   set   the token hashes of the session's handles
 *   a:<accountId>   set   ids of the account's sessions (an index: pruned when read)
 * Every key of a session carries the session's retention (PX: expiry + tombstone window);
 * the account index lives at least as long as the longest of its sessions. Anything that
 * checks before it writes is one Lua script, so check-and-write is one atomic step.
 * Scripts build some keys from the prefix (single-node Redis, as the login limiter).
 */

// Helpers shared by the scripts. extend() never shortens a key's retention (PTTL -1/-2
// for no TTL/missing compare below any retention, so a fresh key always gets one).
const LUA_HELPERS = `
local function hsetAll(key, fields)
  local args = {}
  for k, v in pairs(fields) do args[#args + 1] = k; args[#args + 1] = v end
  redis.call('HSET', key, unpack(args))
end
local function extend(key, ms)
  if redis.call('PTTL', key) < ms then redis.call('PEXPIRE', key, ms) end
end
`;

// KEYS: s, t, h[, a]; ARGV: retainMs, session JSON, handle JSON, tokenHash, sessionId
const CREATE = `${LUA_HELPERS}
local retain = tonumber(ARGV[1])
redis.call('DEL', KEYS[1], KEYS[2])
hsetAll(KEYS[1], cjson.decode(ARGV[2]))
redis.call('HSET', KEYS[1], 'handleSeq', 1, 'generation', 0)
redis.call('PEXPIRE', KEYS[1], retain)
hsetAll(KEYS[2], cjson.decode(ARGV[3]))
redis.call('HSET', KEYS[2], 'seq', 1)
redis.call('PEXPIRE', KEYS[2], retain)
redis.call('SADD', KEYS[3], ARGV[4])
extend(KEYS[3], retain)
if KEYS[4] then
  redis.call('SADD', KEYS[4], ARGV[5])
  extend(KEYS[4], retain)
end
return 1`;

// KEYS: t; ARGV: prefix, tokenHash. {handle, session} or nil. The h: membership check
// keeps a handle key that outlived its set (it cannot, but cheaply) from resolving.
const FIND_BY_TOKEN = `
local sid = redis.call('HGET', KEYS[1], 'sessionId')
if not sid then return nil end
if redis.call('SISMEMBER', ARGV[1] .. 'h:' .. sid, ARGV[2]) == 0 then return nil end
local session = redis.call('HGETALL', ARGV[1] .. 's:' .. sid)
if #session == 0 then return nil end
return { redis.call('HGETALL', KEYS[1]), session }`;

// KEYS: h; ARGV: prefix. Every live handle's hash (unordered).
const HANDLES_OF = `
local out = {}
for _, th in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local handle = redis.call('HGETALL', ARGV[1] .. 't:' .. th)
  if #handle > 0 then out[#out + 1] = handle end
end
return out`;

// KEYS: s, h, t; ARGV: prefix, tokenHash, sessionId, now, lastSeenAt, expiresAt, retainMs
const TOUCH = `${LUA_HELPERS}
if redis.call('SISMEMBER', KEYS[2], ARGV[2]) == 0 then return 0 end
if redis.call('HGET', KEYS[3], 'sessionId') ~= ARGV[3] then return 0 end
local expiresAt = tonumber(redis.call('HGET', KEYS[1], 'expiresAt'))
if not expiresAt or expiresAt <= tonumber(ARGV[4]) then return 0 end
if tonumber(ARGV[6]) > expiresAt then
  redis.call('HSET', KEYS[1], 'lastSeenAt', ARGV[5], 'expiresAt', ARGV[6])
  local retain = math.max(redis.call('PTTL', KEYS[1]), tonumber(ARGV[7]))
  redis.call('PEXPIRE', KEYS[1], retain)
  redis.call('PEXPIRE', KEYS[2], retain)
  for _, th in ipairs(redis.call('SMEMBERS', KEYS[2])) do
    redis.call('PEXPIRE', ARGV[1] .. 't:' .. th, retain)
  end
  local accountId = redis.call('HGET', KEYS[1], 'accountId')
  if accountId then extend(ARGV[1] .. 'a:' .. accountId, retain) end
end
return 1`;

// KEYS: s, h, t(new); ARGV: prefix, expectedTokenHash, sessionId, retainMs, session JSON,
// handle JSON, new tokenHash, new accountId ('' for none)
const ROTATE = `${LUA_HELPERS}
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('SISMEMBER', KEYS[2], ARGV[2]) == 0 then return 0 end
if redis.call('HGET', ARGV[1] .. 't:' .. ARGV[2], 'sessionId') ~= ARGV[3] then return 0 end
local retain = tonumber(ARGV[4])
local oldAccountId = redis.call('HGET', KEYS[1], 'accountId')
local generation = (tonumber(redis.call('HGET', KEYS[1], 'generation')) or 0) + 1
for _, th in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  redis.call('DEL', ARGV[1] .. 't:' .. th)
end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
hsetAll(KEYS[1], cjson.decode(ARGV[5]))
redis.call('HSET', KEYS[1], 'handleSeq', 1, 'generation', generation)
redis.call('PEXPIRE', KEYS[1], retain)
hsetAll(KEYS[3], cjson.decode(ARGV[6]))
redis.call('HSET', KEYS[3], 'seq', 1)
redis.call('PEXPIRE', KEYS[3], retain)
redis.call('SADD', KEYS[2], ARGV[7])
redis.call('PEXPIRE', KEYS[2], retain)
if oldAccountId and oldAccountId ~= ARGV[8] then
  redis.call('SREM', ARGV[1] .. 'a:' .. oldAccountId, ARGV[3])
end
if ARGV[8] ~= '' then
  local index = ARGV[1] .. 'a:' .. ARGV[8]
  redis.call('SADD', index, ARGV[3])
  extend(index, retain)
end
return 1`;

// KEYS: s, h, t; ARGV: now, handle JSON, tokenHash, expected generation. An existing t:
// key is never taken over (it would move another session's token); a login (rotate)
// since the caller's read moved the generation on, and the handle is refused.
const ADD_HANDLE = `${LUA_HELPERS}
local expiresAt = tonumber(redis.call('HGET', KEYS[1], 'expiresAt'))
if not expiresAt or expiresAt <= tonumber(ARGV[1]) then return 0 end
if (tonumber(redis.call('HGET', KEYS[1], 'generation')) or 0) ~= tonumber(ARGV[4]) then return 0 end
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
local retain = redis.call('PTTL', KEYS[1])
local seq = redis.call('HINCRBY', KEYS[1], 'handleSeq', 1)
hsetAll(KEYS[3], cjson.decode(ARGV[2]))
redis.call('HSET', KEYS[3], 'seq', seq)
redis.call('SADD', KEYS[2], ARGV[3])
if retain > 0 then
  redis.call('PEXPIRE', KEYS[3], retain)
  extend(KEYS[2], retain)
end
return 1`;

// KEYS: t; ARGV: prefix, tokenHash
const REVOKE_HANDLE = `
local sid = redis.call('HGET', KEYS[1], 'sessionId')
if not sid then return 0 end
redis.call('DEL', KEYS[1])
redis.call('SREM', ARGV[1] .. 'h:' .. sid, ARGV[2])
return 1`;

// KEYS: s, h; ARGV: prefix, sessionId
const REVOKE = `
local existed = redis.call('EXISTS', KEYS[1])
local accountId = redis.call('HGET', KEYS[1], 'accountId')
for _, th in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  redis.call('DEL', ARGV[1] .. 't:' .. th)
end
redis.call('DEL', KEYS[1], KEYS[2])
if accountId then redis.call('SREM', ARGV[1] .. 'a:' .. accountId, ARGV[2]) end
return existed`;

// KEYS: a; ARGV: prefix, accountId. Prunes ids whose session is gone or now belongs to
// another account, in the same step, so a concurrent rotate's SADD is never lost.
const SESSIONS_OF_ACCOUNT = `
local out = {}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local key = ARGV[1] .. 's:' .. id
  if redis.call('HGET', key, 'accountId') == ARGV[2] then
    out[#out + 1] = redis.call('HGETALL', key)
  else
    redis.call('SREM', KEYS[1], id)
  end
end
return out`;

// KEYS: s; ARGV: code, limit. A code already attached is 'present' even at the limit.
const ADD_OFFER_CODE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 'missing' end
local codes = cjson.decode(redis.call('HGET', KEYS[1], 'offerCodes') or '[]')
for _, code in ipairs(codes) do
  if code == ARGV[1] then return 'present' end
end
if #codes >= tonumber(ARGV[2]) then return 'limit' end
codes[#codes + 1] = ARGV[1]
redis.call('HSET', KEYS[1], 'offerCodes', cjson.encode(codes))
return 'added'`;

// KEYS: s; ARGV: code. cjson encodes an empty table as {}, so the empty list is written by hand.
const REMOVE_OFFER_CODE = `
local raw = redis.call('HGET', KEYS[1], 'offerCodes')
if not raw then return 0 end
local kept, found = {}, false
for _, code in ipairs(cjson.decode(raw)) do
  if code == ARGV[1] then found = true else kept[#kept + 1] = code end
end
if not found then return 0 end
redis.call('HSET', KEYS[1], 'offerCodes', #kept == 0 and '[]' or cjson.encode(kept))
return 1`;

// KEYS: s; ARGV: accountId, priceClass ('' clears). Only while the session exists and
// still belongs to the account: a session that logged in as someone else is left alone.
const SET_PRICE_CLASS = `
if redis.call('HGET', KEYS[1], 'accountId') ~= ARGV[1] then return 0 end
if ARGV[2] == '' then
  redis.call('HDEL', KEYS[1], 'priceClass')
else
  redis.call('HSET', KEYS[1], 'priceClass', ARGV[2])
end
return 1`;

/** The fields a caller writes; the login generation is the scripts' own. */
function sessionFields(session: NewStoredSession): Record<string, string> {
  const fields: Record<string, string> = {
    id: session.id,
    kind: session.kind,
    createdAt: String(session.createdAt.getTime()),
    lastSeenAt: String(session.lastSeenAt.getTime()),
    expiresAt: String(session.expiresAt.getTime()),
    absoluteExpiresAt: String(session.absoluteExpiresAt.getTime()),
    offerCodes: JSON.stringify(session.offerCodes),
  };
  // Absent optionals are left out (not ''), so a later HGET answers nil for them.
  if (session.accountId) fields.accountId = session.accountId;
  if (session.clientIp) fields.clientIp = session.clientIp;
  if (session.priceClass) fields.priceClass = session.priceClass;
  return fields;
}

function handleFields(handle: SessionHandleRecord): Record<string, string> {
  const fields: Record<string, string> = {
    id: handle.id,
    tokenHash: handle.tokenHash,
    sessionId: handle.sessionId,
    createdAt: String(handle.createdAt.getTime()),
  };
  if (handle.storeId) fields.storeId = handle.storeId;
  return fields;
}

function toSession(fields: Record<string, string>): StoredSession | null {
  if (!fields.id || !fields.kind || !fields.expiresAt) return null;
  const codes: unknown = JSON.parse(fields.offerCodes || '[]');
  const session: StoredSession = {
    id: fields.id,
    kind: fields.kind as SessionKind,
    createdAt: new Date(Number(fields.createdAt)),
    lastSeenAt: new Date(Number(fields.lastSeenAt)),
    expiresAt: new Date(Number(fields.expiresAt)),
    absoluteExpiresAt: new Date(Number(fields.absoluteExpiresAt)),
    offerCodes: Array.isArray(codes) ? codes.map(String) : [],
    generation: fields.generation ? Number(fields.generation) : 0,
  };
  if (fields.accountId) session.accountId = fields.accountId;
  if (fields.clientIp) session.clientIp = fields.clientIp;
  if (fields.priceClass) session.priceClass = fields.priceClass;
  return session;
}

function toHandle(fields: Record<string, string>): SessionHandleRecord | null {
  if (!fields.id || !fields.tokenHash || !fields.sessionId) return null;
  const handle: SessionHandleRecord = {
    id: fields.id,
    tokenHash: fields.tokenHash,
    sessionId: fields.sessionId,
    createdAt: new Date(Number(fields.createdAt)),
  };
  if (fields.storeId) handle.storeId = fields.storeId;
  return handle;
}

/** A flat HGETALL reply from a script ([field, value, ...]) as an object. */
function pairs(reply: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!Array.isArray(reply)) return fields;
  for (let i = 0; i + 1 < reply.length; i += 2) fields[String(reply[i])] = String(reply[i + 1]);
  return fields;
}

/** Redis wants a positive integer of ms. */
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

  private handlesKey(sessionId: string): string {
    return `${this.prefix}h:${sessionId}`;
  }

  private accountKey(accountId: string): string {
    return `${this.prefix}a:${accountId}`;
  }

  async create(session: NewStoredSession, handle: SessionHandleRecord, retainMs: number): Promise<void> {
    const keys = [this.sessionKey(session.id), this.tokenKey(handle.tokenHash), this.handlesKey(session.id)];
    if (session.accountId) keys.push(this.accountKey(session.accountId));
    await this.redis.eval(CREATE, {
      keys,
      arguments: [ms(retainMs), JSON.stringify(sessionFields(session)), JSON.stringify(handleFields({ ...handle, sessionId: session.id })), handle.tokenHash, session.id],
    });
  }

  async findByTokenHash(tokenHash: string): Promise<{ session: StoredSession; handle: SessionHandleRecord } | null> {
    const reply = await this.redis.eval(FIND_BY_TOKEN, { keys: [this.tokenKey(tokenHash)], arguments: [this.prefix, tokenHash] });
    if (!Array.isArray(reply)) return null;
    const handle = toHandle(pairs(reply[0]));
    const session = toSession(pairs(reply[1]));
    return handle && session ? { session, handle } : null;
  }

  async findById(id: string): Promise<StoredSession | null> {
    return toSession(await this.redis.hGetAll(this.sessionKey(id)));
  }

  async handlesOf(sessionId: string): Promise<SessionHandleRecord[]> {
    const reply = await this.redis.eval(HANDLES_OF, { keys: [this.handlesKey(sessionId)], arguments: [this.prefix] });
    if (!Array.isArray(reply)) return [];
    const rows = reply.map(pairs);
    // createdAt first; seq breaks ties between handles made in the same millisecond.
    rows.sort((a, b) => Number(a.createdAt) - Number(b.createdAt) || Number(a.seq) - Number(b.seq));
    return rows.map(toHandle).filter((handle): handle is SessionHandleRecord => handle !== null);
  }

  async touch(id: string, tokenHash: string, update: { lastSeenAt: Date; expiresAt: Date; now: Date }, retainMs: number): Promise<boolean> {
    const reply = await this.redis.eval(TOUCH, {
      keys: [this.sessionKey(id), this.handlesKey(id), this.tokenKey(tokenHash)],
      arguments: [
        this.prefix,
        tokenHash,
        id,
        String(update.now.getTime()),
        String(update.lastSeenAt.getTime()),
        String(update.expiresAt.getTime()),
        ms(retainMs),
      ],
    });
    return reply === 1;
  }

  async rotate(expectedTokenHash: string, next: NewStoredSession, handle: SessionHandleRecord, retainMs: number): Promise<boolean> {
    const reply = await this.redis.eval(ROTATE, {
      keys: [this.sessionKey(next.id), this.handlesKey(next.id), this.tokenKey(handle.tokenHash)],
      arguments: [
        this.prefix,
        expectedTokenHash,
        next.id,
        ms(retainMs),
        JSON.stringify(sessionFields(next)),
        JSON.stringify(handleFields({ ...handle, sessionId: next.id })),
        handle.tokenHash,
        next.accountId ?? '',
      ],
    });
    return reply === 1;
  }

  async addHandle(sessionId: string, handle: SessionHandleRecord, now: Date, expectedGeneration: number): Promise<boolean> {
    const reply = await this.redis.eval(ADD_HANDLE, {
      keys: [this.sessionKey(sessionId), this.handlesKey(sessionId), this.tokenKey(handle.tokenHash)],
      arguments: [String(now.getTime()), JSON.stringify(handleFields({ ...handle, sessionId })), handle.tokenHash, String(expectedGeneration)],
    });
    return reply === 1;
  }

  async revokeHandle(tokenHash: string): Promise<boolean> {
    const reply = await this.redis.eval(REVOKE_HANDLE, { keys: [this.tokenKey(tokenHash)], arguments: [this.prefix, tokenHash] });
    return reply === 1;
  }

  async revoke(id: string): Promise<boolean> {
    const reply = await this.redis.eval(REVOKE, { keys: [this.sessionKey(id), this.handlesKey(id)], arguments: [this.prefix, id] });
    return reply === 1;
  }

  async sessionsOfAccount(accountId: string): Promise<StoredSession[]> {
    const reply = await this.redis.eval(SESSIONS_OF_ACCOUNT, { keys: [this.accountKey(accountId)], arguments: [this.prefix, accountId] });
    if (!Array.isArray(reply)) return [];
    return reply
      .map((row) => toSession(pairs(row)))
      .filter((session): session is StoredSession => session !== null)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  }

  async addOfferCode(sessionId: string, code: string, limit: number): Promise<'added' | 'present' | 'limit' | 'missing'> {
    const reply = await this.redis.eval(ADD_OFFER_CODE, { keys: [this.sessionKey(sessionId)], arguments: [code, String(limit)] });
    if (reply === 'added' || reply === 'present' || reply === 'limit' || reply === 'missing') return reply;
    throw new Error(`unexpected addOfferCode reply: ${String(reply)}`);
  }

  async removeOfferCode(sessionId: string, code: string): Promise<boolean> {
    const reply = await this.redis.eval(REMOVE_OFFER_CODE, { keys: [this.sessionKey(sessionId)], arguments: [code] });
    return reply === 1;
  }

  async setPriceClass(sessionId: string, accountId: string, priceClass: string | null): Promise<boolean> {
    const reply = await this.redis.eval(SET_PRICE_CLASS, { keys: [this.sessionKey(sessionId)], arguments: [accountId, priceClass ?? ''] });
    return reply === 1;
  }
}
