import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The console is a static bundle the service serves at /console; no dev server is needed to use it. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
});
