import { describe, expect, it } from 'vitest';
import { bestPrice, isEntitled, priceRuleFromWire, priceRuleToWire, pricingContextOf, type PriceRule, type PricingContext } from './pricing.js';

const AT = new Date('2026-03-01T12:00:00Z');
const LIST = { amount: 1000, currency: 'USD' };
const ms = (offset: number) => new Date(AT.getTime() + offset);

let seq = 0;
function rule(overrides: Partial<PriceRule>): PriceRule {
  return { id: `r${String(++seq).padStart(3, '0')}`, storeId: 'store-a', sku: 'book-1', kind: 'SALE', amount: 800, currency: 'USD', ...overrides };
}
function ctx(overrides: Partial<PricingContext> = {}): PricingContext {
  return { offerCodes: [], at: AT, ...overrides };
}

describe('bestPrice', () => {
  it('is the list price without rules', () => {
    expect(bestPrice(LIST, [], ctx())).toEqual({ amount: 1000, currency: 'USD', listAmount: 1000 });
  });

  it('applies an unconditional sale', () => {
    const sale = rule({ amount: 750 });
    expect(bestPrice(LIST, [sale], ctx())).toEqual({ amount: 750, currency: 'USD', listAmount: 1000, rule: sale });
  });

  describe('CLASS_PRICE', () => {
    const wholesale = rule({ kind: 'CLASS_PRICE', priceClass: 'WHOLESALE', amount: 600 });

    it('applies to a shopper of that class', () => {
      expect(bestPrice(LIST, [wholesale], ctx({ priceClass: 'WHOLESALE' }))).toMatchObject({ amount: 600, rule: wholesale });
    });

    it('does not apply to another class, nor to a shopper without a class', () => {
      expect(bestPrice(LIST, [wholesale], ctx({ priceClass: 'STAFF' }))).toEqual({ amount: 1000, currency: 'USD', listAmount: 1000 });
      expect(bestPrice(LIST, [wholesale], ctx())).toEqual({ amount: 1000, currency: 'USD', listAmount: 1000 });
    });

    it('is case-sensitive (classes are stored upper-case)', () => {
      expect(bestPrice(LIST, [wholesale], ctx({ priceClass: 'wholesale' })).amount).toBe(1000);
    });

    it('without a class never applies (malformed rule)', () => {
      const broken = rule({ kind: 'CLASS_PRICE', amount: 1 });
      expect(bestPrice(LIST, [broken], ctx({ priceClass: 'WHOLESALE' })).amount).toBe(1000);
      expect(bestPrice(LIST, [broken], ctx()).amount).toBe(1000);
    });
  });

  describe('SALE windows are half-open [startsAt, endsAt)', () => {
    const windowed = rule({ amount: 500, startsAt: ms(-60_000), endsAt: ms(60_000) });

    it('applies inside the window', () => {
      expect(bestPrice(LIST, [windowed], ctx()).amount).toBe(500);
    });

    it('applies from startsAt exactly', () => {
      expect(bestPrice(LIST, [windowed], ctx({ at: ms(-60_000) })).amount).toBe(500);
    });

    it('does not apply one millisecond before startsAt', () => {
      expect(bestPrice(LIST, [windowed], ctx({ at: ms(-60_001) })).amount).toBe(1000);
    });

    it('applies one millisecond before endsAt', () => {
      expect(bestPrice(LIST, [windowed], ctx({ at: ms(59_999) })).amount).toBe(500);
    });

    it('does not apply at endsAt exactly, nor after', () => {
      expect(bestPrice(LIST, [windowed], ctx({ at: ms(60_000) })).amount).toBe(1000);
      expect(bestPrice(LIST, [windowed], ctx({ at: ms(3_600_000) })).amount).toBe(1000);
    });

    it('a window in the past does not apply', () => {
      const past = rule({ amount: 100, startsAt: ms(-7_200_000), endsAt: ms(-3_600_000) });
      expect(bestPrice(LIST, [past], ctx())).toEqual({ amount: 1000, currency: 'USD', listAmount: 1000 });
    });

    it('open-ended on either side', () => {
      expect(bestPrice(LIST, [rule({ amount: 500, startsAt: ms(-1) })], ctx()).amount).toBe(500);
      expect(bestPrice(LIST, [rule({ amount: 500, startsAt: ms(1) })], ctx()).amount).toBe(1000);
      expect(bestPrice(LIST, [rule({ amount: 500, endsAt: ms(1) })], ctx()).amount).toBe(500);
      expect(bestPrice(LIST, [rule({ amount: 500, endsAt: AT })], ctx()).amount).toBe(1000);
    });
  });

  describe('SALE with an offer code', () => {
    const coded = rule({ amount: 700, offerCode: 'SPRING-25' });

    it('does not apply without the code', () => {
      expect(bestPrice(LIST, [coded], ctx()).amount).toBe(1000);
      expect(bestPrice(LIST, [coded], ctx({ offerCodes: ['OTHER'] })).amount).toBe(1000);
    });

    it('applies with the code attached (among others)', () => {
      expect(bestPrice(LIST, [coded], ctx({ offerCodes: ['OTHER', 'SPRING-25'] }))).toMatchObject({ amount: 700, rule: coded });
    });

    it('compares codes case-insensitively', () => {
      expect(bestPrice(LIST, [coded], ctx({ offerCodes: ['spring-25'] })).amount).toBe(700);
    });

    it('needs both the code and the window', () => {
      const both = rule({ amount: 650, offerCode: 'VIP', startsAt: ms(1_000), endsAt: ms(2_000) });
      expect(bestPrice(LIST, [both], ctx({ offerCodes: ['VIP'] })).amount).toBe(1000);
      expect(bestPrice(LIST, [both], ctx({ offerCodes: ['VIP'], at: ms(1_500) })).amount).toBe(650);
      expect(bestPrice(LIST, [both], ctx({ at: ms(1_500) })).amount).toBe(1000);
    });
  });

  it('a SALE restricted to a class applies only to that class', () => {
    const staffSale = rule({ amount: 400, priceClass: 'STAFF' });
    expect(bestPrice(LIST, [staffSale], ctx({ priceClass: 'STAFF' })).amount).toBe(400);
    expect(bestPrice(LIST, [staffSale], ctx({ priceClass: 'WHOLESALE' })).amount).toBe(1000);
    expect(bestPrice(LIST, [staffSale], ctx()).amount).toBe(1000);
  });

  it('the lowest entitled price wins, whatever the order of the rules', () => {
    const classPrice = rule({ kind: 'CLASS_PRICE', priceClass: 'WHOLESALE', amount: 600 });
    const sale = rule({ amount: 800 });
    const coded = rule({ amount: 550, offerCode: 'DEAL' });
    const notEntitled = rule({ amount: 10, offerCode: 'SECRET' });
    const context = ctx({ priceClass: 'WHOLESALE', offerCodes: ['DEAL'] });
    for (const rules of [[classPrice, sale, coded, notEntitled], [notEntitled, coded, sale, classPrice]]) {
      expect(bestPrice(LIST, rules, context)).toEqual({ amount: 550, currency: 'USD', listAmount: 1000, rule: coded });
    }
    expect(bestPrice(LIST, [classPrice, sale, coded], ctx({ priceClass: 'WHOLESALE' }))).toMatchObject({ amount: 600, rule: classPrice });
    expect(bestPrice(LIST, [classPrice, sale, coded], ctx())).toMatchObject({ amount: 800, rule: sale });
  });

  it('ties between rules go to the smaller id (stable)', () => {
    const a = rule({ id: 'b-rule', amount: 700 });
    const b = rule({ id: 'a-rule', amount: 700 });
    expect(bestPrice(LIST, [a, b], ctx()).rule).toBe(b);
    expect(bestPrice(LIST, [b, a], ctx()).rule).toBe(b);
  });

  it('ignores rules in another currency', () => {
    const eur = rule({ amount: 1, currency: 'EUR' });
    expect(bestPrice(LIST, [eur], ctx())).toEqual({ amount: 1000, currency: 'USD', listAmount: 1000 });
    expect(bestPrice({ amount: 900, currency: 'EUR' }, [eur], ctx())).toMatchObject({ amount: 1, currency: 'EUR', listAmount: 900 });
  });

  it('never raises the price: a rule above the list price is never chosen', () => {
    const above = rule({ kind: 'CLASS_PRICE', priceClass: 'WHOLESALE', amount: 1500 });
    expect(bestPrice(LIST, [above], ctx({ priceClass: 'WHOLESALE' }))).toEqual({ amount: 1000, currency: 'USD', listAmount: 1000 });
  });

  it('a rule equal to the list price is not reported as applied', () => {
    expect(bestPrice(LIST, [rule({ amount: 1000 })], ctx())).toEqual({ amount: 1000, currency: 'USD', listAmount: 1000 });
  });

  it('a rule of 0 (free) applies', () => {
    expect(bestPrice(LIST, [rule({ amount: 0, offerCode: 'FREEBIE' })], ctx({ offerCodes: ['FREEBIE'] })).amount).toBe(0);
  });

  it('ignores rules with malformed amounts', () => {
    expect(bestPrice(LIST, [rule({ amount: -5 }), rule({ amount: 12.5 }), rule({ amount: Number.NaN })], ctx()).amount).toBe(1000);
  });
});

describe('isEntitled', () => {
  it('decides on class, code and window; not on amount or currency', () => {
    expect(isEntitled(rule({ amount: 99_999, currency: 'JPY' }), ctx())).toBe(true);
    expect(isEntitled(rule({ priceClass: 'A' }), ctx({ priceClass: 'A' }))).toBe(true);
    expect(isEntitled(rule({ offerCode: 'X1Y' }), ctx())).toBe(false);
  });
});

describe('pricingContextOf', () => {
  it('reads the identity: class and codes (none: empty)', () => {
    expect(pricingContextOf({}, AT)).toEqual({ offerCodes: [], at: AT });
    expect(pricingContextOf({ priceClass: 'WHOLESALE', offerCodes: ['VIP'] }, AT)).toEqual({ priceClass: 'WHOLESALE', offerCodes: ['VIP'], at: AT });
  });
});

describe('the wire form', () => {
  it('round-trips a rule (dates as ISO 8601)', () => {
    const full = rule({ priceClass: 'STAFF', offerCode: 'VIP', startsAt: ms(-1_000), endsAt: ms(1_000) });
    const wire = priceRuleToWire(full);
    expect(wire.startsAt).toBe(ms(-1_000).toISOString());
    expect(priceRuleFromWire(JSON.parse(JSON.stringify(wire)))).toEqual(full);
    const bare = rule({ kind: 'CLASS_PRICE', priceClass: 'WHOLESALE' });
    expect(priceRuleToWire(bare)).not.toHaveProperty('startsAt');
    expect(priceRuleFromWire(priceRuleToWire(bare))).toEqual(bare);
  });

  it('refuses what is not a rule', () => {
    const good = priceRuleToWire(rule({}));
    for (const bad of [null, 'x', { ...good, kind: 'DISCOUNT' }, { ...good, amount: -1 }, { ...good, amount: '5' }, { ...good, currency: 'usd' }, { ...good, startsAt: 'yesterday' }, { ...good, offerCode: 5 }, { ...good, id: 1 }]) {
      expect(priceRuleFromWire(bad)).toBeNull();
    }
  });
});
