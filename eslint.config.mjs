// Lint rules that guard the architecture's boundaries (see docs/architecture.md):
// only main.ts, preload.ts and platform/* touch Electron; only the preload touches ipcRenderer;
// the core never reaches into the shell; the renderer only talks through window.agencyiq.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NO_ELECTRON = {
  name: 'electron',
  message: 'Only electron/main.ts, electron/preload.ts and electron/platform/* may import Electron. Pass a port instead.',
};
const NO_IPC_RENDERER = {
  name: 'electron',
  importNames: ['ipcRenderer'],
  message: 'Only electron/preload.ts touches ipcRenderer; the renderer uses window.agencyiq.',
};
const restrict = (paths, patterns = []) => ['error', { paths, patterns }];
// Every delayed call of the core goes through the Timers port (electron/core/ports/timers.ts,
// the one file exempt), so tests fire them by hand instead of faking the globals.
const TIMER_GLOBALS = ['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate'];
const TIMERS_MESSAGE = 'The core schedules through the Timers port (electron/core/ports/timers.ts), so tests need no fake global timers.';
const NO_TIMER_MODULES = [
  { name: 'timers', message: TIMERS_MESSAGE },
  { name: 'node:timers', message: TIMERS_MESSAGE },
  { name: 'timers/promises', message: TIMERS_MESSAGE },
  { name: 'node:timers/promises', message: TIMERS_MESSAGE },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-artifacts/**', 'release/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': restrict([NO_ELECTRON]),
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='only'][callee.object.name=/^(it|test|describe)$/]", message: 'No focused tests on main.' },
        { selector: "CallExpression[callee.property.name='skip'][callee.object.name=/^(it|test|describe)$/]", message: 'No skipped tests on main.' },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        [NO_ELECTRON, ...NO_TIMER_MODULES],
        [{ regex: '^(\\.\\./)+(platform|ipc|web-host)(/|$)', message: 'The core is platform-agnostic: the shell depends on it, never the other way.' }],
      ),
      'no-restricted-globals': ['error', ...TIMER_GLOBALS.map((name) => ({ name, message: TIMERS_MESSAGE }))],
      'no-restricted-properties': [
        'error',
        ...['globalThis', 'global'].flatMap((object) => TIMER_GLOBALS.map((property) => ({ object, property, message: TIMERS_MESSAGE }))),
      ],
    },
  },
  {
    files: ['electron/core/ports/timers.ts'],
    rules: { 'no-restricted-globals': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        [NO_ELECTRON],
        [{ regex: '^(\\.\\./)+(electron|renderer)(/|$)', message: 'shared/ is imported by both sides and imports neither.' }],
      ),
    },
  },
  {
    files: ['licence-server/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        [NO_ELECTRON],
        [{ regex: '^(\\.\\./)+(electron|renderer)(/|$)', message: 'The licence server is its own program: it shares shared/ with the app and imports nothing else of it.' }],
      ),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': restrict(
        [NO_ELECTRON],
        [{ regex: '^(\\.\\./)+electron(/|$)', message: 'The renderer reaches the main process only through window.agencyiq.' }],
      ),
    },
  },
  {
    files: ['electron/ipc/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([{ ...NO_ELECTRON, allowTypeImports: true }]),
    },
  },
  {
    files: ['electron/main.ts', 'electron/platform/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': restrict([NO_IPC_RENDERER]) },
  },
  {
    files: ['electron/preload.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
  {
    // electron-builder loads its hooks with require(): these stay CommonJS.
    files: ['build/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The browser host runs the core without Electron: it must not depend on the Electron adapters.
    files: ['electron/web-host/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        [NO_ELECTRON],
        [{ regex: '^(\\.\\./)+platform(/|$)', message: 'The browser host must not import electron/platform (the Electron adapters); plain Node code belongs in electron/core.' }],
      ),
    },
  },
  {
    files: ['electron/web-host/bridge.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
