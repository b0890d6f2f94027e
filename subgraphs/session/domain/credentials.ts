/** Email and password rules, pure (no hashing here; see password.ts). */

export const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_PART_LENGTH = 64;
// Deliberately loose: one @, no spaces, a dot in the domain. Deliverability is proven
// by sending mail, not by a regex.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export const MIN_PASSWORD_LENGTH = 10;
/** Caps hashing work per request (scrypt cost grows with input only slightly, but bodies must stay small). */
export const MAX_PASSWORD_LENGTH = 200;

// The most common passwords that are at least MIN_PASSWORD_LENGTH long (breach lists).
const COMMON_PASSWORDS = new Set([
  '1234567890', '0123456789', '0987654321', '1234567891', '1111111111', '1q2w3e4r5t',
  '1qaz2wsx3edc', 'qwertyuiop', 'qwerty1234', 'qwerty12345', 'qwerty123456', 'asdfghjkl;',
  'password12', 'password123', 'password1234', 'password!!', 'passw0rd123', 'iloveyou12',
  'iloveyou123', 'letmein123', 'welcome123', 'welcome1234', 'abcdefghij', 'abc1234567',
  'abcd123456', 'administrator', 'changeme123', 'football123', 'baseball123', 'monkey1234',
  'sunshine123', 'princess123', 'dragon1234', 'superman123', 'trustno1234', 'starwars123',
  'zaq12wsxcde', '123456789a', 'a123456789', '123123123123', '12345678910', '987654321a',
  'qazwsxedcrfv', 'michael123', 'jennifer123', 'charlie123', 'shopping123', 'cartstart123',
]);

export type EmailCheck = { ok: true; email: string; key: string } | { ok: false; message: string };

/**
 * A usable email: trimmed for storage (`email`), lower-cased for lookups and counters
 * (`key`; uniqueness is case-insensitive).
 */
export function checkEmail(raw: string): EmailCheck {
  const email = raw.trim();
  if (email.length === 0) return { ok: false, message: 'Email is required.' };
  if (email.length > MAX_EMAIL_LENGTH) return { ok: false, message: `Email must be at most ${MAX_EMAIL_LENGTH} characters.` };
  const at = email.lastIndexOf('@');
  if (!EMAIL_SHAPE.test(email) || at > MAX_LOCAL_PART_LENGTH) return { ok: false, message: 'Email is not a valid address.' };
  return { ok: true, email, key: email.toLowerCase() };
}

/**
 * Passwords are compared as Unicode NFC, so the same passphrase typed on systems that
 * compose accents differently still matches.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFC');
}

/** Length in characters as a person counts them (code points, not UTF-16 units). */
export function passwordLength(password: string): number {
  return [...password].length;
}

/** Why a new password is refused, or null when it is acceptable. */
export function passwordWeakness(password: string, emailKey?: string): string | null {
  const normalized = normalizePassword(password);
  const length = passwordLength(normalized);
  if (length < MIN_PASSWORD_LENGTH) return `Password must be at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (length > MAX_PASSWORD_LENGTH) return `Password must be at most ${MAX_PASSWORD_LENGTH} characters.`;
  const lower = normalized.toLowerCase();
  if (new Set(lower).size === 1) return 'Password must not repeat a single character.';
  if (COMMON_PASSWORDS.has(lower)) return 'Password is too common.';
  if (emailKey && (lower === emailKey || lower === emailKey.slice(0, emailKey.lastIndexOf('@')))) {
    return 'Password must not be the email address.';
  }
  return null;
}
