import { systemClock, type Clock } from '../../../lib/clock.js';
import type { RelayCodeRecord, RelayCodeStore } from '../domain/ports.js';

interface Entry {
  record: RelayCodeRecord;
  retainUntil: number;
  claimed: boolean;
  replayed: boolean;
  grantedTokenHash?: string;
}

function copy(record: RelayCodeRecord): RelayCodeRecord {
  return { ...record };
}

/**
 * Relay codes in process memory (single-process stand-in for Redis, and unit tests).
 * Each method runs to completion without awaiting, so claim and markGranted are atomic
 * here as the Lua scripts are in RedisRelayCodeStore. Records are retained by the clock.
 */
export class InMemoryRelayCodeStore implements RelayCodeStore {
  private readonly byHash = new Map<string, Entry>();
  private writesSinceSweep = 0;

  constructor(private readonly clock: Clock = systemClock) {}

  async save(record: RelayCodeRecord, retainMs: number): Promise<void> {
    // a save never inherits another record's redemption state
    this.byHash.set(record.codeHash, {
      record: copy(record),
      retainUntil: this.clock.now().getTime() + Math.max(1, Math.ceil(retainMs)),
      claimed: false,
      replayed: false,
    });
    if (++this.writesSinceSweep >= 1_000) {
      this.writesSinceSweep = 0;
      for (const codeHash of [...this.byHash.keys()]) this.entry(codeHash);
    }
  }

  async claim(codeHash: string): Promise<{ first: true; record: RelayCodeRecord } | { first: false; record: RelayCodeRecord; grantedTokenHash?: string } | null> {
    const entry = this.entry(codeHash);
    if (!entry) return null;
    if (!entry.claimed) {
      entry.claimed = true;
      return { first: true, record: copy(entry.record) };
    }
    entry.replayed = true;
    return entry.grantedTokenHash ? { first: false, record: copy(entry.record), grantedTokenHash: entry.grantedTokenHash } : { first: false, record: copy(entry.record) };
  }

  async markGranted(codeHash: string, tokenHash: string): Promise<{ replayed: boolean }> {
    const entry = this.entry(codeHash);
    // a code no longer on record cannot prove it was not replayed
    if (!entry) return { replayed: true };
    entry.grantedTokenHash = tokenHash;
    return { replayed: entry.replayed };
  }

  private entry(codeHash: string): Entry | undefined {
    const entry = this.byHash.get(codeHash);
    if (entry && entry.retainUntil <= this.clock.now().getTime()) {
      this.byHash.delete(codeHash);
      return undefined;
    }
    return entry;
  }
}
