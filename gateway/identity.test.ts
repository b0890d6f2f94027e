import type { IncomingMessage } from 'node:http';
import { HeaderMap } from '@apollo/server';
import { describe, expect, it } from 'vitest';
import { GATEWAY, IDENTITY_HEADER, signGatewayCredential, verifyIdentity } from '../lib/identity.js';
import { StaticStoreDirectory } from '../lib/store-directory.js';
import { clientIpOf, createIdentityResolver, identityHeaders, sessionTokenOf, signCallerIdentity, type SessionResolver } from './identity.js';

const fakeReq = (remoteAddress: string, headers: Record<string, string> = {}) => ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;
const headerMap = (entries: Record<string, string>) => {
  const map = new HeaderMap();
  for (const [k, v] of Object.entries(entries)) map.set(k, v);
  return map;
};

describe('client IP', () => {
  it('uses the socket address unless a proxy is trusted', () => {
    const req = fakeReq('::ffff:10.1.2.3', { 'x-forwarded-for': '6.6.6.6' });
    expect(clientIpOf(req)).toBe('10.1.2.3');
    expect(clientIpOf(fakeReq('::1'))).toBe('::1');
  });

  it('behind a trusted proxy takes the entry the proxy appended, not what the client claimed', () => {
    const req = fakeReq('10.0.0.1', { 'x-forwarded-for': '6.6.6.6, 203.0.113.9' });
    expect(clientIpOf(req, true)).toBe('203.0.113.9');
    expect(clientIpOf(fakeReq('10.0.0.1'), true)).toBe('10.0.0.1');
  });
});

describe('session token', () => {
  it('reads a bearer token or x-session-token; other schemes are malformed', () => {
    expect(sessionTokenOf(headerMap({ authorization: 'Bearer abc.def' }))).toBe('abc.def');
    expect(sessionTokenOf(headerMap({ authorization: 'bearer  xyz ' }))).toBe('xyz');
    expect(sessionTokenOf(headerMap({ 'x-session-token': 'tok' }))).toBe('tok');
    expect(sessionTokenOf(headerMap({ authorization: 'Basic Zm9v' }))).toBeNull();
    expect(sessionTokenOf(headerMap({}))).toBeUndefined();
  });
});

describe('identity resolver', () => {
  const directory = new StaticStoreDirectory([{ id: 'a', name: 'A', url: 'http://a.invalid/graphql', secret: 's', apiKey: 'key-a' }]);
  const calls: [string, string | undefined][] = [];
  const resolveSession: SessionResolver = async (token, ip) => {
    calls.push([token, ip]);
    return token === 'ok' ? { ok: true, identity: { kind: 'ACCOUNT', sessionId: 's1', accountId: 'acc1', clientIp: 'whatever' } } : { ok: false, code: 'SESSION_EXPIRED', message: 'expired' };
  };
  const resolve = createIdentityResolver({ directory, resolveSession });

  it('resolves sessions once, passing and stamping the client IP', async () => {
    calls.length = 0;
    const identity = await resolve(fakeReq('127.0.0.1'), headerMap({ authorization: 'Bearer ok' }));
    expect(identity).toEqual({ kind: 'ACCOUNT', sessionId: 's1', accountId: 'acc1', clientIp: '127.0.0.1' });
    expect(calls).toEqual([['ok', '127.0.0.1']]);
  });

  it('turns a refused session into a 401 error with its code', async () => {
    await expect(resolve(fakeReq('127.0.0.1'), headerMap({ authorization: 'Bearer old' }))).rejects.toMatchObject({
      extensions: { code: 'SESSION_EXPIRED', http: { status: 401 } },
    });
  });

  it('maps store keys and falls back to anonymous', async () => {
    expect(await resolve(fakeReq('127.0.0.1'), headerMap({ 'x-store-key': 'key-a' }))).toEqual({ kind: 'STORE', storeId: 'a', clientIp: '127.0.0.1' });
    await expect(resolve(fakeReq('127.0.0.1'), headerMap({ 'x-store-key': 'nope' }))).rejects.toMatchObject({ extensions: { code: 'INVALID_STORE_CREDENTIALS' } });
    expect(await resolve(fakeReq('127.0.0.1'), headerMap({}))).toEqual({ kind: 'ANONYMOUS', clientIp: '127.0.0.1' });
  });

  it('makes the holder of OPERATOR_KEY an operator, refuses a wrong key, and has no operators without one', async () => {
    const operatorKey = 'op_' + 'k'.repeat(40);
    const withOperators = createIdentityResolver({ directory, resolveSession, operatorKey });
    expect(await withOperators(fakeReq('127.0.0.1'), headerMap({ 'x-operator-key': operatorKey }))).toEqual({ kind: 'OPERATOR', clientIp: '127.0.0.1' });
    await expect(withOperators(fakeReq('127.0.0.1'), headerMap({ 'x-operator-key': `${operatorKey}x` }))).rejects.toMatchObject({
      extensions: { code: 'INVALID_OPERATOR_CREDENTIALS', http: { status: 401 } },
    });
    await expect(resolve(fakeReq('127.0.0.1'), headerMap({ 'x-operator-key': operatorKey }))).rejects.toMatchObject({ extensions: { code: 'INVALID_OPERATOR_CREDENTIALS' } });
    // a store key is checked first: it never turns into an operator
    expect(await withOperators(fakeReq('127.0.0.1'), headerMap({ 'x-store-key': 'key-a', 'x-operator-key': operatorKey }))).toMatchObject({ kind: 'STORE', storeId: 'a' });
  });

  it('does not blame the client when the session service fails', async () => {
    const failing = createIdentityResolver({ directory, resolveSession: async () => { throw Object.assign(new Error('signature refused'), { extensions: { code: 'INVALID_SIGNATURE' } }); } });
    const error = await failing(fakeReq('127.0.0.1'), headerMap({ authorization: 'Bearer ok' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as { extensions?: unknown }).extensions).toBeUndefined();
  });
});

describe('the gateway credential (kind GATEWAY)', () => {
  const key = 'k';

  it('is never signed as a caller identity', () => {
    expect(() => identityHeaders(GATEWAY, key)).toThrow(/never signed as a caller/);
    expect(() => signCallerIdentity({ kind: 'GATEWAY' }, key)).toThrow(/never signed as a caller/);
    expect(verifyIdentity(identityHeaders(undefined, key)[IDENTITY_HEADER], key)).toEqual({ kind: 'ANONYMOUS' });
  });

  it('is never a caller: a session resolved to it fails the request (masked), it is refused as an identity header', async () => {
    const resolve = createIdentityResolver({
      directory: new StaticStoreDirectory([]),
      resolveSession: async () => ({ ok: true, identity: { kind: 'GATEWAY' } }),
    });
    const error = await resolve(fakeReq('127.0.0.1'), headerMap({ authorization: 'Bearer t' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as { extensions?: unknown }).extensions).toBeUndefined();

    const credential = signGatewayCredential(key);
    expect(() => verifyIdentity(credential, key)).toThrow(/not a caller identity/);
    expect(verifyIdentity(credential, key, Date.now(), { allowGateway: true })).toEqual({ kind: 'GATEWAY' });
  });
});
