import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../lib/composition.js';

// The README is what store developers copy from: every ```graphql block in it must be
// valid against the committed supergraph's API schema, so a renamed field breaks a test,
// not an integration.
// federation-internals builds it with the CommonJS copy of graphql: print it with that copy,
// rebuild it with this module's (ESM) one
const cjsGraphql = createRequire(import.meta.url)('graphql') as typeof import('graphql');
const api = buildSchema(
  cjsGraphql.printSchema(Supergraph.build(readFileSync(path.join(REPO_ROOT, 'schema/supergraph.graphql'), 'utf8')).apiSchema().toGraphQLJSSchema()),
);
const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);

describe('README GraphQL examples', () => {
  it('has examples to check', () => {
    expect(blocks.length).toBeGreaterThan(5);
  });

  it.each(blocks.map((block, i) => [i + 1, block] as const))('example %i is valid against the supergraph', (_n, block) => {
    const errors = validate(api, parse(block))
      // several one-line operations per block are documentation, not one request
      .filter((e) => !/anonymous operation|must be unique/i.test(e.message))
      .map((e) => e.message);
    expect(errors).toEqual([]);
  });
});
