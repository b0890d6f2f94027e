import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AesGcmSecretCipher, parseEncryptionKey } from './aes-gcm-secret-cipher.js';

describe('AesGcmSecretCipher', () => {
  const cipher = new AesGcmSecretCipher(randomBytes(32));

  it('round-trips, with a fresh IV each time and no plaintext in the ciphertext', () => {
    const a = cipher.encrypt('store secret value', 'store-a');
    const b = cipher.encrypt('store secret value', 'store-a');
    expect(a).not.toBe(b);
    expect(a).not.toContain('store secret');
    expect(cipher.decrypt(a, 'store-a')).toBe('store secret value');
  });

  it('refuses a ciphertext moved to another store, tampered with, or decrypted with another key', () => {
    const sealed = cipher.encrypt('store secret value', 'store-a');
    expect(() => cipher.decrypt(sealed, 'store-b')).toThrow();
    const [v, iv, ct, tag] = sealed.split('.');
    const flipped = Buffer.from(ct, 'base64url');
    flipped[0] ^= 1;
    expect(() => cipher.decrypt([v, iv, flipped.toString('base64url'), tag].join('.'), 'store-a')).toThrow();
    expect(() => new AesGcmSecretCipher(randomBytes(32)).decrypt(sealed, 'store-a')).toThrow();
    expect(() => cipher.decrypt('garbage', 'store-a')).toThrow(/malformed/);
  });

  it('parses a 32-byte key from hex or base64 and refuses anything else', () => {
    const key = randomBytes(32);
    expect(parseEncryptionKey(key.toString('hex')).equals(key)).toBe(true);
    expect(parseEncryptionKey(key.toString('base64')).equals(key)).toBe(true);
    expect(() => parseEncryptionKey(undefined)).toThrow(/not set/);
    expect(() => parseEncryptionKey('too-short')).toThrow(/32 bytes/);
  });
});
