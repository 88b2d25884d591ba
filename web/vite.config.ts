import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { precompressPlugin } from './precompress-plugin.ts';

/** The API contract the server's routes are typed against (tsconfig.json maps the same name). */
export const apiContractAlias = {
  '@kaiyuan/api-contract': fileURLToPath(new URL('../src/api-contract', import.meta.url)),
};

/** The API server the dev server proxies to (`npm start` listens on 8080 by default). */
const apiTarget = process.env.KAIYUAN_API_URL ?? 'http://127.0.0.1:8080';
const proxiedPrefixes = ['/v1', '/admin', '/console/api', '/healthz', '/readyz', '/metrics'];

export default defineConfig({
  // Vite 8 transforms TSX with oxc; no React plugin needed (no fast refresh, full reloads instead).
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  resolve: { alias: apiContractAlias },
  plugins: [precompressPlugin()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2_000,
    rolldownOptions: {
      // antd marks its modules "use client" (for React Server Components); irrelevant in a SPA bundle.
      onwarn(warning, defaultHandler) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        defaultHandler(warning);
      },
    },
  },
  server: {
    port: 5173,
    proxy: Object.fromEntries(proxiedPrefixes.map((prefix) => [prefix, { target: apiTarget, changeOrigin: false }])),
  },
});
