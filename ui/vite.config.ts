import { defineConfig, type ProxyOptions } from 'vite';

// The Go server (make run) answers /query (HTTP + websocket) and /download. In development,
// vite proxies them and rewrites Origin to the server's own, because the server refuses
// cookie requests from a foreign origin (CSRF).
const api = process.env.CRM_API ?? 'http://localhost:8080';
const sameOrigin: ProxyOptions = {
  target: api,
  changeOrigin: true,
  configure: (proxy) => {
    proxy.on('proxyReq', (proxyReq) => proxyReq.setHeader('origin', api));
    proxy.on('proxyReqWs', (proxyReq) => proxyReq.setHeader('origin', api));
  },
};

export default defineConfig({
  // React without @vitejs/plugin-react: esbuild compiles TSX (tsconfig "jsx": "react-jsx").
  // We lose Fast Refresh in development only; the build is the same.
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 800, // graphiql.html's entry (GraphiQL + CodeMirror) is ~730 kB; the SPA's chunks are far below
    rollupOptions: {
      // The SPA, and /graphiql (the GraphQL explorer, served from the binary, not a CDN).
      input: { index: 'index.html', graphiql: 'graphiql.html' },
      onwarn(warning, warn) {
        // Mantine marks its modules "use client" (for React Server Components): harmless here.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: {
      '/query': { ...sameOrigin, ws: true },
      '/download': sameOrigin,
    },
  },
});
