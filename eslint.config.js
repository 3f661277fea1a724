import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Rules the code keeps; formatting is Prettier's (npm run format:check). */
export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'src/console/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { ecmaVersion: 2023, sourceType: 'module' } },
    rules: {
      // Unused names are tsc's job (noUnusedLocals / noUnusedParameters), with `_` for a parameter kept for its place.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
      // NestJS injects by constructor parameter types: those imports must stay value imports.
      '@typescript-eslint/consistent-type-imports': 'off',
      eqeqeq: ['error', 'always'],
      'no-console': ['error', { allow: ['error'] }],
      // A `let` read by a closure before its one assignment (a subscription, a server) stays a `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // The input guards refuse control characters by matching them.
      'no-control-regex': 'off',
      // Existing code wraps some errors on purpose without their cause, and aliases `this` in metric callbacks.
      'preserve-caught-error': 'off',
      '@typescript-eslint/no-this-alias': 'off',
    },
  },
  {
    // Command-line scripts and benchmarks print their results.
    files: ['scripts/**', 'bench/**', 'src/simulator/main.ts', 'test/console/**'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
    rules: { 'no-console': 'off' },
  },
);
