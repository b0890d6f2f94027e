import {
  Kind,
  print,
  visit,
  type ASTNode,
  type DefinitionNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type OperationDefinitionNode,
  type SelectionNode,
  type ValueNode,
} from 'graphql';

/**
 * Pure routing rules for the per-store `inventory` subgraph. Every store serves the same
 * contract, so the query planner sees one subgraph; these functions split each fetch it
 * plans into one request per owning store and merge the answers back.
 */

export type Representation = Record<string, unknown>;
export type Variables = Record<string, unknown>;

/** Which argument of a root field names the store (Query.store(id:), Query.item(storeId:)). */
export type StoreArguments = Readonly<Record<string, string>>;
export const DEFAULT_STORE_ARGUMENTS: StoreArguments = Object.freeze({ store: 'id' });
/** Root fields not listed above carry the store in this argument. */
export const DEFAULT_STORE_ARGUMENT = 'storeId';

// ---------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------

/** The single operation of a subgraph fetch (the planner sends exactly one). */
export function operationOf(document: DocumentNode): OperationDefinitionNode {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1) throw new Error(`expected one operation in a subgraph fetch, got ${operations.length}`);
  return operations[0];
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  return new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
}

/**
 * The root fields of the operation, with root-level fragments flattened (the planner
 * may reuse fragments; a store must only get its own fields either way).
 */
export function rootFields(document: DocumentNode): FieldNode[] {
  const fragments = fragmentsOf(document);
  const out: FieldNode[] = [];
  const walk = (selections: readonly SelectionNode[]) => {
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD) out.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet.selections);
      else {
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet.selections);
      }
    }
  };
  walk(operationOf(document).selectionSet.selections);
  return out;
}

/** True for an `_entities(representations: ...)` fetch. */
export function isEntityFetch(document: DocumentNode): boolean {
  return rootFields(document).some((f) => f.name.value === '_entities');
}

export const responseKeyOf = (field: FieldNode): string => field.alias?.value ?? field.name.value;

// ---------------------------------------------------------------------------------
// Entity fetches
// ---------------------------------------------------------------------------------

/** The owning store of an entity representation: Item/… by `storeId`, Store by `id`. */
export function storeIdOfRepresentation(representation: Representation): string | undefined {
  const storeId = representation.__typename === 'Store' ? representation.id : representation.storeId;
  return typeof storeId === 'string' && storeId !== '' ? storeId : undefined;
}

export interface RepresentationGroup {
  storeId: string;
  /** Positions of this group's representations in the original list, in order. */
  indices: number[];
  representations: Representation[];
}

/** Groups representations by owning store, keeping first-seen store order. */
export function groupRepresentationsByStore(representations: readonly Representation[]): {
  groups: RepresentationGroup[];
  /** Positions of representations with no store id (answered null). */
  unrouted: number[];
} {
  const byStore = new Map<string, RepresentationGroup>();
  const unrouted: number[] = [];
  representations.forEach((representation, index) => {
    const storeId = storeIdOfRepresentation(representation);
    if (storeId === undefined) {
      unrouted.push(index);
      return;
    }
    let group = byStore.get(storeId);
    if (!group) byStore.set(storeId, (group = { storeId, indices: [], representations: [] }));
    group.indices.push(index);
    group.representations.push(representation);
  });
  return { groups: [...byStore.values()], unrouted };
}

/**
 * Puts each store's `_entities` back at the original positions. A store without an
 * answer (`entities: null`) leaves nulls, as does any position no part covers.
 */
export function mergeEntities(total: number, parts: ReadonlyArray<{ indices: readonly number[]; entities: readonly unknown[] | null }>): unknown[] {
  const merged: unknown[] = new Array(total).fill(null);
  for (const { indices, entities } of parts) {
    if (!entities) continue;
    indices.forEach((originalIndex, local) => {
      merged[originalIndex] = entities[local] ?? null;
    });
  }
  return merged;
}

/**
 * A store numbers its `_entities` from 0; the gateway maps `["_entities", i, ...]` to
 * the response path, so `i` must be the position in the original fetch.
 */
export function remapEntityErrorPath(error: GraphQLFormattedError, indices: readonly number[]): GraphQLFormattedError {
  const path = error.path;
  if (!path || path[0] !== '_entities' || typeof path[1] !== 'number') return error;
  const original = indices[path[1]];
  if (original === undefined) return error;
  return { ...error, path: ['_entities', original, ...path.slice(2)] };
}

// ---------------------------------------------------------------------------------
// Root-field fetches
// ---------------------------------------------------------------------------------

/** A literal or variable argument value as a store id (undefined when not a usable string). */
export function storeIdFromValue(value: ValueNode | undefined, variables: Variables, defaults: ReadonlyMap<string, ValueNode>): string | undefined {
  if (!value) return undefined;
  if (value.kind === Kind.STRING || value.kind === Kind.INT) return value.value || undefined;
  if (value.kind === Kind.VARIABLE) {
    const name = value.name.value;
    const provided = Object.hasOwn(variables, name) ? variables[name] : undefined;
    if (typeof provided === 'string') return provided || undefined;
    if (typeof provided === 'number') return String(provided);
    if (provided === undefined) return storeIdFromValue(defaults.get(name), variables, new Map());
  }
  return undefined;
}

export interface RootFieldRoute {
  field: FieldNode;
  responseKey: string;
  /** undefined for fields that name no store (meta fields such as `__typename`). */
  storeId: string | undefined;
  /** `__typename` and friends: answerable by any store. */
  meta: boolean;
}

/** The store each root field of the operation belongs to, from its store argument. */
export function routeRootFields(document: DocumentNode, variables: Variables, storeArguments: StoreArguments = DEFAULT_STORE_ARGUMENTS): RootFieldRoute[] {
  const operation = operationOf(document);
  const defaults = new Map<string, ValueNode>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) defaults.set(definition.variable.name.value, definition.defaultValue);
  }
  return rootFields(document).map((field) => {
    const name = field.name.value;
    const meta = name.startsWith('__');
    const argumentName = storeArguments[name] ?? DEFAULT_STORE_ARGUMENT;
    const argument = field.arguments?.find((a) => a.name.value === argumentName);
    return { field, responseKey: responseKeyOf(field), storeId: meta ? undefined : storeIdFromValue(argument?.value, variables, defaults), meta };
  });
}

/**
 * Removes variable definitions and fragment definitions the operation no longer uses
 * (GraphQL validation refuses both once some root fields are taken out).
 */
export function pruneUnused(document: DocumentNode): DocumentNode {
  const operation = operationOf(document);
  const fragments = fragmentsOf(document);
  const usedVariables = new Set<string>();
  const usedFragments = new Set<string>();
  const collect = (node: ASTNode) => {
    visit(node, {
      // a default value is not a use; only variables inside selections count
      VariableDefinition: () => false,
      Variable: (v) => {
        usedVariables.add(v.name.value);
      },
      FragmentSpread: (spread) => {
        const name = spread.name.value;
        if (usedFragments.has(name)) return;
        usedFragments.add(name);
        const fragment = fragments.get(name);
        if (fragment) collect(fragment);
      },
    });
  };
  collect(operation.selectionSet);
  // directives on the operation itself may use variables too
  for (const directive of operation.directives ?? []) collect(directive);

  const definitions: DefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      definitions.push({
        ...definition,
        variableDefinitions: (definition.variableDefinitions ?? []).filter((d) => usedVariables.has(d.variable.name.value)),
      });
    } else if (definition.kind !== Kind.FRAGMENT_DEFINITION || usedFragments.has(definition.name.value)) {
      definitions.push(definition);
    }
  }
  return { ...document, definitions };
}

/** Only the variables the operation declares. */
export function pickDeclaredVariables(document: DocumentNode, variables: Variables): Variables {
  const out: Variables = {};
  for (const definition of operationOf(document).variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (Object.hasOwn(variables, name)) out[name] = variables[name];
  }
  return out;
}

/** The operation with its root selection replaced by `fields`, unused definitions pruned. */
export function withRootFields(document: DocumentNode, fields: readonly FieldNode[]): DocumentNode {
  const operation = operationOf(document);
  const replaced = document.definitions.map((d) =>
    d === operation ? { ...operation, selectionSet: { ...operation.selectionSet, selections: [...fields] } } : d,
  );
  return pruneUnused({ ...document, definitions: replaced });
}

export interface StoreRootRequest {
  storeId: string;
  responseKeys: string[];
  query: string;
  variables: Variables;
}

export interface RootFieldSplit {
  requests: StoreRootRequest[];
  /** Fields naming no usable store id: answered null. */
  unrouted: string[];
  /** Meta fields when no store gets a request (answered by the gateway itself). */
  metaOnly: string[];
}

/**
 * One request per store holding only that store's root fields (meta fields such as
 * `__typename` ride along with every store). Stores are in first-seen order.
 */
export function splitRootFieldsByStore(
  document: DocumentNode,
  variables: Variables,
  storeArguments: StoreArguments = DEFAULT_STORE_ARGUMENTS,
): RootFieldSplit {
  const routes = routeRootFields(document, variables, storeArguments);
  const meta = routes.filter((r) => r.meta);
  const byStore = new Map<string, RootFieldRoute[]>();
  const unrouted: string[] = [];
  for (const route of routes) {
    if (route.meta) continue;
    if (route.storeId === undefined) {
      unrouted.push(route.responseKey);
      continue;
    }
    const list = byStore.get(route.storeId) ?? [];
    list.push(route);
    byStore.set(route.storeId, list);
  }
  const requests = [...byStore].map(([storeId, own]) => {
    const pruned = withRootFields(document, [...own, ...meta].map((r) => r.field));
    return {
      storeId,
      responseKeys: own.map((r) => r.responseKey),
      query: print(pruned),
      variables: pickDeclaredVariables(pruned, variables),
    };
  });
  return { requests, unrouted, metaOnly: requests.length === 0 ? meta.map((r) => r.responseKey) : [] };
}

/** Merges each store's `data` (disjoint response keys) into one object; a failed store's keys are null. */
export function mergeRootData(parts: ReadonlyArray<{ responseKeys: readonly string[]; data: Record<string, unknown> | null }>, nullKeys: readonly string[] = []): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const key of nullKeys) merged[key] = null;
  for (const { responseKeys, data } of parts) {
    if (data) Object.assign(merged, data);
    for (const key of responseKeys) merged[key] = data?.[key] ?? null;
  }
  return merged;
}
