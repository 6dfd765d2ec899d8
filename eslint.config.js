// ESLint flat config. Besides style, `no-restricted-imports` holds the layering of the design:
// services free of GraphQL, Apollo, Redis and Slack; modules never reaching into server/ or infra/;
// bots/ and the console in web/ speaking GraphQL like any client, never importing src/.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

const transport = ['graphql', 'graphql-*', 'type-graphql', '@apollo/*', '@as-integrations/*', 'express', 'ws', 'graphql-ws'];
const outside = ['redis', '@slack/*'];
const layers = (group, message) => ({ group, message });

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bots/gql/**', 'web/src/gql/**', 'data/**', 'test/web/screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The server logs through pino only: console output escapes redaction (DESIGN.md 3b).
    files: ['src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['src/modules/**/*.ts', 'src/shared/**/*.ts'],
    ignores: ['src/modules/**/*.resolver.ts', 'src/modules/**/*.type.ts', 'src/modules/**/*.inputs.ts', 'src/modules/graphql/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          layers([...transport, ...outside], 'Services, entities and ports stay free of GraphQL, HTTP, Redis and Slack (DESIGN.md section 2).'),
          layers(['**/server/**', '**/server', '**/infra/**', '**/infra'], 'Modules never import server/ or infra/: adapters are injected.'),
        ],
      }],
    },
  },
  {
    files: ['src/modules/**/*.resolver.ts', 'src/modules/**/*.type.ts', 'src/modules/**/*.inputs.ts', 'src/modules/graphql/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          layers([...outside, '@mikro-orm/*'], 'Resolvers are one-line adapters over services: no Redis, Slack or ORM here.'),
          layers(['**/server/**', '**/server', '**/infra/**', '**/infra'], 'Modules never import server/ or infra/.'),
        ],
      }],
    },
  },
  {
    files: ['src/infra/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          layers(['**/server/**', '**/server', '*.resolver', '**/*.resolver'], 'Infra implements ports; it imports nothing above them.'),
          layers(['type-graphql', '@apollo/*', '@slack/*'], 'Infra knows no transport.'),
        ],
      }],
    },
  },
  {
    files: ['bots/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [layers(['**/src/**', '**/src'], 'bots/ are GraphQL clients of the API: they never import src/.')],
      }],
    },
  },
  {
    files: ['web/**/*.{ts,tsx,mts}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          layers(['**/src/**', '**/src'], 'web/ is a GraphQL client of the API: it never imports the server (src/) or bots/.'),
          layers(['**/bots/**', '**/bots'], 'web/ is a GraphQL client of the API: it never imports the server (src/) or bots/.'),
        ],
      }],
    },
  },
);
