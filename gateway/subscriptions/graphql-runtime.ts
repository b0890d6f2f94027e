import { createRequire } from 'node:module';

/**
 * The graphql instance @apollo/gateway and graphql-ws run on (graphql's CommonJS build).
 * Node already resolves `import 'graphql'` to it, but runners that honour the package's
 * "module" field (vitest inlining our sources) would load the ESM build as a second
 * copy, and a schema or GraphQLError made by one copy fails the other's instanceof
 * checks. Everything here that touches the gateway's schemas or errors goes through it.
 */
export const graphql: typeof import('graphql') = createRequire(import.meta.url)('graphql');
