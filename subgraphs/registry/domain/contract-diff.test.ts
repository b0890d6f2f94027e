import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffContract } from './contract-diff.js';

const CONTRACT = readFileSync(new URL('../../inventory/schema.graphql', import.meta.url), 'utf8');

/** The contract with one textual change (the test fails loudly if the change did not apply). */
function edit(from: string | RegExp, to: string, sdl = CONTRACT): string {
  const changed = sdl.replace(from, to);
  if (changed === sdl) throw new Error(`edit did not apply: ${String(from)}`);
  return changed;
}

describe('diffContract', () => {
  it('accepts the contract itself', () => {
    expect(diffContract(CONTRACT, CONTRACT)).toEqual([]);
  });

  it('accepts extra types, fields and optional arguments', () => {
    const extended = edit('  available: Int!\n}', '  available: Int!\n  rating: Float\n  related(first: Int): [Item!]!\n}') + '\ntype Review { id: ID! }\n';
    expect(diffContract(CONTRACT, edit('item(sku: String!): Item', 'item(sku: String!, locale: String): Item', extended))).toEqual([]);
  });

  it('accepts the contract split into type extensions, with reformatted @key fields', () => {
    const split = edit(
      /type Query \{[^}]*\}/,
      'type Query {\n  store(id: ID!): Store\n}\nextend type Query {\n  item(storeId: ID!, sku: String!): Item\n}',
      edit('@key(fields: "storeId sku")', '@key(fields: "storeId   sku")'),
    );
    expect(diffContract(CONTRACT, split)).toEqual([]);
  });

  it('reports a missing field', () => {
    expect(diffContract(CONTRACT, edit('  price: Money!\n', ''))).toEqual(['Item.price: missing']);
  });

  it('reports a field of another type (nullability included)', () => {
    expect(diffContract(CONTRACT, edit('  price: Money!\n', '  price: Money\n'))).toEqual(['Item.price: type Money (contract: Money!)']);
    expect(diffContract(CONTRACT, edit('edges: [ItemEdge!]!', 'edges: [ItemEdge]!'))).toEqual(['ItemConnection.edges: type [ItemEdge]! (contract: [ItemEdge!]!)']);
  });

  it('reports missing and mistyped arguments, changed defaults, and extra required arguments', () => {
    expect(diffContract(CONTRACT, edit('items(first: Int = 20, after: String)', 'items(first: Int = 50, cursor: String, shelf: String!)'))).toEqual([
      'Store.items(first:): default 50 (contract: 20)',
      'Store.items(after:): missing',
      'Store.items(shelf:): required argument not in the contract (String!)',
    ]);
    expect(diffContract(CONTRACT, edit('release(ticketId: ID!)', 'release(ticketId: String!)'))).toEqual(['Mutation.release(ticketId:): type String! (contract: ID!)']);
  });

  it('reports a missing type, a type of another kind and a missing @key', () => {
    const sdl = edit(/type PageInfo @shareable \{[^}]*\}/, 'scalar PageInfo', edit(/scalar DateTime\n/, '', edit('type Item @key(fields: "storeId sku")', 'type Item')));
    expect(diffContract(CONTRACT, sdl)).toEqual(['DateTime: missing (contract: scalar)', 'PageInfo: is scalar (contract: object type)', 'Item: @key(fields: "storeId sku") missing']);
  });

  it('reports enum values and union members missing or not in the contract', () => {
    const sdl = edit('  RESERVATION_COMMITTED\n}', '  STORE_CLOSED\n}', edit('union ProtocolResult @inaccessible = Reservation | ProtocolError', 'union ProtocolResult = Reservation | Receipt'));
    expect(diffContract(CONTRACT, sdl + '\ntype Receipt { id: ID! }\n')).toEqual([
      'ProtocolErrorCode.RESERVATION_COMMITTED: enum value missing',
      'ProtocolErrorCode.STORE_CLOSED: enum value not in the contract (the exchange could not read it)',
      'ProtocolResult: union member ProtocolError missing',
      'ProtocolResult: union member Receipt not in the contract',
    ]);
  });

  it('checks input types: same field types and defaults, extra fields optional', () => {
    const contract = 'input Filter { q: String!, limit: Int = 10 }\ntype Query { find(filter: Filter!): [ID!]! }';
    expect(diffContract(contract, contract)).toEqual([]);
    expect(diffContract(contract, 'input Filter { q: String!, limit: Int = 10, tag: String }\ntype Query { find(filter: Filter!): [ID!]! }')).toEqual([]);
    expect(diffContract(contract, 'input Filter { q: String, limit: Int, shelf: ID! }\ntype Query { find(filter: Filter!): [ID!]! }')).toEqual([
      'Filter.q: type String (contract: String!)',
      'Filter.limit: default none (contract: 10)',
      'Filter.shelf: required input field not in the contract (ID!)',
    ]);
  });

  it('reports an interface the type no longer implements', () => {
    const contract = 'interface Node { id: ID! }\ntype Thing implements Node { id: ID! }\ntype Query { thing: Thing }';
    expect(diffContract(contract, 'interface Node { id: ID! }\ntype Thing { id: ID! }\ntype Query { thing: Thing }')).toEqual(['Thing: does not implement Node']);
  });

  it('reports an SDL that does not parse as one difference', () => {
    const [only, ...rest] = diffContract(CONTRACT, 'type Item {');
    expect(rest).toEqual([]);
    expect(only).toMatch(/^SDL: not valid GraphQL/);
  });
});
