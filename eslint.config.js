import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'docs/api/**', 'coverage/**', 'examples/**/node_modules/**', 'examples/**/.next/**', 'examples/**/next-env.d.ts', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-throw-literal': 'error',
    },
  },
  {
    // Plain JavaScript runs on Node: its globals are not undefined.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', globalThis: 'readonly' } },
  },
  {
    files: ['**/*.test.ts', 'test/**', 'bench/**', 'demo/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
