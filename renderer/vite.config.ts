import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Paths are relative to the working directory, which npm scripts set to the repository root
// (this config has no Node types, so it cannot compute its own folder portably).
export default defineConfig({
  root: 'renderer',
  base: '/',
  plugins: [react()],
  // `@shared/…` imports resolve through tsconfig.base.json's `paths`, as tsc and esbuild read them.
  resolve: { tsconfigPaths: true },
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    // Electron 45 and the Debian Chromium used by the end-to-end tests are both recent.
    target: 'chrome120',
    sourcemap: true,
  },
});
