import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = process.env.NASIJ_API_URL ?? 'http://localhost:3000';

export default defineConfig(({ command, mode }) => ({
  root,
  plugins: [react()],
  // A NODE_ENV left over in the shell (vitest sets "test") must not ship React's development build.
  define: command === 'build' ? { 'process.env.NODE_ENV': JSON.stringify(mode) } : {},
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // .vite/manifest.json lets web/scripts/bundle-size.mjs follow each page's chunks.
    manifest: true,
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/health': { target: apiTarget, changeOrigin: false },
    },
  },
}));
