import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

export interface SubgraphConfig {
  name: string;
  schema: string;
  urlEnv: string;
  defaultUrl: string;
}

export const REPO_ROOT = path.resolve(new URL('..', import.meta.url).pathname);
export const SUPERGRAPH_CONFIG = path.join(REPO_ROOT, 'schema/supergraph.config.json');
export const SUPERGRAPH_FILE = path.join(REPO_ROOT, 'schema/supergraph.graphql');

export function readSubgraphConfig(file = SUPERGRAPH_CONFIG): SubgraphConfig[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { subgraphs: SubgraphConfig[] }).subgraphs;
}

/**
 * Composes the committed subgraph SDLs into a supergraph SDL. The URLs baked in are the
 * defaults; a gateway maps them to live URLs at run time (and routes `inventory` per store).
 */
export function composeSupergraphFromFiles(subgraphs = readSubgraphConfig()): string {
  const result = composeServices(
    subgraphs.map((s) => ({ name: s.name, url: s.defaultUrl, typeDefs: parse(readFileSync(path.join(REPO_ROOT, s.schema), 'utf8')) })),
  );
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}
