import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  type ASTVisitor,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { ErrorCode } from '../shared/errors';
import { listFanOutPlugin } from './list-fanout.limit';

/**
 * lockAccess at most once per operation, counted through inline fragments and fragment spreads:
 * one request is one guess (DESIGN.md 3b), so aliases cannot turn it into many.
 */
export const singleLockAccessRule: ValidationRule = (context: ValidationContext): ASTVisitor => {
  const count = (set: SelectionSetNode, seen: Set<string>): number => {
    let n = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) n += sel.name.value === 'lockAccess' ? 1 : 0;
      else if (sel.kind === Kind.INLINE_FRAGMENT) n += count(sel.selectionSet, seen);
      else if (!seen.has(sel.name.value)) {
        seen.add(sel.name.value);
        const fragment = context.getFragment(sel.name.value);
        if (fragment) n += count(fragment.selectionSet, seen);
      }
    }
    return n;
  };
  return {
    OperationDefinition(node) {
      if (count(node.selectionSet, new Set()) > 1) {
        context.reportError(
          new GraphQLError('lockAccess may be asked at most once per operation', { nodes: [node], extensions: { code: ErrorCode.BAD_USER_INPUT } }),
        );
      }
    },
  };
};

/**
 * Most tokens a document may have. graphql-js counts them while parsing (`parseOptions`), so an
 * oversized document is a syntax error (400); graphql-armor's token plugin threw from Apollo's
 * parse hook instead, which made every syntax error a 500.
 */
export const MAX_TOKENS = 2000;

export interface ApiProtection {
  validationRules: ValidationRule[];
  /** Apollo plugins: graphql-armor's (hidden suggestions) and the list fan-out limit; HTTP only (WebSocket calls listFanOutRefusal itself). */
  plugins: ApolloServerPlugin[];
  parseOptions: { maxTokens: number };
}

/**
 * The request limits of DESIGN.md 3b, one set for HTTP and WebSocket: at most 15 aliases,
 * depth 8, bounded cost, tokens (MAX_TOKENS) and directives, one lockAccess per operation, and
 * at most MAX_OBJECTS objects however lists nest, once the variables are known (list-fanout.limit.ts);
 * introspection and
 * field suggestions only in development.
 */
export function apiProtection(development: boolean): ApiProtection {
  const armor = new ApolloArmor({
    maxAliases: { n: 15 },
    maxDepth: { n: 8 },
    costLimit: { maxCost: 5000 },
    maxDirectives: { n: 10 },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: !development },
  });
  const { plugins, validationRules } = armor.protect();
  return {
    plugins: [...plugins, listFanOutPlugin()],
    parseOptions: { maxTokens: MAX_TOKENS },
    validationRules: [...validationRules, singleLockAccessRule, ...(development ? [] : [NoSchemaIntrospectionCustomRule])],
  };
}

/** The validation rules alone, for transports that run them themselves (graphql-ws). */
export const apiValidationRules = (development: boolean): ValidationRule[] => apiProtection(development).validationRules;
