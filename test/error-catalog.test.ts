import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse, Kind, type EnumTypeDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { errorCatalog } from '../lib/errors.js';
import { REPO_ROOT } from '../lib/composition.js';

const documented = readFileSync(path.join(REPO_ROOT, 'docs/errors.md'), 'utf8');
const documentedCodes = new Set([...documented.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]));

function schemaErrorCodes(): Map<string, string> {
  const codes = new Map<string, string>();
  for (const name of readdirSync(path.join(REPO_ROOT, 'subgraphs'))) {
    const file = path.join(REPO_ROOT, 'subgraphs', name, 'schema.graphql');
    let sdl: string;
    try {
      sdl = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const def of parse(sdl).definitions) {
      if (def.kind === Kind.ENUM_TYPE_DEFINITION && /ErrorCode$/.test(def.name.value)) {
        for (const value of (def as EnumTypeDefinitionNode).values ?? []) codes.set(value.name.value, name);
      }
    }
  }
  return codes;
}

describe('error catalog', () => {
  it('documents every catalogued code in docs/errors.md', () => {
    const missing = Object.keys(errorCatalog).filter((code) => !documentedCodes.has(code));
    expect(missing).toEqual([]);
  });

  it('documents no code that the catalog lacks', () => {
    const extra = [...documentedCodes].filter((code) => !(code in errorCatalog));
    expect(extra).toEqual([]);
  });

  it('catalogues every ErrorCode value used in a subgraph schema', () => {
    const uncatalogued = [...schemaErrorCodes()].filter(([code]) => !(code in errorCatalog)).map(([code, sg]) => `${sg}: ${code}`);
    expect(uncatalogued).toEqual([]);
  });
});
