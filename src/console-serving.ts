import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

export const CONSOLE_PATH = '/console';

/** The built console: dist/console next to dist/src when compiled, or the build output when run from source (tests). */
function consoleDir(): string | null {
  const candidates = [new URL('../console/', import.meta.url), new URL('../dist/console/', import.meta.url)].map((u) => fileURLToPath(u));
  return candidates.find((dir) => existsSync(`${dir}index.html`)) ?? null;
}

/**
 * Serves the operator console at /console: its static files, and index.html for its client routes.
 * Open to anyone: the bundle holds no data; everything comes from the API with the operator's token.
 */
export function serveConsole(app: NestExpressApplication): void {
  const dir = consoleDir();
  if (!dir) {
    Logger.warn('The console is not built (run npm run build); /console is not served', 'Console');
    return;
  }
  app.useStaticAssets(dir, { prefix: CONSOLE_PATH, index: 'index.html', redirect: false });
  app.use(CONSOLE_PATH, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // A missing asset is a 404, a client route (no file extension) is the app.
    if (/\.[a-z0-9]+$/i.test(req.path)) return next();
    res.sendFile(`${dir}index.html`);
  });
}
