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

/** One subgraph to compose: its name, routing URL and SDL text. */
export interface SubgraphSdl {
  name: string;
  url: string;
  sdl: string;
}

/**
 * The base subgraphs of the exchange (schema/supergraph.config.json) with their committed
 * SDLs; `urls` maps names to live URLs (default: the config's defaults).
 */
export function readBaseSubgraphs(urls: Record<string, string | undefined> = {}, subgraphs = readSubgraphConfig()): SubgraphSdl[] {
  return subgraphs.map((s) => ({ name: s.name, url: urls[s.name] ?? s.defaultUrl, sdl: readFileSync(path.join(REPO_ROOT, s.schema), 'utf8') }));
}

export type CompositionOutcome = { ok: true; supergraphSdl: string } | { ok: false; errors: string[] };

/** Composes subgraphs given as SDL text; an SDL that does not parse is a composition error too. */
export function composeSubgraphSdls(subgraphs: SubgraphSdl[]): CompositionOutcome {
  const services = [];
  for (const s of subgraphs) {
    try {
      services.push({ name: s.name, url: s.url, typeDefs: parse(s.sdl) });
    } catch (error) {
      return { ok: false, errors: [`[${s.name}] SDL does not parse: ${(error as Error).message}`] };
    }
  }
  let result: ReturnType<typeof composeServices>;
  try {
    result = composeServices(services);
  } catch (error) {
    return { ok: false, errors: [(error as Error).message] };
  }
  if (result.errors) return { ok: false, errors: result.errors.map((e) => e.message) };
  return { ok: true, supergraphSdl: result.supergraphSdl };
}
