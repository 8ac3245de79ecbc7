// ESLint flat config: typescript-eslint's recommended rules over the TypeScript sources,
// Node globals for scripts and examples (the examples are CommonJS, as users write them).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // The syntax-error fixture must not parse: that is the fault it stands for.
  { ignores: ['dist/**', 'out/**', '.tools/**', 'node_modules/**', '**/node_modules/**', 'test-results/**', 'test/fixtures/faults/syntaxError.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['examples/**/*.js', 'test/fixtures/**/*.js', 'bench/fixtures/**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
