import { systemClock, type Clock } from '../../../lib/clock.js';
import type { StoredSession } from '../domain/model.js';
import type { SessionStore } from '../domain/ports.js';

interface Entry {
  session: StoredSession;
  retainUntil: number;
}

/** Sessions in process memory: a stand-in for Redis when one process serves everything. */
export class InMemorySessionStore implements SessionStore {
  private readonly byId = new Map<string, Entry>();
  private readonly idByTokenHash = new Map<string, string>();
  private writesSinceSweep = 0;

  constructor(private readonly clock: Clock = systemClock) {}

  async create(session: StoredSession, retainMs: number): Promise<void> {
    this.put(session, retainMs);
  }

  async findByTokenHash(tokenHash: string): Promise<StoredSession | null> {
    const id = this.idByTokenHash.get(tokenHash);
    const session = id ? this.live(id) : null;
    return session && session.tokenHash === tokenHash ? session : null;
  }

  async findById(id: string): Promise<StoredSession | null> {
    return this.live(id);
  }

  async touch(id: string, tokenHash: string, update: { lastSeenAt: Date; expiresAt: Date; now: Date }, retainMs: number): Promise<boolean> {
    const entry = this.byId.get(id);
    if (!entry || !this.retained(entry) || entry.session.tokenHash !== tokenHash) return false;
    if (entry.session.expiresAt.getTime() <= update.now.getTime()) return false;
    if (update.expiresAt.getTime() > entry.session.expiresAt.getTime()) {
      entry.session = { ...entry.session, lastSeenAt: update.lastSeenAt, expiresAt: update.expiresAt };
      entry.retainUntil = this.clock.now().getTime() + retainMs;
    }
    return true;
  }

  async rotate(expectedTokenHash: string, next: StoredSession, retainMs: number): Promise<boolean> {
    const entry = this.byId.get(next.id);
    if (!entry || !this.retained(entry) || entry.session.tokenHash !== expectedTokenHash) return false;
    this.idByTokenHash.delete(expectedTokenHash);
    this.put(next, retainMs);
    return true;
  }

  async revoke(id: string): Promise<boolean> {
    const entry = this.byId.get(id);
    if (!entry) return false;
    this.byId.delete(id);
    this.idByTokenHash.delete(entry.session.tokenHash);
    return true;
  }

  private put(session: StoredSession, retainMs: number): void {
    this.byId.set(session.id, { session: { ...session }, retainUntil: this.clock.now().getTime() + retainMs });
    this.idByTokenHash.set(session.tokenHash, session.id);
    // Forgotten records are dropped lazily on read; an occasional sweep bounds memory too.
    if (++this.writesSinceSweep >= 1_000) this.sweep();
  }

  private live(id: string): StoredSession | null {
    const entry = this.byId.get(id);
    if (!entry) return null;
    if (!this.retained(entry)) {
      void this.revoke(id);
      return null;
    }
    return { ...entry.session };
  }

  private retained(entry: Entry): boolean {
    return entry.retainUntil > this.clock.now().getTime();
  }

  private sweep(): void {
    this.writesSinceSweep = 0;
    for (const [id, entry] of this.byId) if (!this.retained(entry)) void this.revoke(id);
  }
}
