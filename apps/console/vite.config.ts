import { defineConfig } from 'vite';

// The worker serves dist/ at /ui/ (apps/worker/src/console.ts); the app uses hash routes so any
// /ui/ URL loads index.html without server-side fallbacks.
export default defineConfig({
  root: 'src',
  base: '/ui/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: '../dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 300 },
});
