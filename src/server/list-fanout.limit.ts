import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { ErrorCode } from '../shared/errors';

/** The most objects one operation may ask for, counted as `estimateObjects` does (the console asks for 102,001 at most). */
export const MAX_OBJECTS = 250_000;
/** What a page argument given by a variable may be (the API refuses more than 1000). */
export const PAGE_MAX = 1000;
/** What an unpaged list (a user's PINs and permissions, the site's bridges...) is taken to hold. */
export const UNPAGED_LIST = 100;

const PAGE_ARGS = ['first', 'last'];

/**
 * The most objects an operation can return: each list multiplies what is under it by its page size
 * (`first`/`last` as written or as its variable's value, at most PAGE_MAX; the argument's default
 * when absent) or by UNPAGED_LIST. graphql-armor's cost limit multiplies by page sizes written in
 * the document but takes a variable's as 1, so nested lists paged by variables (users, their
 * permissions, each door's permissions, ...) passed it while asking for millions of rows.
 */
export function estimateObjects(
  schema: GraphQLSchema,
  selectionSet: SelectionSetNode,
  rootType: GraphQLNamedType,
  fragment: (name: string) => FragmentDefinitionNode | null | undefined,
  variables: Readonly<Record<string, unknown>> = {},
): number {
  const walk = (set: SelectionSetNode, type: GraphQLNamedType, times: number, seen: ReadonlySet<string>): number => {
    let total = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const def = fieldOf(type, sel.name.value);
        if (!def || !sel.selectionSet) continue;
        const under = getNullableType(def.type);
        const count = times * (isListType(under) ? listSize(def, sel, variables) : 1);
        total += count + walk(sel.selectionSet, getNamedType(def.type), count, seen);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const on = sel.typeCondition ? (schema.getType(sel.typeCondition.name.value) ?? type) : type;
        total += walk(sel.selectionSet, on, times, seen);
      } else if (!seen.has(sel.name.value)) {
        const frag = fragment(sel.name.value);
        if (frag) total += walk(frag.selectionSet, schema.getType(frag.typeCondition.name.value) ?? type, times, new Set([...seen, sel.name.value]));
      }
    }
    return total;
  };
  return walk(selectionSet, rootType, 1, new Set());
}

function fieldOf(type: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
}

function listSize(def: GraphQLField<unknown, unknown>, node: FieldNode, variables: Readonly<Record<string, unknown>>): number {
  const pageArg = def.args.find((a) => PAGE_ARGS.includes(a.name));
  if (!pageArg) return UNPAGED_LIST;
  const fallback = typeof pageArg.defaultValue === 'number' ? pageArg.defaultValue : PAGE_MAX;
  const given = node.arguments?.find((a) => PAGE_ARGS.includes(a.name.value));
  if (!given) return fallback;
  let value: unknown;
  if (given.value.kind === Kind.INT) value = Number(given.value.value);
  else if (given.value.kind === Kind.VARIABLE) value = variables[given.value.name.value] ?? fallback;
  else return PAGE_MAX;
  return typeof value === 'number' && Number.isInteger(value) ? Math.min(Math.max(value, 1), PAGE_MAX) : PAGE_MAX;
}

/** The refusal of an operation that could return more than MAX_OBJECTS objects (BAD_USER_INPUT, HTTP 400), or null. */
export function listFanOutRefusal(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Readonly<Record<string, unknown>> | null | undefined): GraphQLError | null {
  const root = schema.getRootType(operation.operation);
  if (!root) return null;
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const objects = estimateObjects(schema, operation.selectionSet, root, (name) => fragments.get(name), variables ?? {});
  if (objects <= MAX_OBJECTS) return null;
  return new GraphQLError(
    `This operation could return about ${Math.round(objects).toLocaleString('en')} objects; the most is ${MAX_OBJECTS.toLocaleString('en')}. Ask for smaller pages (first) or fewer nested lists.`,
    { nodes: [operation], extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } },
  );
}

/** Apollo: refuses an over-large operation once its variables are known, before it runs. */
export const listFanOutPlugin = (): ApolloServerPlugin => ({
  async requestDidStart() {
    return {
      async didResolveOperation({ schema, document, operation, request }) {
        const refusal = operation ? listFanOutRefusal(schema, document, operation, request.variables) : null;
        if (refusal) throw refusal;
      },
    };
  },
});
