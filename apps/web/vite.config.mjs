// Builds apps/web into dist/web, which the api serves at / (WEB_DIR). `npm run build:web`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig(({ command }) => ({
  root: here('.'),
  base: '/',
  resolve: { alias: { '@app/contracts': here('../../libs/contracts/src/index.ts') } },
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: process.env.WEB_OUT_DIR ?? here('../../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: false,
  },
  // A build is always the production one (React without its development checks), whatever NODE_ENV the shell holds.
  define: command === 'build' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
  // `npx vite --config apps/web/vite.config.mjs`: the app with hot reload, against an api on :3000.
  server: { proxy: { '/api': 'http://localhost:3000', '/socket.io': { target: 'ws://localhost:3000', ws: true } } },
}));
