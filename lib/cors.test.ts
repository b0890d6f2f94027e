import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCors, parseCorsOrigins, type CorsHandler } from './cors.js';

let server: http.Server;
let base = '';
let cors: CorsHandler = createCors({ allowedOrigins: [] });

beforeAll(async () => {
  server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    if (cors.preflight(req, res)) return;
    cors.decorate(req, res);
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('cors', () => {
  it('parses a comma-separated origin list, dropping blanks and trailing slashes', () => {
    expect(parseCorsOrigins(' https://a.example/, ,http://b.example:8080 ')).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(parseCorsOrigins(undefined)).toEqual([]);
  });

  it('answers an allowed origin\'s preflight and echoes the origin on the real request', async () => {
    cors = createCors({ allowedOrigins: ['https://a.example'] });
    const preflight = await fetch(base, { method: 'OPTIONS', headers: { origin: 'https://a.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://a.example');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const real = await fetch(base, { method: 'POST', headers: { origin: 'https://a.example' } });
    expect(real.headers.get('access-control-allow-origin')).toBe('https://a.example');
    expect(real.headers.get('vary')).toContain('Origin');
  });

  it('gives a refused origin no CORS headers', async () => {
    cors = createCors({ allowedOrigins: ['https://a.example'] });
    const preflight = await fetch(base, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const real = await fetch(base, { method: 'POST', headers: { origin: 'https://evil.example' } });
    expect(real.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows any origin with *', async () => {
    cors = createCors({ allowedOrigins: ['*'] });
    const real = await fetch(base, { headers: { origin: 'https://whoever.example' } });
    expect(real.headers.get('access-control-allow-origin')).toBe('https://whoever.example');
  });
});
