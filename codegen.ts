import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents for the GraphQL clients in bots/ and test/ (`npm run codegen`).
 * The schema is the API's own `schema.graphql` (`npm run schema`); the output is committed.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['bots/**/*.graphql', 'test/**/*.graphql'],
  ignoreNoDocuments: true,
  generates: {
    'bots/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        strictScalars: true,
        scalars: { DateTime: 'string' },
      },
    },
  },
};

export default config;
