import { describe, expect, it } from 'vitest';
import { StaticStoreDirectory, type StoreEntry } from './store-directory.js';

const store = (id: string, apiKey?: string): StoreEntry => ({ id, name: id.toUpperCase(), url: `http://${id}.invalid/graphql`, secret: `secret-${id}`, ...(apiKey !== undefined ? { apiKey } : {}) });

describe('StaticStoreDirectory', () => {
  it('finds stores by id and by API key', async () => {
    const directory = new StaticStoreDirectory([store('a', 'key-a'), store('b', 'key-b'), store('c')]);
    expect((await directory.get('b'))?.name).toBe('B');
    expect((await directory.byApiKey('key-a'))?.id).toBe('a');
    expect((await directory.byApiKey('key-b'))?.id).toBe('b');
    expect(await directory.byApiKey('key-c')).toBeUndefined();
    expect(await directory.byApiKey('')).toBeUndefined();
    expect((await directory.list()).map((s) => s.id)).toEqual(['a', 'b', 'c']);
  });

  it('gives a key shared by mistake to the first store listed, as before', async () => {
    const directory = new StaticStoreDirectory([store('a', 'shared'), store('b', 'shared')]);
    expect((await directory.byApiKey('shared'))?.id).toBe('a');
  });

  // bench:stores: every x-store-key request resolves its caller with byApiKey, which
  // scanned (and copied) the whole store list: linear in the number of stores
  it('resolves an API key without scanning every store', async () => {
    // every read of a store's apiKey is counted: a lookup that scans reads them all
    let keyReads = 0;
    const stores = Array.from({ length: 1_000 }, (_, i) => {
      const entry = store(`s-${i}`);
      const apiKey = `sk_s-${i}_${'0'.repeat(24)}`;
      Object.defineProperty(entry, 'apiKey', { enumerable: true, get: () => (keyReads++, apiKey) });
      return entry;
    });
    const directory = new StaticStoreDirectory(stores);
    keyReads = 0;
    for (const i of [999, 0, 500]) expect((await directory.byApiKey(`sk_s-${i}_${'0'.repeat(24)}`))?.id).toBe(`s-${i}`);
    expect(await directory.byApiKey('sk_unknown')).toBeUndefined();
    expect(keyReads).toBe(0);
  });
});
