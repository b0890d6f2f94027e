/**
 * The automatic emails' templates and the tiny renderer they are written in (no dependency).
 *
 * Each template is three files under ./templates/: `<name>.subject.txt` (one line),
 * `<name>.text.txt` (the plain-text part) and `<name>.html` (the HTML part). They are read
 * and parsed once, when this module loads, so a missing file or a broken tag fails at start.
 *
 * The language:
 *   {{path.to.value}}           the string or number at that path of the view. In .html it is
 *                               HTML-escaped; in .txt written as is. Inside {{#each}} a name is
 *                               looked up in the current item first, then outward.
 *   {{money amount currency}}   integer minor units + ISO 4217 code (both paths) → "12.34 EUR"
 *                               (the currency's own decimals: "1234 JPY"; no grouping).
 *   {{date instant}}            an ISO 8601 instant → "2026-12-31 23:00 UTC".
 *   {{#each list}}…{{/each}}    the body once per item of the array `list`, nothing for [].
 *                               Blocks nest. A block tag alone on its line takes the line with
 *                               it, so text emails need no whitespace tricks.
 * Anything else is an error AT RENDER TIME (TemplateError): a name the view lacks
 * (`{{ordrId}}`), a value that is not a string or a finite number, {{#each}} over a non-array,
 * a bad amount or currency. A template typo never ships silently: enqueueEmail renders once
 * before it writes the outbox row, so the caller's own tests fail.
 *
 * {{#each}} is the only block form. Optional parts use it too: the view of a template (built
 * from the caller's data by the functions at the bottom) adds `ifX` lists of zero or one empty
 * item, e.g. `{{#each ifMessage}}Message: {{message}}{{/each}}` renders only when there is a
 * message, `{{message}}` being found one scope out.
 */
import { readFileSync } from 'node:fs';

export type EmailTemplate = 'order-placed' | 'order-shipped' | 'gift-certificate-received' | 'payment-needed';
export const EMAIL_TEMPLATES: readonly EmailTemplate[] = ['order-placed', 'order-shipped', 'gift-certificate-received', 'payment-needed'];

export function isEmailTemplate(name: unknown): name is EmailTemplate {
  return typeof name === 'string' && (EMAIL_TEMPLATES as readonly string[]).includes(name);
}

// ---------------------------------------------------------------------------------------
// The data each template expects. Money is integer minor units (cents) with its ISO 4217
// currency, as everywhere in CartStart. These are `type`s (not interfaces) so a value of
// them is also a Record<string, unknown>, what OutboxEmail.data takes.
// ---------------------------------------------------------------------------------------

/** order-placed: sent when an order is confirmed (paid / authorized). */
export type OrderPlacedEmailData = {
  orderId: string;
  /** minor units */
  total: number;
  currency: string;
  lines: { name: string; quantity: number; /** minor units, in `currency` */ lineTotal: number }[];
  /** The stores that ship the parts of the order (listed when given and non-empty). */
  stores?: { storeId: string; storeName?: string }[];
};

/** order-shipped: sent when one store's part of an order ships. storeName or storeId (or both). */
export type OrderShippedEmailData = {
  orderId: string;
  storeName?: string;
  storeId?: string;
  carrier?: string;
  trackingNumber?: string;
  /** http(s) link to the carrier's tracking page */
  trackingUrl?: string;
  lines: { name: string; quantity: number }[];
};

/** gift-certificate-received: sent to the recipient of a gift certificate. */
export type GiftCertificateReceivedEmailData = {
  /** minor units */
  amount: number;
  currency: string;
  /** The code to redeem; absent (or null) when the certificate went straight to an account. */
  code?: string | null;
  /** ISO 8601 instant (a Date is accepted and stored as ISO); absent/null: no expiry. */
  expiresAt?: string | Date | null;
  /** The giver's note, shown as written (escaped in HTML). */
  message?: string | null;
  /** http(s) link where the recipient claims it. */
  claimUrl?: string | null;
};

/**
 * payment-needed: sent when a shipment's card payment (or the capture of a payment of the
 * unpaid balance) ends DECLINED or FAILED and leaves `amount` unpaid; the shopper pays it from
 * the order page (payUnpaidBalance). No card data.
 */
export type PaymentNeededEmailData = {
  orderId: string;
  /** minor units: what that payment left unpaid */
  amount: number;
  currency: string;
};

/** Which data type goes with which template (for typed helpers such as outboxEmail()). */
export interface EmailTemplateData {
  'order-placed': OrderPlacedEmailData;
  'order-shipped': OrderShippedEmailData;
  'gift-certificate-received': GiftCertificateReceivedEmailData;
  'payment-needed': PaymentNeededEmailData;
}

/**
 * The fields of each template's data that are secrets (e.g. a gift certificate's code): they
 * are in the outbox only as long as the email may still be sent. When a row leaves
 * PENDING/SENDING for SENT or DEAD, the outbox removes them from its data in the same update
 * (PgEmailOutbox.markSent / markFailed); the rest of the data, the dedupe key and the
 * Message-ID stay. A DEAD row that lost a secret cannot be sent again as it was
 * (requeueDead leaves it).
 */
export const EMAIL_SECRET_FIELDS: { readonly [T in EmailTemplate]: readonly (keyof EmailTemplateData[T] & string)[] } = Object.freeze({
  'order-placed': [],
  'order-shipped': [],
  'gift-certificate-received': ['code'],
  'payment-needed': [],
});

/** The secret fields of `template`'s data (none for an unknown template). */
export function secretFieldsOf(template: string): readonly string[] {
  return isEmailTemplate(template) ? EMAIL_SECRET_FIELDS[template] : [];
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** A template that cannot render with this data (or cannot be parsed). */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
}

// ---------------------------------------------------------------------------------------
// The renderer
// ---------------------------------------------------------------------------------------

type Path = string[];
type Node =
  | { kind: 'text'; text: string }
  | { kind: 'value'; tag: string; path: Path }
  | { kind: 'money'; tag: string; amount: Path; currency: Path }
  | { kind: 'date'; tag: string; path: Path }
  | { kind: 'each'; tag: string; path: Path; body: Node[] };

export interface CompiledTemplate {
  readonly name: string;
  readonly nodes: readonly Node[];
}

const TAG = /\{\{([\s\S]*?)\}\}/g;
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

function parsePath(text: string, tag: string, name: string): Path {
  if (!PATH.test(text)) throw new TemplateError(`${name}: malformed tag {{${tag}}}`);
  return text.split('.');
}

/** Parses a template source; `name` appears in error messages. */
export function compileTemplate(source: string, name: string): CompiledTemplate {
  const root: Node[] = [];
  const stack: { node: Extract<Node, { kind: 'each' }>; }[] = [];
  const out = () => (stack.length ? stack[stack.length - 1].node.body : root);
  let last = 0;
  for (const match of source.matchAll(TAG)) {
    const start = match.index;
    let end = start + match[0].length;
    const tag = match[1].trim();
    const words = tag.split(/\s+/);
    const isBlock = words[0] === '#each' || words[0] === '/each';
    let textEnd = start;
    if (isBlock) {
      // a block tag alone on its line: drop its indentation and its line break
      const lineStart = source.lastIndexOf('\n', start - 1) + 1;
      const newline = source.indexOf('\n', end);
      const lineEnd = newline === -1 ? source.length : newline + 1;
      if (lineStart >= last && /^[ \t]*$/.test(source.slice(lineStart, start)) && /^[ \t\r]*\n?$/.test(source.slice(end, lineEnd))) {
        textEnd = lineStart;
        end = lineEnd;
      }
    }
    if (textEnd > last) out().push({ kind: 'text', text: source.slice(last, textEnd) });
    last = end;
    if (words[0] === '#each') {
      if (words.length !== 2) throw new TemplateError(`${name}: malformed tag {{${tag}}}`);
      const node = { kind: 'each' as const, tag, path: parsePath(words[1], tag, name), body: [] as Node[] };
      out().push(node);
      stack.push({ node });
    } else if (words[0] === '/each') {
      if (words.length !== 1 || !stack.length) throw new TemplateError(`${name}: {{${tag}}} without an open {{#each}}`);
      stack.pop();
    } else if (words[0] === 'money') {
      if (words.length !== 3) throw new TemplateError(`${name}: {{money}} takes an amount and a currency: {{${tag}}}`);
      out().push({ kind: 'money', tag, amount: parsePath(words[1], tag, name), currency: parsePath(words[2], tag, name) });
    } else if (words[0] === 'date') {
      if (words.length !== 2) throw new TemplateError(`${name}: {{date}} takes one value: {{${tag}}}`);
      out().push({ kind: 'date', tag, path: parsePath(words[1], tag, name) });
    } else {
      if (words.length !== 1) throw new TemplateError(`${name}: malformed tag {{${tag}}}`);
      out().push({ kind: 'value', tag, path: parsePath(words[0], tag, name) });
    }
  }
  if (stack.length) throw new TemplateError(`${name}: {{${stack[stack.length - 1].node.tag}}} is never closed with {{/each}}`);
  const rest = source.slice(last);
  if (rest.includes('{{')) throw new TemplateError(`${name}: unterminated {{ tag`);
  if (rest) root.push({ kind: 'text', text: rest });
  return { name, nodes: root };
}

export type Escaping = 'html' | 'none';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const own = (object: Record<string, unknown>, key: string) => Object.prototype.hasOwnProperty.call(object, key) && object[key] !== undefined;

/** The value at `path`, its first name looked up from the innermost scope outward. */
function lookup(scopes: readonly unknown[], path: Path, tag: string, name: string): unknown {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const scope = scopes[i];
    if (!isRecord(scope) || !own(scope, path[0])) continue;
    let value: unknown = scope[path[0]];
    for (const key of path.slice(1)) {
      if (!isRecord(value) || !own(value, key)) throw new TemplateError(`${name}: unknown placeholder {{${tag}}} (no "${key}")`);
      value = value[key];
    }
    return value;
  }
  throw new TemplateError(`${name}: unknown placeholder {{${tag}}}`);
}

function scalar(value: unknown, tag: string, name: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new TemplateError(`${name}: {{${tag}}} is ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value}, not a string or number`);
}

function renderNodes(nodes: readonly Node[], scopes: unknown[], escaping: Escaping, name: string): string {
  let out = '';
  const emit = (text: string) => (out += escaping === 'html' ? escapeHtml(text) : text);
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        out += node.text;
        break;
      case 'value':
        emit(scalar(lookup(scopes, node.path, node.tag, name), node.tag, name));
        break;
      case 'money': {
        const amount = lookup(scopes, node.amount, node.tag, name);
        const currency = lookup(scopes, node.currency, node.tag, name);
        try {
          emit(formatMoney(amount as number, currency as string));
        } catch (error) {
          throw new TemplateError(`${name}: {{${node.tag}}}: ${(error as Error).message}`);
        }
        break;
      }
      case 'date': {
        const value = lookup(scopes, node.path, node.tag, name);
        try {
          emit(formatInstant(value as string));
        } catch (error) {
          throw new TemplateError(`${name}: {{${node.tag}}}: ${(error as Error).message}`);
        }
        break;
      }
      case 'each': {
        const list = lookup(scopes, node.path, node.tag, name);
        if (!Array.isArray(list)) throw new TemplateError(`${name}: {{${node.tag}}} needs a list, got ${list === null ? 'null' : typeof list}`);
        for (const item of list) out += renderNodes(node.body, [...scopes, item], escaping, name);
        break;
      }
    }
  }
  return out;
}

/** Renders a template (compiled, or a source string) with `view`. */
export function renderTemplate(template: CompiledTemplate | string, view: Record<string, unknown>, escaping: Escaping = 'none'): string {
  const compiled = typeof template === 'string' ? compileTemplate(template, 'template') : template;
  return renderNodes(compiled.nodes, [view], escaping, compiled.name);
}

const fractionDigits = new Map<string, number>();

/** Integer minor units + ISO 4217 code → "12.34 EUR" (the currency's own number of decimals). */
export function formatMoney(amountMinor: number, currency: string): string {
  if (!Number.isSafeInteger(amountMinor)) throw new TypeError(`amount must be an integer of minor units, got ${JSON.stringify(amountMinor)}`);
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) throw new TypeError(`currency must be an ISO 4217 code, got ${JSON.stringify(currency)}`);
  let digits = fractionDigits.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    fractionDigits.set(currency, digits);
  }
  const sign = amountMinor < 0 ? '-' : '';
  const units = String(Math.abs(amountMinor)).padStart(digits + 1, '0');
  const number = digits === 0 ? units : `${units.slice(0, -digits)}.${units.slice(-digits)}`;
  return `${sign}${number} ${currency}`;
}

/** An ISO 8601 instant → "2026-12-31 23:00 UTC". */
export function formatInstant(value: string): string {
  const date = typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw new TypeError(`not an ISO 8601 instant: ${JSON.stringify(value)}`);
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

// ---------------------------------------------------------------------------------------
// The email templates: files, views, rendering
// ---------------------------------------------------------------------------------------

interface TemplateFiles {
  subject: CompiledTemplate;
  text: CompiledTemplate;
  html: CompiledTemplate;
}

const TEMPLATE_DIR = new URL('./templates/', import.meta.url);

function load(name: EmailTemplate): TemplateFiles {
  const read = (file: string) => compileTemplate(readFileSync(new URL(file, TEMPLATE_DIR), 'utf8'), file);
  return { subject: read(`${name}.subject.txt`), text: read(`${name}.text.txt`), html: read(`${name}.html`) };
}

const templates = Object.fromEntries(EMAIL_TEMPLATES.map((name) => [name, load(name)])) as Record<EmailTemplate, TemplateFiles>;

/**
 * Renders one of the email templates with the caller's data (as stored in the outbox:
 * JSON). Throws TemplateError on an unknown template, data the template cannot use or a
 * placeholder the view lacks.
 */
export function renderEmail(template: EmailTemplate, data: Record<string, unknown>): RenderedEmail {
  if (!isEmailTemplate(template)) throw new TemplateError(`unknown email template ${JSON.stringify(template)}`);
  if (!isRecord(data)) throw new TemplateError(`${template}: data must be an object`);
  const view = views[template](data, template);
  const files = templates[template];
  // one line, whatever the data holds: no header folding surprises
  const subject = renderTemplate(files.subject, view).replace(/\s+/g, ' ').trim();
  if (!subject) throw new TemplateError(`${template}: the subject renders empty`);
  return { subject, text: renderTemplate(files.text, view), html: renderTemplate(files.html, view, 'html') };
}

// Views: check the caller's data and add what the templates need (display names, `ifX` lists).

const present = <T>(value: T | null | undefined): value is T => value !== undefined && value !== null && value !== '';
const when = (condition: boolean) => (condition ? [{}] : []);

function need(condition: boolean, where: string, what: string): void {
  if (!condition) throw new TemplateError(`${where} must be ${what}`);
}
function text(data: Record<string, unknown>, key: string, where: string): string {
  const value = data[key];
  need(typeof value === 'string' && value.trim() !== '', `${where}.${key}`, 'a non-empty string');
  return value as string;
}
function optionalText(data: Record<string, unknown>, key: string, where: string): string | undefined {
  const value = data[key];
  if (value === undefined || value === null || value === '') return undefined;
  need(typeof value === 'string', `${where}.${key}`, 'a string when given');
  return value as string;
}
function integer(data: Record<string, unknown>, key: string, where: string, min = 0): number {
  const value = data[key];
  need(Number.isSafeInteger(value) && (value as number) >= min, `${where}.${key}`, `an integer >= ${min}`);
  return value as number;
}
function currency(data: Record<string, unknown>, where: string): string {
  const value = data.currency;
  need(typeof value === 'string' && /^[A-Z]{3}$/.test(value), `${where}.currency`, 'an ISO 4217 code such as "EUR"');
  return value as string;
}
function records(data: Record<string, unknown>, key: string, where: string, nonEmpty: boolean): Record<string, unknown>[] {
  const value = data[key];
  need(Array.isArray(value) && value.every(isRecord) && (!nonEmpty || value.length > 0), `${where}.${key}`, nonEmpty ? 'a non-empty list of objects' : 'a list of objects');
  return value as Record<string, unknown>[];
}
function httpUrl(data: Record<string, unknown>, key: string, where: string): string | undefined {
  const value = optionalText(data, key, where);
  if (value === undefined) return undefined;
  let ok = false;
  try {
    ok = ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    ok = false;
  }
  need(ok, `${where}.${key}`, 'an http(s) URL');
  return value;
}
function instant(data: Record<string, unknown>, key: string, where: string): string | undefined {
  const value = data[key];
  if (value === undefined || value === null || value === '') return undefined;
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : new Date(NaN);
  need(!Number.isNaN(date.getTime()), `${where}.${key}`, 'an ISO 8601 instant');
  return date.toISOString();
}

const views: Record<EmailTemplate, (data: Record<string, unknown>, where: string) => Record<string, unknown>> = {
  'order-placed'(data, where) {
    const lines = records(data, 'lines', where, true).map((line, i) => ({
      name: text(line, 'name', `${where}.lines[${i}]`),
      quantity: integer(line, 'quantity', `${where}.lines[${i}]`, 1),
      lineTotal: integer(line, 'lineTotal', `${where}.lines[${i}]`),
    }));
    const stores = data.stores === undefined || data.stores === null ? [] : records(data, 'stores', where, false).map((store, i) => {
      const storeName = optionalText(store, 'storeName', `${where}.stores[${i}]`);
      return { name: storeName ?? text(store, 'storeId', `${where}.stores[${i}]`) };
    });
    return {
      orderId: text(data, 'orderId', where),
      total: integer(data, 'total', where),
      currency: currency(data, where),
      lines,
      stores,
      storeCount: stores.length,
      ifStores: when(stores.length > 0),
    };
  },
  'order-shipped'(data, where) {
    const storeName = optionalText(data, 'storeName', where) ?? optionalText(data, 'storeId', where);
    need(storeName !== undefined, `${where}.storeName or ${where}.storeId`, 'given');
    const carrier = optionalText(data, 'carrier', where);
    const trackingNumber = optionalText(data, 'trackingNumber', where);
    const trackingUrl = httpUrl(data, 'trackingUrl', where);
    return {
      orderId: text(data, 'orderId', where),
      storeName,
      lines: records(data, 'lines', where, true).map((line, i) => ({
        name: text(line, 'name', `${where}.lines[${i}]`),
        quantity: integer(line, 'quantity', `${where}.lines[${i}]`, 1),
      })),
      ...(carrier ? { carrier } : {}),
      ...(trackingNumber ? { trackingNumber } : {}),
      ...(trackingUrl ? { trackingUrl } : {}),
      ifCarrier: when(present(carrier)),
      ifTrackingNumber: when(present(trackingNumber)),
      ifTrackingUrl: when(present(trackingUrl)),
    };
  },
  'gift-certificate-received'(data, where) {
    const code = optionalText(data, 'code', where);
    const message = optionalText(data, 'message', where);
    const claimUrl = httpUrl(data, 'claimUrl', where);
    const expiresAt = instant(data, 'expiresAt', where);
    return {
      amount: integer(data, 'amount', where, 1),
      currency: currency(data, where),
      ...(code ? { code } : {}),
      ...(message ? { message } : {}),
      ...(claimUrl ? { claimUrl } : {}),
      ...(expiresAt ? { expiresAt } : {}),
      ifCode: when(present(code)),
      ifNoCode: when(!present(code)),
      ifMessage: when(present(message)),
      ifClaimUrl: when(present(claimUrl)),
      ifExpires: when(present(expiresAt)),
    };
  },
  'payment-needed'(data, where) {
    return {
      orderId: text(data, 'orderId', where),
      amount: integer(data, 'amount', where, 1),
      currency: currency(data, where),
    };
  },
};
