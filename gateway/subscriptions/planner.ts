import { createHash } from 'node:crypto';
import { buildOperationContext, type GraphQLDataSource } from '@apollo/gateway';
import { operationFromDocument, Supergraph, type Schema } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type PlanNode } from '@apollo/query-planner';
import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import { graphql } from './graphql-runtime.js';

const { getOperationAST, getVariableValues, parse, validate } = graphql;

type OperationContext = ReturnType<typeof buildOperationContext>;

/** Plans kept per supergraph generation (most recently built first out when full). */
const DEFAULT_PLAN_CACHE_SIZE = 1_000;

/**
 * One supergraph as loaded by the gateway: what validating, planning and executing an
 * operation needs. A live subscription keeps the generation it was planned with, so a
 * supergraph update never pulls the plan from under it.
 */
export interface SchemaGeneration {
  readonly id: number;
  /** The schema clients see (validation, introspection). */
  readonly apiSchema: GraphQLSchema;
  /** The same API schema as federation-internals models it (operationFromDocument, executeQueryPlan). */
  readonly internalApiSchema: Schema;
  /** The full supergraph schema (entity representations, rewrites). */
  readonly supergraphSchema: GraphQLSchema;
  /** Data sources by subgraph name, as the gateway built them for this supergraph. */
  readonly services: Readonly<Record<string, GraphQLDataSource>>;
  /** HTTP URL of each fixed-URL subgraph (not the per-store inventory). */
  readonly urls: Readonly<Record<string, string>>;
}

/** A validated subscription with its plan: open `primary` on its subgraph, run `rest` per event. */
export interface PreparedSubscription {
  readonly kind: 'subscription';
  readonly generation: SchemaGeneration;
  /** Identifies (document, operation name) within a generation: the plan cache key. */
  readonly key: string;
  readonly document: DocumentNode;
  readonly operationName?: string;
  readonly operationContext: OperationContext;
  readonly primary: FetchNode;
  readonly rest?: PlanNode;
}

/** A query or mutation: the gateway's ordinary execution runs it. */
export interface PreparedOperation {
  readonly kind: 'query' | 'mutation';
  readonly generation: SchemaGeneration;
  readonly document: DocumentNode;
}

export interface OperationRequest {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

export type Preparation = PreparedSubscription | PreparedOperation | { kind: 'errors'; errors: GraphQLError[] };

interface Generation extends SchemaGeneration {
  planner: QueryPlanner;
  plans: Map<string, PreparedSubscription>;
}

export interface SubscriptionPlannerOptions {
  planCacheSize?: number;
}

function requestError(code: string, message: string): GraphQLError {
  return new graphql.GraphQLError(message, { extensions: { code } });
}

/**
 * Validates operations against the API schema and plans subscriptions with the Apollo
 * query planner (the gateway itself refuses to execute subscription plans). Plans are
 * cached per (document, operation name) and dropped with their supergraph generation.
 */
export class SubscriptionPlanner {
  private current?: Generation;
  private generations = 0;
  private readonly planCacheSize: number;

  constructor(options: SubscriptionPlannerOptions = {}) {
    this.planCacheSize = options.planCacheSize ?? DEFAULT_PLAN_CACHE_SIZE;
  }

  /** Called on every supergraph load or update (ApolloGateway.onSchemaLoadOrUpdate). */
  update(input: { coreSupergraphSdl: string; apiSchema: GraphQLSchema; services: Record<string, GraphQLDataSource>; urls: Record<string, string> }): void {
    const supergraph = Supergraph.build(input.coreSupergraphSdl);
    this.current = {
      id: ++this.generations,
      apiSchema: input.apiSchema,
      internalApiSchema: supergraph.apiSchema(),
      supergraphSchema: supergraph.schema.toGraphQLJSSchema(),
      services: { ...input.services },
      urls: { ...input.urls },
      planner: new QueryPlanner(supergraph),
      plans: new Map(),
    };
  }

  get generation(): SchemaGeneration | undefined {
    return this.current;
  }

  prepare(request: OperationRequest): Preparation {
    const generation = this.current;
    if (!generation) return { kind: 'errors', errors: [requestError('INTERNAL_SERVER_ERROR', 'The supergraph is not loaded yet.')] };
    if (typeof request.query !== 'string' || !request.query) return { kind: 'errors', errors: [requestError('BAD_REQUEST', 'The operation has no query.')] };
    const operationName = request.operationName ?? undefined;
    const key = createHash('sha256').update(request.query).update('\0').update(operationName ?? '').digest('hex');

    const cached = generation.plans.get(key);
    let document = cached?.document;
    if (!document) {
      try {
        document = parse(request.query);
      } catch (error) {
        return { kind: 'errors', errors: [requestError('GRAPHQL_PARSE_FAILED', (error as Error).message)] };
      }
      const invalid = validate(generation.apiSchema, document);
      if (invalid.length) return { kind: 'errors', errors: invalid.map((e) => requestError('GRAPHQL_VALIDATION_FAILED', e.message)) };
    }
    const operation = getOperationAST(document, operationName);
    if (!operation) return { kind: 'errors', errors: [requestError('BAD_REQUEST', operationName ? `No operation named "${operationName}".` : 'The document must name the operation to run.')] };

    // variables are checked for every request: a cached plan says nothing about them
    const coerced = getVariableValues(generation.apiSchema, operation.variableDefinitions ?? [], request.variables ?? {});
    if (coerced.errors) return { kind: 'errors', errors: coerced.errors.map((e) => requestError('BAD_USER_INPUT', e.message)) };

    if (operation.operation !== 'subscription') return { kind: operation.operation, generation, document };
    if (cached) return cached;

    let prepared: PreparedSubscription;
    try {
      prepared = this.plan(generation, key, document, operationName);
    } catch (error) {
      return { kind: 'errors', errors: [error instanceof graphql.GraphQLError ? error : requestError('INTERNAL_SERVER_ERROR', `The subscription could not be planned: ${(error as Error).message}`)] };
    }
    if (generation.plans.size >= this.planCacheSize) generation.plans.delete(generation.plans.keys().next().value!);
    generation.plans.set(key, prepared);
    return prepared;
  }

  private plan(generation: Generation, key: string, document: DocumentNode, operationName: string | undefined): PreparedSubscription {
    const operation = operationFromDocument(generation.internalApiSchema, document, { operationName });
    const plan = generation.planner.buildQueryPlan(operation);
    const node = plan.node;
    if (node?.kind !== 'Subscription') throw new Error(`expected a subscription plan, got ${node?.kind ?? 'an empty plan'}`);
    return {
      kind: 'subscription',
      generation,
      key,
      document,
      operationName,
      operationContext: buildOperationContext({ schema: generation.apiSchema, operationDocument: document, operationName }),
      primary: node.primary,
      rest: node.rest,
    };
  }
}
