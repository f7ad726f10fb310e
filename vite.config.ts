import { fileURLToPath } from 'node:url';
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
    // The bundle-size check (scripts/exam-bundle-size.ts) follows the exam entry's chunks through the manifest.
    manifest: true,
    rollupOptions: {
      // Two pages: the officials' app, and the candidate's exam client at /exam/ (small, for old test-centre PCs).
      input: {
        main: fileURLToPath(new URL('./src/web/index.html', import.meta.url)),
        exam: fileURLToPath(new URL('./src/web/exam/index.html', import.meta.url)),
        // The exam client's service worker, at a fixed address under the page's scope (/exam/sw.js).
        'exam-sw': fileURLToPath(new URL('./src/web/exam/sw.ts', import.meta.url)),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'exam-sw' ? 'exam/sw.js' : 'assets/[name]-[hash].js'),
        // Keep the framework code in long-lived chunks of their own; pages are split by React.lazy.
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          // React alone is shared with the exam client; the router is the officials' app's only.
          if (/node_modules\/(react|react-dom|scheduler)\//.test(id)) return 'react';
          if (id.includes('node_modules/react-router/')) return 'router';
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
