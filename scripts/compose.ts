// Recomposes schema/supergraph.graphql from the subgraph SDLs.
// `--check`: exit 1 when the committed supergraph is stale (CI and tests use it).
import { readFileSync, writeFileSync } from 'node:fs';
import { composeSupergraphFromFiles, SUPERGRAPH_FILE } from '../lib/composition.js';

const sdl = composeSupergraphFromFiles();
if (process.argv.includes('--check')) {
  const committed = readFileSync(SUPERGRAPH_FILE, 'utf8');
  if (committed !== sdl) {
    console.error('schema/supergraph.graphql is stale: run `npm run compose`');
    process.exit(1);
  }
  console.log('schema/supergraph.graphql is up to date');
} else {
  writeFileSync(SUPERGRAPH_FILE, sdl);
  console.log(`wrote ${SUPERGRAPH_FILE}`);
}
