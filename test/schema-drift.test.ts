import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeSupergraphFromFiles, REPO_ROOT, SUPERGRAPH_FILE } from '../lib/composition.js';

// Subgraphs with an SDL of their own; a wrapper that serves another subgraph's SDL
// (subgraphs/inventory-rest serves the inventory contract) has nothing to generate.
const subgraphsWithSdl = () => readdirSync(path.join(REPO_ROOT, 'subgraphs')).filter((name) => existsSync(path.join(REPO_ROOT, 'subgraphs', name, 'schema.graphql')));

describe('schema drift', () => {
  it('the committed supergraph matches the subgraph SDLs (run `npm run compose`)', () => {
    expect(readFileSync(SUPERGRAPH_FILE, 'utf8')).toBe(composeSupergraphFromFiles());
  });

  it('generated resolver types match the SDLs (run `npm run codegen`)', () => {
    // Generate into a scratch copy so the check never rewrites the working tree.
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'cartstart-codegen-'));
    try {
      cpSync(path.join(REPO_ROOT, 'codegen.ts'), path.join(scratch, 'codegen.ts'));
      for (const name of subgraphsWithSdl()) {
        cpSync(path.join(REPO_ROOT, 'subgraphs', name, 'schema.graphql'), path.join(scratch, 'subgraphs', name, 'schema.graphql'));
      }
      execFileSync(path.join(REPO_ROOT, 'node_modules/.bin/graphql-codegen'), ['--config', 'codegen.ts', '--silent'], {
        cwd: scratch,
        stdio: 'pipe',
        env: { ...process.env, NODE_PATH: path.join(REPO_ROOT, 'node_modules') },
      });
      for (const name of subgraphsWithSdl()) {
        const rel = path.join('subgraphs', name, '__generated__', 'resolvers-types.ts');
        expect(readFileSync(path.join(scratch, rel), 'utf8'), rel).toBe(readFileSync(path.join(REPO_ROOT, rel), 'utf8'));
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 120_000);
});
