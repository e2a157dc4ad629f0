// @ts-check
// ESLint flat config: typescript-eslint's type-aware recommended rules (`npm run lint`).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // Build output, coverage, local data and benchmark results are not source.
  globalIgnores(['dist/', 'coverage/', 'data/', 'bench/results/']),
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', '*.config.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // `const { secret: _omit, ...rest } = x` drops a field on purpose; `_`-prefixed names are deliberate.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Stores, locks, schedulers and fakes implement Promise-returning interfaces with `async` so a throw rejects.
      '@typescript-eslint/require-await': 'off',
      // Passing a caught `unknown` on with Promise.reject, as only-throw-error already allows for rethrowing.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
  {
    // Tests read botbuilder's `StoreItems` (values typed `any`) and JSON.parse results field by field.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  {
    // typescript-eslint reads `typeof import('x.json', { with: { type: 'json' } })`'s attributes as an error-typed assignment.
    files: ['src/messageKeys.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    // This file itself: plain JS, no type information.
    files: ['**/*.js'],
    extends: [js.configs.recommended],
  },
);
