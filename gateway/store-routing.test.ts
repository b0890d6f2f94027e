import { parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  groupRepresentationsByStore,
  isEntityFetch,
  mergeEntities,
  mergeRootData,
  pickDeclaredVariables,
  pruneUnused,
  remapEntityErrorPath,
  routeRootFields,
  splitRootFieldsByStore,
  storeIdOfRepresentation,
} from './store-routing.js';

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('entity routing', () => {
  it('reads the store from Item.storeId and Store.id', () => {
    expect(storeIdOfRepresentation({ __typename: 'Item', storeId: 'a', sku: '1' })).toBe('a');
    expect(storeIdOfRepresentation({ __typename: 'Store', id: 'b' })).toBe('b');
    expect(storeIdOfRepresentation({ __typename: 'Item', sku: '1' })).toBeUndefined();
    expect(storeIdOfRepresentation({ __typename: 'Item', storeId: '', sku: '1' })).toBeUndefined();
    expect(storeIdOfRepresentation({ __typename: 'Item', storeId: 7, sku: '1' })).toBeUndefined();
  });

  it('groups representations per store keeping original positions', () => {
    const reps = [
      { __typename: 'Item', storeId: 'a', sku: '1' },
      { __typename: 'Item', storeId: 'b', sku: '1' },
      { __typename: 'Store', id: 'a' },
      { __typename: 'Item', sku: 'orphan' },
      { __typename: 'Item', storeId: 'b', sku: '2' },
    ];
    const { groups, unrouted } = groupRepresentationsByStore(reps);
    expect(groups.map((g) => [g.storeId, g.indices])).toEqual([
      ['a', [0, 2]],
      ['b', [1, 4]],
    ]);
    expect(groups[1].representations).toEqual([reps[1], reps[4]]);
    expect(unrouted).toEqual([3]);
  });

  it('merges per-store entities back in the original order, nulls for failed stores', () => {
    const merged = mergeEntities(5, [
      { indices: [0, 2], entities: [{ n: 'a1' }, { n: 'a-store' }] },
      { indices: [1, 4], entities: null },
    ]);
    expect(merged).toEqual([{ n: 'a1' }, null, { n: 'a-store' }, null, null]);
  });

  it('maps a store-local _entities error path to the original position', () => {
    const error = { message: 'x', path: ['_entities', 1, 'price'] };
    expect(remapEntityErrorPath(error, [3, 7]).path).toEqual(['_entities', 7, 'price']);
    expect(remapEntityErrorPath({ message: 'y' }, [3]).path).toBeUndefined();
  });

  it('tells entity fetches from root-field fetches', () => {
    expect(isEntityFetch(parse('query($representations:[_Any!]!){_entities(representations:$representations){...on Item{name}}}'))).toBe(true);
    expect(isEntityFetch(parse('{ store(id: "a") { name } }'))).toBe(false);
  });
});

describe('root-field routing', () => {
  it('reads store ids from literals, variables and variable defaults', () => {
    const doc = parse(`query($s: ID!, $d: ID = "d", $sku: String!) {
      one: store(id: "a") { name }
      two: store(id: $s) { name }
      three: item(storeId: $d, sku: $sku) { name }
      four: item(storeId: $missing, sku: "x") { name }
      __typename
    }`);
    const routes = routeRootFields(doc, { s: 'b', sku: '1' });
    expect(routes.map((r) => [r.responseKey, r.storeId, r.meta])).toEqual([
      ['one', 'a', false],
      ['two', 'b', false],
      ['three', 'd', false],
      ['four', undefined, false],
      ['__typename', undefined, true],
    ]);
  });

  it('splits root fields into one request per store with only the variables each uses', () => {
    const doc = parse(`query Op($a: ID!, $b: ID!, $first: Int) {
      x: store(id: $a) { name items(first: $first) { totalCount } }
      y: store(id: $b) { name }
      z: item(storeId: "a", sku: "42") { name }
    }`);
    const split = splitRootFieldsByStore(doc, { a: 'a', b: 'b', first: 3 });
    expect(split.unrouted).toEqual([]);
    expect(split.requests.map((r) => [r.storeId, r.responseKeys, r.variables])).toEqual([
      ['a', ['x', 'z'], { a: 'a', first: 3 }],
      ['b', ['y'], { b: 'b' }],
    ]);
    expect(squash(split.requests[1].query)).toBe('query Op($b: ID!) { y: store(id: $b) { name } }');
    expect(squash(split.requests[0].query)).toContain('query Op($a: ID!, $first: Int)');
  });

  it('keeps only the fragments a store request still uses', () => {
    const doc = parse(`query($b: ID!) { a: store(id: "a") { ...S } b: store(id: $b) { ...T } }
      fragment S on Store { name }
      fragment T on Store { currency item(sku: "1") { ...I } }
      fragment I on Item { name }`);
    const { requests } = splitRootFieldsByStore(doc, { b: 'b' });
    const [forA, forB] = requests.map((r) => squash(r.query));
    expect(forA).toContain('fragment S on Store');
    expect(forA).not.toContain('fragment T');
    expect(forA).not.toContain('$b');
    expect(forB).toContain('fragment T on Store');
    expect(forB).toContain('fragment I on Item');
    expect(forB).not.toContain('fragment S');
  });

  it('sends meta fields with each store and answers them locally when no store is asked', () => {
    const split = splitRootFieldsByStore(parse('{ __typename s: store(id: "a") { name } }'), {});
    expect(split.requests[0].responseKeys).toEqual(['s']);
    expect(split.requests[0].query).toContain('__typename');
    expect(splitRootFieldsByStore(parse('{ __typename }'), {}).metaOnly).toEqual(['__typename']);
  });

  it('reports fields without a usable store id as unrouted', () => {
    const split = splitRootFieldsByStore(parse('query($s: ID) { store(id: $s) { name } }'), {});
    expect(split.requests).toEqual([]);
    expect(split.unrouted).toEqual(['store']);
  });

  it('prunes unused variable definitions, including ones only used in their own default', () => {
    const doc = parse('query($a: ID!, $b: Int = 1, $c: Boolean!) { store(id: $a) { name @include(if: $c) } }');
    expect(squash(print(pruneUnused(doc)))).toBe('query ($a: ID!, $c: Boolean!) { store(id: $a) { name @include(if: $c) } }');
    expect(pickDeclaredVariables(pruneUnused(doc), { a: 'x', b: 2, c: true })).toEqual({ a: 'x', c: true });
  });

  it('merges root data, null for failed stores and unrouted fields', () => {
    const merged = mergeRootData(
      [
        { responseKeys: ['x'], data: { x: { name: 'A' }, __typename: 'Query' } },
        { responseKeys: ['y', 'w'], data: null },
      ],
      ['u'],
    );
    expect(merged).toEqual({ u: null, x: { name: 'A' }, __typename: 'Query', y: null, w: null });
  });
});
