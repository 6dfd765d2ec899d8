import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The console is built into dist/web (served by the API process at `/`). `npm run dev:web` runs
 * Vite's dev server and forwards the API's paths to a running API (PINGATE_API, default
 * http://localhost:4000), so the session cookie stays on one origin.
 */
const api = process.env.PINGATE_API ?? 'http://localhost:4000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      // react-router marks its modules "use client" for server components; a browser bundle has none.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/graphql': { target: api, ws: true, changeOrigin: false },
      '/auth': { target: api, changeOrigin: false },
    },
  },
});
