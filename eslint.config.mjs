// ESLint: typescript-eslint's strict, type-checked rules over src/, __tests__/ and scripts/.
// Formatting is Prettier's job (.prettierrc.json); `npm run lint` checks both.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { confineConfigs } from './eslint.confine.mjs';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.cache/', 'examples/', 'coverage/'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // typescript-eslint 8.74 overflows its stack on recursive types (smol-toml's TomlValue in
      // src/compile/fyne.ts): RangeError: Maximum call stack size exceeded.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      // Numbers in messages ("exited 2", "3 target(s)") are what the messages are for.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `if (!x) return rt.info('skipped: ...')` in an arrow or a void function reads as one step.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true }],
      // Indexing after a length check, regex groups that the pattern guarantees: tsconfig has no
      // noUncheckedIndexedAccess, so `!` appears only where a reader needs to see the claim.
      // Assertions the compiler can prove are still refused (no-unnecessary-type-assertion).
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  ...confineConfigs,
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
  },
);
