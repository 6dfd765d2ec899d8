import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from '../infra/logger';
import { databaseErrorSummary } from '../infra/orm/database-error';
import { DomainError } from '../shared/errors';

/**
 * One debug line per operation (name, type, duration, error codes) and an error line for every
 * failure that is not a domain error. Never variables, never the query text: they may hold a PIN.
 * Errors go through the logger's serializer, which writes database errors by code and table only.
 */
export function loggingPlugin(logger: Logger): ApolloServerPlugin {
  return {
    async contextCreationDidFail({ error }) {
      if (unwrapResolverError(error) instanceof DomainError || !databaseErrorSummary(error)) return;
      logger.error({ err: error }, 'request context failed');
    },
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async didEncounterErrors({ errors, operationName }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            if (original instanceof DomainError || (!error.path && !databaseErrorSummary(error))) continue;
            logger.error({ err: original, operationName, path: error.path }, 'operation failed');
          }
        },
        async willSendResponse({ response, operationName, operation }) {
          if (!logger.isLevelEnabled('debug')) return;
          const body = response.body.kind === 'single' ? response.body.singleResult : null;
          logger.debug(
            {
              operationName,
              operation: operation?.operation,
              ms: Number(process.hrtime.bigint() - started) / 1e6,
              errors: body?.errors?.map((e) => e.extensions?.code),
            },
            'graphql',
          );
        },
      };
    },
  };
}
