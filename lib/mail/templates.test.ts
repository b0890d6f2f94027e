import { describe, expect, it } from 'vitest';
import {
  compileTemplate,
  EMAIL_SECRET_FIELDS,
  EMAIL_TEMPLATES,
  formatInstant,
  formatMoney,
  renderEmail,
  renderTemplate,
  secretFieldsOf,
  TemplateError,
  type EmailTemplateData,
  type GiftCertificateReceivedEmailData,
  type OrderPlacedEmailData,
  type OrderShippedEmailData,
  type PaymentNeededEmailData,
} from './templates.js';

const orderPlaced: OrderPlacedEmailData = {
  orderId: 'ord-1001',
  total: 3497,
  currency: 'EUR',
  lines: [
    { name: 'The <Tiny> Book of "Quotes" & More', quantity: 2, lineTotal: 2498 },
    { name: 'Hex key set', quantity: 1, lineTotal: 999 },
  ],
  stores: [{ storeId: 'paper-lantern-books', storeName: 'Paper Lantern Books' }, { storeId: 'bolt-and-bench' }],
};
const orderShipped: OrderShippedEmailData = {
  orderId: 'ord-1001',
  storeName: 'Bolt & Bench Hardware',
  carrier: 'DHL',
  trackingNumber: 'JD0002233445566',
  trackingUrl: 'https://track.example/?n=JD0002233445566&lang=en',
  lines: [{ name: 'Hex key set', quantity: 1 }],
};
const giftCertificate: GiftCertificateReceivedEmailData = {
  amount: 5000,
  currency: 'USD',
  code: 'GIFT-ABCD-1234',
  expiresAt: '2027-01-31T12:00:00.000Z',
  message: 'Happy birthday!\n<3 from Sam',
  claimUrl: 'https://cartstart.example/gift?c=GIFT-ABCD-1234',
};
const paymentNeeded: PaymentNeededEmailData = { orderId: 'ord-<1001>', amount: 1499, currency: 'USD' };
const samples: EmailTemplateData = { 'order-placed': orderPlaced, 'order-shipped': orderShipped, 'gift-certificate-received': giftCertificate, 'payment-needed': paymentNeeded };

describe('renderTemplate', () => {
  it('substitutes paths, plain in text and HTML-escaped in html', () => {
    const view = { order: { id: 'A<1>' }, who: `Tom & "Jerry" 'n co` };
    expect(renderTemplate('Order {{ order.id }} for {{who}}', view)).toBe(`Order A<1> for Tom & "Jerry" 'n co`);
    expect(renderTemplate('<b>{{order.id}}</b> {{who}}', view, 'html')).toBe('<b>A&lt;1&gt;</b> Tom &amp; &quot;Jerry&quot; &#39;n co');
  });

  it('repeats an each block per item, looks names up outward, and drops block-tag lines', () => {
    const source = 'Lines:\n{{#each lines}}\n  - {{quantity}} x {{name}} ({{money lineTotal currency}})\n{{/each}}\nEnd';
    const view = { currency: 'EUR', lines: [{ name: 'A', quantity: 1, lineTotal: 150 }, { name: 'B', quantity: 3, lineTotal: 12 }] };
    expect(renderTemplate(source, view)).toBe('Lines:\n  - 1 x A (1.50 EUR)\n  - 3 x B (0.12 EUR)\nEnd');
    expect(renderTemplate(source, { ...view, lines: [] })).toBe('Lines:\nEnd');
    // inline blocks keep their surroundings; blocks nest
    expect(renderTemplate('[{{#each a}}({{#each b}}{{x}}{{/each}}){{/each}}]', { a: [{ b: [{ x: 1 }, { x: 2 }] }, { b: [] }] })).toBe('[(12)()]');
  });

  it('fails on an unknown placeholder at render time, naming it', () => {
    const template = compileTemplate('Order {{ordrId}}', 'typo.txt');
    expect(() => renderTemplate(template, { orderId: '1' })).toThrow(TemplateError);
    expect(() => renderTemplate(template, { orderId: '1' })).toThrow('typo.txt: unknown placeholder {{ordrId}}');
    expect(() => renderTemplate('{{order.idd}}', { order: { id: 1 } })).toThrow('unknown placeholder {{order.idd}}');
    expect(() => renderTemplate('{{#each lines}}{{nme}}{{/each}}', { lines: [{ name: 'x' }] })).toThrow('unknown placeholder {{nme}}');
    // an empty list renders nothing, so nothing inside it is looked up
    expect(renderTemplate('{{#each lines}}{{nme}}{{/each}}', { lines: [] })).toBe('');
  });

  it('fails on values that are not strings or numbers, and on each over a non-list', () => {
    expect(() => renderTemplate('{{a}}', { a: null })).toThrow('{{a}} is null, not a string or number');
    expect(() => renderTemplate('{{a}}', { a: { b: 1 } })).toThrow('not a string or number');
    expect(() => renderTemplate('{{a}}', { a: undefined })).toThrow('unknown placeholder {{a}}');
    expect(() => renderTemplate('{{#each a}}x{{/each}}', { a: 'abc' })).toThrow('needs a list');
  });

  it('refuses malformed templates when compiled', () => {
    expect(() => compileTemplate('{{#each a}}x', 't')).toThrow('never closed');
    expect(() => compileTemplate('x{{/each}}', 't')).toThrow('without an open');
    expect(() => compileTemplate('{{a b}}', 't')).toThrow('malformed tag');
    expect(() => compileTemplate('{{a-b}}', 't')).toThrow('malformed tag');
    expect(() => compileTemplate('{{money a}}', 't')).toThrow('{{money}} takes');
    expect(() => compileTemplate('x {{a', 't')).toThrow('unterminated');
  });
});

describe('formatMoney and formatInstant', () => {
  it('formats minor units with the currency decimals', () => {
    expect(formatMoney(1234, 'EUR')).toBe('12.34 EUR');
    expect(formatMoney(5, 'USD')).toBe('0.05 USD');
    expect(formatMoney(0, 'USD')).toBe('0.00 USD');
    expect(formatMoney(123456789, 'USD')).toBe('1234567.89 USD');
    expect(formatMoney(-250, 'EUR')).toBe('-2.50 EUR');
    expect(formatMoney(1234, 'JPY')).toBe('1234 JPY');
    expect(formatMoney(1234, 'KWD')).toBe('1.234 KWD');
    expect(() => formatMoney(12.5, 'EUR')).toThrow('integer');
    expect(() => formatMoney(1, 'eur')).toThrow('ISO 4217');
    expect(() => renderTemplate('{{money total currency}}', { total: '12', currency: 'EUR' })).toThrow(TemplateError);
  });

  it('formats an instant in UTC', () => {
    expect(formatInstant('2027-01-31T23:30:00+02:00')).toBe('2027-01-31 21:30 UTC');
    expect(() => formatInstant('soon')).toThrow('ISO 8601');
  });
});

describe('renderEmail', () => {
  it.each(EMAIL_TEMPLATES)('renders %s with sample data: one-line subject, text and html', (template) => {
    const email = renderEmail(template, samples[template]);
    expect(email.subject).not.toMatch(/\n|{{|}}/);
    expect(email.text).not.toMatch(/{{|}}/);
    expect(email.html).not.toMatch(/{{|}}/);
    expect(email.html).toMatch(/^<!DOCTYPE html>/);
  });

  it('order-placed: lines, money, stores; escaped in html only', () => {
    const email = renderEmail('order-placed', orderPlaced);
    expect(email.subject).toBe('Your CartStart order ord-1001 is confirmed');
    expect(email.text).toContain('  2 x The <Tiny> Book of "Quotes" & More    24.98 EUR\n  1 x Hex key set    9.99 EUR\n');
    expect(email.text).toContain('Total: 34.97 EUR');
    expect(email.text).toContain('  - Paper Lantern Books\n  - bolt-and-bench\n');
    expect(email.html).toContain('<td>The &lt;Tiny&gt; Book of &quot;Quotes&quot; &amp; More</td>');
    expect(email.html).not.toContain('<Tiny>');
    expect(email.html).toContain('<strong>34.97 EUR</strong>');
    const withoutStores = renderEmail('order-placed', { ...orderPlaced, stores: undefined });
    expect(withoutStores.text).not.toContain('split between');
    expect(withoutStores.html).not.toContain('<ul>');
  });

  it('order-shipped: storeId stands in for a missing name; tracking parts only when given', () => {
    const email = renderEmail('order-shipped', orderShipped);
    expect(email.subject).toBe('Your CartStart order ord-1001 has shipped from Bolt & Bench Hardware');
    expect(email.text).toContain('Carrier: DHL\nTracking number: JD0002233445566\nTrack it: https://track.example/?n=JD0002233445566&lang=en\n');
    expect(email.html).toContain('<a href="https://track.example/?n=JD0002233445566&amp;lang=en">');
    const bare = renderEmail('order-shipped', { orderId: 'o2', storeId: 'bolt-and-bench', lines: [{ name: 'Saw', quantity: 2 }] });
    expect(bare.subject).toBe('Your CartStart order o2 has shipped from bolt-and-bench');
    expect(bare.text).toContain('  2 x Saw\n');
    expect(bare.text).not.toMatch(/Carrier|Tracking|Track it/);
  });

  it('gift-certificate-received: with a code, or straight to an account', () => {
    const email = renderEmail('gift-certificate-received', giftCertificate);
    expect(email.subject).toBe('You received a CartStart gift certificate worth 50.00 USD');
    expect(email.text).toContain('Your gift certificate code: GIFT-ABCD-1234');
    expect(email.text).toContain('Happy birthday!\n<3 from Sam');
    expect(email.text).toContain('Valid until 2027-01-31 12:00 UTC.');
    expect(email.text).not.toContain('already in your CartStart account');
    expect(email.html).toContain('Happy birthday!\n&lt;3 from Sam');
    const toAccount = renderEmail('gift-certificate-received', { amount: 2500, currency: 'EUR', code: null, expiresAt: new Date('2027-06-01T00:00:00Z').toISOString() });
    expect(toAccount.text).toContain('already in your CartStart account');
    expect(toAccount.text).not.toMatch(/code:|message came|Claim/);
    const noExpiry = renderEmail('gift-certificate-received', { amount: 2500, currency: 'EUR' });
    expect(noExpiry.text).not.toContain('Valid until');
  });

  it('payment-needed: the order, the amount unpaid, where to pay it; no card data', () => {
    const email = renderEmail('payment-needed', paymentNeeded);
    expect(email.subject).toBe('Payment needed for your CartStart order ord-<1001>');
    expect(email.text).toContain('order ord-<1001>.');
    expect(email.text).toContain('Amount unpaid: 14.99 USD\n');
    expect(email.text).toContain('Please pay it from your order page on CartStart ("Pay unpaid balance")');
    expect(email.html).toContain('<strong>ord-&lt;1001&gt;</strong>');
    expect(email.html).toContain('Amount unpaid: <strong>14.99 USD</strong>');
    expect(email.html).toContain('Please pay it from your order page');
    expect(renderEmail('payment-needed', { orderId: 'o', amount: 1234, currency: 'JPY' }).text).toContain('Amount unpaid: 1234 JPY');
    expect(`${email.subject}\n${email.text}\n${email.html}`).not.toMatch(/card number|\d{4} ?\d{4} ?\d{4}|last ?4|cvc/i);
    expect(EMAIL_SECRET_FIELDS['payment-needed']).toEqual([]);
    // nothing unpaid is no reason to write, and the data must be complete
    expect(() => renderEmail('payment-needed', { ...paymentNeeded, amount: 0 })).toThrow('payment-needed.amount must be an integer >= 1');
    expect(() => renderEmail('payment-needed', { ...paymentNeeded, amount: 14.99 })).toThrow('payment-needed.amount must be an integer');
    expect(() => renderEmail('payment-needed', { amount: 1499, currency: 'USD' })).toThrow('payment-needed.orderId must be a non-empty string');
    expect(() => renderEmail('payment-needed', { ...paymentNeeded, currency: 'usd' })).toThrow('ISO 4217');
  });

  it('declares the secrets of each template: a gift certificate code renders, and is what the outbox removes once sent', () => {
    expect(Object.keys(EMAIL_SECRET_FIELDS).sort()).toEqual([...EMAIL_TEMPLATES].sort());
    expect(EMAIL_SECRET_FIELDS['gift-certificate-received']).toEqual(['code']);
    expect(secretFieldsOf('order-placed')).toEqual([]);
    expect(secretFieldsOf('no-such-template')).toEqual([]);
    // without its secrets the data still renders (the outbox keeps the row readable)
    const { code: _code, ...redacted } = giftCertificate;
    expect(() => renderEmail('gift-certificate-received', redacted)).not.toThrow();
  });

  it('refuses data a template cannot use, naming the field', () => {
    expect(() => renderEmail('order-placed', { ...orderPlaced, orderId: '' })).toThrow('order-placed.orderId must be a non-empty string');
    expect(() => renderEmail('order-placed', { ...orderPlaced, lines: [] })).toThrow('order-placed.lines must be a non-empty list');
    expect(() => renderEmail('order-placed', { ...orderPlaced, total: 12.5 })).toThrow('order-placed.total must be an integer');
    expect(() => renderEmail('order-placed', { ...orderPlaced, lines: [{ name: 'x', quantity: 0, lineTotal: 1 }] })).toThrow('order-placed.lines[0].quantity');
    expect(() => renderEmail('order-shipped', { orderId: 'o', lines: [{ name: 'x', quantity: 1 }] })).toThrow('storeName or');
    expect(() => renderEmail('gift-certificate-received', { ...giftCertificate, claimUrl: 'javascript:alert(1)' })).toThrow('claimUrl must be an http(s) URL');
    expect(() => renderEmail('gift-certificate-received', { ...giftCertificate, currency: 'usd' })).toThrow('ISO 4217');
    expect(() => renderEmail('nope' as never, {})).toThrow('unknown email template');
  });
});
