import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT_PARAMS, ScryptPasswordHasher } from './password.js';

// Cheaper parameters keep the suite fast; one test exercises the real defaults.
const fast = new ScryptPasswordHasher({ logN: 10, r: 8, p: 1 });

describe('ScryptPasswordHasher', () => {
  it('encodes parameters, salt and key, and never contains the password', async () => {
    const encoded = await fast.hash('correct horse battery staple');
    expect(encoded).toMatch(/^scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(encoded).not.toContain('correct horse');
  });

  it('salts every hash', async () => {
    expect(await fast.hash('same password here')).not.toBe(await fast.hash('same password here'));
  });

  it('verifies the right password and refuses others', async () => {
    const encoded = await fast.hash('correct horse battery staple');
    expect(await fast.verify('correct horse battery staple', encoded)).toBe(true);
    expect(await fast.verify('correct horse battery stapl', encoded)).toBe(false);
    expect(await fast.verify('', encoded)).toBe(false);
  });

  it('treats Unicode compositions of the same text as the same password', async () => {
    const composed = 'caf\u00e9-au-lait-please';
    const decomposed = 'cafe\u0301-au-lait-please';
    expect(await fast.verify(decomposed, await fast.hash(composed))).toBe(true);
  });

  it('refuses malformed or absurdly expensive stored hashes without throwing', async () => {
    expect(await fast.verify('anything at all', 'not a hash')).toBe(false);
    const encoded = await fast.hash('anything at all');
    expect(await fast.verify('anything at all', encoded.replace('ln=10', 'ln=30'))).toBe(false);
  });

  it('verifies hashes made with other parameters and asks for a rehash', async () => {
    const old = await fast.hash('correct horse battery staple');
    const current = new ScryptPasswordHasher({ logN: 11, r: 8, p: 1 });
    expect(await current.verify('correct horse battery staple', old)).toBe(true);
    expect(current.needsRehash(old)).toBe(true);
    expect(current.needsRehash(await current.hash('correct horse battery staple'))).toBe(false);
  });

  it('works with the default (memory-hard) parameters', async () => {
    const hasher = new ScryptPasswordHasher();
    const encoded = await hasher.hash('correct horse battery staple');
    expect(encoded.startsWith(`scrypt$ln=${DEFAULT_SCRYPT_PARAMS.logN},r=8,p=1$`)).toBe(true);
    expect(await hasher.verify('correct horse battery staple', encoded)).toBe(true);
  });
});
