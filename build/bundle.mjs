// Bundles the Node/Electron entry points with esbuild (the renderer is built by Vite).
// The preload must be one CommonJS file: a sandboxed preload cannot require our modules.
import { build } from 'esbuild';

const common = {
  bundle: true,
  sourcemap: true,
  logLevel: 'warning',
  target: 'node20',
  // Native and Electron-provided modules are loaded at run time, never bundled.
  external: ['electron', 'better-sqlite3'],
};

await Promise.all([
  build({ ...common, platform: 'node', format: 'cjs', entryPoints: ['electron/main.ts'], outfile: 'out/electron/main.cjs' }),
  build({ ...common, platform: 'node', format: 'cjs', entryPoints: ['electron/preload.ts'], outfile: 'out/electron/preload.cjs' }),
  build({ ...common, platform: 'node', format: 'cjs', entryPoints: ['electron/web-host/main.ts'], outfile: 'out/web-host/main.cjs' }),
  build({
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    entryPoints: ['electron/web-host/bridge.ts'],
    outfile: 'out/web-host/bridge.js',
  }),
]);
