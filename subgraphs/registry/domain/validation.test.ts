import { describe, expect, it } from 'vitest';
import { validateRegistration } from './validation.js';

const VALID = { id: 'corner-shop', name: ' Corner Shop ', url: ' https://shop.example/graphql ', secret: 's'.repeat(32), apiKey: 'k'.repeat(24) };

describe('validateRegistration', () => {
  it('accepts a valid registration, trimming name and url', () => {
    expect(validateRegistration(VALID)).toEqual({ ok: true, value: { ...VALID, name: 'Corner Shop', url: 'https://shop.example/graphql' } });
  });

  it.each([
    ['id', { id: 'Corner Shop' }],
    ['id', { id: '-shop' }],
    ['id', { id: 'a'.repeat(64) }],
    ['name', { name: '   ' }],
    ['name', { name: 'x'.repeat(121) }],
    ['name', { name: 'bad\u0000name' }],
    ['url', { url: 'not a url' }],
    ['url', { url: 'ftp://shop.example/graphql' }],
    ['url', { url: 'https://user:pw@shop.example/graphql' }],
    ['secret', { secret: 'short' }],
    ['secret', { secret: `${'s'.repeat(32)} ` }],
    ['apiKey', { apiKey: 'k'.repeat(23) }],
    ['apiKey', { apiKey: 'x'.repeat(40), secret: 'x'.repeat(40) }],
  ])('refuses a bad %s (%j)', (field, change) => {
    const result = validateRegistration({ ...VALID, ...change });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.field).toBe(field);
  });
});
