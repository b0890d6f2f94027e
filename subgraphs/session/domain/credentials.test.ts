import { describe, expect, it } from 'vitest';
import { checkEmail, MAX_EMAIL_LENGTH, passwordWeakness } from './credentials.js';

describe('checkEmail', () => {
  it('trims for storage and lower-cases the lookup key', () => {
    expect(checkEmail('  Ada.Lovelace@Example.COM ')).toEqual({ ok: true, email: 'Ada.Lovelace@Example.COM', key: 'ada.lovelace@example.com' });
  });

  it.each(['', '   ', 'not-an-email', 'a@b', '@example.com', 'a@@example.com', 'a b@example.com', 'a@example.', 'a@.com'])('refuses %j', (raw) => {
    expect(checkEmail(raw).ok).toBe(false);
  });

  it('refuses addresses longer than 254 characters or with a local part over 64', () => {
    const domain = '@example.com';
    expect(checkEmail('a'.repeat(MAX_EMAIL_LENGTH - domain.length) + domain).ok).toBe(false);
    expect(checkEmail('a'.repeat(65) + domain).ok).toBe(false);
    expect(checkEmail('a'.repeat(64) + domain).ok).toBe(true);
  });
});

describe('passwordWeakness', () => {
  it('accepts a reasonable passphrase', () => {
    expect(passwordWeakness('correct horse battery staple')).toBeNull();
    expect(passwordWeakness('ünïcödé-pässwörd')).toBeNull();
  });

  it('refuses short, overlong, single-character, common and email-like passwords', () => {
    expect(passwordWeakness('short')).toMatch(/at least 10/);
    expect(passwordWeakness('x'.repeat(201) + 'y')).toMatch(/at most 200/);
    expect(passwordWeakness('aaaaaaaaaaaaaa')).toMatch(/single character/);
    expect(passwordWeakness('Password123')).toMatch(/too common/);
    expect(passwordWeakness('1234567890')).toMatch(/too common/);
    expect(passwordWeakness('ada.lovelace', 'ada.lovelace@example.com')).toMatch(/email/);
    expect(passwordWeakness('ada@example.com', 'ada@example.com')).toMatch(/email/);
  });

  it('counts characters, not UTF-16 units', () => {
    // 9 emoji are 18 UTF-16 units but 9 characters
    expect(passwordWeakness('😀😁😂🤣😃😄😅😆😉')).toMatch(/at least 10/);
  });
});
