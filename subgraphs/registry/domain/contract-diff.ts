import { Kind, parse, print, type ConstDirectiveNode, type DefinitionNode, type DocumentNode, type FieldDefinitionNode, type InputValueDefinitionNode } from 'graphql';

/**
 * The contract check: does a store's subgraph SDL implement the inventory contract
 * (subgraphs/inventory/schema.graphql)? Pure: two SDL strings in, the list of
 * differences out (empty = conforms). Rules, for every definition of the contract:
 * - the type exists in the store's SDL with the same kind (object, interface, input,
 *   enum, union, scalar);
 * - every field exists with exactly the same type; every argument exists with the same
 *   type and default; an extra argument must be optional (the exchange never sends it);
 *   extra fields are allowed;
 * - every interface the contract type implements is implemented;
 * - every `@key(fields: ...)` of the contract is declared (the gateway resolves entities by it);
 * - enum values and union members match exactly: a missing one breaks the exchange's
 *   calls, and an extra one is a value the exchange (and the composed supergraph) could
 *   not read back;
 * - an extra input field must be optional.
 * Type extensions (`extend type Query ...`) are merged with their definitions, so a
 * store may split its SDL as it likes. Federation's own definitions are ignored.
 */
export function diffContract(contractSdl: string | DocumentNode, storeSdl: string): string[] {
  let store: DocumentNode;
  try {
    store = parse(storeSdl);
  } catch (error) {
    return [`SDL: not valid GraphQL (${(error as Error).message})`];
  }
  const expected = collectTypes(typeof contractSdl === 'string' ? parse(contractSdl) : contractSdl);
  const actual = collectTypes(store);
  const differences: string[] = [];
  for (const [name, want] of expected) {
    const have = actual.get(name);
    if (!have) {
      differences.push(`${name}: missing (contract: ${want.kind})`);
      continue;
    }
    if (have.kind !== want.kind) {
      differences.push(`${name}: is ${have.kind} (contract: ${want.kind})`);
      continue;
    }
    differences.push(...diffType(name, want, have));
  }
  return differences;
}

type ShapeKind = 'object type' | 'interface' | 'input type' | 'enum' | 'union' | 'scalar';

interface ArgShape {
  type: string;
  defaultValue?: string;
}

interface FieldShape extends ArgShape {
  args: Map<string, ArgShape>;
}

interface TypeShape {
  kind: ShapeKind;
  fields: Map<string, FieldShape>;
  interfaces: Set<string>;
  values: Set<string>;
  members: Set<string>;
  keys: Set<string>;
}

const KINDS: Partial<Record<string, ShapeKind>> = {
  [Kind.OBJECT_TYPE_DEFINITION]: 'object type',
  [Kind.OBJECT_TYPE_EXTENSION]: 'object type',
  [Kind.INTERFACE_TYPE_DEFINITION]: 'interface',
  [Kind.INTERFACE_TYPE_EXTENSION]: 'interface',
  [Kind.INPUT_OBJECT_TYPE_DEFINITION]: 'input type',
  [Kind.INPUT_OBJECT_TYPE_EXTENSION]: 'input type',
  [Kind.ENUM_TYPE_DEFINITION]: 'enum',
  [Kind.ENUM_TYPE_EXTENSION]: 'enum',
  [Kind.UNION_TYPE_DEFINITION]: 'union',
  [Kind.UNION_TYPE_EXTENSION]: 'union',
  [Kind.SCALAR_TYPE_DEFINITION]: 'scalar',
  [Kind.SCALAR_TYPE_EXTENSION]: 'scalar',
};

/** Federation's own types and scalars: not part of any store's contract. */
const FEDERATION_TYPES = /^(_Any|_Entity|_Service|FieldSet|link__.*|federation__.*|join__.*)$/;

function argShape(arg: InputValueDefinitionNode): ArgShape {
  return { type: print(arg.type), ...(arg.defaultValue ? { defaultValue: print(arg.defaultValue) } : {}) };
}

function fieldShape(field: FieldDefinitionNode | InputValueDefinitionNode): FieldShape {
  if (field.kind === Kind.INPUT_VALUE_DEFINITION) return { ...argShape(field), args: new Map() };
  return { type: print(field.type), args: new Map((field.arguments ?? []).map((a) => [a.name.value, argShape(a)])) };
}

/** `@key(fields: "storeId  sku")` → `storeId sku` (whitespace normalized). */
function keyFields(directives: readonly ConstDirectiveNode[] | undefined): string[] {
  const keys: string[] = [];
  for (const directive of directives ?? []) {
    if (directive.name.value !== 'key') continue;
    const fields = directive.arguments?.find((a) => a.name.value === 'fields')?.value;
    if (fields?.kind === Kind.STRING) keys.push(fields.value.replace(/([{}])/g, ' $1 ').replace(/\s+/g, ' ').trim());
  }
  return keys;
}

function collectTypes(document: DocumentNode): Map<string, TypeShape> {
  const types = new Map<string, TypeShape>();
  for (const definition of document.definitions as readonly DefinitionNode[]) {
    const kind = KINDS[definition.kind];
    if (!kind || !('name' in definition) || !definition.name) continue;
    const name = definition.name.value;
    if (FEDERATION_TYPES.test(name)) continue;
    let shape = types.get(name);
    if (!shape) {
      shape = { kind, fields: new Map(), interfaces: new Set(), values: new Set(), members: new Set(), keys: new Set() };
      types.set(name, shape);
    } else if (shape.kind !== kind) {
      continue; // a clash inside one SDL: the first definition stands
    }
    const node = definition as {
      fields?: readonly (FieldDefinitionNode | InputValueDefinitionNode)[];
      interfaces?: readonly { name: { value: string } }[];
      values?: readonly { name: { value: string } }[];
      types?: readonly { name: { value: string } }[];
      directives?: readonly ConstDirectiveNode[];
    };
    for (const field of node.fields ?? []) shape.fields.set(field.name.value, fieldShape(field));
    for (const i of node.interfaces ?? []) shape.interfaces.add(i.name.value);
    for (const v of node.values ?? []) shape.values.add(v.name.value);
    for (const m of node.types ?? []) shape.members.add(m.name.value);
    for (const k of keyFields(node.directives)) shape.keys.add(k);
  }
  return types;
}

function isRequired(shape: ArgShape): boolean {
  return shape.type.endsWith('!') && shape.defaultValue === undefined;
}

function diffType(name: string, want: TypeShape, have: TypeShape): string[] {
  const out: string[] = [];
  for (const [fieldName, field] of want.fields) {
    const path = `${name}.${fieldName}`;
    const got = have.fields.get(fieldName);
    if (!got) {
      out.push(`${path}: missing`);
      continue;
    }
    if (got.type !== field.type) out.push(`${path}: type ${got.type} (contract: ${field.type})`);
    if (want.kind === 'input type' && got.defaultValue !== field.defaultValue) {
      out.push(`${path}: default ${got.defaultValue ?? 'none'} (contract: ${field.defaultValue ?? 'none'})`);
    }
    for (const [argName, arg] of field.args) {
      const gotArg = got.args.get(argName);
      const argPath = `${path}(${argName}:)`;
      if (!gotArg) {
        out.push(`${argPath}: missing`);
        continue;
      }
      if (gotArg.type !== arg.type) out.push(`${argPath}: type ${gotArg.type} (contract: ${arg.type})`);
      if (gotArg.defaultValue !== arg.defaultValue) out.push(`${argPath}: default ${gotArg.defaultValue ?? 'none'} (contract: ${arg.defaultValue ?? 'none'})`);
    }
    for (const [argName, arg] of got.args) {
      if (!field.args.has(argName) && isRequired(arg)) out.push(`${path}(${argName}:): required argument not in the contract (${arg.type})`);
    }
  }
  if (want.kind === 'input type') {
    for (const [fieldName, field] of have.fields) {
      if (!want.fields.has(fieldName) && isRequired(field)) out.push(`${name}.${fieldName}: required input field not in the contract (${field.type})`);
    }
  }
  for (const i of want.interfaces) if (!have.interfaces.has(i)) out.push(`${name}: does not implement ${i}`);
  for (const key of want.keys) if (!have.keys.has(key)) out.push(`${name}: @key(fields: "${key}") missing`);
  for (const v of want.values) if (!have.values.has(v)) out.push(`${name}.${v}: enum value missing`);
  for (const v of have.values) if (!want.values.has(v)) out.push(`${name}.${v}: enum value not in the contract (the exchange could not read it)`);
  for (const m of want.members) if (!have.members.has(m)) out.push(`${name}: union member ${m} missing`);
  for (const m of have.members) if (!want.members.has(m)) out.push(`${name}: union member ${m} not in the contract`);
  return out;
}
