import { Kind, parse, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import * as botDocs from '../../bots/gql/graphql';
import { buildApiSchema } from '../../src/server/schema';
import { estimateObjects, MAX_OBJECTS, PAGE_MAX, UNPAGED_LIST } from '../../src/server/list-fanout.limit';
import * as webDocs from '../../web/src/gql/graphql';
import * as op from '../e2e/domain.operations';

/** Every GraphQL document a module exports: typed documents (web), typed strings (bots), plain strings (tests). */
function documentsOf(mod: Record<string, unknown>): Array<[string, DocumentNode]> {
  const out: Array<[string, DocumentNode]> = [];
  for (const [name, value] of Object.entries(mod)) {
    if (typeof value === 'string' && /^\s*(query|mutation|subscription|\{)/.test(value)) out.push([name, parse(value)]);
    else if (value instanceof String) out.push([name, parse(value.toString())]);
    else if (value && typeof value === 'object' && (value as { kind?: unknown }).kind === Kind.DOCUMENT) out.push([name, value as DocumentNode]);
  }
  return out;
}

function estimate(schema: GraphQLSchema, doc: DocumentNode | string, variables: Record<string, unknown> = {}): number {
  const d = typeof doc === 'string' ? parse(doc) : doc;
  const fragments = new Map(d.definitions.filter((x): x is FragmentDefinitionNode => x.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  let most = 0;
  for (const o of d.definitions.filter((x): x is OperationDefinitionNode => x.kind === Kind.OPERATION_DEFINITION)) {
    most = Math.max(most, estimateObjects(schema, o.selectionSet, schema.getRootType(o.operation)!, (n) => fragments.get(n), variables));
  }
  return most;
}

/** Every variable of the document set to the largest page the API gives (PAGE_MAX). */
function largestPages(doc: DocumentNode): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const d of doc.definitions) if (d.kind === Kind.OPERATION_DEFINITION) for (const v of d.variableDefinitions ?? []) vars[v.variable.name.value] = PAGE_MAX;
  return vars;
}

/** The list fan-out limit (src/server/list-fanout.limit.ts): what it counts, and that no client of ours is refused. */
describe('the list fan-out limit (estimate)', () => {
  let schema: GraphQLSchema;

  beforeAll(async () => {
    schema = await buildApiSchema();
  });

  it('multiplies each list by its page size: as written or as its variable gives it (at most PAGE_MAX), the default when absent, UNPAGED_LIST unpaged', () => {
    expect(estimate(schema, `{ site(id: "s") { users(first: 10) { id pins { id } } } }`)).toBe(1 + 10 + 10 * UNPAGED_LIST);
    const byVariable = `query($n: Int) { site(id: "s") { users(first: $n) { id } } }`;
    expect(estimate(schema, byVariable, { n: 7 })).toBe(1 + 7);
    expect(estimate(schema, byVariable, { n: 5000 })).toBe(1 + PAGE_MAX);
    expect(estimate(schema, byVariable, { n: 'x' })).toBe(1 + PAGE_MAX);
    expect(estimate(schema, byVariable, {})).toBe(1 + 100);
    expect(estimate(schema, `{ site(id: "s") { users { id } } }`)).toBe(1 + 100);
    expect(estimate(schema, `{ site(id: "s") { users(first: 5000) { id } } }`)).toBe(1 + PAGE_MAX);
    // Through named and inline fragments alike.
    const viaFragments = `{ site(id: "s") { users(first: 10) { ...U } } } fragment U on User { ... on User { permissions { lock { id } } } }`;
    expect(estimate(schema, viaFragments)).toBe(1 + 10 + 10 * UNPAGED_LIST * 2);
  });

  it('counts nested lists paged by variables, which graphql-armor takes as one item each, as millions', () => {
    const nested = `query($n: Int) { site(id: "s") { users(first: $n) { permissions { lock { permissions(first: $n) { user { id } } } } } } }`;
    expect(estimate(schema, nested, { n: 1000 })).toBe(200_201_001);
    expect(estimate(schema, nested, { n: 10 })).toBeLessThan(MAX_OBJECTS);
  });

  it('lets through every document the console, the bots and the end-to-end tests send, with their largest pages', () => {
    const all = [...documentsOf(webDocs), ...documentsOf(botDocs as unknown as Record<string, unknown>), ...documentsOf(op as unknown as Record<string, unknown>)];
    expect(all.length).toBeGreaterThan(50);
    const over = all.map(([name, doc]) => ({ name, objects: estimate(schema, doc, largestPages(doc)) })).filter((x) => x.objects > MAX_OBJECTS);
    expect(over).toEqual([]);
  });
});
