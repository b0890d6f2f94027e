import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretCipher } from '../domain/ports.js';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Parses REGISTRY_ENCRYPTION_KEY: 32 random bytes as 64 hex characters or base64/base64url
 * (e.g. `openssl rand -base64 32`). Anything else is a startup error, never a weak key.
 */
export function parseEncryptionKey(value: string | undefined): Buffer {
  if (!value) throw new Error('REGISTRY_ENCRYPTION_KEY is not set: 32 random bytes, hex or base64 (openssl rand -base64 32)');
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) throw new Error('REGISTRY_ENCRYPTION_KEY must be 32 bytes (64 hex characters or 44 base64 characters)');
  return key;
}

/**
 * AES-256-GCM for store secrets at rest: `v1.<iv>.<ciphertext>.<tag>` (base64url), a
 * fresh 96-bit IV per encryption, the store id as associated data (a ciphertext copied
 * to another store's row does not decrypt). A tampered value fails to decrypt.
 */
export class AesGcmSecretCipher implements SecretCipher {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key');
    this.key = Buffer.from(key);
  }

  encrypt(plaintext: string, aad: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  decrypt(value: string, aad: string): string {
    const [version, iv, ciphertext, tag, extra] = value.split('.');
    if (version !== VERSION || !iv || ciphertext === undefined || !tag || extra !== undefined) throw new Error('secret ciphertext is malformed');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }
}
