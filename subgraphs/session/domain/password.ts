import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** Turns passwords into stored hashes and checks them. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Constant-time check of `password` against an encoded hash; false for malformed hashes. */
  verify(password: string, encoded: string): Promise<boolean>;
  /** True when `encoded` was made with other parameters than the current ones (rehash on login). */
  needsRehash(encoded: string): boolean;
}

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  logN: number;
  r: number;
  p: number;
}

/** N = 2^15, r = 8: 32 MiB and ~50-100 ms per hash; memory-hard against GPU guessing. */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = Object.freeze({ logN: 15, r: 8, p: 1 });

const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Stored hashes are data; bound what they can make us compute (2^20 * 8 * 128 = 1 GiB).
const MAX_LOG_N = 20;
const MAX_R = 32;
const MAX_P = 16;
const ENCODED = /^scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{16,})$/;

function derive(password: string, salt: Buffer, params: ScryptParams, keyLength: number): Promise<Buffer> {
  const N = 2 ** params.logN;
  const options: ScryptOptions = {
    N,
    r: params.r,
    p: params.p,
    // Node's default maxmem (32 MiB) is exactly what N=2^15,r=8 needs and is refused; leave headroom.
    maxmem: 256 * N * params.r * params.p,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function parse(encoded: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const match = ENCODED.exec(encoded);
  if (!match) return null;
  const params = { logN: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  if (params.logN < 1 || params.logN > MAX_LOG_N || params.r < 1 || params.r > MAX_R || params.p < 1 || params.p > MAX_P) return null;
  return { params, salt: Buffer.from(match[4], 'base64url'), key: Buffer.from(match[5], 'base64url') };
}

/**
 * scrypt with a random 16-byte salt, encoded as `scrypt$ln=15,r=8,p=1$<salt>$<key>`
 * (base64url) so the parameters travel with each hash and can be raised later.
 * Runs on libuv's thread pool: it never blocks the event loop.
 */
export class ScryptPasswordHasher implements PasswordHasher {
  constructor(private readonly params: ScryptParams = DEFAULT_SCRYPT_PARAMS) {}

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const key = await derive(password, salt, this.params, KEY_BYTES);
    const { logN, r, p } = this.params;
    return `scrypt$ln=${logN},r=${r},p=${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    const parsed = parse(encoded);
    if (!parsed) return false;
    const key = await derive(password, parsed.salt, parsed.params, parsed.key.length);
    return timingSafeEqual(key, parsed.key);
  }

  needsRehash(encoded: string): boolean {
    const parsed = parse(encoded);
    if (!parsed) return true;
    const { logN, r, p } = parsed.params;
    return logN !== this.params.logN || r !== this.params.r || p !== this.params.p || parsed.key.length !== KEY_BYTES;
  }
}
