import { executeQueryPlan, type GraphQLDataSource, type GraphQLDataSourceProcessOptions, type ServiceMap } from '@apollo/gateway';
import type { PlanNode, QueryPlan } from '@apollo/query-planner';
import type { FormattedExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';
import { maskUnexpectedError } from '../../lib/errors.js';
import type { Logger } from '../../lib/logger.js';
import type { GatewayContext } from '../identity.js';
import { graphql } from './graphql-runtime.js';
import type { PreparedSubscription } from './planner.js';

type GatewayResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;
type RequestContext = Parameters<typeof executeQueryPlan>[2];

/** One payload of the primary subscription, as the owning subgraph sent it. */
export interface UpstreamPayload {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

/**
 * Stands in for the subscription's own subgraph while one event is resolved: the
 * primary fetch "returns" the event, any other fetch to that subgraph (entities it owns
 * further down the selection) goes to its real data source.
 */
class EventDataSource implements GraphQLDataSource<Record<string, any>> {
  constructor(
    private readonly primaryOperation: string,
    private readonly payload: UpstreamPayload,
    private readonly real: GraphQLDataSource | undefined,
  ) {}

  async process(options: GraphQLDataSourceProcessOptions<Record<string, any>>): Promise<GatewayResponse> {
    if (options.request.query === this.primaryOperation) {
      // executeQueryPlan merges by reference and later fetches write into the objects:
      // every execution gets its own copy of the shared event
      return {
        data: this.payload.data ? structuredClone(this.payload.data) : null,
        ...(this.payload.errors?.length ? { errors: this.payload.errors.map((e) => ({ ...e })) } : {}),
      } as GatewayResponse;
    }
    if (!this.real) throw new Error('no data source for the subscription subgraph');
    return this.real.process(options);
  }
}

export interface EventExecution {
  prepared: PreparedSubscription;
  payload: UpstreamPayload;
  /** The client's variables (the whole operation's, not only the primary fetch's). */
  variables: Record<string, unknown>;
  context: GatewayContext;
  logger: Logger;
}

/**
 * Resolves one event of a federated subscription: the plan's primary fetch (answered by
 * the event) followed by the rest of the plan, through the gateway's own data sources
 * (per-store inventory routing, identity signing), then shaped to the client's selection.
 * Without a rest there is no fetch at all: the event is only shaped.
 */
export async function executeEvent({ prepared, payload, variables, context, logger }: EventExecution): Promise<FormattedExecutionResult> {
  const { generation, primary, rest } = prepared;
  const serviceMap: ServiceMap = {
    ...generation.services,
    [primary.serviceName]: new EventDataSource(primary.operation, payload, generation.services[primary.serviceName]),
  };
  const node: PlanNode = rest ? { kind: 'Sequence', nodes: [primary, rest] } : primary;
  const plan: QueryPlan = { kind: 'QueryPlan', node };
  // executeQueryPlan reads only these parts of Apollo's request context
  const requestContext = {
    request: { query: undefined, variables, operationName: prepared.operationName },
    context,
    logger,
    metrics: {},
    document: prepared.document,
    operation: prepared.operationContext.operation,
    operationName: prepared.operationName ?? null,
    schema: generation.apiSchema,
  } as unknown as RequestContext;

  const result = await executeQueryPlan(plan, serviceMap, requestContext, prepared.operationContext, generation.supergraphSchema, generation.internalApiSchema);
  const errors = [...(result.errors ?? [])];
  // a value that broke the schema (a null in a non-null field) is only reported in this extension
  const completion = (result.extensions as { valueCompletion?: GraphQLError[] } | undefined)?.valueCompletion;
  if (completion?.length) errors.push(...completion);
  return formatResult({ data: result.data ?? null, errors }, logger);
}

/** Formats errors exactly as the HTTP path does: catalogued codes pass, the rest is masked. */
export function formatResult(result: { data?: Record<string, unknown> | null; errors?: readonly GraphQLError[] }, logger: Logger): FormattedExecutionResult {
  const mask = maskUnexpectedError(logger);
  const errors = result.errors?.map((e) => mask(e instanceof graphql.GraphQLError ? e.toJSON() : { message: String((e as Error)?.message ?? e) }, e));
  return { ...('data' in result ? { data: result.data } : {}), ...(errors?.length ? { errors } : {}) };
}

/** Formats errors that are already plain (upstream error messages, the gateway's own endings). */
export function formatErrors(errors: readonly GraphQLFormattedError[], logger: Logger): GraphQLFormattedError[] {
  const mask = maskUnexpectedError(logger);
  return errors.map((e) => mask(e, new graphql.GraphQLError(e.message, { extensions: e.extensions })));
}
