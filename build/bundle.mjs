// Bundles the Node/Electron entry points with esbuild (the renderer is built by Vite).
// The preload must be one CommonJS file: a sandboxed preload cannot require our modules.
import fs from 'node:fs';
import { build } from 'esbuild';

const common = {
  bundle: true,
  sourcemap: true,
  logLevel: 'warning',
  target: 'node22',
  // Native and Electron-provided modules are loaded at run time, never bundled.
  external: ['electron', 'better-sqlite3'],
};

// `node build/bundle.mjs bench` builds the benchmarks instead: run as plain Node, so what they
// measure (time, resident memory) is the app's code and not a TypeScript loader's.
if (process.argv[2] === 'bench') {
  await build({
    ...common,
    platform: 'node',
    format: 'esm',
    entryPoints: ['tests/bench/run.ts', 'tests/bench/seed-posts.ts', 'tests/bench/seed-licences.ts', 'tests/bench/bare-server.ts', 'tests/bench/publish-fakes-server.ts', 'tests/bench/seed-publish.ts', 'tests/bench/publish-child.ts'],
    external: [...common.external, 'pg-native'],
    outdir: 'out/bench',
    // Shared chunks, so run.mjs can load each bench on demand.
    splitting: true,
    outExtension: { '.js': '.mjs' },
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  process.exit(0);
}

// The licence server is its own program (never imports electron/): `node build/bundle.mjs licence-server`
// builds only it, for `npm run licence-server`. pg's optional native binding is never used.
const licenceServer = () =>
  build({
    ...common,
    platform: 'node',
    format: 'cjs',
    entryPoints: ['licence-server/main.ts'],
    outfile: 'out/licence-server/main.cjs',
    external: [...common.external, 'pg-native'],
  });
if (process.argv[2] === 'licence-server') {
  await licenceServer();
  process.exit(0);
}

await Promise.all([
  licenceServer(),
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

// The tray icon ships next to main.cjs (the window and installers use build/icons directly).
fs.mkdirSync('out/electron/icons', { recursive: true });
for (const name of ['tray.png', 'tray@2x.png']) fs.copyFileSync(`build/icons/${name}`, `out/electron/icons/${name}`);
