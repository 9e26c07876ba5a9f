import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// The renderer is loaded from app:// by Electron and from / by `logbridge serve`, so every
// asset URL must be relative.
export default defineConfig(({ command }) => {
  // A build started from inside a test runner inherits NODE_ENV=test, and Vite would then ship
  // React's development build (several times slower, and not what users run). Vite reads
  // NODE_ENV after loading this file, so this is the place to correct it. NODE_ENV=development
  // stays a deliberate way to get a debuggable build.
  if (command === 'build' && process.env.NODE_ENV === 'test') process.env.NODE_ENV = 'production';
  return {
    root: 'renderer',
    base: './',
    plugins: [react()],
    build: {
      outDir: fileURLToPath(new URL('dist/renderer', import.meta.url)),
      emptyOutDir: true,
      // No inline scripts or data: modules: the CSP allows script-src 'self' only.
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
      sourcemap: true,
      // ECharts is one chunk of ~550 kB, loaded only when the dashboard first opens (a local
      // file, never over a network), so Vite's 500 kB web-page warning does not apply.
      chunkSizeWarningLimit: 700,
    },
  };
});
