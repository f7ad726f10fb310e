import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** `^`-prefixed proxy keys are regular expressions in Vite. */
const API_PROXY_PATTERN = '^/api/(?![^?]*\\.(?:[cm]?[jt]sx?|json|css)(?:\\?|$))';

// The web front end lives in src/web; the server (src/server) serves the built files from dist/web.
export default defineConfig({
  root: 'src/web',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      output: {
        // Keep the framework code in long-lived chunks of their own; pages are split by React.lazy.
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (/node_modules\/(react|react-dom|scheduler|react-router)\//.test(id)) return 'react';
          if (id.includes('node_modules/@tanstack/')) return 'query';
          return undefined;
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      // Everything under /api goes to the server, except the source modules of src/web/api/ itself, which the
      // dev server serves at the same prefix (/api/client.ts and so on).
      [API_PROXY_PATTERN]: { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
});
