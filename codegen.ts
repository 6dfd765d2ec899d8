import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents for the GraphQL clients in bots/, test/ and the console in web/ (`npm run codegen`).
 * The schema is the API's own `schema.graphql` (`npm run schema`); the output is committed.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: true,
  generates: {
    'bots/gql/': {
      documents: ['bots/**/*.graphql', 'test/**/*.graphql'],
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
    // The console keeps each feature's operations beside it (web/src/<feature>/*.operations.ts) and
    // gets DocumentNodes for urql; fragments stay unmasked, as in bots/.
    'web/src/gql/': {
      documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        strictScalars: true,
        scalars: { DateTime: 'string' },
      },
    },
  },
};

export default config;
