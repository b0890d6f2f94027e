import { systemClock, type Clock } from '../../../lib/clock.js';
import type { NewStoredSession, SessionHandleRecord, StoredSession } from '../domain/model.js';
import type { SessionStore } from '../domain/ports.js';

interface Entry {
  session: StoredSession;
  /** The session and all its handles are forgotten at this time (epoch ms, by the store's clock). */
  retainUntil: number;
  /** The session's handles by token hash; `seq` orders handles created in the same millisecond. */
  handles: Map<string, { handle: SessionHandleRecord; seq: number }>;
  handleSeq: number;
}

function copySession(session: StoredSession): StoredSession {
  return { ...session, offerCodes: [...session.offerCodes] };
}

/**
 * Sessions in process memory: a stand-in for Redis when one process serves everything,
 * and the store of the unit tests. It keeps the SessionStore contract exactly as
 * RedisSessionStore does: records (the session with every handle) are retained by the
 * injected clock, every token-dependent write is conditional on the token, and a
 * session's handles live and die with it.
 */
export class InMemorySessionStore implements SessionStore {
  private readonly byId = new Map<string, Entry>();
  private readonly idByTokenHash = new Map<string, string>();
  /** accountId → ids of its sessions (an index: pruned when read). */
  private readonly idsByAccount = new Map<string, Set<string>>();
  private writesSinceSweep = 0;

  constructor(private readonly clock: Clock = systemClock) {}

  async create(session: NewStoredSession, handle: SessionHandleRecord, retainMs: number): Promise<void> {
    this.drop(session.id);
    // as in Redis, a new session's token key replaces any record under the same hash
    this.dropHandle(handle.tokenHash);
    const entry: Entry = { session: copySession({ ...session, generation: 0 }), retainUntil: this.retainUntil(retainMs), handles: new Map(), handleSeq: 1 };
    entry.handles.set(handle.tokenHash, { handle: { ...handle, sessionId: session.id }, seq: 1 });
    this.byId.set(session.id, entry);
    this.idByTokenHash.set(handle.tokenHash, session.id);
    if (session.accountId) this.index(session.accountId, session.id);
    this.wrote();
  }

  async findByTokenHash(tokenHash: string): Promise<{ session: StoredSession; handle: SessionHandleRecord } | null> {
    const id = this.idByTokenHash.get(tokenHash);
    const entry = id === undefined ? undefined : this.entry(id);
    const found = entry?.handles.get(tokenHash);
    if (!entry || !found) return null;
    return { session: copySession(entry.session), handle: { ...found.handle } };
  }

  async findById(id: string): Promise<StoredSession | null> {
    const entry = this.entry(id);
    return entry ? copySession(entry.session) : null;
  }

  async handlesOf(sessionId: string): Promise<SessionHandleRecord[]> {
    const entry = this.entry(sessionId);
    if (!entry) return [];
    return [...entry.handles.values()]
      .sort((a, b) => a.handle.createdAt.getTime() - b.handle.createdAt.getTime() || a.seq - b.seq)
      .map(({ handle }) => ({ ...handle }));
  }

  async touch(id: string, tokenHash: string, update: { lastSeenAt: Date; expiresAt: Date; now: Date }, retainMs: number): Promise<boolean> {
    const entry = this.entry(id);
    if (!entry || !entry.handles.has(tokenHash)) return false;
    if (entry.session.expiresAt.getTime() <= update.now.getTime()) return false;
    if (update.expiresAt.getTime() > entry.session.expiresAt.getTime()) {
      entry.session = { ...entry.session, lastSeenAt: update.lastSeenAt, expiresAt: update.expiresAt };
      // the retention of the session and all its handles moves with it, never backwards
      entry.retainUntil = Math.max(entry.retainUntil, this.retainUntil(retainMs));
    }
    return true;
  }

  async rotate(expectedTokenHash: string, next: NewStoredSession, handle: SessionHandleRecord, retainMs: number): Promise<boolean> {
    const entry = this.entry(next.id);
    if (!entry || !entry.handles.has(expectedTokenHash)) return false;
    if (!entry.handles.has(handle.tokenHash)) this.dropHandle(handle.tokenHash);
    for (const tokenHash of entry.handles.keys()) this.idByTokenHash.delete(tokenHash);
    if (entry.session.accountId && entry.session.accountId !== next.accountId) this.unindex(entry.session.accountId, next.id);
    entry.session = copySession({ ...next, generation: entry.session.generation + 1 });
    entry.handles = new Map([[handle.tokenHash, { handle: { ...handle, sessionId: next.id }, seq: 1 }]]);
    entry.handleSeq = 1;
    entry.retainUntil = this.retainUntil(retainMs);
    this.idByTokenHash.set(handle.tokenHash, next.id);
    if (next.accountId) this.index(next.accountId, next.id);
    this.wrote();
    return true;
  }

  async addHandle(sessionId: string, handle: SessionHandleRecord, now: Date, expectedGeneration: number): Promise<boolean> {
    const entry = this.entry(sessionId);
    if (!entry || entry.session.expiresAt.getTime() <= now.getTime()) return false;
    if (entry.session.generation !== expectedGeneration) return false;
    if (this.idByTokenHash.has(handle.tokenHash)) return false;
    entry.handleSeq += 1;
    entry.handles.set(handle.tokenHash, { handle: { ...handle, sessionId }, seq: entry.handleSeq });
    this.idByTokenHash.set(handle.tokenHash, sessionId);
    this.wrote();
    return true;
  }

  async revokeHandle(tokenHash: string): Promise<boolean> {
    return this.dropHandle(tokenHash);
  }

  async revoke(id: string): Promise<boolean> {
    const existed = this.entry(id) !== undefined;
    this.drop(id);
    return existed;
  }

  async sessionsOfAccount(accountId: string): Promise<StoredSession[]> {
    const ids = this.idsByAccount.get(accountId);
    if (!ids) return [];
    const sessions: StoredSession[] = [];
    for (const id of [...ids]) {
      const entry = this.entry(id);
      if (entry && entry.session.accountId === accountId) sessions.push(copySession(entry.session));
      else ids.delete(id);
    }
    if (ids.size === 0) this.idsByAccount.delete(accountId);
    return sessions.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  }

  async addOfferCode(sessionId: string, code: string, limit: number): Promise<'added' | 'present' | 'limit' | 'missing'> {
    const entry = this.entry(sessionId);
    if (!entry) return 'missing';
    const codes = entry.session.offerCodes;
    if (codes.includes(code)) return 'present';
    if (codes.length >= limit) return 'limit';
    entry.session = { ...entry.session, offerCodes: [...codes, code] };
    return 'added';
  }

  async removeOfferCode(sessionId: string, code: string): Promise<boolean> {
    const entry = this.entry(sessionId);
    if (!entry || !entry.session.offerCodes.includes(code)) return false;
    entry.session = { ...entry.session, offerCodes: entry.session.offerCodes.filter((c) => c !== code) };
    return true;
  }

  async setPriceClass(sessionId: string, accountId: string, priceClass: string | null): Promise<boolean> {
    const entry = this.entry(sessionId);
    if (!entry || entry.session.accountId !== accountId) return false;
    const { priceClass: _old, ...rest } = entry.session;
    entry.session = priceClass ? { ...rest, priceClass } : rest;
    return true;
  }

  /** The session's record while it is retained; a forgotten one is dropped on the way. */
  private entry(id: string): Entry | undefined {
    const entry = this.byId.get(id);
    if (!entry) return undefined;
    if (entry.retainUntil <= this.clock.now().getTime()) {
      this.drop(id);
      return undefined;
    }
    return entry;
  }

  private drop(id: string): void {
    const entry = this.byId.get(id);
    if (!entry) return;
    this.byId.delete(id);
    for (const tokenHash of entry.handles.keys()) if (this.idByTokenHash.get(tokenHash) === id) this.idByTokenHash.delete(tokenHash);
    if (entry.session.accountId) this.unindex(entry.session.accountId, id);
  }

  private dropHandle(tokenHash: string): boolean {
    const id = this.idByTokenHash.get(tokenHash);
    if (id === undefined) return false;
    this.idByTokenHash.delete(tokenHash);
    const entry = this.entry(id);
    return entry ? entry.handles.delete(tokenHash) : false;
  }

  private index(accountId: string, id: string): void {
    let ids = this.idsByAccount.get(accountId);
    if (!ids) this.idsByAccount.set(accountId, (ids = new Set()));
    ids.add(id);
  }

  private unindex(accountId: string, id: string): void {
    const ids = this.idsByAccount.get(accountId);
    if (!ids) return;
    ids.delete(id);
    if (ids.size === 0) this.idsByAccount.delete(accountId);
  }

  private retainUntil(retainMs: number): number {
    return this.clock.now().getTime() + Math.max(1, Math.ceil(retainMs));
  }

  /** Forgotten records are dropped lazily on read; an occasional sweep bounds memory too. */
  private wrote(): void {
    if (++this.writesSinceSweep < 1_000) return;
    this.writesSinceSweep = 0;
    for (const id of [...this.byId.keys()]) this.entry(id);
  }
}
