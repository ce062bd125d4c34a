// ESLint for ftpcheck: typescript-eslint's strict and stylistic type-checked presets over every
// TypeScript file (typed through tsconfig.json, which includes src, test, fixtures and scripts/**/*.ts),
// and ESLint's recommended rules over the JavaScript files (scripts/*.mjs, bin/, these configs), which
// have no types. Layout is Prettier's job (prettier.config.js): no rule here is about formatting.
//
// The presets are used whole. The few options below relax a rule only where it contradicts a
// deliberate convention of this code base, and each says why; fix what a rule finds rather than
// switching it off (a justified exception in one place: `// eslint-disable-next-line RULE -- why`).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['dist/', 'test-output/']),
  // A disable comment that no longer suppresses anything is an error too, so none outlives its reason.
  { linterOptions: { reportUnusedDisableDirectives: 'error', reportUnusedInlineConfigs: 'error' } },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Numbers are interpolated everywhere (ports, milliseconds, reply codes, counts) and a number's
      // text is exact. The rest is the strict preset's setting, repeated because options given here
      // replace the preset's: undefined, null, booleans, any, never and RegExps stay forbidden.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        {
          allowNumber: true,
          allowAny: false,
          allowBoolean: false,
          allowNever: false,
          allowNullish: false,
          allowRegExp: false,
        },
      ],
      // node:test's describe/it/test return a promise that the runner itself awaits and reports;
      // every other promise must still be awaited, returned, or marked `void` deliberately.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
      // Returning a void call from a function typed to return void (declared `: void`, or a callback
      // such as `() => resolve()` as a listener or `it(name, () => assert.equal(…))`) is how this code
      // base ends a branch or writes a one-line callback; a void value used as a value stays an error.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreVoidReturningFunctions: true }],
      // Not in the presets, added: a switch over a union must handle every member (or say `default`),
      // so a new kind of observation or finding is caught wherever it is switched on.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: globals.node } },
);
