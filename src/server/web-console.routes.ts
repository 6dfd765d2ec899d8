import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import helmet from 'helmet';

/**
 * Security headers for every answer of the API process (helmet): a Content-Security-Policy that
 * allows no inline script and no other origin (WebSockets to this origin only), no framing,
 * no Referer, and helmet's other defaults.
 */
export function securityHeaders(): express.RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
}

/** Paths the API owns: never answered with the console's index.html. */
const API_PATHS = /^\/(graphql|auth|healthz|readyz|metrics)(\/|$)/;

/**
 * The built console (`npm run build` writes it to dist/web) at `/`: hashed assets cached for a
 * year (their name changes with their content), index.html never cached, and index.html for any
 * other GET whose Accept names text/html (client-side routes such as /users/42). Null when the console is not
 * built: the API works without it.
 */
export function webConsoleRoutes(root: string): express.Router | null {
  const index = path.join(root, 'index.html');
  if (!fs.existsSync(index)) return null;
  const router = express.Router();
  router.use(
    '/assets',
    express.static(path.join(root, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
    }),
  );
  const sendIndex: express.RequestHandler = (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (API_PATHS.test(req.path) || req.path.startsWith('/assets/')) return next();
    // A browser's navigation asks for text/html; an API client that lost its way gets the JSON 404.
    if (!(req.headers.accept ?? '').includes('text/html')) return next();
    res.set('cache-control', 'no-cache, no-store, must-revalidate');
    res.sendFile(index);
  };
  router.use(sendIndex);
  return router;
}
