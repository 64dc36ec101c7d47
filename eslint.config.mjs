// ESLint flat config. Type-aware rules on src/, test/ and scripts/*.ts; the core stays pure.
import tseslint from 'typescript-eslint';
import regexp from 'eslint-plugin-regexp';

/** One folder per feature (src/<feature>/index.ts exports register(context, services)). */
const FEATURES = ['citations', 'detail', 'library', 'live', 'notes', 'search', 'tree', 'writing'];
const nodeFs = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'];
const nodeFsPaths = nodeFs.map((name) => ({ name, message: 'Use vscode.workspace.fs (extension) or the Store port (core/store.ts).' }));

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.code-server/**', 'test-results/**', 'media/**/*.js', 'media/codicons/**', 'test/e2e/**', '.bench/**', 'bench/floor-extension/**', '.vscode-test/**', 'eslint.config.mjs'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      eqeqeq: ['error', 'always'],
      curly: 'error',
      'no-throw-literal': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: 'src/core is pure: no vscode import.' },
          ...nodeFsPaths,
          { name: 'child_process', message: 'src/core is pure.' },
          { name: 'node:child_process', message: 'src/core is pure.' },
        ],
      }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/core/**', 'src/cli.ts', 'src/cli/**', 'src/**/*.test.ts', ...FEATURES.map((f) => `src/${f}/**`), 'src/services/**', 'src/platform/**'],
    rules: { 'no-restricted-imports': ['error', { paths: nodeFsPaths }] },
  },
  {
    // Zones: a feature imports only core/, platform/, services/ and ids.ts; services and platform import no feature.
    files: [...FEATURES.map((f) => `src/${f}/**/*.ts`), 'src/services/**/*.ts', 'src/platform/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeFsPaths,
        patterns: [{ group: FEATURES.map((f) => `../${f}`).concat(FEATURES.map((f) => `../${f}/*`)), message: 'A feature, service or platform module imports no feature: move what is shared to services/ or platform/.' }],
      }],
    },
  },
  {
    files: ['src/cli.ts', 'src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The CLI runs without VS Code.' }] }] },
  },
  {
    // No regex that can backtrack or rescan super-linearly (issue #18: hostile repositories).
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    plugins: { regexp },
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
    },
  },
  {
    // Build and test scripts in JavaScript: type-checked by `tsc -p scripts` (checkJs), linted
    // here without the type-aware rules (their parameters are untyped).
    files: ['scripts/**/*.mjs', 'scripts/**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/**/*.test.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
