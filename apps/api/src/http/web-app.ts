import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

/** Paths the api answers itself: a miss there stays the api's 404 (problem details), never the web app. */
const API_PATHS = /^\/(api|health|metrics|live|socket\.io)(\/|$)/i;
/** Vite names every built asset after its content: cached for a year, never revalidated. */
const HASHED_ASSET = /^\/assets\//;

/**
 * The web app (`apps/web`, built into `webDir`) at `/`: a GET or HEAD that no
 * api route serves gets the file it names, or `index.html` for a path without
 * an extension (the app routes in the browser). Nothing here adds a route, so
 * the router, its 404s under `/api` and the access-control walk stay as they
 * were; with no build in `webDir` nothing is served.
 */
export async function serveWebApp(app: NestFastifyApplication, webDir: string): Promise<boolean> {
  if (!existsSync(join(webDir, 'index.html'))) return false;
  const fastify = app.getHttpAdapter().getInstance();
  const root = resolve(webDir);
  await app.register(fastifyStatic, { root, serve: false });
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!request.is404 || (request.method !== 'GET' && request.method !== 'HEAD')) return done();
    const path = request.url.split(/[?#]/, 1)[0]!;
    if (API_PATHS.test(path)) return done();
    if (!/\.[a-z0-9]+$/i.test(path)) {
      // An app path: the app's shell, always revalidated, so a new build is picked up at once.
      void reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
      return;
    }
    // A file of the build, or the api's own 404 (problem details).
    if (!isFileIn(root, path)) return done();
    void reply.sendFile(path, HASHED_ASSET.test(path) ? { maxAge: 365 * 86_400_000, immutable: true } : { maxAge: 0 });
  });
  return true;
}

/** Whether the URL path names a file inside `root` (never outside it, whatever the path holds). */
function isFileIn(root: string, urlPath: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return false;
  }
  if (decoded.includes('\0')) return false;
  const file = resolve(root, `.${decoded}`);
  if (!file.startsWith(root + sep)) return false;
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
